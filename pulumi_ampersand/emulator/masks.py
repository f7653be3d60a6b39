"""Update masks of updateInstallation: which paths may be masked, parsing, applying.

A mask path is dot-separated, with ``\\.``, ``\\/`` and ``\\:`` escaping those characters in
an object name (the client's ``escape_mask_segment``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .entities import JsonObject, StoredIntegration, StoredRevision
from .errors import ProblemIssue
from .validation import ACTIONS, key_path, object_issues

ALLOWED_MASKS = (
    "connectionId",
    "config.createdBy",
    "config.content.read.objects.<objectName>",
    "config.content.write.objects",
    "config.content.write.objects.<objectName>",
    "config.content.subscribe.objects",
    "config.content.subscribe.objects.<objectName>",
    "config.content.proxy.enabled",
)


def parse_mask(mask: str) -> list[str] | None:
    """Split a mask on unescaped dots (``\\.``, ``\\/``, ``\\:`` and ``\\\\`` are literal)."""
    segments = [""]
    chars = iter(mask)
    for char in chars:
        if char == "\\":
            escaped = next(chars, None)
            if escaped is None:
                return None
            segments[-1] += escaped
        elif char == ".":
            segments.append("")
        else:
            segments[-1] += char
    return None if any(s == "" for s in segments) else segments


def mask_allowed(segments: list[str]) -> bool:
    if segments in (["connectionId"], ["config", "createdBy"]):
        return True
    if segments == ["config", "content", "proxy", "enabled"]:
        return True
    if segments[:2] != ["config", "content"] or len(segments) not in (4, 5):
        return False
    action, objects = segments[2], segments[3]
    if objects != "objects" or action not in ACTIONS:
        return False
    # Read objects can only be replaced one by one: there is no mask for the whole map.
    return len(segments) == 5 or action != "read"


def value_at(document: Mapping[str, Any], segments: list[str]) -> Any:
    value: Any = document
    for segment in segments:
        if not isinstance(value, Mapping):
            return None
        value = value.get(segment)
    return value


def assign_at(document: JsonObject, segments: list[str], value: Any) -> None:
    target = document
    for segment in segments[:-1]:
        child = target.get(segment)
        if not isinstance(child, dict):
            child = target[segment] = {}
        target = child
    target[segments[-1]] = value


def masked_value_issues(
    segments: list[str],
    value: Any,
    integration: StoredIntegration,
    revision: StoredRevision,
    index: int,
) -> list[ProblemIssue]:
    """422 issues for one masked value of a PATCH, checked against the latest revision."""
    if segments[:2] != ["config", "content"]:
        return []
    if segments[2] == "proxy":
        if not isinstance(value, bool):
            return [
                ProblemIssue("installation.config.content.proxy.enabled", "Must be true or false.")
            ]
        return []
    action = segments[2]
    prefix = f"installation.config.content.{action}.objects"
    if len(segments) == 5:
        return object_issues(action, segments[4], value, revision, key_path(prefix, segments[4]))
    if not isinstance(value, Mapping):
        return [
            ProblemIssue(prefix, f"updateMask[{index}] needs a map of object names to objects.")
        ]
    return [
        issue
        for name, obj in value.items()
        for issue in object_issues(action, name, obj, revision, key_path(prefix, name))
    ]
