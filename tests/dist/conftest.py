"""Fixtures of the distribution tests: the sdist and wheels, built once, and a fresh virtualenv.

Everything is built from a copy of the checkout's files that git knows (tracked, or untracked
and not ignored), so neither a stale ``build/`` directory nor an ``egg-info`` of the editable
install leaks into a wheel, and the checkout itself is left untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT


@dataclass(frozen=True)
class Distributions:
    """One build of the project."""

    sdist: Path
    wheel: Path
    """Built from the sdist, as ``python -m build`` does by default (and so the release)."""
    tree_wheel: Path
    """Built straight from the source tree."""


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


def run(command: list[str], cwd: Path) -> str:
    """Run ``command``; return its stdout, or fail the test with its output."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def tracked_files() -> list[str]:
    """The checkout's files that git knows of, relative to the repository root."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT
    ).split("\0")
    return [name for name in listed if name and (ROOT / name).is_file()]


def wheel_contents(wheel: Path) -> dict[str, bytes]:
    """Each file of ``wheel`` with its bytes."""
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def only(directory: Path, pattern: str) -> Path:
    """The one file in ``directory`` matching ``pattern``."""
    found = sorted(directory.glob(pattern))
    assert len(found) == 1, f"{directory}: expected one {pattern}, found {found}"
    return found[0]


def build(source: Path, outdir: Path, *flags: str) -> None:
    run([sys.executable, "-m", "build", *flags, "--outdir", str(outdir), str(source)], cwd=source)


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    base = tmp_path_factory.mktemp("dist")
    source = base / "source"
    for name in tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    build(source, base / "release")  # the sdist, then a wheel from the unpacked sdist
    build(source, base / "tree", "--wheel")
    return Distributions(
        sdist=only(base / "release", "*.tar.gz"),
        wheel=only(base / "release", "*.whl"),
        tree_wheel=only(base / "tree", "*.whl"),
    )


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
