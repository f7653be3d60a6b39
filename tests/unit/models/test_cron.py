"""Cron parsing and the schedule rules."""

from __future__ import annotations

import pytest

from pulumi_ampersand.models.cron import CronError, parse_cron, schedule_problem


@pytest.mark.parametrize(
    "schedule",
    [
        "*/10 * * * *",
        "*/15 * * * *",
        "0 */2 * * *",
        "0 9 * * *",
        "0 */24 * * *",
        "5,35 * * * *",
        "0-50/10 * * * *",
        "5/10 * * * *",
        "*/15 9-17 * * mon-fri",
        "0 0 1 JAN,Jul ?",
        "0 0 * * 7",
        "59 23 * * *",
        "0 0 29 2 *",
        " 30  1 * * * ",
    ],
)
def test_valid_schedules(schedule: str) -> None:
    assert schedule_problem(schedule) is None


@pytest.mark.parametrize(
    ("schedule", "words"),
    [
        ("* * * * *", "must not be '*'"),
        ("*/5 * * * *", "every 5 minute"),
        ("*/9 * * * *", "every 6 minute"),  # 54 -> 60 is the shortest gap
        ("0,5 * * * *", "every 5 minute"),
        ("0,59 0,23 * * *", "every 1 minute"),
        ("invalid cron", "2 fields"),
        ("0 0 * * * *", "6 fields"),
        ("@daily", "1 fields"),
        ("60 * * * *", "outside 0-59"),
        ("0 24 * * *", "outside 0-23"),
        ("0 0 0 * *", "outside 1-31"),
        ("0 0 * 13 *", "outside 1-12"),
        ("0 0 * * 8", "outside 0-7"),
        ("10-5 * * * *", "runs backwards"),
        ("*/0 * * * *", "at least 1"),
        ("0 0 L * *", "not a number"),
        ("0 0 * * 1#2", "not a number"),
        ("\u0661 * * * *", "not a number"),
        ("1_0 * * * *", "not a number"),
        ("0 0 30 2 *", "never runs"),
        ("0 ? * * *", "not a number"),
        ("x" * 300, "longer than"),
    ],
)
def test_invalid_schedules(schedule: str, words: str) -> None:
    problem = schedule_problem(schedule)
    assert problem is not None
    assert words in problem


def test_watch_schema_interval() -> None:
    assert schedule_problem("0 * * * *", min_interval=60) is None
    problem = schedule_problem("*/30 * * * *", min_interval=60)
    assert problem is not None and "'0 * * * *'" in problem


def test_parse_cron() -> None:
    schedule = parse_cron("*/20 8-9 1,15 jan-mar sun,sat")
    assert schedule.minutes == {0, 20, 40}
    assert schedule.hours == {8, 9}
    assert schedule.days_of_month == {1, 15}
    assert schedule.months == {1, 2, 3}
    assert schedule.days_of_week == {0, 6}
    assert schedule.min_interval_minutes() == 20
    with pytest.raises(CronError):
        parse_cron("* * *")
