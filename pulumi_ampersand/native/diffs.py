"""Detailed diffs: which properties change, and whether each replaces the object.

The shared core decides *whether* a resource changes (``BaseProvider.diff``, with its canonical
comparison). To name *what* changes, each property (and, inside a document, each key of a
nested map and each item of a list that kept its length) is tried on its own: the old state
with only that one value taken from the new inputs. A property changes when the core's
``content_changed`` says that trial changes the object, so a reordered list or a restated
default is never reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.provider.experimental.provider import PropertyDiff, PropertyDiffKind

from .._provider import BaseProvider
from .resources import Resource

__all__ = ["detailed_diff"]

_MAX_DEPTH = 8
_MISSING = object()
Path = tuple[str | int, ...]


def detailed_diff(
    resource: Resource,
    core: BaseProvider,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    replaces: Iterable[str],
) -> dict[str, PropertyDiff]:
    """Engine property paths (schema names) of every change between ``old`` and ``new``."""
    replacing = set(replaces)
    paths: dict[Path, bool] = {(key,): True for key in replacing}
    inputs = [p.name for p in resource.shape.inputs if p.name not in replacing]
    if core.content_changed(old, new):
        for key in inputs:
            for path in _changed(core, dict(old), new, (key,)):
                paths[path] = False
    return {
        resource.shape.native_path(path): PropertyDiff(
            _kind(_at(old, path), _at(new, path), replace), input_diff=True
        )
        for path, replace in paths.items()
    }


def _changed(
    core: BaseProvider, old: dict[str, Any], new: Mapping[str, Any], path: Path
) -> list[Path]:
    """The paths at or under ``path`` whose new value alone changes the object."""
    before, after = _at(old, path), _at(new, path)
    if after is _MISSING and before is _MISSING:
        return []
    if not core.content_changed(old, _with(old, path, after)):
        return []
    nested = [
        found
        for step in _steps(before, after, len(path))
        for found in _changed(core, old, new, (*path, step))
    ]
    return nested or [path]


def _steps(before: Any, after: Any, depth: int) -> list[str | int]:
    """The keys (or indexes) to look inside two values at, if they can be compared part-wise."""
    if depth >= _MAX_DEPTH:
        return []
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        return list(dict.fromkeys([*before, *after]))
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return list(range(len(after)))
    return []


def _at(document: Any, path: Path) -> Any:
    node: Any = document
    for step in path:
        in_map = isinstance(node, Mapping) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and step < len(node)
        if in_map or in_list:
            node = node[step]
        else:
            return _MISSING
    return node


def _with(document: Any, path: Path, value: Any) -> Any:
    """A copy of ``document`` with the value at ``path`` set (or removed, for ``_MISSING``)."""
    head, rest = path[0], path[1:]
    if isinstance(document, list) and isinstance(head, int):
        items = list(document)
        items[head] = _with(items[head], rest, value) if rest else value
        return items
    copy = dict(document) if isinstance(document, Mapping) else {}
    if rest:
        copy[head] = _with(copy.get(head), rest, value)
    elif value is _MISSING:
        copy.pop(head, None)
    else:
        copy[head] = value
    return copy


def _kind(before: Any, after: Any, replace: bool) -> PropertyDiffKind:
    if before is _MISSING or before is None:
        return PropertyDiffKind.ADD_REPLACE if replace else PropertyDiffKind.ADD
    if after is _MISSING or after is None:
        return PropertyDiffKind.DELETE_REPLACE if replace else PropertyDiffKind.DELETE
    return PropertyDiffKind.UPDATE_REPLACE if replace else PropertyDiffKind.UPDATE
