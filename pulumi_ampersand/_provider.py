"""What the Integration and Installation providers share: settings, client, checks, diffs.

A dynamic provider is pickled (by reference: module path, class name, empty ``__dict__``) into
every resource's state and unpickled in the engine's provider process. So nothing is ever
stored on a provider instance in the program process; ``configure()`` runs in the provider
process and is the only place settings and the HTTP client come from. One provider instance
serves up to four engine calls at once, so the client is built once under a lock and shared
(``httpx.Client`` is thread-safe). Both providers share one client per settings, so a command
that touches both resources sets up TLS and a connection pool once.

The provider process imports this package at every ``pulumi`` command, and most resources of a
preview are unchanged. ``check`` accepts those without validating them again (their inputs
are exactly what this provider accepted at the last ``up``), ``diff`` compares plain values
before it normalises anything, and the models and the client are imported when first used, so
a preview of unchanged resources imports neither pydantic nor httpx and costs the provider
process about what it costs a no-op dynamic provider (``make bench``). A command that does call
the API needs them: once the client is built (httpx only), pydantic and the models of the
API's answers are imported in the background, so that work overlaps the first requests' wait
for their answers instead of delaying them. (Starting it before the client is built delays the
first request: both are CPU work under one GIL.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ._errors import AmpersandError, AuthenticationError, NotFoundError
from ._flow import Flow, Sleep
from ._unknowns import contains_unknown
from .config import DEFAULT_TIMEOUT, ProviderSettings

if TYPE_CHECKING:
    import httpx

    from ._api import ClientCore, CoreOptions
    from ._client import AmpersandClient
    from .models.check import Issue

__all__ = [
    "PROVIDER_KEY",
    "AdoptionError",
    "BaseProvider",
    "differs",
    "failures_from",
    "without_provider",
]

PROVIDER_KEY = "__provider"
_models_import_started = False
_FIRST_SETTLE_DELAY = 0.25
T = TypeVar("T")
V = TypeVar("V")
P = ParamSpec("P")

#: A 401 in ``read`` or ``delete``. Those run at ``pulumi refresh`` and ``destroy``, which do
#: not run the program: the engine configures the provider from the stack config saved at the
#: last ``up``, so a key rotated since then is not the one sent (see ``config``).
_SAVED_KEY_REJECTED = (
    "Ampersand rejected the API key. If you rotated `ampersand:apiKey`, `pulumi refresh`/"
    "`destroy` use the configuration saved at the last `pulumi up`: run `pulumi up`, or add "
    "`--run-program`. Otherwise set a valid key with `pulumi config set --secret "
    "ampersand:apiKey <key>` and run `pulumi up`, or with the AMP_API_KEY environment variable "
    "(read at every command, where the saved configuration has no `ampersand:apiKey`)."
)


# -- process-wide caches -------------------------------------------------------------------
# The providers are stateless (see above): what outlives one engine call lives here, once per
# provider process, and nowhere else.

#: the API's operations (a ``ClientCore``, no I/O) and the blocking client, each keyed by the
#: settings it was built from (one slot each: a provider process has one set of settings, and a
#: value for settings no longer current is left to the garbage collector), built under the
#: lock so that the engine's concurrent calls wait for one build. The native plugin runs the
#: flows with its own async client and so never builds the blocking one.
_client_lock = threading.Lock()


class _PerSettings(Generic[V]):
    """One value per process, rebuilt when the settings it was built from change."""

    def __init__(self) -> None:
        self._entry: tuple[tuple[Any, ...], V] | None = None

    def get(self, settings: ProviderSettings, build: Callable[[ProviderSettings], V]) -> V:
        key = _settings_key(settings)
        entry = self._entry
        if entry is None or entry[0] != key:
            with _client_lock:
                entry = self._entry
                if entry is None or entry[0] != key:
                    entry = self._entry = (key, build(settings))
        return entry[1]


_shared_core: _PerSettings[ClientCore] = _PerSettings()
_shared_client: _PerSettings[AmpersandClient] = _PerSettings()
#: integrations' provider names by (API URL, project, integration id): a name never changes,
#: so one GET per process serves every installation's create. Keys being fetched are in
#: ``_provider_names_fetching``; a flow cannot block its driver, so the others poll the cache.
_provider_names: dict[tuple[str, str, str], str] = {}
_provider_names_fetching: set[tuple[str, str, str]] = set()
_PROVIDER_NAME_POLL = 0.01


class AdoptionError(AmpersandError):
    """The object exists in Ampersand but this stack does not manage it (or cannot take it)."""


def without_provider(props: Mapping[str, Any] | None) -> dict[str, Any]:
    """The props without the engine's serialized provider (which must never be diffed)."""
    return {k: v for k, v in (props or {}).items() if k != PROVIDER_KEY}


def failures_from(issues: Iterable[Issue], prefix: str = "") -> list[CheckFailure]:
    """Validation issues as the engine's CheckFailures, property paths kept exact."""
    failures = []
    for issue in issues:
        path = f"{prefix}.{issue.path}" if prefix and issue.path else (issue.path or prefix)
        failures.append(CheckFailure(path or "(resource)", issue.message))
    return failures


def _explains_saved_key(operation: Callable[P, Flow[T]]) -> Callable[P, Flow[T]]:
    """The flow ``operation`` with its 401s explained by :data:`_SAVED_KEY_REJECTED`."""

    @functools.wraps(operation)
    def explained(*args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        try:
            return (yield from operation(*args, **kwargs))
        except AuthenticationError as error:
            if error.status == 401:
                error.explain(_SAVED_KEY_REJECTED)
            raise

    return explained


def differs(old: Any, new: Any) -> bool:
    """A change, conservatively: an unknown value may be anything."""
    return contains_unknown(new) or old != new


class BaseProvider(ResourceProvider):
    """Shared behaviour of the resources' providers. Subclasses name their keys and calls."""

    #: inputs whose change means a new object (the API cannot change them in place)
    REPLACE_KEYS: tuple[str, ...] = ()

    def configure(
        self, req: ConfigureRequest, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        """Load the settings (the engine's call). ``transport`` is the tests' seam: the client's
        httpx transport, e.g. an in-process emulator's (the engine never passes one)."""
        self._settings = ProviderSettings.load(req.config, transport=transport)

    # -- settings and client ------------------------------------------------------------

    @property
    def settings(self) -> ProviderSettings:
        """The settings from ``configure()``, or from the environment alone without it."""
        settings: ProviderSettings | None = getattr(self, "_settings", None)
        if settings is None:
            settings = self._settings = ProviderSettings.load()
        return settings

    def client(self) -> AmpersandClient:
        """The process's blocking API client for these settings, built on first use."""
        return _shared_client.get(self.settings, _build_client)

    def api(self) -> ClientCore:
        """The operations for these settings, as flows to compose (see :mod:`._flow`).

        Only the operations: no HTTP client is built here, so a flow runs with whichever
        client its front end drives it with.
        """
        return _shared_core.get(self.settings, _build_core)

    def run(self, flow: Flow[T]) -> T:
        """Run one of this provider's flows on this thread (the dynamic provider's way)."""
        return self.client().run(flow)

    def provider_name_of(self, project: str, integration_id: str) -> Flow[str]:
        """The integration's provider name: one GET per process, even for concurrent flows."""
        key = (self.settings.api_url, project, integration_id)
        while True:
            with _client_lock:
                name = _provider_names.get(key)
                if name is not None:
                    return name
                fetching = key not in _provider_names_fetching
                if fetching:
                    _provider_names_fetching.add(key)
            if fetching:
                break
            yield Sleep(_PROVIDER_NAME_POLL)
        try:
            integration = yield from self.api().get_integration(project, integration_id)
            _provider_names[key] = integration.provider
            return integration.provider
        finally:
            _provider_names_fetching.discard(key)

    def find_after_ambiguous_create(
        self, error: Exception, lookup: Callable[[], Flow[T | None]]
    ) -> Flow[T | None]:
        """What an ambiguous create made, looked up by its natural key; None if nothing.

        A create that timed out (or got a 504) may still be running on the server and commit
        after the client gave up, so when the first look finds nothing, look again with
        growing pauses for as long as the client waited for the answer (the request timeout).
        Without that, the object appears after ``up`` has failed, outside the state, and the
        next ``up`` stops at it with an AdoptionError.
        """
        found = yield from lookup()
        if found is not None or not getattr(error, "may_still_complete", False):
            return found
        window = self.settings.request_timeout or DEFAULT_TIMEOUT
        waited, delay = 0.0, _FIRST_SETTLE_DELAY
        while found is None and waited < window:
            delay = min(delay, window - waited)
            yield Sleep(delay)
            waited += delay
            delay *= 2
            found = yield from lookup()
        return found

    def project_of(self, props: Mapping[str, Any]) -> str:
        """The project a resource lives in: its ``project`` input, else the configured one."""
        project = self.settings.resolve_project(props.get("project"))
        if project is None:
            raise ValueError(self._missing_project_message())
        return project

    def _missing_project_message(self) -> str:
        return (
            "no Ampersand project is set: pass project=... to the resource, or run "
            "`pulumi config set ampersand:projectId <id-or-name>` (or set AMP_PROJECT_ID)"
        )

    # -- engine contract ------------------------------------------------------------------

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        props = self._with_default_project(without_provider(news))
        accepted = without_provider(olds)
        if accepted and props == accepted:
            # Exactly the inputs this provider accepted at the last `up` (or read from the live
            # object at a refresh or import): Ampersand holds them already, so validating them
            # again could only block a deployment over an object that is not changing.
            return CheckResult(accepted, [])
        inputs, failures = self.check_inputs(props)
        if not is_set_or_unknown(inputs.get("project")):
            failures.append(CheckFailure("project", self._missing_project_message()))
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old, new = without_provider(olds), without_provider(news)
        replaces = [key for key in self.REPLACE_KEYS if differs(old.get(key), new.get(key))]
        changed = bool(replaces) or self.content_changed(old, new)
        return DiffResult(
            changes=changed,
            replaces=replaces,
            delete_before_replace=self.delete_before_replace(old, new, replaces),
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        return self.run(self.create_flow(without_provider(props)))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return self.run(self.update_flow(id_, without_provider(olds), without_provider(news)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self.run(self.read_flow(id_, props))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.run(self.delete_flow(id_, props))

    @_explains_saved_key
    def read_flow(self, id_: str, props: dict[str, Any]) -> Flow[ReadResult]:
        """:meth:`read`, as a flow."""
        old = without_provider(props)
        try:
            inputs, outputs = yield from self.read_live(id_, old)
        except NotFoundError:
            return ReadResult(None, {})
        return ReadResult(id_, {**inputs, **outputs}, inputs)

    @_explains_saved_key
    def delete_flow(self, id_: str, props: dict[str, Any]) -> Flow[None]:
        """:meth:`delete`, as a flow."""
        with contextlib.suppress(NotFoundError):  # already gone: the goal of a delete is met
            yield from self.delete_live(id_, without_provider(props))

    def _with_default_project(self, props: dict[str, Any]) -> dict[str, Any]:
        """``props`` with the configured project when they name none (unchanged if none is)."""
        if is_set_or_unknown(props.get("project")):
            return props
        project = self.settings.resolve_project(None)
        return props if project is None else {**props, "project": project}

    # -- hooks ----------------------------------------------------------------------------

    def check_inputs(self, props: dict[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
        """Validate the inputs offline; return the normalised inputs and every failure."""
        raise NotImplementedError

    def content_changed(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
        """True when an in-place update is needed."""
        raise NotImplementedError

    def delete_before_replace(
        self, old: Mapping[str, Any], new: Mapping[str, Any], replaces: list[str]
    ) -> bool:
        """Whether a replacement must delete the old object first (unique keys)."""
        return bool(replaces)

    def create_flow(self, inputs: dict[str, Any]) -> Flow[CreateResult]:
        """Create the object (or adopt it); ``inputs`` are without ``__provider``."""
        raise NotImplementedError

    def update_flow(
        self, id_: str, old: dict[str, Any], inputs: dict[str, Any]
    ) -> Flow[UpdateResult]:
        """Take the object from ``old`` (its state) to ``inputs``."""
        raise NotImplementedError

    def read_live(
        self, id_: str, old: Mapping[str, Any]
    ) -> Flow[tuple[dict[str, Any], dict[str, Any]]]:
        """GET the object: (inputs as the live object has them, computed outputs)."""
        raise NotImplementedError

    def delete_live(self, id_: str, old: Mapping[str, Any]) -> Flow[None]:
        """DELETE the object; a NotFoundError counts as success."""
        raise NotImplementedError


def client_arguments(settings: ProviderSettings) -> tuple[str, str, CoreOptions]:
    """The API key, URL and options of a client for these settings (blocking or async)."""
    from ._retry import DEFAULT_RETRY

    retry = DEFAULT_RETRY
    if settings.retry_deadline is not None:
        retry = dataclasses.replace(retry, deadline=settings.retry_deadline)
    options: CoreOptions = {
        "timeout": settings.request_timeout or DEFAULT_TIMEOUT,
        "retry": retry,
    }
    return settings.require_api_key(), settings.api_url, options


def _settings_key(settings: ProviderSettings) -> tuple[Any, ...]:
    """What a client or core is built from: a change of any of it builds a new one."""
    return (
        settings.require_api_key(),
        settings.api_url,
        settings.request_timeout,
        settings.retry_deadline,
        settings.transport,
    )


def _build_core(settings: ProviderSettings) -> ClientCore:
    from ._api import ClientCore  # httpx only, as for the client

    api_key, api_url, options = client_arguments(settings)
    return ClientCore(api_key, api_url, **options)


def _build_client(settings: ProviderSettings) -> AmpersandClient:
    from ._client import AmpersandClient  # httpx only: the models load at the first answer

    api_key, api_url, options = client_arguments(settings)
    client = AmpersandClient(api_key, api_url, transport=settings.transport, **options)
    _import_models_in_background()
    return client


def _import_models_in_background() -> None:
    """Import pydantic and the models of the API's answers in a thread, once per process."""
    global _models_import_started
    if not _models_import_started:
        _models_import_started = True
        threading.Thread(target=_import_answer_models, name="import-models", daemon=True).start()


def _import_answer_models() -> None:
    # A failure here is raised again, with its traceback, where the models are needed.
    with contextlib.suppress(Exception):
        from .models import api, problem  # noqa: F401


def is_set_or_unknown(value: Any) -> bool:
    """True for a value that is set, or unknown (and so will be set)."""
    return contains_unknown(value) or bool(value)
