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

from collections.abc import Mapping
from typing import Any

from ._base import is_unknown
from ._rule_kit import (
    EVENTS,
    FIELD_LISTS,
    MAX_SALESFORCE_SUBSCRIBE_OBJECTS,
    MIN_WATCH_SCHEMA_INTERVAL_MINUTES,
    Key,
    Path,
    Violation,
    backfill_violations,
    duplicates,
    field_path_message,
    get_field,
    is_list,
    is_node,
    items_of,
    malformed_field_path,
    names_of,
    prefixed,
    schedule_violations,
    text_of,
    watch_field_violations,
)
from .config_rules import config_violations
from .cron import schedule_problem
from .shapes import SPEC_VERSION

__all__ = [
    "Key",
    "Path",
    "Violation",
    "config_violations",
    "integration_violations",
    "manifest_violations",
]


def manifest_violations(data: Mapping[str, Any]) -> list[Violation]:
    """Rules of a whole amp.yaml: spec version, unique names, then each integration's rules."""
    found: list[Violation] = []
    version = get_field(data, "specVersion")
    if isinstance(version, str) and version != SPEC_VERSION:
        found.append(
            Violation(
                ("specVersion",),
                f"specVersion {version!r} is not supported; set it to {SPEC_VERSION!r}.",
            )
        )
    integrations = list(items_of(get_field(data, "integrations")))
    found += duplicates(
        ((i, text_of(get_field(item, "name"))) for i, item in integrations),
        ("integrations",),
        "name",
        "Integration name {name!r} is used more than once (first at index {first}); "
        "give each integration a unique name.",
    )
    for i, integration in integrations:
        found += prefixed(("integrations", i), integration_violations(integration))
    return found


def integration_violations(data: Any) -> list[Violation]:
    """Rules of one integration (revision content)."""
    if not is_node(data):
        return []
    found: list[Violation] = []
    provider = text_of(get_field(data, "provider"))
    read, write, subscribe = (
        get_field(data, "read"),
        get_field(data, "write"),
        get_field(data, "subscribe"),
    )
    if read is None and write is None and subscribe is None and get_field(data, "proxy") is None:
        found.append(
            Violation(
                (), "An integration needs at least one action: add read, write, subscribe or proxy."
            )
        )
    read_objects = _action_objects(read, "read", found)
    for i, obj in read_objects:
        found += prefixed(("read", "objects", i), _read_object_violations(obj, provider))
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
    read_names = names_of(read_objects) if is_list(get_field(read, "objects")) else None
    for i, obj in subscribe_objects:
        found += prefixed(
            ("subscribe", "objects", i), _subscribe_object_violations(obj, read_names)
        )
    watch_schedule = text_of(get_field(get_field(data, "watchSchema"), "schedule"))
    if watch_schedule is not None:
        problem = schedule_problem(watch_schedule, min_interval=MIN_WATCH_SCHEMA_INTERVAL_MINUTES)
        if problem:
            found.append(Violation(("watchSchema", "schedule"), problem))
    return found


# --- manifest -------------------------------------------------------------------------------


def _action_objects(action: Any, name: str, found: list[Violation]) -> list[tuple[int, Any]]:
    """The (index, object) pairs of an action, reporting a missing or empty list."""
    if not is_node(action):
        return []
    objects = get_field(action, "objects")
    if objects is None or (is_list(objects) and not objects):
        found.append(
            Violation(
                (name, "objects"),
                f"{name} needs at least one object in objects; add one or remove {name}.",
            )
        )
    items = list(items_of(objects))
    found += duplicates(
        ((i, text_of(get_field(obj, "objectName"))) for i, obj in items),
        (name, "objects"),
        "objectName",
        "Object {name!r} appears more than once in this action (first at index {first}); "
        "list each object once and merge their settings.",
    )
    return items


def _read_object_violations(obj: Any, provider: str | None) -> list[Violation]:
    if not is_node(obj):
        return []
    found = schedule_violations(obj)
    if get_field(obj, "enabled") == "always":
        found += _always_enabled_violations(obj)
    found += _delivery_violations(get_field(obj, "delivery"))
    found += prefixed(
        ("backfill",),
        backfill_violations(
            get_field(obj, "backfill"), provider, text_of(get_field(obj, "objectName"))
        ),
    )
    found += _field_path_violations(obj)
    seen: dict[str, tuple[str, int]] = {}
    for list_name in FIELD_LISTS:
        for j, field in items_of(get_field(obj, list_name)):
            target = text_of(get_field(field, "mapToName"))
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
    required = get_field(obj, "requiredFields")
    if required is None or (is_list(required) and not required):
        found.append(
            Violation(
                ("requiredFields",),
                "An object with enabled: always needs at least one "
                "entry in requiredFields (fieldName only).",
            )
        )
    for j, field in items_of(required):
        if get_field(field, "mapToName") is not None:
            found.append(
                Violation(
                    ("requiredFields", j, "mapToName"),
                    "requiredFields of an object with enabled: always cannot use mapToName; "
                    "use fieldName only.",
                )
            )
    if get_field(obj, "schedule") is None:
        found.append(
            Violation(
                ("schedule",),
                "An object with enabled: always needs a schedule, e.g. '*/30 * * * *'.",
            )
        )
    return found


def _delivery_violations(delivery: Any) -> list[Violation]:
    mode, page_size = get_field(delivery, "mode"), get_field(delivery, "pageSize")
    if not is_node(delivery) or is_unknown(mode) or is_unknown(page_size):
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
    if not is_node(obj):
        return []
    found: list[Violation] = []
    if any(get_field(obj, event) is not None for event in EVENTS):
        inherit = get_field(obj, "inheritFieldsAndMapping")
        if inherit is not True and not is_unknown(inherit):
            found.append(
                Violation(
                    ("inheritFieldsAndMapping",),
                    "An object with create, update, delete or association change events must "
                    "set inheritFieldsAndMapping: true (spec 1.0.0 has no separate subscribe "
                    "fields).",
                )
            )
        name = text_of(get_field(obj, "objectName"))
        if read_names is not None and name is not None and name not in read_names:
            found.append(
                Violation(
                    ("objectName",),
                    f"Subscribing to events of {name!r} needs a read object of the same name; "
                    "add it to read.objects.",
                )
            )
    update = get_field(obj, "updateEvent")
    auto, watched = get_field(update, "watchFieldsAuto"), get_field(update, "requiredWatchFields")
    if is_node(update) and not is_unknown(auto) and not is_unknown(watched):
        has_fields = is_list(watched) and bool(watched)
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
    return found + watch_field_violations(update)


def _field_path_violations(obj: Any) -> list[Violation]:
    """Bracketed provider field names of an object's field lists must be valid JSONPath."""
    found: list[Violation] = []
    for list_name in FIELD_LISTS:
        for j, field in items_of(get_field(obj, list_name)):
            name = text_of(get_field(field, "fieldName"))
            if name is not None and malformed_field_path(name):
                found.append(Violation((list_name, j, "fieldName"), field_path_message(name)))
    return found
