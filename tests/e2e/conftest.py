"""End-to-end fixtures: the real pulumi CLI, a file backend, and the emulator on loopback.

These tests never skip: where no Pulumi CLI can be found or built, they fail and say why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_ampersand.emulator import EmulatorServer
from tests.e2e.helpers import API_KEY, Project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=API_KEY) as server:
        yield server


@pytest.fixture
def project(tmp_path: Path, pulumi_bin: Path, emulator: EmulatorServer) -> Iterator[Project]:
    proj = Project(tmp_path, pulumi_bin, emulator)
    yield proj
