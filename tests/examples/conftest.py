"""Fixtures of the example tests: the real pulumi CLI, and the emulator on loopback.

Deploying tests are marked ``e2e`` (``make test-fast`` skips them); like tests/e2e they never
skip for want of a CLI: they fail and say why.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from devstack import pulumi_bin_dir

from pulumi_ampersand.emulator import EmulatorServer
from tests.examples.helpers import API_KEY


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    try:
        return pulumi_bin_dir()
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        pytest.fail(f"no Pulumi CLI for the example tests (scripts/install-pulumi): {detail}")


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=API_KEY) as server:
        yield server
