"""The canonical form: same meaning, same dict; unknowns survive."""

from __future__ import annotations

import json
from typing import Any

from pulumi.output import Unknown

from pulumi_ampersand.models import (
    InstallationConfigArgs,
    IntegrationArgs,
    canonical_config,
    canonical_integration,
)

READ_A: dict[str, Any] = {
    "objectName": "account",
    "destination": "hook",
    "schedule": "*/15 * * * *",
    "requiredFields": [{"fieldName": "name"}, {"fieldName": "city", "mapToName": "town"}],
    "optionalFields": [{"mapToName": "score", "prompt": "Pick"}, {"fieldName": "phone"}],
}
READ_B: dict[str, Any] = {"objectName": "contact", "destination": "hook"}
SUBSCRIBE: dict[str, Any] = {
    "objectName": "account",
    "destination": "hook",
    "inheritFieldsAndMapping": True,
    "updateEvent": {"enabled": "always", "requiredWatchFields": ["b", "a", "b"]},
    "otherEvents": ["object.restored", "object.merged"],
}


def _integration(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "crm",
        "provider": "salesforce",
        "read": {"objects": [READ_A, READ_B]},
        "write": {"objects": [{"objectName": "account"}, {"objectName": "contact"}]},
        "subscribe": {"objects": [SUBSCRIBE]},
    } | overrides


def _canon(data: dict[str, Any]) -> dict[str, Any]:
    return canonical_integration(IntegrationArgs.model_validate(data))


def test_shape() -> None:
    canonical = _canon(_integration())
    assert canonical["read"]["objects"]["account"]["required_fields"] == {
        "name": {"field_name": "name"},
        "city": {"field_name": "city", "map_to_name": "town"},
    }
    assert canonical["read"]["objects"]["account"]["optional_fields"]["score"] == {
        "map_to_name": "score",
        "prompt": "Pick",
    }
    assert canonical["write"]["objects"] == {
        "account": {"object_name": "account"},
        "contact": {"object_name": "contact"},
    }
    subscribe = canonical["subscribe"]["objects"]["account"]
    assert subscribe["update_event"]["required_watch_fields"] == ["a", "b"]
    assert subscribe["other_events"] == ["object.merged", "object.restored"]
    json.dumps(canonical)


def test_reordering_objects_and_fields_does_not_matter() -> None:
    reordered = {
        **READ_A,
        "requiredFields": list(reversed(READ_A["requiredFields"])),
        "optionalFields": list(reversed(READ_A["optionalFields"])),
    }
    subscribe = {**SUBSCRIBE, "otherEvents": list(reversed(SUBSCRIBE["otherEvents"]))}
    assert _canon(_integration()) == _canon(
        _integration(
            read={"objects": [READ_B, reordered]},
            write={"objects": [{"objectName": "contact"}, {"objectName": "account"}]},
            subscribe={"objects": [subscribe]},
        )
    )


def test_explicit_defaults_equal_omitted_ones() -> None:
    explicit = _integration(
        read={
            "objects": [
                {
                    **READ_A,
                    "delivery": {"mode": "auto"},
                    "backfill": {"defaultPeriod": {"days": 0}},
                },
                READ_B,
            ]
        },
        write={
            "objects": [
                {"objectName": "account", "inheritMapping": False},
                {"objectName": "contact"},
            ]
        },
        subscribe={
            "objects": [{**SUBSCRIBE, "associationChangeEvent": {"includeFullRecords": False}}]
        },
        proxy={"enabled": False, "useModule": False},
        watchSchema={
            "destination": "d",
            "schedule": "0 */24 * * *",
            "allObjects": {"fieldCreated": {"enabled": "always"}},
        },
    )
    omitted = _integration(
        subscribe={"objects": [{**SUBSCRIBE, "associationChangeEvent": {}}]},
        watchSchema={"destination": "d", "allObjects": {"fieldCreated": {"enabled": "always"}}},
    )
    assert _canon(explicit) == _canon(omitted)
    assert _canon(_integration(proxy={"enabled": True})) != _canon(_integration())
    assert _canon(
        _integration(
            read={"objects": [{**READ_A, "backfill": {"defaultPeriod": {"days": 1}}}, READ_B]}
        )
    ) != _canon(_integration())


def test_floats_and_snake_case_input_give_the_same_form() -> None:
    snake = IntegrationArgs.model_validate(
        {
            "name": "crm",
            "provider": "salesforce",
            "read": {
                "objects": [
                    {
                        "object_name": "account",
                        "destination": "hook",
                        "delivery": {"mode": "onRequest", "page_size": 100.0},
                    }
                ]
            },
        }
    )
    camel = IntegrationArgs.model_validate(
        {
            "name": "crm",
            "provider": "salesforce",
            "read": {
                "objects": [
                    {
                        "objectName": "account",
                        "destination": "hook",
                        "delivery": {"mode": "onRequest", "pageSize": 100},
                    }
                ]
            },
        }
    )
    assert canonical_integration(snake) == canonical_integration(camel)


def test_unknowns_survive() -> None:
    unknown = Unknown()
    model = IntegrationArgs.model_validate(
        _integration(
            display_name=unknown,
            read={"objects": [READ_A, unknown, {**READ_B, "objectName": unknown}]},
            subscribe={"objects": [{**SUBSCRIBE, "otherEvents": ["x", unknown]}]},
        )
    )
    canonical = canonical_integration(model)
    assert canonical["display_name"] is unknown
    objects = canonical["read"]["objects"]
    assert objects["<unknown #1>"] is unknown
    assert objects["<unknown #2>"]["object_name"] is unknown
    assert canonical["subscribe"]["objects"]["account"]["other_events"] == ["x", unknown]


CONFIG: dict[str, Any] = {
    "provider": "salesforce",
    "read": {
        "objects": {
            "account": {
                "selectedFields": {"name": True},
                "fieldFilters": [
                    {"fieldName": "a", "operator": "eq", "value": 1},
                    {"fieldName": "b", "operator": "eq", "value": "x"},
                ],
            },
        }
    },
    "write": {
        "objects": {
            "account": {"selectedFieldSettings": {"name": {"default": {"stringValue": "x"}}}}
        }
    },
    "subscribe": {
        "objects": {
            "account": {
                "destination": "hook",
                "inheritFieldsAndMappings": True,
                "updateEvent": {"enabled": "always", "requiredWatchFields": ["b", "a"]},
            }
        }
    },
}


def _config(data: dict[str, Any]) -> dict[str, Any]:
    return canonical_config(InstallationConfigArgs.model_validate(data))


def test_config_defaults_and_object_names() -> None:
    explicit = {
        **CONFIG,
        "read": {
            "objects": {
                "account": {
                    **CONFIG["read"]["objects"]["account"],
                    "objectName": "account",
                    "disabled": False,
                    "fieldFilters": list(
                        reversed(CONFIG["read"]["objects"]["account"]["fieldFilters"])
                    ),
                    "backfill": {"defaultPeriod": {"fullHistory": False}},
                }
            }
        },
        "write": {
            "objects": {
                "account": {
                    "objectName": "account",
                    "deletionSettings": {"enabled": False},
                    "selectedFieldSettings": {
                        "name": {
                            "default": {"stringValue": "x"},
                            "writeOnCreate": "always",
                            "writeOnUpdate": "always",
                        },
                        "other": {"writeOnUpdate": "always"},
                    },
                    "selectedValueDefaults": {"x": {"value": 1.0, "applyOnUpdate": "always"}},
                }
            }
        },
        "subscribe": {
            "objects": {
                "account": {
                    **CONFIG["subscribe"]["objects"]["account"],
                    "updateEvent": {"enabled": "always", "requiredWatchFields": ["a", "b"]},
                }
            }
        },
        "proxy": {"enabled": False},
    }
    plain = {
        **CONFIG,
        "write": {
            "objects": {
                "account": {
                    **CONFIG["write"]["objects"]["account"],
                    "selectedValueDefaults": {"x": {"value": 1}},
                }
            }
        },
    }
    assert _config(explicit) == _config(plain)
    canonical = _config(plain)
    assert canonical["read"]["objects"]["account"]["field_filters"] == {
        "a": {"field_name": "a", "operator": "eq", "value": 1},
        "b": {"field_name": "b", "operator": "eq", "value": "x"},
    }
    assert canonical["read"]["objects"]["account"]["object_name"] == "account"
    assert _config({**CONFIG, "read": {"objects": {"account": {"disabled": True}}}}) != _config(
        {**CONFIG, "read": {"objects": {"account": {}}}}
    )
