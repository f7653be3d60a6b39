"""Program wiring under ``pulumi.runtime.set_mocks``: which resources, with which inputs.

Mocks never call the providers (those have their own tests); they prove what a program built
with this package registers: type tokens, snake_case props from typed Args, wiring of ids and
revisions, and the fan-out's stable names.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

import pulumi_ampersand as amp
from tests.support.mocks import Recorder


@pytest.fixture
def mocks() -> Recorder:
    recorder = Recorder()
    pulumi.runtime.set_mocks(recorder, project="p", stack="s", preview=False)
    return recorder


@pulumi.runtime.test
def test_integration_and_fan_out_are_wired(mocks: Recorder) -> pulumi.Output[Any]:
    crm = amp.Integration(
        "crm-sync",
        provider="salesforce",
        read=amp.ReadArgs(
            objects=[
                amp.ReadObjectArgs(
                    object_name="account",
                    destination="accountWebhook",
                    schedule="*/30 * * * *",
                    required_fields=[amp.ExistingFieldArgs(field_name="name")],
                )
            ]
        ),
    )
    fleet = amp.GroupInstallations(
        "crm",
        integration=crm,
        groups=["org-a", "org-b"],
        config=amp.InstallationConfigArgs(
            read=amp.InstallationReadArgs(
                objects={"account": amp.InstallationReadObjectArgs(object_name="account")}
            )
        ),
    )

    def check(values: list[Any]) -> None:
        ids, revision = values
        assert ids == {"org-a": "id-of-crm-org-a", "org-b": "id-of-crm-org-b"}
        assert revision == "rev-of-crm-sync"
        integration = mocks.resources["crm-sync"]
        assert integration.typ == "pulumi-python:dynamic/ampersand:Integration"
        assert integration.inputs["name"] == "crm-sync"
        assert integration.inputs["read"]["objects"][0]["required_fields"] == [
            {"field_name": "name"}
        ]
        assert "__provider" in integration.inputs
        installation = mocks.resources["crm-org-b"]
        assert installation.typ == "pulumi-python:dynamic/ampersand:Installation"
        assert installation.inputs["integration_id"] == "id-of-crm-sync"
        assert installation.inputs["group_ref"] == "org-b"
        assert installation.inputs["revision_id"] == "rev-of-crm-sync"
        assert installation.inputs["config"] == {
            "read": {"objects": {"account": {"object_name": "account"}}}
        }

    return pulumi.Output.all(fleet.installation_ids, crm.latest_revision_id).apply(check)


@pulumi.runtime.test
def test_outputs_of_other_resources_can_be_inputs(mocks: Recorder) -> pulumi.Output[Any]:
    destination = pulumi.Output.from_input("accountWebhook")
    crm = amp.Integration(
        "crm",
        name="crm-sync",
        provider="salesforce",
        read={"objects": [{"objectName": "account", "destination": destination}]},
        project="p-1",
    )

    def check(_: Any) -> None:
        inputs = mocks.resources["crm"].inputs
        assert inputs["read"]["objects"][0]["destination"] == "accountWebhook"
        assert inputs["project"] == "p-1"
        assert inputs["name"] == "crm-sync"

    return crm.id.apply(check)
