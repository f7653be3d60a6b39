"""End-to-end fixtures: the real pulumi CLI, a file backend, and the emulator on loopback.

These tests never skip: where no Pulumi CLI can be found or built, they fail and say why.
"""

from __future__ import annotations

import pytest

from tests.support.fixtures import emulator, project

__all__ = ["emulator", "project"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
