"""Five-field cron schedules and Ampersand's schedule rules, in pure Python.

Ampersand validates schedules with ``github.com/adhocore/gronx`` (``VALIDATION_RULES.md`` §2.7):

* the expression is valid cron with exactly 5 fields: minute, hour, day-of-month, month,
  day-of-week;
* the minute field is not ``*`` (every minute);
* consecutive runs are at least 10 minutes apart (schema watches: at least an hour).

Syntax accepted here, per field: ``*``, numbers, ranges ``a-b``, steps ``*/n``, ``a-b/n`` and
``a/n``, comma lists of those, ``?`` (same as ``*``) in the day fields, month names
``jan``-``dec`` and weekday names ``sun``-``sat`` (any case; ``7`` is Sunday too). gronx's
``L``, ``W`` and ``#`` modifiers and ``@daily``-style macros are rejected: the 5-field check
refuses macros anyway, and the modifiers have no place in a sync schedule.

Days follow Vixie cron: when both day-of-month and day-of-week are restricted, a day matches if
either does. The minimum interval is the smallest gap between any two consecutive runs over a
full 28-year calendar cycle, not just the gap around "now" that the server samples, so the
answer never depends on the date of the check.
"""

from __future__ import annotations

import itertools
import re
import reprlib
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["CronError", "CronSchedule", "parse_cron", "schedule_problem"]

MINUTES_PER_DAY = 24 * 60
MIN_READ_INTERVAL_MINUTES = 10
_MAX_LENGTH = 256
_NUMBER = re.compile(r"[0-9]{1,4}")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
# 2001-2028: a whole cycle of weekday and leap-year combinations (no skipped leap year in it).
_CYCLE_START = date(2001, 1, 1)
_CYCLE_DAYS = (date(2029, 1, 1) - _CYCLE_START).days


class CronError(ValueError):
    """A schedule that is not a valid 5-field cron expression."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    name_base: int = 0
    allows_question_mark: bool = False


_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day-of-month", 1, 31, allows_question_mark=True),
    _Field("month", 1, 12, _MONTHS, name_base=1),
    _Field("day-of-week", 0, 7, _WEEKDAYS, allows_question_mark=True),
)


@dataclass(frozen=True)
class CronSchedule:
    """The times a 5-field cron expression fires (day-of-week 0 is Sunday)."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int]
    months: frozenset[int]
    days_of_week: frozenset[int]
    day_of_month_restricted: bool
    day_of_week_restricted: bool

    def matches_day(self, day: date) -> bool:
        """True if the schedule fires on this calendar day."""
        if day.month not in self.months:
            return False
        by_month_day = day.day in self.days_of_month
        by_week_day = (day.weekday() + 1) % 7 in self.days_of_week
        if self.day_of_month_restricted and self.day_of_week_restricted:
            return by_month_day or by_week_day
        if self.day_of_month_restricted:
            return by_month_day
        if self.day_of_week_restricted:
            return by_week_day
        return True

    def min_interval_minutes(self) -> int | None:
        """The smallest gap between two consecutive runs, or None if it never runs."""
        times = sorted(hour * 60 + minute for hour in self.hours for minute in self.minutes)
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        any_day, consecutive_days = self._day_pattern()
        if not any_day:
            return None
        if consecutive_days:
            gaps.append(MINUTES_PER_DAY - times[-1] + times[0])
        return min(gaps) if gaps else MINUTES_PER_DAY

    def _day_pattern(self) -> tuple[bool, bool]:
        """Whether any day matches, and whether two consecutive days both match."""
        any_day = False
        previous = False
        for offset in range(_CYCLE_DAYS):
            current = self.matches_day(_CYCLE_START + timedelta(days=offset))
            if current and previous:
                return True, True
            any_day = any_day or current
            previous = current
        return any_day, False


def parse_cron(expression: str) -> CronSchedule:
    """Parse a 5-field cron expression; raise ``CronError`` saying what is wrong."""
    if len(expression) > _MAX_LENGTH:
        raise CronError(f"it is longer than {_MAX_LENGTH} characters")
    parts = expression.split()
    if len(parts) != len(_FIELDS):
        raise CronError(f"it has {len(parts)} fields, not 5")
    values = [_parse_field(part, spec) for part, spec in zip(parts, _FIELDS, strict=True)]
    days_of_week = frozenset(day % 7 for day in values[4])
    return CronSchedule(
        minutes=values[0],
        hours=values[1],
        days_of_month=values[2],
        months=values[3],
        days_of_week=days_of_week,
        day_of_month_restricted=parts[2] not in ("*", "?"),
        day_of_week_restricted=parts[4] not in ("*", "?"),
    )


def schedule_problem(
    expression: str, *, min_interval: int = MIN_READ_INTERVAL_MINUTES
) -> str | None:
    """What is wrong with a schedule under Ampersand's rules and how to fix it, or None."""
    example = _example(min_interval)
    shown = reprlib.repr(expression)
    try:
        schedule = parse_cron(expression)
    except CronError as exc:
        return (
            f"{shown} is not a valid cron schedule: {exc}. Use 5 fields (minute hour "
            f"day-of-month month day-of-week), e.g. {example!r}."
        )
    if expression.split()[0] == "*":
        return (
            "The minute field must not be '*' (that runs every minute); use a step or a fixed "
            f"minute, e.g. {example!r}."
        )
    interval = schedule.min_interval_minutes()
    if interval is None:
        return f"{shown} never runs (no calendar day matches); fix the day fields."
    if interval < min_interval:
        return (
            f"{shown} runs as often as every {interval} minute(s); runs must be at least "
            f"{min_interval} minutes apart, e.g. {example!r}."
        )
    return None


def _example(min_interval: int) -> str:
    if min_interval == 60:
        return "0 * * * *"
    if min_interval % 60 == 0:
        return f"0 */{min_interval // 60} * * *"
    return f"*/{min_interval} * * * *"


def _parse_field(text: str, spec: _Field) -> frozenset[int]:
    values: set[int] = set()
    for item in text.split(","):
        values.update(_parse_item(item, spec))
    return frozenset(values)


def _parse_item(item: str, spec: _Field) -> range:
    base, slash, step_text = item.partition("/")
    step = 1
    if slash:
        step = _number(step_text, spec, "step")
        if step < 1:
            raise CronError(f"the {spec.name} step must be at least 1")
    if base == "*" or (base == "?" and spec.allows_question_mark):
        if base == "?" and slash:
            raise CronError(f"'?' takes no step in the {spec.name} field")
        return range(spec.low, spec.high + 1, step)
    first_text, dash, last_text = base.partition("-")
    first = _value(first_text, spec)
    # "a/n" means "from a to the end, every n".
    last = _value(last_text, spec) if dash else (spec.high if slash else first)
    if first > last:
        raise CronError(f"the {spec.name} range {base!r} runs backwards")
    return range(first, last + 1, step)


def _value(text: str, spec: _Field) -> int:
    lowered = text.lower()
    if lowered in spec.names:
        return spec.names.index(lowered) + spec.name_base
    value = _number(text, spec, "value")
    if not spec.low <= value <= spec.high:
        raise CronError(f"the {spec.name} value {value} is outside {spec.low}-{spec.high}")
    return value


def _number(text: str, spec: _Field, what: str) -> int:
    # ASCII digits only: int() would also accept other scripts' digits and underscores.
    if not _NUMBER.fullmatch(text):
        raise CronError(f"the {spec.name} {what} {text!r} is not a number")
    return int(text)
