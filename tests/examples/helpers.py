"""Helpers of the example tests: deploy a project of examples/ against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from pulumi_ampersand.emulator import EmulatorServer
from tests.support.devstack import DevStack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
API_KEY = "examples-secret-api-key-93b1"
PROJECT = "examples"


def api(emulator: EmulatorServer, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Call the emulator's API as a user (or ``amp deploy``) would."""
    headers = {"X-Api-Key": API_KEY}
    return httpx.request(method, f"{emulator.url}{path}", headers=headers, timeout=10, **kwargs)


def get(emulator: EmulatorServer, path: str) -> Any:
    response = api(emulator, "GET", path)
    assert response.status_code == 200, response.text
    return response.json()


def connect(
    emulator: EmulatorServer, *groups: str, provider: str = "salesforce", project: str = PROJECT
) -> dict[str, str]:
    """Give each group a connection, as its customer's OAuth consent would; group -> id."""
    ids = {}
    for group in groups:
        response = api(
            emulator,
            "POST",
            f"/projects/{project}/connections:generate",
            json={
                "groupRef": group,
                "consumerRef": f"admin-of-{group}",
                "provider": provider,
                "oauth2AuthorizationCode": {
                    "accessToken": {"token": f"access-token-of-{group}"},
                    "refreshToken": {"token": f"refresh-token-of-{group}"},
                },
            },
        )
        assert response.status_code == 201, response.text
        ids[group] = response.json()["id"]
    return ids


def deploy_amp_yaml(emulator: EmulatorServer, source_yaml: str, project: str = PROJECT) -> None:
    """What ``amp deploy`` does: the whole amp.yaml in one batch upsert."""
    response = api(
        emulator,
        "PUT",
        f"/projects/{project}/integrations:batch",
        json={"sourceYaml": source_yaml},
    )
    assert response.status_code == 200, response.text


def integrations(emulator: EmulatorServer, project: str = PROJECT) -> dict[str, Any]:
    """The project's integrations by name."""
    listed = get(emulator, f"/projects/{project}/integrations")
    return {integration["name"]: integration for integration in listed}


def installations(emulator: EmulatorServer, project: str = PROJECT) -> list[Any]:
    listed: list[Any] = get(emulator, f"/projects/{project}/installations")
    return listed


def connections(emulator: EmulatorServer, project: str = PROJECT) -> list[Any]:
    listed: list[Any] = get(emulator, f"/projects/{project}/connections")
    return listed


def stack(
    project_dir: Path,
    state_dir: Path,
    emulator: EmulatorServer,
    bin_dir: Path,
    *,
    config: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    project: str = PROJECT,
) -> DevStack:
    """A stack of ``project_dir`` on a private file backend, pointed at the emulator."""
    return DevStack(
        project_dir,
        state_dir,
        config={"ampersand:apiUrl": emulator.url, "ampersand:projectId": project, **(config or {})},
        secrets={"ampersand:apiKey": API_KEY},
        env={"AMP_API_KEY": "", "AMP_PROJECT_ID": "", "AMP_API_URL": "", **(env or {})},
        bin_dir=bin_dir,
    )


def assert_nothing_left(emulator: EmulatorServer, project: str = PROJECT) -> None:
    """After a destroy: no integration and no installation remain in the project."""
    assert integrations(emulator, project) == {}
    assert installations(emulator, project) == []
