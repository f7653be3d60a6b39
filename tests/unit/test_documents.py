"""Projection of live documents onto declared ones, and lenient parsing of live documents."""

from __future__ import annotations

from pulumi.output import Unknown

from pulumi_ampersand._documents import parse_live, project_onto, to_declared
from pulumi_ampersand._unknowns import contains_unknown
from pulumi_ampersand.models import InstallationConfigArgs, IntegrationArgs


def test_projection_keeps_declared_objects_and_fields_of_a_manifest() -> None:
    declared = {
        "name": "crm",
        "read": {"objects": [{"object_name": "account", "destination": "d", "schedule": "x"}]},
    }
    live = {
        "name": "crm",
        "display_name": "filled by someone",
        "read": {
            "objects": [
                {"object_name": "lead", "destination": "d"},
                {"object_name": "account", "destination": "d", "schedule": "y", "delivery": {}},
            ]
        },
    }
    assert project_onto(live, declared) == {
        "name": "crm",
        "read": {"objects": [{"object_name": "account", "destination": "d", "schedule": "y"}]},
    }


def test_projection_keeps_declared_objects_of_a_config_map() -> None:
    declared = {"read": {"objects": {"account": {"object_name": "account", "selected_fields": {}}}}}
    live = {
        "provider": "salesforce",
        "read": {
            "objects": {
                "account": {
                    "object_name": "account",
                    "selected_fields": {"name": True},
                    "schedule": "*/30 * * * *",
                },
                "contact": {"object_name": "contact"},
            }
        },
    }
    assert project_onto(live, declared) == {
        "read": {
            "objects": {"account": {"object_name": "account", "selected_fields": {"name": True}}}
        }
    }


def test_projection_without_declared_document_is_everything() -> None:
    live = {"read": {"objects": []}}
    assert project_onto(live, None) == live


def test_a_declared_object_missing_live_is_missing_from_the_projection() -> None:
    declared = {"write": {"objects": [{"object_name": "contact"}]}}
    assert project_onto({"write": {"objects": []}}, declared) == {"write": {"objects": []}}


def test_parse_live_drops_what_the_schema_rejects_and_keeps_the_rest() -> None:
    wire = {
        "name": "crm",
        "provider": "salesforce",
        "newServerField": {"x": 1},
        "read": {
            "objects": [
                {"objectName": "account", "destination": "d", "schedule": "*/30 * * * *"},
            ]
        },
    }
    parsed = to_declared(parse_live(IntegrationArgs, wire))
    assert parsed["name"] == "crm"
    assert parsed["read"]["objects"][0]["object_name"] == "account"
    assert "new_server_field" not in parsed


def test_parse_live_config_with_server_fills() -> None:
    wire = {
        "provider": "salesforce",
        "read": {
            "objects": {
                "account": {
                    "objectName": "account",
                    "schedule": "*/30 * * * *",
                    "destination": "d",
                    "selectedFields": {"name": True},
                    "selectedFieldMappings": {},
                }
            }
        },
    }
    parsed = to_declared(parse_live(InstallationConfigArgs, wire))
    assert parsed["read"]["objects"]["account"]["selected_fields"] == {"name": True}


def test_contains_unknown_looks_inside_containers() -> None:
    assert contains_unknown({"a": [1, {"b": Unknown()}]})
    assert not contains_unknown({"a": [1, {"b": "c"}]})
