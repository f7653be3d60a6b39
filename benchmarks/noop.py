"""The engine's floor: a dynamic provider that does nothing, pickled by reference like ours.

``NoopProvider`` answers every engine call at once, with no I/O: ``check`` echoes the inputs,
``diff`` compares them, ``create``/``update`` echo them as outputs with a made-up id and a
made-up value for every declared output, ``read`` echoes the state and gives back the
inputs. A stack of ``Noop`` resources of the same shape as the Ampersand stack
(``programs/floor``) therefore costs exactly what the engine, the SDK, dill and the
dynamic-provider host cost, and nothing else.

For ``latency_ratio`` a ``read`` can first wait (``READ_SLEEP_ENV``: the sleeping floor) or
make one real GET through httpx (``READ_GET_ENV``: the HTTP floor), as the environment of the
provider process says.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

__all__ = [
    "Noop",
    "NoopInstallationProvider",
    "NoopIntegrationProvider",
    "NoopProvider",
    "NoopRootProvider",
]

_ids = itertools.count(1)


_MADE_UP = "noop-output-"
READ_SLEEP_ENV = "BENCH_READ_SLEEP_MS"
"""Milliseconds each ``read`` waits: the sleeping floor of ``latency_ratio`` (README)."""
READ_GET_ENV = "BENCH_READ_GET"
"""``<url> <api key>``: each ``read`` GETs that URL first: the HTTP floor (README)."""

_http_lock = threading.Lock()
_http: list[Any] = []  # the process's one httpx client, built at the first GET


def _get(url: str, api_key: str) -> None:
    """One GET through a shared httpx client, as a provider that calls an API makes it."""
    with _http_lock:
        if not _http:
            import httpx  # only the HTTP floor pays for it, at its first read

            _http.append(httpx.Client(headers={"X-Api-Key": api_key}))
    _http[0].get(url).raise_for_status()


def _before_read() -> None:
    get = os.environ.get(READ_GET_ENV)
    if get:
        _get(*get.split())
    else:
        time.sleep(float(os.environ.get(READ_SLEEP_ENV) or 0) / 1000)


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key != "__provider"}


class NoopProvider(ResourceProvider):
    """Does nothing, instantly. ``OUTPUTS`` names the computed outputs it makes up.

    The output names are class attributes, not instance state: every provider here is pickled
    by reference (module and class name, about 100 bytes), as ``pulumi_ampersand``'s are.
    """

    OUTPUTS: tuple[str, ...] = ()

    def _outputs(self, props: dict[str, Any]) -> dict[str, Any]:
        """The inputs, and each declared output with a made-up value the size of an id."""
        made_up = {key: f"{_MADE_UP}{key}-00000000-0000"[:36] for key in self.OUTPUTS}
        return {**made_up, **_plain(props)}

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(_plain(news), [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old, new = _plain(olds), _plain(news)
        changed = any(old.get(key) != value for key, value in new.items())
        return DiffResult(changes=changed, replaces=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(f"noop-{next(_ids)}", self._outputs(props))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._outputs(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        _before_read()
        outs = _plain(props)
        inputs = {
            key: value
            for key, value in outs.items()
            if not (isinstance(value, str) and value.startswith(_MADE_UP))
        }
        return ReadResult(id_, outs, inputs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class NoopRootProvider(NoopProvider):
    """``programs/floor_min``'s root: one computed output, as ``latest_revision_id``."""

    OUTPUTS = ("revision",)


class NoopIntegrationProvider(NoopProvider):
    """The outputs of ``pulumi_ampersand.integration`` (``programs/floor`` checks they match)."""

    OUTPUTS = ("project_id", "latest_revision_id", "create_time", "update_time")


class NoopInstallationProvider(NoopProvider):
    """The outputs of ``pulumi_ampersand.installation`` (``programs/floor`` checks they match)."""

    OUTPUTS = (
        "group_name",
        "config_id",
        "health_status",
        "create_time",
        "update_time",
        "connection",
        "connection_id",
        "revision_id",
        "created_by",
    )


class Noop(Resource, module="bench", name="Noop"):
    """A resource of a no-op provider: ``props`` as inputs, the provider's ``OUTPUTS`` computed."""

    def __init__(
        self,
        name: str,
        props: dict[str, Any],
        provider: NoopProvider | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        provider = provider or NoopProvider()
        declared = {**dict.fromkeys(provider.OUTPUTS), **props}
        super().__init__(provider, name, declared, opts)
