"""The /_emulator test controls: reset, state, seed, journal, faults, secrets, API keys, edits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pulumi_ampersand.emulator import EmulatorApp

from .support import (
    API_KEY,
    GROUP,
    PROJECT,
    connection_body,
    create_connection,
    create_installation,
    create_integration,
    installation_body,
    integration_body,
    read_object,
)


@pytest.fixture
def installed(api: httpx.Client) -> tuple[dict[str, Any], dict[str, Any]]:
    integration = create_integration(api)
    create_connection(api)
    return integration, create_installation(api, integration["id"])


def test_controls_need_no_api_key_and_are_not_journaled(
    app: EmulatorApp, admin: httpx.Client
) -> None:
    assert admin.get("/state").json() == {"projects": []}
    assert admin.get("/requests").json() == []


def test_seed_creates_through_the_api_rules(admin: httpx.Client, api: httpx.Client) -> None:
    seed = {
        "projects": {
            PROJECT: {
                "connections": [connection_body()],
                "integrations": [integration_body()],
                "installations": [installation_body() | {"integration": "crm"}],
            }
        }
    }
    response = admin.post("/seed", json=seed)
    assert response.status_code == 200
    created = response.json()[PROJECT]
    assert [len(created[k]) for k in ("connections", "integrations", "installations")] == [1, 1, 1]
    assert (
        api.get(f"/projects/{PROJECT}/installations").json()[0]["id"] == created["installations"][0]
    )
    bad = admin.post("/seed", json={"projects": {PROJECT: {"integrations": [integration_body()]}}})
    assert bad.status_code == 409


def test_state_dump_has_revision_history(
    admin: httpx.Client, api: httpx.Client, installed: Any
) -> None:
    integration, _ = installed
    admin.put(
        f"/projects/{PROJECT}/integrations/crm/revisions/latest", json={"proxy": {"enabled": True}}
    )
    (project,) = admin.get("/state").json()["projects"]
    assert project["name"] == PROJECT and project["id"] == integration["projectId"]
    (dumped,) = project["integrations"]
    assert dumped["revisions"][0]["id"] == integration["latestRevision"]["id"]
    assert len(dumped["revisions"]) == 2
    assert [g["groupRef"] for g in project["groups"]] == [GROUP]
    assert len(project["installations"]) == len(project["connections"]) == 1


def test_reset_forgets_state_journal_and_faults(
    app: EmulatorApp, admin: httpx.Client, api: httpx.Client
) -> None:
    create_integration(api)
    admin.post("/faults", json={"status": 500, "path": "/nothing"})
    admin.post("/latency", json={"ms": 1})
    assert admin.post("/reset").status_code == 204
    assert admin.get("/state").json() == {"projects": []}
    assert admin.get("/requests").json() == [] and admin.get("/faults").json() == []
    assert admin.get("/latency").json() == {"ms": 0}


def test_faults_and_journal_controls(admin: httpx.Client, api: httpx.Client) -> None:
    added = admin.post("/faults", json=[{"status": 429, "retry_after": 1}, {"status": 500}]).json()
    assert [r["id"] for r in added] == ["f1", "f2"]
    assert api.get(f"/projects/{PROJECT}/integrations").status_code == 429
    assert admin.get("/faults").json()[0]["fired"] == 1
    assert admin.delete("/faults/f1").status_code == 204
    assert admin.delete("/faults/f1").status_code == 404
    assert api.get(f"/projects/{PROJECT}/integrations").status_code == 500
    assert admin.delete("/faults").status_code == 204
    assert admin.post("/faults", json={"drop": "never"}).status_code == 400
    entries = admin.get("/requests").json()
    assert [(e["status"], e["fault"]) for e in entries] == [(429, "f1: 429"), (500, "f2: 500")]
    assert admin.delete("/requests").status_code == 204
    assert admin.get("/requests").json() == [] and admin.get("/counters").json() == []
    assert admin.post("/latency", json={"ms": -1}).status_code == 400


def test_secrets_lists_every_issued_credential(admin: httpx.Client, api: httpx.Client) -> None:
    create_connection(api)
    connection = create_connection(api, "beta", apiKey="beta-key")
    api.delete(f"/projects/{PROJECT}/connections/{connection['id']}")
    create_connection(api, "gamma", basicAuth={"username": "user", "password": "pw-1"})
    secrets = admin.get("/secrets").json()["secrets"]
    assert set(secrets) == {f"access-{GROUP}", f"refresh-{GROUP}", "beta-key", "pw-1", API_KEY}


def test_api_keys_rotate_and_a_revoked_key_is_refused(
    app: EmulatorApp, admin: httpx.Client, api: httpx.Client
) -> None:
    path = f"/projects/{PROJECT}/integrations"

    def status(key: str) -> int:
        return api.get(path, headers={"X-Api-Key": key}).status_code

    assert admin.put("/api-keys", json={"keys": [API_KEY, "key-b"]}).status_code == 204
    assert (status(API_KEY), status("key-b"), status("key-c")) == (200, 200, 401)
    assert admin.put("/api-keys", json={"keys": ["key-b"]}).status_code == 204
    assert (status(API_KEY), status("key-b")) == (401, 200)
    assert app.api_keys == {"key-b"}
    assert {API_KEY, "key-b"} <= set(admin.get("/secrets").json()["secrets"])  # revoked too
    assert admin.put("/api-keys", json={"keys": []}).status_code == 204
    assert status("key-b") == 401
    assert admin.put("/api-keys", json={"keys": None}).status_code == 204
    assert status("anything") == 200
    for bad in ({}, {"keys": "key-b"}, {"keys": [""]}, {"keys": [{"k": 1}]}, ["key-b"]):
        assert admin.put("/api-keys", json=bad).status_code == 400, bad
    assert status("anything") == 200  # a refused request changes nothing
    admin.put("/api-keys", json={"keys": ["key-b"]})
    assert admin.post("/reset").status_code == 204
    assert (status(API_KEY), status("key-b")) == (200, 401)
    assert "key-b" not in admin.get("/secrets").json()["secrets"]


def test_out_of_band_revision(admin: httpx.Client, api: httpx.Client, installed: Any) -> None:
    integration, _ = installed
    response = admin.put(
        f"/projects/{PROJECT}/integrations/{integration['id']}/revisions/latest",
        json={"write": {"objects": [{"objectName": "lead"}]}},
    )
    assert response.status_code == 200
    latest = api.get(f"/projects/{PROJECT}/integrations/crm").json()["latestRevision"]
    assert latest["id"] != integration["latestRevision"]["id"]
    assert latest["content"] == {
        "write": {"objects": [{"objectName": "lead"}]},
        "name": "crm",
        "provider": "salesforce",
    }


def test_out_of_band_config_edits(admin: httpx.Client, api: httpx.Client, installed: Any) -> None:
    integration, installation = installed
    base = (
        f"/projects/{PROJECT}/integrations/{integration['id']}/installations/{installation['id']}"
    )
    content = {
        "provider": "salesforce",
        "read": {"objects": {"account": read_object(), "contact": read_object("contact")}},
    }
    replaced = admin.put(f"{base}/config", json=content).json()
    assert replaced["config"]["content"] == content
    assert replaced["config"]["id"] != installation["config"]["id"]
    assert replaced["config"]["createdBy"] == "builder:emulator-ui"
    assert admin.delete(f"{base}/objects/read/contact").status_code == 200
    got = api.get(base).json()["config"]["content"]["read"]["objects"]
    assert set(got) == {"account"}
    assert admin.delete(f"{base}/objects/read/contact").status_code == 404
    assert admin.delete(f"{base}/objects/nonsense/contact").status_code == 404
