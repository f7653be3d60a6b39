"""Reliability fixtures: the end-to-end ones (real CLI, file backend, emulator on loopback).

Tests that run the CLI are marked ``e2e`` (``make test-fast`` skips them), like tests/e2e.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import emulator, project, pulumi_bin

__all__ = ["emulator", "project", "pulumi_bin"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.fspath) and "project" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.e2e)
