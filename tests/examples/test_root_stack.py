"""The repository root is a Pulumi project: its README's "Deploy it" commands, run as they are
written on a copy of the checkout (its tracked files only, as a fresh clone has them), deploy
the quickstart through the real CLI and language host, which makes ``.venv`` itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pulumi_ampersand.emulator import EmulatorServer
from tests.examples.helpers import (
    API_KEY,
    PROJECT,
    assert_nothing_left,
    connect,
    installations,
    integrations,
)
from tests.examples.readme import ReadmeSession, user_env
from tests.support.checkout import copy_checkout

pytestmark = pytest.mark.e2e


def test_readme_commands_at_the_root_deploy_the_quickstart(
    tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path, wheelhouse: Path
) -> None:
    connect(emulator, "org-acme")
    clone = copy_checkout(tmp_path / "clone" / "pulumi-ampersand")
    assert not (clone / ".venv").exists()
    session = ReadmeSession(
        clone,
        tmp_path / "work",
        user_env(pulumi_bin, tmp_path / "state", wheelhouse),
        {
            "<API URL>": emulator.url,
            "<your API key>": API_KEY,
            "<project id or name>": PROJECT,
        },
    )
    session.run_through("pulumi up")
    assert (session.dir / ".venv" / "bin" / "python").exists()  # made by the language host
    produced = json.loads(session.output("stack", "output", "--json", "--show-secrets"))
    assert produced["integration_id"] == integrations(emulator)["crm-sync"]["id"]
    [installation] = installations(emulator)
    assert installation["id"] == produced["installation_id"]

    assert session.run_rest() == ["pulumi preview --expect-no-changes", "pulumi destroy --yes"]
    assert_nothing_left(emulator)
