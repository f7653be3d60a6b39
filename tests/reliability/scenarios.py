"""Reliability scenarios through the real pulumi CLI, shared by the tests and ``make soak``.

Each ``run_*`` function plays one scenario for one random seed on a fresh ``Project`` (a throwaway
Pulumi project on its own file backend, with the emulator on loopback) and returns an
``Outcome``: how many ``up`` runs it took to converge, and what the emulator and the state hold
afterwards (duplicates, orphans, secret hits). It asserts the scenario's own invariants on the
way (a failed ``up`` fails cleanly, 429 waits are honoured, ...), so a test is a call and a few
asserts on the outcome, and the soak is a loop over random seeds.

Every run prints its random seed first; ``RELIABILITY_RANDOM_SEEDS=7,8`` replays given random
seeds in the tests, ``scripts/soak.py --random-seeds 7`` in the soak.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from pulumi_ampersand.emulator import EmulatorServer, JournalEntry
from tests.support.devstack import pulumi_bin_dir
from tests.support.stacks import API_KEY, INSTALLATIONS, INTEGRATIONS, PROJECT, Project

INTEGRATION_NAME = "crm-sync"
INTEGRATION_TYPE = "pulumi-python:dynamic/ampersand:Integration"
INSTALLATION_TYPE = "pulumi-python:dynamic/ampersand:Installation"

#: Exceptions a failed ``up`` may show: this package's own, with their actionable messages.
#: Anything else (KeyError, TypeError, ...) in the CLI output is a provider bug.
CLEAN_ERRORS = frozenset(
    {
        "AmpersandError",
        "ConfigurationError",
        "APIError",
        "BadRequestError",
        "AuthenticationError",
        "NotFoundError",
        "ConflictError",
        "InputValidationError",
        "RateLimitError",
        "ServerError",
        "TransportError",
        "AmbiguousRequestError",
        "DeadlineExceededError",
        "AdoptionError",
    }
)
_EXCEPTION_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception))(?::|$)", re.MULTILINE)

PROGRAM = """
import pulumi
import pulumi_ampersand as amp

crm = amp.Integration(
    "crm",
    name="{name}",
    provider="salesforce",
    read=amp.ReadArgs(objects=[amp.ReadObjectArgs(
        object_name="account", destination="accountWebhook", schedule="{schedule}",
        required_fields=[amp.ExistingFieldArgs(field_name="name")])]),
    adopt={adopt},
)
fleet = amp.GroupInstallations(
    "crm",
    integration=crm,
    groups={{group: {{"adopt": {adopt}}} for group in {groups!r}}},
    config=amp.InstallationConfigArgs(read=amp.InstallationReadArgs(objects={{
        "account": amp.InstallationReadObjectArgs(
            object_name="account", schedule="{schedule}",
            selected_fields={{"name": True, "industry": True}}),
    }})),
)
pulumi.export("integration_id", crm.id)
pulumi.export("installation_ids", fleet.installation_ids)
"""


def group_refs(count: int) -> list[str]:
    return [f"org-{index:02d}" for index in range(count)]


def random_seeds_from_env(default: list[int]) -> list[int]:
    """``RELIABILITY_RANDOM_SEEDS=1,2,3`` replays those random seeds instead of the defaults."""
    raw = os.environ.get("RELIABILITY_RANDOM_SEEDS", "").strip()
    return [int(part) for part in raw.split(",") if part.strip()] if raw else default


# -- running the CLI --------------------------------------------------------------------------


@dataclass
class Run:
    """One CLI operation: whether it succeeded, everything it printed, how long it took."""

    command: str
    ok: bool
    output: str
    seconds: float

    def unexpected_exceptions(self) -> list[str]:
        """Exception names in the output that are not this package's (a bug if any)."""
        return sorted(set(_EXCEPTION_LINE.findall(self.output)) - CLEAN_ERRORS)


@dataclass
class Outcome:
    """What one scenario run ended with; the soak's table is made of these."""

    scenario: str
    random_seed: int
    converged_in: int | None = None
    """``up`` runs until the stack and the API agreed (None: never)."""
    duplicates: int = 0
    orphans: int = 0
    missing: int = 0
    secret_hits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Fleet:
    """One integration and N group installations on a ``Project``, and the CLI runs on it."""

    def __init__(self, project: Project, groups: int, *, connect: bool = True) -> None:
        self.project = project
        self.emulator: EmulatorServer = project.emulator
        self.groups = group_refs(groups)
        self.outputs: dict[str, str] = {}
        """CLI output of every run, by ``"<n> <command>"``: scanned for secrets."""
        if connect:
            for group in self.groups:
                self.connect(group)

    def connect(self, group: str) -> None:
        """The group's OAuth connection, as the customer's consent would create it."""
        response = self.emulator.app(
            _request(
                "POST",
                f"/v1/projects/{PROJECT}/connections:generate",
                {
                    "groupRef": group,
                    "consumerRef": f"user-of-{group}",
                    "provider": "salesforce",
                    "oauth2AuthorizationCode": {
                        "accessToken": {"token": f"access-{group}-{random.getrandbits(48):x}"},
                        "refreshToken": {"token": f"refresh-{group}-{random.getrandbits(48):x}"},
                    },
                },
            )
        )
        assert response.status == 201, response.body
        self.emulator.journal.clear()

    def write(self, *, adopt: bool = False, schedule: str = "*/30 * * * *") -> None:
        self.project.write(
            PROGRAM.format(
                name=INTEGRATION_NAME, schedule=schedule, adopt=adopt, groups=self.groups
            )
        )

    @property
    def stack(self) -> auto.Stack:
        return self.project.stack.stack

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        self.stack.set_config(key, auto.ConfigValue(value, secret=secret))

    def run(self, command: str, **kwargs: Any) -> Run:
        """``up`` / ``preview`` / ``refresh`` / ``destroy`` through the Automation API."""
        lines: list[str] = []
        operation: Callable[..., Any] = getattr(self.stack, command)
        started = time.monotonic()
        try:
            result = operation(on_output=lines.append, color="never", **kwargs)
            ok, text = True, "".join(lines) + getattr(result, "stderr", "")
        except auto.CommandError as error:
            ok, text = False, "".join(lines) + str(error)
        run = Run(command, ok, text, time.monotonic() - started)
        self.outputs[f"{len(self.outputs) + 1} {command}"] = text
        return run

    def cli(self, *args: str) -> Run:
        """A raw ``pulumi`` command on this stack, with the environment devstack uses."""
        dev = self.project.stack
        workspace = self.stack.workspace
        assert isinstance(workspace, auto.LocalWorkspace)
        started = time.monotonic()
        done = subprocess.run(
            [str(dev.bin_dir / "pulumi"), *args, "--stack", self.stack.name],
            cwd=workspace.work_dir,
            env={**os.environ, **dev.env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        text = done.stdout + done.stderr
        self.outputs[f"{len(self.outputs) + 1} {' '.join(args)}"] = text
        return Run(" ".join(args), done.returncode == 0, text, time.monotonic() - started)

    # -- what the API holds, against what the stack manages --------------------------------

    def inventory(self) -> dict[str, int]:
        """Duplicates (two objects for one natural key), orphans (live, not in state), missing
        (in state, not live), undeclared/absent (live vs the program's groups)."""
        live = _project_dump(self.emulator)
        integrations = live.get("integrations", [])
        installations = live.get("installations", [])
        keys = [("integration", i["name"]) for i in integrations] + [
            ("installation", i["integrationId"], i["group"]["groupRef"]) for i in installations
        ]
        deployment = self.project.stack.export()
        managed = {
            r["id"]
            for r in deployment.get("resources", [])
            if r.get("type") in (INTEGRATION_TYPE, INSTALLATION_TYPE) and r.get("id")
        }
        live_ids = {i["id"] for i in integrations} | {i["id"] for i in installations}
        live_groups = {i["group"]["groupRef"] for i in installations}
        return {
            "duplicates": sum(n - 1 for n in Counter(keys).values()),
            "orphans": len(live_ids - managed),
            "missing": len(managed - live_ids),
            "integrations": len(integrations),
            "absent": len(set(self.groups) - live_groups),
            "undeclared": len(live_groups - set(self.groups)),
        }

    def assert_converged(self) -> dict[str, int]:
        """The API holds exactly the declared objects, the state exactly those, and a preview
        of the same program proposes nothing."""
        counts = self.inventory()
        assert counts == {
            "duplicates": 0,
            "orphans": 0,
            "missing": 0,
            "integrations": 1,
            "absent": 0,
            "undeclared": 0,
        }, counts
        preview = self.run("preview", expect_no_changes=True)
        assert preview.ok, preview.output[-3000:]
        return counts

    def committed_creates(self) -> Counter[str]:
        """Creates the API committed (201), by natural key: more than 1 for a key is a
        duplicate attempt that only the API's uniqueness rule stopped."""
        made: Counter[str] = Counter()
        for entry in self.emulator.journal.entries():
            if entry.method == "POST" and entry.status == 201 and isinstance(entry.body, dict):
                if entry.route == INTEGRATIONS:
                    made[f"integration {entry.body.get('name')}"] += 1
                elif entry.route == INSTALLATIONS:
                    made[f"installation {entry.body.get('groupRef')}"] += 1
        return made

    def conflicts(self) -> int:
        """409s on creates: the provider tried to create something that already existed."""
        return sum(
            1
            for e in self.emulator.journal.entries()
            if e.method == "POST" and e.route in (INTEGRATIONS, INSTALLATIONS) and e.status == 409
        )

    # -- secrets -----------------------------------------------------------------------------

    def secret_hits(self, extra: Mapping[str, str] | None = None) -> list[str]:
        """Where a credential appears in plaintext: the stack export, the backend's files
        (state, config, history, logs), every CLI output so far. Credentials: the API key
        and every token the emulator issued (``GET /_emulator/secrets``)."""
        secrets = set(self.emulator.app.secrets()) | {API_KEY, *(extra or {}).values()}
        haystacks = {
            "stack export": json.dumps(self.project.stack.export()),
            "backend files": self.project.state_text(),
            **{f"output of {name}": text for name, text in self.outputs.items()},
        }
        return sorted(
            f"{secret[:4]}… in {where}"
            for secret in secrets
            if secret
            for where, text in haystacks.items()
            if secret in text
        )

    def assert_no_secrets(self, extra: Mapping[str, str] | None = None) -> None:
        """Scenario 8, after every scenario: no credential in plaintext anywhere at rest."""
        assert self.emulator.app.secrets(), "the emulator issued no secret: the scan proves nothing"
        hits = self.secret_hits(extra)
        assert hits == [], hits


def _request(method: str, path: str, body: Any) -> Any:
    from pulumi_ampersand.emulator import Request

    return Request(method, path, "", {"X-Api-Key": API_KEY}, json.dumps(body).encode())


def _project_dump(emulator: EmulatorServer) -> dict[str, Any]:
    for project in emulator.backend.dump()["projects"]:
        if project["name"] == PROJECT:
            found: dict[str, Any] = project
            return found
    return {}


# -- journal analysis --------------------------------------------------------------------------


def _key(entry: JournalEntry) -> tuple[str, str, str]:
    return entry.method, entry.path, json.dumps(entry.body, sort_keys=True)


def _end(entry: JournalEntry) -> float:
    return entry.received_at + entry.duration_ms / 1000


def _asked_until(entry: JournalEntry, header_seconds: float) -> float:
    """The earliest time the server allowed a retry of this 429: the body's ``retryAfter``
    when it has one (the journal keeps bodies), else ``header_seconds`` after the answer (the
    ``Retry-After`` header, which the journal does not keep)."""
    retry_after = entry.response.get("retryAfter") if isinstance(entry.response, dict) else None
    if retry_after:
        return datetime.fromisoformat(retry_after.replace("Z", "+00:00")).timestamp()
    return _end(entry) + header_seconds


TOLERANCE = 0.005


def check_waits(entries: list[JournalEntry], header_seconds: float) -> tuple[int, list[str]]:
    """Every 429 was retried, no sooner than the server asked. Returns (429s, violations).

    Retries of the same request (method, path, body) are matched to 429s in order; identical
    requests from parallel operations (the same GET) take the first later one that waited.
    A POST body is unique per resource, so for POSTs the very next same request must wait.
    """
    violations: list[str] = []
    used: set[int] = set()
    limited = [e for e in entries if e.status == 429]
    for entry in limited:
        allowed = _asked_until(entry, header_seconds)
        later = [
            e
            for e in entries
            if _key(e) == _key(entry) and e.received_at > entry.received_at and e.seq not in used
        ]
        if not later:
            violations.append(f"#{entry.seq} {entry.method} {entry.path}: 429 never retried")
            continue
        if entry.method == "POST":
            retry = later[0]
        else:
            retry = next((e for e in later if e.received_at >= allowed - TOLERANCE), later[0])
        used.add(retry.seq)
        if retry.received_at < allowed - TOLERANCE:
            violations.append(
                f"#{entry.seq} {entry.method} {entry.path}: retried as #{retry.seq} "
                f"{allowed - retry.received_at:.3f} s too early"
            )
    return len(limited), violations


# -- killing the CLI ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(proc.name))
    return found


def _tree(pid: int) -> list[int]:
    return [pid, *(p for child in _children(pid) for p in _tree(child))]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_quiet(emulator: EmulatorServer, quiet: float, limit: float = 30.0) -> None:
    """Wait until the emulator served no call for ``quiet`` seconds (in-flight calls done)."""
    deadline = time.monotonic() + limit
    last = -1
    since = time.monotonic()
    while time.monotonic() < deadline:
        count = len(emulator.journal.entries())
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)


def up_and_kill(fleet: Fleet, after_calls: int, timeout: float = 120.0) -> Run:
    """Start ``pulumi up`` and ``kill -9`` the CLI process once the API has seen
    ``after_calls`` calls. The provider process the CLI started survives it, as it would for a
    user, and finishes its calls in flight; it is then ended too (by its pid).

    The ``up`` is a plain ``pulumi up --yes`` in the project directory, as a user runs it.
    """
    emulator = fleet.emulator
    project = fleet.project
    started = time.monotonic()
    process = subprocess.Popen(
        [str(project.stack.bin_dir / "pulumi"), "up", "--yes", "--stack", fleet.stack.name],
        cwd=project.dir,
        env={**os.environ, **project.stack.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + timeout
    while len(emulator.journal.entries()) < after_calls and process.poll() is None:
        assert time.monotonic() < deadline, "the up never reached the kill point"
        time.sleep(0.01)
    cli_binary = str((project.stack.bin_dir / "pulumi").resolve())
    tree = _tree(process.pid)
    cli = [pid for pid in tree if _exe(pid) == cli_binary and " up " in _cmdline(pid)]
    for pid in cli:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    output, _ = process.communicate(timeout=timeout)
    wait_quiet(emulator, quiet=1.0)
    for pid in tree:  # the orphaned provider process: its calls are done, end it
        if pid not in cli and _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    ok = process.returncode == 0
    text = output if cli else f"no CLI process found\n{output}"
    fleet.outputs[f"{len(fleet.outputs) + 1} up (killed)"] = output
    return Run("up", ok, text, time.monotonic() - started)


def repair_interrupted_checkpoint(fleet: Fleet) -> bool:
    """Step 0 of the documented recovery (docs/troubleshooting.md): when the kill landed while
    the file backend was saving, the CLI fails with ``failed to load checkpoint: EOF`` until
    the empty ``*.json.attrs`` file it left is removed. True when that was needed."""
    probe = fleet.cli("stack", "export")
    if probe.ok:
        return False
    assert "failed to load checkpoint: EOF" in probe.output, probe.output
    stacks = fleet.project.state_dir / "backend" / ".pulumi" / "stacks"
    empty = [path for path in stacks.rglob("*.json.attrs") if path.stat().st_size == 0]
    assert empty, f"no empty metadata file to remove: {probe.output}"
    for path in empty:
        path.unlink()
    return True


# -- the scenarios -----------------------------------------------------------------------------


def _announce(scenario: str, random_seed: int) -> None:
    print(f"[reliability] scenario={scenario} random_seed={random_seed}", flush=True)


def run_rate_limits(fleet: Fleet, random_seed: int = 0) -> Outcome:
    """Scenario 1: every 3rd request is a 429. Installation creates carry ``Retry-After: 1``;
    every 3rd of the other requests carries only the problem body's ``retryAfter`` (1 s)."""
    _announce("rate-limits", random_seed)
    started = time.monotonic()
    fleet.write()
    header = fleet.emulator.faults.add(
        {"method": "POST", "route": INSTALLATIONS, "status": 429, "retry_after": 1, "every": 3}
    )
    fleet.emulator.faults.add(
        {"path": r"^(?!.*/installations$)", "status": 429, "retry_after_in_body": 1, "every": 3}
    )
    up = fleet.run("up")
    assert up.ok, up.output[-4000:]
    limited, violations = check_waits(fleet.emulator.journal.entries(), header_seconds=1.0)
    assert limited >= 7, f"only {limited} 429s: the scenario tested little"
    assert violations == [], violations
    body_only = [
        e
        for e in fleet.emulator.journal.entries()
        if e.status == 429 and e.fault and e.fault.split(":")[0] != header.id
    ]
    assert body_only, "no 429 with only a retryAfter body happened"
    fleet.emulator.faults.clear()
    outcome = _finish(fleet, "rate-limits", random_seed, 1, started)
    outcome.notes.append(f"{limited} x 429, all waits honoured")
    return outcome


def run_server_errors(fleet: Fleet, random_seed: int, rate: float = 0.3) -> Outcome:
    """Scenario 2: ``rate`` of all requests answer 500 or 503 (seeded). The first ``up``
    succeeds or fails cleanly; a second ``up`` (same faults) and, if needed, a third (no
    faults) converge."""
    _announce(f"server-errors rate={rate}", random_seed)
    started = time.monotonic()
    fleet.write()
    half = rate / 2
    fleet.emulator.faults.add({"status": 500, "probability": half, "random_seed": random_seed})
    fleet.emulator.faults.add(
        {"status": 503, "probability": half / (1 - half), "random_seed": random_seed + 1}
    )
    converged: int | None = None
    for attempt in (1, 2, 3):
        if attempt == 3:
            fleet.emulator.faults.clear()
        up = fleet.run("up")
        assert up.ok or up.unexpected_exceptions() == [], (
            up.unexpected_exceptions(),
            up.output[-4000:],
        )
        if up.ok:
            converged = attempt
            break
    fleet.emulator.faults.clear()
    return _finish(fleet, f"server-errors-{rate}", random_seed, converged, started)


def run_ambiguous_creates(fleet: Fleet, random_seed: int, mode: str) -> Outcome:
    """Scenario 3: creates commit but their answer is lost (``drop``: the connection closes
    after the commit; ``slow``: the answer comes after the client's timeout). The provider
    finds what it created instead of creating it again."""
    _announce(f"ambiguous-{mode}", random_seed)
    started = time.monotonic()
    fleet.write()
    if mode == "drop":
        effect: dict[str, Any] = {"drop": "after"}
    else:
        fleet.set_config("ampersand:requestTimeout", "1")
        effect = {"latency_ms": 1600}
    fleet.emulator.faults.add({"method": "POST", "route": INTEGRATIONS, "count": 1, **effect})
    # the first installation create for sure, then about half of the others (seeded)
    fleet.emulator.faults.add({"method": "POST", "route": INSTALLATIONS, "count": 1, **effect})
    fleet.emulator.faults.add(
        {
            "method": "POST",
            "route": INSTALLATIONS,
            "probability": 0.5,
            "random_seed": random_seed,
            **effect,
        }
    )
    up = fleet.run("up")
    fleet.emulator.faults.clear()
    wait_quiet(fleet.emulator, quiet=0.5)
    lost = sum(1 for e in fleet.emulator.journal.entries() if e.fault)
    assert up.ok, up.output[-4000:]
    assert lost >= 2, f"only {lost} creates lost their answer: the scenario tested little"
    twice = {key: n for key, n in fleet.committed_creates().items() if n > 1}
    assert twice == {}, twice
    assert fleet.conflicts() == 0
    if mode == "slow":
        fleet.stack.remove_config("ampersand:requestTimeout")
    outcome = _finish(fleet, f"ambiguous-{mode}", random_seed, 1, started)
    outcome.notes.append(f"{lost} answers lost")
    return outcome


def run_interruption(fleet: Fleet, random_seed: int, latency_ms: int = 300) -> Outcome:
    """Scenario 4: ``kill -9`` of ``pulumi up`` after a seeded number of API calls, then the
    documented recovery (docs/troubleshooting.md): ``pulumi cancel``, ``pulumi refresh
    --clear-pending-creates``, ``pulumi up``; when an interrupted create had in fact been made,
    that ``up`` stops with an AdoptionError and one ``up`` with ``adopt=True`` takes it over."""
    _announce("interruption", random_seed)
    started = time.monotonic()
    rng = random.Random(random_seed)
    expected_calls = 3 + len(fleet.groups)  # POST + GET integration, provider GET, installs
    kill_after = rng.randint(1, expected_calls - 1)
    fleet.write()
    fleet.emulator.faults.latency_ms = latency_ms
    killed = up_and_kill(fleet, kill_after)
    fleet.emulator.faults.latency_ms = 0
    assert not killed.ok, "the up finished before the kill"
    notes = [f"killed after {kill_after} calls"]
    if repair_interrupted_checkpoint(fleet):
        notes.append("killed while saving the state: removed the empty metadata file")
    pending = fleet.project.stack.export().get("pending_operations") or []
    notes.append(f"{len(pending)} pending operation(s)")

    cancel = fleet.cli("cancel", "--yes")  # the killed CLI's lock on the file backend
    assert cancel.ok, cancel.output
    refresh = fleet.run("refresh", clear_pending_creates=True)
    assert refresh.ok, refresh.output[-4000:]
    converged: int | None = None
    up = fleet.run("up")
    if up.ok:
        converged = 1
    else:
        assert up.unexpected_exceptions() == [], up.output[-4000:]
        assert "adopt=True" in up.output, up.output[-4000:]
        notes.append("interrupted create(s) existed: adopted")
        fleet.write(adopt=True)
        adopted = fleet.run("up")
        assert adopted.ok, adopted.output[-4000:]
        fleet.write(adopt=False)
        converged = 2
    assert fleet.conflicts() <= len(fleet.groups) + 1
    outcome = _finish(fleet, "interruption", random_seed, converged, started)
    outcome.notes += notes
    return outcome


def _finish(
    fleet: Fleet, scenario: str, random_seed: int, converged: int | None, started: float
) -> Outcome:
    counts = fleet.inventory()
    outcome = Outcome(
        scenario,
        random_seed,
        converged_in=converged,
        duplicates=counts["duplicates"],
        orphans=counts["orphans"] + counts["undeclared"],
        missing=counts["missing"] + counts["absent"],
    )
    if converged is not None:
        fleet.assert_converged()
    outcome.secret_hits = fleet.secret_hits()
    outcome.seconds = time.monotonic() - started
    return outcome


@contextlib.contextmanager
def fresh_project(root: Path | None = None) -> Iterator[Project]:
    """An emulator and a throwaway project outside pytest (for the soak)."""
    with contextlib.ExitStack() as stack:
        if root is None:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="soak-")))
        emulator = stack.enter_context(EmulatorServer(api_key=API_KEY))
        yield Project(root, pulumi_bin_dir(), emulator)
