"""Program side: the base of the typed ``*Args`` classes, and turning inputs into props.

The ``*Args`` classes (generated into ``_args`` from the pydantic models) only hold what the
program passed. Construction fails for exactly two mistakes, the ones Pulumi's own SDKs reject
at once: a missing required property and an unknown keyword. Every other problem is found by
the provider's ``check``, at preview, where all of a resource's problems are reported together
with their property paths. Here values are only flattened to plain dicts, so ``pulumi.Output``
values anywhere inside stay where they are and resolve as usual.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .models._base import InputModel

__all__ = ["InputType", "merge_args", "require", "to_props"]

_T = TypeVar("_T", bound="InputType")


class InputType:
    """Base of every generated ``*Args`` class: keyword arguments only, checked by name."""

    def __new__(cls: type[_T], *args: Any, **kwargs: Any) -> _T:
        # Checked before ``__init__`` runs, so the error is Pulumi's, with the Python name,
        # instead of Python's own "missing 1 required keyword-only argument".
        if args:
            raise TypeError(f"{cls.__name__} takes keyword arguments only, e.g. name=value")
        for key in kwargs:
            if key not in _properties(cls):
                raise TypeError(unknown_property_message(cls.__name__, key, _properties(cls)))
        require(kwargs, _required(cls))
        return super().__new__(cls)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in _set_fields(self))
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return dict(_set_fields(self)) == dict(_set_fields(other))


def require(props: Mapping[str, Any], names: Iterable[str]) -> None:
    """Raise Pulumi's ``TypeError: Missing required property 'x'`` for an unset one."""
    for name in names:
        if props.get(name) is None:
            raise TypeError(f"Missing required property {name!r}")


def unknown_property_message(owner: str, key: str, allowed: Iterable[str]) -> str:
    """The error for a keyword ``owner`` does not take, with the closest name it does take."""
    close = get_close_matches(key, list(allowed), n=1, cutoff=0.7)
    hint = f"; did you mean {close[0]!r}?" if close else f"; use one of: {', '.join(allowed)}"
    return f"{owner} has no property {key!r}{hint}"


_SIGNATURES: dict[type[InputType], Mapping[str, inspect.Parameter]] = {}


def _signature(cls: type[InputType]) -> Mapping[str, inspect.Parameter]:
    """The keyword parameters of a class's ``__init__``: its properties (looked up once)."""
    parameters = _SIGNATURES.get(cls)
    if parameters is None:
        parameters = dict(inspect.signature(cls.__init__).parameters)
        parameters.pop("self", None)
        _SIGNATURES[cls] = parameters
    return parameters


def _properties(cls: type[InputType]) -> tuple[str, ...]:
    return tuple(_signature(cls))


def _required(cls: type[InputType]) -> tuple[str, ...]:
    return tuple(
        name for name, p in _signature(cls).items() if p.default is inspect.Parameter.empty
    )


def _set_fields(value: InputType) -> list[tuple[str, Any]]:
    fields = ((name, getattr(value, name, None)) for name in _properties(type(value)))
    return [(name, item) for name, item in fields if item is not None]


def to_props(value: Any) -> Any:
    """A props value: Args and models as snake_case dicts, containers copied, the rest as is."""
    # Imported here, not at the top: the provider process imports this module (with the
    # resources) but never calls it, and must not pay for pydantic when it does no validation.
    from .models._base import InputModel

    return _flatten(value, InputModel)


def _flatten(value: Any, model_type: type[InputModel]) -> Any:
    if isinstance(value, InputType):
        return {name: _flatten(item, model_type) for name, item in _set_fields(value)}
    if isinstance(value, model_type):
        return value.model_dump(exclude_none=True, warnings=False)
    if isinstance(value, Mapping):
        return {key: _flatten(item, model_type) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [_flatten(item, model_type) for item in value]
    return value


def merge_args(args: Any, **kwargs: Any) -> dict[str, Any]:
    """``args`` (a whole Args object or dict) overlaid with the keyword arguments that are set."""
    merged: dict[str, Any] = dict(to_props(args)) if args is not None else {}
    merged.update({key: to_props(value) for key, value in kwargs.items() if value is not None})
    return merged
