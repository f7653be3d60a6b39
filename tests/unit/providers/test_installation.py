"""The Installation provider: check, diff, and create/read/import with recovery and adoption
against the in-process emulator (the PATCH it sends: ``test_patch``)."""

from __future__ import annotations

import pytest

from pulumi_ampersand import AdoptionError, InstallationProvider, IntegrationProvider
from pulumi_ampersand.emulator import FaultRule
from tests.support.providers import (
    PROJECT,
    InProcessEmulator,
    configure,
    installation_inputs,
    installation_outputs,
    installation_props,
    integration_inputs,
)


def test_installation_check_reports_inputs_and_config_with_full_paths() -> None:
    provider = configure(InstallationProvider())
    props = installation_props(group_ref="", connection_id=7)
    props["config"]["read"]["objects"]["account"]["schedule"] = "* * * * *"
    props["config"]["write"]["objects"]["contact"]["deletionSettings"] = {"enabled": "maybe"}
    result = provider.check({}, props)
    assert sorted(failure.property for failure in result.failures) == [
        "config.read.objects.account.schedule",
        "config.write.objects.contact.deletion_settings.enabled",
        "connection_id",
        "group_ref",
    ]


def test_installation_diff_compares_connection_and_revision_only_when_declared() -> None:
    provider = configure(InstallationProvider())
    olds = installation_outputs()
    assert provider.diff("id", olds, installation_props()).changes is False
    assert provider.diff("id", olds, installation_props(connection_id="conn-1")).changes is False
    moved = provider.diff("id", olds, installation_props(connection_id="conn-2"))
    assert moved.changes is True
    assert moved.replaces == []
    assert provider.diff("id", olds, installation_props(revision_id="rev-2")).changes is True


@pytest.mark.parametrize("key", ["integration_id", "group_ref", "project"])
def test_installation_replacement_deletes_first(key: str) -> None:
    provider = configure(InstallationProvider())
    result = provider.diff("id", installation_outputs(), installation_props(**{key: "other"}))
    assert result.replaces == [key]
    assert result.delete_before_replace is True


# -- against the emulator --------------------------------------------------------------------


def test_installation_create_takes_the_provider_from_the_integration_once(
    emulator: InProcessEmulator,
) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    installations = configure(InstallationProvider(), emulator)
    for group in ("org-a", "org-b"):
        emulator.connect(group)
    start = len(emulator.journal.entries())
    for group in ("org-a", "org-b"):
        created = installations.create(installation_inputs(integration_id, group_ref=group))
        assert created.outs["connection"]["provider"] == "salesforce"
        assert "oauth2_authorization_code" not in created.outs["connection"]
    calls = emulator.routes()[start:]
    assert calls.count(("GET", "/projects/{p}/integrations/{i}")) == 1
    assert calls.count(("POST", "/projects/{p}/integrations/{i}/installations")) == 2


def test_an_installation_create_whose_answer_is_lost_is_found(emulator: InProcessEmulator) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    emulator.connect("org-a")
    installations = configure(InstallationProvider(), emulator)
    emulator.faults.add(
        FaultRule(
            method="POST",
            route="/projects/{p}/integrations/{i}/installations",
            drop="after",
            count=1,
        )
    )
    created = installations.create(installation_inputs(integration_id))
    listed = emulator.get(f"/projects/{PROJECT}/integrations/{integration_id}/installations")
    assert [i["id"] for i in listed] == [created.id]


def test_an_existing_group_installation_needs_adopt(emulator: InProcessEmulator) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    emulator.connect("org-a")
    installations = configure(InstallationProvider(), emulator)
    first = installations.create(installation_inputs(integration_id))
    with pytest.raises(AdoptionError, match="adopt=True"):
        installations.create(installation_inputs(integration_id))
    changed = installation_inputs(integration_id, adopt=True)
    changed["config"]["read"]["objects"]["account"]["selected_fields"] = {"email": True}
    adopted = installations.create(changed)
    assert adopted.id == first.id
    read = installations.read(adopted.id, adopted.outs)
    assert read.inputs["config"]["read"]["objects"]["account"]["selected_fields"] == {"email": True}


def test_a_refresh_stores_as_inputs_only_the_keys_the_program_declared(
    emulator: InProcessEmulator,
) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    emulator.connect("org-a")
    installations = configure(InstallationProvider(), emulator)
    declared = installation_inputs(integration_id, created_by="api:pulumi")
    created = installations.create(declared)
    assert created.outs["connection_id"] and created.outs["revision_id"]

    read = installations.read(created.id, created.outs)
    assert set(read.inputs) == set(declared)
    assert read.inputs["created_by"] == "api:pulumi"
    assert read.inputs["config"] == declared["config"]  # server fills stay in the outputs only
    assert read.outs["connection_id"] == created.outs["connection_id"]
    again = installations.read(created.id, read.outs)
    assert set(again.inputs) == set(declared)


def test_an_import_reads_the_config_a_program_would_declare(emulator: InProcessEmulator) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    emulator.connect("org-a")
    installations = configure(InstallationProvider(), emulator)
    declared = installation_inputs(integration_id)
    created = installations.create(declared)
    live = emulator.get(
        f"/projects/{PROJECT}/integrations/{integration_id}/installations/{created.id}"
    )
    assert live["config"]["content"]["read"]["objects"]["account"]["schedule"]  # filled in

    imported = installations.read(
        created.id, {"integration_id": integration_id, "group_ref": "org-a"}
    )
    assert imported.inputs == {**declared, "adopt": False}
    assert installations.diff(created.id, imported.outs, declared).changes is False
