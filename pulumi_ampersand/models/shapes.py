"""Every conversion between the three shapes a resource deals with (the one module for them).

* the **declared** document: what the program wrote, as stored in Pulumi state (snake_case);
* the **wire** document: what the API takes and returns (camelCase);
* the **live** document: what the API holds now, which may carry server-filled values and
  objects that nobody declared.

``to_wire`` takes a model to the wire, ``to_declared`` to state, and ``parse_live`` takes a
live wire document back to a model.

``project_onto`` cuts a live document down to what a stack manages: the declared sections, the
declared objects in each action (matched by object name, whether the action keeps its objects
in a list, as a manifest does, or in a map, as an installation config does), and the declared
fields of each object. Values below an object's fields are compared whole, so an out-of-band
edit of a managed field shows as drift, while server defaults and undeclared objects do not.

``refreshed_inputs`` is what a refresh stores as a resource's inputs. The engine shows a
preview's ``[diff: ...]`` as the difference between the stored inputs and the program's new
ones (a dynamic provider cannot report a detailed diff), so the stored inputs keep exactly the
program's keys, and every part whose live value means the same as the stored one keeps its
stored form: only what an update would really change shows in a preview.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ._base import InputModel

__all__ = [
    "SPEC_VERSION",
    "Canonical",
    "parse_live",
    "project_onto",
    "refreshed_inputs",
    "to_declared",
    "to_wire",
]

#: the only ``specVersion`` of revision content (amp.yaml) that Ampersand accepts
SPEC_VERSION = "1.0.0"

OBJECT_SECTIONS = ("read", "write", "subscribe")
_MAX_REPAIRS = 50

M = TypeVar("M", bound="InputModel")
#: a document's canonical form (``models.normalize``), or None when the document is invalid
Canonical = Callable[[Mapping[str, Any]], Mapping[str, Any] | None]


def to_wire(model: InputModel) -> dict[str, Any]:
    """A model as the camelCase JSON-able dict the API takes (None omitted, unknowns kept)."""
    return model.model_dump(by_alias=True, exclude_none=True, warnings=False)


def to_declared(model: InputModel) -> dict[str, Any]:
    """A validated model as the snake_case dict stored in state (None omitted, unknowns kept)."""
    return model.model_dump(exclude_none=True, warnings=False)


def parse_live(model_type: type[M], wire: Mapping[str, Any]) -> M:
    """Parse a server document leniently: parts the schema rejects are dropped, not fatal.

    The server may add keys this package does not know yet, or hold values written out of band
    that our stricter rules reject. Refresh must still work: the rejected parts are removed (so
    they show as drift where the stack declares them) and the rest is kept.
    """
    from pydantic import ValidationError  # imported by the model already; see ``_provider``

    document: Any = _plain(wire)
    for _ in range(_MAX_REPAIRS):
        try:
            return model_type.model_validate(document)
        except ValidationError as exc:
            for error in exc.errors():
                _remove(document, error["loc"])
    return model_type.model_validate({})


def project_onto(live: Mapping[str, Any], declared: Mapping[str, Any] | None) -> dict[str, Any]:
    """The part of ``live`` that ``declared`` manages (all of it when nothing is declared)."""
    if declared is None:
        return dict(live)
    projected: dict[str, Any] = {}
    for key, wanted in declared.items():
        if key not in live:
            continue
        if key in OBJECT_SECTIONS and isinstance(wanted, Mapping):
            projected[key] = _project_section(live[key], wanted)
        elif isinstance(wanted, Mapping) and isinstance(live[key], Mapping):
            projected[key] = {k: v for k, v in live[key].items() if k in wanted}
        else:
            projected[key] = live[key]
    return projected


def refreshed_inputs(
    live: Mapping[str, Any], stored: Mapping[str, Any], canonical: Canonical
) -> dict[str, Any]:
    """The inputs a refresh stores: the keys of ``stored`` (what the program declared), live.

    A key the live document lacks is left out (a preview shows it as added back). A key, or an
    object of an action, whose live value means the same as the stored one (equal canonical
    forms: reordered, server defaults) keeps its stored form, so no preview shows it as
    changed. With nothing stored (an import), the keys of ``live`` that mean something.
    """
    if not stored:
        meaning = canonical(live)
        return {k: v for k, v in live.items() if meaning is None or k in meaning}
    projected = project_onto(live, stored)
    live_form, stored_form = canonical(projected), canonical(stored)
    if live_form is None or stored_form is None:
        return projected
    inputs: dict[str, Any] = {}
    for key, value in stored.items():
        if live_form.get(key) == stored_form.get(key):
            inputs[key] = value
        elif key in OBJECT_SECTIONS and key in projected:
            inputs[key] = _settle_section(
                projected[key], value, live_form.get(key), stored_form.get(key)
            )
        elif key in projected:
            inputs[key] = projected[key]
    return inputs


def _settle_section(live: Any, stored: Any, live_form: Any, stored_form: Any) -> Any:
    """An action's live section, each object that means the same as its stored one as stored."""
    if not all(isinstance(part, Mapping) for part in (live, stored, live_form, stored_form)):
        return live
    live_objects, stored_objects = live_form.get("objects"), stored_form.get("objects")
    if not (isinstance(live_objects, Mapping) and isinstance(stored_objects, Mapping)):
        return live
    kept = _by_name(stored.get("objects"))

    def settled(name: Any, obj: Any) -> Any:
        same = name in kept and name in stored_objects
        return kept[name] if same and live_objects.get(name) == stored_objects[name] else obj

    objects = live.get("objects")
    section = dict(live)
    if isinstance(objects, list):
        section["objects"] = [
            settled(_object_name(obj), obj) if isinstance(obj, Mapping) else obj for obj in objects
        ]
    elif isinstance(objects, Mapping):
        section["objects"] = {name: settled(name, obj) for name, obj in objects.items()}
    return section


def _by_name(objects: Any) -> dict[Any, Any]:
    """Objects by name, whether they come as a list (a manifest) or a map (a config)."""
    if isinstance(objects, Mapping):
        return dict(objects)
    if isinstance(objects, list):
        return {_object_name(obj): obj for obj in objects if isinstance(obj, Mapping)}
    return {}


def _project_section(live: Any, declared: Mapping[str, Any]) -> Any:
    if not isinstance(live, Mapping):
        return live
    section: dict[str, Any] = {}
    for key, wanted in declared.items():
        if key not in live:
            continue
        section[key] = _project_objects(live[key], wanted) if key == "objects" else live[key]
    return section


def _project_objects(live: Any, declared: Any) -> Any:
    if isinstance(declared, list) and isinstance(live, list):
        by_name = {_object_name(obj): obj for obj in live if isinstance(obj, Mapping)}
        return [
            _project_object(by_name[_object_name(wanted)], wanted)
            for wanted in declared
            if isinstance(wanted, Mapping) and _object_name(wanted) in by_name
        ]
    if isinstance(declared, Mapping) and isinstance(live, Mapping):
        return {
            name: _project_object(live[name], wanted)
            for name, wanted in declared.items()
            if name in live and isinstance(wanted, Mapping)
        }
    return live


def _project_object(live: Any, declared: Mapping[str, Any]) -> Any:
    if not isinstance(live, Mapping):
        return live
    return {k: v for k, v in live.items() if k in declared or k == "object_name"}


def _object_name(obj: Mapping[str, Any]) -> Any:
    return obj.get("object_name", obj.get("objectName"))


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _remove(document: Any, loc: tuple[int | str, ...]) -> None:
    """Delete the innermost container entry that ``loc`` can still reach."""
    parent = document
    for step in loc[:-1]:
        child = _child(parent, step)
        if child is None:
            break
        parent = child
    else:
        last = loc[-1] if loc else None
        if isinstance(parent, dict) and last in parent:
            del parent[last]
            return
        if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
            del parent[last]
            return
    # The loc names something pydantic built (a union branch tag); drop the deepest real parent.
    _remove_deepest(document, loc)


def _remove_deepest(document: Any, loc: tuple[int | str, ...]) -> None:
    path: list[tuple[Any, int | str]] = []
    node = document
    for step in loc:
        child = _child(node, step)
        if child is None:
            break
        path.append((node, step))
        node = child
    if path:
        container, key = path[-1]
        del container[key]
    elif isinstance(document, dict):
        document.clear()


def _child(node: Any, step: int | str) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None
