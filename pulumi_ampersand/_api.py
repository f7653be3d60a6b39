"""The Ampersand Platform API's operations, as flows: integrations, installations, connections.

Two layers, as in httpx and openai-python: the operations build paths and bodies and parse
results; ``_send`` is the one loop that asks for the network (``yield Send``), applies the
retry policy (:mod:`._retry`), parses problem+json and maps errors
(:func:`._errors.error_for_status`). Nothing here does I/O: the clients in :mod:`._client`
run these flows (see :mod:`._flow`).

Sending needs httpx alone: pydantic and the response models are imported when the first
answer is parsed, so a process's first request is on the wire before they are loaded (the
provider process imports them while that request is in flight: see ``_provider``).
"""

from __future__ import annotations

import importlib
import json as jsonlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import GenericAlias
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar
from urllib.parse import quote

import httpx

from ._errors import (
    AmbiguousRequestError,
    AmpersandError,
    APIError,
    ConfigurationError,
    DeadlineExceededError,
    TransportError,
    error_for_status,
)
from ._flow import Flow, Send, Sleep
from ._retry import (
    DEFAULT_RETRY,
    Outcome,
    RetryPolicy,
    is_ambiguous,
    retry_delay,
    server_retry_after,
    should_retry,
)
from ._version import __version__
from .config import DEFAULT_BASE_URL, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from .models.api import ConnectionResponse, InstallationResponse, IntegrationResponse
    from .models.problem import ApiProblem

__all__ = ["ClientCore", "CoreOptions", "escape_mask_segment"]

PROBLEM_CONTENT_TYPE = "application/problem+json"
_REDACTED = "[redacted]"
_MASK_SPECIAL = str.maketrans({".": r"\.", "/": r"\/", ":": r"\:"})

T = TypeVar("T")


class _Body(Generic[T]):
    """A response body type: a model of ``models.api`` by name, parsed when an answer comes.

    The model is looked up, and its parser built, at the first answer, not at import.
    """

    def __init__(self, model: str, *, many: bool = False) -> None:
        self._model = model
        self._many = many
        self._parser: TypeAdapter[T] | None = None

    def parse(self, content: bytes) -> T:
        """The body as ``T``; raises pydantic's ValidationError when it is not one."""
        parser = self._parser
        if parser is None:  # two threads may both build it; either result is the same parser
            from pydantic import TypeAdapter

            model = getattr(importlib.import_module(".models.api", __package__), self._model)
            response_type: Any = GenericAlias(list, model) if self._many else model
            parser = self._parser = TypeAdapter(response_type)
        return parser.validate_json(content)


_INTEGRATION: _Body[IntegrationResponse] = _Body("IntegrationResponse")
_INTEGRATIONS: _Body[list[IntegrationResponse]] = _Body("IntegrationResponse", many=True)
_INSTALLATION: _Body[InstallationResponse] = _Body("InstallationResponse")
_INSTALLATIONS: _Body[list[InstallationResponse]] = _Body("InstallationResponse", many=True)
_CONNECTION: _Body[ConnectionResponse] = _Body("ConnectionResponse")
_CONNECTIONS: _Body[list[ConnectionResponse]] = _Body("ConnectionResponse", many=True)


def escape_mask_segment(name: str) -> str:
    """An object name as one update-mask segment: ``.``, ``/`` and ``:`` backslash-escaped.

    >>> "config.content.read.objects." + escape_mask_segment("a.b:c")
    'config.content.read.objects.a\\\\.b\\\\:c'
    """
    return name.translate(_MASK_SPECIAL)


def _segment(param: str, value: str) -> str:
    """A path parameter, percent-encoded; empty values are rejected by name."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{param} must be a non-empty string, got {value!r}")
    return quote(value, safe="")


def _classify(exc: httpx.TransportError) -> Outcome:
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return Outcome.CONNECT
    if isinstance(exc, httpx.TimeoutException):
        return Outcome.TIMEOUT
    return Outcome.DROPPED


@dataclass(frozen=True)
class _Failure:
    """A failed attempt: the error to raise, and what the retry policy decides on."""

    error: AmpersandError
    outcome: Outcome
    status: int | None = None
    problem: ApiProblem | None = None
    retry_after_header: str | None = None


class CoreOptions(TypedDict, total=False):
    """The settings of a :class:`ClientCore` besides the key and URL (all optional)."""

    timeout: float
    """Seconds allowed for each attempt (connect, read, write, pool)."""
    retry: RetryPolicy
    """The retry policy; see :mod:`pulumi_ampersand._retry`."""
    clock: Callable[[], float]
    """A monotonic clock for the retry deadline (``time.monotonic``)."""
    wall_clock: Callable[[], float]
    """Epoch seconds, for HTTP-date and RFC 3339 retry hints (``time.time``)."""
    user_agent: str
    """The ``User-Agent`` header."""


class ClientCore:
    """The client without I/O: its settings, and every API operation as a :mod:`flow <._flow>`.

    :class:`AmpersandClient` runs these flows on a thread and :class:`AsyncAmpersandClient`
    on an event loop; the providers compose them into their own flows. Each operation's
    docstring holds for both clients.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        user_agent: str = f"pulumi-ampersand/{__version__}",
    ) -> None:
        if not api_key or not api_key.strip():
            raise ConfigurationError(
                "No Ampersand API key is configured: set it with `pulumi config set --secret "
                "ampersand:apiKey <key>` or the AMP_API_KEY environment variable."
            )
        url = httpx.URL(base_url.rstrip("/"))
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigurationError(
                f"The Ampersand API URL {base_url!r} is not an http(s) URL: set "
                f"`ampersand:apiUrl` (or AMP_API_URL) to e.g. {DEFAULT_BASE_URL!r}, or unset it."
            )
        self._api_key = api_key
        self._timeout = timeout
        self._retry = retry
        self._clock = clock
        self._wall_clock = wall_clock
        self.base_url = url
        self.headers = {
            "X-Api-Key": api_key,
            "Accept": "application/json",
            "User-Agent": user_agent,
            "X-Amp-Client": "pulumi-ampersand",
        }

    def __repr__(self) -> str:
        return f"ClientCore(base_url={str(self.base_url)!r})"

    def http_options(self) -> dict[str, Any]:
        """What an ``httpx.Client`` or ``AsyncClient`` for these settings is built with."""
        return {
            "base_url": self.base_url,
            "timeout": httpx.Timeout(self._timeout),
            "headers": self.headers,
        }

    # -- integrations ----------------------------------------------------------------------

    def list_integrations(self, project: str) -> Flow[list[IntegrationResponse]]:
        """``GET /projects/{project}/integrations``: every integration of the project.

        :raises APIError: (a subclass of) for an error status; ``TransportError`` or
            ``DeadlineExceededError`` when no answer came.
        """
        path = f"/projects/{_segment('project', project)}/integrations"
        return (yield from self._call("GET", path, _INTEGRATIONS))

    def get_integration(
        self, project: str, integration_id_or_name: str
    ) -> Flow[IntegrationResponse]:
        """``GET /projects/{project}/integrations/{idOrName}``: one integration, by id or name.

        :raises NotFoundError: no such integration. Other errors as for ``list_integrations``.
        """
        path = self._integration_path(project, integration_id_or_name, "integration_id_or_name")
        return (yield from self._call("GET", path, _INTEGRATION))

    def create_integration(
        self,
        project: str,
        *,
        name: str,
        provider: str,
        spec_version: str,
        content: Mapping[str, Any],
    ) -> Flow[IntegrationResponse]:
        """``POST /projects/{project}/integrations``, then ``GET`` it back by name.

        The body is ``{name, provider, latestRevision: {specVersion, content}}``; ``content``
        is a manifest integration object, whose ``name`` and ``provider`` are set to the
        arguments. The API answers 201 with an empty body, so the integration is read back.

        :returns: the created integration, with its id and first revision.
        :raises AmbiguousRequestError: the POST may or may not have created the integration
            (a 5xx other than 503, a timeout, a dropped connection); look it up by name. It is
            raised at once, never retried, and no GET is attempted.
        :raises InputValidationError: the content is invalid (422, or 400 with issues).
        :raises ConflictError: (409) an integration of that name may already exist.
        """
        path = f"/projects/{_segment('project', project)}/integrations"
        body = {
            "name": name,
            "provider": provider,
            "latestRevision": {
                "specVersion": spec_version,
                "content": {**content, "name": name, "provider": provider},
            },
        }
        yield from self._send("POST", path, json=body)
        return (yield from self.get_integration(project, name))

    def create_revision(
        self, project: str, integration_id: str, *, source_yaml: str, destructive: bool = False
    ) -> Flow[IntegrationResponse]:
        """``POST /projects/{project}/integrations/{id}/revisions``, then ``GET`` it back.

        The body is ``{sourceYaml}``, an amp.yaml manifest; ``?destructive=true`` is sent only
        when ``destructive`` (pause reads of objects the new revision removes). The API
        answers 201 with an empty body, so the integration is read back.

        :returns: the integration, whose latest revision is the one created.

        :raises AmbiguousRequestError: the revision may or may not exist; compare the
            integration's latest revision with the content sent.
        :raises InputValidationError: the manifest is invalid.
        """
        path = self._integration_path(project, integration_id, "integration_id") + "/revisions"
        params = {"destructive": "true"} if destructive else None
        yield from self._send("POST", path, params=params, json={"sourceYaml": source_yaml})
        return (yield from self.get_integration(project, integration_id))

    def delete_integration(self, project: str, integration_id_or_name: str) -> Flow[None]:
        """``DELETE /projects/{project}/integrations/{idOrName}``: it and all its installations.

        :raises NotFoundError: it does not exist (callers decide whether that is success).
        """
        path = self._integration_path(project, integration_id_or_name, "integration_id_or_name")
        yield from self._send("DELETE", path)

    # -- installations ---------------------------------------------------------------------

    def list_installations(
        self, project: str, integration_id: str, *, group_ref: str | None = None
    ) -> Flow[list[InstallationResponse]]:
        """``GET .../integrations/{id}/installations[?groupRef=]``: installations, maybe of one
        group.

        :raises APIError: (a subclass of) for an error status; ``TransportError`` or
            ``DeadlineExceededError`` when no answer came.
        """
        path = self._installations_path(project, integration_id)
        params = {"groupRef": group_ref} if group_ref is not None else None
        return (yield from self._call("GET", path, _INSTALLATIONS, params=params))

    def get_installation(
        self, project: str, integration_id: str, installation_id: str
    ) -> Flow[InstallationResponse]:
        """``GET .../integrations/{id}/installations/{installationId}``: one installation.

        :raises NotFoundError: no such installation. Other errors as for
            ``list_installations``.
        """
        path = self._installation_path(project, integration_id, installation_id)
        return (yield from self._call("GET", path, _INSTALLATION))

    def create_installation(
        self,
        project: str,
        integration_id: str,
        *,
        group_ref: str,
        content: Mapping[str, Any],
        connection_id: str | None = None,
        created_by: str | None = None,
    ) -> Flow[InstallationResponse]:
        """``POST .../integrations/{id}/installations``: install the integration for a group.

        The body is ``{groupRef, connectionId?, config: {content, createdBy?}}``; without
        ``connection_id`` the group's default connection is used.

        :returns: the created installation (the 201 body).
        :raises AmbiguousRequestError: the installation may or may not exist; list the
            group's installations.
        :raises InputValidationError: invalid config, or the install-time sample read failed.
        :raises ConflictError: (409) the group may already have an installation.
        """
        config: dict[str, Any] = {"content": dict(content)}
        if created_by is not None:
            config["createdBy"] = created_by
        body: dict[str, Any] = {"groupRef": group_ref, "config": config}
        if connection_id is not None:
            body["connectionId"] = connection_id
        path = self._installations_path(project, integration_id)
        return (yield from self._call("POST", path, _INSTALLATION, json=body))

    def update_installation(
        self,
        project: str,
        integration_id: str,
        installation_id: str,
        *,
        update_mask: Sequence[str],
        installation: Mapping[str, Any],
    ) -> Flow[InstallationResponse]:
        """``PATCH .../installations/{installationId}`` with ``{updateMask, installation}``.

        Each masked field is replaced by its value in ``installation``; build object-name
        segments with :func:`escape_mask_segment`.

        :returns: the updated installation.
        :raises BadRequestError: an unknown mask path or a mask without a value.
        :raises InputValidationError: invalid config, or the sample read failed.
        """
        path = self._installation_path(project, integration_id, installation_id)
        body = {"updateMask": list(update_mask), "installation": dict(installation)}
        return (yield from self._call("PATCH", path, _INSTALLATION, json=body))

    def delete_installation(
        self, project: str, integration_id: str, installation_id: str
    ) -> Flow[None]:
        """``DELETE .../installations/{installationId}``; the server also deletes its
        connection when no other installation uses it.

        :raises NotFoundError: it does not exist (callers decide whether that is success).
        """
        yield from self._send(
            "DELETE", self._installation_path(project, integration_id, installation_id)
        )

    # -- connections -----------------------------------------------------------------------

    def list_connections(
        self, project: str, *, group_ref: str | None = None, provider: str | None = None
    ) -> Flow[list[ConnectionResponse]]:
        """``GET /projects/{project}/connections[?groupRef=&provider=]``, without credentials.

        :raises APIError: (a subclass of) for an error status; ``TransportError`` or
            ``DeadlineExceededError`` when no answer came.
        """
        params = {
            key: value
            for key, value in (("groupRef", group_ref), ("provider", provider))
            if value is not None
        }
        path = f"/projects/{_segment('project', project)}/connections"
        return (yield from self._call("GET", path, _CONNECTIONS, params=params or None))

    def get_connection(self, project: str, connection_id: str) -> Flow[ConnectionResponse]:
        """``GET /projects/{project}/connections/{connectionId}``, without credentials.

        :raises NotFoundError: no such connection.
        """
        path = (
            f"/projects/{_segment('project', project)}"
            f"/connections/{_segment('connection_id', connection_id)}"
        )
        return (yield from self._call("GET", path, _CONNECTION))

    def generate_connection(
        self, project: str, body: Mapping[str, Any]
    ) -> Flow[ConnectionResponse]:
        """``POST /projects/{project}/connections:generate`` with a GenerateConnectionRequest.

        ``body`` holds ``groupRef``, ``consumerRef``, ``provider`` and one credential
        (``apiKey``, ``basicAuth``, ...). The response may echo the credential: store only
        :meth:`ConnectionResponse.public_fields`.

        :returns: the created connection (the 201 body).
        :raises AmbiguousRequestError: the connection may or may not exist; list the group's
            connections.
        :raises InputValidationError: the request is invalid.
        """
        path = f"/projects/{_segment('project', project)}/connections:generate"
        return (yield from self._call("POST", path, _CONNECTION, json=dict(body)))

    # -- paths -----------------------------------------------------------------------------

    @staticmethod
    def _integration_path(project: str, integration: str, param: str) -> str:
        integration_segment = _segment(param, integration)
        return f"/projects/{_segment('project', project)}/integrations/{integration_segment}"

    def _installations_path(self, project: str, integration_id: str) -> str:
        return self._integration_path(project, integration_id, "integration_id") + "/installations"

    def _installation_path(self, project: str, integration_id: str, installation_id: str) -> str:
        base = self._installations_path(project, integration_id)
        return f"{base}/{_segment('installation_id', installation_id)}"

    # -- the one send loop -------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        body: _Body[T],
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> Flow[T]:
        """Send, then parse the success body as ``body``."""
        response = yield from self._send(method, path, params=params, json=json)
        from pydantic import ValidationError

        try:
            return body.parse(response.content)
        except ValidationError as exc:
            # Values are left out: a body may hold credentials (a connection's tokens).
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or '(body)'}: {e['msg']}"
                for e in exc.errors(include_input=False, include_url=False)[:5]
            )
            raise APIError(
                method=method,
                path=path,
                status=response.status_code,
                detail=f"the response body is not what the API spec describes ({problems})",
                request_id=response.headers.get("x-request-id"),
            ) from None

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> Flow[httpx.Response]:
        """Send one request until it succeeds, retrying as the policy allows.

        :raises APIError: (a subclass of) for an error status that is not retried (any more).
        :raises AmbiguousRequestError: a POST failed without telling whether it took effect.
        :raises TransportError: no answer, after the allowed retries.
        :raises DeadlineExceededError: the policy's deadline ran out between attempts.
        """
        policy = self._retry
        start = self._clock()
        attempt = 0
        while True:
            attempt += 1
            remaining = policy.deadline - (self._clock() - start)
            result = yield from self._attempt(method, path, params, json, remaining, attempt)
            if isinstance(result, httpx.Response):
                return result
            retryable = result.problem.retryable if result.problem else None
            if not should_retry(method, result.status, result.outcome, retryable):
                if is_ambiguous(method, result.status, result.outcome):
                    raise AmbiguousRequestError(
                        f"{method} {path} may or may not have taken effect: {result.error}\n"
                        "  Look the object up before sending it again.",
                        method=method,
                        path=path,
                        may_still_complete=result.outcome is Outcome.TIMEOUT
                        or result.status == 504,
                    ) from result.error
                raise result.error
            if attempt >= policy.max_attempts:
                raise result.error
            delay = retry_delay(
                policy,
                attempt,
                retry_after_header=result.retry_after_header,
                problem_retry_after=result.problem.retry_after if result.problem else None,
                now=self._wall_clock(),
            )
            elapsed = self._clock() - start
            if elapsed + delay > policy.deadline:
                raise DeadlineExceededError(
                    f"{method} {path} gave up after {attempt} attempt(s) in {elapsed:.1f} s: "
                    f"the next retry would pass the {policy.deadline:g} s retry deadline. "
                    f"Last error: {result.error}",
                    method=method,
                    path=path,
                    attempts=attempt,
                    elapsed=elapsed,
                ) from result.error
            yield Sleep(delay)

    def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        json: Any,
        remaining: float,
        attempt: int,
    ) -> Flow[httpx.Response | _Failure]:
        """One request: the successful response, or how it failed, as an error ready to raise."""
        # An attempt never outlives the deadline (a tiny floor: httpx needs > 0).
        timeout = max(min(self._timeout, remaining), 0.001)
        try:
            response: httpx.Response = yield Send(method, path, params, json, timeout)
        except httpx.TransportError as exc:
            reason = self._redact(str(exc)) or "no detail"
            error = TransportError(
                f"{method} {path}: no answer from Ampersand after {attempt} attempt(s) "
                f"({type(exc).__name__}: {reason}). Check the network and `ampersand:apiUrl`.",
                method=method,
                path=path,
            )
            return _Failure(error, _classify(exc))
        if response.is_success:
            return response
        problem = self._problem(response)
        retry_after_header = response.headers.get("retry-after") or response.headers.get(
            "x-amp-retry-after"
        )
        api_error = error_for_status(
            method=method,
            path=path,
            status=response.status_code,
            problem=problem,
            request_id=response.headers.get("x-request-id"),
            retry_after=server_retry_after(
                retry_after_header, problem.retry_after if problem else None, self._wall_clock()
            ),
        )
        return _Failure(
            api_error, Outcome.STATUS, response.status_code, problem, retry_after_header
        )

    def _problem(self, response: httpx.Response) -> ApiProblem | None:
        """The problem+json body, or None for other content types and unparseable bodies."""
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != PROBLEM_CONTENT_TYPE:
            return None
        from .models.problem import ApiProblem, InputValidationProblem

        try:
            body = jsonlib.loads(self._redact(response.text))
            model = InputValidationProblem if "issues" in body else ApiProblem
            return model.model_validate(body)
        except (ValueError, TypeError):  # not JSON, not an object, or not a problem
            return None

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, _REDACTED)
