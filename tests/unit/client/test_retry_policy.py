"""The pure retry decisions and delays, as tables."""

from __future__ import annotations

import pytest

from pulumi_ampersand._retry import (
    DEFAULT_RETRY,
    Outcome,
    RetryPolicy,
    is_ambiguous,
    parse_retry_after,
    retry_delay,
    server_retry_after,
    should_retry,
)

from .support import WALL_START

NOW = WALL_START  # 2024-04-22T18:55:28Z

RETRY, AMBIGUOUS, RAISE = "retry", "ambiguous", "raise"


def decision(method: str, status: int | None, outcome: Outcome, retryable: bool | None) -> str:
    if should_retry(method, status, outcome, retryable):
        return RETRY
    return AMBIGUOUS if is_ambiguous(method, status, outcome) else RAISE


S = Outcome.STATUS
DECISIONS = [
    # method, status, outcome, problem retryable, GET/PUT/PATCH/DELETE decision, POST decision
    (None, Outcome.CONNECT, None, RETRY, RETRY),
    (None, Outcome.TIMEOUT, None, RETRY, AMBIGUOUS),
    (None, Outcome.DROPPED, None, RETRY, AMBIGUOUS),
    (429, S, None, RETRY, RETRY),
    (503, S, None, RETRY, RETRY),
    (500, S, None, RETRY, AMBIGUOUS),
    (502, S, None, RETRY, AMBIGUOUS),
    (504, S, None, RETRY, AMBIGUOUS),
    (400, S, None, RAISE, RAISE),
    (404, S, None, RAISE, RAISE),
    (409, S, None, RAISE, RAISE),
    (422, S, None, RAISE, RAISE),
    (503, S, False, RAISE, RAISE),
    (429, S, False, RAISE, RAISE),
    (500, S, False, RAISE, AMBIGUOUS),
    (409, S, True, RETRY, RETRY),
    (500, S, True, RETRY, RETRY),
]


@pytest.mark.parametrize(("status", "outcome", "retryable", "idempotent", "post"), DECISIONS)
def test_decision_table(
    status: int | None, outcome: Outcome, retryable: bool | None, idempotent: str, post: str
) -> None:
    for method in ("GET", "PUT", "PATCH", "DELETE", "get"):
        assert decision(method, status, outcome, retryable) == idempotent, method
    assert decision("POST", status, outcome, retryable) == post


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        ("0", 0.0),
        ("1.5", 1.5),
        (" 7 ", 7.0),
        ("Mon, 22 Apr 2024 18:56:28 GMT", 60.0),  # HTTP date
        ("Mon, 22 Apr 2024 18:50:00 GMT", 0.0),  # in the past
        ("2024-04-22T18:56:28Z", 60.0),  # RFC 3339 (problem retryAfter, X-Amp-Retry-After)
        ("2024-04-22T18:56:28.5Z", 60.5),
        ("2024-04-22T18:56:28.500000000Z", 60.5),  # nanoseconds
        ("2024-04-22T20:56:28+02:00", 60.0),
        ("2024-04-22t18:56:28z", 60.0),
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Mon, 32 Apr 2024 99:00:00 GMT", None),
        ("2024-13-45T00:00:00Z", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("header", "body", "seconds"),
    [
        ("5", None, 5.0),
        (None, "2024-04-22T18:55:38Z", 10.0),
        ("5", "2024-04-22T18:55:38Z", 10.0),  # the later of the two
        ("garbage", "also garbage", None),
        (None, None, None),
    ],
)
def test_server_retry_after_takes_the_later_hint(
    header: str | None, body: str | None, seconds: float | None
) -> None:
    assert server_retry_after(header, body, NOW) == seconds


def test_retry_delay_obeys_the_server_up_to_the_cap() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert retry_delay(policy, 1, retry_after_header="12", now=NOW) == 12.0
    assert retry_delay(policy, 1, problem_retry_after="2024-04-22T18:55:31Z", now=NOW) == 3.0
    assert retry_delay(policy, 1, retry_after_header="600", now=NOW) == 60.0


def test_retry_delay_backs_off_exponentially_with_jitter_below_the_cap() -> None:
    policy = RetryPolicy(initial_delay=0.5, multiplier=2.0, max_delay=30.0, jitter=0.25)
    no_jitter = [retry_delay(policy, n, now=NOW, random=lambda: 0.0) for n in range(1, 9)]
    assert no_jitter == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    full_jitter = [retry_delay(policy, n, now=NOW, random=lambda: 1.0) for n in range(1, 4)]
    assert full_jitter == [0.375, 0.75, 1.5]
    assert retry_delay(policy, 10_000, now=NOW) <= 30.0  # no overflow for absurd attempts


def test_default_policy_constants() -> None:
    expected = RetryPolicy(
        max_attempts=6,
        initial_delay=0.5,
        max_delay=30.0,
        multiplier=2.0,
        jitter=0.25,
        max_retry_after=60.0,
        deadline=120.0,
    )
    assert expected == DEFAULT_RETRY


@pytest.mark.parametrize(
    "kwargs", [{"max_attempts": 0}, {"jitter": 1.5}, {"deadline": -1.0}, {"initial_delay": -1}]
)
def test_invalid_policies_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
