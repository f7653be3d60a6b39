"""``get_integration`` and ``get_installations`` in a program, against the in-process emulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pulumi
import pytest
from pulumi.runtime.config import set_all_config

import pulumi_ampersand as amp
from pulumi_ampersand import functions
from tests.support.providers import PROJECT, InProcessEmulator

KEY = "functions-test-key-0b7e"


class NoResources(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        raise AssertionError("a lookup registers no resource")

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        raise AssertionError("a lookup needs no engine call")


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[InProcessEmulator]:
    """The emulator in this process; the lookups' provider reaches it through the
    ``transport=`` seam (a program's lookups have no transport of their own to pass)."""
    with InProcessEmulator(api_key=KEY) as emulator:

        class InProcess(functions.IntegrationProvider):
            def configure(self, req: Any, *, transport: httpx.BaseTransport | None = None) -> None:
                super().configure(req, transport=emulator.transport)

        monkeypatch.setattr(functions, "IntegrationProvider", InProcess)
        yield emulator


@pytest.fixture
def seeded(emulator: InProcessEmulator) -> str:
    """The integration's id; group org-a has an installation of it, with an OAuth token."""
    pulumi.runtime.set_mocks(NoResources(), project="p", stack="s", preview=False)
    set_all_config(
        {"ampersand:apiKey": KEY, "ampersand:apiUrl": emulator.url, "ampersand:projectId": PROJECT},
        ["ampersand:apiKey"],
    )
    emulator.post(
        f"/projects/{PROJECT}/integrations",
        {
            "name": "crm",
            "provider": "salesforce",
            "latestRevision": {
                "specVersion": "1.0.0",
                "content": {"name": "crm", "provider": "salesforce", "proxy": {"enabled": True}},
            },
        },
    )
    integration_id: str = emulator.get(f"/projects/{PROJECT}/integrations/crm")["id"]
    emulator.connect("org-a")  # its access token is tok-org-a
    emulator.post(
        f"/projects/{PROJECT}/integrations/{integration_id}/installations",
        {
            "groupRef": "org-a",
            "config": {"content": {"provider": "salesforce", "proxy": {"enabled": True}}},
        },
    )
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
        assert "tok-org-a" not in repr(listed)
        assert empty == []

    return pulumi.Output.all(integration, installations, none).apply(check)
