"""Program side: turn typed Args, TypedDicts and plain dicts into resource props.

Validation does not happen here: it happens in the provider's ``check``, at preview, where every
problem is reported with its property path. Here values are only flattened to plain dicts, so
``pulumi.Output`` values anywhere inside stay where they are and resolve as usual.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models._base import InputModel

__all__ = ["merge_args", "to_props"]


def to_props(value: Any) -> Any:
    """A props value: models dumped to snake_case dicts, containers copied, the rest as is."""
    # Imported here, not at the top: the provider process imports this module (with the
    # resources) but never calls it, and must not pay for pydantic when it does no validation.
    from .models._base import InputModel

    return _flatten(value, InputModel)


def _flatten(value: Any, model_type: type[InputModel]) -> Any:
    if isinstance(value, model_type):
        return value.model_dump(exclude_none=True, warnings=False)
    if isinstance(value, Mapping):
        return {key: _flatten(item, model_type) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [_flatten(item, model_type) for item in value]
    return value


def merge_args(args: InputModel | Mapping[str, Any] | None, **kwargs: Any) -> dict[str, Any]:
    """``args`` (a whole Args object or dict) overlaid with the keyword arguments that are set."""
    merged: dict[str, Any] = dict(to_props(args)) if args is not None else {}
    merged.update({key: to_props(value) for key, value in kwargs.items() if value is not None})
    return merged
