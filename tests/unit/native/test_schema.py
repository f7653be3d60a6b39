"""The checked-in schema is what the models generate, and it marks every secret."""

from __future__ import annotations

import json
import re
from typing import Any

from pulumi_ampersand.native.schema import SCHEMA_PATH, build_schema, render


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


def test_checked_in_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text() == render(build_schema()), (
        "schema.json is stale: run `python -m pulumi_ampersand.native.schema`"
    )


def test_every_reference_names_a_type_of_the_schema() -> None:
    text = SCHEMA_PATH.read_text()
    refs = set(re.findall(r'"#/types/([^"]+)"', text))
    assert refs, "no object types referenced"
    assert refs <= set(schema()["types"])


def test_api_key_and_connection_are_secret() -> None:
    spec = schema()
    assert spec["config"]["variables"]["apiKey"]["secret"] is True
    assert spec["provider"]["inputProperties"]["apiKey"]["secret"] is True
    installation = spec["resources"]["ampersand:index:Installation"]
    assert installation["properties"]["connection"]["secret"] is True
    secret = {
        name
        for token, resource in spec["resources"].items()
        for name, prop in resource["properties"].items()
        if prop.get("secret")
    }
    assert secret == {"connection"}


def test_properties_are_the_models_camel_case_names_and_maps_keep_user_keys() -> None:
    spec = schema()
    read_object = spec["types"]["ampersand:index:InstallationReadObject"]["properties"]
    assert read_object["selectedFields"] == {
        "type": "object",
        "additionalProperties": {"type": "boolean"},
        "description": read_object["selectedFields"]["description"],
    }
    integration = spec["resources"]["ampersand:index:Integration"]
    assert {"provider", "read", "watchSchema", "specVersion", "project", "adopt"} <= set(
        integration["inputProperties"]
    )
    assert integration["requiredInputs"] == ["provider"]  # name defaults to the resource name
    assert "latestRevisionId" in integration["properties"]
    installation = spec["resources"]["ampersand:index:Installation"]
    assert installation["requiredInputs"] == ["integrationId", "groupRef"]


def test_functions_return_no_connection() -> None:
    spec = schema()
    info = spec["types"]["ampersand:index:InstallationInfo"]["properties"]
    assert "connectionId" in info
    assert not {"connection", "oauth2AuthorizationCode", "apiKey"} & set(info)
    outputs = spec["functions"]["ampersand:index:getInstallations"]["outputs"]["properties"]
    assert outputs["installations"]["items"] == {"$ref": "#/types/ampersand:index:InstallationInfo"}
