"""Installations: creation rules, server fills, update-mask semantics, deletes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import yaml

from pulumi_ampersand.emulator import Backend, EmulatorApp, emulator_transport

from .support import (
    API_KEY,
    GROUP,
    PROJECT,
    REVISION_CONTENT,
    create_connection,
    create_installation,
    create_integration,
    installation_body,
    read_object,
)


@pytest.fixture
def crm(api: httpx.Client) -> dict[str, Any]:
    """The integration, with a connection for GROUP."""
    integration = create_integration(api)
    create_connection(api)
    return integration


def url(integration: dict[str, Any], installation_id: str = "") -> str:
    base = f"/projects/{PROJECT}/integrations/{integration['id']}/installations"
    return f"{base}/{installation_id}" if installation_id else base


def test_create_returns_the_full_installation(api: httpx.Client, crm: dict[str, Any]) -> None:
    connection = api.get(f"/projects/{PROJECT}/connections").json()[0]
    installation = create_installation(api, crm["id"])
    assert installation["integrationId"] == crm["id"]
    assert installation["projectId"] == crm["projectId"]
    assert installation["group"]["groupRef"] == GROUP
    assert installation["group"]["groupName"] == "Acme Inc."
    assert installation["healthStatus"] == "healthy"
    assert installation["createdBy"] == "api:create-installation"
    config = installation["config"]
    assert config["revisionId"] == crm["latestRevision"]["id"]
    assert config["createdBy"] == "api:create-installation"
    assert installation["connection"]["id"] == connection["id"]
    # The embedded connection is the full object, tokens included.
    tokens = installation["connection"]["oauth2AuthorizationCode"]
    assert tokens["refreshToken"]["token"] == f"refresh-{GROUP}"
    assert api.get(url(crm, installation["id"])).json() == installation


def test_create_fills_read_objects_from_the_revision(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    content = {
        "read": {
            "objects": {
                "account": read_object(),
                "contact": read_object("contact", schedule="5 * * * *"),
            }
        }
    }
    installation = create_installation(api, crm["id"], **content)
    objects = installation["config"]["content"]["read"]["objects"]
    assert objects["account"]["schedule"] == "*/30 * * * *"
    assert objects["account"]["destination"] == "accountWebhook"
    assert objects["account"]["backfill"] == {"defaultPeriod": {"days": 30}}
    assert objects["contact"]["schedule"] == "5 * * * *"  # given values are kept
    assert objects["contact"]["destination"] == "contactWebhook"
    assert "backfill" not in objects["contact"]  # nothing to copy


def test_created_by_and_deprecated_revision_id(api: httpx.Client, crm: dict[str, Any]) -> None:
    body = installation_body()
    body["config"] |= {"createdBy": "api:pulumi", "revisionId": "ignored"}
    installation = api.post(url(crm), json=body).json()
    assert installation["config"]["createdBy"] == installation["createdBy"] == "api:pulumi"
    assert installation["config"]["revisionId"] == crm["latestRevision"]["id"]


def test_one_installation_per_group(api: httpx.Client, crm: dict[str, Any]) -> None:
    create_installation(api, crm["id"])
    response = api.post(url(crm), json=installation_body())
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_group_without_connection_is_a_422(api: httpx.Client) -> None:
    integration = create_integration(api)
    response = api.post(url(integration), json=installation_body("nobody"))
    assert response.status_code == 422
    assert "has no salesforce connection" in response.json()["detail"]


def test_auto_connections_create_an_oauth_connection() -> None:
    app = EmulatorApp(Backend(random_seed=3, auto_connections=True), api_key=API_KEY)
    with httpx.Client(
        transport=emulator_transport(app),
        base_url="http://emulator/v1",
        headers={"X-Api-Key": API_KEY},
    ) as api:
        integration = create_integration(api)
        installation = create_installation(api, integration["id"], "fresh")
    connection = installation["connection"]
    assert connection["authScheme"] == "oauth2/authorizationCode"
    assert connection["group"]["groupRef"] == "fresh"
    tokens = connection["oauth2AuthorizationCode"]
    secrets = app.secrets()
    assert tokens["accessToken"]["token"] in secrets and tokens["refreshToken"]["token"] in secrets


def test_default_connection_is_the_groups_latest_of_the_provider(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    latest = create_connection(api, apiKey="second-key")
    create_connection(api, GROUP, "hubspot", apiKey="hubspot-key")
    installation = create_installation(api, crm["id"])
    assert installation["connection"]["id"] == latest["id"]
    assert installation["connection"]["apiKey"] == "second-key"


@pytest.mark.parametrize(
    ("connection", "detail"),
    [("missing", "not found"), ("other-group", "belongs to group"), ("hubspot", "does not match")],
)
def test_explicit_connection_must_fit(
    api: httpx.Client, crm: dict[str, Any], connection: str, detail: str
) -> None:
    ids = {
        "missing": "no-such-connection",
        "other-group": create_connection(api, "other")["id"],
        "hubspot": create_connection(api, GROUP, "hubspot", apiKey="k")["id"],
    }
    body = installation_body() | {"connectionId": ids[connection]}
    response = api.post(url(crm), json=body)
    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert response.json()["issues"][0]["name"] == "connectionId"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ({"provider": None}, "config.content.provider"),
        ({"provider": "hubspot"}, "config.content.provider"),
        (
            {"read": {"objects": {"ghost": read_object("ghost")}}},
            "config.content.read.objects.ghost",
        ),
        (
            {"write": {"objects": {"account": {"objectName": "account"}}}},
            "config.content.write.objects.account",
        ),
        (
            {"subscribe": {"objects": {"lead": {"objectName": "lead"}}}},
            "config.content.subscribe.objects.lead",
        ),
        (
            {"read": {"objects": {"account": read_object("contact")}}},
            "config.content.read.objects.account.objectName",
        ),
        ({"read": {"objects": []}}, "config.content.read.objects"),
    ],
)
def test_invalid_config_is_a_422_with_the_path(
    api: httpx.Client, crm: dict[str, Any], content: dict[str, Any], name: str
) -> None:
    body = installation_body()
    body["config"]["content"] = {
        k: v for k, v in ({"provider": "salesforce"} | content).items() if v is not None
    }
    response = api.post(url(crm), json=body)
    assert response.status_code == 422, response.text
    assert [i["name"] for i in response.json()["issues"]] == [name]


def test_malformed_request_is_a_400(api: httpx.Client, crm: dict[str, Any]) -> None:
    response = api.post(url(crm), json={"config": {}})
    assert response.status_code == 400
    assert {i["name"] for i in response.json()["issues"]} == {"groupRef", "config.content"}
    assert api.post(url(crm), content=b"{not json").status_code == 400
    assert (
        api.post(url(crm), params={"skipSampling": "maybe"}, json=installation_body()).status_code
        == 400
    )


def test_lists_filter_by_group(api: httpx.Client, crm: dict[str, Any]) -> None:
    create_connection(api, "beta")
    first = create_installation(api, crm["id"])
    second = create_installation(api, crm["id"], "beta")
    assert [i["id"] for i in api.get(url(crm)).json()] == [first["id"], second["id"]]
    assert [i["id"] for i in api.get(url(crm), params={"groupRef": "beta"}).json()] == [
        second["id"]
    ]
    project = api.get(f"/projects/{PROJECT}/installations", params={"groupRef": GROUP}).json()
    assert [i["id"] for i in project] == [first["id"]]


def test_integration_name_is_accepted_where_the_spec_says_integration_id(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(api, "crm")
    assert (
        api.get(
            f"/projects/{PROJECT}/integrations/crm/installations/{installation['id']}"
        ).status_code
        == 200
    )


def test_installation_of_another_integration_is_not_found(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(api, crm["id"])
    other = create_integration(api, "other")
    assert api.get(url(other, installation["id"])).status_code == 404


# --- PATCH ---


def patch(
    api: httpx.Client,
    crm: dict[str, Any],
    installation: dict[str, Any],
    mask: list[str],
    value: dict[str, Any],
) -> httpx.Response:
    return api.patch(url(crm, installation["id"]), json={"updateMask": mask, "installation": value})


def test_patch_replaces_one_read_object_without_merging(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(api, crm["id"])
    new_account = {
        "objectName": "account",
        "selectedFields": {"industry": True},
        "selectedFieldMappings": {},
    }
    response = patch(
        api,
        crm,
        installation,
        ["config.content.read.objects.account"],
        {"config": {"content": {"read": {"objects": {"account": new_account}}}}},
    )
    assert response.status_code == 200, response.text
    account = response.json()["config"]["content"]["read"]["objects"]["account"]
    assert account["selectedFields"] == {
        "industry": True
    }  # replaced, not merged with {"name": True}
    assert account["schedule"] == "*/30 * * * *"  # filled again from the revision


def test_patch_makes_a_new_config_on_the_latest_revision(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(api, crm["id"])
    source = yaml.safe_dump(
        {
            "specVersion": "1.0.0",
            "integrations": [{"name": "crm", "provider": "salesforce"} | REVISION_CONTENT],
        }
    )
    api.post(f"/projects/{PROJECT}/integrations/{crm['id']}/revisions", json={"sourceYaml": source})
    latest = api.get(f"/projects/{PROJECT}/integrations/crm").json()["latestRevision"]["id"]
    assert (
        api.get(url(crm, installation["id"])).json()["config"]["revisionId"]
        == crm["latestRevision"]["id"]
    )
    response = patch(
        api, crm, installation, ["config.createdBy"], {"config": {"createdBy": "builder:me"}}
    )
    updated = response.json()
    assert updated["config"]["revisionId"] == latest
    assert updated["config"]["id"] != installation["config"]["id"]
    assert updated["config"]["createTime"] > installation["config"]["createTime"]
    assert updated["updateTime"] > installation["updateTime"]
    assert updated["config"]["createdBy"] == "builder:me"
    assert updated["createdBy"] == installation["createdBy"]
    assert updated["config"]["content"] == installation["config"]["content"]


def test_patch_ignores_unmasked_fields(api: httpx.Client, crm: dict[str, Any]) -> None:
    installation = create_installation(api, crm["id"])
    value = {
        "config": {
            "createdBy": "builder:me",
            "content": {
                "write": {"objects": {"lead": {"objectName": "lead"}}},
                "proxy": {"enabled": True},
            },
        }
    }
    updated = patch(api, crm, installation, ["config.content.write.objects"], value).json()
    assert updated["config"]["content"]["write"] == {"objects": {"lead": {"objectName": "lead"}}}
    assert "proxy" not in updated["config"]["content"]
    assert updated["config"]["createdBy"] == "api:create-installation"


def test_patch_replaces_the_whole_write_map_or_one_object(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(
        api,
        crm["id"],
        read={"objects": {"account": read_object()}},
        write={
            "objects": {
                "lead": {"objectName": "lead"},
                "opportunity": {"objectName": "opportunity"},
            }
        },
    )
    one = {"objectName": "lead", "deletionSettings": {"enabled": True}}
    updated = patch(
        api,
        crm,
        installation,
        ["config.content.write.objects.lead"],
        {"config": {"content": {"write": {"objects": {"lead": one}}}}},
    ).json()
    assert updated["config"]["content"]["write"]["objects"] == {
        "lead": one,
        "opportunity": {"objectName": "opportunity"},
    }
    updated = patch(
        api,
        crm,
        installation,
        ["config.content.write.objects"],
        {"config": {"content": {"write": {"objects": {}}}}},
    ).json()
    assert updated["config"]["content"]["write"]["objects"] == {}
    assert set(updated["config"]["content"]["read"]["objects"]) == {"account"}


def test_patch_cannot_remove_a_read_object_only_disable_it(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(
        api,
        crm["id"],
        read={"objects": {"account": read_object(), "contact": read_object("contact")}},
    )
    whole_map = patch(
        api,
        crm,
        installation,
        ["config.content.read.objects"],
        {"config": {"content": {"read": {"objects": {"account": read_object()}}}}},
    )
    assert whole_map.status_code == 400
    assert whole_map.json()["issues"][0]["name"] == "updateMask[0]"
    disabled = patch(
        api,
        crm,
        installation,
        ["config.content.read.objects.contact"],
        {
            "config": {
                "content": {"read": {"objects": {"contact": read_object("contact", disabled=True)}}}
            }
        },
    ).json()
    assert disabled["config"]["content"]["read"]["objects"]["contact"]["disabled"] is True
    assert set(disabled["config"]["content"]["read"]["objects"]) == {"account", "contact"}


def test_patch_adds_a_read_object(api: httpx.Client, crm: dict[str, Any]) -> None:
    installation = create_installation(api, crm["id"])
    updated = patch(
        api,
        crm,
        installation,
        ["config.content.read.objects.contact"],
        {"config": {"content": {"read": {"objects": {"contact": read_object("contact")}}}}},
    ).json()
    assert set(updated["config"]["content"]["read"]["objects"]) == {"account", "contact"}


def test_patch_unknown_masks_are_400_with_their_index(
    api: httpx.Client, crm: dict[str, Any]
) -> None:
    installation = create_installation(api, crm["id"])
    masks = [
        "config.createdBy",
        "config.content.provider",
        "groupRef",
        "config.content.read.objects",
    ]
    response = patch(api, crm, installation, masks, {"config": {"createdBy": "x"}})
    assert response.status_code == 400
    assert [i["name"] for i in response.json()["issues"]] == [
        "updateMask[1]",
        "updateMask[2]",
        "updateMask[3]",
    ]
    assert all(i["in"] == "body" for i in response.json()["issues"])


def test_patch_masked_path_without_value_is_400(api: httpx.Client, crm: dict[str, Any]) -> None:
    installation = create_installation(api, crm["id"])
    response = patch(
        api,
        crm,
        installation,
        ["config.createdBy", "config.content.proxy.enabled"],
        {"config": {"createdBy": "x"}},
    )
    assert response.status_code == 400
    assert [i["name"] for i in response.json()["issues"]] == ["updateMask[1]"]
    assert (
        api.get(url(crm, installation["id"])).json()["config"]["id"] == installation["config"]["id"]
    )


def test_patch_escaped_object_names(api: httpx.Client) -> None:
    content = {"write": {"objects": [{"objectName": "ns:obj.v1"}]}}
    integration = create_integration(api, "odd", **content)
    create_connection(api)
    installation = create_installation(
        api, integration["id"], write={"objects": {"ns:obj.v1": {"objectName": "ns:obj.v1"}}}
    )
    value = {"objectName": "ns:obj.v1", "deletionSettings": {"enabled": True}}
    response = patch(
        api,
        integration,
        installation,
        [r"config.content.write.objects.ns\:obj\.v1"],
        {"config": {"content": {"write": {"objects": {"ns:obj.v1": value}}}}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["config"]["content"]["write"]["objects"]["ns:obj.v1"] == value


def test_patch_object_not_in_revision_is_422(api: httpx.Client, crm: dict[str, Any]) -> None:
    installation = create_installation(api, crm["id"])
    response = patch(
        api,
        crm,
        installation,
        ["config.content.read.objects.ghost"],
        {"config": {"content": {"read": {"objects": {"ghost": read_object("ghost")}}}}},
    )
    assert response.status_code == 422
    assert response.json()["issues"][0]["name"] == "installation.config.content.read.objects.ghost"


def test_patch_switches_the_connection(api: httpx.Client, crm: dict[str, Any]) -> None:
    installation = create_installation(api, crm["id"])
    newer = create_connection(api, apiKey="rotated")
    updated = patch(api, crm, installation, ["connectionId"], {"connectionId": newer["id"]}).json()
    assert updated["connection"]["id"] == newer["id"]
    wrong = create_connection(api, "elsewhere", apiKey="x")
    assert (
        patch(api, crm, installation, ["connectionId"], {"connectionId": wrong["id"]}).status_code
        == 422
    )


def test_patch_proxy_enabled(api: httpx.Client, crm: dict[str, Any]) -> None:
    installation = create_installation(api, crm["id"])
    updated = patch(
        api,
        crm,
        installation,
        ["config.content.proxy.enabled"],
        {"config": {"content": {"proxy": {"enabled": True}}}},
    ).json()
    assert updated["config"]["content"]["proxy"] == {"enabled": True}


# --- DELETE ---


def test_delete_removes_the_connection_when_unused(api: httpx.Client, crm: dict[str, Any]) -> None:
    other = create_integration(api, "other")
    first = create_installation(api, crm["id"])
    second = create_installation(api, other["id"])
    connections = f"/projects/{PROJECT}/connections"
    assert api.delete(url(crm, first["id"])).status_code == 204
    assert len(api.get(connections).json()) == 1  # still used by the other installation
    assert api.delete(url(other, second["id"])).status_code == 204
    assert api.get(connections).json() == []
    assert api.get(url(crm, first["id"])).status_code == 404
    assert api.delete(url(crm, first["id"])).status_code == 404
