"""The Installation resource and GroupInstallations through the real pulumi CLI."""

from __future__ import annotations

import json

import pytest
from pulumi import automation as auto

from tests.support.stacks import (
    API_KEY,
    GROUPS,
    INSTALLATION,
    INSTALLATIONS,
    INTEGRATION,
    PROJECT,
    Project,
    admin,
    api,
    calls_since,
    connect,
    mark,
    program,
)


@pytest.fixture
def fleet(project: Project) -> Project:
    for group in (*GROUPS, "org-d"):
        connect(project, group)
    return project


def installation(project: Project, group: str) -> dict:
    integration_id = project.stack.outputs()["integration_id"]
    response = api(
        project.emulator,
        "GET",
        f"/projects/{PROJECT}/integrations/{integration_id}/installations",
        params={"groupRef": group},
    )
    assert response.status_code == 200, response.text
    found = response.json()
    assert len(found) == 1, found
    return found[0]


def test_three_installations_then_no_changes(fleet: Project) -> None:
    fleet.write(program())
    # A first preview: the integration's id is unknown, the installations still check.
    assert fleet.stack.preview().change_summary == {"create": 6}
    fleet.stack.up()
    ids = fleet.stack.outputs()["installation_ids"]
    assert sorted(ids) == list(GROUPS)
    for group in GROUPS:
        live = installation(fleet, group)
        assert live["id"] == ids[group]
        assert live["config"]["content"]["provider"] == "salesforce"
    start = mark(fleet.emulator)
    fleet.stack.preview(expect_no_changes=True)
    assert calls_since(fleet.emulator, start) == []
    fleet.stack.refresh(expect_no_changes=True)
    refreshed = calls_since(fleet.emulator, start)
    assert sorted(refreshed) == sorted([("GET", INTEGRATION)] + [("GET", INSTALLATION)] * 3)


def test_one_schedule_change_is_one_patch_with_exactly_that_mask(fleet: Project) -> None:
    fleet.write(program())
    fleet.stack.up()
    fleet.write(program(schedules={"org-b": "0 * * * *"}))
    preview = fleet.stack.preview()
    assert preview.change_summary.get("update") == 1

    start = mark(fleet.emulator)
    fleet.stack.up()
    entries = fleet.emulator.journal.entries()[start:]
    assert [(e.method, e.route) for e in entries] == [
        ("PATCH", INSTALLATION),
    ]
    assert entries[0].body["updateMask"] == ["config.content.read.objects.account"]
    assert (
        installation(fleet, "org-b")["config"]["content"]["read"]["objects"]["account"]["schedule"]
        == "0 * * * *"
    )
    fleet.stack.preview(expect_no_changes=True)


def test_removed_read_object_is_disabled_with_no_perpetual_diff(fleet: Project) -> None:
    fleet.write(program())
    fleet.stack.up()
    fleet.write(program(without_contact=("org-c",)))
    fleet.stack.up()
    contact = installation(fleet, "org-c")["config"]["content"]["read"]["objects"]["contact"]
    assert contact["disabled"] is True
    fleet.stack.preview(expect_no_changes=True)
    fleet.stack.refresh()
    fleet.stack.preview(expect_no_changes=True)


def test_new_integration_revision_moves_every_installation_in_the_same_up(
    fleet: Project,
) -> None:
    fleet.write(program())
    fleet.stack.up()
    fleet.write(program(integration_schedule="*/20 * * * *"))
    fleet.stack.up()
    latest = fleet.stack.outputs()["revision_id"]
    for group in GROUPS:
        assert installation(fleet, group)["config"]["revisionId"] == latest
    fleet.stack.preview(expect_no_changes=True)


def test_out_of_band_edit_of_a_managed_object_is_drift_that_up_restores(fleet: Project) -> None:
    fleet.write(program())
    fleet.stack.up()
    live = installation(fleet, "org-a")
    content = live["config"]["content"]
    content["read"]["objects"]["account"]["selectedFields"] = {"name": True}
    admin(
        fleet.emulator,
        "PUT",
        f"/projects/{PROJECT}/integrations/{live['integrationId']}"
        f"/installations/{live['id']}/config",
        json=content,
    )
    fleet.stack.refresh()
    assert fleet.stack.preview().change_summary.get("update") == 1
    fleet.stack.up()
    restored = installation(fleet, "org-a")["config"]["content"]["read"]["objects"]["account"]
    assert restored["selectedFields"] == {"name": True, "industry": True}
    fleet.stack.preview(expect_no_changes=True)


def test_no_token_or_key_ever_reaches_state(fleet: Project) -> None:
    fleet.write(program())
    fleet.stack.up()
    fleet.stack.refresh()
    fleet.write(program(schedules={"org-a": "0 * * * *"}))
    fleet.stack.up()
    secrets = admin(fleet.emulator, "GET", "/secrets").json()["secrets"]
    assert secrets, "the emulator issued no tokens: the scan would prove nothing"
    exported = json.dumps(fleet.stack.export())
    raw = fleet.state_text()
    for secret in [*secrets, API_KEY]:
        assert secret not in exported
        assert secret not in raw


def test_adding_and_removing_a_group_touches_only_that_group(fleet: Project) -> None:
    fleet.write(program())
    fleet.stack.up()
    fleet.write(program(groups=(*GROUPS, "org-d")))
    preview = fleet.stack.preview()
    assert preview.change_summary.get("create") == 1
    start = mark(fleet.emulator)
    fleet.stack.up()
    posts = [c for c in calls_since(fleet.emulator, start) if c[0] in ("POST", "PATCH")]
    assert posts == [("POST", INSTALLATIONS)]

    fleet.write(program(groups=("org-a", "org-c", "org-d")))
    preview = fleet.stack.preview()
    assert preview.change_summary.get("delete") == 1
    start = mark(fleet.emulator)
    fleet.stack.up()
    changes = [c for c in calls_since(fleet.emulator, start) if c[0] != "GET"]
    assert changes == [("DELETE", INSTALLATION)]
    assert sorted(fleet.stack.outputs()["installation_ids"]) == ["org-a", "org-c", "org-d"]


def test_existing_installation_is_adopted_with_no_changes_after(fleet: Project) -> None:
    fleet.write(program(groups=("org-a",)))
    fleet.stack.up()
    integration_id = fleet.stack.outputs()["integration_id"]
    made = api(
        fleet.emulator,
        "POST",
        f"/projects/{PROJECT}/integrations/{integration_id}/installations",
        json={
            "groupRef": "org-b",
            "config": {
                "content": {
                    "provider": "salesforce",
                    "read": {
                        "objects": {
                            "account": {
                                "objectName": "account",
                                "schedule": "*/30 * * * *",
                                "selectedFields": {"name": True, "industry": True},
                                "selectedFieldMappings": {},
                            },
                            "contact": {
                                "objectName": "contact",
                                "selectedFields": {"email": True},
                                "selectedFieldMappings": {},
                            },
                        }
                    },
                    "write": {"objects": {"contact": {"objectName": "contact"}}},
                }
            },
        },
    )
    assert made.status_code == 201, made.text

    fleet.write(program(groups=("org-a", "org-b")))
    with pytest.raises(auto.CommandError, match="adopt=True"):
        fleet.stack.up()
    fleet.write(program(groups=("org-a", "org-b"), adopt=True))
    fleet.stack.up()
    assert fleet.stack.outputs()["installation_ids"]["org-b"] == made.json()["id"]
    fleet.stack.preview(expect_no_changes=True)


def test_invalid_config_fails_preview_with_the_path_and_no_api_call(project: Project) -> None:
    project.write("""
import pulumi_ampersand as amp
amp.Installation("bad", integration_id="i-1", group_ref="org-a", config={
    "read": {"objects": {"account": {"objectName": "account", "schedule": "* * * * *"}}},
})
""")
    start = mark(project.emulator)
    with pytest.raises(auto.CommandError) as failure:
        project.stack.preview()
    assert "config.read.objects.account.schedule" in str(failure.value)
    assert calls_since(project.emulator, start) == []
