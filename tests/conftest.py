"""Shared test setup: scripts/ (devstack) importable, shared/ located, the pulumi CLI found."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    """The real pulumi CLI's directory. Tests that need it never skip: they fail and say why."""
    from devstack import pulumi_bin_dir

    try:
        return pulumi_bin_dir()
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        pytest.fail(f"no Pulumi CLI for the tests that run it (scripts/install-pulumi): {detail}")
