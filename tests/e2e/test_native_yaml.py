"""The native provider plugin through the real CLI: a YAML program's whole lifecycle.

``runtime: yaml`` programs reach Ampersand only through ``pulumi-resource-ampersand`` (found on
PATH, in the test venv's bin), so every step here exercises the plugin: schema, check, detailed
diff, create, update, read, import and delete, each asserted on the emulator's journal.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pulumi_ampersand.emulator import EmulatorServer
from tests.support.devstack import DevStack
from tests.support.stacks import (
    API_KEY,
    INSTALLATION,
    INSTALLATIONS,
    INTEGRATION,
    INTEGRATIONS,
    PROJECT,
    REVISIONS,
    admin,
    api,
    calls_since,
    connect,
    mark,
)

pytestmark = pytest.mark.native

GROUPS = ("org-a", "org-b", "org-c")
INSTALLATION_YAML = """
  install-{group}:
    type: ampersand:index:Installation
    properties:
      integrationId: ${{crm.id}}
      groupRef: {group}
      revisionId: ${{crm.latestRevisionId}}
      config:
        read:
          objects:
            account:
              objectName: account
              selectedFields:
                name: true
"""
PROGRAM = """
name: native-yaml
runtime: yaml
resources:
  crm:
    type: ampersand:index:Integration
    properties:
      name: crm-sync
      provider: salesforce
      read:
        objects:
          - objectName: account
            destination: accountWebhook
            schedule: "{schedule}"
            requiredFields:
              - fieldName: name
{installations}{extra}{lookups}
outputs:
  integrationId: ${{crm.id}}
  revisionId: ${{crm.latestRevisionId}}{lookup_outputs}
"""
LOOKUPS = """
variables:
  installed:
    fn::invoke:
      function: ampersand:index:getInstallations
      arguments:
        integration: crm-sync
"""
LOOKUP_OUTPUTS = """
  installations: ${installed.installations}"""


ADOPTED_YAML = """
  adopted:
    type: ampersand:index:Integration
    properties:
      name: made-outside-2
      provider: hubspot
      proxy:
        enabled: true
    options:
      import: {id}
"""


def make_outside(emulator: EmulatorServer, name: str) -> str:
    """The id of a new integration made outside the stack (in the UI, by a script)."""
    content = {"name": name, "provider": "hubspot", "proxy": {"enabled": True}}
    created = api(
        emulator,
        "POST",
        f"/projects/{PROJECT}/integrations",
        json={
            "name": name,
            "provider": "hubspot",
            "latestRevision": {"specVersion": "1.0.0", "content": content},
        },
    )
    assert created.status_code == 201, created.text
    found: str = api(emulator, "GET", f"/projects/{PROJECT}/integrations/{name}").json()["id"]
    return found


class YamlProject:
    """A ``runtime: yaml`` project whose Pulumi.yaml a test rewrites between steps."""

    def __init__(self, root: Path, bin_dir: Path, emulator: EmulatorServer) -> None:
        self.dir = root / "project"
        self.dir.mkdir()
        self.emulator = emulator
        self.extra = ""
        self.lookups = False
        self.schedule = "*/30 * * * *"
        self.stack_dir = root / "state"
        self.bin_dir = bin_dir
        self._stack: DevStack | None = None

    def write(self, groups: tuple[str, ...] = GROUPS, schedule: str | None = None) -> None:
        """Declare the integration (with ``schedule``, else the last one) and ``groups``."""
        self.schedule = schedule or self.schedule
        installations = "".join(INSTALLATION_YAML.format(group=g) for g in groups)
        text = PROGRAM.format(
            schedule=self.schedule,
            installations=installations,
            extra=self.extra,
            lookups=LOOKUPS if self.lookups else "",
            lookup_outputs=LOOKUP_OUTPUTS if self.lookups else "",
        )
        (self.dir / "Pulumi.yaml").write_text(text)

    @property
    def stack(self) -> DevStack:
        if self._stack is None:
            self._stack = DevStack(
                self.dir,
                self.stack_dir,
                config={"ampersand:apiUrl": self.emulator.url, "ampersand:projectId": PROJECT},
                secrets={"ampersand:apiKey": API_KEY},
                env={"AMP_API_KEY": "", "AMP_PROJECT_ID": "", "AMP_API_URL": ""},
                bin_dir=self.bin_dir,
            )
        return self._stack


@pytest.fixture
def yaml_project(tmp_path: Path, pulumi_bin: Path, emulator: EmulatorServer) -> YamlProject:
    project = YamlProject(tmp_path, pulumi_bin, emulator)
    for group in GROUPS:
        connect(project, group)  # type: ignore[arg-type]  # needs only .emulator
    return project


def counts(emulator: EmulatorServer, start: int) -> Counter[tuple[str, str]]:
    return Counter(calls_since(emulator, start))


def writes(emulator: EmulatorServer, start: int) -> Counter[tuple[str, str]]:
    return Counter(call for call in calls_since(emulator, start) if call[0] != "GET")


def test_yaml_lifecycle_through_the_native_plugin(yaml_project: YamlProject) -> None:
    project, emulator = yaml_project, yaml_project.emulator

    # up: one integration, three installations
    project.write()
    stack = project.stack
    start = mark(emulator)
    stack.up()
    assert writes(emulator, start) == {("POST", INTEGRATIONS): 1, ("POST", INSTALLATIONS): 3}
    outputs = stack.outputs()
    integration_id = outputs["integrationId"]

    # nothing changed: no write, and the preview says so
    start = mark(emulator)
    stack.preview(expect_no_changes=True)
    assert writes(emulator, start) == {}

    # a content edit: the preview names exactly what changes, the up makes one revision
    project.write(schedule="0 * * * *")
    preview = stack.cli("preview", "--non-interactive").stdout
    crm_line = next(line for line in preview.splitlines() if " crm " in line)
    assert "[diff: ~read]" in crm_line, preview
    install_lines = [line for line in preview.splitlines() if " install-org-" in line]
    assert len(install_lines) == len(GROUPS), preview
    assert all("[diff: ~revisionId]" in line for line in install_lines), preview
    start = mark(emulator)
    stack.up()
    assert writes(emulator, start) == {("POST", REVISIONS): 1, ("PATCH", INSTALLATION): 3}
    assert stack.outputs()["revisionId"] != outputs["revisionId"]

    # a group removed: exactly one delete
    project.write(groups=GROUPS[:2])
    start = mark(emulator)
    stack.up()
    assert writes(emulator, start) == {("DELETE", INSTALLATION): 1}

    # refresh finds what the stack holds
    start = mark(emulator)
    stack.refresh(expect_no_changes=True)
    assert writes(emulator, start) == {}
    assert counts(emulator, start)[("GET", INSTALLATION)] == 2

    # pulumi import of an integration made outside the stack; its generated code previews clean
    outside_id = make_outside(emulator, "made-outside")
    generated = project.dir / "imported.yaml"
    start = mark(emulator)
    stack.cli(
        "import",
        "ampersand:index:Integration",
        "outside",
        outside_id,
        "--protect=false",
        "--yes",
        "--non-interactive",
        "--out",
        str(generated),
    )
    assert writes(emulator, start) == {}
    imported = yaml.safe_load(generated.read_text())["resources"]
    assert imported["outside"]["properties"]["provider"] == "hubspot"
    project.extra = textwrap.indent(yaml.safe_dump(imported, sort_keys=False), "  ")
    project.write(groups=GROUPS[:2])
    stack.preview(expect_no_changes=True)

    # the import option: an up that takes over an existing integration with reads alone
    adopted_id = make_outside(emulator, "made-outside-2")
    project.extra += ADOPTED_YAML.format(id=adopted_id)
    project.write(groups=GROUPS[:2])
    start = mark(emulator)
    stack.up()
    assert writes(emulator, start) == {}
    stack.preview(expect_no_changes=True)

    # a function: the installations the stack holds, by the integration's name, no credentials
    project.lookups = True
    project.write(groups=GROUPS[:2])
    start = mark(emulator)
    stack.up()
    assert writes(emulator, start) == {}
    found = stack.outputs()["installations"]
    assert sorted(i["groupRef"] for i in found) == list(GROUPS[:2])
    assert all(i["connectionId"] and "connection" not in i for i in found)

    # the state holds no token and no key
    secrets = admin(emulator, "GET", "/secrets").json()["secrets"]
    assert secrets, "the emulator issued no tokens: the scan would prove nothing"
    exported = json.dumps(stack.export())
    for secret in [*secrets, API_KEY]:
        assert secret not in exported

    # destroy: both installations, then both integrations
    start = mark(emulator)
    stack.destroy()
    assert writes(emulator, start) == {("DELETE", INSTALLATION): 2, ("DELETE", INTEGRATION): 3}
    gone = api(emulator, "GET", f"/projects/{PROJECT}/integrations/{integration_id}")
    assert gone.status_code == 404
