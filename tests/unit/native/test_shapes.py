"""Key translation between Python and schema names, guided by the models."""

from __future__ import annotations

from pulumi.output import UNKNOWN

from pulumi_ampersand.native.resources import INSTALLATION, INTEGRATION

CORE_INSTALLATION = {
    "integration_id": "i-1",
    "group_ref": "org-a",
    "config": {
        "read": {
            "objects": {
                "my_object": {
                    "object_name": "my_object",
                    "selected_fields": {"first_name": True, "last_name": UNKNOWN},
                }
            }
        }
    },
    "create_time": "t",
}
NATIVE_INSTALLATION = {
    "integrationId": "i-1",
    "groupRef": "org-a",
    "config": {
        "read": {
            "objects": {
                "my_object": {
                    "objectName": "my_object",
                    "selectedFields": {"first_name": True, "last_name": UNKNOWN},
                }
            }
        }
    },
    "createTime": "t",
}


def test_models_keys_are_renamed_and_map_keys_are_not() -> None:
    assert INSTALLATION.shape.to_native(CORE_INSTALLATION) == NATIVE_INSTALLATION
    assert INSTALLATION.shape.from_native(NATIVE_INSTALLATION) == CORE_INSTALLATION


def test_union_branches_and_explicit_aliases_translate() -> None:
    core = {
        "read": {"objects": [{"object_name": "a", "required_fields": [{"field_name": "x"}]}]},
        "subscribe": {"objects": [{"inherit_fields_and_mapping": True}]},
        "latest_revision_id": "r",
        "unknown_key": {"keep_me": 1},
    }
    native = INTEGRATION.shape.to_native(core)
    assert native == {
        "read": {"objects": [{"objectName": "a", "requiredFields": [{"fieldName": "x"}]}]},
        "subscribe": {"objects": [{"inheritFieldsAndMapping": True}]},
        "latestRevisionId": "r",
        "unknown_key": {"keep_me": 1},
    }
    assert INTEGRATION.shape.from_native(native) == core


def test_property_paths_use_schema_names_below_maps() -> None:
    path = ["config", "read", "objects", "my_object", "selected_fields"]
    assert INSTALLATION.shape.native_path(path) == "config.read.objects.my_object.selectedFields"
    assert INTEGRATION.shape.native_path(["watch_schema"]) == "watchSchema"
