"""The retry policy, in one place: when a failed request may be sent again, and after how long.

Everything here is pure (time and randomness are arguments), so the decisions are tested with
tables. The client's send loop is the only caller.

Decision table (``should_retry`` → retry; ``is_ambiguous`` → ``AmbiguousRequestError``;
otherwise the error is raised as is):

========================================  ==========================  =========
outcome                                   GET / PUT / PATCH / DELETE  POST
========================================  ==========================  =========
connect error (nothing was sent)          retry                       retry
read/write timeout, dropped connection    retry                       ambiguous
429, 503                                  retry                       retry
500, 502, 504 and any other 5xx           retry                       ambiguous
other 4xx                                 raise                       raise
problem ``retryable: true``, any status   retry                       retry
problem ``retryable: false``, 5xx but 503 raise                       ambiguous
problem ``retryable: false``, otherwise   raise                       raise
========================================  ==========================  =========

A POST is retried only when it surely did not take effect: there is no idempotency key in the
API, so a blind retry could create a second integration or installation. The resource layer
recovers from an ambiguous create by looking the object up.
"""

from __future__ import annotations

import enum
import math
import random as _random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

__all__ = [
    "DEFAULT_RETRY",
    "IDEMPOTENT_METHODS",
    "Outcome",
    "RetryPolicy",
    "is_ambiguous",
    "parse_retry_after",
    "retry_delay",
    "server_retry_after",
    "should_retry",
]

DEFAULT_MAX_ATTEMPTS = 6
DEFAULT_INITIAL_DELAY = 0.5
DEFAULT_MAX_DELAY = 30.0
DEFAULT_MULTIPLIER = 2.0
DEFAULT_JITTER = 0.25
DEFAULT_MAX_RETRY_AFTER = 60.0
DEFAULT_DEADLINE = 120.0

#: Methods whose repetition has the same effect as one request.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
_RETRYABLE_POST_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long the client retries.

    :param max_attempts: attempts in all, the first included.
    :param initial_delay: seconds before the first retry, without a server hint.
    :param max_delay: cap of the exponential backoff, in seconds.
    :param multiplier: growth of the backoff from one retry to the next.
    :param jitter: fraction of each backoff delay removed at random, so that clients that
        failed together do not retry together.
    :param max_retry_after: the longest server-requested wait honoured, in seconds; a longer
        one is cut to this.
    :param deadline: seconds from the first attempt after which no retry starts.
    """

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    initial_delay: float = DEFAULT_INITIAL_DELAY
    max_delay: float = DEFAULT_MAX_DELAY
    multiplier: float = DEFAULT_MULTIPLIER
    jitter: float = DEFAULT_JITTER
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    deadline: float = DEFAULT_DEADLINE

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be a fraction between 0 and 1")
        if min(self.initial_delay, self.max_delay, self.max_retry_after, self.deadline) < 0:
            raise ValueError("delays and the deadline must not be negative")


DEFAULT_RETRY = RetryPolicy()


class Outcome(enum.Enum):
    """How an attempt failed."""

    STATUS = "status"
    """The server answered with an error status."""
    CONNECT = "connect"
    """No connection was made: the request was never sent."""
    TIMEOUT = "timeout"
    """The request was (maybe partly) sent and no answer came in time."""
    DROPPED = "dropped"
    """The connection broke after the request was sent, before the answer."""


def should_retry(
    method: str, status: int | None, outcome: Outcome, problem_retryable: bool | None = None
) -> bool:
    """Whether a failed attempt may be sent again (see the table in the module docstring)."""
    if outcome is Outcome.CONNECT:
        return True
    idempotent = method.upper() in IDEMPOTENT_METHODS
    if outcome is not Outcome.STATUS or status is None:
        return idempotent
    if problem_retryable is not None:
        return problem_retryable
    if idempotent:
        return status == 429 or status >= 500
    return status in _RETRYABLE_POST_STATUSES


def is_ambiguous(method: str, status: int | None, outcome: Outcome) -> bool:
    """Whether a non-idempotent request failed without telling if it took effect."""
    if method.upper() in IDEMPOTENT_METHODS or outcome is Outcome.CONNECT:
        return False
    if outcome is Outcome.STATUS and status is not None:
        return status >= 500 and status != 503
    return True


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a retry hint: delay seconds, an HTTP date or an RFC 3339 time.

    ``now`` is the wall-clock time (epoch seconds) that dates are measured from. A time in the
    past gives 0. Anything unparseable gives ``None``.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        when = _parse_time(text)
        return None if when is None else max(0.0, when - now)
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _parse_time(text: str) -> float | None:
    """Epoch seconds of an HTTP date or an RFC 3339 time, or None."""
    parsed: datetime | None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = _parse_rfc3339(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def _parse_rfc3339(text: str) -> datetime | None:
    """An RFC 3339 time; Python 3.10's ``fromisoformat`` needs ``Z`` and nanoseconds tamed."""
    normalized = text.replace("z", "Z").replace("Z", "+00:00")
    date_time, dot, rest = normalized.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        fraction, offset = rest[:digits], rest[digits:]
        normalized = f"{date_time}.{fraction[:6].ljust(6, '0')}{offset}"
    try:
        return datetime.fromisoformat(normalized)
    except ValueError:
        return None


def server_retry_after(
    retry_after_header: str | None, problem_retry_after: str | None, now: float
) -> float | None:
    """The server's requested wait in seconds (the later of header and body), or None."""
    hints = [
        hint
        for hint in (
            parse_retry_after(retry_after_header, now),
            parse_retry_after(problem_retry_after, now),
        )
        if hint is not None
    ]
    return max(hints) if hints else None


def retry_delay(
    policy: RetryPolicy,
    attempt: int,
    *,
    retry_after_header: str | None = None,
    problem_retry_after: str | None = None,
    now: float,
    random: Callable[[], float] = _random.random,
) -> float:
    """Seconds to sleep after failed attempt number ``attempt`` (1 for the first).

    A server hint (``Retry-After`` / ``X-Amp-Retry-After`` header, or the problem's
    ``retryAfter``) is obeyed exactly, up to ``policy.max_retry_after``. Without one, the delay
    is exponential backoff capped at ``policy.max_delay``, less a random ``policy.jitter``
    fraction.
    """
    hint = server_retry_after(retry_after_header, problem_retry_after, now)
    if hint is not None:
        return min(hint, policy.max_retry_after)
    exponent = min(attempt - 1, 64)  # far past any cap, and no float overflow
    backoff = min(policy.max_delay, policy.initial_delay * policy.multiplier**exponent)
    return backoff * (1 - policy.jitter * random())
