"""Integrations and revisions: 201 with an empty body, id-or-name addressing, append-only."""

from __future__ import annotations

import httpx
import yaml

from pulumi_ampersand.emulator import Backend

from .support import (
    PROJECT,
    REVISION_CONTENT,
    create_connection,
    create_installation,
    create_integration,
    integration_body,
)

BASE = f"/projects/{PROJECT}/integrations"


def manifest(name: str = "crm", provider: str = "salesforce", /, **content: object) -> str:
    integration = {"name": name, "provider": provider} | (content or REVISION_CONTENT)
    return yaml.safe_dump({"specVersion": "1.0.0", "integrations": [integration]})


def test_create_answers_201_with_an_empty_body(api: httpx.Client) -> None:
    response = api.post(BASE, json=integration_body())
    assert response.status_code == 201
    assert response.content == b""


def test_get_by_name_and_by_id_give_the_same_integration(api: httpx.Client) -> None:
    by_name = create_integration(api)
    by_id = api.get(f"{BASE}/{by_name['id']}").json()
    assert by_id == by_name
    assert by_name["name"] == "crm" and by_name["provider"] == "salesforce"
    assert by_name["latestRevision"]["specVersion"] == "1.0.0"
    assert by_name["latestRevision"]["content"]["read"] == REVISION_CONTENT["read"]


def test_project_id_and_name_address_the_same_project(api: httpx.Client) -> None:
    integration = create_integration(api)
    assert api.get(f"/projects/{integration['projectId']}/integrations/crm").json() == integration
    assert api.get("/projects/DEMO/integrations/crm").status_code == 200


def test_malformed_project_name_is_not_found(api: httpx.Client) -> None:
    assert api.get("/projects/-bad-/integrations").status_code == 404


def test_duplicate_name_is_a_409_problem(api: httpx.Client) -> None:
    create_integration(api)
    response = api.post(BASE, json=integration_body())
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "already exists" in response.json()["detail"]


def test_invalid_content_is_a_422_with_issue_paths(api: httpx.Client) -> None:
    body = integration_body()
    body["latestRevision"]["content"]["read"]["objects"][0]["schedule"] = "not a cron"
    del body["provider"]
    response = api.post(BASE, json=body)
    assert response.status_code == 422
    names = {issue["name"] for issue in response.json()["issues"]}
    assert names == {
        "provider",
        "latestRevision.content.provider",
        "latestRevision.content.read.objects[0].schedule",
    }
    assert all(issue["in"] == "body" for issue in response.json()["issues"])


def test_content_without_any_action_is_rejected(api: httpx.Client) -> None:
    body = integration_body()
    body["latestRevision"]["content"] = {}
    response = api.post(BASE, json=body)
    assert response.status_code == 422
    assert [i["name"] for i in response.json()["issues"]] == ["latestRevision.content"]


def test_wrong_spec_version_is_rejected(api: httpx.Client) -> None:
    body = integration_body()
    body["latestRevision"]["specVersion"] = "2.0.0"
    response = api.post(BASE, json=body)
    assert [i["name"] for i in response.json()["issues"]] == ["latestRevision.specVersion"]


def test_list_is_a_plain_array_in_creation_order(api: httpx.Client) -> None:
    create_integration(api, "one")
    create_integration(api, "two")
    listed = api.get(BASE).json()
    assert [i["name"] for i in listed] == ["one", "two"]


def test_missing_integration_is_a_404_problem(api: httpx.Client) -> None:
    for response in (api.get(f"{BASE}/nope"), api.delete(f"{BASE}/nope")):
        assert response.status_code == 404
        assert response.json()["status"] == 404


def test_revision_appends_and_moves_latest(api: httpx.Client) -> None:
    before = create_integration(api)
    content = {"write": {"objects": [{"objectName": "lead"}]}}
    response = api.post(
        f"{BASE}/{before['id']}/revisions", json={"sourceYaml": manifest(**content)}
    )
    assert response.status_code == 201 and response.content == b""
    after = api.get(f"{BASE}/crm").json()
    assert after["latestRevision"]["id"] != before["latestRevision"]["id"]
    assert after["latestRevision"]["content"]["write"] == content["write"]
    assert "read" not in after["latestRevision"]["content"]
    assert after["updateTime"] > before["updateTime"]
    assert after["createTime"] == before["createTime"]


def test_revision_must_hold_exactly_this_integration(api: httpx.Client) -> None:
    integration = create_integration(api)
    url = f"{BASE}/{integration['id']}/revisions"
    other = api.post(url, json={"sourceYaml": manifest("other")})
    assert other.status_code == 422
    assert [i["name"] for i in other.json()["issues"]] == ["integrations[0].name"]
    two = yaml.safe_dump(
        {
            "specVersion": "1.0.0",
            "integrations": [yaml.safe_load(manifest())["integrations"][0]] * 2,
        }
    )
    assert api.post(url, json={"sourceYaml": two}).status_code == 422
    assert api.post(url, json={"sourceYaml": "specVersion: ["}).status_code == 422
    assert api.post(url, json={}).status_code == 422
    provider = api.post(url, json={"sourceYaml": manifest("crm", "hubspot")})
    assert [i["name"] for i in provider.json()["issues"]] == ["integrations[0].provider"]


def test_destructive_revision_disables_removed_read_objects(api: httpx.Client) -> None:
    integration = create_integration(api)
    create_connection(api)
    installation = create_installation(api, integration["id"])
    content = {"read": {"objects": [REVISION_CONTENT["read"]["objects"][1]]}}
    url = f"{BASE}/{integration['id']}/revisions"
    assert api.post(url, json={"sourceYaml": manifest(**content)}).status_code == 201
    path = f"{BASE}/{integration['id']}/installations/{installation['id']}"
    assert "disabled" not in api.get(path).json()["config"]["content"]["read"]["objects"]["account"]
    response = api.post(
        url, params={"destructive": "true"}, json={"sourceYaml": manifest(**content)}
    )
    assert response.status_code == 201
    account = api.get(path).json()["config"]["content"]["read"]["objects"]["account"]
    assert account["disabled"] is True


def test_batch_upserts_by_name(api: httpx.Client) -> None:
    existing = create_integration(api)
    source = yaml.safe_dump(
        {
            "specVersion": "1.0.0",
            "integrations": [
                {"name": "crm", "provider": "salesforce", "proxy": {"enabled": True}},
                {"name": "marketing", "provider": "hubspot", "proxy": {"enabled": True}},
            ],
        }
    )
    response = api.put(f"{BASE}:batch", json={"sourceYaml": source})
    assert response.status_code == 200
    upserted = response.json()
    assert [i["name"] for i in upserted] == ["crm", "marketing"]
    assert upserted[0]["id"] == existing["id"]
    assert upserted[0]["latestRevision"]["id"] != existing["latestRevision"]["id"]
    assert upserted[0]["latestRevision"]["content"]["proxy"] == {"enabled": True}
    assert len(api.get(BASE).json()) == 2


def test_batch_accepts_a_percent_encoded_colon(api: httpx.Client) -> None:
    source = manifest()
    assert api.put(f"{BASE}%3Abatch", json={"sourceYaml": source}).status_code == 200


def test_batch_rejects_an_invalid_manifest_without_changes(api: httpx.Client) -> None:
    source = yaml.safe_dump(
        {
            "specVersion": "1.0.0",
            "integrations": [
                {"name": "ok", "provider": "hubspot", "proxy": {"enabled": True}},
                {"name": "bad", "provider": "hubspot"},
            ],
        }
    )
    response = api.put(f"{BASE}:batch", json={"sourceYaml": source})
    assert response.status_code == 422
    assert [i["name"] for i in response.json()["issues"]] == ["integrations[1]"]
    assert api.get(BASE).json() == []


def test_delete_cascades_to_installations_and_unused_connections(api: httpx.Client) -> None:
    crm = create_integration(api, "crm")
    other = create_integration(api, "other")
    shared = create_connection(api, "shared")
    create_installation(api, crm["id"], "shared")
    create_installation(api, other["id"], "shared")
    lonely = create_connection(api, "lonely")
    create_installation(api, crm["id"], "lonely")
    assert api.delete(f"{BASE}/crm").status_code == 204
    assert api.get(f"{BASE}/crm").status_code == 404
    assert [i["integrationId"] for i in api.get(f"/projects/{PROJECT}/installations").json()] == [
        other["id"]
    ]
    connections = {c["id"] for c in api.get(f"/projects/{PROJECT}/connections").json()}
    assert connections == {shared["id"]}
    assert lonely["id"] not in connections


def test_backend_is_usable_without_http() -> None:
    backend = Backend(random_seed=1)
    backend.create_integration("p1", integration_body())
    assert [i["name"] for i in backend.list_integrations("p1")] == ["crm"]
    assert backend.list_integrations("p2") == []
