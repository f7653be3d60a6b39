"""The shapes of the resources' documents, read from the pydantic models (the one schema source).

Both the schema generator and the native provider's key translation walk the same field
annotations: a model's fields (snake_case in Python, their camelCase alias on the wire and in
the native schema), lists, maps (whose keys are user data and are never renamed) and unions
of models (the fields of every branch). A :class:`ResourceShape` adds the resource's own top-level
properties (meta inputs, computed outputs) to the fields of its content model.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel
from pydantic.alias_generators import to_camel

from .._unknowns import is_unknown

__all__ = ["Prop", "ResourceShape", "fields_of", "models_in", "strip", "translate"]

_UNIONS = (Union, types.UnionType)


@dataclass(frozen=True)
class Prop:
    """One property: its Python name, its schema name, its type and what the schema says."""

    name: str
    native: str
    annotation: Any
    required: bool = False
    description: str | None = None
    secret: bool = False


@dataclass(frozen=True)
class ResourceShape:
    """A resource's (or function's) top-level properties, in declaration order."""

    inputs: tuple[Prop, ...]
    outputs: tuple[Prop, ...] = ()
    _by_name: dict[str, Prop] = field(init=False, repr=False, compare=False)
    _by_native: dict[str, Prop] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        props = (*self.inputs, *self.outputs)
        object.__setattr__(self, "_by_name", {p.name: p for p in props})
        object.__setattr__(self, "_by_native", {p.native: p for p in props})

    def to_native(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Python-named props (as the dynamic providers keep them) under their schema names."""
        return _rename(props, self._by_name, to_native=True)

    def from_native(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Schema-named props under their Python names; unknown keys are kept as they are."""
        return _rename(props, self._by_native, to_native=False)

    def native_path(self, path: Sequence[str | int]) -> str:
        """A Python-named property path as the engine's (``config.read``, ``read.objects[0]``)."""
        head = self._by_name.get(str(path[0]))
        text, annotation = (head.native, head.annotation) if head else (str(path[0]), Any)
        for step in path[1:]:
            if isinstance(step, int):
                text += f"[{step}]"
                annotation = _element(annotation)
                continue
            prop = fields_of(annotation).get(step)
            text += f".{prop.native if prop else step}"
            annotation = prop.annotation if prop else _element(annotation)
        return text


def strip(annotation: Any) -> Any:
    """The annotation without ``Annotated`` metadata and without ``None`` in a union."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in _UNIONS:
        members = [strip(a) for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return members[0]
        return Union[tuple(members)]  # noqa: UP007 (built from a runtime tuple)
    return annotation


def is_model(annotation: Any) -> bool:
    """True for a pydantic model class or a dataclass (a lookup's result)."""
    return isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    )


def union_models(annotation: Any) -> list[type[Any]]:
    """The model branches of a union annotation ([] when it is not a union of models)."""
    if get_origin(annotation) not in _UNIONS:
        return []
    members = [strip(a) for a in get_args(annotation)]
    return members if members and all(is_model(m) for m in members) else []


def fields_of(annotation: Any) -> dict[str, Prop]:
    """The fields of a model, or of every branch of a union of models ({} otherwise)."""
    annotation = strip(annotation)
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _dataclass_fields(annotation)
    models = [annotation] if is_model(annotation) else union_models(annotation)
    table: dict[str, Prop] = {}
    for model in models:
        for name, info in model.model_fields.items():
            table.setdefault(
                name,
                Prop(
                    name=name,
                    native=info.alias or to_camel(name),
                    annotation=info.annotation,
                    required=info.is_required() and len(models) == 1,
                    description=info.description,
                ),
            )
    return table


def _dataclass_fields(cls: type[Any]) -> dict[str, Prop]:
    hints = get_type_hints(cls)
    return {
        f.name: Prop(
            name=f.name,
            native=to_camel(f.name),
            annotation=hints[f.name],
            required=f.default is dataclasses.MISSING and strip(hints[f.name]) == hints[f.name],
        )
        for f in dataclasses.fields(cls)
    }


def models_in(annotation: Any) -> Iterator[type[Any]]:
    """Every model class reachable from an annotation, each once, in a stable order."""
    seen: set[type[Any]] = set()

    def walk(ann: Any) -> Iterator[type[Any]]:
        ann = strip(ann)
        if is_model(ann):
            if ann not in seen:
                seen.add(ann)
                yield ann
                for prop in fields_of(ann).values():
                    yield from walk(prop.annotation)
            return
        for arg in get_args(ann):
            if get_origin(ann) is not Literal:
                yield from walk(arg)

    yield from walk(annotation)


def translate(value: Any, annotation: Any, *, to_native: bool) -> Any:
    """``value`` with every model key renamed to (or from) its schema name, guided by types."""
    if value is None or is_unknown(value):
        return value
    annotation = strip(annotation)
    origin = get_origin(annotation)
    if origin is list and isinstance(value, (list, tuple)):
        (item,) = get_args(annotation)
        return [translate(v, item, to_native=to_native) for v in value]
    if origin is dict and isinstance(value, Mapping):
        item = get_args(annotation)[1]
        return {k: translate(v, item, to_native=to_native) for k, v in value.items()}
    table = fields_of(annotation)
    if table and isinstance(value, Mapping):
        by_key = table if to_native else {p.native: p for p in table.values()}
        return _rename(value, by_key, to_native=to_native)
    return value


def _rename(
    value: Mapping[str, Any], table: Mapping[str, Prop], *, to_native: bool
) -> dict[str, Any]:
    """``value`` with each key that ``table`` knows renamed, and its value translated."""
    renamed: dict[str, Any] = {}
    for key, item in value.items():
        prop = table.get(key)
        if prop is None:
            renamed[key] = item
        else:
            name = prop.native if to_native else prop.name
            renamed[name] = translate(item, prop.annotation, to_native=to_native)
    return renamed


def _element(annotation: Any) -> Any:
    """The item type of a list or map annotation (Any for anything else)."""
    annotation = strip(annotation)
    origin = get_origin(annotation)
    if origin is list:
        return get_args(annotation)[0]
    if origin is dict:
        return get_args(annotation)[1]
    return Any
