"""Rules of an installation config, and its fit to the integration it installs.

The rules and their catalogue references are listed in ``rules``' docstring.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._base import is_unknown
from ._rule_kit import (
    DEFAULT_VALUES,
    Key,
    Path,
    Violation,
    backfill_violations,
    duplicates,
    entries_of,
    field_path_message,
    get_field,
    is_list,
    is_node,
    items_of,
    malformed_field_path,
    prefixed,
    schedule_violations,
    text_of,
    watch_field_violations,
)
from .manifest import IntegrationArgs

__all__ = ["config_violations"]


def config_violations(data: Any, integration: IntegrationArgs | None = None) -> list[Violation]:
    """Rules of an installation config, and its fit to the integration when given."""
    if not is_node(data):
        return []
    found: list[Violation] = []
    provider = text_of(get_field(data, "provider"))
    if integration is not None and isinstance(integration.provider, str):
        if provider is not None and provider != integration.provider:
            found.append(
                Violation(
                    ("provider",),
                    f"provider {provider!r} differs from the integration's provider "
                    f"{integration.provider!r}; remove it (it is filled from the integration).",
                )
            )
        provider = provider or integration.provider
    for action in ("read", "write", "subscribe"):
        declared = _integration_objects(integration, action)
        for key, obj in entries_of(get_field(get_field(data, action), "objects")):
            path: Path = (action, "objects", Key(key))
            found += prefixed(path, _config_object_violations(action, key, obj, provider))
            if declared is not None and not is_unknown(obj):
                found += prefixed(path, _fit_violations(action, key, obj, declared))
    return found


# --- installation config --------------------------------------------------------------------


def _config_object_violations(
    action: str, key: str, obj: Any, provider: str | None
) -> list[Violation]:
    if not is_node(obj):
        return []
    found: list[Violation] = []
    name = text_of(get_field(obj, "objectName"))
    if name is not None and name != key:
        found.append(
            Violation(
                ("objectName",),
                f"objectName {name!r} differs from its key {key!r}; the "
                "key of an object must be its objectName.",
            )
        )
    if action == "read":
        found += schedule_violations(obj)
        backfill = get_field(obj, "backfill")
        found += prefixed(("backfill",), backfill_violations(backfill, provider, key))
        found += _filter_violations(obj)
        found += prefixed(("backfill",), _filter_violations(backfill))
        found += _selection_path_violations(obj)
    elif action == "write":
        for field, setting in entries_of(get_field(obj, "selectedFieldSettings")):
            found += prefixed(("selectedFieldSettings", Key(field)), _default_violations(setting))
    else:
        found += _quota_violations(obj, provider)
        found += watch_field_violations(get_field(obj, "updateEvent"))
    return found


def _filter_violations(owner: Any) -> list[Violation]:
    return duplicates(
        (
            (j, text_of(get_field(condition, "fieldName")))
            for j, condition in items_of(get_field(owner, "fieldFilters"))
        ),
        ("fieldFilters",),
        "fieldName",
        "Field {name!r} already has a condition (index {first}); each field can only have one.",
    )


def _selection_path_violations(obj: Any) -> list[Violation]:
    found = [
        Violation(("selectedFields", Key(name)), field_path_message(name))
        for name, _ in entries_of(get_field(obj, "selectedFields"))
        if malformed_field_path(name)
    ]
    found += [
        Violation(("selectedFieldMappings", Key(target)), field_path_message(source))
        for target, source in entries_of(get_field(obj, "selectedFieldMappings"))
        if isinstance(source, str) and malformed_field_path(source)
    ]
    return found


def _default_violations(setting: Any) -> list[Violation]:
    default = get_field(setting, "default")
    if not is_node(default):
        return []
    values = [get_field(default, name) for name in DEFAULT_VALUES]
    if any(is_unknown(value) for value in values):
        return []
    if sum(value is not None for value in values) != 1:
        return [
            Violation(
                ("default",),
                "A field default needs exactly one of stringValue, integerValue or booleanValue.",
            )
        ]
    return []


def _quota_violations(obj: Any, provider: str | None) -> list[Violation]:
    quota = get_field(get_field(obj, "providerOptions"), "quotaOptimization")
    if quota is None or is_unknown(quota):
        return []
    here: Path = ("providerOptions", "quotaOptimization")
    if provider is not None and provider != "salesforce":
        return [
            Violation(
                here,
                f"quotaOptimization is only supported for Salesforce, not {provider!r}; remove it.",
            )
        ]
    update = get_field(obj, "updateEvent")
    auto, watched = get_field(update, "watchFieldsAuto"), get_field(update, "requiredWatchFields")
    if get_field(quota, "enabled") is not True or is_unknown(auto) or is_unknown(watched):
        return []
    if auto == "all" or not (is_list(watched) and watched):
        return [
            Violation(
                here,
                "quotaOptimization needs updateEvent.requiredWatchFields (non-empty) "
                "and cannot be used with watchFieldsAuto: all.",
            )
        ]
    return []


def _integration_objects(integration: IntegrationArgs | None, action: str) -> dict[str, Any] | None:
    """The integration's objects of an action by name, or None if unknown or not given."""
    if integration is None:
        return None
    section = getattr(integration, action)
    if section is None:
        return {}
    objects = section.objects
    if is_unknown(section) or is_unknown(objects):
        return None
    by_name: dict[str, Any] = {}
    for obj in objects or []:
        if is_unknown(obj) or is_unknown(obj.object_name):
            return None
        by_name[obj.object_name] = obj
    return by_name


def _fit_violations(action: str, key: str, obj: Any, declared: dict[str, Any]) -> list[Violation]:
    if key not in declared:
        return [
            Violation(
                (),
                f"{key!r} is not a {action} object of the integration; add it to the "
                f"integration's {action}.objects or remove it here.",
            )
        ]
    if action != "read" or not is_node(obj) or get_field(obj, "disabled") is True:
        return []
    values = [
        get_field(obj, name)
        for name in ("selectedFields", "selectedFieldMappings", "selectedFieldsAuto")
    ]
    selected_fields, mappings, auto = values
    if any(is_unknown(value) for value in values) or declared[key].required_fields:
        return []
    chosen = isinstance(selected_fields, Mapping) and any(
        value is True or is_unknown(value) for value in selected_fields.values()
    )
    if chosen or (isinstance(mappings, Mapping) and mappings) or auto == "all":
        return []
    return [
        Violation(
            (),
            "Select at least one field: set selectedFields, selectedFieldMappings or "
            "selectedFieldsAuto: all (the integration's object has no requiredFields).",
        )
    ]
