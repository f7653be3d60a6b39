"""Response models: spec examples parse, and a connection's credentials never get out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_ampersand.models.api import ConnectionResponse, InstallationResponse
from pulumi_ampersand.models.problem import ApiProblem, InputValidationProblem

from .support import CONNECTION, INSTALLATION

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "ampersand-openapi"

SECRETS = [
    "ya29.access-token-value",
    "1//refresh-token-value",
    "provider-api-key-value",
    "basic-password-value",
    "client-secret-value",
    "password-grant-secret",
    "service-account-key-value",
    "token-derived-instance-secret",
    "metadata-api-token-value",
    "unknown-future-secret",
]

CONNECTION_WITH_CREDENTIALS: dict[str, Any] = {
    **CONNECTION,
    "providerWorkspaceRef": "acme.my.salesforce.com",
    "providerConsumerRef": "https://login.salesforce.com/id/00D/005",
    "updateTime": "2024-01-16T10:30:00.000000Z",
    "providerApp": {
        "id": "provider-app-123",
        "projectId": "project-456",
        "provider": "salesforce",
        "clientId": "client-id-123",
        "createTime": "2024-01-01T00:00:00Z",
    },
    "oauth2AuthorizationCode": {
        "accessToken": {"token": SECRETS[0], "expiresAt": "2024-10-22T18:55:28.456076Z"},
        "refreshToken": {"token": SECRETS[1]},
        "scopes": ["api", "refresh_token"],
    },
    "apiKey": SECRETS[2],
    "basicAuth": {"username": "admin", "password": SECRETS[3]},
    "oauth2ClientCredentials": {"clientId": "cid", "clientSecret": SECRETS[4]},
    "oauth2PasswordCredentials": {"password": SECRETS[5], "clientSecret": SECRETS[4]},
    "customAuth": {"serviceAccountKey": SECRETS[6]},
    "providerMetadata": {
        "instance_url": {"value": SECRETS[7], "source": "token"},
        "accountId": {"value": "1234567890", "source": "input", "displayName": "Account ID"},
        "region": {"value": "eu", "source": "provider"},
        "apiToken": {"value": SECRETS[8], "source": "input"},
        "odd": {"value": {"nested": True}, "source": "input"},
        "broken": "not-an-object",
    },
    "sessionSecret": SECRETS[9],  # a field the spec does not have (yet)
}


def test_public_fields_is_an_allow_list_without_credentials() -> None:
    connection = ConnectionResponse.model_validate(CONNECTION_WITH_CREDENTIALS)

    fields = connection.public_fields()

    assert fields == {
        "id": CONNECTION["id"],
        "project_id": "project-456",
        "provider": "salesforce",
        "auth_scheme": "oauth2/authorizationCode",
        "status": "working",
        "provider_workspace_ref": "acme.my.salesforce.com",
        "provider_consumer_ref": "https://login.salesforce.com/id/00D/005",
        "create_time": "2024-01-15T10:30:00.000000Z",
        "update_time": "2024-01-16T10:30:00.000000Z",
        "group_ref": "org_12345",
        "group_name": "Acme Corp",
        "consumer_ref": "user_67890",
        "consumer_name": "Jane Smith",
        "provider_app_id": "provider-app-123",
        "provider_metadata": {"accountId": "1234567890", "region": "eu"},
    }
    text = json.dumps(fields)
    for secret in SECRETS:
        assert secret not in text


def test_credentials_parse_but_stay_out_of_repr() -> None:
    installation = InstallationResponse.model_validate(
        {**INSTALLATION, "connection": CONNECTION_WITH_CREDENTIALS}
    )
    assert installation.connection.api_key == SECRETS[2]  # parsed: nothing the server sends fails
    for text in (repr(installation), str(installation), repr(installation.connection)):
        for secret in SECRETS:
            assert secret not in text
    assert CONNECTION["id"] in repr(installation.connection)


def test_minimal_connection_parses_and_shows_only_what_was_sent() -> None:
    connection = ConnectionResponse.model_validate(
        {"id": "c-1", "status": "created", "group": None}
    )
    assert connection.public_fields() == {"id": "c-1", "status": "created"}


def _spec(name: str) -> Any:
    return yaml.safe_load((SPEC / name).read_text())


def _examples(node: Any, schema_ref: str) -> list[Any]:
    """Every example in the spec next to a ``$ref`` to ``schema_ref``."""
    found: list[Any] = []
    if isinstance(node, dict):
        schema = node.get("schema")
        if isinstance(schema, dict):
            refs = [schema.get("$ref"), (schema.get("items") or {}).get("$ref")]
            if schema_ref in refs and "example" in node:
                example = node["example"]
                found += example if isinstance(example, list) else [example]
        for value in node.values():
            found += _examples(value, schema_ref)
    elif isinstance(node, list):
        for value in node:
            found += _examples(value, schema_ref)
    return found


@pytest.mark.skipif(not SPEC.is_dir(), reason="shared/ampersand-openapi is not checked out")
def test_spec_installation_and_connection_examples_parse() -> None:
    api = _spec("api/api.yaml")
    installations = _examples(api, "#/components/schemas/Installation")
    connections = _examples(api, "#/components/schemas/Connection")
    assert installations and connections
    for example in installations:
        InstallationResponse.model_validate(example)
    for example in connections:
        assert ConnectionResponse.model_validate(example).public_fields()["id"] == example["id"]


@pytest.mark.skipif(not SPEC.is_dir(), reason="shared/ampersand-openapi is not checked out")
def test_spec_problem_examples_parse() -> None:
    schemas = _spec("problem/problem.yaml")["components"]["schemas"]
    problem = InputValidationProblem.model_validate(schemas["InputValidationProblem"]["example"])
    assert [issue.location for issue in problem.issues] == ["path", "body"]
    assert problem.issues[1].name == "items[0].examplePropertyWithPattern"
    assert problem.issues[0].value == "abc"
    generic = ApiProblem.model_validate(schemas["Problem"]["example"])
    assert generic.status == 400
