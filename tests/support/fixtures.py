"""Fixtures of the tiers that run the real CLI (e2e, reliability): import them in a conftest.

The emulator on loopback with the tests' API key, and a throwaway ``Project`` (a file backend
in the test's tmp dir) against it; the CLI is the shared ``pulumi_bin`` of tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_ampersand.emulator import EmulatorServer
from tests.support.stacks import API_KEY, Project

__all__ = ["emulator", "project"]


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=API_KEY) as server:
        yield server


@pytest.fixture
def project(tmp_path: Path, pulumi_bin: Path, emulator: EmulatorServer) -> Iterator[Project]:
    proj = Project(tmp_path, pulumi_bin, emulator)
    yield proj
