"""Every example of examples/ deployed, checked and destroyed against the emulator.

Each test copies the example outside the repository and runs its README's "Deploy it" commands
through the real pulumi CLI and Python language host (tests/examples/readme.py), with this
checkout's wheel served as a package index would serve it; an example whose README stops
working fails here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pulumi_ampersand.emulator import EmulatorServer
from pulumi_ampersand.models import IntegrationArgs, canonical_integration, load_manifest
from tests.examples.helpers import (
    API_KEY,
    EXAMPLES,
    PROJECT,
    assert_nothing_left,
    connect,
    connections,
    deploy_amp_yaml,
    installations,
    integrations,
)
from tests.examples.readme import ReadmeSession, user_env

pytestmark = pytest.mark.e2e

PLACEHOLDERS = {
    "<your API key>": API_KEY,
    "<project id or name>": PROJECT,
    "<org>": "organization",  # a self-managed backend's organization
}


@pytest.fixture
def readme(
    tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path, wheelhouse: Path
) -> Callable[[str], ReadmeSession]:
    env = user_env(pulumi_bin, tmp_path / "state", wheelhouse, AMP_API_URL=emulator.url)

    def open_readme(example: str) -> ReadmeSession:
        return ReadmeSession(EXAMPLES / example, tmp_path / "work", env, PLACEHOLDERS)

    return open_readme


def outputs(session: ReadmeSession) -> dict:
    return json.loads(session.output("stack", "output", "--json", "--show-secrets"))


def live_canonical(integration: dict) -> dict:
    content = integration["latestRevision"]["content"]
    return canonical_integration(IntegrationArgs.model_validate(content))


def test_quickstart(readme: Callable[[str], ReadmeSession], emulator: EmulatorServer) -> None:
    connect(emulator, "org-acme")
    session = readme("quickstart")
    session.run_through("pulumi up")
    produced = outputs(session)

    live = integrations(emulator)["crm-sync"]
    assert produced["integration_id"] == live["id"]
    assert produced["revision_id"] == live["latestRevision"]["id"]
    assert set(live["latestRevision"]["content"]) >= {"read", "write", "subscribe"}
    [installation] = installations(emulator)
    assert installation["id"] == produced["installation_id"]
    assert installation["group"]["groupRef"] == "org-acme"
    assert installation["config"]["revisionId"] == produced["revision_id"]
    assert installation["connection"]["id"] == produced["connection_id"]
    assert (session.dir / "venv" / "bin" / "python").exists()  # made by the language host

    assert session.run_rest() == ["pulumi preview --expect-no-changes", "pulumi destroy --yes"]
    assert_nothing_left(emulator)
    # The last installation using a connection takes it along (see docs/resources.md).
    assert connections(emulator) == []


def test_per_group_installations(
    readme: Callable[[str], ReadmeSession], emulator: EmulatorServer
) -> None:
    connect(emulator, "org-a", "org-b", "org-c")
    session = readme("per-group-installations")
    session.run_through("pulumi up")
    first = outputs(session)["installation_ids"]
    assert set(first) == {"org-a", "org-b"}
    live = {i["group"]["groupRef"]: i for i in installations(emulator)}
    assert {group: i["id"] for group, i in live.items()} == first
    account = live["org-b"]["config"]["content"]["read"]["objects"]["account"]
    assert account["schedule"] == "*/30 * * * *"

    # The map form: org-b leaves, org-c joins with its own schedule.
    session.run_through("pulumi up")
    second = outputs(session)["installation_ids"]
    assert set(second) == {"org-a", "org-c"}
    assert second["org-a"] == first["org-a"]  # untouched
    live = {i["group"]["groupRef"]: i for i in installations(emulator)}
    assert set(live) == {"org-a", "org-c"}
    assert live["org-c"]["config"]["content"]["read"]["objects"]["account"]["schedule"] == (
        "0 */6 * * *"
    )

    session.run_rest()
    assert_nothing_left(emulator)


def test_outputs_to_services(
    readme: Callable[[str], ReadmeSession], emulator: EmulatorServer
) -> None:
    connect(emulator, "org-a", "org-b")
    session = readme("outputs-to-services")
    session.run_through("pulumi up")
    produced = outputs(session)
    assert set(produced["installation_ids"]) == {"org-a", "org-b"}
    assert produced["integration_id"] == integrations(emulator)["crm-sync"]["id"]

    # Another stack, through a StackReference.
    session.run_through("pulumi up")
    expected_env = {
        "AMPERSAND_INTEGRATION_ID": produced["integration_id"],
        "AMPERSAND_REVISION_ID": produced["revision_id"],
        "AMPERSAND_INSTALLATION_ID_ORG_A": produced["installation_ids"]["org-a"],
        "AMPERSAND_INSTALLATION_ID_ORG_B": produced["installation_ids"]["org-b"],
    }
    consumed = outputs(session)
    assert consumed["service_env"] == expected_env
    assert consumed["installation_count"] == 2

    # A plain script, through `pulumi stack output --json`.
    session.run_through(lambda command: "service_env.py" in command)
    lines = (session.dir / "service.env").read_text().splitlines()
    assert dict(line.split("=", 1) for line in lines) == expected_env

    session.run_rest()
    assert_nothing_left(emulator)


def test_from_amp_yaml(readme: Callable[[str], ReadmeSession], emulator: EmulatorServer) -> None:
    example = EXAMPLES / "from-amp-yaml"
    source = (example / "amp.yaml").read_text()
    manifest = load_manifest(source)
    # The project used `amp deploy` so far: every integration already exists.
    deploy_amp_yaml(emulator, source)
    before = integrations(emulator)
    session = readme("from-amp-yaml")
    session.run_through("pulumi up")
    produced = outputs(session)

    after = integrations(emulator)
    assert set(produced["integration_ids"]) == set(manifest) == set(after)
    for name in manifest:
        assert produced["integration_ids"][name] == before[name]["id"]  # adopted, not recreated
        assert produced["revision_ids"][name] == after[name]["latestRevision"]["id"]
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

    session.run_rest()
    assert_nothing_left(emulator)
