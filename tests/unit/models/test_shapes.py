"""Projection of live documents onto declared ones, and lenient parsing of live documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from pulumi_ampersand._unknowns import contains_unknown
from pulumi_ampersand.models import (
    InstallationConfigArgs,
    IntegrationArgs,
    canonical_integration,
    check_integration,
)
from pulumi_ampersand.models.shapes import parse_live, project_onto, refreshed_inputs, to_declared


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


def _manifest_form(document: Mapping[str, Any]) -> dict[str, Any] | None:
    args, issues = check_integration(document)
    return canonical_integration(args) if args is not None and not issues else None


STORED: dict[str, Any] = {
    "name": "crm",
    "provider": "salesforce",
    "read": {
        "objects": [
            {
                "object_name": "account",
                "destination": "d",
                "required_fields": [{"field_name": "name"}, {"field_name": "industry"}],
            },
            {"object_name": "contact", "destination": "d", "delivery": {"mode": "auto"}},
        ]
    },
    "write": {"objects": [{"object_name": "contact"}]},
}


def test_refreshed_inputs_keep_the_stored_form_of_what_means_the_same() -> None:
    live = {
        "name": "crm",
        "provider": "salesforce",
        "display_name": "set in the console",
        "read": {
            "objects": [
                {"object_name": "contact", "destination": "d"},  # a server default left out
                {
                    "object_name": "account",
                    "destination": "d",
                    "required_fields": [{"field_name": "industry"}, {"field_name": "name"}],
                },
            ]
        },
        "write": {"objects": [{"object_name": "contact"}, {"object_name": "lead"}]},
    }
    assert refreshed_inputs(live, STORED, _manifest_form) == STORED


def test_refreshed_inputs_change_only_the_object_that_changed() -> None:
    live = {
        "name": "crm",
        "provider": "salesforce",
        "read": {
            "objects": [
                {"object_name": "contact", "destination": "d"},
                {"object_name": "account", "destination": "elsewhere"},
            ]
        },
    }
    refreshed = refreshed_inputs(live, STORED, _manifest_form)
    assert list(refreshed) == ["name", "provider", "read"]  # write is gone live: left out
    account, contact = refreshed["read"]["objects"]
    assert account == {"object_name": "account", "destination": "elsewhere"}
    assert contact == STORED["read"]["objects"][1]


def test_refreshed_inputs_of_an_import_leave_out_what_means_nothing() -> None:
    live = {"name": "crm", "provider": "salesforce", "proxy": {"enabled": False}, "module": "m"}
    assert refreshed_inputs(live, {}, _manifest_form) == {
        "name": "crm",
        "provider": "salesforce",
        "module": "m",
    }
