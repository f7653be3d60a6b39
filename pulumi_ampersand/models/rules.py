"""Cross-field rules of manifests and installation configs that can be checked offline.

The rules read the raw document (snake_case or camelCase keys), not the validated model, so a
document with structural errors still gets every rule violation reported in the same pass. A
rule skips itself when a value it needs is unknown (a preview) or has the wrong type (the
structural check reports that). Paths are tuples of wire field names, list indexes and ``Key``
map keys; ``check`` renders them.

Manifest rules (``VALIDATION_RULES.md`` section in brackets; paths relative to an integration,
``check_manifest`` prefixes ``integrations[i].``):

* [2.1] ``specVersion`` is ``1.0.0`` -- ``specVersion``
* names of integrations are unique in a manifest -- ``integrations[1].name``
* [2.2] at least one of read, write, subscribe, proxy -- ``""`` (the integration)
* [2.3, 2.4, 2.5] an action present has a non-empty ``objects`` list -- ``read.objects``
* [2.13] an ``objectName`` appears once per action -- ``read.objects[2].objectName``
* [2.7] schedules are 5-field cron, minute not ``*``, runs >= 10 minutes apart --
  ``read.objects[0].schedule``; watch schema >= 1 hour apart -- ``watchSchema.schedule``
* [2.8] delivery ``auto`` (the default) takes no ``pageSize``; ``onRequest`` needs one --
  ``read.objects[0].delivery.pageSize`` (50-500 and the mode enum are structural)
* [2.9] ``defaultPeriod`` has exactly one of ``days`` / ``fullHistory`` --
  ``read.objects[0].backfill.defaultPeriod``
* [2.10] ``mapToName`` unique across an object's required and optional fields --
  ``read.objects[0].optionalFields[1].mapToName``
* [2.15] a provider field name with brackets is well-formed JSONPath (``$['a']['b']``) --
  ``read.objects[0].requiredFields[0].fieldName``. Brackets in ``mapToName`` are a NOTE in the
  catalogue and are not checked.
* [2.11] ``enabled: always`` objects have non-empty ``requiredFields`` without ``mapToName``,
  and a schedule -- ``read.objects[1].requiredFields``, ``...requiredFields[0].mapToName``,
  ``read.objects[1].schedule``
* [2.5] subscribe requires read -- ``subscribe``
* [2.5] objects with create/update/delete/association-change events set
  ``inheritFieldsAndMapping: true`` -- ``subscribe.objects[0].inheritFieldsAndMapping``, and
  have a read object of the same name (docs, "Subscribe considerations") --
  ``subscribe.objects[0].objectName``
* [2.6] ``updateEvent`` has ``requiredWatchFields`` or ``watchFieldsAuto``, not both --
  ``subscribe.objects[0].updateEvent``
* [2.16] ``requiredWatchFields`` are top-level names (no ``.``, ``[``, ``]``) --
  ``subscribe.objects[0].updateEvent.requiredWatchFields[1]``
* [3.1] Salesforce: at most 5 subscribe objects -- ``subscribe.objects``
* [3.5] Google Calendar ``events``: no ``fullHistory``, at most 28 ``days`` --
  ``read.objects[0].backfill.defaultPeriod.fullHistory`` / ``.days``
* [3.6] Snowflake: ``fullHistory`` only, no ``days`` -- ``...backfill.defaultPeriod.days``
* [2.17] unknown keys, required fields, enums and types are structural (pydantic), reported by
  ``check``. The catalogue rates unknown keys a WARNING; this package rejects them, because a
  typo would otherwise be silently dropped by the server.

Installation config rules (paths as ``read.objects.account.schedule``):

* an object's ``objectName`` equals its key -- ``read.objects.account.objectName``
* schedules, backfill exclusivity and the provider backfill rules as above, with the provider
  taken from the config or the integration
* ``fieldFilters`` (and backfill ``fieldFilters``) have one condition per field --
  ``read.objects.account.fieldFilters[1].fieldName``
* bracketed provider field names in ``selectedFields`` keys and ``selectedFieldMappings``
  values are well-formed JSONPath -- ``read.objects.account.selectedFieldMappings.email``
* a field default has exactly one of ``stringValue`` / ``integerValue`` / ``booleanValue`` --
  ``write.objects.account.selectedFieldSettings.name.default``
* ``quotaOptimization`` is Salesforce-only; when enabled it needs non-empty
  ``updateEvent.requiredWatchFields`` and not ``watchFieldsAuto: all`` --
  ``subscribe.objects.account.providerOptions.quotaOptimization``
* ``requiredWatchFields`` are top-level names, as in the manifest
* with the integration given: ``provider`` matches it -- ``provider``; every configured object
  exists in the integration's action -- ``read.objects.account``; and an enabled read object
  selects at least one field unless the integration's object has ``requiredFields``
  [2.12] -- ``read.objects.account``

WARNING-severity rules of the catalogue are not errors and are not reported: a subscribe object
without events (a valid base definition) [2.14], fewer than 3 required fields on an
always-enabled object, destinations that may not exist or be inactive [4.1, 4.3], objects not
in the provider catalogue [4.2], large backfills and frequent schedules [4.4].

Server-side rules, not checked here:

* the provider supports read / write / subscribe / proxy / bulk write [3.3] -- needs the
  provider catalogue
* the module exists for the provider [3.4] -- needs the provider catalogue
* objects and fields exist in the provider [4.2] -- needs the catalogue or a live connection
* destinations exist and are active [4.1, 4.3] -- needs the project's destinations
* required mappings are selected; always-enabled required mappings do not outnumber builder
  mappings [2.10, 2.11] -- these name fields (``requiredFieldMappings``,
  ``builderFieldMappings``) that neither schema has; the server applies them to hydrated
  revisions
* installation sample reads succeed (422 on create/update) -- needs the live connection
* HubSpot provider apps have scopes [3.2] -- concerns provider apps, not these documents
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic.alias_generators import to_snake

from ._base import is_unknown
from .cron import schedule_problem
from .manifest import IntegrationArgs
from .shapes import SPEC_VERSION

__all__ = [
    "Key",
    "Path",
    "Violation",
    "config_violations",
    "integration_violations",
    "manifest_violations",
]

MAX_SALESFORCE_SUBSCRIBE_OBJECTS = 5
MAX_GOOGLE_CALENDAR_BACKFILL_DAYS = 28
MIN_WATCH_SCHEMA_INTERVAL_MINUTES = 60
_EVENTS = ("createEvent", "updateEvent", "deleteEvent", "associationChangeEvent")
_FIELD_LISTS = ("requiredFields", "optionalFields")
_DEFAULT_VALUES = ("stringValue", "integerValue", "booleanValue")
_BRACKET_PATH = re.compile(r"""\$(?:\[(?:'[^']+'|"[^"]+")\])+""")


class Key(str):
    """A map key in a path: rendered ``.key`` or ``["a.b"]``, never renamed."""

    __slots__ = ()


Path = tuple[str | int, ...]
"""Wire field names (``str``), list indexes (``int``) and map keys (``Key``)."""


@dataclass(frozen=True)
class Violation:
    """One broken rule: where, and what to do about it."""

    path: Path
    message: str


def manifest_violations(data: Mapping[str, Any]) -> list[Violation]:
    """Rules of a whole amp.yaml: spec version, unique names, then each integration's rules."""
    found: list[Violation] = []
    version = _get(data, "specVersion")
    if isinstance(version, str) and version != SPEC_VERSION:
        found.append(
            Violation(
                ("specVersion",),
                f"specVersion {version!r} is not supported; set it to {SPEC_VERSION!r}.",
            )
        )
    integrations = list(_items(_get(data, "integrations")))
    found += _duplicates(
        ((i, _text(_get(item, "name"))) for i, item in integrations),
        ("integrations",),
        "name",
        "Integration name {name!r} is used more than once (first at index {first}); "
        "give each integration a unique name.",
    )
    for i, integration in integrations:
        found += _prefixed(("integrations", i), integration_violations(integration))
    return found


def integration_violations(data: Any) -> list[Violation]:
    """Rules of one integration (revision content)."""
    if not _is_node(data):
        return []
    found: list[Violation] = []
    provider = _text(_get(data, "provider"))
    read, write, subscribe = _get(data, "read"), _get(data, "write"), _get(data, "subscribe")
    if read is None and write is None and subscribe is None and _get(data, "proxy") is None:
        found.append(
            Violation(
                (), "An integration needs at least one action: add read, write, subscribe or proxy."
            )
        )
    read_objects = _action_objects(read, "read", found)
    for i, obj in read_objects:
        found += _prefixed(("read", "objects", i), _read_object_violations(obj, provider))
    _action_objects(write, "write", found)
    subscribe_objects = _action_objects(subscribe, "subscribe", found)
    if subscribe is not None and not is_unknown(subscribe) and read is None:
        found.append(
            Violation(
                ("subscribe",),
                "subscribe requires a read action: add read with the objects you subscribe to.",
            )
        )
    if provider == "salesforce" and len(subscribe_objects) > MAX_SALESFORCE_SUBSCRIBE_OBJECTS:
        found.append(
            Violation(
                ("subscribe", "objects"),
                f"Salesforce allows at most {MAX_SALESFORCE_SUBSCRIBE_OBJECTS} subscribe objects "
                f"(found {len(subscribe_objects)}); remove some.",
            )
        )
    read_names = _names(read_objects) if _is_list(_get(read, "objects")) else None
    for i, obj in subscribe_objects:
        found += _prefixed(
            ("subscribe", "objects", i), _subscribe_object_violations(obj, read_names)
        )
    watch_schedule = _text(_get(_get(data, "watchSchema"), "schedule"))
    if watch_schedule is not None:
        problem = schedule_problem(watch_schedule, min_interval=MIN_WATCH_SCHEMA_INTERVAL_MINUTES)
        if problem:
            found.append(Violation(("watchSchema", "schedule"), problem))
    return found


def config_violations(data: Any, integration: IntegrationArgs | None = None) -> list[Violation]:
    """Rules of an installation config, and its fit to the integration when given."""
    if not _is_node(data):
        return []
    found: list[Violation] = []
    provider = _text(_get(data, "provider"))
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
        for key, obj in _entries(_get(_get(data, action), "objects")):
            path: Path = (action, "objects", Key(key))
            found += _prefixed(path, _config_object_violations(action, key, obj, provider))
            if declared is not None and not is_unknown(obj):
                found += _prefixed(path, _fit_violations(action, key, obj, declared))
    return found


# --- manifest -------------------------------------------------------------------------------


def _action_objects(action: Any, name: str, found: list[Violation]) -> list[tuple[int, Any]]:
    """The (index, object) pairs of an action, reporting a missing or empty list."""
    if not _is_node(action):
        return []
    objects = _get(action, "objects")
    if objects is None or (_is_list(objects) and not objects):
        found.append(
            Violation(
                (name, "objects"),
                f"{name} needs at least one object in objects; add one or remove {name}.",
            )
        )
    items = list(_items(objects))
    found += _duplicates(
        ((i, _text(_get(obj, "objectName"))) for i, obj in items),
        (name, "objects"),
        "objectName",
        "Object {name!r} appears more than once in this action (first at index {first}); "
        "list each object once and merge their settings.",
    )
    return items


def _read_object_violations(obj: Any, provider: str | None) -> list[Violation]:
    if not _is_node(obj):
        return []
    found = _schedule_violations(obj)
    if _get(obj, "enabled") == "always":
        found += _always_enabled_violations(obj)
    found += _delivery_violations(_get(obj, "delivery"))
    found += _prefixed(
        ("backfill",),
        _backfill_violations(_get(obj, "backfill"), provider, _text(_get(obj, "objectName"))),
    )
    found += _field_path_violations(obj)
    seen: dict[str, tuple[str, int]] = {}
    for list_name in _FIELD_LISTS:
        for j, field in _items(_get(obj, list_name)):
            target = _text(_get(field, "mapToName"))
            if target is None:
                continue
            if target in seen:
                first_list, first_index = seen[target]
                found.append(
                    Violation(
                        (list_name, j, "mapToName"),
                        f"{target!r} is already the mapToName of {first_list}[{first_index}]; "
                        "each mapToName must be unique within an object.",
                    )
                )
            else:
                seen[target] = (list_name, j)
    return found


def _always_enabled_violations(obj: Any) -> list[Violation]:
    found: list[Violation] = []
    required = _get(obj, "requiredFields")
    if required is None or (_is_list(required) and not required):
        found.append(
            Violation(
                ("requiredFields",),
                "An object with enabled: always needs at least one "
                "entry in requiredFields (fieldName only).",
            )
        )
    for j, field in _items(required):
        if _get(field, "mapToName") is not None:
            found.append(
                Violation(
                    ("requiredFields", j, "mapToName"),
                    "requiredFields of an object with enabled: always cannot use mapToName; "
                    "use fieldName only.",
                )
            )
    if _get(obj, "schedule") is None:
        found.append(
            Violation(
                ("schedule",),
                "An object with enabled: always needs a schedule, e.g. '*/30 * * * *'.",
            )
        )
    return found


def _delivery_violations(delivery: Any) -> list[Violation]:
    mode, page_size = _get(delivery, "mode"), _get(delivery, "pageSize")
    if not _is_node(delivery) or is_unknown(mode) or is_unknown(page_size):
        return []
    if mode in (None, "auto") and page_size is not None:
        return [
            Violation(
                ("delivery", "pageSize"),
                "pageSize cannot be set with delivery mode auto "
                "(the default); remove pageSize or set mode: onRequest.",
            )
        ]
    if mode == "onRequest" and page_size is None:
        return [
            Violation(
                ("delivery", "pageSize"),
                "delivery mode onRequest needs a pageSize between 50 and 500.",
            )
        ]
    return []


def _subscribe_object_violations(obj: Any, read_names: set[str] | None) -> list[Violation]:
    if not _is_node(obj):
        return []
    found: list[Violation] = []
    if any(_get(obj, event) is not None for event in _EVENTS):
        inherit = _get(obj, "inheritFieldsAndMapping")
        if inherit is not True and not is_unknown(inherit):
            found.append(
                Violation(
                    ("inheritFieldsAndMapping",),
                    "An object with create, update, delete or association change events must "
                    "set inheritFieldsAndMapping: true (spec 1.0.0 has no separate subscribe "
                    "fields).",
                )
            )
        name = _text(_get(obj, "objectName"))
        if read_names is not None and name is not None and name not in read_names:
            found.append(
                Violation(
                    ("objectName",),
                    f"Subscribing to events of {name!r} needs a read object of the same name; "
                    "add it to read.objects.",
                )
            )
    update = _get(obj, "updateEvent")
    auto, watched = _get(update, "watchFieldsAuto"), _get(update, "requiredWatchFields")
    if _is_node(update) and not is_unknown(auto) and not is_unknown(watched):
        has_fields = _is_list(watched) and bool(watched)
        if auto is None and not has_fields:
            found.append(
                Violation(
                    ("updateEvent",),
                    "updateEvent needs requiredWatchFields (a non-empty "
                    "list) or watchFieldsAuto (all or selected).",
                )
            )
        elif auto is not None and has_fields:
            found.append(
                Violation(
                    ("updateEvent",),
                    "Use either requiredWatchFields or watchFieldsAuto in updateEvent, not both.",
                )
            )
    return found + _watch_field_violations(update)


def _field_path_violations(obj: Any) -> list[Violation]:
    """Bracketed provider field names of an object's field lists must be valid JSONPath."""
    found: list[Violation] = []
    for list_name in _FIELD_LISTS:
        for j, field in _items(_get(obj, list_name)):
            name = _text(_get(field, "fieldName"))
            if name is not None and _malformed_field_path(name):
                found.append(Violation((list_name, j, "fieldName"), _field_path_message(name)))
    return found


# --- shared by manifest and config ----------------------------------------------------------


def _schedule_violations(obj: Any) -> list[Violation]:
    schedule = _text(_get(obj, "schedule"))
    problem = schedule_problem(schedule) if schedule is not None else None
    return [Violation(("schedule",), problem)] if problem else []


def _backfill_violations(
    backfill: Any, provider: str | None, object_name: str | None
) -> list[Violation]:
    period = _get(backfill, "defaultPeriod")
    days, full_history = _get(period, "days"), _get(period, "fullHistory")
    if not _is_node(period) or is_unknown(days) or is_unknown(full_history):
        return []
    here: Path = ("defaultPeriod",)
    found: list[Violation] = []
    if days is not None and full_history is not None:
        found.append(
            Violation(here, "Set only one of days or fullHistory in defaultPeriod, not both.")
        )
    elif days is None and full_history is None:
        found.append(Violation(here, "defaultPeriod needs days (0 for none) or fullHistory."))
    if provider == "googlecalendar" and object_name == "events":
        if full_history is True:
            found.append(
                Violation(
                    (*here, "fullHistory"),
                    "Google Calendar events cannot backfill the "
                    f"full history; use days (at most {MAX_GOOGLE_CALENDAR_BACKFILL_DAYS}).",
                )
            )
        if _number(days) is not None and days > MAX_GOOGLE_CALENDAR_BACKFILL_DAYS:
            found.append(
                Violation(
                    (*here, "days"),
                    f"Google Calendar events can backfill at most "
                    f"{MAX_GOOGLE_CALENDAR_BACKFILL_DAYS} days (got {days}); lower days.",
                )
            )
    if provider == "snowflake" and days is not None:
        found.append(
            Violation(
                (*here, "days"),
                "Snowflake backfills only the full history; remove days and set fullHistory: true.",
            )
        )
    return found


def _watch_field_violations(update: Any) -> list[Violation]:
    return [
        Violation(
            ("updateEvent", "requiredWatchFields", j),
            f"{name!r} is a nested path; only top-level fields can be watched, e.g. "
            f"{_top_level(name)!r}.",
        )
        for j, name in _items(_get(update, "requiredWatchFields"))
        if isinstance(name, str) and any(mark in name for mark in ".[]")
    ]


def _top_level(name: str) -> str:
    return re.split(r"[.\[\]]", name)[0] or "name"


def _malformed_field_path(name: str) -> bool:
    if name.startswith("$") or "[" in name or "]" in name:
        return _BRACKET_PATH.fullmatch(name) is None
    return False


def _field_path_message(name: str) -> str:
    return (
        f"{name!r} is not a valid field path; use a plain field name or JSONPath bracket "
        "notation such as $['address']['city']."
    )


# --- installation config --------------------------------------------------------------------


def _config_object_violations(
    action: str, key: str, obj: Any, provider: str | None
) -> list[Violation]:
    if not _is_node(obj):
        return []
    found: list[Violation] = []
    name = _text(_get(obj, "objectName"))
    if name is not None and name != key:
        found.append(
            Violation(
                ("objectName",),
                f"objectName {name!r} differs from its key {key!r}; the "
                "key of an object must be its objectName.",
            )
        )
    if action == "read":
        found += _schedule_violations(obj)
        backfill = _get(obj, "backfill")
        found += _prefixed(("backfill",), _backfill_violations(backfill, provider, key))
        found += _filter_violations(obj)
        found += _prefixed(("backfill",), _filter_violations(backfill))
        found += _selection_path_violations(obj)
    elif action == "write":
        for field, setting in _entries(_get(obj, "selectedFieldSettings")):
            found += _prefixed(("selectedFieldSettings", Key(field)), _default_violations(setting))
    else:
        found += _quota_violations(obj, provider)
        found += _watch_field_violations(_get(obj, "updateEvent"))
    return found


def _filter_violations(owner: Any) -> list[Violation]:
    return _duplicates(
        (
            (j, _text(_get(condition, "fieldName")))
            for j, condition in _items(_get(owner, "fieldFilters"))
        ),
        ("fieldFilters",),
        "fieldName",
        "Field {name!r} already has a condition (index {first}); each field can only have one.",
    )


def _selection_path_violations(obj: Any) -> list[Violation]:
    found = [
        Violation(("selectedFields", Key(name)), _field_path_message(name))
        for name, _ in _entries(_get(obj, "selectedFields"))
        if _malformed_field_path(name)
    ]
    found += [
        Violation(("selectedFieldMappings", Key(target)), _field_path_message(source))
        for target, source in _entries(_get(obj, "selectedFieldMappings"))
        if isinstance(source, str) and _malformed_field_path(source)
    ]
    return found


def _default_violations(setting: Any) -> list[Violation]:
    default = _get(setting, "default")
    if not _is_node(default):
        return []
    values = [_get(default, name) for name in _DEFAULT_VALUES]
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
    quota = _get(_get(obj, "providerOptions"), "quotaOptimization")
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
    update = _get(obj, "updateEvent")
    auto, watched = _get(update, "watchFieldsAuto"), _get(update, "requiredWatchFields")
    if _get(quota, "enabled") is not True or is_unknown(auto) or is_unknown(watched):
        return []
    if auto == "all" or not (_is_list(watched) and watched):
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
    if action != "read" or not _is_node(obj) or _get(obj, "disabled") is True:
        return []
    values = [
        _get(obj, name)
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


# --- raw-document access --------------------------------------------------------------------


def _is_node(value: Any) -> bool:
    """True for a document object: a mapping, or a model already built from one."""
    return isinstance(value, (Mapping, BaseModel))


@lru_cache(maxsize=1024)
def _snake(wire_name: str) -> str:
    """``to_snake``, memoised: the rules ask for the same few field names thousands of times."""
    return to_snake(wire_name)


def _get(node: Any, wire_name: str) -> Any:
    """A field of a document object in either spelling; None when absent or not an object."""
    if isinstance(node, BaseModel):
        return getattr(node, _snake(wire_name), None)
    if not isinstance(node, Mapping):
        return None
    if wire_name in node:
        return node[wire_name]
    return node.get(_snake(wire_name))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if is_number else None


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _items(value: Any) -> Iterator[tuple[int, Any]]:
    return enumerate(value) if _is_list(value) else iter(())


def _entries(value: Any) -> list[tuple[str, Any]]:
    if not isinstance(value, Mapping):
        return []
    return [(key, item) for key, item in value.items() if isinstance(key, str)]


def _names(items: list[tuple[int, Any]]) -> set[str] | None:
    """The object names of an action, or None while any of them is unknown."""
    names: set[str] = set()
    for _, obj in items:
        name = _get(obj, "objectName")
        if is_unknown(obj) or is_unknown(name):
            return None
        if isinstance(name, str):
            names.add(name)
    return names


def _duplicates(
    named: Iterator[tuple[int, str | None]], base: Path, field: str, template: str
) -> list[Violation]:
    first_seen: dict[str, int] = {}
    found: list[Violation] = []
    for index, name in named:
        if name is None:
            continue
        if name in first_seen:
            message = template.format(name=name, first=first_seen[name])
            found.append(Violation((*base, index, field), message))
        else:
            first_seen[name] = index
    return found


def _prefixed(prefix: Path, violations: list[Violation]) -> list[Violation]:
    return [Violation(prefix + v.path, v.message) for v in violations]
