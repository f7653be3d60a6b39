"""``get_integration`` and ``get_installations`` in a program, against the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pulumi
import pytest
from pulumi.runtime.config import set_all_config

import pulumi_ampersand as amp
from pulumi_ampersand.emulator import EmulatorServer

KEY = "functions-test-key-0b7e"
PROJECT = "fn"


class NoResources(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        raise AssertionError("a lookup registers no resource")

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        raise AssertionError("a lookup needs no engine call")


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=KEY) as server:
        yield server


@pytest.fixture
def seeded(emulator: EmulatorServer) -> str:
    """The integration's id; group org-a has an installation of it, with an OAuth token."""
    pulumi.runtime.set_mocks(NoResources(), project="p", stack="s", preview=False)
    set_all_config(
        {"ampersand:apiKey": KEY, "ampersand:apiUrl": emulator.url, "ampersand:projectId": PROJECT},
        ["ampersand:apiKey"],
    )
    with httpx.Client(base_url=emulator.url, headers={"X-Api-Key": KEY}) as http:
        created = http.post(
            f"/projects/{PROJECT}/integrations",
            json={
                "name": "crm",
                "provider": "salesforce",
                "latestRevision": {
                    "specVersion": "1.0.0",
                    "content": {
                        "name": "crm",
                        "provider": "salesforce",
                        "proxy": {"enabled": True},
                    },
                },
            },
        )
        assert created.status_code == 201, created.text
        integration_id: str = http.get(f"/projects/{PROJECT}/integrations/crm").json()["id"]
        connection = http.post(
            f"/projects/{PROJECT}/connections:generate",
            json={
                "groupRef": "org-a",
                "consumerRef": "u",
                "provider": "salesforce",
                "oauth2AuthorizationCode": {"accessToken": {"token": "fn-token-5a5a"}},
            },
        )
        assert connection.status_code == 201, connection.text
        installed = http.post(
            f"/projects/{PROJECT}/integrations/{integration_id}/installations",
            json={
                "groupRef": "org-a",
                "config": {"content": {"provider": "salesforce", "proxy": {"enabled": True}}},
            },
        )
        assert installed.status_code == 201, installed.text
    return integration_id


@pulumi.runtime.test
def test_lookups_return_typed_results_without_credentials(seeded: str) -> pulumi.Output[Any]:
    integration = amp.get_integration(name="crm")
    installations = amp.get_installations("crm", group_ref="org-a")
    none = amp.get_installations(seeded, group_ref="org-b")

    def check(args: list[Any]) -> None:
        found, listed, empty = args
        assert isinstance(found, amp.IntegrationInfo) and found.id == seeded
        (installation,) = listed
        assert isinstance(installation, amp.InstallationInfo)
        assert installation.group_ref == "org-a" and installation.integration_id == seeded
        assert "fn-token-5a5a" not in repr(listed)
        assert empty == []

    return pulumi.Output.all(integration, installations, none).apply(check)
