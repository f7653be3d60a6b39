"""The in-process emulator the provider tests run against (no sockets)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.providers import InProcessEmulator


@pytest.fixture
def emulator() -> Iterator[InProcessEmulator]:
    with InProcessEmulator() as api:
        yield api
