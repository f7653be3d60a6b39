"""Every example of examples/ deployed, checked and destroyed against the emulator.

Each test runs the example's own ``__main__.py`` through the real pulumi CLI (scripts/devstack),
so an example that stops working fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pulumi import automation as auto

from pulumi_ampersand.emulator import EmulatorServer
from pulumi_ampersand.models import IntegrationArgs, canonical_integration, load_manifest
from tests.examples.helpers import (
    EXAMPLES,
    assert_nothing_left,
    connect,
    connections,
    deploy_amp_yaml,
    installations,
    integrations,
    stack,
)

pytestmark = pytest.mark.e2e


def live_canonical(integration: dict) -> dict:
    content = integration["latestRevision"]["content"]
    return canonical_integration(IntegrationArgs.model_validate(content))


def test_quickstart(tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path) -> None:
    connect(emulator, "org-acme")
    quickstart = stack(EXAMPLES / "quickstart", tmp_path, emulator, pulumi_bin)
    quickstart.up()
    outputs = quickstart.outputs()

    live = integrations(emulator)["crm-sync"]
    assert outputs["integration_id"] == live["id"]
    assert outputs["revision_id"] == live["latestRevision"]["id"]
    assert set(live["latestRevision"]["content"]) >= {"read", "write", "subscribe"}
    [installation] = installations(emulator)
    assert installation["id"] == outputs["installation_id"]
    assert installation["group"]["groupRef"] == "org-acme"
    assert installation["config"]["revisionId"] == outputs["revision_id"]
    assert installation["connection"]["id"] == outputs["connection_id"]
    quickstart.preview(expect_no_changes=True)

    quickstart.destroy()
    assert_nothing_left(emulator)
    # The last installation using a connection takes it along (see docs/resources.md).
    assert connections(emulator) == []


def test_per_group_installations(
    tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path
) -> None:
    connect(emulator, "org-a", "org-b", "org-c")
    fleet = stack(EXAMPLES / "per-group-installations", tmp_path, emulator, pulumi_bin)
    # `pulumi config set --path 'groups[0]' org-a` ...
    fleet.stack.set_config("groups[0]", auto.ConfigValue("org-a"), path=True)
    fleet.stack.set_config("groups[1]", auto.ConfigValue("org-b"), path=True)
    fleet.up()
    first = fleet.outputs()["installation_ids"]
    assert set(first) == {"org-a", "org-b"}
    live = {i["group"]["groupRef"]: i for i in installations(emulator)}
    assert {group: i["id"] for group, i in live.items()} == first
    account = live["org-b"]["config"]["content"]["read"]["objects"]["account"]
    assert account["schedule"] == "*/30 * * * *"

    # ... then a JSON object of group -> overrides: org-b leaves, org-c joins with its schedule.
    fleet.stack.remove_config("groups")
    fleet.stack.set_config(
        "groups", auto.ConfigValue(json.dumps({"org-a": {}, "org-c": {"schedule": "0 */6 * * *"}}))
    )
    fleet.up()
    second = fleet.outputs()["installation_ids"]
    assert set(second) == {"org-a", "org-c"}
    assert second["org-a"] == first["org-a"]  # untouched
    live = {i["group"]["groupRef"]: i for i in installations(emulator)}
    assert set(live) == {"org-a", "org-c"}
    assert live["org-c"]["config"]["content"]["read"]["objects"]["account"]["schedule"] == (
        "0 */6 * * *"
    )
    fleet.preview(expect_no_changes=True)

    fleet.destroy()
    assert_nothing_left(emulator)


def test_outputs_to_services(tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path) -> None:
    connect(emulator, "org-a", "org-b")
    backend = {"PULUMI_BACKEND_URL": f"file://{tmp_path / 'shared-backend'}"}
    (tmp_path / "shared-backend").mkdir()
    example = EXAMPLES / "outputs-to-services"
    producer = stack(
        example / "producer",
        tmp_path / "producer",
        emulator,
        pulumi_bin,
        config={"groups": '["org-a", "org-b"]'},
        env=backend,
    )
    producer.up()
    produced = producer.outputs()
    assert set(produced["installation_ids"]) == {"org-a", "org-b"}
    assert produced["integration_id"] == integrations(emulator)["crm-sync"]["id"]

    # Another stack, through a StackReference.
    consumer = stack(
        example / "consumer",
        tmp_path / "consumer",
        emulator,
        pulumi_bin,
        config={"producerStack": "organization/ampersand-outputs-producer/dev"},
        env=backend,
    )
    consumer.up()
    expected_env = {
        "AMPERSAND_INTEGRATION_ID": produced["integration_id"],
        "AMPERSAND_REVISION_ID": produced["revision_id"],
        "AMPERSAND_INSTALLATION_ID_ORG_A": produced["installation_ids"]["org-a"],
        "AMPERSAND_INSTALLATION_ID_ORG_B": produced["installation_ids"]["org-b"],
    }
    consumed = consumer.outputs()
    assert consumed["service_env"] == expected_env
    assert consumed["installation_count"] == 2

    # A plain script, through `pulumi stack output --json`.
    workspace = producer.stack.workspace
    assert isinstance(workspace, auto.LocalWorkspace)
    project_dir = workspace.work_dir if producer.inline else str(producer.project_dir)
    script = subprocess.run(
        [sys.executable, str(example / "service_env.py"), "--stack", "dev", "--cwd", project_dir],
        env={**os.environ, **producer.env},
        check=True,
        capture_output=True,
        text=True,
    )
    lines = dict(line.split("=", 1) for line in script.stdout.splitlines())
    assert lines == expected_env

    consumer.destroy()
    producer.destroy()
    assert_nothing_left(emulator)


def test_from_amp_yaml(tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path) -> None:
    example = EXAMPLES / "from-amp-yaml"
    source = (example / "amp.yaml").read_text()
    manifest = load_manifest(source)
    # The project used `amp deploy` so far: every integration already exists.
    deploy_amp_yaml(emulator, source)
    before = integrations(emulator)
    migrated = stack(example, tmp_path, emulator, pulumi_bin, config={"adopt": "true"})
    migrated.up()
    outputs = migrated.outputs()

    after = integrations(emulator)
    assert set(outputs["integration_ids"]) == set(manifest) == set(after)
    for name in manifest:
        assert outputs["integration_ids"][name] == before[name]["id"]  # adopted, not recreated
        assert outputs["revision_ids"][name] == after[name]["latestRevision"]["id"]
    for name in ("salesforce-crm", "salesforce-proxy"):
        # Unchanged content: adopted without a new revision.
        assert after[name]["latestRevision"]["id"] == before[name]["latestRevision"]["id"]
        assert live_canonical(after[name]) == canonical_integration(manifest[name])
    # The one edit made in Python: a new revision, with only that schedule changed.
    hubspot = after["hubspot-contacts"]
    assert hubspot["latestRevision"]["id"] != before["hubspot-contacts"]["latestRevision"]["id"]
    expected = yaml.safe_load(source)["integrations"][1]
    expected["read"]["objects"][0]["schedule"] = "*/15 * * * *"
    assert live_canonical(hubspot) == canonical_integration(
        IntegrationArgs.model_validate(expected)
    )
    migrated.preview(expect_no_changes=True)

    migrated.destroy()
    assert_nothing_left(emulator)
