"""Both front ends side by side: ``up`` of 1 integration + N installations, against ideals.

The dynamic front is ``programs/amp`` (a Python program of ``amp.Integration`` and
``amp.Installation``); the native front is the same resources in a YAML program, served by the
``pulumi-resource-ampersand`` plugin. Both run through the real CLI and language hosts against
one emulator with ``--parallel P``. The engine floor is ``programs/floor`` (no-op resources).

Ideals, with ``rt`` the injected latency of one API call:

* dynamic: floor + ⌈N/4⌉ x rt (the dynamic-provider host serves four calls at once);
* native: floor + ⌈N/P⌉ x rt;
* an operation that makes no API call (a no-change ``preview``): the floor.

At the largest N, ``preview`` and ``refresh`` are timed as well. Prints a table and writes
``results/fronts.json``. ``--sizes 10 --latencies 0`` is a quick check.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from stacks import Emulator, Stack, open_stack, program_stack  # noqa: E402

PARALLEL = 64
DYNAMIC_WORKERS = 4
SCHEDULE = "*/30 * * * *"


def _installation(i: int) -> dict[str, Any]:
    read_object = {"objectName": "account", "schedule": SCHEDULE, "selectedFields": {"name": True}}
    return {
        "type": "ampersand:index:Installation",
        "properties": {
            "integrationId": "${crm.id}",
            "groupRef": f"group-{i:04d}",
            "revisionId": "${crm.latestRevisionId}",
            "config": {"read": {"objects": {"account": read_object}}},
        },
    }


def native_program(n: int) -> dict[str, Any]:
    """The Pulumi.yaml of ``programs/amp``'s resources, for the native plugin."""
    account = {
        "objectName": "account",
        "destination": "accountWebhook",
        "schedule": SCHEDULE,
        "requiredFields": [{"fieldName": "name"}],
    }
    crm = {
        "type": "ampersand:index:Integration",
        "properties": {
            "name": "bench-crm",
            "provider": "salesforce",
            "read": {"objects": [account]},
        },
    }
    resources = {"crm": crm, **{f"inst-{i:04d}": _installation(i) for i in range(n)}}
    return {"name": "bench-native", "runtime": "yaml", "resources": resources}


def log(message: str) -> None:
    print(f"[fronts] {message}", file=sys.stderr, flush=True)


def native_stack(n: int, name: str, state_dir: Path, emulator: Emulator) -> Stack:
    """The YAML program of ``n`` installations, the same resources as ``programs/amp``."""
    program = state_dir / "programs" / f"native-{n}"
    program.mkdir(parents=True, exist_ok=True)
    (program / "Pulumi.yaml").write_text(yaml.safe_dump(native_program(n), sort_keys=False))
    return program_stack("native", program, name, state_dir, emulator)


def timed_run(
    front: str, n: int, latency_ms: float, emulator: Emulator, state_dir: Path, all_ops: bool
) -> dict[str, Any]:
    emulator.reset(latency_ms)
    name = f"{front}-n{n}-l{int(latency_ms)}"
    if front == "native":
        stack = native_stack(n, name, state_dir, emulator)
    else:
        stack = open_stack("amp" if front == "dynamic" else "floor", name, state_dir, emulator, n=n)
    emulator.calls()
    seconds = {"up": stack.timed("up", parallel=PARALLEL)}
    calls = {"up": len(emulator.calls())}
    if all_ops:
        seconds["preview"] = stack.timed("preview", expect_no_changes=True, parallel=PARALLEL)
        calls["preview"] = len(emulator.calls())
        seconds["refresh"] = stack.timed("refresh", parallel=PARALLEL)
        calls["refresh"] = len(emulator.calls())
    stack.remove()
    return {"seconds": seconds, "calls": calls}


def ideal(floor: float, n: int, calls: int, latency_ms: float, width: int) -> float:
    """floor + ⌈N/width⌉ x rt for an operation that calls the API per resource; a
    ``preview`` with no change calls it for none, so its ideal is the floor."""
    return floor + math.ceil(min(n, calls) / width) * latency_ms / 1000


def measure(sizes: list[int], latencies: list[float], state_dir: Path) -> dict[str, Any]:
    emulator = Emulator("subprocess")
    rows: list[dict[str, Any]] = []
    try:
        for latency_ms in latencies:
            for n in sizes:
                all_ops = n == max(sizes)
                runs = {
                    front: timed_run(front, n, latency_ms, emulator, state_dir, all_ops)
                    for front in ("floor", "dynamic", "native")
                }
                for operation in runs["floor"]["seconds"]:
                    floor = runs["floor"]["seconds"][operation]
                    row = {"n": n, "latency_ms": latency_ms, "operation": operation}
                    row["floor_s"] = floor
                    for front, width in (("dynamic", DYNAMIC_WORKERS), ("native", PARALLEL)):
                        seconds = runs[front]["seconds"][operation]
                        calls = runs[front]["calls"][operation]
                        best = ideal(floor, n, calls, latency_ms, width)
                        row[front] = {
                            "seconds": seconds,
                            "calls": calls,
                            "ideal_s": best,
                            "ratio": seconds / best,
                        }
                    rows.append(row)
                    log(table([row]).splitlines()[-1])
    finally:
        emulator.close()
    return {"parallel": PARALLEL, "dynamic_workers": DYNAMIC_WORKERS, "rows": rows}


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'op':<8}{'N':>5}{'rt ms':>7}{'floor s':>9}"
        f"{'dynamic s':>11}{'ideal':>7}{'x':>6}{'native s':>10}{'ideal':>7}{'x':>6}"
    )
    lines = [head]
    for row in rows:
        d, nv = row["dynamic"], row["native"]
        lines.append(
            f"{row['operation']:<8}{row['n']:>5}{row['latency_ms']:>7g}{row['floor_s']:>9.2f}"
            f"{d['seconds']:>11.2f}{d['ideal_s']:>7.2f}{d['ratio']:>6.2f}"
            f"{nv['seconds']:>10.2f}{nv['ideal_s']:>7.2f}{nv['ratio']:>6.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300, 1000])
    parser.add_argument("--latencies", type=float, nargs="+", default=[0.0, 100.0])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "fronts.json")
    parser.add_argument("--work", type=Path, default=Path("/tmp/pulumi-ampersand-fronts"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = measure(sorted(args.sizes), args.latencies, args.work / f"state-{time.time_ns()}")
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    print(table(result["rows"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    log(f"wrote {args.out} in {result['wall_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
