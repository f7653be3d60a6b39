"""Each client method sends exactly what the spec says, and parses what the spec returns."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import pulumi_ampersand
from pulumi_ampersand._client import AmpersandClient, escape_mask_segment
from pulumi_ampersand._errors import AmbiguousRequestError, ConfigurationError, NotFoundError
from pulumi_ampersand.models.api import (
    ConnectionResponse,
    InstallationResponse,
    IntegrationResponse,
)

from ..fresh_process import run_fresh
from .support import CONNECTION, FAKE_KEY, INSTALLATION, INTEGRATION, Api, body_of, problem

P = "/v1/projects/my-project"
INT = f"{P}/integrations/{INTEGRATION['id']}"
INST = f"{INT}/installations/{INSTALLATION['id']}"

MakeClient = Callable[..., AmpersandClient]
MODEL_OF = {
    INTEGRATION["id"]: IntegrationResponse,
    INSTALLATION["id"]: InstallationResponse,
    CONNECTION["id"]: ConnectionResponse,
}

# (call, method, raw path with query, JSON body or None, answer status, answer body)
CASES: list[tuple[str, Callable[[AmpersandClient], Any], str, str, Any, int, Any]] = [
    ("list_integrations", lambda c: c.list_integrations("my-project"),
     "GET", f"{P}/integrations", None, 200, [INTEGRATION]),
    ("get_integration", lambda c: c.get_integration("my-project", "my-integration"),
     "GET", f"{P}/integrations/my-integration", None, 200, INTEGRATION),
    ("delete_integration", lambda c: c.delete_integration("my-project", "my-integration"),
     "DELETE", f"{P}/integrations/my-integration", None, 204, None),
    ("list_installations", lambda c: c.list_installations("my-project", INTEGRATION["id"]),
     "GET", f"{INT}/installations", None, 200, [INSTALLATION]),
    ("list_installations by group", lambda c: c.list_installations(
        "my-project", INTEGRATION["id"], group_ref="org 1&2"),
     "GET", f"{INT}/installations?groupRef=org+1%262", None, 200, [INSTALLATION]),
    ("get_installation", lambda c: c.get_installation(
        "my-project", INTEGRATION["id"], INSTALLATION["id"]),
     "GET", INST, None, 200, INSTALLATION),
    ("create_installation minimal", lambda c: c.create_installation(
        "my-project", INTEGRATION["id"], group_ref="org_12345",
        content={"provider": "salesforce", "proxy": {"enabled": True}}),
     "POST", f"{INT}/installations",
     {"groupRef": "org_12345",
      "config": {"content": {"provider": "salesforce", "proxy": {"enabled": True}}}},
     201, INSTALLATION),
    ("create_installation full", lambda c: c.create_installation(
        "my-project", INTEGRATION["id"], group_ref="org_12345", content={"provider": "sf"},
        connection_id="conn-1", created_by="api:pulumi"),
     "POST", f"{INT}/installations",
     {"groupRef": "org_12345", "connectionId": "conn-1",
      "config": {"content": {"provider": "sf"}, "createdBy": "api:pulumi"}},
     201, INSTALLATION),
    ("update_installation", lambda c: c.update_installation(
        "my-project", INTEGRATION["id"], INSTALLATION["id"],
        update_mask=("config.content.proxy.enabled",),
        installation={"config": {"content": {"proxy": {"enabled": False}}}}),
     "PATCH", INST,
     {"updateMask": ["config.content.proxy.enabled"],
      "installation": {"config": {"content": {"proxy": {"enabled": False}}}}},
     200, INSTALLATION),
    ("delete_installation", lambda c: c.delete_installation(
        "my-project", INTEGRATION["id"], INSTALLATION["id"]),
     "DELETE", INST, None, 204, None),
    ("list_connections", lambda c: c.list_connections("my-project"),
     "GET", f"{P}/connections", None, 200, [CONNECTION]),
    ("list_connections filtered", lambda c: c.list_connections(
        "my-project", group_ref="org_12345", provider="salesforce"),
     "GET", f"{P}/connections?groupRef=org_12345&provider=salesforce", None, 200, [CONNECTION]),
    ("get_connection", lambda c: c.get_connection("my-project", CONNECTION["id"]),
     "GET", f"{P}/connections/{CONNECTION['id']}", None, 200, CONNECTION),
    ("generate_connection", lambda c: c.generate_connection(
        "my-project",
        {"groupRef": "g", "consumerRef": "u", "provider": "apollo", "apiKey": "provider-key"}),
     "POST", f"{P}/connections:generate",
     {"groupRef": "g", "consumerRef": "u", "provider": "apollo", "apiKey": "provider-key"},
     201, CONNECTION),
]  # fmt: skip


def _answer(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status) if body is None else httpx.Response(status, json=body)


@pytest.mark.parametrize(
    ("call", "method", "target", "body", "status", "answer"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_request_is_exactly_as_the_spec_says(
    make_client: MakeClient,
    call: Callable[[AmpersandClient], Any],
    method: str,
    target: str,
    body: Any,
    status: int,
    answer: Any,
) -> None:
    api = Api(_answer(status, answer))
    result = call(make_client(api))

    (request,) = api.requests
    assert request.method == method
    assert request.url.raw_path.decode() == target
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert body_of(request) == body
    if answer is None:
        assert result is None
        return
    assert isinstance(result, list) == isinstance(answer, list)
    answers, results = (answer, result) if isinstance(answer, list) else ([answer], [result])
    assert [(type(r), r.id) for r in results] == [(MODEL_OF[a["id"]], a["id"]) for a in answers]


def test_every_request_carries_the_key_and_client_headers(make_client: MakeClient) -> None:
    api = Api(httpx.Response(200, json=[]))
    make_client(api).list_integrations("my-project")

    headers = api.last.headers
    assert headers["x-api-key"] == FAKE_KEY
    assert headers["accept"] == "application/json"
    assert headers["user-agent"] == f"pulumi-ampersand/{pulumi_ampersand.__version__}"
    assert headers["x-amp-client"] == "pulumi-ampersand"
    assert "authorization" not in headers


def test_the_version_is_the_installed_distribution_version() -> None:
    assert pulumi_ampersand.__version__ == importlib.metadata.version("pulumi-ampersand")


def test_path_parameters_are_percent_encoded_but_custom_method_colons_are_not(
    make_client: MakeClient,
) -> None:
    api = Api()
    client = make_client(api)

    api.answers = [httpx.Response(200, json=INTEGRATION)]
    client.get_integration("my project", "a/b:c?d")
    assert api.last.url.raw_path == b"/v1/projects/my%20project/integrations/a%2Fb%3Ac%3Fd"

    api.answers = [httpx.Response(201, json=CONNECTION)]
    client.generate_connection("p/x", {"groupRef": "g"})
    assert api.last.url.raw_path == b"/v1/projects/p%2Fx/connections:generate"


@pytest.mark.parametrize("empty", ["", None])
def test_empty_path_parameters_are_rejected_by_name(make_client: MakeClient, empty: Any) -> None:
    api = Api(httpx.Response(200, json=INTEGRATION))
    with pytest.raises(ValueError, match="integration_id_or_name must be a non-empty string"):
        make_client(api).get_integration("my-project", empty)
    assert api.requests == []


def test_create_integration_posts_then_reads_back_by_name(make_client: MakeClient) -> None:
    api = Api(httpx.Response(201), httpx.Response(200, json=INTEGRATION))
    content = {"displayName": "CRM", "proxy": {"enabled": True}}

    integration = make_client(api).create_integration(
        "my-project",
        name="my-integration",
        provider="salesforce",
        spec_version="1.0.0",
        content=content,
    )

    post, get = api.requests
    assert (post.method, post.url.raw_path) == ("POST", b"/v1/projects/my-project/integrations")
    assert body_of(post) == {
        "name": "my-integration",
        "provider": "salesforce",
        "latestRevision": {
            "specVersion": "1.0.0",
            "content": {
                "displayName": "CRM",
                "proxy": {"enabled": True},
                "name": "my-integration",
                "provider": "salesforce",
            },
        },
    }
    assert (get.method, get.url.raw_path) == (
        "GET",
        b"/v1/projects/my-project/integrations/my-integration",
    )
    assert integration.id == INTEGRATION["id"]
    assert integration.latest_revision.content["proxy"] == {"enabled": True}


@pytest.mark.parametrize(
    ("destructive", "query"), [(False, b""), (True, b"?destructive=true")], ids=["", "destructive"]
)
def test_create_revision_posts_then_reads_the_integration_back(
    make_client: MakeClient, destructive: bool, query: bytes
) -> None:
    api = Api(httpx.Response(201), httpx.Response(200, json=INTEGRATION))

    integration = make_client(api).create_revision(
        "my-project", INTEGRATION["id"], source_yaml="specVersion: 1.0.0\n", destructive=destructive
    )

    post, get = api.requests
    assert (post.method, post.url.raw_path) == ("POST", f"{INT}/revisions".encode() + query)
    assert body_of(post) == {"sourceYaml": "specVersion: 1.0.0\n"}
    assert (get.method, get.url.raw_path) == ("GET", INT.encode())
    assert integration.latest_revision.id == INTEGRATION["latestRevision"]["id"]


def test_create_integration_ambiguous_post_is_not_followed_by_a_get(
    make_client: MakeClient,
) -> None:
    api = Api(problem(502, title="Bad Gateway"), httpx.Response(200, json=INTEGRATION))
    with pytest.raises(AmbiguousRequestError):
        make_client(api).create_integration(
            "my-project", name="x", provider="salesforce", spec_version="1.0.0", content={}
        )
    assert [r.method for r in api.requests] == ["POST"]


def test_delete_integration_raises_not_found(make_client: MakeClient) -> None:
    api = Api(problem(404, title="Not Found", detail="no integration x"))
    with pytest.raises(NotFoundError):
        make_client(api).delete_integration("my-project", "x")


def test_spec_installation_example_parses(make_client: MakeClient) -> None:
    api = Api(httpx.Response(200, json=INSTALLATION))
    installation = make_client(api).get_installation("my-project", "i", "x")
    assert installation.group is not None and installation.group.group_ref == "org_12345"
    assert installation.config.revision_id == "revision-1"
    assert installation.connection.public_fields()["group_ref"] == "org_12345"


def test_a_request_goes_out_before_pydantic_is_imported_and_the_answer_is_parsed() -> None:
    """In a fresh process: the response models load when the first answer is parsed.

    That lets the provider process import them while its first requests are in flight.
    """
    script = """
import json, sys
import httpx
from pulumi_ampersand._client import AmpersandClient
seen = []
def answer(request):
    seen.append("pydantic" in sys.modules)
    return httpx.Response(200, json=json.loads(sys.stdin.read()))
client = AmpersandClient("k", transport=httpx.MockTransport(answer))
installation = client.get_installation("p", "i", "x")
print(json.dumps([seen, type(installation).__name__, installation.group.group_ref]))
"""
    assert run_fresh(script, INSTALLATION) == [[False], "InstallationResponse", "org_12345"]


@pytest.mark.parametrize(
    ("name", "segment"),
    [
        ("contacts", "contacts"),
        ("a.b", r"a\.b"),
        ("a/b:c", r"a\/b\:c"),
        ("x.y.z", r"x\.y\.z"),
    ],
)
def test_escape_mask_segment(name: str, segment: str) -> None:
    assert escape_mask_segment(name) == segment


@pytest.mark.parametrize(
    ("key", "url", "message"),
    [
        ("", "https://api.withampersand.com/v1", "ampersand:apiKey"),
        ("  ", "https://api.withampersand.com/v1", "AMP_API_KEY"),
        ("k", "ftp://api.withampersand.com/v1", "ampersand:apiUrl"),
        ("k", "api.withampersand.com", "AMP_API_URL"),
    ],
)
def test_bad_settings_raise_configuration_error(key: str, url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        AmpersandClient(key, url)


def test_client_is_a_context_manager_and_its_repr_hides_the_key() -> None:
    with AmpersandClient(FAKE_KEY, transport=httpx.MockTransport(Api())) as client:
        assert FAKE_KEY not in repr(client)
        assert "api.withampersand.com" in repr(client)
