"""A user's type checkers on programs that use the package: pyright and ``mypy --strict``.

The package is installed the way users install it: ``pip install`` of the checkout (a regular,
non-editable wheel) into a fresh virtualenv, with ``mypy`` and ``pulumi``, and the programs are
checked from a directory with no configuration file, so no project setting (and no pydantic
mypy plugin) helps. pyright comes from npm at a pinned version, installed into a cache
directory on first use, and reads the same virtualenv.

``programs/accepted.py`` must pass both checkers. Above each statement of
``programs/rejected.py``, ``# expected by mypy: <fragment>`` and ``# expected by pyright:
<fragment>`` comments quote what each checker must report on that statement's line; neither
may report an error anywhere else.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.support.checkout import ROOT

pytestmark = pytest.mark.e2e  # minutes on a cold cache: not part of `make test-fast`

PROGRAMS = Path(__file__).parent / "programs"
PYRIGHT_VERSION = "1.1.414"
PYRIGHT_HOME = Path.home() / ".cache" / "pulumi-ampersand" / f"pyright-{PYRIGHT_VERSION}"
EXPECTATION = re.compile(r"# expected by (mypy|pyright): (.+)")


@dataclass(frozen=True)
class Report:
    """One error a checker reported."""

    line: int
    message: str


@dataclass(frozen=True)
class Checkers:
    workdir: Path
    python: Path
    pyright: Path

    def mypy(self, program: str) -> list[Report]:
        result = self._run([str(self.python), "-m", "mypy", "--strict", program])
        found = re.findall(rf"^{re.escape(program)}:(\d+): error: (.*)$", result, re.M)
        return [Report(int(line), message) for line, message in found]

    def pyright_errors(self, program: str) -> list[Report]:
        output = self._run(
            [str(self.pyright), "--outputjson", "--pythonpath", str(self.python), program]
        )
        diagnostics = json.loads(output)["generalDiagnostics"]
        return [
            Report(d["range"]["start"]["line"] + 1, d["message"])
            for d in diagnostics
            if d["severity"] == "error"
        ]

    def _run(self, command: list[str]) -> str:
        result = subprocess.run(
            command, cwd=self.workdir, capture_output=True, text=True, timeout=600
        )
        assert "error" in result.stdout or result.returncode == 0, result.stdout + result.stderr
        return result.stdout


@pytest.fixture(scope="module")
def checkers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Checkers]:
    base = tmp_path_factory.mktemp("typing")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            str(ROOT),  # a wheel built from the checkout: not editable
            f"mypy=={version('mypy')}",
        ],
        check=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    workdir = base / "programs"
    shutil.copytree(PROGRAMS, workdir)  # away from the checkout and its pyproject.toml
    yield Checkers(workdir, python, _pyright())


def _pyright() -> Path:
    binary = PYRIGHT_HOME / "node_modules" / ".bin" / "pyright"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(PYRIGHT_HOME), f"pyright@{PYRIGHT_VERSION}"],
            check=True,
            capture_output=True,
        )
    return binary


def expectations(program: str, checker: str) -> dict[int, str]:
    """``{line: fragment}``: ``# expected by <checker>: ...`` quotes the next statement's."""
    found: dict[int, str] = {}
    pending: str | None = None
    lines = (PROGRAMS / program).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        match = EXPECTATION.fullmatch(line.strip())
        if match:
            pending = match[2] if match[1] == checker else pending
        elif pending is not None and line.strip():
            found[number], pending = pending, None
    return found


def test_the_installed_package_is_not_the_checkout(checkers: Checkers) -> None:
    location = subprocess.run(
        [str(checkers.python), "-c", "import pulumi_ampersand; print(pulumi_ampersand.__file__)"],
        cwd=checkers.workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(location).is_relative_to(checkers.python.parent.parent), location
    assert (Path(location).parent / "py.typed").exists()


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_outputs_args_and_dicts_in_every_field_type_check(checkers: Checkers, checker: str) -> None:
    run = checkers.mypy if checker == "mypy" else checkers.pyright_errors
    assert run("accepted.py") == []


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_each_mistake_is_reported_on_its_line(checkers: Checkers, checker: str) -> None:
    run = checkers.mypy if checker == "mypy" else checkers.pyright_errors
    expected = expectations("rejected.py", checker)
    assert len(expected) >= 3
    reports = run("rejected.py")
    for line, fragment in expected.items():
        messages = [report.message for report in reports if report.line == line]
        assert any(fragment in message for message in messages), (line, fragment, messages)
    assert {report.line for report in reports} == set(expected), reports
