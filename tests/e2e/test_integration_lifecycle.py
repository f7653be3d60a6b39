"""The Integration resource through the real pulumi CLI against the emulator (issue: lifecycle).

Each test is one behaviour a user relies on; the journal of the emulator proves which API calls
were made.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pulumi import automation as auto

from tests.support.stacks import (
    INTEGRATION,
    INTEGRATIONS,
    PROJECT,
    REVISIONS,
    SHARED,
    Project,
    admin,
    api,
    calls_since,
    mark,
)

PROGRAM = """
import pulumi
import pulumi_ampersand as amp

crm = amp.Integration(
    "crm",
    name="{name}",
    provider="salesforce",
    read=amp.ReadArgs(objects=[{objects}]),
    adopt={adopt},
)
pulumi.export("integration_id", crm.id)
pulumi.export("revision_id", crm.latest_revision_id)
"""

ACCOUNT = """amp.ReadObjectArgs(object_name="account", destination="accountWebhook",
        schedule="{schedule}", required_fields=[{account_fields}])"""
CONTACT = """amp.ReadObjectArgs(object_name="contact", destination="contactWebhook",
        schedule="0 */2 * * *", required_fields=[amp.ExistingFieldArgs(field_name="email")])"""
NAME_INDUSTRY = (
    'amp.ExistingFieldArgs(field_name="name"), amp.ExistingFieldArgs(field_name="industry")'
)
INDUSTRY_NAME = (
    'amp.ExistingFieldArgs(field_name="industry"), amp.ExistingFieldArgs(field_name="name")'
)


def program(
    *,
    name: str = "crm-sync",
    schedule: str = "*/30 * * * *",
    account_fields: str = NAME_INDUSTRY,
    reorder: bool = False,
    adopt: bool = False,
) -> str:
    account = ACCOUNT.format(schedule=schedule, account_fields=account_fields)
    objects = f"{CONTACT}, {account}" if reorder else f"{account}, {CONTACT}"
    return PROGRAM.format(name=name, objects=objects, adopt=adopt)


def live_integration(project: Project, id_or_name: str) -> dict:
    response = api(project.emulator, "GET", f"/projects/{PROJECT}/integrations/{id_or_name}")
    assert response.status_code == 200, response.text
    return response.json()


def read_objects(integration: dict) -> dict[str, dict]:
    objects = integration["latestRevision"]["content"]["read"]["objects"]
    return {obj["objectName"]: obj for obj in objects}


def test_up_then_no_changes_then_destroy(project: Project) -> None:
    project.write(program())
    preview = project.stack.preview()
    assert preview.change_summary == {"create": 2}  # the stack and the integration

    up = project.stack.up()
    outputs = project.stack.outputs()
    assert up.summary.result == "succeeded"
    live = live_integration(project, outputs["integration_id"])
    assert live["name"] == "crm-sync"
    assert outputs["revision_id"] == live["latestRevision"]["id"]
    assert set(read_objects(live)) == {"account", "contact"}

    start = mark(project.emulator)
    project.stack.preview(expect_no_changes=True)
    assert calls_since(project.emulator, start) == []
    project.stack.refresh(expect_no_changes=True)
    assert calls_since(project.emulator, start) == [("GET", INTEGRATION)]

    project.stack.destroy()
    gone = api(project.emulator, "GET", f"/projects/{PROJECT}/integrations/crm-sync")
    assert gone.status_code == 404


def test_create_costs_two_calls_and_a_schedule_change_is_one_revision(project: Project) -> None:
    project.write(program())
    start = mark(project.emulator)
    project.stack.up()
    assert calls_since(project.emulator, start) == [
        ("POST", INTEGRATIONS),
        ("GET", INTEGRATION),
    ]
    first_revision = project.stack.outputs()["revision_id"]

    project.write(program(schedule="*/15 * * * *"))
    preview = project.stack.preview()
    assert preview.change_summary.get("update") == 1
    assert "replace" not in preview.change_summary

    start = mark(project.emulator)
    project.stack.up()
    assert calls_since(project.emulator, start) == [
        ("POST", REVISIONS),
        ("GET", INTEGRATION),
    ]
    outputs = project.stack.outputs()
    assert outputs["revision_id"] != first_revision
    live = live_integration(project, outputs["integration_id"])
    assert live["latestRevision"]["id"] == outputs["revision_id"]
    assert read_objects(live)["account"]["schedule"] == "*/15 * * * *"
    project.stack.preview(expect_no_changes=True)


def test_reordering_objects_and_fields_is_no_change(project: Project) -> None:
    project.write(program())
    project.stack.up()
    project.write(program(reorder=True, account_fields=INDUSTRY_NAME))
    start = mark(project.emulator)
    project.stack.preview(expect_no_changes=True)
    project.stack.up(expect_no_changes=True)
    assert calls_since(project.emulator, start) == []


def test_out_of_band_edit_shows_after_refresh_and_up_restores_it(project: Project) -> None:
    project.write(program())
    project.stack.up()
    integration_id = project.stack.outputs()["integration_id"]

    # An unmanaged object added out of band is not the stack's business.
    content = live_integration(project, integration_id)["latestRevision"]["content"]
    content["read"]["objects"].append(
        {"objectName": "lead", "destination": "leadWebhook", "schedule": "0 * * * *"}
    )
    admin(
        project.emulator,
        "PUT",
        f"/projects/{PROJECT}/integrations/{integration_id}/revisions/latest",
        json=content,
    )
    project.stack.refresh()
    project.stack.preview(expect_no_changes=True)

    # An edit of a managed object is drift.
    for obj in content["read"]["objects"]:
        if obj["objectName"] == "account":
            obj["schedule"] = "0 */6 * * *"
    admin(
        project.emulator,
        "PUT",
        f"/projects/{PROJECT}/integrations/{integration_id}/revisions/latest",
        json=content,
    )
    project.stack.refresh()
    preview = project.stack.preview()
    assert preview.change_summary.get("update") == 1

    project.stack.up()
    live = live_integration(project, integration_id)
    assert read_objects(live)["account"]["schedule"] == "*/30 * * * *"
    project.stack.refresh()
    project.stack.preview(expect_no_changes=True)


def test_deleted_out_of_band_is_dropped_by_refresh_and_recreated(project: Project) -> None:
    project.write(program())
    project.stack.up()
    old_id = project.stack.outputs()["integration_id"]
    assert (
        api(project.emulator, "DELETE", f"/projects/{PROJECT}/integrations/{old_id}").status_code
        == 204
    )

    project.stack.refresh()
    resources = project.stack.export().get("resources", [])
    assert not [r for r in resources if r["type"].endswith("ampersand:Integration")]

    project.stack.up()
    new_id = project.stack.outputs()["integration_id"]
    assert new_id != old_id
    assert live_integration(project, "crm-sync")["id"] == new_id


def test_existing_integration_is_adopted_with_no_changes_after(project: Project) -> None:
    existing_id = create_outside_the_stack(project)

    project.write(program())
    with pytest.raises(auto.CommandError, match="adopt=True"):
        project.stack.up()

    project.write(program(adopt=True))
    start = mark(project.emulator)
    project.stack.up()
    assert project.stack.outputs()["integration_id"] == existing_id
    assert ("POST", INTEGRATIONS) not in calls_since(project.emulator, start)
    project.stack.preview(expect_no_changes=True)


def test_pulumi_import_still_fails_for_dynamic_resources(project: Project) -> None:
    """pulumi/pulumi#16175: the engine's import Read carries no __provider. If this test fails,
    the pinned Pulumi fixed it, and `import_` can replace adopt=True in the docs."""
    existing_id = create_outside_the_stack(project)
    project.write(
        program().replace(
            "adopt=False,", f"adopt=False, opts=pulumi.ResourceOptions(import_={existing_id!r}),"
        )
    )
    with pytest.raises(auto.CommandError, match="__provider"):
        project.stack.up()


INVALID = {
    "schedule-too-frequent.yaml": "read.objects[0].schedule",
    "subscribe-without-read.yaml": "subscribe",
    "backfill-both-days-and-fullhistory.yaml": "read.objects[0].backfill",
}


@pytest.mark.parametrize("fixture", sorted(INVALID))
def test_invalid_content_fails_preview_with_the_path_and_no_api_call(
    project: Project, fixture: str
) -> None:
    manifest = yaml.safe_load(
        (SHARED / "amp-yaml-validator/testdata/invalid" / fixture).read_text()
    )
    content = manifest["integrations"][0]
    project.write(f"import pulumi_ampersand as amp\namp.Integration('bad', args={content!r})\n")
    start = mark(project.emulator)
    with pytest.raises(auto.CommandError) as failure:
        project.stack.preview()
    assert INVALID[fixture] in str(failure.value)
    assert calls_since(project.emulator, start) == []


def test_rename_previews_a_replace(project: Project) -> None:
    project.write(program())
    project.stack.up()
    project.write(program(name="crm-sync-2"))
    preview = project.stack.preview()
    assert preview.change_summary.get("replace") == 1
    project.stack.up()
    assert live_integration(project, "crm-sync-2")["name"] == "crm-sync-2"
    gone = api(project.emulator, "GET", f"/projects/{PROJECT}/integrations/crm-sync")
    assert gone.status_code == 404


def test_destroy_after_out_of_band_deletion_succeeds(project: Project) -> None:
    project.write(program())
    project.stack.up()
    integration_id = project.stack.outputs()["integration_id"]
    api(project.emulator, "DELETE", f"/projects/{PROJECT}/integrations/{integration_id}")
    result = project.stack.destroy()
    assert result.summary.result == "succeeded"


def create_outside_the_stack(project: Project) -> str:
    """Create the program's integration directly through the API (data/crm-sync.yaml); its id."""
    manifest = yaml.safe_load((Path(__file__).parent / "data" / "crm-sync.yaml").read_text())
    created = api(
        project.emulator,
        "POST",
        f"/projects/{PROJECT}/integrations",
        json={
            "name": "crm-sync",
            "provider": "salesforce",
            "latestRevision": {"specVersion": "1.0.0", "content": manifest["integrations"][0]},
        },
    )
    assert created.status_code == 201, created.text
    integration_id: str = live_integration(project, "crm-sync")["id"]
    return integration_id
