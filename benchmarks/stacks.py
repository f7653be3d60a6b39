"""The end-to-end side of the benchmarks: the emulator, the two stacks, timing and the journal.

The stacks (``programs/amp``: 1 Integration + N Installations; ``programs/floor``: the same
resources, properties and dependencies in no-op dynamic resources; ``programs/floor_min``: the
same resources with a few flat properties) run through the real ``pulumi`` CLI via
``tests/support/devstack``, on one private file backend, against one emulator, in the same run, so
their ratios are fair.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pulumi import automation as auto

from tests.support.devstack import DevStack  # the checkout is on sys.path (run.py)

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = Path(__file__).resolve().parent / "programs"
API_KEY = "bench-secret-api-key-0c41"
PROJECT = "bench"

# Route templates, as the emulator's journal names them.
INTEGRATIONS = "/projects/{p}/integrations"
INTEGRATION = "/projects/{p}/integrations/{i}"
REVISIONS = "/projects/{p}/integrations/{i}/revisions"
INSTALLATIONS = "/projects/{p}/integrations/{i}/installations"
INSTALLATION = "/projects/{p}/integrations/{i}/installations/{id}"


class Emulator:
    """The emulator, driven only over HTTP (its API and its ``/_emulator`` controls).

    ``mode="subprocess"`` runs ``python -m pulumi_ampersand.emulator`` in its own process;
    ``mode="inprocess"`` runs ``EmulatorServer`` on a thread of this process (which only drives
    the CLI; the programs and providers run in their own processes).
    """

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._proc: subprocess.Popen[str] | None = None
        self._server: Any = None
        if mode == "subprocess":
            self._proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pulumi_ampersand.emulator",
                    "--api-key",
                    API_KEY,
                    "--auto-connections",
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert self._proc.stdout is not None
            line = self._proc.stdout.readline()
            if "listening on" not in line:
                raise RuntimeError(f"the emulator did not start: {line!r}")
            self.url = line.rsplit(" ", 1)[-1].strip()
        elif mode == "inprocess":
            from pulumi_ampersand.emulator import EmulatorServer

            self._server = EmulatorServer(api_key=API_KEY, auto_connections=True)
            self._server.start()
            self.url = self._server.url
        else:
            raise ValueError(mode)
        self.admin_url = self.url.removesuffix("/v1") + "/_emulator"
        self._http = httpx.Client(timeout=60)

    def close(self) -> None:
        self._http.close()
        if self._proc is not None:
            self._proc.send_signal(signal.SIGTERM)
            self._proc.wait(timeout=10)
        if self._server is not None:
            self._server.stop()

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        response = self._http.request(method, self.admin_url + path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, latency_ms: float = 0) -> None:
        """Forget every object and the journal; set the per-request latency."""
        self.admin("POST", "/reset")
        if latency_ms:
            self.admin("POST", "/latency", {"ms": latency_ms})

    def calls(self) -> list[tuple[str, str]]:
        """(method, route) of every API call since the last ``clear``; then clear."""
        entries = self.admin("GET", "/requests")
        self.admin("DELETE", "/requests")
        return [(entry["method"], entry["route"]) for entry in entries]


def stack_env() -> dict[str, str]:
    """The environment of the CLI and the provider process, identical for both stacks.

    ``PYTHONPATH`` makes ``benchmarks.noop`` importable in the provider process. Bytecode is
    cached under a private prefix (never in the checkout), as for any installed package, even
    where ``PYTHONDONTWRITEBYTECODE`` is set.
    """
    return {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(pycache_prefix()),
        "AMP_API_KEY": "",
        "AMP_PROJECT_ID": "",
        "AMP_API_URL": "",
    }


def pycache_prefix() -> Path:
    return Path(os.environ.get("BENCH_WORK_DIR", "/tmp/pulumi-ampersand-bench")) / "pycache"


@dataclass
class Stack:
    """One benchmark stack (``amp``, ``floor`` or ``floor_min``) with its own stack name."""

    kind: str
    dev: DevStack

    def set(self, **config: Any) -> None:
        self.dev.stack.set_all_config(
            {f"bench:{key}": auto.ConfigValue(str(value)) for key, value in config.items()}
        )

    def timed(self, operation: str, **kwargs: Any) -> float:
        run: Callable[..., Any] = getattr(self.dev.stack, operation)
        started = time.perf_counter()
        run(color="never", **kwargs)
        return time.perf_counter() - started

    def set_env(self, **values: str) -> None:
        """Environment of the next commands and their provider processes (added, or replaced)."""
        workspace = self.dev.stack.workspace
        workspace.env_vars = {**workspace.env_vars, **values}

    def remove(self) -> None:
        self.dev.stack.workspace.remove_stack(self.dev.stack.name, force=True)

    def providers(self) -> dict[str, str]:
        """The serialized provider (base64) of each resource type, from the exported state."""
        workspace = self.dev.stack.workspace
        assert isinstance(workspace, auto.LocalWorkspace)
        result = subprocess.run(
            [
                str(self.dev.bin_dir / "pulumi"),
                "stack",
                "export",
                "--show-secrets",
                "--stack",
                self.dev.stack.name,
            ],
            cwd=workspace.work_dir,
            env={**os.environ, **self.dev.env},
            check=True,
            capture_output=True,
            text=True,
        )
        found: dict[str, str] = {}
        for resource in json.loads(result.stdout)["deployment"].get("resources", []):
            value = resource.get("inputs", {}).get("__provider")
            if value is None:
                continue
            if isinstance(value, dict):  # a secret: {"<sig>": ..., "plaintext": "\"...\""}
                value = json.loads(value["plaintext"])
            found[resource["type"].rsplit(":", 1)[-1]] = value
        return found


def open_stack(kind: str, name: str, state_dir: Path, emulator: Emulator, **config: Any) -> Stack:
    """A stack of a copy of ``programs/<kind>``: its stack config files stay out of the checkout."""
    program = state_dir / "programs" / kind
    if not program.exists():
        shutil.copytree(PROGRAMS / kind, program)
    stack = program_stack(kind, program, name, state_dir, emulator)
    stack.set(**config)
    return stack


def program_stack(
    kind: str, program: Path, name: str, state_dir: Path, emulator: Emulator
) -> Stack:
    """A stack of the project in ``program``, configured for the emulator."""
    dev = DevStack(
        program,
        state_dir,
        stack=name,
        config={"ampersand:apiUrl": emulator.url, "ampersand:projectId": PROJECT},
        secrets={"ampersand:apiKey": API_KEY},
        env=stack_env(),
    )
    return Stack(kind, dev)


def per_route(calls: list[tuple[str, str]]) -> dict[str, int]:
    return {f"{method} {route}": count for (method, route), count in Counter(calls).items()}


def pickle_bytes(b64: str) -> int:
    return len(base64.b64decode(b64))
