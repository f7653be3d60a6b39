"""The engine's floor: a dynamic provider that does nothing, pickled by reference like ours.

``NoopProvider`` answers every engine call at once, with no I/O: ``check`` echoes the inputs,
``diff`` compares them, ``create``/``update`` echo them as outputs with a made-up id, ``read``
echoes the state. A stack of ``Noop`` resources of the same shape as the Ampersand stack (one
root, N children that take two outputs of the root) therefore costs exactly what the engine,
the SDK, dill and the dynamic-provider host cost, and nothing else.
"""

from __future__ import annotations

import itertools
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

__all__ = ["Noop", "NoopProvider"]

_ids = itertools.count(1)


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key != "__provider"}


class NoopProvider(ResourceProvider):
    """Does nothing, instantly."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(_plain(news), [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old, new = _plain(olds), _plain(news)
        changed = any(old.get(key) != value for key, value in new.items())
        return DiffResult(changes=changed, replaces=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = _plain(props)
        return CreateResult(f"noop-{next(_ids)}", {**inputs, "revision": "r1"})

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult({**_plain(news), "revision": "r1"})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        outs = _plain(props)
        return ReadResult(id_, outs, {k: v for k, v in outs.items() if k != "revision"})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class Noop(Resource, module="bench", name="Noop"):
    """A resource of the no-op provider; ``revision`` stands in for a computed output."""

    revision: pulumi.Output[str]

    def __init__(
        self, name: str, props: dict[str, Any], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(NoopProvider(), name, {**props, "revision": None}, opts)
