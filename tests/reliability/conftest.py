"""Reliability fixtures: the end-to-end ones (file backend, emulator on loopback; the CLI is
the shared `pulumi_bin` of tests/conftest.py).

Tests that run the CLI are marked ``e2e`` (``make test-fast`` skips them), like tests/e2e.
"""

from __future__ import annotations

import pytest

from tests.support.fixtures import emulator, project

__all__ = ["emulator", "project"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.fspath) and "project" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.e2e)
