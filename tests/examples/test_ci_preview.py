"""examples/ci-preview: the workflow file parses and says what it should, and the shell script
runs its steps in order against the emulator, through the real engine.

GitHub Actions cannot run here. The workflow is checked as YAML; ci-preview.sh runs for real,
with ``pulumi`` on PATH a shim (pulumi_shim.py) that runs the same commands through
scripts/devstack, because the CLI built here has no Python language host.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_ampersand.emulator import EmulatorServer
from tests.examples.helpers import API_KEY, EXAMPLES, PROJECT, assert_nothing_left, integrations

EXAMPLE = EXAMPLES / "ci-preview"
SCRIPT = EXAMPLE / "ci-preview.sh"
WORKFLOW = EXAMPLE / "pulumi-preview.yml"
ALLOWED_URL_HOSTS = {"127.0.0.1"}


def load_workflow() -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return workflow


def commands(text: str) -> set[str]:
    """The ``pulumi`` commands of workflow steps or the script (its ``run`` adds ``--cwd`` and
    ``--non-interactive``), each as the subcommand and its sorted flags, without those two."""
    found = set()
    for line in text.splitlines():
        match = re.match(r"^(?:run|pulumi) (stack select|preview|up)\b(.*)$", line.strip())
        if match:
            flags = set(re.findall(r"--[a-z-]+", match.group(2))) - {"--cwd", "--non-interactive"}
            found.add(" ".join([match.group(1), *sorted(flags)]))
    return found


def test_workflow_previews_pull_requests_and_checks_main_after_deploy() -> None:
    workflow = load_workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "pull_request" in jobs["preview"]["if"] and "push" in jobs["deploy"]["if"]

    def runs(job: str) -> list[str]:
        return [step["run"] for step in jobs[job]["steps"] if "run" in step]

    preview_runs, deploy_runs = runs("preview"), runs("deploy")
    assert any("pulumi preview --diff" in run for run in preview_runs)
    # A pull request deploys only to the emulator of a fork.
    for step in jobs["preview"]["steps"]:
        if "pulumi up" in step.get("run", ""):
            assert step["if"] == "env.USING_EMULATOR == 'true'"
    up = next(i for i, run in enumerate(deploy_runs) if "pulumi up --yes" in run)
    check = next(i for i, run in enumerate(deploy_runs) if "--expect-no-changes" in run)
    assert up < check  # --expect-no-changes on main, after the deploy

    # Forks: no secrets, so the emulator starts (in the background) and the stack is local.
    [emulator_step] = [
        s for s in jobs["preview"]["steps"] if "Start the Ampersand" in s.get("name", "")
    ]
    assert emulator_step["if"] == "env.AMP_API_KEY == ''"
    assert "python -m pulumi_ampersand.emulator --port 8080" in emulator_step["run"]
    assert re.search(r"--port 8080 .*&\s*$", emulator_step["run"], re.MULTILINE)
    assert "PULUMI_BACKEND_URL=file://" in emulator_step["run"]
    assert workflow["env"]["AMP_API_KEY"] == "${{ secrets.AMP_API_KEY }}"
    # Each step that runs the project runs in its directory, which exists.
    for job in jobs.values():
        for step in job["steps"]:
            if "pulumi " in step.get("run", "") and "Start the" not in step.get("name", ""):
                assert step["working-directory"] == "${{ env.PROJECT_DIR }}"
    assert (EXAMPLES.parent / workflow["env"]["PROJECT_DIR"] / "Pulumi.yaml").exists()


def test_workflow_and_script_run_the_same_pulumi_commands() -> None:
    workflow = load_workflow()
    runs = "\n".join(
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    )
    assert commands(runs) == commands(SCRIPT.read_text())
    assert commands(runs) >= {
        "stack select",
        "stack select --create",
        "preview --diff --stack",
        "preview --diff --expect-no-changes --stack",
        "up --stack --yes",
    }


@pytest.mark.parametrize("path", [WORKFLOW, SCRIPT, EXAMPLE / "README.md"], ids=lambda p: p.name)
def test_no_urls_but_loopback(path: Path) -> None:
    """Nothing is fetched from a named host: installs go through the runner's own clients."""
    hosts = set(re.findall(r"https?://([^/\s:\"']+)", path.read_text()))
    assert hosts <= ALLOWED_URL_HOSTS


# -- the shell script, for real ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run_script(
    tmp_path: Path, mode: str, project_dir: Path, **env: str
) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir(exist_ok=True)
    shim = shim_dir / "pulumi"
    shim.write_text(
        f'#!/bin/sh\nexec {sys.executable} {Path(__file__).parent / "pulumi_shim.py"} "$@"\n'
    )
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "pulumi-calls.jsonl"
    log.unlink(missing_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AMP_", "PULUMI_BACKEND"))}
    result = subprocess.run(
        ["bash", str(SCRIPT), mode, str(project_dir)],
        env={
            **base,
            "PATH": os.pathsep.join(
                [str(shim_dir), str(Path(sys.executable).parent), base["PATH"]]
            ),
            "PULUMI_SHIM_LOG": str(log),
            "PULUMI_SHIM_STATE": str(tmp_path / "shim-state"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=240,
    )
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return result, calls


def steps(calls: list[list[str]]) -> list[str]:
    """Each call without the options every call has."""
    return [
        " ".join(a for a in call if a not in ("--non-interactive",) and "/" not in a)
        for call in calls
    ]


@pytest.mark.e2e
def test_script_on_a_fork_without_secrets_uses_the_emulator(tmp_path: Path) -> None:
    port = free_port()
    result, calls = run_script(tmp_path, "pr", EXAMPLE, EMULATOR_PORT=str(port))
    assert result.returncode == 0, result.stderr
    assert "using a local Ampersand emulator" in result.stderr
    assert steps(calls) == [
        "stack select --create ci-emulator --cwd",
        "preview --diff --stack ci-emulator --cwd",
        "up --yes --stack ci-emulator --cwd",
        "preview --diff --expect-no-changes --stack ci-emulator --cwd",
    ]
    with socket.socket() as sock:  # the script stopped its emulator on exit
        sock.bind(("127.0.0.1", port))


@pytest.mark.e2e
def test_script_on_a_fork_fails_on_an_invalid_program(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    main = project / "__main__.py"
    main.write_text(main.read_text().replace('schedule="*/30 * * * *"', 'schedule="*/5 * * * *"'))
    port = free_port()
    result, calls = run_script(tmp_path, "pr", project, EMULATOR_PORT=str(port))
    assert result.returncode != 0
    assert "read.objects[0].schedule" in result.stderr
    assert steps(calls)[-1] == "preview --diff --stack ci-emulator --cwd"  # stopped there
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


@pytest.mark.e2e
def test_script_with_secrets_previews_on_pull_requests_and_converges_on_main(
    tmp_path: Path,
) -> None:
    backend = tmp_path / "backend"
    backend.mkdir()
    env = {
        "AMP_API_KEY": API_KEY,
        "AMP_PROJECT_ID": PROJECT,
        "PULUMI_BACKEND_URL": f"file://{backend}",
        "PULUMI_CONFIG_PASSPHRASE": "ci",
        "PULUMI_STACK": "prod",
    }
    with EmulatorServer(api_key=API_KEY, auto_connections=True) as ampersand:
        env["AMP_API_URL"] = ampersand.url
        result, calls = run_script(tmp_path, "pr", EXAMPLE, **env)
        # `stack select` without --create: the real stack must exist already.
        assert result.returncode != 0
        assert steps(calls) == ["stack select prod --cwd"]

        result, calls = run_script(tmp_path, "main", EXAMPLE, **env)
        assert result.returncode != 0  # same on main: a missing stack is an error, not a new one
        (tmp_path / "shim-state" / "prod" / "workspace").mkdir(parents=True)  # `stack init prod`

        result, calls = run_script(tmp_path, "pr", EXAMPLE, **env)
        assert result.returncode == 0, result.stderr
        assert steps(calls) == ["stack select prod --cwd", "preview --diff --stack prod --cwd"]
        assert integrations(ampersand) == {}  # a preview changes nothing

        result, calls = run_script(tmp_path, "main", EXAMPLE, **env)
        assert result.returncode == 0, result.stderr
        assert steps(calls) == [
            "stack select prod --cwd",
            "up --yes --stack prod --cwd",
            "preview --diff --expect-no-changes --stack prod --cwd",
        ]
        assert set(integrations(ampersand)) == {"crm-sync"}
        assert "emulator" not in result.stderr

        # Clean up the way an operator would: `pulumi destroy --yes` on the same stack.
        shim_env = {**os.environ, **env, "PULUMI_SHIM_LOG": str(tmp_path / "pulumi-calls.jsonl")}
        shim_env["PULUMI_SHIM_STATE"] = str(tmp_path / "shim-state")
        shim = Path(__file__).parent / "pulumi_shim.py"
        subprocess.run(
            [
                sys.executable,
                str(shim),
                "destroy",
                "--yes",
                "--stack",
                "prod",
                "--cwd",
                str(EXAMPLE),
            ],
            env=shim_env,
            check=True,
            capture_output=True,
        )
        assert_nothing_left(ampersand)
