"""Validate a user document: structure (pydantic) and rules, reported together as ``Issue``s.

Every entry point takes a plain mapping in snake_case or camelCase (or a mix), returns every
problem at once, sorted by path, and never raises, whatever the input. It returns the model
only when there is no issue. Values not known yet (a preview) are let through, and rules that
need them skip themselves; a document that is wholly unknown gives ``(None, [])``.

Paths are dotted field names with ``[i]`` for list indexes and ``.key`` for map keys (keys that
are not identifiers are quoted: ``["a.b"]``). Style ``"python"`` renders field names in
snake_case, ``"wire"`` in camelCase, whatever spelling the input used; unknown keys are shown
as written.
"""

from __future__ import annotations

import functools
import json
import re
import reprlib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.alias_generators import to_snake
from pydantic_core import ErrorDetails

from ._base import InputModel, is_unknown
from ._rule_kit import get_field, prefixed, snake_name
from .config_content import InstallationArgs, InstallationConfigArgs
from .manifest import ExistingFieldArgs, FieldMappingArgs, IntegrationArgs, ManifestArgs
from .rules import (
    Key,
    Path,
    Violation,
    config_violations,
    integration_violations,
    manifest_violations,
)

__all__ = [
    "Issue",
    "PathStyle",
    "check_installation",
    "check_installation_config",
    "check_integration",
    "check_manifest",
    "render_path",
]

PathStyle = Literal["python", "wire"]
"""``python``: snake_case field names (``read.objects[0].object_name``); ``wire``: camelCase."""

M = TypeVar("M", bound=BaseModel)

_FIELD_SHAPES: tuple[type[BaseModel], ...] = (ExistingFieldArgs, FieldMappingArgs)
_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4
_REPR.maxlevel = 2


@dataclass(frozen=True)
class Issue:
    """One problem in a document."""

    path: str
    """Where, e.g. ``read.objects[0].schedule`` (``""`` for the whole document)."""
    message: str
    """What is wrong and how to fix it, in a sentence or two."""


def check_integration(
    data: Mapping[str, Any], *, style: PathStyle = "python"
) -> tuple[IntegrationArgs | None, list[Issue]]:
    """Check one integration (revision content, with ``name`` and ``provider``)."""
    return _check(IntegrationArgs, data, style, integration_violations)


def check_installation_config(
    data: Mapping[str, Any],
    *,
    style: PathStyle = "python",
    integration: IntegrationArgs | None = None,
) -> tuple[InstallationConfigArgs | None, list[Issue]]:
    """Check installation config content, and its fit to ``integration`` when given.

    With the integration, every configured read/write/subscribe object must exist in the
    integration's corresponding action (``read.objects.account``), and ``provider`` must match.
    """
    return _check(
        InstallationConfigArgs, data, style, lambda raw: config_violations(raw, integration)
    )


def check_installation(
    data: Mapping[str, Any], *, style: PathStyle = "python"
) -> tuple[InstallationArgs | None, list[Issue]]:
    """Check the inputs of an Installation resource, its config included (paths from the top:
    ``config.read.objects.account.schedule``). Unset (None) inputs count as absent."""
    present = {key: value for key, value in data.items() if value is not None}
    return _check(
        InstallationArgs,
        present,
        style,
        lambda raw: prefixed(("config",), config_violations(get_field(raw, "config"))),
    )


def check_manifest(
    data: Mapping[str, Any], *, style: PathStyle = "wire"
) -> tuple[ManifestArgs | None, list[Issue]]:
    """Check a whole amp.yaml document (``specVersion`` and ``integrations``)."""
    return _check(ManifestArgs, data, style, manifest_violations)


def render_path(path: Path, style: PathStyle) -> str:
    """Render a path: ``read.objects[0].schedule``, ``read.objects.account``, ``["a.b"]``."""
    text = ""
    for segment in path:
        if isinstance(segment, Key):
            key = str(segment)
            text += f".{key}" if key.isidentifier() else f"[{json.dumps(key, ensure_ascii=False)}]"
        elif isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{snake_name(segment) if style == 'python' else segment}"
    return text.removeprefix(".")


def _check(
    model: type[M],
    data: Any,
    style: PathStyle,
    rules: Callable[[Any], list[Violation]],
) -> tuple[M | None, list[Issue]]:
    if is_unknown(data):
        return None, []
    if not isinstance(data, Mapping):
        return None, [Issue("", f"Expected a mapping of fields to values, got {_REPR.repr(data)}.")]
    violations = rules(data)
    result: M | None = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        violations += [_violation(model, error, style) for error in exc.errors()]
    issues = sorted(
        {Issue(render_path(v.path, style), _in_style(v.message, style)) for v in violations},
        key=lambda issue: (issue.path, issue.message),
    )
    return (result if not issues else None), issues


def _violation(model: type[BaseModel], error: ErrorDetails, style: PathStyle) -> Violation:
    path, parent = _locate(model, error["loc"])
    kind = error["type"]
    if kind == "missing":
        return Violation(path, "This field is required; add it.")
    if kind == "extra_forbidden":
        return Violation(path, _unknown_key_message(path, parent, style))
    got = _REPR.repr(error["input"])
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Violation(path, f"Expected a mapping of fields to values here, got {got}.")
    if kind == "list_type":
        return Violation(path, f"Expected a list here, got {got}.")
    if kind == "string_too_short":
        return Violation(path, "Must not be empty; set a value.")
    if kind == "string_type" and error["loc"][-1:] == ("[key]",):
        return Violation(path, f"Map keys must be strings, got {got}.")
    message = error["msg"].removeprefix("Value error, ")
    return Violation(path, f"{message} (got {got}); fix the value.")


def _unknown_key_message(path: Path, parent: type[BaseModel] | None, style: PathStyle) -> str:
    key = str(path[-1]) if path else ""
    message = f"Unknown key {_REPR.repr(key)}: it is not part of the schema"
    if parent is None:
        return f"{message}; remove it."
    # A field entry is checked against both shapes of the IntegrationField oneOf.
    shapes = _FIELD_SHAPES if parent in _FIELD_SHAPES else (parent,)
    allowed = list(dict.fromkeys(name for shape in shapes for name in _wire_names(shape)))
    spellings = {to_snake(name): name for name in allowed} | {name: name for name in allowed}
    if style == "python":
        allowed = [snake_name(name) for name in allowed]
        spellings = {written: snake_name(name) for written, name in spellings.items()}
    close = get_close_matches(key, list(spellings), n=1, cutoff=0.7)
    if close:
        return f"{message}; did you mean {spellings[close[0]]!r}?"
    return f"{message}; remove it or use one of: {', '.join(allowed)}."


_CAMEL_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b")
_QUOTED = re.compile(r"('[^']*')")


def _in_style(message: str, style: PathStyle) -> str:
    """A message with the schema's wire field names spelled as Python users write them.

    Quoted text (a value, or a key as the user wrote it) is left as it is.
    """
    if style == "wire":
        return message
    wire_names = _all_wire_names()
    parts = _QUOTED.split(message)
    for index in range(0, len(parts), 2):  # the unquoted parts
        parts[index] = _CAMEL_WORD.sub(
            lambda word: snake_name(word[0]) if word[0] in wire_names else word[0], parts[index]
        )
    return "".join(parts)


@functools.cache
def _all_wire_names() -> frozenset[str]:
    """Every camelCase field name of the input documents."""
    models: list[type[BaseModel]] = [InputModel]
    names: set[str] = set()
    while models:
        model = models.pop()
        models += model.__subclasses__()
        names.update(name for name in _wire_names(model) if name != snake_name(name))
    return frozenset(names)


def _wire_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items())


def _locate(
    model: type[BaseModel], loc: tuple[str | int, ...]
) -> tuple[Path, type[BaseModel] | None]:
    """Translate a pydantic error location into a path, walking the model's types.

    Pydantic cannot tell field names from map keys in a location, and adds the tag of a
    union member; the types can. Also returns the model the last segment belongs to.
    """
    path: list[str | int] = []
    current: Any = model
    parent: type[BaseModel] | None = None
    for segment in loc:
        current = _unwrap(current)
        parent = None
        if segment == "[key]":
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            parent = current
            field = _field(current, segment)
            if field is None:
                path.append(Key(str(segment)))
                current = None
            else:
                path.append(field[0])
                current = field[1]
            continue
        origin = typing.get_origin(current)
        if origin is list and isinstance(segment, int):
            path.append(segment)
            current = typing.get_args(current)[0]
        elif origin is dict:
            path.append(Key(str(segment)))
            current = typing.get_args(current)[1]
        elif _is_union(current) and _tagged_member(current, segment) is not None:
            current = _tagged_member(current, segment)
        else:
            path.append(segment if isinstance(segment, int) else Key(segment))
            current = None
    return tuple(path), parent


def _field(model: type[BaseModel], segment: str | int) -> tuple[str, Any] | None:
    """The wire name and type of the field a location segment names, if any."""
    for name, field in model.model_fields.items():
        alias = field.alias or name
        if segment in (alias, name):
            return alias, field.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``| None`` so the walk sees the structural type."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif _is_union(annotation):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _tagged_member(union: Any, tag: str | int) -> Any:
    for member in typing.get_args(union):
        metadata = getattr(member, "__metadata__", ())
        if any(getattr(item, "tag", None) == tag for item in metadata):
            return member
    return None
