"""Run an example's README the way its reader would: the commands of its "Deploy it" block.

The example's directory is copied outside the repository first, so the only pulumi-ampersand
its virtualenv can get is the wheel that ``PIP_FIND_LINKS`` serves, as a package index would.
The language host creates that virtualenv (the ``virtualenv`` option of its Pulumi.yaml) and
installs its requirements file on the first ``pulumi`` command that runs the program.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^## Deploy it\n.*?^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
PLACEHOLDER = re.compile(r"<[A-Za-z][\w .]*>")


def deploy_commands(readme: Path) -> list[str]:
    """The lines of the first ``sh`` block under the README's "## Deploy it" heading."""
    found = BLOCK.search(readme.read_text())
    assert found, f"{readme} has no '## Deploy it' section with a sh block"
    return [line for line in found.group(1).splitlines() if line.strip()]


def user_env(bin_dir: Path, state_dir: Path, wheelhouse: Path, **extra: str) -> dict[str, str]:
    """A shell of a user logged in to a file backend, with the Pulumi CLI on PATH."""
    backend = state_dir / "backend"
    backend.mkdir(parents=True, exist_ok=True)
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AMP_", "PULUMI_", "PIP_")) and key != "VIRTUAL_ENV"
    }
    return {
        **base,
        "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), base["PATH"]]),
        "PULUMI_BACKEND_URL": f"file://{backend}",
        "PULUMI_CONFIG_PASSPHRASE": "readme-passphrase",
        "PULUMI_HOME": str(state_dir / "home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        **extra,
    }


class ReadmeSession:
    """The README's commands, run one by one in a copy of the example, in one shell's cwd."""

    def __init__(
        self,
        example: Path,
        workdir: Path,
        env: Mapping[str, str],
        placeholders: Mapping[str, str],
    ) -> None:
        self.dir = workdir / example.name
        shutil.copytree(example, self.dir, ignore=shutil.ignore_patterns("venv", "Pulumi.*.yaml"))
        self.env = dict(env)
        self.cwd = self.dir
        self.pending = [
            self._fill(line, placeholders) for line in deploy_commands(example / "README.md")
        ]
        self.transcript: list[str] = []

    @staticmethod
    def _fill(line: str, placeholders: Mapping[str, str]) -> str:
        for placeholder, value in placeholders.items():
            line = line.replace(placeholder, value)
        left = PLACEHOLDER.findall(line.split("#", 1)[0])
        assert not left, f"no value for {left} in: {line}"
        return line

    def run_through(self, last: Callable[[str], bool] | str) -> list[str]:
        """Run commands up to and including the first that ``last`` matches (or starts with)."""
        matches = last if callable(last) else (lambda command: command.startswith(last))
        ran: list[str] = []
        while self.pending:
            command = self.pending.pop(0)
            self._run(command)
            ran.append(command)
            if matches(command):
                return ran
        raise AssertionError(f"no command matched {last!r}; ran {ran}")

    def run_rest(self) -> list[str]:
        return self.run_through(lambda _: not self.pending)

    def _run(self, command: str) -> None:
        marker = self.dir.parent / ".readme-cwd"
        script = f'cd "{self.cwd}" && {command}\nstatus=$?\npwd > "{marker}"\nexit $status\n'
        done = subprocess.run(
            ["bash", "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.transcript.append(f"$ {command}\n{done.stdout}{done.stderr}")
        assert done.returncode == 0, "\n".join(self.transcript[-3:])
        self.cwd = Path(marker.read_text().strip())

    def output(self, *args: str) -> str:
        """``pulumi stack output`` (or another read-only command) in the current directory."""
        done = subprocess.run(
            ["pulumi", *args], cwd=self.cwd, env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout
