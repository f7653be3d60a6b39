"""Provider methods against the emulator: create/read/update/delete, recovery and adoption.

The provider is called directly, the way the engine's provider process calls it, with the
emulator on loopback; fault rules make the API misbehave on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pulumi_ampersand import (
    AdoptionError,
    AmbiguousRequestError,
    AuthenticationError,
    ConfigurationError,
    InstallationProvider,
    IntegrationProvider,
)
from pulumi_ampersand._provider import BaseProvider
from pulumi_ampersand.emulator import EmulatorServer, FaultRule

KEY = "live-test-key-8c1d"
PROJECT = "live"


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=KEY) as server:
        yield server


def configure(provider: BaseProvider, emulator: EmulatorServer, key: str = KEY) -> Any:
    raw = {"ampersand:apiUrl": emulator.url, "ampersand:projectId": PROJECT}
    if key:
        raw["ampersand:apiKey"] = key
    provider.configure(ConfigureRequest(Config(raw, "test")))
    return provider


def integration_inputs(checker: IntegrationProvider, **overrides: Any) -> dict[str, Any]:
    props = {
        "name": "crm-sync",
        "provider": "salesforce",
        "adopt": False,
        "read": {
            "objects": [
                {"object_name": "account", "destination": "d", "schedule": "*/30 * * * *"},
            ]
        },
        **overrides,
    }
    result = checker.check({}, props)
    assert result.failures == []
    return dict(result.inputs)


def routes(emulator: EmulatorServer) -> list[tuple[str, str | None]]:
    return [(entry.method, entry.route) for entry in emulator.journal.entries()]


def test_create_read_update_delete(emulator: EmulatorServer) -> None:
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


def test_update_without_content_change_makes_no_call(emulator: EmulatorServer) -> None:
    provider = configure(IntegrationProvider(), emulator)
    created = provider.create(integration_inputs(provider))
    before = len(emulator.journal.entries())
    same = provider.update(created.id, created.outs, integration_inputs(provider, adopt=True))
    assert same.outs["latest_revision_id"] == created.outs["latest_revision_id"]
    assert len(emulator.journal.entries()) == before


def test_a_create_whose_answer_is_lost_is_found_not_repeated(emulator: EmulatorServer) -> None:
    provider = configure(IntegrationProvider(), emulator)
    emulator.faults.add(
        FaultRule(method="POST", route="/projects/{p}/integrations", drop="after", count=1)
    )
    created = provider.create(integration_inputs(provider))
    posts = [r for r in routes(emulator) if r == ("POST", "/projects/{p}/integrations")]
    assert posts == [("POST", "/projects/{p}/integrations")]
    listed = httpx.get(
        f"{emulator.url}/projects/{PROJECT}/integrations", headers={"X-Api-Key": KEY}
    ).json()
    assert [i["id"] for i in listed] == [created.id]


def test_a_create_that_never_happened_fails_cleanly(emulator: EmulatorServer) -> None:
    provider = configure(IntegrationProvider(), emulator)
    emulator.faults.add(
        FaultRule(method="POST", route="/projects/{p}/integrations", drop="before", count=1)
    )
    with pytest.raises(AmbiguousRequestError):
        provider.create(integration_inputs(provider))
    listed = httpx.get(
        f"{emulator.url}/projects/{PROJECT}/integrations", headers={"X-Api-Key": KEY}
    ).json()
    assert listed == []


def test_existing_integration_needs_adopt_and_adopt_takes_it_over(
    emulator: EmulatorServer,
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


def test_adopt_refuses_another_provider(emulator: EmulatorServer) -> None:
    provider = configure(IntegrationProvider(), emulator)
    provider.create(integration_inputs(provider))
    with pytest.raises(AdoptionError, match="provider"):
        provider.create(integration_inputs(provider, provider="hubspot", adopt=True))


def test_missing_and_wrong_keys_say_how_to_fix_and_never_echo_the_key(
    emulator: EmulatorServer,
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


def connect(emulator: EmulatorServer, group: str) -> dict[str, Any]:
    response = httpx.post(
        f"{emulator.url}/projects/{PROJECT}/connections:generate",
        headers={"X-Api-Key": KEY},
        json={
            "groupRef": group,
            "consumerRef": "u",
            "provider": "salesforce",
            "oauth2AuthorizationCode": {"accessToken": {"token": f"tok-{group}"}},
        },
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def installation_inputs(integration_id: str, **overrides: Any) -> dict[str, Any]:
    provider = InstallationProvider()
    props = {
        "integration_id": integration_id,
        "group_ref": "org-a",
        "project": PROJECT,
        "config": {
            "read": {
                "objects": {
                    "account": {"object_name": "account", "selected_fields": {"name": True}}
                }
            }
        },
        **overrides,
    }
    result = provider.check({}, props)
    assert result.failures == []
    return dict(result.inputs)


def test_installation_create_takes_the_provider_from_the_integration_once(
    emulator: EmulatorServer,
) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    installations = configure(InstallationProvider(), emulator)
    for group in ("org-a", "org-b"):
        connect(emulator, group)
    start = len(emulator.journal.entries())
    for group in ("org-a", "org-b"):
        created = installations.create(installation_inputs(integration_id, group_ref=group))
        assert created.outs["connection"]["provider"] == "salesforce"
        assert "oauth2_authorization_code" not in created.outs["connection"]
    calls = routes(emulator)[start:]
    assert calls.count(("GET", "/projects/{p}/integrations/{i}")) == 1
    assert calls.count(("POST", "/projects/{p}/integrations/{i}/installations")) == 2


def test_an_installation_create_whose_answer_is_lost_is_found(emulator: EmulatorServer) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    connect(emulator, "org-a")
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
    listed = httpx.get(
        f"{emulator.url}/projects/{PROJECT}/integrations/{integration_id}/installations",
        headers={"X-Api-Key": KEY},
    ).json()
    assert [i["id"] for i in listed] == [created.id]


def test_an_existing_group_installation_needs_adopt(emulator: EmulatorServer) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    connect(emulator, "org-a")
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
    emulator: EmulatorServer,
) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    connect(emulator, "org-a")
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


def test_an_import_reads_the_config_a_program_would_declare(emulator: EmulatorServer) -> None:
    integration = configure(IntegrationProvider(), emulator)
    integration_id = integration.create(integration_inputs(integration)).id
    connect(emulator, "org-a")
    installations = configure(InstallationProvider(), emulator)
    declared = installation_inputs(integration_id)
    created = installations.create(declared)
    live = httpx.get(
        f"{emulator.url}/projects/{PROJECT}/integrations/{integration_id}/installations/{created.id}",
        headers={"X-Api-Key": KEY},
    ).json()
    assert live["config"]["content"]["read"]["objects"]["account"]["schedule"]  # filled in

    imported = installations.read(
        created.id, {"integration_id": integration_id, "group_ref": "org-a"}
    )
    assert imported.inputs == {**declared, "adopt": False}
    assert installations.diff(created.id, imported.outs, declared).changes is False
