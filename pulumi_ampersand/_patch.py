"""The ``PATCH`` that takes an installation from one set of inputs to another: a pure function.

``build_patch(old, new)`` reads two input dicts (as stored in state) and returns the
``updateMask`` and the body; it calls nothing. The API has no mask that removes a read object
(masks replace one object at a time), so a read object the new inputs drop is sent again with
``disabled: true`` (see :mod:`pulumi_ampersand.installation`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import models  # each model is imported on first use: see ``_provider``
from ._provider import differs
from .models.shapes import to_wire

if TYPE_CHECKING:
    from .models import InstallationConfigArgs

__all__ = ["OBJECT_SECTIONS", "build_patch", "config_args", "declared_and_changed"]

OBJECT_SECTIONS = ("read", "write", "subscribe")


def build_patch(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The update mask and body that take the installation from ``old`` to ``new`` inputs."""
    mask: list[str] = []
    content: dict[str, Any] = {}
    before, after = config_args(old), config_args(new)
    canonical = (models.canonical_config(before), models.canonical_config(after))
    for section in OBJECT_SECTIONS:
        mask += _section_patch(section, before, after, canonical, content)
    if _proxy_enabled(before) != _proxy_enabled(after):
        mask.append("config.content.proxy.enabled")
        content["proxy"] = {"enabled": _proxy_enabled(after)}
    body: dict[str, Any] = {"config": {"content": content}} if content else {}
    if declared_and_changed("connection_id", old, new):
        mask.append("connectionId")
        body["connectionId"] = new["connection_id"]
    created_by = new.get("created_by")
    if declared_and_changed("created_by", old, new) or (
        not mask and declared_and_changed("revision_id", old, new)
    ):
        # A revision change alone still needs a PATCH (every PATCH moves the installation
        # to the latest revision): re-set createdBy to its own value, a no-op otherwise.
        mask.append("config.createdBy")
        body.setdefault("config", {})["createdBy"] = created_by or old.get("created_by")
    return mask, body


def config_args(props: Mapping[str, Any]) -> InstallationConfigArgs:
    """The ``config`` input of ``props`` as a model (an empty config when there is none)."""
    return models.InstallationConfigArgs.model_validate(props.get("config") or {})


def declared_and_changed(key: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """True when ``new`` declares ``key`` with a value other than ``old``'s."""
    return key in new and differs(old.get(key), new[key])


def _section_patch(
    section: str,
    before: InstallationConfigArgs,
    after: InstallationConfigArgs,
    canonical: tuple[dict[str, Any], dict[str, Any]],
    content: dict[str, Any],
) -> list[str]:
    """Masks (and values, into ``content``) for one action's objects.

    ``canonical`` holds both configs' canonical forms: an object is changed when its canonical
    form is, so a reordered list inside an object is no reason to send it.
    """
    from ._client import escape_mask_segment  # with httpx: only where an update is built

    old_objects = _objects(before, section)
    new_objects = _objects(after, section)
    old_canonical, new_canonical = (c.get(section, {}).get("objects", {}) for c in canonical)
    changed = [
        name
        for name in new_objects
        if name not in old_objects or old_canonical.get(name) != new_canonical.get(name)
    ]
    removed = [name for name in old_objects if name not in new_objects]
    values: dict[str, Any] = {name: to_wire(new_objects[name]) for name in changed}
    prefix = f"config.content.{section}.objects"
    if removed and section == "read":
        # No mask removes a read object: pause it instead (see the module docstring).
        for name in removed:
            values[name] = {**to_wire(old_objects[name]), "disabled": True}
        masks = [f"{prefix}.{escape_mask_segment(name)}" for name in sorted(values)]
    elif removed:
        values = {name: to_wire(obj) for name, obj in new_objects.items()}
        masks = [prefix]
    else:
        masks = [f"{prefix}.{escape_mask_segment(name)}" for name in sorted(values)]
    if masks:
        content[section] = {"objects": values}
    return masks


def _objects(config: InstallationConfigArgs, section: str) -> dict[str, Any]:
    action = getattr(config, section)
    return dict(action.objects) if action is not None and action.objects else {}


def _proxy_enabled(config: InstallationConfigArgs) -> bool:
    return bool(config.proxy is not None and config.proxy.enabled)
