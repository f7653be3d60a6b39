"""Error responses become the right class with one actionable message; the key never leaks."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pulumi_ampersand._client import AmpersandClient
from pulumi_ampersand._errors import (
    AmbiguousRequestError,
    AmpersandError,
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DeadlineExceededError,
    InputValidationError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from pulumi_ampersand._retry import RetryPolicy
from pulumi_ampersand.models.problem import ApiProblem, InputValidationProblem

from .support import CONNECTION, FAKE_KEY, Api, problem

MakeClient = Callable[..., AmpersandClient]
NO_RETRY = RetryPolicy(max_attempts=1)
ISSUES = [{"name": "latestRevision.content.read", "detail": "objects must not be empty"}]


@pytest.mark.parametrize(
    ("status", "issues", "cls"),
    [
        (400, None, BadRequestError),
        (400, ISSUES, InputValidationError),
        (401, None, AuthenticationError),
        (403, None, AuthenticationError),
        (404, None, NotFoundError),
        (404, ISSUES, NotFoundError),  # the status class wins: `except NotFoundError` works
        (409, None, ConflictError),
        (418, None, APIError),
        (418, ISSUES, InputValidationError),
        (422, None, InputValidationError),
        (422, ISSUES, InputValidationError),
        (429, None, RateLimitError),
        (500, None, ServerError),
        (503, None, ServerError),
    ],
)
def test_problem_maps_to_its_class(
    make_client: MakeClient, status: int, issues: list[dict[str, str]] | None, cls: type[APIError]
) -> None:
    fields: dict[str, Any] = {"issues": issues} if issues else {}
    api = Api(problem(status, title="T", detail="D", requestId="req-1", **fields))
    with pytest.raises(APIError) as caught:
        make_client(api, retry=NO_RETRY).list_integrations("my-project")

    error = caught.value
    assert type(error) is cls
    assert (error.status, error.title, error.detail, error.request_id) == (
        status,
        "T",
        "D",
        "req-1",
    )
    assert (error.method, error.path) == ("GET", "/projects/my-project/integrations")
    assert isinstance(error.problem, InputValidationProblem if issues else ApiProblem)
    assert [issue.name for issue in error.issues] == [i["name"] for i in issues or []]


def test_message_is_one_actionable_text(make_client: MakeClient) -> None:
    api = Api(
        problem(
            422,
            title="Unprocessable Entity",
            detail="the integration is invalid",
            requestId="89eb1ffb#87715",
            remedy="Fix the listed fields and deploy again",
            issues=[
                {"in": "body", "name": "read.objects[0].schedule", "detail": "too frequent"},
                {"in": "body", "title": "missing destination"},
            ],
        )
    )
    with pytest.raises(InputValidationError) as caught:
        make_client(api).get_integration("my-project", "crm")

    assert str(caught.value) == (
        "GET /projects/my-project/integrations/crm failed: 422 Unprocessable Entity"
        " — the integration is invalid (request id 89eb1ffb#87715)\n"
        "  - read.objects[0].schedule: too frequent\n"
        "  - missing destination\n"
        "  remedy: Fix the listed fields and deploy again"
    )
    assert caught.value.issues[0].location == "body"
    assert caught.value.retryable is False


def test_not_found_message(make_client: MakeClient) -> None:
    api = Api(problem(404, title="Not Found", detail="integration nope not found"))
    with pytest.raises(NotFoundError) as caught:
        make_client(api).get_integration("my-project", "nope")
    assert str(caught.value) == (
        "GET /projects/my-project/integrations/nope failed: 404 Not Found"
        " — integration nope not found"
    )


def test_causes_are_listed(make_client: MakeClient) -> None:
    api = Api(problem(400, detail="bad", causes=["database query failed", "timeout"]))
    with pytest.raises(BadRequestError, match="caused by: database query failed; timeout"):
        make_client(api).list_integrations("p")


def test_authentication_error_says_how_to_set_the_key(make_client: MakeClient) -> None:
    api = Api(problem(401, title="Unauthorized"))
    with pytest.raises(AuthenticationError) as caught:
        make_client(api).list_integrations("p")
    message = str(caught.value)
    assert "pulumi config set --secret ampersand:apiKey" in message
    assert "AMP_API_KEY" in message


def test_an_explanation_leads_the_message_in_place_of_the_hint(make_client: MakeClient) -> None:
    api = Api(problem(401, title="Unauthorized", detail="bad key", requestId="r-7"))
    with pytest.raises(AuthenticationError) as caught:
        make_client(api).list_integrations("p")
    caught.value.explain("The key was rotated.")
    assert str(caught.value) == (
        "The key was rotated.\n"
        "  GET /projects/p/integrations failed: 401 Unauthorized — bad key (request id r-7)"
    )
    assert caught.value.explanation == "The key was rotated."
    assert (caught.value.status, caught.value.request_id) == (401, "r-7")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", b"<html>502 Bad Gateway</html>"),
        ("application/json", b'{"title": "not a problem content type"}'),
        ("application/problem+json", b"{not json"),
        ("application/problem+json", b"[1, 2]"),
        ("application/problem+json", b'{"status": "not a number"}'),
    ],
)
def test_other_bodies_fall_back_to_the_bare_status(
    make_client: MakeClient, content_type: str, body: bytes
) -> None:
    api = Api(
        httpx.Response(
            502, content=body, headers={"content-type": content_type, "x-request-id": "r-9"}
        )
    )
    with pytest.raises(ServerError) as caught:
        make_client(api, retry=NO_RETRY).list_integrations("p")
    error = caught.value
    assert (error.problem, error.detail, error.title) == (None, None, "Bad Gateway")
    assert str(error) == "GET /projects/p/integrations failed: 502 Bad Gateway (request id r-9)"


def test_problem_retry_advice_is_kept(make_client: MakeClient) -> None:
    api = Api(problem(429, retryable=True, retryAfter="2024-04-22T18:56:28Z"))
    with pytest.raises(RateLimitError) as caught:
        make_client(api, retry=NO_RETRY).list_integrations("p")
    assert caught.value.retryable is True
    assert caught.value.retry_after == 60.0
    assert "wait 60 s" in str(caught.value)


def test_success_body_that_does_not_parse_names_fields_but_not_values(
    make_client: MakeClient,
) -> None:
    leaky = {**CONNECTION, "id": None, "apiKey": "provider-secret-123"}
    api = Api(httpx.Response(200, json=leaky))
    with pytest.raises(APIError) as caught:
        make_client(api).get_connection("p", "c")
    assert "id" in str(caught.value)
    assert "provider-secret-123" not in str(caught.value)


def _all_text(error: BaseException) -> str:
    """Everything a user could see: str, repr, and the formatted chain with tracebacks."""
    parts = ["".join(traceback.format_exception(error))]
    seen: BaseException | None = error
    while seen is not None:
        parts += [str(seen), repr(seen), repr(getattr(seen, "problem", None))]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(parts)


def _echo_key_problem(status: int) -> httpx.Response:
    return problem(
        status,
        title=f"Key {FAKE_KEY} rejected",
        detail=f"api key {FAKE_KEY} is invalid",
        remedy=f"do not send {FAKE_KEY}",
        issues=[{"name": "X-Api-Key", "detail": f"value {FAKE_KEY}", "value": FAKE_KEY}],
    )


KEY_LEAK_CASES: list[tuple[str, str, list[object]]] = [
    ("401 echoing the key", "GET", [_echo_key_problem(401)]),
    ("422 echoing the key", "GET", [_echo_key_problem(422)]),
    (
        "html echoing the key",
        "GET",
        [httpx.Response(403, text=f"bad key {FAKE_KEY}", headers={"content-type": "text/html"})],
    ),
    ("transport error naming the key", "GET", [httpx.ConnectError(f"refused for {FAKE_KEY}")]),
    ("ambiguous POST", "POST", [httpx.ReadTimeout(f"timed out {FAKE_KEY}")]),
    ("ambiguous POST 500", "POST", [_echo_key_problem(500)]),
    ("deadline", "GET", [_echo_key_problem(503)]),
]


@pytest.mark.parametrize(
    ("method", "answers"), [c[1:] for c in KEY_LEAK_CASES], ids=[c[0] for c in KEY_LEAK_CASES]
)
def test_the_api_key_never_appears_in_any_error(
    make_client: MakeClient, method: str, answers: list[httpx.Response | Exception]
) -> None:
    api = Api(*answers)
    client = make_client(api, retry=RetryPolicy(max_attempts=3, deadline=1.0, jitter=0.0))
    with pytest.raises(AmpersandError) as caught:
        if method == "GET":
            client.list_integrations("p")
        else:
            client.create_installation("p", "i", group_ref="g", content={})
    assert isinstance(
        caught.value,
        (APIError, TransportError, AmbiguousRequestError, DeadlineExceededError),
    )
    assert FAKE_KEY not in _all_text(caught.value)
    assert api.requests[0].headers["x-api-key"] == FAKE_KEY  # it was sent, just never shown
