"""Provider methods that must work offline: check, diff, the update mask, serialization.

These call the providers directly with what the engine sends: plain dicts with ``__provider``,
ints as floats, None keys dropped, and ``Unknown`` values during a preview.
"""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.output import Unknown
from pulumi.runtime._serialization import _serialize

from pulumi_ampersand import InstallationProvider, IntegrationProvider
from pulumi_ampersand._provider import BaseProvider
from pulumi_ampersand.models.check import _all_wire_names

from .fresh_process import run_fresh

FAKE_KEY = "amp-test-key-3b9e1f0c"


def configured(provider: BaseProvider, **config: str) -> BaseProvider:
    raw = {"ampersand:apiKey": FAKE_KEY, "ampersand:projectId": "proj", **config}
    provider.configure(ConfigureRequest(Config(raw, "test")))
    return provider


def integration(**overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "__provider": "serialized",
        "name": "crm-sync",
        "provider": "salesforce",
        "spec_version": "1.0.0",
        "adopt": False,
        "read": {
            "objects": [
                {
                    "object_name": "account",
                    "destination": "accountWebhook",
                    "schedule": "*/30 * * * *",
                    "required_fields": [{"field_name": "name"}, {"field_name": "industry"}],
                    "backfill": {"default_period": {"days": 30.0}},
                },
                {"object_name": "contact", "destination": "contactWebhook"},
            ]
        },
    }
    props.update(overrides)
    return props


def test_check_accepts_valid_content_and_fills_the_project() -> None:
    provider = configured(IntegrationProvider())
    result = provider.check({}, integration())
    assert result.failures == []
    assert result.inputs["project"] == "proj"
    assert result.inputs["read"]["objects"][0]["backfill"]["default_period"]["days"] == 30


def test_check_accepts_camel_case_and_stores_snake_case() -> None:
    provider = configured(IntegrationProvider())
    props = integration(read={"objects": [{"objectName": "a", "destination": "d"}]})
    result = provider.check({}, props)
    assert result.failures == []
    assert result.inputs["read"] == {"objects": [{"object_name": "a", "destination": "d"}]}


def test_check_reports_each_problem_with_its_property_path() -> None:
    provider = configured(IntegrationProvider())
    props = integration()
    props["read"]["objects"][0]["schedule"] = "* * * * *"
    props["read"]["objects"][1]["scheduel"] = "0 * * * *"
    result = provider.check({}, props)
    paths = sorted(failure.property for failure in result.failures)
    assert paths == ["read.objects[0].schedule", "read.objects[1].scheduel"]
    assert all(failure.reason for failure in result.failures)


def test_check_reports_a_misspelt_top_level_key_instead_of_dropping_it() -> None:
    result = configured(IntegrationProvider()).check({}, integration(reed={"objects": []}))
    assert [(f.property, f.reason) for f in result.failures] == [
        ("reed", "Unknown key 'reed': it is not part of the schema; did you mean 'read'?")
    ]


def test_check_tolerates_unknown_values_in_a_preview() -> None:
    provider = configured(IntegrationProvider())
    props = integration()
    props["read"]["objects"][0]["destination"] = Unknown()
    props["read"]["objects"][1] = Unknown()
    result = provider.check({}, props)
    assert result.failures == []


def test_check_without_any_project_says_how_to_set_it() -> None:
    provider = IntegrationProvider()
    provider.configure(ConfigureRequest(Config({}, "test")))
    result = provider.check({}, integration())
    assert [failure.property for failure in result.failures] == ["project"]
    assert "ampersand:projectId" in result.failures[0].reason


def test_check_rejects_another_spec_version() -> None:
    result = configured(IntegrationProvider()).check({}, integration(spec_version="2.0.0"))
    assert [failure.property for failure in result.failures] == ["spec_version"]


CAMEL_CASE_WORD = re.compile(r"\b[a-z]+[A-Z]\w*\b")


def test_check_reports_every_problem_at_once_in_python_spelling() -> None:
    provider = configured(IntegrationProvider())
    props = integration(displayName=5, proxy={"objectName": "x"})
    first, second = props["read"]["objects"]
    first.update(schedule="* * * * *", delivery={"pageSize": "many"}, optionalFieldsAuto="some")
    second.update(objectname="contact", requiredFields=[{"fieldName": 1}])
    del second["destination"]
    result = provider.check({}, props)
    assert sorted(failure.property for failure in result.failures) == [
        "display_name",
        "proxy.objectName",
        "read.objects[0].delivery.page_size",
        "read.objects[0].delivery.page_size",
        "read.objects[0].optional_fields_auto",
        "read.objects[0].schedule",
        "read.objects[1].destination",
        "read.objects[1].objectname",
        "read.objects[1].required_fields[0].field_name",
    ]
    reasons = " ".join(failure.reason for failure in result.failures)
    assert "did you mean 'object_name'?" in reasons
    # A key is quoted as the program wrote it; every other name is the Python one.
    unknown = "Unknown key 'objectName': it is not part of the schema; remove it or use one of:"
    assert f"{unknown} enabled, use_module." in reasons
    unquoted = re.sub(r"'[^']*'", "", reasons)
    assert {"pageSize", "fieldName", "objectName"} <= _all_wire_names()
    assert set(CAMEL_CASE_WORD.findall(unquoted)) & _all_wire_names() == set()


def test_installation_check_reports_inputs_and_config_with_full_paths() -> None:
    provider = configured(InstallationProvider())
    props = installation(group_ref="", connection_id=7)
    props["config"]["read"]["objects"]["account"]["schedule"] = "* * * * *"
    props["config"]["write"]["objects"]["contact"]["deletionSettings"] = {"enabled": "maybe"}
    result = provider.check({}, props)
    assert sorted(failure.property for failure in result.failures) == [
        "config.read.objects.account.schedule",
        "config.write.objects.contact.deletion_settings.enabled",
        "connection_id",
        "group_ref",
    ]


def stored(props: dict[str, Any]) -> dict[str, Any]:
    """What state holds after create: the checked inputs plus computed outputs."""
    checked = configured(IntegrationProvider()).check({}, props).inputs
    return {**checked, "project_id": "p-1", "latest_revision_id": "r-1", "create_time": "t"}


def checked(props: dict[str, Any]) -> dict[str, Any]:
    return dict(configured(IntegrationProvider()).check({}, props).inputs)


def test_diff_ignores_order_defaults_floats_and_the_serialized_provider() -> None:
    provider = configured(IntegrationProvider())
    olds = stored(integration())
    reordered = integration()
    objects = reordered["read"]["objects"]
    objects.reverse()
    objects[1]["required_fields"].reverse()
    objects[1]["delivery"] = {"mode": "auto"}
    reordered["__provider"] = "another serialization"
    result = provider.diff("id", olds, checked(reordered))
    assert result.changes is False


def test_diff_of_content_is_an_update() -> None:
    provider = configured(IntegrationProvider())
    news = integration()
    news["read"]["objects"][0]["schedule"] = "*/15 * * * *"
    result = provider.diff("id", stored(integration()), checked(news))
    assert result.changes is True
    assert result.replaces == []


@pytest.mark.parametrize(
    ("key", "value", "delete_first"),
    [("name", "crm-2", False), ("provider", "hubspot", True), ("project", "other", False)],
)
def test_diff_of_name_provider_or_project_is_a_replace(
    key: str, value: str, delete_first: bool
) -> None:
    provider = configured(IntegrationProvider())
    result = provider.diff("id", stored(integration()), checked(integration(**{key: value})))
    assert result.changes is True
    assert result.replaces == [key]
    assert result.delete_before_replace is delete_first


def test_diff_with_unknown_content_is_a_change_and_unknown_name_a_replace() -> None:
    provider = configured(IntegrationProvider())
    news = checked(integration())
    news["read"]["objects"][0]["destination"] = Unknown()
    assert provider.diff("id", stored(integration()), news).changes is True
    news = checked(integration())
    news["name"] = Unknown()
    assert provider.diff("id", stored(integration()), news).replaces == ["name"]


def installation(**overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "__provider": "serialized",
        "integration_id": "int-1",
        "group_ref": "org-a",
        "project": "proj",
        "config": {
            "read": {
                "objects": {
                    "account": {
                        "object_name": "account",
                        "schedule": "*/30 * * * *",
                        "selected_fields": {"name": True, "industry": True},
                    },
                    "contact": {"object_name": "contact", "selected_fields": {"email": True}},
                }
            },
            "write": {"objects": {"contact": {"object_name": "contact"}}},
        },
    }
    props.update(overrides)
    return props


def installation_outputs(**overrides: Any) -> dict[str, Any]:
    checked_inputs = configured(InstallationProvider()).check({}, installation(**overrides))
    return {
        **checked_inputs.inputs,
        "connection_id": "conn-1",
        "revision_id": "rev-1",
        "created_by": "api:create-installation",
        "config_id": "cfg-1",
    }


def test_installation_diff_compares_connection_and_revision_only_when_declared() -> None:
    provider = configured(InstallationProvider())
    olds = installation_outputs()
    assert provider.diff("id", olds, installation()).changes is False
    assert provider.diff("id", olds, installation(connection_id="conn-1")).changes is False
    moved = provider.diff("id", olds, installation(connection_id="conn-2"))
    assert moved.changes is True
    assert moved.replaces == []
    assert provider.diff("id", olds, installation(revision_id="rev-2")).changes is True


@pytest.mark.parametrize("key", ["integration_id", "group_ref", "project"])
def test_installation_replacement_deletes_first(key: str) -> None:
    provider = configured(InstallationProvider())
    result = provider.diff("id", installation_outputs(), installation(**{key: "other"}))
    assert result.replaces == [key]
    assert result.delete_before_replace is True


def patch(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    provider = configured(InstallationProvider())
    assert isinstance(provider, InstallationProvider)
    return provider._patch(old, new)


def test_one_changed_read_object_is_one_mask() -> None:
    new = installation()
    new["config"]["read"]["objects"]["account"]["schedule"] = "0 * * * *"
    mask, body = patch(installation_outputs(), new)
    assert mask == ["config.content.read.objects.account"]
    sent = body["config"]["content"]["read"]["objects"]["account"]
    assert sent["schedule"] == "0 * * * *"
    assert sent["objectName"] == "account"


def test_a_removed_read_object_is_disabled_not_dropped() -> None:
    new = installation()
    del new["config"]["read"]["objects"]["contact"]
    mask, body = patch(installation_outputs(), new)
    assert mask == ["config.content.read.objects.contact"]
    assert body["config"]["content"]["read"]["objects"]["contact"]["disabled"] is True


def test_a_removed_write_object_replaces_the_whole_write_map() -> None:
    new = installation()
    del new["config"]["write"]
    mask, body = patch(installation_outputs(), new)
    assert mask == ["config.content.write.objects"]
    assert body["config"]["content"]["write"] == {"objects": {}}


def test_object_names_are_escaped_in_masks() -> None:
    new = installation()
    new["config"]["read"]["objects"]["a.b:c"] = {"object_name": "a.b:c"}
    mask, _ = patch(installation_outputs(), new)
    assert mask == ["config.content.read.objects.a\\.b\\:c"]


def test_a_revision_change_alone_is_a_no_op_patch_that_moves_the_revision() -> None:
    mask, body = patch(installation_outputs(), installation(revision_id="rev-2"))
    assert mask == ["config.createdBy"]
    assert body == {"config": {"createdBy": "api:create-installation"}}


def test_connection_and_proxy_changes_have_their_own_masks() -> None:
    new = installation(connection_id="conn-2")
    new["config"]["proxy"] = {"enabled": True}
    mask, body = patch(installation_outputs(), new)
    assert mask == ["config.content.proxy.enabled", "connectionId"]
    assert body["connectionId"] == "conn-2"
    assert body["config"]["content"]["proxy"] == {"enabled": True}


def test_nothing_changed_is_no_patch() -> None:
    assert patch(installation_outputs(), installation()) == ([], {})


@pytest.mark.parametrize("provider_type", [IntegrationProvider, InstallationProvider])
def test_serialized_provider_is_small_holds_no_key_and_loads_in_a_fresh_process(
    provider_type: type[BaseProvider],
) -> None:
    provider = provider_type()
    serialized, _ = _serialize(True, serialize_provider, provider)
    assert len(serialized) < 2048
    decoded = base64.b64decode(serialized)
    assert FAKE_KEY.encode() not in decoded
    assert b"pulumi_ampersand" in decoded  # pickled by reference, not by value
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import base64, sys, dill; p = dill.loads(base64.b64decode(sys.argv[1])); "
            "print(type(p).__module__, type(p).__name__)",
            serialized,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == [provider_type.__module__, provider_type.__name__]


def test_a_reordered_list_inside_an_unchanged_object_is_not_sent() -> None:
    filters = [
        {"field_name": "status", "operator": "eq", "value": "open"},
        {"field_name": "type", "operator": "eq", "value": "customer"},
    ]
    old = installation()
    old["config"]["read"]["objects"]["contact"]["field_filters"] = filters
    new = installation()
    new["config"]["read"]["objects"]["contact"]["field_filters"] = list(reversed(filters))
    new["config"]["read"]["objects"]["account"]["schedule"] = "0 * * * *"
    olds = {**installation_outputs(), "config": old["config"]}
    mask, _ = patch(olds, new)
    assert mask == ["config.content.read.objects.account"]


# -- unchanged resources: what every CI preview asks, answered without pydantic or httpx -------


def accepted(provider: BaseProvider, props: dict[str, Any]) -> dict[str, Any]:
    """What the last ``up`` stored as the resource's inputs: the checked props."""
    result = provider.check({}, props)
    assert result.failures == []
    return result.inputs


UNCHANGED = [(IntegrationProvider, integration), (InstallationProvider, installation)]


@pytest.mark.parametrize(("provider_type", "props"), UNCHANGED, ids=["integration", "installation"])
def test_unchanged_inputs_are_accepted_as_they_were(provider_type: Any, props: Any) -> None:
    provider = configured(provider_type())
    stored = accepted(provider, props())
    assert accepted(provider, {**stored, "__provider": "serialized"}) == stored  # idempotent
    again = provider.check({**stored, "__provider": "serialized"}, props())
    assert again.failures == []
    assert again.inputs == stored


def test_changed_inputs_are_validated_with_their_paths() -> None:
    provider = configured(IntegrationProvider())
    stored = accepted(provider, integration())
    changed = integration(read={"objects": [{"object_name": "account", "destination": ""}]})
    failures = provider.check(stored, changed).failures
    assert [f.property for f in failures] == ["read.objects[0].destination"]


def test_inputs_identical_to_the_stored_ones_are_not_validated_again() -> None:
    # The stored inputs of a refreshed or imported resource come from the live object, which
    # Ampersand accepted: a rule of this package stricter than Ampersand's must not block a
    # deployment over an object that is not changing. Any change validates everything.
    provider = configured(IntegrationProvider())
    live = integration(project="proj", read={"objects": [{"object_name": "account"}]})
    stored = {k: v for k, v in live.items() if k != "__provider"}
    assert provider.check(stored, live).failures == []
    changed = {**live, "display_name": "CRM"}
    assert [f.property for f in provider.check(stored, changed).failures] == [
        "read.objects[0].destination"
    ]


def test_a_changed_project_setting_is_not_taken_for_unchanged_inputs() -> None:
    stored = accepted(configured(InstallationProvider()), installation(project=None))
    assert stored["project"] == "proj"
    moved = configured(InstallationProvider(), **{"ampersand:projectId": "other"})
    assert moved.check(stored, installation(project=None)).inputs["project"] == "other"


def test_a_preview_of_unchanged_resources_imports_neither_pydantic_nor_httpx() -> None:
    """The engine's calls, in a fresh process as the engine's provider host runs them."""
    calls = []
    for provider_type, props in UNCHANGED:
        provider = configured(provider_type())
        serialized, _ = _serialize(True, serialize_provider, provider_type())
        stored = {**accepted(provider, props()), "__provider": serialized}
        computed = sys.modules[provider_type.__module__].COMPUTED_KEYS
        outputs = {**stored, **{key: f"{key}-1" for key in computed}}
        news = {**props(), "__provider": serialized}
        calls.append((serialized, stored, outputs, news))
    script = """
import base64, json, sys, dill
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
results = []
for serialized, stored, outputs, news in json.loads(sys.stdin.read()):
    provider = dill.loads(base64.b64decode(serialized))
    raw = {"ampersand:apiKey": "k", "ampersand:projectId": "proj"}
    provider.configure(ConfigureRequest(Config(raw, "test")))
    check = provider.check(stored, news)
    diff = provider.diff("id", outputs, check.inputs)
    results.append([check.inputs == {k: v for k, v in stored.items() if k != "__provider"},
                    len(check.failures), diff.changes, diff.replaces])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "httpx"))
print(json.dumps({"results": results, "heavy": heavy}))
"""
    answer = run_fresh(script, calls)
    assert answer["results"] == [[True, 0, False, []], [True, 0, False, []]]
    assert answer["heavy"] == []


def test_building_the_client_imports_the_answer_models_in_the_background_once() -> None:
    """In a fresh process, as the engine's provider host runs it: no model is used, yet the
    models of the API's answers are loaded by one background thread."""
    script = """
import json, sys, threading
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi_ampersand.installation import InstallationProvider
before = "pulumi_ampersand.models.api" in sys.modules
started = []
threading.Thread.start = (lambda start: lambda self: (started.append(self.name), start(self))[1])(
    threading.Thread.start
)
for url in ("http://127.0.0.1:9/v1", "http://127.0.0.1:8/v1"):
    provider = InstallationProvider()
    raw = {"ampersand:apiKey": "k", "ampersand:apiUrl": url}
    provider.configure(ConfigureRequest(Config(raw, "test")))
    provider.client()
for thread in threading.enumerate():
    if thread is not threading.current_thread():
        thread.join()
print(json.dumps([before, started, "pulumi_ampersand.models.api" in sys.modules]))
"""
    assert run_fresh(script) == [False, ["import-models"], True]


def test_both_providers_share_one_client_per_settings() -> None:
    one = configured(IntegrationProvider()).client()
    assert configured(InstallationProvider()).client() is one
    other = configured(InstallationProvider(), **{"ampersand:apiUrl": "http://127.0.0.1:9/v1"})
    assert other.client() is not one
