"""The canonical form of a document, for diffs: equal meaning gives an equal dict.

Both sides of a diff (the program's inputs and what the server holds) go through the same
function, so the shape and spelling of either never shows up as a change, and no perpetual diff
can arise from them. The result holds JSON values only, with snake_case keys.

* **Objects are keyed by name.** The order of ``objects`` is meaningless in Ampersand: the
  server keys objects by ``objectName`` (the installation config even stores them in a map),
  so the manifest's object lists become dicts keyed by object name. Each object keeps its
  ``object_name`` (so an object with nothing else set is not mistaken for an empty one); an
  installation config object always has it, filled from its key when omitted.
* **Field lists are keyed by field.** ``required_fields`` / ``optional_fields`` become dicts
  keyed by ``field_name`` (or ``map_to_name`` for a field mapping); ``field_filters`` by
  ``field_name`` (one condition per field); ``dynamic_mappings_input`` by ``map_to_name``. A
  key listed twice keeps every entry, as a sorted list.
* **Sets are sorted.** ``other_events`` and ``required_watch_fields`` become sorted lists
  without duplicates.
* **Defaults are dropped.** A value equal to its documented server default means the same as
  no value (sources: manifest.yaml, config.yaml, ``notes/ampersand-api.md`` §3.4):

  - manifest ``delivery.mode`` ``"auto"`` (manifest.yaml ``Delivery.mode`` default)
  - manifest ``proxy.enabled`` ``false`` and ``proxy.use_module`` ``false`` (docs; spec text)
  - manifest write ``inherit_mapping`` ``false`` (docs)
  - manifest ``association_change_event.include_full_records`` ``false`` (docs)
  - manifest ``watch_schema.schedule`` ``"0 */24 * * *"`` (manifest.yaml default)
  - backfill ``default_period.days`` ``0`` and ``full_history`` ``false``: "0 is no backfill",
    the same as no backfill (spec text; docs ``read-actions``)
  - config read object ``disabled`` ``false`` (config.yaml default)
  - config ``FieldSetting.write_on_create`` / ``write_on_update`` ``"always"`` (config.yaml)
  - config ``selected_value_defaults.*.apply_on_update`` ``"always"`` ("If unspecified, then
    ``always`` is assumed")
  - config ``deletion_settings.enabled`` ``false`` ("deletes are disabled by default", docs)
  - config ``proxy.enabled`` ``false``
* **Empty means absent.** None, ``{}`` and ``[]`` are dropped, after the steps above.
* Integral floats become ints (Pulumi sends every number as a float).

Unknown values (a preview) survive as they are, so the caller sees them as changed; an object
whose name is unknown is kept under a placeholder key ``"<unknown #i>"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ._base import is_unknown
from .config_content import InstallationConfigArgs
from .manifest import IntegrationArgs

__all__ = ["canonical_config", "canonical_integration"]

Canon = Callable[[dict[str, Any]], dict[str, Any]]
WATCH_SCHEMA_DEFAULT_SCHEDULE = "0 */24 * * *"


def canonical_integration(args: IntegrationArgs) -> dict[str, Any]:
    """The canonical form of revision content (see the module docstring)."""
    data = args.model_dump(exclude_none=True, warnings=False)
    _update(data, "read", lambda read: _objects_by_name(read, _read_object))
    _update(data, "write", lambda write: _objects_by_name(write, _write_object))
    _update(data, "subscribe", lambda subscribe: _objects_by_name(subscribe, _subscribe_object))
    _update(data, "proxy", lambda proxy: _drop(proxy, enabled=False, use_module=False))
    _update(
        data,
        "watch_schema",
        lambda watch: _drop(watch, schedule=WATCH_SCHEMA_DEFAULT_SCHEDULE),
    )
    result: dict[str, Any] = _prune(data)
    return result


def canonical_config(args: InstallationConfigArgs) -> dict[str, Any]:
    """The canonical form of installation config content (see the module docstring)."""
    data = args.model_dump(exclude_none=True, warnings=False)
    _update(data, "read", lambda read: _config_objects(read, _config_read_object))
    _update(data, "write", lambda write: _config_objects(write, _config_write_object))
    _update(data, "subscribe", lambda subscribe: _config_objects(subscribe, _subscribe_object))
    _update(data, "proxy", lambda proxy: _drop(proxy, enabled=False))
    result: dict[str, Any] = _prune(data)
    return result


# --- manifest -------------------------------------------------------------------------------


def _objects_by_name(action: dict[str, Any], canonical: Canon) -> dict[str, Any]:
    return {**action, "objects": _keyed(action.get("objects"), _object_name, canonical)}


def _object_name(item: dict[str, Any]) -> Any:
    return item.get("object_name")


def _read_object(obj: dict[str, Any]) -> dict[str, Any]:
    obj = dict(obj)
    _update(obj, "delivery", lambda delivery: _drop(delivery, mode="auto"))
    _update(obj, "backfill", _backfill)
    for name in ("required_fields", "optional_fields"):
        obj[name] = _keyed(obj.get(name), _field_key, dict)
    return obj


def _field_key(field: dict[str, Any]) -> Any:
    return field.get("field_name", field.get("map_to_name"))


def _write_object(obj: dict[str, Any]) -> dict[str, Any]:
    return _drop(obj, inherit_mapping=False)


def _subscribe_object(obj: dict[str, Any]) -> dict[str, Any]:
    obj = dict(obj)
    obj["other_events"] = _sorted_set(obj.get("other_events"))
    _update(
        obj,
        "update_event",
        lambda event: {
            **event,
            "required_watch_fields": _sorted_set(event.get("required_watch_fields")),
        },
    )
    _update(obj, "association_change_event", lambda event: _drop(event, include_full_records=False))
    return obj


def _backfill(backfill: dict[str, Any]) -> dict[str, Any]:
    _update(backfill, "default_period", lambda period: _drop(period, days=0, full_history=False))
    if "field_filters" in backfill:
        backfill["field_filters"] = _keyed(backfill["field_filters"], _filter_key, dict)
    return backfill


def _filter_key(condition: dict[str, Any]) -> Any:
    return condition.get("field_name")


# --- installation config --------------------------------------------------------------------


def _config_objects(action: dict[str, Any], canonical: Canon) -> dict[str, Any]:
    objects = action.get("objects")
    if not isinstance(objects, dict):
        return action
    return {
        **action,
        "objects": {
            key: (
                canonical(obj)
                if isinstance(obj, dict) and obj.get("object_name", key) == key
                else obj
            )
            for key, obj in objects.items()
        },
    }


def _config_read_object(obj: dict[str, Any]) -> dict[str, Any]:
    obj = _drop(obj, disabled=False)
    _update(obj, "backfill", _backfill)
    obj["field_filters"] = _keyed(obj.get("field_filters"), _filter_key, dict)
    obj["dynamic_mappings_input"] = _keyed(
        obj.get("dynamic_mappings_input"), lambda entry: entry.get("map_to_name"), dict
    )
    return obj


def _config_write_object(obj: dict[str, Any]) -> dict[str, Any]:
    obj = dict(obj)
    _update(obj, "deletion_settings", lambda settings: _drop(settings, enabled=False))
    _update(
        obj,
        "selected_field_settings",
        lambda settings: _map_values(
            settings,
            lambda setting: _drop(setting, write_on_create="always", write_on_update="always"),
        ),
    )
    _update(
        obj,
        "selected_value_defaults",
        lambda defaults: _map_values(
            defaults, lambda default: _drop(default, apply_on_update="always")
        ),
    )
    return obj


# --- helpers --------------------------------------------------------------------------------


def _update(data: dict[str, Any], key: str, change: Canon) -> None:
    """Apply ``change`` to ``data[key]`` if it is a known dict."""
    value = data.get(key)
    if isinstance(value, dict):
        data[key] = change(value)


def _drop(data: dict[str, Any], **defaults: Any) -> dict[str, Any]:
    """``data`` without the keys whose value equals the given default."""
    return {
        key: value
        for key, value in data.items()
        if not (key in defaults and _same(value, defaults[key]))
    }


def _same(value: Any, default: Any) -> bool:
    # 0 == False in Python: compare types too, so days=False is not taken for days=0.
    return not is_unknown(value) and type(value) is type(default) and value == default


def _map_values(data: dict[str, Any], change: Canon) -> dict[str, Any]:
    return {key: change(value) if isinstance(value, dict) else value for key, value in data.items()}


def _keyed(items: Any, key_of: Callable[[dict[str, Any]], Any], canonical: Canon) -> Any:
    """A list of dicts as a dict keyed by ``key_of``; anything else is returned unchanged."""
    if not isinstance(items, list):
        return items
    groups: dict[str, list[Any]] = {}
    for index, item in enumerate(items):
        key = key_of(item) if isinstance(item, dict) else None
        if not isinstance(key, str):
            key = f"<unknown #{index}>"
        groups.setdefault(key, []).append(canonical(item) if isinstance(item, dict) else item)
    return {
        key: values[0] if len(values) == 1 else sorted(values, key=_sort_key)
        for key, values in groups.items()
    }


def _sorted_set(items: Any) -> Any:
    """A list of strings, sorted and deduplicated; unknown entries are kept at the end."""
    if not isinstance(items, list):
        return items
    known = sorted({item for item in items if isinstance(item, str)})
    return known + [item for item in items if not isinstance(item, str)]


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _prune(value: Any) -> Any:
    """Drop None and empty containers, recursively; integral floats become ints."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if not _empty(item)}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (dict, list)) and not value)
