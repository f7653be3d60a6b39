"""Calling the providers the way the engine's provider process does, against an emulator.

``configure`` is the one way a test configures a provider: with the stack config a test
names, and, given an :class:`InProcessEmulator`, that emulator's in-process transport (the
providers' ``transport=`` seam), so no test of this kind opens a socket.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pulumi_ampersand import InstallationProvider, IntegrationProvider
from pulumi_ampersand._provider import BaseProvider
from pulumi_ampersand.emulator import EmulatorApp, EmulatorServer, emulator_transport

__all__ = [
    "KEY",
    "PROJECT",
    "InProcessEmulator",
    "configure",
    "installation_inputs",
    "installation_outputs",
    "installation_props",
    "integration_inputs",
    "integration_props",
]

KEY = "amp-test-key-3b9e1f0c"
PROJECT = "proj"
P = TypeVar("P", bound=BaseProvider)


class InProcessEmulator:
    """An emulator answered in this process: its app (``backend``, ``faults``, ``journal``),
    the transport that reaches it, and calls to its API for a test's own setup and checks."""

    url = "http://emulator/v1"

    def __init__(self, api_key: str = KEY) -> None:
        self.app = EmulatorApp(api_key=api_key)
        self.faults, self.journal = self.app.faults, self.app.journal
        self.transport = emulator_transport(self.app)
        self._http = httpx.Client(
            transport=self.transport, base_url=self.url, headers={"X-Api-Key": api_key}
        )

    def close(self) -> None:
        """Close the test's own HTTP client."""
        self._http.close()

    def __enter__(self) -> InProcessEmulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def routes(self) -> list[tuple[str, str | None]]:
        """(method, route template) of every API call so far, in order."""
        return [(entry.method, entry.route) for entry in self.journal.entries()]

    def get(self, path: str) -> Any:
        """``GET`` an API path (below ``/v1``) with the emulator's key; the JSON answer."""
        response = self._http.get(path)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: Mapping[str, Any]) -> Any:
        """``POST`` a JSON body to an API path (below ``/v1``), which must create (201); the
        JSON answer, or None for an empty one."""
        response = self._http.post(path, json=body)
        assert response.status_code == 201, response.text
        return response.json() if response.content else None

    def connect(self, group: str) -> dict[str, Any]:
        """A Salesforce connection for ``group`` in :data:`PROJECT` (``connections:generate``)."""
        response = self._http.post(
            f"/projects/{PROJECT}/connections:generate",
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


def configure(
    provider: P,
    emulator: InProcessEmulator | EmulatorServer | None = None,
    *,
    key: str | None = KEY,
    config: Mapping[str, str] | None = None,
) -> P:
    """``provider`` configured as the engine does, with project :data:`PROJECT` and ``key``.

    With an :class:`InProcessEmulator`, the provider's client talks to it in-process; with an
    ``EmulatorServer``, over loopback (the tests of timeouts need a real socket). ``config``
    adds or overrides stack config (``ampersand:*`` keys).
    """
    raw = {"ampersand:projectId": PROJECT}
    if key:
        raw["ampersand:apiKey"] = key
    if emulator is not None:
        raw["ampersand:apiUrl"] = emulator.url
    raw.update(config or {})
    transport = emulator.transport if isinstance(emulator, InProcessEmulator) else None
    provider.configure(ConfigureRequest(Config(raw, "test")), transport=transport)
    return provider


def integration_inputs(checker: IntegrationProvider, **overrides: Any) -> dict[str, Any]:
    """Checked inputs of a small valid integration (``overrides`` replace top-level keys)."""
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


def installation_inputs(integration_id: str, **overrides: Any) -> dict[str, Any]:
    """Checked inputs of an installation of ``integration_id`` for group ``org-a``."""
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
    result = InstallationProvider().check({}, props)
    assert result.failures == []
    return dict(result.inputs)


def integration_props(**overrides: Any) -> dict[str, Any]:
    """An integration's props as the engine sends them to ``check`` (unchecked)."""
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


def installation_props(**overrides: Any) -> dict[str, Any]:
    """An installation's props as the engine sends them to ``check`` (unchecked)."""
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
    """What state holds after an installation's create: checked inputs and outputs."""
    checked_inputs = configure(InstallationProvider()).check({}, installation_props(**overrides))
    return {
        **checked_inputs.inputs,
        "connection_id": "conn-1",
        "revision_id": "rev-1",
        "created_by": "api:create-installation",
        "config_id": "cfg-1",
    }
