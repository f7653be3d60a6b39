"""Connections, groups and consumers; authentication."""

from __future__ import annotations

import httpx
import pytest

from pulumi_ampersand.emulator import Backend, EmulatorApp, emulator_transport

from .support import (
    API_KEY,
    GROUP,
    PROJECT,
    connection_body,
    create_connection,
    create_installation,
    create_integration,
)

BASE = f"/projects/{PROJECT}/connections"


def test_generate_creates_group_and_consumer(api: httpx.Client) -> None:
    connection = create_connection(api)
    assert (
        connection["group"]["groupRef"] == GROUP and connection["group"]["groupName"] == "Acme Inc."
    )
    assert connection["consumer"] == connection["consumer"] | {
        "consumerRef": "user-1",
        "consumerName": "Ada",
    }
    assert connection["authScheme"] == "oauth2/authorizationCode"
    assert connection["status"] == "created"


@pytest.mark.parametrize(
    ("auth", "scheme"),
    [
        ({"apiKey": "k-1"}, "apiKey"),
        ({"basicAuth": {"username": "u", "password": "p"}}, "basic"),
        (
            {"oauth2ClientCredentials": {"clientId": "c", "clientSecret": "s"}},
            "oauth2/clientCredentials",
        ),
        (
            {
                "oauth2PasswordCredentials": {
                    "username": "u",
                    "password": "p",
                    "clientId": "c",
                    "clientSecret": "s",
                }
            },
            "oauth2/password",
        ),
        ({"customAuth": {"token": "t"}}, "none"),
    ],
)
def test_auth_schemes(api: httpx.Client, auth: dict[str, object], scheme: str) -> None:
    assert create_connection(api, **auth)["authScheme"] == scheme


def test_generate_needs_exactly_one_credential(api: httpx.Client) -> None:
    body = connection_body()
    del body["oauth2AuthorizationCode"]
    assert api.post(f"{BASE}:generate", json=body).status_code == 400
    both = connection_body(apiKey="k") | {"basicAuth": {"username": "u", "password": "p"}}
    assert api.post(f"{BASE}:generate", json=both).status_code == 400
    bad = connection_body(basicAuth={"username": "u"})
    response = api.post(f"{BASE}:generate", json=bad)
    assert response.status_code == 422
    assert [i["name"] for i in response.json()["issues"]] == ["basicAuth.password"]


def test_list_filters_and_hides_oauth_tokens(api: httpx.Client) -> None:
    oauth = create_connection(api)
    key = create_connection(api, "beta", apiKey="beta-key")
    assert [c["id"] for c in api.get(BASE).json()] == [oauth["id"], key["id"]]
    assert [c["id"] for c in api.get(BASE, params={"groupRef": "beta"}).json()] == [key["id"]]
    assert api.get(BASE, params={"provider": "hubspot"}).json() == []
    assert [c["id"] for c in api.get(BASE, params={"consumerRef": "user-1"}).json()] == [
        oauth["id"],
        key["id"],
    ]
    listed = api.get(BASE).json()
    assert "oauth2AuthorizationCode" not in listed[0]
    assert listed[1]["apiKey"] == "beta-key"


def test_get_includes_tokens_only_when_asked(api: httpx.Client) -> None:
    connection = create_connection(api)
    path = f"{BASE}/{connection['id']}"
    assert "oauth2AuthorizationCode" not in api.get(path).json()
    access = api.get(path, params={"includeCreds": "true"}).json()["oauth2AuthorizationCode"]
    assert "accessToken" in access and "refreshToken" not in access
    full = api.get(path, params={"includeRefreshToken": "true"}).json()["oauth2AuthorizationCode"]
    assert full["refreshToken"]["token"] == f"refresh-{GROUP}"


def test_delete_connection(api: httpx.Client) -> None:
    connection = create_connection(api)
    integration = create_integration(api)
    installation = create_installation(api, integration["id"])
    in_use = api.delete(f"{BASE}/{connection['id']}")
    assert in_use.status_code == 409
    api.delete(
        f"/projects/{PROJECT}/integrations/{integration['id']}/installations/{installation['id']}"
    )
    assert (
        api.get(f"{BASE}/{connection['id']}").status_code == 404
    )  # deleted with its last installation
    spare = create_connection(api, apiKey="k")
    assert api.delete(f"{BASE}/{spare['id']}").status_code == 204
    assert api.delete(f"{BASE}/{spare['id']}").status_code == 404


@pytest.mark.parametrize("key", [None, "", "wrong-key"])
def test_api_key_is_required_and_never_echoed(app: EmulatorApp, key: str | None) -> None:
    headers = {} if key is None else {"X-Api-Key": key}
    with httpx.Client(transport=emulator_transport(app), base_url="http://emulator/v1") as client:
        response = client.get(f"/projects/{PROJECT}/integrations", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert "ampersand:apiKey" in problem["detail"] and "AMP_API_KEY" in problem["detail"]
    if key:
        assert key not in response.text
    assert API_KEY not in response.text


def test_any_non_empty_key_without_a_configured_key() -> None:
    app = EmulatorApp(Backend())
    with httpx.Client(transport=emulator_transport(app), base_url="http://emulator/v1") as client:
        assert (
            client.get("/projects/p1/integrations", headers={"X-Api-Key": "anything"}).status_code
            == 200
        )
        assert client.get("/projects/p1/integrations").status_code == 401


def test_unknown_route_is_a_404_problem(api: httpx.Client) -> None:
    response = api.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
