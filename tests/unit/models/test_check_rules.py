"""``check_*``: every rule with its path, unknown values, path styles, and no exceptions ever."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pulumi.output import Unknown
from pydantic import BaseModel

from pulumi_ampersand import models
from pulumi_ampersand.models import (
    InstallationConfigArgs,
    IntegrationArgs,
    Issue,
    check_installation_config,
    check_integration,
    check_manifest,
)
from pulumi_ampersand.models.check import render_path
from pulumi_ampersand.models.rules import Key

READ_OBJECT: dict[str, Any] = {
    "objectName": "account",
    "destination": "hook",
    "schedule": "*/15 * * * *",
}
SUBSCRIBE_OBJECT: dict[str, Any] = {
    "objectName": "account",
    "destination": "hook",
    "inheritFieldsAndMapping": True,
    "updateEvent": {"enabled": "always", "watchFieldsAuto": "all"},
}
BASE: dict[str, Any] = {
    "name": "crm",
    "provider": "salesforce",
    "read": {"objects": [READ_OBJECT]},
    "subscribe": {"objects": [SUBSCRIBE_OBJECT]},
}


def _with(path: str, value: Any, base: dict[str, Any] = BASE) -> dict[str, Any]:
    """A deep copy of ``base`` with one dotted path (indexes as numbers) set; None deletes."""
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    index: Any = int(last) if isinstance(node, list) else last
    if value is None:
        del node[index]
    else:
        node[index] = value
    return data


def _paths(issues: list[Issue]) -> list[str]:
    return [issue.path for issue in issues]


def test_base_document_is_valid() -> None:
    model, issues = check_integration(BASE)
    assert issues == []
    assert isinstance(model, IntegrationArgs)


INTEGRATION_RULES = [
    ({"name": "a", "provider": "p"}, ""),
    (_with("read.objects", []), "read.objects"),
    (_with("write", {}), "write.objects"),
    (_with("subscribe.objects", []), "subscribe.objects"),
    (_with("read.objects.0.objectName", ""), "read.objects[0].object_name"),
    (_with("read.objects.0.destination", None), "read.objects[0].destination"),
    (_with("read.objects", [READ_OBJECT, READ_OBJECT]), "read.objects[1].object_name"),
    (
        _with("write", {"objects": [{"objectName": "a"}, {"objectName": "a"}]}),
        "write.objects[1].object_name",
    ),
    (_with("read.objects.0.schedule", "* * * * *"), "read.objects[0].schedule"),
    (_with("read.objects.0.schedule", "*/9 * * * *"), "read.objects[0].schedule"),
    (_with("read.objects.0.schedule", "0 0 * * * *"), "read.objects[0].schedule"),
    (_with("read.objects.0.delivery", {"pageSize": 100}), "read.objects[0].delivery.page_size"),
    (_with("read.objects.0.delivery", {"mode": "onRequest"}), "read.objects[0].delivery.page_size"),
    (
        _with("read.objects.0.delivery", {"mode": "onRequest", "pageSize": 49}),
        "read.objects[0].delivery.page_size",
    ),
    (_with("read.objects.0.delivery", {"mode": "streaming"}), "read.objects[0].delivery.mode"),
    (
        _with("read.objects.0.backfill", {"defaultPeriod": {}}),
        "read.objects[0].backfill.default_period",
    ),
    (
        _with("read.objects.0.backfill", {"defaultPeriod": {"days": 1, "fullHistory": False}}),
        "read.objects[0].backfill.default_period",
    ),
    (
        _with("read.objects.0.backfill", {"defaultPeriod": {"days": -1}}),
        "read.objects[0].backfill.default_period.days",
    ),
    (
        _with(
            "read.objects.0.optionalFields",
            [{"fieldName": "a", "mapToName": "x"}, {"mapToName": "x"}],
        ),
        "read.objects[0].optional_fields[1].map_to_name",
    ),
    (
        _with("read.objects.0.requiredFields", [{"fieldName": "contact[invalid]]"}]),
        "read.objects[0].required_fields[0].field_name",
    ),
    (_with("read.objects.0.enabled", "always"), "read.objects[0].required_fields"),
    (
        _with(
            "read.objects.0",
            {
                **READ_OBJECT,
                "enabled": "always",
                "requiredFields": [{"fieldName": "a", "mapToName": "b"}],
            },
        ),
        "read.objects[0].required_fields[0].map_to_name",
    ),
    (_with("read", None), "subscribe"),
    (
        _with("subscribe.objects.0.inheritFieldsAndMapping", False),
        "subscribe.objects[0].inherit_fields_and_mapping",
    ),
    (_with("subscribe.objects.0.objectName", "lead"), "subscribe.objects[0].object_name"),
    (
        _with("subscribe.objects.0.updateEvent", {"enabled": "always"}),
        "subscribe.objects[0].update_event",
    ),
    (
        _with(
            "subscribe.objects.0.updateEvent",
            {"watchFieldsAuto": "selected", "requiredWatchFields": ["a"]},
        ),
        "subscribe.objects[0].update_event",
    ),
    (
        _with(
            "subscribe.objects.0.updateEvent", {"enabled": "sometimes", "watchFieldsAuto": "all"}
        ),
        "subscribe.objects[0].update_event.enabled",
    ),
    (
        _with("subscribe.objects.0.updateEvent", {"requiredWatchFields": ["a.b"]}),
        "subscribe.objects[0].update_event.required_watch_fields[0]",
    ),
    (
        _with("watchSchema", {"destination": "d", "allObjects": {}, "schedule": "*/30 * * * *"}),
        "watch_schema.schedule",
    ),
    (
        {
            "name": "cal",
            "provider": "googlecalendar",
            "read": {
                "objects": [
                    {
                        **READ_OBJECT,
                        "objectName": "events",
                        "backfill": {"defaultPeriod": {"days": 29}},
                    }
                ]
            },
        },
        "read.objects[0].backfill.default_period.days",
    ),
]


@pytest.mark.parametrize(("data", "path"), INTEGRATION_RULES)
def test_integration_rule(data: dict[str, Any], path: str) -> None:
    model, issues = check_integration(data)
    assert model is None
    assert path in _paths(issues), issues
    assert all(issue.message.endswith((".", "?")) for issue in issues)


def test_warnings_do_not_fail() -> None:
    base_definition = {"objectName": "account", "destination": "hook"}
    data = _with("subscribe.objects", [base_definition])
    data = _with(
        "read.objects.0",
        {**READ_OBJECT, "enabled": "always", "requiredFields": [{"fieldName": "id"}]},
        data,
    )
    assert check_integration(data)[1] == []
    assert check_integration(_with("read.objects.0.schedule", "*/10 * * * *"))[1] == []


def test_other_events_only_need_no_inherit_flag() -> None:
    data = _with(
        "subscribe.objects",
        [{"objectName": "account", "destination": "hook", "otherEvents": ["object.merged"]}],
    )
    assert check_integration(data)[1] == []


def test_salesforce_subscribe_limit() -> None:
    objects = [{"objectName": f"o{i}", "destination": "d"} for i in range(6)]
    data = _with("subscribe.objects", objects)
    assert _paths(check_integration(data)[1]) == ["subscribe.objects"]
    assert check_integration(_with("subscribe.objects", objects[:5]))[1] == []
    assert check_integration(_with("provider", "hubspot", data))[1] == []


def test_manifest_rules_have_prefixed_wire_paths() -> None:
    _, issues = check_manifest(
        {"specVersion": "2.0.0", "integrations": [BASE, _with("read.objects.0.schedule", "x")]}
    )
    assert _paths(issues) == [
        "integrations[1].name",
        "integrations[1].read.objects[0].schedule",
        "specVersion",
    ]
    _, python_issues = check_manifest(
        {"specVersion": "1.0.0", "integrations": [{}]}, style="python"
    )
    assert _paths(python_issues) == [
        "integrations[0]",
        "integrations[0].name",
        "integrations[0].provider",
    ]


def test_issues_are_sorted_and_model_only_without_issues() -> None:
    data = _with("read.objects.0.schedule", "*/5 * * * *", _with("name", 3))
    model, issues = check_integration(data)
    assert model is None
    assert issues == sorted(issues, key=lambda issue: (issue.path, issue.message))
    assert _paths(issues) == ["name", "read.objects[0].schedule"]


# --- installation config ----------------------------------------------------------------------

INTEGRATION = IntegrationArgs.model_validate(
    _with("write", {"objects": [{"objectName": "account"}]})
)
CONFIG: dict[str, Any] = {
    "read": {"objects": {"account": {"selectedFields": {"name": True}}}},
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
                "updateEvent": {"enabled": "always", "requiredWatchFields": ["name"]},
                "providerOptions": {"quotaOptimization": {"enabled": True}},
            }
        }
    },
}

CONFIG_RULES = [
    (
        _with("read.objects.account.objectName", "contact", CONFIG),
        "read.objects.account.object_name",
    ),
    (
        _with("read.objects.account.schedule", "*/5 * * * *", CONFIG),
        "read.objects.account.schedule",
    ),
    (
        _with(
            "read.objects.account.backfill",
            {"defaultPeriod": {"days": 1, "fullHistory": True}},
            CONFIG,
        ),
        "read.objects.account.backfill.default_period",
    ),
    (
        _with(
            "read.objects.account.fieldFilters",
            [
                {"fieldName": "a", "operator": "eq", "value": 1},
                {"fieldName": "a", "operator": "eq", "value": 2},
            ],
            CONFIG,
        ),
        "read.objects.account.field_filters[1].field_name",
    ),
    (
        _with(
            "read.objects.account.backfill",
            {
                "defaultPeriod": {"days": 1},
                "fieldFilters": [
                    {"fieldName": "a", "operator": "eq"},
                    {"fieldName": "a", "operator": "eq"},
                ],
            },
            CONFIG,
        ),
        "read.objects.account.backfill.field_filters[1].field_name",
    ),
    (
        _with("read.objects.account.fieldFilters", [{"fieldName": "a", "operator": "ne"}], CONFIG),
        "read.objects.account.field_filters[0].operator",
    ),
    (
        _with("read.objects.account.selectedFieldMappings", {"email": "contact[invalid]]"}, CONFIG),
        "read.objects.account.selected_field_mappings.email",
    ),
    (
        _with(
            "write.objects.account.selectedFieldSettings.name.default",
            {"stringValue": "x", "booleanValue": True},
            CONFIG,
        ),
        "write.objects.account.selected_field_settings.name.default",
    ),
    (
        _with("write.objects.account.selectedFieldSettings.name.default", {}, CONFIG),
        "write.objects.account.selected_field_settings.name.default",
    ),
    (
        _with(
            "subscribe.objects.account.updateEvent",
            {"enabled": "always", "watchFieldsAuto": "all"},
            CONFIG,
        ),
        "subscribe.objects.account.provider_options.quota_optimization",
    ),
    (
        _with("subscribe.objects.account.updateEvent", {"enabled": "always"}, CONFIG),
        "subscribe.objects.account.provider_options.quota_optimization",
    ),
    (
        _with("provider", "hubspot", CONFIG),
        "subscribe.objects.account.provider_options.quota_optimization",
    ),
    (
        _with("subscribe.objects.account.updateEvent.requiredWatchFields", ["a[0]"], CONFIG),
        "subscribe.objects.account.update_event.required_watch_fields[0]",
    ),
    (
        _with("subscribe.objects.account.inheritFieldsAndMappings", None, CONFIG),
        "subscribe.objects.account.inherit_fields_and_mappings",
    ),
    (
        _with("subscribe.objects.account.createEvent", {"enabled": "sometimes"}, CONFIG),
        "subscribe.objects.account.create_event.enabled",
    ),
]


@pytest.mark.parametrize(("data", "path"), CONFIG_RULES)
def test_config_rule(data: dict[str, Any], path: str) -> None:
    model, issues = check_installation_config(data)
    assert model is None
    assert path in _paths(issues), issues


def test_config_base_is_valid_with_and_without_integration() -> None:
    for integration in (None, INTEGRATION):
        model, issues = check_installation_config(CONFIG, integration=integration)
        assert issues == []
        assert isinstance(model, InstallationConfigArgs)


def test_config_against_integration() -> None:
    data = _with("read.objects.contact", {"selectedFields": {"a": True}}, CONFIG)
    data = _with("provider", "hubspot", data)
    _, issues = check_installation_config(data, integration=INTEGRATION)
    assert "read.objects.contact" in _paths(issues)
    assert "provider" in _paths(issues)
    nothing_selected = _with("read.objects.account", {"selectedFields": {"a": False}}, CONFIG)
    _, issues = check_installation_config(nothing_selected, integration=INTEGRATION)
    assert _paths(issues) == ["read.objects.account"]
    disabled = _with("read.objects.account.disabled", True, nothing_selected)
    assert check_installation_config(disabled, integration=INTEGRATION)[1] == []
    assert check_installation_config(nothing_selected)[1] == []


def test_config_backfill_provider_rules_use_the_integration_provider() -> None:
    calendar = IntegrationArgs.model_validate(
        {
            "name": "cal",
            "provider": "googlecalendar",
            "read": {
                "objects": [
                    {**READ_OBJECT, "objectName": "events", "requiredFields": [{"fieldName": "id"}]}
                ]
            },
        }
    )
    data = {"read": {"objects": {"events": {"backfill": {"defaultPeriod": {"fullHistory": True}}}}}}
    _, issues = check_installation_config(data, integration=calendar)
    assert _paths(issues) == ["read.objects.events.backfill.default_period.full_history"]


def test_map_keys_are_quoted_when_not_identifiers() -> None:
    data = {"read": {"objects": {"a.b": {"objectName": "x"}, "Account": {"schedule": "bad"}}}}
    _, issues = check_installation_config(data, style="wire")
    assert _paths(issues) == ["read.objects.Account.schedule", 'read.objects["a.b"].objectName']
    assert render_path(("read", "objects", Key('say "hi"')), "python") == (
        'read.objects["say \\"hi\\""]'
    )


# --- unknown values (previews) -----------------------------------------------------------------


def test_unknown_values_anywhere_are_tolerated_and_skip_rules() -> None:
    unknown = Unknown()
    data = {
        "name": unknown,
        "provider": "salesforce",
        "read": {
            "objects": [
                unknown,
                {
                    "objectName": unknown,
                    "destination": "hook",
                    "schedule": unknown,
                    "enabled": "always",
                    "requiredFields": unknown,
                    "optionalFields": [unknown, {"fieldName": unknown}],
                    "backfill": {"defaultPeriod": {"days": unknown, "fullHistory": True}},
                    "delivery": {"mode": unknown, "pageSize": 100},
                },
            ]
        },
        "subscribe": {
            "objects": [
                {
                    "objectName": "x",
                    "destination": "d",
                    "inheritFieldsAndMapping": unknown,
                    "updateEvent": {
                        "requiredWatchFields": [unknown, "a"],
                        "watchFieldsAuto": unknown,
                    },
                    "otherEvents": [unknown],
                }
            ]
        },
        "proxy": unknown,
    }
    model, issues = check_integration(data)
    assert issues == []
    assert model is not None
    config = {
        "provider": unknown,
        "read": {
            "objects": {
                "account": unknown,
                "contact": {
                    "selectedFields": {"a": unknown},
                    "selectedFieldMappings": unknown,
                    "backfill": unknown,
                    "schedule": unknown,
                },
            }
        },
        "write": unknown,
        "subscribe": {
            "objects": {
                "x": {
                    "destination": unknown,
                    "inheritFieldsAndMappings": True,
                    "providerOptions": {"quotaOptimization": {"enabled": unknown}},
                }
            }
        },
    }
    previewed = IntegrationArgs.model_validate(data)
    for integration in (None, previewed):
        model_config, config_issues = check_installation_config(config, integration=integration)
        assert config_issues == []
        assert model_config is not None
    _, fit_issues = check_installation_config(config, integration=INTEGRATION)
    assert _paths(fit_issues) == ["read.objects.contact", "subscribe.objects.x"]
    assert check_integration(unknown) == (None, [])  # type: ignore[arg-type]


# --- never raises ------------------------------------------------------------------------------


def _field_names() -> list[str]:
    """Every field name of every model, in both spellings, so inputs reach deep structure."""
    names = {"account"}
    for export in vars(models).values():
        if isinstance(export, type) and issubclass(export, BaseModel):
            for name, field in export.model_fields.items():
                names |= {name, field.alias or name}
    return sorted(names)


KEYS = st.one_of(st.sampled_from(_field_names()), st.text(max_size=8))
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "always",
            "all",
            "*/5 * * * *",
            "onRequest",
            "salesforce",
            "googlecalendar",
            "a.b",
            "$['x']",
        ]
    ),
    st.builds(Unknown),
)
JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.dictionaries(KEYS, JSON_LIKE, max_size=8), JSON_LIKE))
def test_checks_never_raise(data: Any) -> None:
    for model, issues in (
        check_integration(data),
        check_installation_config(data),
        check_installation_config(data, integration=INTEGRATION),
        check_manifest(data),
    ):
        assert all(isinstance(issue, Issue) for issue in issues)
        assert (model is None) or issues == []


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "text",
        3,
        {1: 2},
        {"read": {"objects": [None] * 5000}},
        {"name": "\ud800", "provider": "\u202e\u0000"},
        {"read": {"objects": {"\u00e9": []}}},
    ],
)
def test_odd_inputs_never_raise(data: Any) -> None:
    assert check_integration(data)[1]
    check_installation_config(data)
    check_manifest(data)
