"""What the rules of ``rules`` and ``config_rules`` share: paths, violations, the raw-document
access and the rules common to manifests and installation configs.
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

__all__ = ["Key", "Path", "Violation"]

MAX_SALESFORCE_SUBSCRIBE_OBJECTS = 5
MAX_GOOGLE_CALENDAR_BACKFILL_DAYS = 28
MIN_WATCH_SCHEMA_INTERVAL_MINUTES = 60
EVENTS = ("createEvent", "updateEvent", "deleteEvent", "associationChangeEvent")
FIELD_LISTS = ("requiredFields", "optionalFields")
DEFAULT_VALUES = ("stringValue", "integerValue", "booleanValue")
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


# --- shared by manifest and config ----------------------------------------------------------


def schedule_violations(obj: Any) -> list[Violation]:
    schedule = text_of(get_field(obj, "schedule"))
    problem = schedule_problem(schedule) if schedule is not None else None
    return [Violation(("schedule",), problem)] if problem else []


def backfill_violations(
    backfill: Any, provider: str | None, object_name: str | None
) -> list[Violation]:
    period = get_field(backfill, "defaultPeriod")
    days, full_history = get_field(period, "days"), get_field(period, "fullHistory")
    if not is_node(period) or is_unknown(days) or is_unknown(full_history):
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


def watch_field_violations(update: Any) -> list[Violation]:
    return [
        Violation(
            ("updateEvent", "requiredWatchFields", j),
            f"{name!r} is a nested path; only top-level fields can be watched, e.g. "
            f"{_top_level(name)!r}.",
        )
        for j, name in items_of(get_field(update, "requiredWatchFields"))
        if isinstance(name, str) and any(mark in name for mark in ".[]")
    ]


def _top_level(name: str) -> str:
    return re.split(r"[.\[\]]", name)[0] or "name"


def malformed_field_path(name: str) -> bool:
    if name.startswith("$") or "[" in name or "]" in name:
        return _BRACKET_PATH.fullmatch(name) is None
    return False


def field_path_message(name: str) -> str:
    return (
        f"{name!r} is not a valid field path; use a plain field name or JSONPath bracket "
        "notation such as $['address']['city']."
    )


# --- raw-document access --------------------------------------------------------------------


def is_node(value: Any) -> bool:
    """True for a document object: a mapping, or a model already built from one."""
    return isinstance(value, (Mapping, BaseModel))


@lru_cache(maxsize=1024)
def snake_name(wire_name: str) -> str:
    """``to_snake``, memoised: the rules ask for the same few field names thousands of times."""
    return to_snake(wire_name)


def get_field(node: Any, wire_name: str) -> Any:
    """A field of a document object in either spelling; None when absent or not an object."""
    if isinstance(node, BaseModel):
        return getattr(node, snake_name(wire_name), None)
    if not isinstance(node, Mapping):
        return None
    if wire_name in node:
        return node[wire_name]
    return node.get(snake_name(wire_name))


def text_of(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if is_number else None


def is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def items_of(value: Any) -> Iterator[tuple[int, Any]]:
    return enumerate(value) if is_list(value) else iter(())


def entries_of(value: Any) -> list[tuple[str, Any]]:
    if not isinstance(value, Mapping):
        return []
    return [(key, item) for key, item in value.items() if isinstance(key, str)]


def names_of(items: list[tuple[int, Any]]) -> set[str] | None:
    """The object names of an action, or None while any of them is unknown."""
    names: set[str] = set()
    for _, obj in items:
        name = get_field(obj, "objectName")
        if is_unknown(obj) or is_unknown(name):
            return None
        if isinstance(name, str):
            names.add(name)
    return names


def duplicates(
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


def prefixed(prefix: Path, violations: list[Violation]) -> list[Violation]:
    return [Violation(prefix + v.path, v.message) for v in violations]
