"""Engine values to plain values and back: unknowns, numbers, secrets."""

from __future__ import annotations

from pulumi.output import UNKNOWN
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN as WIRE_UNKNOWN

from pulumi_ampersand.native.values import from_property_map, secret_keys, to_property_map


def test_round_trip_of_nested_values_with_an_unknown() -> None:
    plain = {"a": {"b": [1, "x", True, None]}, "c": UNKNOWN, "d": 2.5}
    props = to_property_map(plain)
    assert props["c"] == PropertyValue(WIRE_UNKNOWN)
    assert props["a"].value["b"].value[0] == PropertyValue(1.0)  # the engine has floats only
    assert from_property_map(props) == plain


def test_marked_keys_leave_secret_and_secret_inputs_are_found() -> None:
    props = to_property_map({"connection": {"id": "c"}, "id": "x"}, secret={"connection"})
    assert props["connection"].is_secret and not props["id"].is_secret
    nested = {
        "config": PropertyValue({"k": PropertyValue("v", is_secret=True)}),
        "x": PropertyValue("y"),
    }
    assert secret_keys(nested) == {"config"}
    assert from_property_map(nested) == {"config": {"k": "v"}, "x": "y"}
