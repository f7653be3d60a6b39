"""Request bodies and small helpers shared by the emulator tests."""

from __future__ import annotations

import copy
from typing import Any

import httpx

API_KEY = "test-key-8c1f"
PROJECT = "demo"
GROUP = "org-acme"

REVISION_CONTENT: dict[str, Any] = {
    "read": {
        "objects": [
            {
                "objectName": "account",
                "destination": "accountWebhook",
                "schedule": "*/30 * * * *",
                "backfill": {"defaultPeriod": {"days": 30}},
                "requiredFields": [{"fieldName": "name"}],
            },
            {"objectName": "contact", "destination": "contactWebhook", "schedule": "0 * * * *"},
        ]
    },
    "write": {"objects": [{"objectName": "lead"}, {"objectName": "opportunity"}]},
}


def integration_body(
    name: str = "crm", provider: str = "salesforce", **content: Any
) -> dict[str, Any]:
    """A createIntegration body with REVISION_CONTENT (or ``content`` when given)."""
    return {
        "name": name,
        "provider": provider,
        "latestRevision": {
            "specVersion": "1.0.0",
            "content": content or copy.deepcopy(REVISION_CONTENT),
        },
    }


def read_object(name: str = "account", /, **extra: Any) -> dict[str, Any]:
    """An installation read object with the spec's required fields."""
    return {
        "objectName": name,
        "selectedFields": {"name": True},
        "selectedFieldMappings": {},
    } | extra


def installation_body(group: str = GROUP, /, **content: Any) -> dict[str, Any]:
    """A createInstallation body reading ``account`` (or ``content`` when given)."""
    return {
        "groupRef": group,
        "config": {
            "content": {"provider": "salesforce"}
            | (content or {"read": {"objects": {"account": read_object()}}})
        },
    }


def connection_body(
    group: str = GROUP, provider: str = "salesforce", **auth: Any
) -> dict[str, Any]:
    """A connections:generate body with OAuth tokens (or ``auth`` when given)."""
    return {
        "groupRef": group,
        "groupName": "Acme Inc.",
        "consumerRef": "user-1",
        "consumerName": "Ada",
        "provider": provider,
    } | (
        auth
        or {
            "oauth2AuthorizationCode": {
                "accessToken": {"token": f"access-{group}"},
                "refreshToken": {"token": f"refresh-{group}"},
            }
        }
    )


def create_integration(api: httpx.Client, name: str = "crm", /, **content: Any) -> dict[str, Any]:
    """Create an integration and read it back."""
    assert (
        api.post(
            f"/projects/{PROJECT}/integrations", json=integration_body(name, **content)
        ).status_code
        == 201
    )
    response = api.get(f"/projects/{PROJECT}/integrations/{name}")
    assert response.status_code == 200
    return dict(response.json())


def create_connection(
    api: httpx.Client, group: str = GROUP, provider: str = "salesforce", /, **auth: Any
) -> dict[str, Any]:
    response = api.post(
        f"/projects/{PROJECT}/connections:generate", json=connection_body(group, provider, **auth)
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def create_installation(
    api: httpx.Client, integration_id: str, group: str = GROUP, /, **content: Any
) -> dict[str, Any]:
    response = api.post(
        f"/projects/{PROJECT}/integrations/{integration_id}/installations",
        json=installation_body(group, **content),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())
