"""The one send loop: it retries what the policy allows, sleeps as told, and stops in time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from pulumi_ampersand._client import AmpersandClient
from pulumi_ampersand._errors import (
    AmbiguousRequestError,
    DeadlineExceededError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from pulumi_ampersand._retry import RetryPolicy

from .support import INSTALLATION, INTEGRATION, Api, FakeTime, problem

MakeClient = Callable[..., AmpersandClient]
OK_LIST = httpx.Response(200, json=[INTEGRATION])
CREATED = httpx.Response(201, json=INSTALLATION)


def create(client: AmpersandClient) -> object:
    return client.create_installation("p", "i", group_ref="g", content={"provider": "sf"})


def test_429_with_retry_after_sleeps_exactly_that_long(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    api = Api(problem(429, headers={"Retry-After": "7"}), OK_LIST)
    assert make_client(api).list_integrations("p")[0].name == "my-integration"
    assert fake_time.sleeps == [7.0]
    assert len(api.requests) == 2


@pytest.mark.parametrize(
    ("headers", "fields", "slept"),
    [
        ({"Retry-After": "Mon, 22 Apr 2024 18:55:40 GMT"}, {}, 12.0),
        ({"X-Amp-Retry-After": "2024-04-22T18:55:33Z"}, {}, 5.0),
        ({}, {"retryAfter": "2024-04-22T18:55:31.5Z"}, 3.5),
        ({"Retry-After": "whenever"}, {}, 0.5),  # garbage: plain backoff
    ],
)
def test_429_hint_forms(
    make_client: MakeClient,
    fake_time: FakeTime,
    headers: dict[str, str],
    fields: dict[str, str],
    slept: float,
) -> None:
    api = Api(problem(429, headers=headers, **fields), OK_LIST)
    make_client(api).list_integrations("p")
    assert fake_time.sleeps == [pytest.approx(slept)]


def test_post_429_is_retried(make_client: MakeClient, fake_time: FakeTime) -> None:
    api = Api(problem(429, headers={"Retry-After": "1"}), CREATED)
    create(make_client(api))
    assert [r.method for r in api.requests] == ["POST", "POST"]


@pytest.mark.parametrize("call", [lambda c: c.list_integrations("p"), create])
def test_503_then_success(
    make_client: MakeClient, fake_time: FakeTime, call: Callable[[AmpersandClient], object]
) -> None:
    api = Api(problem(503, title="Service Unavailable"), OK_LIST if call is not create else CREATED)
    call(make_client(api))
    assert len(api.requests) == 2
    assert fake_time.sleeps == [0.5]


def test_500_on_get_is_retried(make_client: MakeClient, fake_time: FakeTime) -> None:
    api = Api(problem(500), problem(502), OK_LIST)
    make_client(api).list_integrations("p")
    assert len(api.requests) == 3
    assert fake_time.sleeps == [0.5, 1.0]


@pytest.mark.parametrize("status", [500, 502, 504])
def test_5xx_on_post_is_ambiguous_at_once(
    make_client: MakeClient, fake_time: FakeTime, status: int
) -> None:
    api = Api(problem(status, detail="boom", requestId="r-1"), CREATED)
    with pytest.raises(AmbiguousRequestError) as caught:
        create(make_client(api))
    assert len(api.requests) == 1
    assert fake_time.sleeps == []
    assert isinstance(caught.value.__cause__, ServerError)
    assert "may or may not have taken effect" in str(caught.value)
    assert "boom (request id r-1)" in str(caught.value)
    assert (caught.value.method, caught.value.path) == (
        "POST",
        "/projects/p/integrations/i/installations",
    )


def test_connect_error_on_post_is_retried(make_client: MakeClient, fake_time: FakeTime) -> None:
    api = Api(httpx.ConnectError("connection refused"), httpx.ConnectTimeout("slow"), CREATED)
    create(make_client(api))
    assert [r.method for r in api.requests] == ["POST"] * 3


@pytest.mark.parametrize(
    "exc",
    [
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset by peer"),
        httpx.ReadTimeout("timed out"),
        httpx.WriteTimeout("timed out"),
    ],
)
def test_post_failing_after_send_is_ambiguous_at_once(
    make_client: MakeClient, fake_time: FakeTime, exc: Exception
) -> None:
    api = Api(exc, CREATED)
    with pytest.raises(AmbiguousRequestError, match="Look the object up"):
        create(make_client(api))
    assert len(api.requests) == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize(
    "exc", [httpx.RemoteProtocolError("dropped"), httpx.ReadTimeout("slow"), httpx.ReadError("x")]
)
def test_get_failing_after_send_is_retried(make_client: MakeClient, exc: Exception) -> None:
    api = Api(exc, OK_LIST)
    make_client(api).list_integrations("p")
    assert len(api.requests) == 2


def test_retryable_false_on_503_is_not_retried(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    api = Api(problem(503, retryable=False), OK_LIST)
    with pytest.raises(ServerError) as caught:
        make_client(api).list_integrations("p")
    assert len(api.requests) == 1
    assert caught.value.retryable is False


def test_retryable_true_makes_a_conflict_retryable(make_client: MakeClient) -> None:
    api = Api(problem(409, retryable=True), CREATED)
    create(make_client(api))
    assert len(api.requests) == 2


def test_client_errors_are_not_retried(make_client: MakeClient) -> None:
    api = Api(problem(404, title="Not Found"), OK_LIST)
    with pytest.raises(NotFoundError):
        make_client(api).list_integrations("p")
    assert len(api.requests) == 1


def test_attempts_are_bounded(make_client: MakeClient, fake_time: FakeTime) -> None:
    api = Api(problem(503))
    with pytest.raises(ServerError):
        make_client(api).list_integrations("p")
    assert len(api.requests) == 6
    assert fake_time.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0]


def test_rate_limit_after_the_last_attempt_is_raised(make_client: MakeClient) -> None:
    api = Api(problem(429, headers={"Retry-After": "1"}))
    with pytest.raises(RateLimitError) as caught:
        make_client(api, retry=RetryPolicy(max_attempts=2)).list_integrations("p")
    assert caught.value.retry_after == 1.0
    assert len(api.requests) == 2


def test_connect_errors_end_in_transport_error(make_client: MakeClient) -> None:
    api = Api(httpx.ConnectError("connection refused"))
    with pytest.raises(TransportError) as caught:
        create(make_client(api, retry=RetryPolicy(max_attempts=3, jitter=0.0)))
    assert not isinstance(caught.value, AmbiguousRequestError)
    assert len(api.requests) == 3
    assert "after 3 attempt(s)" in str(caught.value)
    assert "ConnectError: connection refused" in str(caught.value)


def test_deadline_bounds_slow_failures(make_client: MakeClient, fake_time: FakeTime) -> None:
    def slow() -> None:
        fake_time.elapsed += 50.0  # every attempt takes 50 s of the 120 s deadline

    api = Api(problem(503), on_request=slow)
    with pytest.raises(DeadlineExceededError) as caught:
        make_client(api).get_integration("my-project", "crm")

    error = caught.value
    assert len(api.requests) == error.attempts == 3
    assert error.elapsed <= 120.0 + 50.0
    assert str(error).startswith(
        "GET /projects/my-project/integrations/crm gave up after 3 attempt(s)"
    )
    assert "120 s retry deadline" in str(error)
    assert isinstance(error.__cause__, ServerError)


def test_deadline_stops_a_wait_the_server_asks_for(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    api = Api(problem(429, headers={"Retry-After": "50"}))
    policy = RetryPolicy(deadline=60.0, max_retry_after=60.0)
    with pytest.raises(DeadlineExceededError):
        make_client(api, retry=policy).list_integrations("p")
    assert fake_time.sleeps == [50.0]
    assert len(api.requests) == 2


def test_each_attempt_gets_at_most_the_time_left(
    make_client: MakeClient, fake_time: FakeTime
) -> None:
    def slow() -> None:
        fake_time.elapsed += 55.0

    api = Api(problem(503), OK_LIST, on_request=slow)
    make_client(api, retry=RetryPolicy(deadline=60.0, jitter=0.0)).list_integrations("p")
    first, second = (r.extensions["timeout"]["read"] for r in api.requests)
    assert first == 30.0
    assert second == pytest.approx(60.0 - 55.5)


def test_one_client_is_shared_safely_by_many_threads() -> None:
    lock = threading.Lock()
    failed_once: set[str] = set()

    def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        with lock:
            first = name not in failed_once
            failed_once.add(name)
        if first:  # every name fails once, so retries interleave across threads
            return problem(503)
        return httpx.Response(200, json={**INTEGRATION, "name": name})

    api = Api(handler)
    names = [f"integration-{n}" for n in range(200)]
    client = AmpersandClient("k", transport=httpx.MockTransport(api), sleep=lambda _: None)
    with client, ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda n: client.get_integration("p", n).name, names))
    assert results == names
    assert len(api.requests) == 400
