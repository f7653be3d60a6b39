"""Contract: every implemented route's success and error responses validate against the spec.

The shared OpenAPI document (``../shared/ampersand-openapi/api/api.yaml``, with its relative
``$ref``\\ s to ``../problem``, ``../manifest`` and ``../config``) is loaded by openapi-core, which
picks the operation from the URL, then the response by status (or ``default``), and validates
the body against its schema. ``application/problem+json`` is deserialised as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from pulumi_ampersand.emulator import Backend, EmulatorApp, Request, Response, emulator_transport
from pulumi_ampersand.emulator.app import api_routes

from .support import (
    API_KEY,
    GROUP,
    PROJECT,
    REVISION_CONTENT,
    connection_body,
    installation_body,
    integration_body,
    read_object,
)

SPEC = (
    Path(__file__).resolve().parents[3].parent / "shared" / "ampersand-openapi" / "api" / "api.yaml"
)
SERVER = "https://api.withampersand.com"

Exchange = tuple[Request, Response]


@pytest.fixture(scope="module")
def spec() -> OpenAPI:
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_file_path(str(SPEC), config=config)


@pytest.fixture(scope="module")
def raw_spec() -> dict[str, Any]:
    return dict(yaml.safe_load(SPEC.read_text()))


def run_scenario() -> list[Exchange]:
    """Exercise every route, with successes and errors; return every exchange."""
    exchanges: list[Exchange] = []
    app = EmulatorApp(Backend(random_seed=11), api_key=API_KEY)

    def recording(request: Request) -> Response:
        response = app(request)
        exchanges.append((request, response))
        return response

    with httpx.Client(
        transport=emulator_transport(recording),
        base_url="http://emulator/v1",
        headers={"X-Api-Key": API_KEY},
    ) as api:
        p = f"/projects/{PROJECT}"
        api.get(f"{p}/integrations", headers={"X-Api-Key": "wrong"})  # 401
        api.post(f"{p}/integrations", json=integration_body())  # 201
        api.post(f"{p}/integrations", json=integration_body())  # 409
        api.post(f"{p}/integrations", json={"name": "x"})  # 422
        api.post(f"{p}/integrations", content=b"{")  # 400
        integration = api.get(f"{p}/integrations/crm").json()  # 200
        api.get(f"{p}/integrations/missing")  # 404
        api.get(f"{p}/integrations")  # 200
        source = yaml.safe_dump(
            {
                "specVersion": "1.0.0",
                "integrations": [{"name": "crm", "provider": "salesforce"} | REVISION_CONTENT],
            }
        )
        api.post(
            f"{p}/integrations/{integration['id']}/revisions", json={"sourceYaml": source}
        )  # 201
        api.post(
            f"{p}/integrations/{integration['id']}/revisions", json={"sourceYaml": "specVersion: 2"}
        )  # 422
        api.post(
            f"{p}/integrations/missing/revisions", json={"sourceYaml": source}
        )  # 404 (default)
        batch = yaml.safe_dump(
            {
                "specVersion": "1.0.0",
                "integrations": [
                    {"name": "temp", "provider": "hubspot", "proxy": {"enabled": True}}
                ],
            }
        )
        api.put(f"{p}/integrations:batch", json={"sourceYaml": batch})  # 200
        api.put(f"{p}/integrations:batch", json={})  # 422
        api.delete(f"{p}/integrations/temp")  # 204
        api.delete(f"{p}/integrations/temp")  # 404
        installations = f"{p}/integrations/{integration['id']}/installations"
        api.post(installations, json=installation_body())  # 422: no connection
        connection = api.post(f"{p}/connections:generate", json=connection_body()).json()  # 201
        api.post(
            f"{p}/connections:generate",
            json=connection_body("beta", "hubspot", apiKey="k"),
        )  # 201
        api.post(f"{p}/connections:generate", json={"groupRef": GROUP})  # 400
        api.post(f"{p}/connections:generate", json=connection_body(basicAuth={}))  # 422
        api.get(f"{p}/connections", params={"groupRef": GROUP})  # 200
        api.get(
            f"{p}/connections/{connection['id']}", params={"includeRefreshToken": "true"}
        )  # 200
        api.get(f"{p}/connections/missing")  # 404
        content = {
            "read": {"objects": {"account": read_object()}},
            "write": {"objects": {"lead": {"objectName": "lead"}}},
        }
        installation = api.post(installations, json=installation_body(**content)).json()  # 201
        api.post(installations, json=installation_body())  # 409
        api.post(installations, json={"groupRef": GROUP})  # 400
        api.get(installations, params={"groupRef": GROUP})  # 200
        api.get(f"{p}/installations")  # 200
        one = f"{installations}/{installation['id']}"
        api.get(one)  # 200
        api.get(f"{installations}/missing")  # 404 (default)
        api.patch(
            one,
            json={
                "updateMask": ["config.content.read.objects.contact"],
                "installation": {
                    "config": {
                        "content": {"read": {"objects": {"contact": read_object("contact")}}}
                    }
                },
            },
        )  # 200
        api.patch(
            one, json={"updateMask": ["config.content.read.objects"], "installation": {}}
        )  # 400
        api.patch(
            one,
            json={
                "updateMask": ["config.content.write.objects.ghost"],
                "installation": {
                    "config": {
                        "content": {"write": {"objects": {"ghost": {"objectName": "ghost"}}}}
                    }
                },
            },
        )  # 422
        api.delete(f"{p}/connections/{connection['id']}")  # 409 (in use)
        api.delete(one)  # 204
        api.delete(one)  # 404 (default)
        spare = api.get(f"{p}/connections").json()[0]
        api.delete(f"{p}/connections/{spare['id']}")  # 204
        api.delete(f"{p}/integrations/crm")  # 204
    return exchanges


@pytest.fixture(scope="module")
def exchanges() -> list[Exchange]:
    return run_scenario()


def mock_pair(request: Request, response: Response) -> tuple[MockRequest, MockResponse]:
    mock_request = MockRequest(
        SERVER, request.method.lower(), request.path, args=dict(httpx.QueryParams(request.query))
    )
    mock_response = MockResponse(
        response.body,
        status_code=response.status,
        content_type=response.headers.get("Content-Type", ""),
    )
    return mock_request, mock_response


def spec_response(raw_spec: dict[str, Any], request: Request, status: int) -> dict[str, Any]:
    """The spec's response object for this call (the listed status, else ``default``)."""
    for template, item in raw_spec["paths"].items():
        parts = re.split(r"(\{\w+\})", template)
        pattern = (
            "^/v1"
            + "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
            + "$"
        )
        if re.match(pattern, request.path) and request.method.lower() in item:
            responses = item[request.method.lower()]["responses"]
            return dict(responses.get(status) or responses.get(str(status)) or responses["default"])
    raise AssertionError(f"no spec operation for {request.method} {request.path}")


def test_every_route_is_exercised(exchanges: list[Exchange]) -> None:
    app = EmulatorApp(Backend())
    routes = {(r.method, r.template) for r in api_routes(app.backend)}
    seen = set()
    for request, _ in exchanges:
        for route in api_routes(app.backend):
            if route.method == request.method and route.pattern.match(
                request.path.removeprefix("/v1")
            ):
                seen.add((route.method, route.template))
    assert seen == routes


def test_every_status_is_exercised(exchanges: list[Exchange]) -> None:
    statuses = {response.status for _, response in exchanges}
    assert statuses == {200, 201, 204, 400, 401, 404, 409, 422}


def test_every_response_validates_against_the_spec(
    spec: OpenAPI, raw_spec: dict[str, Any], exchanges: list[Exchange]
) -> None:
    failures = []
    for request, response in exchanges:
        if not response.body:
            declared = spec_response(raw_spec, request, response.status)
            if declared.get("content"):
                failures.append(
                    f"{request.method} {request.path} -> {response.status}: empty, spec has content"
                )
            continue
        try:
            spec.validate_response(*mock_pair(request, response))
        except Exception as exc:  # collect every failure with its cause
            failures.append(
                f"{request.method} {request.path} -> {response.status}: {exc!r} {exc.__cause__!r}"
            )
    assert failures == []


def test_problem_bodies_carry_the_api_problem_fields(exchanges: list[Exchange]) -> None:
    for request, response in exchanges:
        if response.status < 400:
            continue
        assert response.headers["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == response.status
        assert problem["subsystem"] == "api"
        assert {"type", "title", "detail", "time", "requestId", "retryable"} <= set(problem)
        if response.status in (400, 422):
            assert problem["issues"], f"{request.method} {request.path}"
