"""Shared test setup: the pulumi CLI found, the distributions built once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.checkout import Distributions, build_distributions


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    """The real pulumi CLI's directory. Tests that need it never skip: they fail and say why."""
    from tests.support.devstack import pulumi_bin_dir  # imports the Automation API

    try:
        return pulumi_bin_dir()
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        pytest.fail(f"no Pulumi CLI for the tests that run it (scripts/install-pulumi): {detail}")


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    """This checkout's sdist and wheels (tests/dist checks them; tests/examples installs one)."""
    return build_distributions(tmp_path_factory.mktemp("dist"))
