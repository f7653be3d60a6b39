"""This checkout as a user or a package index sees it: the files git knows, and the
distributions built from a copy of them.

Everything is copied from the files git knows (tracked, or untracked and not ignored), so
neither a stale ``build/`` directory nor an ``egg-info`` of the editable install leaks into a
copy or a wheel, and the checkout itself is left untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
"""The reference material next to the checkout (``../shared``)."""


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


def copy_checkout(destination: Path) -> Path:
    """The files of a fresh clone of this checkout (with what is not yet committed, no .git)."""
    for name in tracked_files():
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    return destination


@dataclass(frozen=True)
class Distributions:
    """One build of the project."""

    sdist: Path
    wheel: Path
    """Built from the sdist, as ``python -m build`` does by default (and so the release)."""
    tree_wheel: Path
    """Built straight from the source tree."""


def build_distributions(base: Path) -> Distributions:
    """The sdist and both wheels, built under ``base`` from a copy of the checkout."""
    source = copy_checkout(base / "source")
    _build(source, base / "release")  # the sdist, then a wheel from the unpacked sdist
    _build(source, base / "tree", "--wheel")
    return Distributions(
        sdist=only(base / "release", "*.tar.gz"),
        wheel=only(base / "release", "*.whl"),
        tree_wheel=only(base / "tree", "*.whl"),
    )


def _build(source: Path, outdir: Path, *flags: str) -> None:
    run([sys.executable, "-m", "build", *flags, "--outdir", str(outdir), str(source)], cwd=source)


def only(directory: Path, pattern: str) -> Path:
    """The one file in ``directory`` matching ``pattern``."""
    found = sorted(directory.glob(pattern))
    assert len(found) == 1, f"{directory}: expected one {pattern}, found {found}"
    return found[0]
