"""Helpers of the end-to-end tests: a throwaway project, and the emulator's API and journal."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import httpx
from devstack import DevStack

from pulumi_ampersand.emulator import EmulatorServer

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
