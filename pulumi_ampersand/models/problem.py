"""Error bodies of the Ampersand API: RFC 9457 problem+json (``problem/problem.yaml``).

Every field is optional: a problem body is read to explain a failure, so a body that lacks a
field (or carries fields we do not know) must still parse. The client falls back to the bare
HTTP status when a body does not parse at all.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import ResponseModel

__all__ = ["ApiProblem", "InputValidationIssue", "InputValidationProblem", "Problem"]


class Problem(ResponseModel):
    """A Problem Details object (RFC 9457); problem-type specific keys are kept as extras."""

    type: str = "about:blank"
    """An absolute URI that identifies the problem type."""
    href: str | None = None
    """A URI of human-readable documentation for the problem type."""
    title: str | None = None
    """A short summary of the problem type, e.g. ``Service Unavailable``."""
    status: int | None = None
    """The HTTP status code the origin server generated for this occurrence."""
    detail: str | None = None
    """A human-readable explanation specific to this occurrence."""
    instance: str | None = None
    """A URI that identifies this occurrence of the problem."""


class ApiProblem(Problem):
    """A problem as Ampersand's API reports it: request id, causes, remedy, retry advice."""

    subsystem: str | None = None
    """The subsystem that generated the problem, e.g. ``api``."""
    time: str | None = None
    """When the problem occurred (RFC 3339, as sent)."""
    request_id: str | None = None
    """A unique identifier of the request, for Ampersand support."""
    causes: list[str] | None = None
    """Problems that caused this one, in no guaranteed order."""
    remedy: str | None = None
    """A brief description of how to resolve the problem."""
    support_email: str | None = None
    support_phone: str | None = None
    support_url: str | None = None
    retryable: bool | None = None
    """Whether the request can be retried; overrides what the status alone would suggest."""
    retry_after: str | None = None
    """A time (RFC 3339, as sent) after which the request can be retried."""
    context: dict[str, Any] | None = None
    """Additional context for the problem."""


class InputValidationIssue(ApiProblem):
    """One invalid input: where it is (``in``), its name (a path like ``items[0].x``), its value."""

    location: str | None = Field(default=None, alias="in")
    """Where the invalid input is: ``body``, ``header``, ``path`` or ``query`` (wire ``in``)."""
    name: str | None = None
    """The name of the invalid input, e.g. ``items[0].examplePropertyWithPattern``."""
    value: Any = None
    """The erroneous value, of any type."""


class InputValidationProblem(ApiProblem):
    """A problem caused by invalid input, with one entry per invalid input."""

    issues: list[InputValidationIssue] = Field(default_factory=list)
