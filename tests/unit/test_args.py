"""The typed Args at construction: only a missing required property or an unknown keyword fails
there, with Pulumi's message and the Python name; everything else waits for the preview."""

from __future__ import annotations

import pulumi
import pytest

import pulumi_ampersand as amp
from pulumi_ampersand._inputs import merge_args, to_props


def test_a_missing_required_property_is_named_as_the_program_spells_it() -> None:
    with pytest.raises(TypeError, match=r"^Missing required property 'destination'$"):
        amp.ReadObjectArgs(object_name="account")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^Missing required property 'object_name'$"):
        amp.ReadObjectArgs(object_name=None, destination="d")  # type: ignore[arg-type]


def test_an_unknown_keyword_names_the_closest_property() -> None:
    with pytest.raises(
        TypeError, match=r"has no property 'objectName'; did you mean 'object_name'"
    ):
        amp.ReadObjectArgs(objectName="a", destination="d")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"has no property 'zzz'; use one of: enabled, use_module"):
        amp.ProxyArgs(zzz=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="keyword arguments only"):
        amp.ProxyArgs(True)  # type: ignore[misc]


def test_wrong_values_are_kept_for_the_preview_to_report() -> None:
    # A str where an int belongs is the provider's check's to report, with every other problem.
    args = amp.DeliveryArgs(page_size="many")  # type: ignore[arg-type]
    assert to_props(args) == {"page_size": "many"}


def test_args_dicts_and_outputs_flatten_to_snake_case_props() -> None:
    destination = pulumi.Output.from_input("hook")
    read = amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(object_name="a", destination=destination),
            {"object_name": "b", "destination": "d", "required_fields": [{"field_name": "x"}]},
        ]
    )
    props = merge_args(amp.IntegrationArgs(name="n", provider="p", read=read), display_name="D")
    first, second = props["read"]["objects"]
    assert first == {"object_name": "a", "destination": destination}
    assert second == {
        "object_name": "b",
        "destination": "d",
        "required_fields": [{"field_name": "x"}],
    }
    assert props["display_name"] == "D" and props["name"] == "n"


def test_args_compare_by_value_and_show_what_is_set() -> None:
    assert amp.ProxyArgs(enabled=True) == amp.ProxyArgs(enabled=True)
    assert amp.ProxyArgs(enabled=True) != amp.ProxyArgs(enabled=False)
    assert repr(amp.ProxyArgs(enabled=True)) == "ProxyArgs(enabled=True)"


def test_resources_require_their_required_inputs_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^Missing required property 'provider'$"):
        amp.Integration("crm", proxy=amp.ProxyArgs(enabled=True))
    with pytest.raises(TypeError, match=r"^Missing required property 'group_ref'$"):
        amp.Installation("acme", integration_id="i")
    with pytest.raises(TypeError, match=r"^Missing required property 'integration_id'$"):
        amp.Installation("acme", amp.InstallationArgs(integration_id=None, group_ref="g"))  # type: ignore[arg-type]
