"""Golden tests: the amp-yaml-validator fixtures through ``check_manifest`` and amp.yaml I/O.

Several fixtures disagree with the schemas, which are authoritative: four "valid" files omit the
required ``name`` and put installation-config keys (``selectedFields``,
``selectedFieldMappings``) into manifest read objects, where the Go validator only warns about
unknown keys. Each such file is listed with the exact issues it gets and why, and a repaired
copy (name added, config-only keys removed) must pass, which shows that no rule rejects it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pulumi_ampersand.models import (
    ManifestError,
    check_manifest,
    dump_manifest,
    load_manifest,
)
from tests.unit.models.models_testdata import TESTDATA, load_yaml

NO_NAME = "integrations[0].name"
SELECTED = "integrations[0].read.objects[0].selectedFields"
MAPPINGS = "integrations[0].read.objects[0].selectedFieldMappings"

# File -> (issue paths, reason). Files not listed must pass with no issue.
VALID_DEVIATIONS: dict[str, tuple[set[str], str]] = {
    "field-mapping-bracket-notation.yaml": (
        {NO_NAME, SELECTED, MAPPINGS},
        "no name; selectedFields/selectedFieldMappings are config keys, not manifest keys",
    ),
    "google-calendar-valid-backfill.yaml": (
        {NO_NAME, SELECTED},
        "no name; selectedFields is a config key",
    ),
    "snowflake-full-history.yaml": ({NO_NAME, SELECTED}, "no name; selectedFields is a config key"),
    "subscribe-all-event-types.yaml": (
        {NO_NAME, SELECTED},
        "no name; selectedFields is a config key",
    ),
    "directives-example.yaml": (
        {"integrations[0].read.objects[0].schedule", "integrations[0].read.objects[2].schedule"},
        "'*/5 * * * *' breaks the ERROR rule schedule-minimum-interval; amp:ignore comments name "
        "a WARNING rule (or are YAML comments, invisible to a document check) and cannot waive it",
    ),
}

# File -> (a path that must be among the issues, or None when nothing is checkable offline).
INVALID_EXPECTED: dict[str, tuple[str | None, str]] = {
    "always-enabled-no-schedule.yaml": ("integrations[0].read.objects[0].schedule", "2.11"),
    "always-enabled-too-many-required.yaml": (
        "integrations[0].read.objects[0].alwaysEnabled",
        "alwaysEnabled is not a field (the real one is enabled: always); the mapping-count rule "
        "names fields neither schema has and is server-side",
    ),
    "backfill-both-days-and-fullhistory.yaml": (
        "integrations[0].read.objects[0].backfill.defaultPeriod",
        "2.9",
    ),
    "delivery-auto-with-pagesize.yaml": (
        "integrations[0].read.objects[0].delivery.pageSize",
        "2.8",
    ),
    "duplicate-read-objects.yaml": ("integrations[0].read.objects[2].objectName", "2.13"),
    "duplicate-subscribe-objects.yaml": ("integrations[0].subscribe.objects[2].objectName", "2.13"),
    "duplicate-write-objects.yaml": ("integrations[0].write.objects[2].objectName", "2.13"),
    "field-mapping-invalid-jsonpath.yaml": (
        MAPPINGS,
        "selectedFieldMappings belongs to the installation config; the bracket rule itself is "
        "tested on a config in test_check_rules.py",
    ),
    "google-calendar-backfill-too-long.yaml": (
        "integrations[0].read.objects[0].backfill.defaultPeriod.days",
        "3.5",
    ),
    "google-calendar-full-history.yaml": (
        "integrations[0].read.objects[0].backfill.defaultPeriod.fullHistory",
        "3.5",
    ),
    "invalid-module.yaml": (None, "3.4 module support needs the provider catalogue: server-side"),
    "invalid-schedule-syntax.yaml": ("integrations[0].read.objects[0].schedule", "2.7"),
    "provider-no-read-support.yaml": (None, "3.3 needs the provider catalogue: server-side"),
    "provider-no-subscribe-support.yaml": (None, "3.3 needs the provider catalogue: server-side"),
    "salesforce-too-many-subscribe.yaml": ("integrations[0].subscribe.objects", "3.1"),
    "schedule-too-frequent.yaml": ("integrations[0].read.objects[0].schedule", "2.7"),
    "snowflake-backfill-days.yaml": (
        "integrations[0].read.objects[0].backfill.defaultPeriod.days",
        "3.6",
    ),
    "subscribe-nested-watch-fields.yaml": (
        "integrations[0].subscribe.objects[0].updateEvent.requiredWatchFields[1]",
        "2.16",
    ),
    "subscribe-no-events.yaml": (
        None,
        "2.14 is a WARNING in the catalogue (a base definition); the file still fails on its "
        "schema deviations (no name, selectedFields)",
    ),
    "subscribe-without-read.yaml": ("integrations[0].subscribe", "2.5"),
    "unknown-key.yaml": ("integrations[0].read.objects[0].scheduel", "2.17"),
}


def _files(kind: str) -> list[Path]:
    return sorted((TESTDATA / kind).glob("*.yaml"))


VALID_FILES = _files("valid") + _files("examples")
INVALID_FILES = _files("invalid")


def _repaired(data: dict[str, Any]) -> dict[str, Any]:
    """The fixture with its schema deviations fixed: a name, and no config-only keys."""
    for index, integration in enumerate(data["integrations"]):
        integration.setdefault("name", f"integration-{index}")
        for obj in (integration.get("read") or {}).get("objects") or []:
            obj.pop("selectedFields", None)
            obj.pop("selectedFieldMappings", None)
    return data


def test_every_fixture_is_listed() -> None:
    assert {path.name for path in INVALID_FILES} == set(INVALID_EXPECTED)
    assert set(VALID_DEVIATIONS) <= {path.name for path in VALID_FILES}
    assert len(VALID_FILES) >= 8


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda path: path.name)
def test_valid_fixture(path: Path) -> None:
    model, issues = check_manifest(load_yaml(path))
    expected, _reason = VALID_DEVIATIONS.get(path.name, (set(), ""))
    assert {issue.path for issue in issues} == expected
    assert (model is None) == bool(expected)


@pytest.mark.parametrize(
    "path",
    [path for path in VALID_FILES if path.name != "directives-example.yaml"],
    ids=lambda path: path.name,
)
def test_valid_fixture_passes_every_rule_once_repaired(path: Path) -> None:
    model, issues = check_manifest(_repaired(load_yaml(path)))
    assert issues == []
    assert model is not None


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda path: path.name)
def test_invalid_fixture(path: Path) -> None:
    expected_path, _reason = INVALID_EXPECTED[path.name]
    model, issues = check_manifest(load_yaml(path))
    if expected_path is None:
        # Only checkable with the provider catalogue or a warning: nothing for the offline rules.
        repaired_model, repaired_issues = check_manifest(_repaired(load_yaml(path)))
        assert repaired_issues == []
        assert repaired_model is not None
        return
    assert model is None
    assert expected_path in {issue.path for issue in issues}
    assert all(issue.message.strip() for issue in issues)


def test_nested_watch_fields_reports_both_entries() -> None:
    _, issues = check_manifest(
        load_yaml(TESTDATA / "invalid" / "subscribe-nested-watch-fields.yaml")
    )
    watch = "integrations[0].subscribe.objects[0].updateEvent.requiredWatchFields"
    assert {f"{watch}[1]", f"{watch}[2]"} <= {issue.path for issue in issues}
    assert f"{watch}[0]" not in {issue.path for issue in issues}


def test_unknown_keys_are_all_reported_with_hints() -> None:
    _, issues = check_manifest(load_yaml(TESTDATA / "invalid" / "unknown-key.yaml"))
    by_path = {issue.path: issue.message for issue in issues}
    assert "descrption" in by_path
    assert "'schedule'" in by_path["integrations[0].read.objects[0].scheduel"]
    assert "'fieldName'" in by_path["integrations[0].read.objects[0].requiredFields[0].feildName"]


@pytest.mark.parametrize(
    "path",
    [path for path in VALID_FILES if path.name not in VALID_DEVIATIONS],
    ids=lambda path: path.name,
)
def test_round_trip(path: Path) -> None:
    loaded = load_manifest(path)
    dumped = dump_manifest(list(loaded.values()))
    assert load_manifest(dumped) == loaded
    assert dump_manifest(list(load_manifest(dumped).values())) == dumped


@pytest.mark.parametrize(
    "path",
    [path for path in VALID_FILES if path.name not in VALID_DEVIATIONS],
    ids=lambda path: path.name,
)
def test_round_trip_of_text_and_str_path(path: Path) -> None:
    assert load_manifest(str(path)) == load_manifest(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda path: path.name)
def test_load_manifest_lists_issues_with_wire_paths(path: Path) -> None:
    if INVALID_EXPECTED[path.name][0] is None and path.name != "subscribe-no-events.yaml":
        assert load_manifest(path)
        return
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    assert caught.value.issues
    assert all(
        issue.path.startswith("integrations[") or "." not in issue.path
        for issue in caught.value.issues
    )
    assert isinstance(caught.value, ValueError)
