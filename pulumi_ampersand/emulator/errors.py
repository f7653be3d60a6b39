"""Problem errors: each knows its HTTP status and renders its RFC 9457 ``problem+json`` body.

::

    ProblemError                 ApiProblem, any status
    ├── ProblemNotFound          404
    ├── ProblemConflict          409
    └── ProblemInputValidation   400 or 422, InputValidationProblem with ``issues[]``

The names start with ``Problem`` so that they never shadow the client's errors
(``NotFoundError``, ``ConflictError``, ``Issue``) in a module or a test that uses both.

The body follows ``ApiProblem`` of the shared ``problem.yaml``: ``type``, ``title``,
``status``, ``detail``, ``subsystem`` ("api"), ``time``, ``requestId``, ``retryable``, and
``remedy`` / ``retryAfter`` / ``issues`` when they apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any, Literal

__all__ = [
    "ProblemConflict",
    "ProblemError",
    "ProblemInputValidation",
    "ProblemIssue",
    "ProblemNotFound",
    "format_time",
    "problem_body",
]

IssueLocation = Literal["body", "header", "path", "query"]


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, as the API writes it: ``2024-01-15T10:30:00.000000Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ProblemIssue:
    """One invalid input: where it is (``name`` is a path like ``updateMask[1]``) and why."""

    name: str
    detail: str
    location: IssueLocation = "body"

    def to_dict(self) -> dict[str, Any]:
        """The ``InputValidationIssue`` wire form."""
        return {
            "type": "about:blank",
            "detail": self.detail,
            "in": self.location,
            "name": self.name,
        }


class ProblemError(Exception):
    """An API error answered as ``application/problem+json``."""

    status: int = 500

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        remedy: str | None = None,
        retryable: bool = False,
        retry_after: datetime | None = None,
    ) -> None:
        super().__init__(detail)
        if status is not None:
            self.status = status
        self.detail = detail
        self.remedy = remedy
        self.retryable = retryable
        self.retry_after = retry_after

    def body(self, *, now: datetime, request_id: str) -> dict[str, Any]:
        """The problem document for this error, stamped with ``now`` and ``request_id``."""
        return problem_body(
            self.status,
            self.detail,
            now=now,
            request_id=request_id,
            remedy=self.remedy,
            retryable=self.retryable,
            retry_after=self.retry_after,
        )


class ProblemNotFound(ProblemError):
    """The addressed object does not exist."""

    status = 404


class ProblemConflict(ProblemError):
    """The request conflicts with an existing object."""

    status = 409


class ProblemInputValidation(ProblemError):
    """The input is invalid; ``issues`` say where (400 for malformed requests, 422 otherwise)."""

    status = 422

    def __init__(
        self,
        detail: str,
        issues: list[ProblemIssue],
        *,
        status: int = 422,
        remedy: str | None = None,
    ) -> None:
        super().__init__(detail, status=status, remedy=remedy)
        self.issues = issues

    def body(self, *, now: datetime, request_id: str) -> dict[str, Any]:
        return super().body(now=now, request_id=request_id) | {
            "issues": [issue.to_dict() for issue in self.issues]
        }


def problem_body(
    status: int,
    detail: str,
    *,
    now: datetime,
    request_id: str,
    remedy: str | None = None,
    retryable: bool = False,
    retry_after: datetime | None = None,
) -> dict[str, Any]:
    """An ``ApiProblem`` document."""
    body: dict[str, Any] = {
        "type": f"https://httpstatuses.com/{status}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "subsystem": "api",
        "time": format_time(now),
        "requestId": request_id,
        "retryable": retryable,
    }
    if remedy is not None:
        body["remedy"] = remedy
    if retry_after is not None:
        body["retryAfter"] = format_time(retry_after)
    return body
