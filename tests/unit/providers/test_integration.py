"""The Integration provider: check, diff, and create/read/update/delete with recovery and
adoption against the in-process emulator.

The provider is called directly with what the engine sends: plain dicts with ``__provider``,
ints as floats, None keys dropped, and ``Unknown`` values during a preview; fault rules make
the API misbehave on purpose.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.output import Unknown

from pulumi_ampersand import (
    AdoptionError,
    AmbiguousRequestError,
    AuthenticationError,
    ConfigurationError,
    IntegrationProvider,
)
from pulumi_ampersand.emulator import FaultRule
from pulumi_ampersand.models.check import _all_wire_names
from tests.support.providers import (
    PROJECT,
    InProcessEmulator,
    configure,
    integration_inputs,
    integration_props,
)


def test_check_accepts_valid_content_and_fills_the_project() -> None:
    provider = configure(IntegrationProvider())
    result = provider.check({}, integration_props())
    assert result.failures == []
    assert result.inputs["project"] == "proj"
    assert result.inputs["read"]["objects"][0]["backfill"]["default_period"]["days"] == 30


def test_check_accepts_camel_case_and_stores_snake_case() -> None:
    provider = configure(IntegrationProvider())
    props = integration_props(read={"objects": [{"objectName": "a", "destination": "d"}]})
    result = provider.check({}, props)
    assert result.failures == []
    assert result.inputs["read"] == {"objects": [{"object_name": "a", "destination": "d"}]}


def test_check_reports_each_problem_with_its_property_path() -> None:
    provider = configure(IntegrationProvider())
    props = integration_props()
    props["read"]["objects"][0]["schedule"] = "* * * * *"
    props["read"]["objects"][1]["scheduel"] = "0 * * * *"
    result = provider.check({}, props)
    paths = sorted(failure.property for failure in result.failures)
    assert paths == ["read.objects[0].schedule", "read.objects[1].scheduel"]
    assert all(failure.reason for failure in result.failures)


def test_check_reports_a_misspelt_top_level_key_instead_of_dropping_it() -> None:
    result = configure(IntegrationProvider()).check({}, integration_props(reed={"objects": []}))
    assert [(f.property, f.reason) for f in result.failures] == [
        ("reed", "Unknown key 'reed': it is not part of the schema; did you mean 'read'?")
    ]


def test_check_tolerates_unknown_values_in_a_preview() -> None:
    provider = configure(IntegrationProvider())
    props = integration_props()
    props["read"]["objects"][0]["destination"] = Unknown()
    props["read"]["objects"][1] = Unknown()
    result = provider.check({}, props)
    assert result.failures == []


def test_check_without_any_project_says_how_to_set_it() -> None:
    provider = IntegrationProvider()
    provider.configure(ConfigureRequest(Config({}, "test")))
    result = provider.check({}, integration_props())
    assert [failure.property for failure in result.failures] == ["project"]
    assert "ampersand:projectId" in result.failures[0].reason


def test_check_rejects_another_spec_version() -> None:
    result = configure(IntegrationProvider()).check({}, integration_props(spec_version="2.0.0"))
    assert [failure.property for failure in result.failures] == ["spec_version"]


CAMEL_CASE_WORD = re.compile(r"\b[a-z]+[A-Z]\w*\b")


def test_check_reports_every_problem_at_once_in_python_spelling() -> None:
    provider = configure(IntegrationProvider())
    props = integration_props(displayName=5, proxy={"objectName": "x"})
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


def stored(props: dict[str, Any]) -> dict[str, Any]:
    """What state holds after create: the checked inputs plus computed outputs."""
    checked = configure(IntegrationProvider()).check({}, props).inputs
    return {**checked, "project_id": "p-1", "latest_revision_id": "r-1", "create_time": "t"}


def checked(props: dict[str, Any]) -> dict[str, Any]:
    return dict(configure(IntegrationProvider()).check({}, props).inputs)


def test_diff_ignores_order_defaults_floats_and_the_serialized_provider() -> None:
    provider = configure(IntegrationProvider())
    olds = stored(integration_props())
    reordered = integration_props()
    objects = reordered["read"]["objects"]
    objects.reverse()
    objects[1]["required_fields"].reverse()
    objects[1]["delivery"] = {"mode": "auto"}
    reordered["__provider"] = "another serialization"
    result = provider.diff("id", olds, checked(reordered))
    assert result.changes is False


def test_diff_of_content_is_an_update() -> None:
    provider = configure(IntegrationProvider())
    news = integration_props()
    news["read"]["objects"][0]["schedule"] = "*/15 * * * *"
    result = provider.diff("id", stored(integration_props()), checked(news))
    assert result.changes is True
    assert result.replaces == []


@pytest.mark.parametrize(
    ("key", "value", "delete_first"),
    [("name", "crm-2", False), ("provider", "hubspot", True), ("project", "other", False)],
)
def test_diff_of_name_provider_or_project_is_a_replace(
    key: str, value: str, delete_first: bool
) -> None:
    provider = configure(IntegrationProvider())
    result = provider.diff(
        "id", stored(integration_props()), checked(integration_props(**{key: value}))
    )
    assert result.changes is True
    assert result.replaces == [key]
    assert result.delete_before_replace is delete_first


def test_diff_with_unknown_content_is_a_change_and_unknown_name_a_replace() -> None:
    provider = configure(IntegrationProvider())
    news = checked(integration_props())
    news["read"]["objects"][0]["destination"] = Unknown()
    assert provider.diff("id", stored(integration_props()), news).changes is True
    news = checked(integration_props())
    news["name"] = Unknown()
    assert provider.diff("id", stored(integration_props()), news).replaces == ["name"]


# -- against the emulator --------------------------------------------------------------------


def test_create_read_update_delete(emulator: InProcessEmulator) -> None:
    provider = configure(IntegrationProvider(), emulator)
    inputs = integration_inputs(provider)
    created = provider.create(inputs)
    assert created.outs["latest_revision_id"]

    read = provider.read(created.id, created.outs)
    assert read.id == created.id
    assert provider.diff(created.id, read.outs, inputs).changes is False

    changed = integration_inputs(provider)
    changed["read"]["objects"][0]["schedule"] = "0 * * * *"
    updated = provider.update(created.id, created.outs, changed)
    assert updated.outs["latest_revision_id"] != created.outs["latest_revision_id"]

    provider.delete(created.id, updated.outs)
    assert provider.read(created.id, updated.outs).id is None
    provider.delete(created.id, updated.outs)  # already gone: still a success


def test_update_without_content_change_makes_no_call(emulator: InProcessEmulator) -> None:
    provider = configure(IntegrationProvider(), emulator)
    created = provider.create(integration_inputs(provider))
    before = len(emulator.journal.entries())
    same = provider.update(created.id, created.outs, integration_inputs(provider, adopt=True))
    assert same.outs["latest_revision_id"] == created.outs["latest_revision_id"]
    assert len(emulator.journal.entries()) == before


def test_a_create_whose_answer_is_lost_is_found_not_repeated(emulator: InProcessEmulator) -> None:
    provider = configure(IntegrationProvider(), emulator)
    emulator.faults.add(
        FaultRule(method="POST", route="/projects/{p}/integrations", drop="after", count=1)
    )
    created = provider.create(integration_inputs(provider))
    posts = [r for r in emulator.routes() if r == ("POST", "/projects/{p}/integrations")]
    assert posts == [("POST", "/projects/{p}/integrations")]
    listed = emulator.get(f"/projects/{PROJECT}/integrations")
    assert [i["id"] for i in listed] == [created.id]


def test_a_create_that_never_happened_fails_cleanly(emulator: InProcessEmulator) -> None:
    provider = configure(IntegrationProvider(), emulator)
    emulator.faults.add(
        FaultRule(method="POST", route="/projects/{p}/integrations", drop="before", count=1)
    )
    with pytest.raises(AmbiguousRequestError):
        provider.create(integration_inputs(provider))
    listed = emulator.get(f"/projects/{PROJECT}/integrations")
    assert listed == []


def test_existing_integration_needs_adopt_and_adopt_takes_it_over(
    emulator: InProcessEmulator,
) -> None:
    provider = configure(IntegrationProvider(), emulator)
    other = provider.create(integration_inputs(provider))
    with pytest.raises(AdoptionError, match="adopt=True"):
        provider.create(integration_inputs(provider))
    changed = integration_inputs(provider, adopt=True)
    changed["read"]["objects"][0]["schedule"] = "0 * * * *"
    adopted = provider.create(changed)
    assert adopted.id == other.id
    assert adopted.outs["latest_revision_id"] != other.outs["latest_revision_id"]


def test_adopt_refuses_another_provider(emulator: InProcessEmulator) -> None:
    provider = configure(IntegrationProvider(), emulator)
    provider.create(integration_inputs(provider))
    with pytest.raises(AdoptionError, match="provider"):
        provider.create(integration_inputs(provider, provider="hubspot", adopt=True))


def test_missing_and_wrong_keys_say_how_to_fix_and_never_echo_the_key(
    emulator: InProcessEmulator,
) -> None:
    without = configure(IntegrationProvider(), emulator, key="")
    with pytest.raises(ConfigurationError, match="ampersand:apiKey"):
        without.create(integration_inputs(without))
    wrong_key = "wrong-key-that-must-not-leak-41"
    wrong = configure(IntegrationProvider(), emulator, key=wrong_key)
    with pytest.raises(AuthenticationError) as failure:
        wrong.create(integration_inputs(wrong))
    assert "AMP_API_KEY" in str(failure.value)
    assert wrong_key not in str(failure.value) + repr(failure.value)
