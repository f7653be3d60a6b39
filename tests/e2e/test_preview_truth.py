"""A preview says exactly what the update will change, after every kind of out-of-band change.

Each test changes the live objects outside the stack, then twice checks the preview's text
against what the following ``up`` really does: once as ``pulumi refresh`` + ``pulumi preview``,
once (after the same change again) as ``pulumi up --refresh``. The ``[diff: ...]`` keys of each
resource must be exactly the declared properties that the ``up`` changes in Ampersand (the
API's state before and after), and the ``up`` must write (per the emulator's journal) exactly
the resources the preview lists. Then the stack is clean: ``preview`` and ``refresh`` with
``--expect-no-changes`` both pass.

The program: an integration ``crm`` and two installations that follow its latest revision:
``inst-g1`` declares neither ``connection_id`` nor ``created_by``; ``inst-g2`` declares both.

The kinds of change, by test (``CHANGES``):

* each UI edit of the emulator: ``integration-ui-edit`` (a new latest revision), and
  ``installation-ui-edits`` (a replaced config, a removed object);
* a new revision posted outside the stack: ``revision-posted-outside``;
* an object removed: ``integration-ui-edit`` (the write object), ``installation-ui-edits``;
* a field dropped: ``integration-ui-edit`` (a required field), ``installation-ui-edits``;
* reordered objects and fields: ``revision-posted-outside`` (with server defaults spelled out),
  ``changed-connection`` (a config re-saved reordered), ``installation-ui-edits``;
* a changed connection: ``changed-connection`` (declared by ``inst-g2`` only).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from pulumi import automation as auto

from tests.support.stacks import PROJECT, Project, admin, api, mark

PROGRAM = """
import pulumi
import pulumi_ampersand as amp

crm = amp.Integration(
    "crm",
    name="crm-sync",
    provider="salesforce",
    read=amp.ReadArgs(objects=[
        amp.ReadObjectArgs(object_name="account", destination="accountWebhook",
                           schedule="*/30 * * * *",
                           required_fields=[amp.ExistingFieldArgs(field_name="name"),
                                            amp.ExistingFieldArgs(field_name="industry")]),
        amp.ReadObjectArgs(object_name="contact", destination="contactWebhook",
                           schedule="0 */2 * * *",
                           required_fields=[amp.ExistingFieldArgs(field_name="email")]),
    ]),
    write=amp.WriteArgs(objects=[amp.WriteObjectArgs(object_name="contact")]),
)
config = amp.InstallationConfigArgs(
    read=amp.InstallationReadArgs(objects={
        "account": amp.InstallationReadObjectArgs(
            object_name="account", selected_fields={"name": True, "industry": True}),
        "contact": amp.InstallationReadObjectArgs(
            object_name="contact", selected_fields={"email": True}),
    }),
    write=amp.InstallationWriteArgs(objects={
        "contact": amp.InstallationWriteObjectArgs(object_name="contact"),
    }),
)
g1 = amp.Installation("inst-g1", integration_id=crm.id, group_ref="g1", config=config,
                      revision_id=crm.latest_revision_id)
g2 = amp.Installation("inst-g2", integration_id=crm.id, group_ref="g2", config=config,
                      revision_id=crm.latest_revision_id,
                      connection_id="G2_CONNECTION", created_by="api:pulumi")
pulumi.export("integration_id", crm.id)
pulumi.export("installation_ids", {"inst-g1": g1.id, "inst-g2": g2.id})
"""

#: each resource's declared properties, and where the API keeps each one
Where = tuple[str, ...]
INTEGRATION_KEYS: dict[str, Where] = {"read": ("read",), "write": ("write",)}
G1_KEYS: dict[str, Where] = {
    "config": ("config", "content"),
    "revision_id": ("config", "revisionId"),
}
G2_KEYS: dict[str, Where] = {
    **G1_KEYS,
    "connection_id": ("connection", "id"),
    "created_by": ("config", "createdBy"),
}
DECLARED = {"crm": INTEGRATION_KEYS, "inst-g1": G1_KEYS, "inst-g2": G2_KEYS}

DIFF_LINE = re.compile(
    r"^\s*[+~\-]+\s+pulumi-python:dynamic/ampersand:\w+ (?P<name>\S+) "
    r"(?P<op>update|updated|replace|replaced)\b.*\[diff: (?P<keys>[^\]]*)\]"
)
SHOWN_KEY = re.compile(r"([+~\-])([^+~\-]+)")


def shown_diffs(text: str) -> dict[str, set[str]]:
    """Each resource's ``[diff: ...]`` keys, with their sign: ``{"inst-g1": {"~revision_id"}}``.

    A preview prints one line per change; an ``up`` prints ``updating`` and ``updated`` lines
    with the same keys, and refresh lines, which are not changes of the update.
    """
    shown: dict[str, set[str]] = {}
    for line in text.splitlines():
        found = DIFF_LINE.match(line)
        if found:
            keys = {
                sign + key
                for sign, group in SHOWN_KEY.findall(found["keys"])
                for key in group.split(",")
                if key
            }
            shown.setdefault(found["name"], set()).update(keys)
    return shown


@dataclass
class Stack:
    """The deployed program: each resource's API path, and each group's two connections."""

    project: Project
    paths: dict[str, str]
    connections: dict[str, list[str]]

    def live(self, name: str) -> dict[str, Any]:
        response = api(self.project.emulator, "GET", self.paths[name])
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document["latestRevision"]["content"] if name == "crm" else document

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """Each resource's declared properties as the API holds them now."""
        return {
            name: {key: _at(self.live(name), where) for key, where in keys.items()}
            for name, keys in DECLARED.items()
        }

    def written_since(self, start: int) -> set[str]:
        """The resources that the API calls after ``start`` wrote to (per the journal)."""
        by_path = {path: name for name, path in self.paths.items()}
        return {
            by_path.get(entry.path.removesuffix("/revisions"), entry.path)
            for entry in self.project.emulator.journal.entries()[start:]
            if entry.method != "GET"
        }


def _at(document: dict[str, Any], where: Where) -> Any:
    for step in where:
        document = document.get(step) or {}
    return document


@pytest.fixture
def stack(project: Project) -> Stack:
    connections = {group: [connect(project, group, n) for n in (1, 2)] for group in ("g1", "g2")}
    project.write(PROGRAM.replace("G2_CONNECTION", connections["g2"][0]))
    project.stack.up()
    outputs = project.stack.outputs()
    integration = f"/projects/{PROJECT}/integrations/{outputs['integration_id']}"
    paths = {
        "crm": integration,
        **{
            name: f"{integration}/installations/{id_}"
            for name, id_ in outputs["installation_ids"].items()
        },
    }
    return Stack(project, paths, connections)


def connect(project: Project, group: str, n: int) -> str:
    response = api(
        project.emulator,
        "POST",
        f"/projects/{PROJECT}/connections:generate",
        json={
            "groupRef": group,
            "consumerRef": f"user-{n}-of-{group}",
            "provider": "salesforce",
            "oauth2AuthorizationCode": {"accessToken": {"token": f"token-{group}-{n}-51ce"}},
        },
    )
    assert response.status_code == 201, response.text
    connection_id: str = response.json()["id"]
    return connection_id


# -- the out-of-band changes -----------------------------------------------------------------


def edit_integration_in_the_ui(stack: Stack) -> None:
    """A schedule edited, a required field and the write object dropped, and undeclared
    additions (a display name, an object) that no update of this program shows."""
    content = stack.live("crm")
    account = next(o for o in content["read"]["objects"] if o["objectName"] == "account")
    account["schedule"] = "0 */6 * * *"
    account["requiredFields"] = [{"fieldName": "name"}]
    content["read"]["objects"].append({"objectName": "lead", "destination": "leadWebhook"})
    content["write"] = {"objects": []}
    content["displayName"] = "CRM (edited in the console)"
    admin(stack.project.emulator, "PUT", f"{stack.paths['crm']}/revisions/latest", json=content)


def post_reordered_revision(stack: Stack) -> None:
    """``amp deploy`` of the same integration: objects and fields reordered, defaults spelled."""
    content = stack.live("crm")
    content["read"]["objects"].reverse()
    for obj in content["read"]["objects"]:
        obj["requiredFields"].reverse()
        obj["delivery"] = {"mode": "auto"}
    manifest = {"specVersion": "1.0.0", "integrations": [content]}
    response = api(
        stack.project.emulator,
        "POST",
        f"{stack.paths['crm']}/revisions",
        json={"sourceYaml": yaml.safe_dump(manifest)},
    )
    assert response.status_code == 201, response.text


def edit_installations_in_the_ui(stack: Stack) -> None:
    """A customer drops a selected field (g1, whose objects they also reorder) and removes a
    read object (g2): both UI edits set ``createdBy``, which only g2 declares."""
    content = stack.live("inst-g1")["config"]["content"]
    objects = content["read"]["objects"]
    objects["account"]["selectedFields"] = {"name": True}
    content["read"]["objects"] = dict(reversed(objects.items()))
    admin(stack.project.emulator, "PUT", f"{stack.paths['inst-g1']}/config", json=content)
    admin(stack.project.emulator, "DELETE", f"{stack.paths['inst-g2']}/objects/read/contact")


def switch_connections_and_reorder(stack: Stack) -> None:
    """Each group's installation moved to its other connection (an app's PATCH), and g1's
    config re-saved in the UI with its objects and fields reordered (same meaning)."""
    for name, group in (("inst-g1", "g1"), ("inst-g2", "g2")):
        current = stack.live(name)["connection"]["id"]
        other = next(c for c in stack.connections[group] if c != current)
        response = api(
            stack.project.emulator,
            "PATCH",
            stack.paths[name],
            json={"updateMask": ["connectionId"], "installation": {"connectionId": other}},
        )
        assert response.status_code == 200, response.text
    content = stack.live("inst-g1")["config"]["content"]
    for section in ("read", "write"):
        content[section]["objects"] = dict(reversed(content[section]["objects"].items()))
    account = content["read"]["objects"]["account"]
    account["selectedFields"] = dict(reversed(account["selectedFields"].items()))
    admin(stack.project.emulator, "PUT", f"{stack.paths['inst-g1']}/config", json=content)


@dataclass(frozen=True)
class Change:
    edit: Callable[[Stack], None]
    expected: dict[str, set[str]]
    """What the preview must show: resource name → signed ``[diff: ...]`` keys."""


CHANGES = {
    "integration-ui-edit": Change(
        edit_integration_in_the_ui,
        {"crm": {"~read", "~write"}, "inst-g1": {"~revision_id"}, "inst-g2": {"~revision_id"}},
    ),
    "revision-posted-outside": Change(
        post_reordered_revision, {"inst-g1": {"~revision_id"}, "inst-g2": {"~revision_id"}}
    ),
    "installation-ui-edits": Change(
        edit_installations_in_the_ui,
        {"inst-g1": {"~config"}, "inst-g2": {"~config", "~created_by"}},
    ),
    "changed-connection": Change(switch_connections_and_reorder, {"inst-g2": {"~connection_id"}}),
}


def changed_properties(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> dict[str, set[str]]:
    changed = {
        name: {key for key, value in before[name].items() if after[name][key] != value}
        for name in before
    }
    return {name: keys for name, keys in changed.items() if keys}


def unsigned(shown: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: {key[1:] for key in keys} for name, keys in shown.items()}


def up_changes_exactly(
    stack: Stack, shown: dict[str, set[str]], up: Callable[[], auto.UpResult]
) -> auto.UpResult:
    """Run ``up``; assert it wrote exactly the resources and properties ``shown`` lists."""
    before = stack.snapshot()
    start = mark(stack.project.emulator)
    result = up()
    assert stack.written_since(start) == set(shown)
    assert changed_properties(before, stack.snapshot()) == unsigned(shown)
    return result


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_preview_lists_exactly_what_the_up_changes(stack: Stack, kind: str) -> None:
    change = CHANGES[kind]
    pulumi = stack.project.stack

    change.edit(stack)
    pulumi.refresh()
    shown = shown_diffs(pulumi.preview(diff=False).stdout)
    assert shown == change.expected
    up_changes_exactly(stack, shown, pulumi.up)

    change.edit(stack)
    up = up_changes_exactly(stack, change.expected, lambda: pulumi.up(refresh=True, diff=False))
    assert shown_diffs(up.stdout) == change.expected

    pulumi.preview(expect_no_changes=True)
    pulumi.refresh(expect_no_changes=True)
