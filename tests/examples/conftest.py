"""Fixtures of the example tests: the real pulumi CLI, and the emulator on loopback.

Deploying tests are marked ``e2e`` (``make test-fast`` skips them); like tests/e2e they never
skip for want of a CLI: they fail and say why.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_ampersand.emulator import EmulatorServer
from tests.examples.helpers import API_KEY
from tests.support.checkout import Distributions


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=API_KEY) as server:
        yield server


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory, distributions: Distributions) -> Path:
    """A directory holding this checkout's release wheel, for ``PIP_FIND_LINKS``."""
    wheels = tmp_path_factory.mktemp("wheelhouse")
    shutil.copy2(distributions.wheel, wheels)
    return wheels
