#!/usr/bin/env python3
"""``make bench``: API calls per operation, and overhead against the engine's own floor.

Prints one table and writes it as JSON to ``benchmarks/results/latest.json``. Every figure is
explained in ``benchmarks/README.md``. This is a script that prints figures; nothing in
``make test`` asserts on wall time.

    python benchmarks/run.py [--quick] [--emulator subprocess|inprocess] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import micro  # noqa: E402
import stacks  # noqa: E402
from noop import READ_GET_ENV, READ_SLEEP_ENV  # noqa: E402
from stacks import (  # noqa: E402
    API_KEY,
    INSTALLATION,
    INSTALLATIONS,
    INTEGRATION,
    INTEGRATIONS,
    PROJECT,
    REVISIONS,
    Emulator,
    Stack,
    open_stack,
)

SIZES = (10, 100, 300)
REPS = 3  # at each N
API_N = 10
LATENCY_N = 100
LATENCY_MS = 50.0
LATENCY_REPS = 5  # the figures nearest their target: the most repetitions
MINIMAL_FLOOR_N = 100  # the minimal floor (programs/floor_min) runs at this N only
WORKERS = 4  # the dynamic-provider host's gRPC thread pool


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- 1. API calls per operation ----------------------------------------------------------------


def api_calls(emulator: Emulator, state_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Calls per operation, from the journal, on one stack taken through its life cycle."""
    n = API_N
    emulator.reset()
    amp = open_stack("amp", "calls", state_dir, emulator, n=0)
    emulator.calls()

    def step(operation: str, **config: Any) -> dict[str, int]:
        if config:
            amp.set(**config)
        kwargs = {"expect_no_changes": True} if operation == "preview" else {}
        amp.timed(operation, **kwargs)
        return stacks.per_route(emulator.calls())

    created = step("up")
    installed = step("up", n=n)
    previewed = step("preview")
    refreshed = step("refresh")
    updated = step("up", changed=3, installSchedule="0 * * * *")
    revised = step("up", integrationSchedule="*/20 * * * *")
    removed = step("up", n=n - 3)
    providers = amp.providers()
    destroyed = step("destroy")
    amp.remove()

    extra_gets = installed.get(f"GET {INTEGRATION}", 0)
    raw = {
        "create_integration": created,
        f"create_{n}_installations": installed,
        "no_change_preview": previewed,
        f"refresh_{n + 1}_resources": refreshed,
        "update_3_installations": updated,
        f"update_integration_content_{n}_following": revised,
        "delete_3_installations": removed,
        f"destroy_{n - 2}_resources": destroyed,
    }
    counts = {
        "create_integration": sum(created.values()),
        "update_integration_content": revised.get(f"POST {REVISIONS}", 0)
        + revised.get(f"GET {INTEGRATION}", 0),
        "no_change_preview": sum(previewed.values()),
        "refresh_per_resource": sum(refreshed.values()) / (n + 1),
        "create_installation": installed.get(f"POST {INSTALLATIONS}", 0) / n,
        "create_installation_provider_gets": extra_gets,
        f"create_installation_amortised_n{n}": sum(installed.values()) / n,
        "update_installation": updated.get(f"PATCH {INSTALLATION}", 0) / 3,
        "installation_following_new_revision": revised.get(f"PATCH {INSTALLATION}", 0) / n,
        "delete_installation": removed.get(f"DELETE {INSTALLATION}", 0) / 3,
        "destroy_per_resource": sum(destroyed.values()) / (n - 2),
    }
    assert created.get(f"POST {INTEGRATIONS}") == 1, created
    return counts, {"raw": raw, "providers": providers}


# -- 2./3. Wall time against the floor ---------------------------------------------------------


OPERATIONS = ("up", "preview", "refresh")


def one_run(
    kind: str,
    n: int,
    rep: int,
    emulator: Emulator,
    state_dir: Path,
    latency_ms: float = 0,
    after: Callable[[Stack], None] | None = None,
) -> dict[str, Any]:
    """A fresh stack: up (create everything), no-change preview, refresh. Seconds, and calls.

    ``after`` runs on the stack before it is removed.
    """
    emulator.reset(latency_ms)
    stack = open_stack(kind, f"{kind}-n{n}-r{rep}-l{int(latency_ms)}", state_dir, emulator, n=n)
    emulator.calls()
    times: dict[str, Any] = {}
    calls: dict[str, int] = {}
    for operation in OPERATIONS:
        kwargs = {"expect_no_changes": True} if operation == "preview" else {}
        times[operation] = stack.timed(operation, **kwargs)
        calls[operation] = len(emulator.calls())
    if after is not None:
        after(stack)
    stack.remove()  # the emulator's reset forgets the objects: no destroy needed
    return {"seconds": times, "calls": calls}


def add_seconds(into: dict[str, list[float]], result: dict[str, Any]) -> None:
    """Append a run's seconds per operation to each operation's list."""
    for op, seconds in result["seconds"].items():
        into.setdefault(op, []).append(seconds)


def overhead(
    emulator: Emulator,
    state_dir: Path,
    sizes: tuple[int, ...],
    reps: dict[int, int],
    minimal_floor_n: int,
) -> dict[int, dict[str, dict[str, list[float]]]]:
    """Seconds per (N, stack kind, operation), every repetition, kinds interleaved."""
    runs: dict[int, dict[str, dict[str, list[float]]]] = {}
    for n in sizes:
        kinds = ("amp", "floor", "floor_min") if n == minimal_floor_n else ("amp", "floor")
        runs[n] = {kind: {} for kind in kinds}
        for rep in range(reps[n]):
            order = kinds if rep % 2 == 0 else kinds[::-1]
            for kind in order:
                result = one_run(kind, n, rep, emulator, state_dir)
                add_seconds(runs[n][kind], result)
                log(
                    f"N={n} rep {rep + 1}/{reps[n]} {kind}: "
                    + ", ".join(f"{op} {s:.2f}s" for op, s in result["seconds"].items())
                )
    return runs


def latency(emulator: Emulator, state_dir: Path, reps: int) -> dict[str, Any]:
    """Each operation with 50 ms per request against floor + calls x 50 ms / 4.

    The floor of the ideal is measured here, next to the runs it scores, not taken from the
    overhead runs minutes earlier (this machine's speed drifts between phases). The same floor
    stack is then refreshed twice more: as the sleeping floor (each read waits 50 ms: a
    provider that costs nothing but the latency) and as the HTTP floor (each read makes one
    real GET through httpx to the emulator: what the round trips themselves cost on this
    machine). The Ampersand stack and the floor stack alternate.
    """
    measured: dict[str, list[float]] = {}
    floor: dict[str, list[float]] = {}
    floors: dict[str, list[float]] = {"sleeping": [], "http": []}
    calls: dict[str, int] = {}
    probe = f"{emulator.url}{INTEGRATIONS.format(p=PROJECT)} {API_KEY}"

    def floor_reads(stack: Stack) -> None:
        stack.set_env(**{READ_SLEEP_ENV: str(LATENCY_MS)})
        floors["sleeping"].append(stack.timed("refresh"))
        stack.set_env(**{READ_SLEEP_ENV: "", READ_GET_ENV: probe})
        floors["http"].append(stack.timed("refresh"))

    def amp(rep: int) -> None:
        nonlocal calls
        result = one_run("amp", LATENCY_N, rep, emulator, state_dir, LATENCY_MS)
        add_seconds(measured, result)
        calls = result["calls"]

    def bare(rep: int) -> None:
        add_seconds(
            floor, one_run("floor", LATENCY_N, rep, emulator, state_dir, LATENCY_MS, floor_reads)
        )

    runs = (amp, bare)
    for rep in range(reps):
        for run in runs if rep % 2 == 0 else runs[::-1]:
            run(rep)
        log(
            f"latency {LATENCY_MS:g} ms, N={LATENCY_N} rep {rep + 1}/{reps}: "
            + ", ".join(f"{op} {s[-1]:.2f}s" for op, s in measured.items())
            + f"; floor refresh {floor['refresh'][-1]:.2f}s, sleeping "
            + f"{floors['sleeping'][-1]:.2f}s, http {floors['http'][-1]:.2f}s"
        )
    figures: dict[str, Any] = {}
    for op in OPERATIONS:
        ideal = statistics.median(floor[op]) + calls[op] * LATENCY_MS / 1000 / WORKERS
        figures[op] = {
            "seconds": statistics.median(measured[op]),
            "calls": calls[op],
            "floor_seconds": statistics.median(floor[op]),
            "ideal_seconds": ideal,
            "ratio": statistics.median(measured[op]) / ideal,
        }
    ideal = figures["refresh"]["ideal_seconds"]
    for name, runs_of, calls_made in (
        ("sleeping", floors["sleeping"], 0),
        ("http", floors["http"], calls["refresh"]),
    ):
        figures[f"refresh_{name}_floor"] = {
            "seconds": statistics.median(runs_of),
            "calls": calls_made,
            "ideal_seconds": ideal,  # the ideal of the Ampersand stack's refresh
            "ratio": statistics.median(runs_of) / ideal,
        }
    return figures


# -- the table -----------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def build(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(os.environ.setdefault("BENCH_WORK_DIR", micro.scratch_dir()))
    state_dir = work / "state"
    sizes = (API_N,) if args.quick else SIZES
    reps = {n: 1 if args.quick else REPS for n in sizes}
    started = time.perf_counter()
    emulator = Emulator(args.emulator)
    try:
        log(f"emulator ({args.emulator}) at {emulator.url}; work dir {work}")
        log("API calls per operation")
        calls, detail = api_calls(emulator, state_dir)
        log("overhead against the floor")
        minimal_n = MINIMAL_FLOOR_N if MINIMAL_FLOOR_N in sizes else sizes[-1]
        runs = overhead(emulator, state_dir, sizes, reps, minimal_n)
        lat_n = LATENCY_N if LATENCY_N in runs else sizes[-1]
        log("latency")
        globals()["LATENCY_N"] = lat_n
        lat = latency(emulator, state_dir, 1 if args.quick else LATENCY_REPS)
    finally:
        emulator.close()
    log("import time, serialized provider, check + diff")
    state_sizes = {
        kind: {"base64_chars": len(b64), "pickle_bytes": stacks.pickle_bytes(b64)}
        for kind, b64 in detail["providers"].items()
    }
    imports = micro.import_seconds(micro.provider_b64())
    check_diff = micro.check_diff_us()
    shutil.rmtree(work, ignore_errors=True)

    ratios: dict[str, dict[str, float]] = {"up": {}, "preview": {}, "refresh": {}}
    seconds: dict[str, Any] = {}
    for n, kinds in runs.items():
        seconds[str(n)] = {
            kind: {op: {"median": median(v), "runs": v} for op, v in ops.items()}
            for kind, ops in kinds.items()
        }
        for op in ratios:
            ratios[op][str(n)] = median(kinds["amp"][op]) / median(kinds["floor"][op])
    minimal = runs[minimal_n]
    return {
        "api_calls": calls,
        "overhead_ratio": ratios,
        "overhead_ratio_minimal_floor": {
            "n": minimal_n,
            **{op: median(minimal["amp"][op]) / median(minimal["floor_min"][op]) for op in ratios},
        },
        "latency_ratio": {
            "latency_ms": LATENCY_MS,
            "n": lat_n,
            "workers": WORKERS,
            **{op: lat[op]["ratio"] for op in lat},
            "detail": lat,
        },
        "provider_pickle_bytes": {
            "state": state_sizes,
            "serialize_provider": micro.serialized_provider_sizes(),
        },
        "import_seconds": {
            "target_applies_to": "cached.wall_minus_pulumi",
            **imports,
        },
        "check_diff_us": {"objects": 50, "fields": 50, **check_diff},
        "cores": {
            "cpu_count": os.cpu_count(),
            "available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        },
        "seconds": seconds,
        "repetitions": {str(n): reps[n] for n in sizes}
        | {"latency": 1 if args.quick else LATENCY_REPS},
        "api_calls_detail": detail["raw"],
        "environment": {
            "emulator": args.emulator,
            "python": platform.python_version(),
            "pulumi_bin": os.environ.get("PULUMI_AMPERSAND_BIN"),
            "quick": args.quick,
        },
        "bench_seconds": time.perf_counter() - started,
    }


def table(result: dict[str, Any]) -> str:
    rows: list[tuple[str, str, str]] = []
    calls = result["api_calls"]
    targets = {
        "create_integration": "2",
        "update_integration_content": "2",
        "no_change_preview": "0",
        "refresh_per_resource": "1",
        "create_installation": "1",
        "update_installation": "1",
        "delete_installation": "1",
    }
    for key, value in calls.items():
        rows.append((f"api calls: {key}", f"{value:g}", targets.get(key, "")))
    for op, by_n in result["overhead_ratio"].items():
        for n, ratio in by_n.items():
            amp = result["seconds"][n]["amp"][op]["median"]
            floor = result["seconds"][n]["floor"][op]["median"]
            rows.append(
                (
                    f"overhead {op} N={n}",
                    f"{ratio:.2f}  ({amp:.2f}s / {floor:.2f}s)",
                    "<= 1.25" if (op, n) == ("up", "100") else "",
                )
            )
    minimal = result["overhead_ratio_minimal_floor"]
    for op in ("up", "preview", "refresh"):
        amp = result["seconds"][str(minimal["n"])]["amp"][op]["median"]
        floor = result["seconds"][str(minimal["n"])]["floor_min"][op]["median"]
        rows.append(
            (
                f"vs minimal floor {op} N={minimal['n']}",
                f"{minimal[op]:.2f}  ({amp:.2f}s / {floor:.2f}s)",
                "",
            )
        )
    lat = result["latency_ratio"]
    for op in (*OPERATIONS, "refresh_sleeping_floor", "refresh_http_floor"):
        d = lat["detail"][op]
        rows.append(
            (
                f"latency {lat['latency_ms']:g}ms {op} N={lat['n']}",
                f"{d['ratio']:.2f}  ({d['seconds']:.2f}s / ideal {d['ideal_seconds']:.2f}s: "
                + (
                    f"floor {d['floor_seconds']:.2f}s + {d['calls']} calls)"
                    if op in OPERATIONS
                    else f"refresh's; {d['calls']} calls made)"
                ),
                "<= 1.1" if op in OPERATIONS else "",
            )
        )
    for source, sizes in result["provider_pickle_bytes"].items():
        for kind, size in sizes.items():
            rows.append(
                (
                    f"__provider {kind} ({source})",
                    f"{size['base64_chars']} b64 chars, {size['pickle_bytes']} pickle bytes",
                    "<= 2048",
                )
            )
    for env in ("cached", "as_is"):
        imp = result["import_seconds"][env]
        rows.append(
            (
                f"import ({env}): -X importtime total",
                f"{imp['importtime_total']:.3f}s (pulumi alone {imp['importtime_pulumi']:.3f}s)",
                "",
            )
        )
        rows.append(
            (
                f"import ({env}): wall amp - pulumi",
                f"{imp['wall_minus_pulumi']:.3f}s "
                f"({imp['wall_import_pulumi_ampersand']:.3f}s - "
                f"{imp['wall_import_pulumi']:.3f}s)",
                "<= 0.3" if env == "cached" else "",
            )
        )
        rows.append(
            (
                f"import ({env}): + models and client, - pulumi",
                f"{imp['wall_first_use_minus_pulumi']:.3f}s",
                "<= 0.3" if env == "cached" else "",
            )
        )
        rows.append(
            (
                f"import ({env}): provider host unpickle",
                f"{imp['provider_host_unpickle_minus_host']:.3f}s",
                "",
            )
        )
    cd = result["check_diff_us"]
    for kind in ("integration", "installation"):
        rows.append(
            (
                f"check+diff {kind} 50x50",
                f"check {cd[kind]['check']:.0f} us, diff {cd[kind]['diff']:.0f} us",
                "",
            )
        )
    cores = result["cores"]
    rows.append(("cores", f"{cores['available']} available ({cores['cpu_count']} cpu_count)", ""))
    rows.append(("bench wall time", f"{result['bench_seconds']:.0f}s", "< 600"))
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    lines = [f"{'figure':<{width}}  {'value':<{vwidth}}  target"]
    lines += [f"{a:<{width}}  {b:<{vwidth}}  {c}".rstrip() for a, b, c in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N=10 only, one repetition")
    parser.add_argument("--emulator", choices=["subprocess", "inprocess"], default="subprocess")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args(argv)
    result = build(args)
    print(table(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=False) + "\n")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
