#!/usr/bin/env python3
"""`make demo` / `make demo-down`: the quickstart stack against a local Ampersand emulator.

``up`` starts the emulator in the background (unless this demo's emulator is already running),
gives the demo group a connection the way a real customer's OAuth consent would, and deploys
the repository's root stack (Pulumi.yaml, which runs examples/quickstart) with the same
commands a user types at the root: ``pulumi stack select --create demo``, three ``pulumi config
set``, ``pulumi up --yes``; then it prints the stack outputs. ``down`` destroys the stack and
stops the emulator. The backend, Pulumi home and emulator state live in .demo/ at the
repository root (the stack's config in Pulumi.demo.yaml), and ``down`` removes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script's own directory is on sys.path, the checkout's is not

from tests.support.devstack import cli_env, pulumi_bin_dir  # noqa: E402

DEMO_DIR = ROOT / ".demo"
EMULATOR_FILE = DEMO_DIR / "emulator.json"
API_KEY = "demo-api-key"
PROJECT = "demo"
GROUP = "org-acme"


def start_emulator() -> str:
    """The demo emulator's base URL, starting it if it is not running."""
    if EMULATOR_FILE.exists():
        running = json.loads(EMULATOR_FILE.read_text())
        try:
            httpx.get(
                f"{running['url']}/projects/{PROJECT}/integrations",
                headers={"X-Api-Key": API_KEY},
                timeout=2,
            ).raise_for_status()
            return str(running["url"])
        except httpx.HTTPError:
            EMULATOR_FILE.unlink()
    DEMO_DIR.mkdir(exist_ok=True)
    log = (DEMO_DIR / "emulator.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_ampersand.emulator",
            "--port",
            "0",
            "--api-key",
            API_KEY,
            "--state-file",
            str(DEMO_DIR / "emulator-state.json"),
        ],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if "listening on " not in line:
        raise SystemExit(f"the emulator did not start; see {DEMO_DIR / 'emulator.log'}")
    url = line.rsplit(" ", 1)[-1]
    EMULATOR_FILE.write_text(json.dumps({"url": url, "pid": process.pid}))
    print(f"Ampersand emulator: {url} (pid {process.pid})", file=sys.stderr)
    return url


def ensure_connection(url: str) -> None:
    """Give the demo group a Salesforce connection, as a customer's OAuth consent would."""
    headers = {"X-Api-Key": API_KEY}
    found = httpx.get(
        f"{url}/projects/{PROJECT}/connections",
        params={"groupRef": GROUP},
        headers=headers,
        timeout=10,
    )
    found.raise_for_status()
    if found.json():
        return
    created = httpx.post(
        f"{url}/projects/{PROJECT}/connections:generate",
        headers=headers,
        timeout=10,
        json={
            "groupRef": GROUP,
            "groupName": "Acme Inc.",
            "consumerRef": "user-1",
            "consumerName": "Ada",
            "provider": "salesforce",
            "oauth2AuthorizationCode": {
                "accessToken": {"token": "demo-access-token"},
                "refreshToken": {"token": "demo-refresh-token"},
            },
        },
    )
    created.raise_for_status()


STACK = "demo"


def pulumi(*args: str, capture: bool = False) -> str:
    """A ``pulumi`` command at the repository root, on the demo's private backend; its output
    goes to stderr as it comes, or is returned with ``capture``."""
    env = {**os.environ, **cli_env(DEMO_DIR / "pulumi", pulumi_bin_dir())}
    print(f"+ pulumi {' '.join(args)}", file=sys.stderr, flush=True)
    out = subprocess.PIPE if capture else sys.stderr
    done = subprocess.run(["pulumi", *args], cwd=ROOT, env=env, stdout=out, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pulumi {args[0]} failed (exit {done.returncode})")
    return done.stdout or ""


def up() -> None:
    url = start_emulator()
    ensure_connection(url)
    pulumi("stack", "select", "--create", STACK)
    pulumi("config", "set", "ampersand:apiUrl", url)
    pulumi("config", "set", "--secret", "ampersand:apiKey", API_KEY)
    pulumi("config", "set", "ampersand:projectId", PROJECT)
    pulumi("up", "--yes")
    print(pulumi("stack", "output", "--json", capture=True))
    print("Stop everything with `make demo-down`.", file=sys.stderr)


def down() -> None:
    if EMULATOR_FILE.exists():
        running = json.loads(EMULATOR_FILE.read_text())
        pulumi("destroy", "--yes", "--stack", STACK)
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(running["pid"]), signal.SIGTERM)
        time.sleep(0.2)
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    (ROOT / f"Pulumi.{STACK}.yaml").unlink(missing_ok=True)
    print("demo stack destroyed and emulator stopped", file=sys.stderr)


if __name__ == "__main__":
    {"up": up, "down": down}[sys.argv[1] if len(sys.argv) > 1 else "up"]()
