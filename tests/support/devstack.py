"""Run a Pulumi project of this repository through the real ``pulumi`` CLI, fully offline.

Every run uses its own file backend, ``PULUMI_HOME`` and passphrase under ``--state-dir``, so it
never touches the user's own Pulumi login or home. The CLI and its Python language host come
from ``scripts/install-pulumi``. The project runs as every Pulumi program runs: the CLI starts
the language host, which runs ``__main__.py`` in its own process with the interpreter that
``Pulumi.yaml`` names (its ``virtualenv`` option, else ``python3`` on ``PATH``), and the engine
starts the dynamic-provider process. The Automation API only drives the CLI, with the project
directory as its workspace (``work_dir``), so stack config files land in that directory.

    python -m tests.support.devstack up examples/quickstart --state-dir /tmp/qs \
        --config ampersand:apiUrl=http://127.0.0.1:8080/v1

It lives in tests/support because the tests, the benchmarks and ``scripts/demo.py`` all use
it: everything imports it from here, and nothing in tests/ imports from scripts/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "pulumi-ampersand-local"
LANGUAGE_HOST = "pulumi-language-python"


def pulumi_bin_dir() -> Path:
    """The directory holding ``pulumi`` (``$PULUMI_AMPERSAND_BIN``, else scripts/install-pulumi)."""
    configured = os.environ.get("PULUMI_AMPERSAND_BIN")
    if configured:
        return Path(configured)
    result = subprocess.run(
        [str(ROOT / "scripts" / "install-pulumi")], check=True, capture_output=True, text=True
    )
    return Path(result.stdout.strip().splitlines()[-1])


def cli_env(state_dir: Path, bin_dir: Path) -> dict[str, str]:
    """The environment of every ``pulumi`` command on a private backend under ``state_dir``."""
    for sub in ("backend", "home"):
        (state_dir / sub).mkdir(parents=True, exist_ok=True)
    return {
        "PULUMI_BACKEND_URL": f"file://{state_dir / 'backend'}",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_HOME": str(state_dir / "home"),
        "PATH": os.pathsep.join(
            [str(bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")]
        ),
    }


class DevStack:
    """One stack of one project directory, on a private file backend."""

    def __init__(
        self,
        project_dir: Path | str,
        state_dir: Path | str,
        *,
        stack: str = "dev",
        config: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        bin_dir: Path | None = None,
    ) -> None:
        self.project_dir = Path(project_dir).resolve()
        self.state_dir = Path(state_dir).resolve()
        self.bin_dir = bin_dir or pulumi_bin_dir()
        if not (self.bin_dir / LANGUAGE_HOST).exists():
            raise RuntimeError(
                f"{self.bin_dir} has no {LANGUAGE_HOST}: run scripts/install-pulumi, which "
                "builds it next to the CLI"
            )
        self.env = {**cli_env(self.state_dir, self.bin_dir), **(env or {})}
        command = auto.PulumiCommand(root=str(self.bin_dir.parent), skip_version_check=True)
        self.stack = auto.create_or_select_stack(
            stack,
            work_dir=str(self.project_dir),
            opts=auto.LocalWorkspaceOptions(
                env_vars=self.env, pulumi_home=self.env["PULUMI_HOME"], pulumi_command=command
            ),
        )
        for key, value in (config or {}).items():
            self.stack.set_config(key, auto.ConfigValue(value))
        for key, value in (secrets or {}).items():
            self.stack.set_config(key, auto.ConfigValue(value, secret=True))

    def up(self, **kwargs: Any) -> auto.UpResult:
        return self.stack.up(on_output=_echo, color="never", **kwargs)

    def preview(self, **kwargs: Any) -> auto.PreviewResult:
        return self.stack.preview(on_output=_echo, color="never", **kwargs)

    def refresh(self, **kwargs: Any) -> auto.RefreshResult:
        return self.stack.refresh(on_output=_echo, color="never", **kwargs)

    def destroy(self, **kwargs: Any) -> auto.DestroyResult:
        return self.stack.destroy(on_output=_echo, color="never", **kwargs)

    def outputs(self) -> dict[str, Any]:
        return {key: value.value for key, value in self.stack.outputs().items()}

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A plain ``pulumi`` command on this stack, run in the project directory."""
        result = subprocess.run(
            [str(self.bin_dir / "pulumi"), *args, "--stack", self.stack.name],
            cwd=self.project_dir,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} failed: {result.stderr.strip()}")
        return result

    def export(self) -> dict[str, Any]:
        """The stack's deployment as ``pulumi stack export`` prints it (secrets encrypted)."""
        deployment: dict[str, Any] = json.loads(self.cli("stack", "export").stdout).get(
            "deployment", {}
        )
        return deployment


def _echo(line: str) -> None:
    sys.stderr.write(line if line.endswith("\n") else line + "\n")


def _pairs(items: list[str]) -> dict[str, str]:
    return dict(item.split("=", 1) for item in items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "preview", "refresh", "destroy", "outputs"])
    parser.add_argument("project_dir", type=Path)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--secret", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    stack = DevStack(
        args.project_dir,
        args.state_dir,
        stack=args.stack,
        config=_pairs(args.config),
        secrets=_pairs(args.secret),
    )
    if args.command == "up":
        stack.up()
    elif args.command == "preview":
        stack.preview()
    elif args.command == "refresh":
        stack.refresh()
    elif args.command == "destroy":
        stack.destroy()
    if args.command in ("up", "outputs"):
        print(json.dumps(stack.outputs(), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
