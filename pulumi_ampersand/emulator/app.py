"""The emulator's HTTP layer as a plain function of a request: route, parse, dispatch, serialise.

``EmulatorApp`` serves the Ampersand API under ``/v1`` (``X-Api-Key`` required, faults
applied, every call journaled) and the test controls under ``/_emulator`` (no key, no faults,
not journaled). It holds no Ampersand state: that is the ``Backend``'s. The socket server
(``server.py``) and the in-process ``httpx`` transport both call it.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, unquote

from .errors import ProblemError, ProblemInputValidation, ProblemIssue, ProblemNotFound
from .faults import FaultRule, Faults
from .journal import Journal
from .state import Backend

__all__ = ["ADMIN_PREFIX", "API_PREFIX", "EmulatorApp", "Request", "Response"]

API_PREFIX = "/v1"
ADMIN_PREFIX = "/_emulator"
JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
AUTH_DETAIL = (
    "Missing or invalid API key. Set the ampersand:apiKey stack config (or the AMP_API_KEY "
    "environment variable) to an API key of this project; it is sent as the X-Api-Key header."
)


@dataclass(frozen=True)
class Request:
    """An HTTP request as the app sees it."""

    method: str
    path: str
    """The raw (percent-encoded) path, without the query: ``/v1/projects/demo/integrations``."""
    query: str = ""
    """The raw query string, without ``?``."""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value, by case-insensitive name."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


@dataclass(frozen=True)
class Response:
    """The app's answer; ``drop`` means: close the connection without sending it."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    drop: bool = False

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass(frozen=True)
class Call:
    """A routed call: path parameters, query parameters and the parsed JSON body."""

    params: dict[str, str]
    query: dict[str, str]
    body: Any

    def flag(self, name: str) -> bool:
        """A boolean query parameter (absent is false); 400 when it is not a boolean."""
        value = self.query.get(name)
        if value is None or value.lower() in ("false", "0", ""):
            return False
        if value.lower() in ("true", "1"):
            return True
        detail = f"Query parameter {name} must be true or false."
        raise ProblemInputValidation(detail, [ProblemIssue(name, detail, "query")], status=400)


Handler = Callable[[Call], Any]


@dataclass(frozen=True)
class Route:
    """A route: method, template (``{name}`` matches one path segment), handler, success status."""

    method: str
    template: str
    handler: Handler
    status: int = 200
    flags: tuple[str, ...] = ()
    """Boolean query parameters the operation accepts, checked even when they have no effect."""
    pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        parts = re.split(r"(\{\w+\})", self.template)
        regex = "".join(
            f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
            for part in parts
        )
        object.__setattr__(self, "pattern", re.compile(f"^{regex}$"))


def api_routes(backend: Backend) -> list[Route]:
    """The Ampersand API routes (paths under ``/v1``)."""
    b = backend
    installation = "/projects/{p}/integrations/{i}/installations/{id}"
    return [
        Route("GET", "/projects/{p}/integrations", lambda c: b.list_integrations(c.params["p"])),
        Route(
            "POST",
            "/projects/{p}/integrations",
            lambda c: _empty(b.create_integration(c.params["p"], c.body)),
            201,
        ),
        Route(
            "GET",
            "/projects/{p}/integrations/{i}",
            lambda c: b.get_integration(c.params["p"], c.params["i"]),
        ),
        Route(
            "DELETE",
            "/projects/{p}/integrations/{i}",
            lambda c: b.delete_integration(c.params["p"], c.params["i"]),
            204,
        ),
        Route(
            "PUT",
            "/projects/{p}/integrations:batch",
            lambda c: b.batch_upsert_integrations(
                c.params["p"], c.body, destructive=c.flag("destructive")
            ),
        ),
        Route(
            "POST",
            "/projects/{p}/integrations/{i}/revisions",
            lambda c: _empty(
                b.create_revision(
                    c.params["p"], c.params["i"], c.body, destructive=c.flag("destructive")
                )
            ),
            201,
        ),
        Route(
            "GET",
            "/projects/{p}/integrations/{i}/installations",
            lambda c: b.list_installations(
                c.params["p"], c.params["i"], group_ref=c.query.get("groupRef")
            ),
        ),
        Route(
            "POST",
            "/projects/{p}/integrations/{i}/installations",
            lambda c: b.create_installation(c.params["p"], c.params["i"], c.body),
            201,
            flags=("skipSampling",),
        ),
        Route(
            "GET",
            installation,
            lambda c: b.get_installation(c.params["p"], c.params["i"], c.params["id"]),
        ),
        Route(
            "PATCH",
            installation,
            lambda c: b.update_installation(c.params["p"], c.params["i"], c.params["id"], c.body),
            flags=("skipSampling",),
        ),
        Route(
            "DELETE",
            installation,
            lambda c: b.delete_installation(c.params["p"], c.params["i"], c.params["id"]),
            204,
        ),
        Route(
            "GET",
            "/projects/{p}/installations",
            lambda c: b.list_installations_for_project(
                c.params["p"], group_ref=c.query.get("groupRef")
            ),
        ),
        Route(
            "POST",
            "/projects/{p}/connections:generate",
            lambda c: b.generate_connection(c.params["p"], c.body),
            201,
        ),
        Route(
            "GET",
            "/projects/{p}/connections",
            lambda c: b.list_connections(
                c.params["p"],
                provider=c.query.get("provider"),
                group_ref=c.query.get("groupRef"),
                consumer_ref=c.query.get("consumerRef"),
            ),
        ),
        Route(
            "GET",
            "/projects/{p}/connections/{id}",
            lambda c: b.get_connection(
                c.params["p"],
                c.params["id"],
                include_creds=c.flag("includeCreds"),
                include_refresh_token=c.flag("includeRefreshToken"),
            ),
        ),
        Route(
            "DELETE",
            "/projects/{p}/connections/{id}",
            lambda c: b.delete_connection(c.params["p"], c.params["id"]),
            204,
        ),
    ]


def admin_routes(app: EmulatorApp) -> list[Route]:
    """The test controls (paths under ``/_emulator``)."""
    b, journal, faults = app.backend, app.journal, app.faults
    installation = "/projects/{p}/integrations/{i}/installations/{id}"
    return [
        Route("POST", "/reset", lambda c: app.reset(), 204),
        Route("GET", "/state", lambda c: b.dump()),
        Route("POST", "/seed", lambda c: b.seed(_object(c.body))),
        Route("GET", "/requests", lambda c: [e.to_dict() for e in journal.entries()]),
        Route("DELETE", "/requests", lambda c: journal.clear(), 204),
        Route(
            "GET",
            "/counters",
            lambda c: [
                {"method": m, "route": r, "count": n} for (m, r), n in journal.counters().items()
            ],
        ),
        Route("GET", "/faults", lambda c: [r.to_dict() for r in faults.rules()]),
        Route("POST", "/faults", lambda c: _add_faults(faults, c.body), 201),
        Route("DELETE", "/faults", lambda c: faults.clear(), 204),
        Route("DELETE", "/faults/{id}", lambda c: _remove_fault(faults, c.params["id"]), 204),
        Route("GET", "/latency", lambda c: {"ms": faults.latency_ms}),
        Route("POST", "/latency", lambda c: _set_latency(faults, c.body)),
        Route("GET", "/secrets", lambda c: {"secrets": app.secrets()}),
        Route("PUT", "/api-keys", lambda c: app.set_api_keys(_api_keys(c.body)), 204),
        Route(
            "PUT",
            "/projects/{p}/integrations/{i}/revisions/latest",
            lambda c: b.put_latest_revision(c.params["p"], c.params["i"], c.body),
        ),
        Route(
            "PUT",
            f"{installation}/config",
            lambda c: b.replace_installation_config(
                c.params["p"], c.params["i"], c.params["id"], c.body
            ),
        ),
        Route(
            "DELETE",
            f"{installation}/objects/{{action}}/{{objectName}}",
            lambda c: b.remove_installation_object(
                c.params["p"],
                c.params["i"],
                c.params["id"],
                c.params["action"],
                c.params["objectName"],
            ),
        ),
    ]


class EmulatorApp:
    """The emulator as a function ``Request -> Response``.

    Args:
        backend: the state (a fresh ``Backend()`` when omitted).
        api_key: the only accepted ``X-Api-Key`` at start; when None any non-empty key is
            accepted. ``set_api_keys`` changes the accepted keys later (a key rotation).
        faults: fault rules to apply to API calls (fresh when omitted).
        journal: where API calls are recorded (fresh when omitted).
        sleep: how latency is waited for (tests may pass a fake).
    """

    def __init__(
        self,
        backend: Backend | None = None,
        *,
        api_key: str | None = None,
        faults: Faults | None = None,
        journal: Journal | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.backend = backend if backend is not None else Backend()
        self._startup_keys = frozenset([api_key]) if api_key else None
        self._api_keys = self._startup_keys
        self._ever_accepted = self._startup_keys or frozenset()
        self.faults = faults if faults is not None else Faults()
        self.journal = journal if journal is not None else Journal()
        self._sleep = sleep
        self._request_ids = itertools.count(1)
        self._api = api_routes(self.backend)
        self._admin = admin_routes(self)

    def __call__(self, request: Request) -> Response:
        """Answer one request."""
        path = request.path
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            return self._api_call(request, path[len(API_PREFIX) :])
        if path.startswith(ADMIN_PREFIX + "/"):
            return self._admin_call(request, path[len(ADMIN_PREFIX) :])
        return self._problem(ProblemNotFound(f"No route {path}: the API is under {API_PREFIX}."))

    @property
    def api_keys(self) -> frozenset[str] | None:
        """The accepted ``X-Api-Key`` values; None: any non-empty key."""
        return self._api_keys

    def set_api_keys(self, keys: Iterable[str] | None) -> None:
        """Accept exactly ``keys`` from now on (None: any non-empty key; empty: none at all).

        A key left out is revoked: it gets 401 like any wrong key. Every key ever accepted
        stays in ``secrets()``, so a scan still looks for a revoked one.
        """
        accepted = None
        if keys is not None:
            listed = list(keys)
            if not all(isinstance(key, str) and key for key in listed):
                raise ValueError("api-keys: each key must be a non-empty string")
            accepted = frozenset(listed)
            self._ever_accepted |= accepted
        self._api_keys = accepted

    def reset(self) -> None:
        """Forget the state, the journal, the fault rules and the latency; accept the start keys."""
        self._api_keys = self._startup_keys
        self._ever_accepted = self._startup_keys or frozenset()
        self.backend.reset()
        self.journal.clear()
        self.faults.clear()
        self.faults.latency_ms = 0

    def secrets(self) -> list[str]:
        """Every credential the emulator issued or stored, plus every API key it accepted."""
        return sorted(set(self.backend.secrets()) | self._ever_accepted)

    # --- the API ---

    def _api_call(self, request: Request, path: str) -> Response:
        received_at = time.time()
        started = time.monotonic()
        route, params = _match(self._api, request.method, path)
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        body = _journal_body(request.body)
        rule = self.faults.pick(request.method, path, route.template if route else None)
        delay = self.faults.latency_ms + (rule.latency_ms if rule else 0)
        if delay:
            self._sleep(delay / 1000)
        response: Response
        if rule is not None and rule.drop == "before":
            response = Response(0, drop=True)
        elif rule is not None and rule.status is not None:
            response = self._fault_response(rule)
        else:
            response = self._dispatch(request, route, params, path, query, auth=True)
            if rule is not None and rule.drop == "after":
                response = Response(response.status, response.headers, response.body, drop=True)
        self.journal.record(
            method=request.method,
            path=path,
            route=route.template if route else None,
            query=query,
            headers=dict(request.headers),
            body=body,
            status=response.status or None,
            fault=rule.describe() if rule else None,
            duration_ms=(time.monotonic() - started) * 1000,
            response=_journal_body(response.body),
            received_at=received_at,
        )
        return response

    def _fault_response(self, rule: FaultRule) -> Response:
        assert rule.status is not None
        retryable = rule.status == 429 or rule.status >= 500 or rule.retry_after_in_body is not None
        now = self.backend.now()
        retry_after = (
            now + timedelta(seconds=rule.retry_after_in_body)
            if rule.retry_after_in_body is not None
            else None
        )
        error = ProblemError(
            rule.detail or f"Injected fault {rule.id} (status {rule.status}).",
            status=rule.status,
            retryable=retryable,
            retry_after=retry_after,
        )
        response = self._problem(error)
        if rule.retry_after is not None:
            seconds = rule.retry_after
            response.headers["Retry-After"] = str(
                int(seconds) if seconds == int(seconds) else seconds
            )
        return response

    # --- the controls ---

    def _admin_call(self, request: Request, path: str) -> Response:
        route, params = _match(self._admin, request.method, path)
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        return self._dispatch(request, route, params, path, query, auth=False)

    # --- shared ---

    def _dispatch(
        self,
        request: Request,
        route: Route | None,
        params: dict[str, str],
        path: str,
        query: dict[str, str],
        *,
        auth: bool,
    ) -> Response:
        try:
            if auth:
                self._authenticate(request)
            if route is None:
                raise ProblemNotFound(f"No route {request.method} {path}.")
            call = Call(params, query, _parse_body(request.body))
            for name in route.flags:
                call.flag(name)
            result = route.handler(call)
        except ProblemError as error:
            return self._problem(error)
        except ValueError as error:  # a malformed control document (e.g. a fault rule)
            return self._problem(ProblemError(str(error), status=400))
        except Exception as error:  # an emulator bug: answer it rather than drop the connection
            return self._problem(ProblemError(f"Emulator error: {error!r}", status=500))
        if result is None or route.status == 204:
            return Response(route.status, {"Content-Length": "0"})
        return _json_response(route.status, result, JSON)

    def _authenticate(self, request: Request) -> None:
        key = request.header("X-Api-Key")
        accepted = self._api_keys
        if not key or (accepted is not None and key not in accepted):
            raise ProblemError(AUTH_DETAIL, status=401, remedy="Send a valid X-Api-Key header.")

    def _problem(self, error: ProblemError) -> Response:
        request_id = f"emulator-{next(self._request_ids)}"
        body = error.body(now=self.backend.now(), request_id=request_id)
        return _json_response(error.status, body, PROBLEM_JSON)


def _match(routes: list[Route], method: str, path: str) -> tuple[Route | None, dict[str, str]]:
    """The route for this method and path, with its decoded parameters."""
    # Some clients percent-encode the colon of custom methods (":batch", ":generate").
    path = re.sub("%3[aA]", ":", path)
    for route in routes:
        found = route.pattern.match(path)
        if found and route.method == method:
            return route, {k: unquote(v) for k, v in found.groupdict().items()}
    return None, {}


def _json_response(status: int, document: Any, content_type: str) -> Response:
    body = json.dumps(document).encode()
    return Response(status, {"Content-Type": content_type, "Content-Length": str(len(body))}, body)


def _parse_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        detail = f"The request body is not valid JSON: {exc}."
        raise ProblemInputValidation(detail, [ProblemIssue("", detail)], status=400) from exc


def _journal_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _empty(_: Any) -> None:
    """Drop an operation's result: the API answers this one with an empty body."""
    return None


def _object(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise ProblemInputValidation(
            "Expected a JSON object.", [ProblemIssue("", "Expected a JSON object.")], status=400
        )
    return body


def _add_faults(faults: Faults, body: Any) -> Any:
    if isinstance(body, list):
        return [faults.add(_object(rule)).to_dict() for rule in body]
    return faults.add(_object(body)).to_dict()


def _remove_fault(faults: Faults, rule_id: str) -> None:
    if not faults.remove(rule_id):
        raise ProblemNotFound(f"No fault rule {rule_id!r}.")


def _api_keys(body: Any) -> list[str] | None:
    document = _object(body)
    keys = document.get("keys")
    if "keys" not in document or not (keys is None or isinstance(keys, list)):
        raise ValueError('api-keys: send {"keys": [<key>, ...]}, or {"keys": null} for any key')
    return keys


def _set_latency(faults: Faults, body: Any) -> dict[str, float]:
    ms = _object(body).get("ms")
    if not isinstance(ms, (int, float)) or isinstance(ms, bool) or ms < 0:
        raise ValueError('latency: send {"ms": <milliseconds, 0 or more>}')
    faults.latency_ms = float(ms)
    return {"ms": faults.latency_ms}
