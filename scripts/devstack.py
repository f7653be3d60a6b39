#!/usr/bin/env python3
"""Run a Pulumi project of this repository through the real ``pulumi`` CLI, fully offline.

Every run uses its own file backend, ``PULUMI_HOME`` and passphrase under ``--state-dir``, so it
never touches the user's own Pulumi login or home. The CLI comes from ``scripts/install-pulumi``.

Where the CLI has the Python language host next to it (any normal Pulumi install), the project
runs as a normal Pulumi program. Where it does not (a CLI built here from Go modules, when the
module proxy refuses the language host), the same ``__main__.py`` runs as an Automation API
inline program: the SDK's in-process language server stands in for the host, and everything
else (the engine, the dynamic-provider plugin process, state, secrets) is the real thing.

    python scripts/devstack.py up examples/quickstart --state-dir .demo \
        --config ampersand:apiUrl=http://127.0.0.1:8080/v1
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "pulumi-ampersand-local"


def pulumi_bin_dir() -> Path:
    """The directory holding ``pulumi`` (``$PULUMI_AMPERSAND_BIN``, else scripts/install-pulumi)."""
    configured = os.environ.get("PULUMI_AMPERSAND_BIN")
    if configured:
        return Path(configured)
    result = subprocess.run(
        [str(ROOT / "scripts" / "install-pulumi")], check=True, capture_output=True, text=True
    )
    return Path(result.stdout.strip().splitlines()[-1])


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
        settings = yaml.safe_load((self.project_dir / "Pulumi.yaml").read_text())
        self.project_name: str = settings["name"]
        self.program_dir = (self.project_dir / settings.get("main", ".")).resolve()
        for sub in ("backend", "home", "workspace"):
            (self.state_dir / sub).mkdir(parents=True, exist_ok=True)
        self.env = {
            "PULUMI_BACKEND_URL": f"file://{self.state_dir / 'backend'}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_HOME": str(self.state_dir / "home"),
            "PULUMI_PYTHON_CMD": sys.executable,
            "PATH": os.pathsep.join(
                [str(Path(sys.executable).parent), str(self.bin_dir), os.environ.get("PATH", "")]
            ),
            **(env or {}),
        }
        self.stack = self._select(stack)
        for key, value in (config or {}).items():
            self.stack.set_config(key, auto.ConfigValue(value))
        for key, value in (secrets or {}).items():
            self.stack.set_config(key, auto.ConfigValue(value, secret=True))

    @property
    def inline(self) -> bool:
        """True when the program runs in-process (no language host next to the CLI)."""
        return not (self.bin_dir / "pulumi-language-python").exists()

    def _select(self, stack: str) -> auto.Stack:
        command = auto.PulumiCommand(root=str(self.bin_dir.parent), skip_version_check=True)
        if not self.inline:
            return auto.create_or_select_stack(
                stack,
                work_dir=str(self.project_dir),
                opts=auto.LocalWorkspaceOptions(
                    env_vars=self.env, pulumi_home=self.env["PULUMI_HOME"], pulumi_command=command
                ),
            )
        return auto.create_or_select_stack(
            stack,
            project_name=self.project_name,
            program=self._program(),
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(self.state_dir / "workspace"),
                env_vars=self.env,
                pulumi_home=self.env["PULUMI_HOME"],
                pulumi_command=command,
                project_settings=auto.ProjectSettings(name=self.project_name, runtime="python"),
            ),
        )

    def _program(self) -> Callable[[], None]:
        main = self.program_dir / "__main__.py"
        program_dir = str(self.program_dir)

        def run() -> None:
            sys.path.insert(0, program_dir)
            try:
                runpy.run_path(str(main), run_name="__main__")
            finally:
                sys.path.remove(program_dir)

        return run

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

    def export(self) -> dict[str, Any]:
        """The stack's deployment as ``pulumi stack export`` prints it (secrets encrypted)."""
        workspace = self.stack.workspace
        assert isinstance(workspace, auto.LocalWorkspace)
        result = subprocess.run(
            [str(self.bin_dir / "pulumi"), "stack", "export", "--stack", self.stack.name],
            cwd=workspace.work_dir,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pulumi stack export failed: {result.stderr.strip()}")
        deployment: dict[str, Any] = json.loads(result.stdout).get("deployment", {})
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
