"""Fixtures of the distribution tests: a fresh virtualenv with the wheel installed (the
distributions themselves are built once per session by ``tests/conftest.py``)."""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.checkout import Distributions, run

@dataclass(frozen=True)
class FreshVenv:
    """A virtualenv with only the wheel (and its dependencies) installed."""

    root: Path
    python: Path
    workdir: Path
    """An empty directory outside the checkout, the cwd of every command run in the venv."""

    def run(self, *args: str) -> str:
        """Run ``python -I *args`` in the venv; return its stdout, fail the test if it fails.

        ``-I`` ignores ``PYTHON*`` variables and keeps the cwd off ``sys.path``, so nothing of
        the checkout can be imported by accident.
        """
        return run([str(self.python), "-I", *args], cwd=self.workdir)


def wheel_contents(wheel: Path) -> dict[str, bytes]:
    """Each file of ``wheel`` with its bytes."""
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory, distributions: Distributions) -> FreshVenv:
    root = tmp_path_factory.mktemp("venv")
    workdir = tmp_path_factory.mktemp("elsewhere")
    run([sys.executable, "-m", "venv", str(root)], cwd=workdir)
    venv = FreshVenv(root=root, python=root / "bin" / "python", workdir=workdir)
    venv.run(
        "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(distributions.wheel)
    )
    return venv
