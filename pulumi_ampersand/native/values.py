"""Engine property values to plain Python values and back.

The shared core works on plain values with ``pulumi.output.Unknown`` for what a preview does not
know yet, as the dynamic providers receive them. Secretness is kept per top-level property:
what arrived secret leaves secret, and so do the properties the schema marks secret.

An unknown crosses the wire as the engine's sentinel string: the experimental SDK unmarshals it
as that string and cannot marshal its own ``Computed``, so both directions use the sentinel.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pulumi.output import UNKNOWN, Unknown
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN as WIRE_UNKNOWN

__all__ = ["from_property_map", "secret_keys", "to_property_map"]


def from_property_map(props: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """Engine values as plain Python (secrets unwrapped; see ``secret_keys``)."""
    return {key: _plain(value) for key, value in props.items()}


def secret_keys(props: Mapping[str, PropertyValue]) -> set[str]:
    """The top-level properties that hold a secret anywhere inside."""
    return {key for key, value in props.items() if value.contains_secret()}


def to_property_map(props: Mapping[str, Any], secret: Collection[str] = ()) -> dict[str, Any]:
    """Plain values as engine values; ``secret`` names the top-level keys to mark secret."""
    return {key: _property(value).with_secret(key in secret) for key, value in props.items()}


def _plain(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, Computed) or inner == WIRE_UNKNOWN:
        return UNKNOWN
    if isinstance(inner, Mapping):
        return {key: _plain(item) for key, item in inner.items()}
    if isinstance(inner, tuple):
        return [_plain(item) for item in inner]
    if isinstance(inner, float) and inner.is_integer():
        return int(inner)  # the engine has one number type; the models tell ints apart
    return inner


def _property(value: Any) -> PropertyValue:
    if isinstance(value, Unknown):
        return PropertyValue(WIRE_UNKNOWN)
    if isinstance(value, Mapping):
        return PropertyValue({str(key): _property(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return PropertyValue([_property(item) for item in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)
