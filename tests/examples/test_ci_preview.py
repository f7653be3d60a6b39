"""examples/ci-preview: the workflow file parses and says what it should, and the shell script
runs its steps in order against the emulator, through the real engine.

GitHub Actions cannot run here. The workflow is checked as YAML; ci-preview.sh runs for real,
as a CI job runs it: on a copy of the example outside the repository, with the real ``pulumi``
CLI and a Python with pulumi-ampersand on PATH (this checkout's wheel, through
``PIP_FIND_LINKS``, for the virtualenv the language host makes).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_ampersand.emulator import EmulatorServer
from tests.examples.helpers import API_KEY, EXAMPLES, PROJECT, assert_nothing_left, integrations
from tests.examples.readme import user_env

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


def copy_project(tmp_path: Path) -> Path:
    """The example, copied outside the repository, as a user's repository would hold it."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("venv", "Pulumi.*.yaml"))
    return project


def run_script(
    env: dict[str, str], mode: str, project_dir: Path
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """ci-preview.sh as a CI job runs it, with the real ``pulumi`` on PATH; the ``pulumi``
    commands it ran, from its ``+ pulumi ...`` trace, without the options every call has."""
    result = subprocess.run(
        ["bash", str(project_dir / "ci-preview.sh"), mode, str(project_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    ran = [
        " ".join(
            word
            for word in line.removeprefix("+ pulumi ").split()
            if word not in ("--non-interactive", "--cwd", str(project_dir))
        )
        for line in result.stderr.splitlines()
        if line.startswith("+ pulumi ")
    ]
    return result, ran


@pytest.fixture
def ci_env(tmp_path: Path, pulumi_bin: Path, wheelhouse: Path) -> dict[str, str]:
    """A CI runner: the Pulumi CLI and a Python with pulumi-ampersand on PATH."""
    return user_env(pulumi_bin, tmp_path / "runner", wheelhouse)


@pytest.mark.e2e
def test_script_on_a_fork_without_secrets_uses_the_emulator(
    tmp_path: Path, ci_env: dict[str, str]
) -> None:
    port = free_port()
    env = {**ci_env, "EMULATOR_PORT": str(port)}
    del env["PULUMI_BACKEND_URL"]  # a fork's job has no backend login either
    result, ran = run_script(env, "pr", copy_project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "using a local Ampersand emulator" in result.stderr
    assert ran == [
        "stack select --create ci-emulator",
        "preview --diff --stack ci-emulator",
        "up --yes --stack ci-emulator",
        "preview --diff --expect-no-changes --stack ci-emulator",
    ]
    with socket.socket() as sock:  # the script stopped its emulator on exit
        sock.bind(("127.0.0.1", port))


@pytest.mark.e2e
def test_script_on_a_fork_fails_on_an_invalid_program(
    tmp_path: Path, ci_env: dict[str, str]
) -> None:
    project = copy_project(tmp_path)
    main = project / "__main__.py"
    main.write_text(main.read_text().replace('schedule="*/30 * * * *"', 'schedule="*/5 * * * *"'))
    port = free_port()
    result, ran = run_script({**ci_env, "EMULATOR_PORT": str(port)}, "pr", project)
    assert result.returncode != 0
    assert "read.objects[0].schedule" in result.stdout + result.stderr
    assert ran[-1] == "preview --diff --stack ci-emulator"  # stopped there
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


@pytest.mark.e2e
def test_script_with_secrets_previews_on_pull_requests_and_converges_on_main(
    tmp_path: Path, ci_env: dict[str, str]
) -> None:
    project = copy_project(tmp_path)
    env = {**ci_env, "AMP_API_KEY": API_KEY, "AMP_PROJECT_ID": PROJECT, "PULUMI_STACK": "prod"}
    with EmulatorServer(api_key=API_KEY, auto_connections=True) as ampersand:
        env["AMP_API_URL"] = ampersand.url
        result, ran = run_script(env, "pr", project)
        # `stack select` without --create: the real stack must exist already.
        assert result.returncode != 0
        assert ran == ["stack select prod"]

        result, ran = run_script(env, "main", project)
        assert result.returncode != 0  # same on main: a missing stack is an error, not a new one
        assert ran == ["stack select prod"]
        pulumi(env, project, "stack", "init", "prod")  # what the operator does once

        result, ran = run_script(env, "pr", project)
        assert result.returncode == 0, result.stderr
        assert ran == ["stack select prod", "preview --diff --stack prod"]
        assert integrations(ampersand) == {}  # a preview changes nothing

        result, ran = run_script(env, "main", project)
        assert result.returncode == 0, result.stderr
        assert ran == [
            "stack select prod",
            "up --yes --stack prod",
            "preview --diff --expect-no-changes --stack prod",
        ]
        assert set(integrations(ampersand)) == {"crm-sync"}
        assert "emulator" not in result.stderr

        # Clean up the way an operator would: `pulumi destroy --yes` on the same stack.
        pulumi(env, project, "destroy", "--yes", "--stack", "prod")
        assert_nothing_left(ampersand)


def pulumi(env: dict[str, str], project: Path, *args: str) -> None:
    done = subprocess.run(["pulumi", *args], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
