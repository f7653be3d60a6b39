"""Every error this package raises, grouped by what the caller can do about it::

    AmpersandError                      base of everything this package raises
    ├── ConfigurationError              missing/invalid settings (no API key, bad URL)
    ├── APIError                        the API answered with an error status
    │   ├── BadRequestError             400
    │   ├── AuthenticationError         401 / 403
    │   ├── NotFoundError               404
    │   ├── ConflictError               409
    │   ├── InputValidationError        422, or a 400 (or unlisted 4xx) problem with issues[]
    │   ├── RateLimitError              429
    │   └── ServerError                 5xx
    ├── TransportError                  no usable answer (connection refused/reset, timeout)
    │   └── AmbiguousRequestError       a POST may or may not have taken effect
    └── DeadlineExceededError           the total retry deadline ran out

``error_for_status`` is the one place that maps a status and problem body to a class. A status
class wins over the presence of ``issues``: a 404 stays a ``NotFoundError`` even when its body
is an InputValidationProblem, so ``except NotFoundError`` always works.

No message is ever built from request headers, so the API key cannot appear in one; the client
also masks the key in anything the server or the network layer sends back.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # at run time a problem is only ever in hand once its models are imported
    from .models.problem import ApiProblem, InputValidationIssue

__all__ = [
    "APIError",
    "AmbiguousRequestError",
    "AmpersandError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "DeadlineExceededError",
    "InputValidationError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "error_for_status",
]


class AmpersandError(Exception):
    """Base of everything this package raises."""


class ConfigurationError(AmpersandError):
    """Missing or invalid settings (no API key, a bad URL); the message says how to fix them."""


class APIError(AmpersandError):
    """The API answered with an error status.

    Attributes: ``status``, ``title``, ``detail``, ``request_id``, ``retryable``,
    ``retry_after`` (seconds the server asked to wait, or None), ``issues`` (the
    InputValidationIssue models), ``problem`` (the parsed body, or None), ``method`` and
    ``path`` (the URL path only, no query), ``explanation`` (set by :meth:`explain`, or None).
    """

    #: a line appended to the message, saying how to fix what this class means
    hint: ClassVar[str] = ""

    def __init__(
        self,
        *,
        method: str,
        path: str,
        status: int,
        problem: ApiProblem | None = None,
        detail: str | None = None,
        request_id: str | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.problem = problem
        self.title = (problem.title if problem else None) or _reason(status)
        self.detail = (problem.detail if problem else None) or detail
        self.request_id = (problem.request_id if problem else None) or request_id
        self.retryable = retryable
        self.retry_after = retry_after
        self.issues: list[InputValidationIssue] = _issues_of(problem)
        self.explanation: str | None = None
        super().__init__(self._message())

    def explain(self, explanation: str) -> None:
        """Lead the message with ``explanation``, in place of the class's hint.

        For a caller that knows more than the API about why this happened (the provider knows
        the operation it was doing).
        """
        self.explanation = explanation
        self.args = (self._message(),)

    def _message(self) -> str:
        head = f"{self.method} {self.path} failed: {self.status} {self.title}"
        if self.detail:
            head += f" — {self.detail}"
        if self.request_id:
            head += f" (request id {self.request_id})"
        lines = [self.explanation, f"  {head}"] if self.explanation else [head]
        if self.problem is not None and self.problem.causes:
            lines.append(f"  caused by: {'; '.join(self.problem.causes)}")
        lines += [f"  - {_describe(issue)}" for issue in self.issues]
        if self.problem is not None and self.problem.remedy:
            lines.append(f"  remedy: {self.problem.remedy}")
        if self.retryable and self.retry_after is not None:
            lines.append(f"  the server asks to wait {self.retry_after:g} s before retrying")
        if self.hint and not self.explanation:
            lines.append(f"  {self.hint}")
        return "\n".join(lines)


class BadRequestError(APIError):
    """400: the request is malformed (a bad update mask, a missing value)."""


class AuthenticationError(APIError):
    """401 / 403: the API key is missing, wrong, or not allowed to do this."""

    hint = (
        "Check the API key: set a full (not frontend) key of this project with "
        "`pulumi config set --secret ampersand:apiKey <key>` or the AMP_API_KEY "
        "environment variable."
    )


class NotFoundError(APIError):
    """404: the object does not exist (or is not visible to this key)."""


class ConflictError(APIError):
    """409: the object already exists, or the request conflicts with its state."""


class InputValidationError(APIError):
    """422, or a problem body listing ``issues``: the input is invalid; see ``issues``."""


class RateLimitError(APIError):
    """429: too many requests; ``retry_after`` says how long the server asked to wait."""


class ServerError(APIError):
    """5xx: Ampersand failed to handle the request."""


class TransportError(AmpersandError):
    """No usable answer (connection refused or reset, timeout), after retries."""

    def __init__(
        self, message: str, *, method: str, path: str, may_still_complete: bool = False
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        #: the server may still be working on the request (it timed out, or a 504): its effect
        #: can appear after the error, so one look right away is not enough
        self.may_still_complete = may_still_complete


class AmbiguousRequestError(TransportError):
    """A non-idempotent request (POST) may or may not have taken effect: look before retrying.

    When ``may_still_complete`` is set, it may take effect some time after this error.
    """


class DeadlineExceededError(AmpersandError):
    """The total retry deadline ran out before a request succeeded."""

    def __init__(
        self, message: str, *, method: str, path: str, attempts: int, elapsed: float
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.attempts = attempts
        self.elapsed = elapsed


_CLASS_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    422: InputValidationError,
    429: RateLimitError,
}


def error_for_status(
    *,
    method: str,
    path: str,
    status: int,
    problem: ApiProblem | None = None,
    request_id: str | None = None,
    retry_after: float | None = None,
) -> APIError:
    """The error for an error response: its class from the status (and the body's issues).

    ``retryable`` is the problem's own ``retryable`` when it has one, else true for 429 and
    5xx. ``request_id`` is a fallback (a response header) for a problem body without one.
    """
    cls = ServerError if status >= 500 else _CLASS_BY_STATUS.get(status, APIError)
    if cls in (APIError, BadRequestError) and _issues_of(problem):
        cls = InputValidationError
    retryable = problem.retryable if problem and problem.retryable is not None else None
    return cls(
        method=method,
        path=path,
        status=status,
        problem=problem,
        request_id=request_id,
        retryable=(status == 429 or status >= 500) if retryable is None else retryable,
        retry_after=retry_after,
    )


def _issues_of(problem: ApiProblem | None) -> list[InputValidationIssue]:
    if problem is None:
        return []
    from .models.problem import InputValidationProblem

    return list(problem.issues) if isinstance(problem, InputValidationProblem) else []


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _describe(issue: InputValidationIssue) -> str:
    text = issue.detail or issue.title or "invalid"
    return f"{issue.name}: {text}" if issue.name else text
