"""Fixtures of the example tests: the real pulumi CLI, and the emulator on loopback.

Deploying tests are marked ``e2e`` (``make test-fast`` skips them); like tests/e2e they never
skip for want of a CLI: they fail and say why.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_ampersand.emulator import EmulatorServer
from tests.examples.helpers import API_KEY


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=API_KEY) as server:
        yield server
