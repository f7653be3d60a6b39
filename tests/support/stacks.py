"""Helpers of the end-to-end tests: a throwaway project, and the emulator's API and journal."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import httpx

from pulumi_ampersand.emulator import EmulatorServer
from tests.support.devstack import DevStack

API_KEY = "e2e-secret-api-key-5f1c2d"
PROJECT = "e2e"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"

# Route templates, as the emulator's journal names them.
INTEGRATIONS = "/projects/{p}/integrations"
INTEGRATION = "/projects/{p}/integrations/{i}"
REVISIONS = "/projects/{p}/integrations/{i}/revisions"
INSTALLATIONS = "/projects/{p}/integrations/{i}/installations"
INSTALLATION = "/projects/{p}/integrations/{i}/installations/{id}"


class Project:
    """A throwaway Pulumi project directory whose program a test rewrites between steps."""

    def __init__(self, root: Path, bin_dir: Path, emulator: EmulatorServer) -> None:
        self.dir = root / "project"
        self.dir.mkdir()
        (self.dir / "Pulumi.yaml").write_text("name: e2e\nruntime: python\n")
        self.state_dir = root / "state"
        self.bin_dir = bin_dir
        self.emulator = emulator
        self._stack: DevStack | None = None

    def write(self, program: str) -> None:
        """Set the program (``__main__.py``); the next operation runs it."""
        (self.dir / "__main__.py").write_text(textwrap.dedent(program))

    @property
    def stack(self) -> DevStack:
        if self._stack is None:
            self._stack = DevStack(
                self.dir,
                self.state_dir,
                config={"ampersand:apiUrl": self.emulator.url, "ampersand:projectId": PROJECT},
                secrets={"ampersand:apiKey": API_KEY},
                env={"AMP_API_KEY": "", "AMP_PROJECT_ID": "", "AMP_API_URL": ""},
                bin_dir=self.bin_dir,
            )
        return self._stack

    def state_text(self) -> str:
        """Every file of the backend, as one text (to scan for secrets)."""
        return "\n".join(
            path.read_text(errors="replace")
            for path in sorted(self.state_dir.rglob("*"))
            if path.is_file() and "plugins" not in path.parts
        )


def api(emulator: EmulatorServer, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Call the emulator's API as an outside user would (the UI, a script)."""
    headers = {"X-Api-Key": API_KEY}
    return httpx.request(method, f"{emulator.url}{path}", headers=headers, timeout=10, **kwargs)


def admin(emulator: EmulatorServer, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """Call one of the emulator's test controls (out-of-band edits, faults, journal)."""
    response = httpx.request(method, f"{emulator.admin_url}{path}", timeout=10, **kwargs)
    response.raise_for_status()
    return response


def mark(emulator: EmulatorServer) -> int:
    """A point in the emulator's journal to count calls from."""
    return len(emulator.journal.entries())


def calls_since(emulator: EmulatorServer, start: int) -> list[tuple[str, str]]:
    """(method, route template) of each API call the emulator served after ``start``."""
    return [(entry.method, entry.route) for entry in emulator.journal.entries()[start:]]


# --- the installation lifecycle's program and connections (e2e, key rotation, native) ---

GROUPS = ("org-a", "org-b", "org-c")

PROGRAM = """
import pulumi
import pulumi_ampersand as amp

crm = amp.Integration(
    "crm",
    name="crm-sync",
    provider="salesforce",
    read=amp.ReadArgs(objects=[
        amp.ReadObjectArgs(object_name="account", destination="accountWebhook",
                           schedule="{integration_schedule}",
                           required_fields=[amp.ExistingFieldArgs(field_name="name")]),
        amp.ReadObjectArgs(object_name="contact", destination="contactWebhook",
                           schedule="0 */2 * * *",
                           required_fields=[amp.ExistingFieldArgs(field_name="email")]),
    ]),
    write=amp.WriteArgs(objects=[amp.WriteObjectArgs(object_name="contact")]),
)

def config(group):
    objects = {{
        "account": amp.InstallationReadObjectArgs(
            object_name="account",
            schedule=SCHEDULES.get(group, "*/30 * * * *"),
            selected_fields={{"name": True, "industry": True}},
        ),
    }}
    if group not in WITHOUT_CONTACT:
        objects["contact"] = amp.InstallationReadObjectArgs(
            object_name="contact", selected_fields={{"email": True}})
    return amp.InstallationConfigArgs(
        read=amp.InstallationReadArgs(objects=objects),
        write=amp.InstallationWriteArgs(objects={{
            "contact": amp.InstallationWriteObjectArgs(object_name="contact"),
        }}),
    )

SCHEDULES = {schedules}
WITHOUT_CONTACT = {without_contact}
fleet = amp.GroupInstallations(
    "crm",
    integration=crm,
    groups={{group: {{"config": config(group), "adopt": {adopt}}} for group in {groups}}},
)
pulumi.export("integration_id", crm.id)
pulumi.export("revision_id", crm.latest_revision_id)
pulumi.export("installation_ids", fleet.installation_ids)
"""


def program(
    *,
    groups: tuple[str, ...] = GROUPS,
    schedules: dict[str, str] | None = None,
    without_contact: tuple[str, ...] = (),
    integration_schedule: str = "*/30 * * * *",
    adopt: bool = False,
) -> str:
    return PROGRAM.format(
        groups=list(groups),
        schedules=schedules or {},
        without_contact=set(without_contact) or "set()",
        integration_schedule=integration_schedule,
        adopt=adopt,
    )


def connect(project: Project, group: str) -> dict:
    """The group's OAuth connection, as a customer's consent would create it."""
    response = api(
        project.emulator,
        "POST",
        f"/projects/{PROJECT}/connections:generate",
        json={
            "groupRef": group,
            "consumerRef": f"user-of-{group}",
            "provider": "salesforce",
            "oauth2AuthorizationCode": {
                "accessToken": {"token": f"access-token-{group}-9d3f"},
                "refreshToken": {"token": f"refresh-token-{group}-77ab"},
            },
        },
    )
    assert response.status_code == 201, response.text
    return response.json()
