#!/usr/bin/env python3
"""The reliability scenarios of tests/reliability over many random seeds: ``make soak``.

Runs the same scenario functions as the CI tests (``tests/reliability/scenarios.py``), each
random seed on a fresh emulator and stack, in parallel worker processes, then the hypothesis
bad-input tests with many more examples, and prints one table::

    scenario, random seeds, converged in 1 / in 2 / in 3+ ups, failed, duplicates, orphans, missing,
    secret hits, time

"converged in N": the number of ``pulumi up`` runs until the API held exactly the declared
objects and ``preview --expect-no-changes`` passed (server errors, 30% of requests and, to push
harder, 60%: the 2nd up keeps the faults, a 3rd has none; interruption: the up after
``refresh --clear-pending-creates``, and one more with ``adopt=True`` when an interrupted create
had been made). A random seed that breaks an invariant is listed under "failed" with its
message, to replay with
``python scripts/soak.py --only <scenario> --random-seeds <random_seed>``.

    PULUMI_AMPERSAND_BIN=... python scripts/soak.py [--workers 2] [--server-error-runs 50]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Job:
    scenario: str
    random_seed: int
    groups: int


@dataclass
class Row:
    scenario: str
    random_seeds: list[int] = field(default_factory=list)
    converged: dict[str, int] = field(default_factory=lambda: {"1": 0, "2": 0, "3+": 0})
    failed: list[str] = field(default_factory=list)
    duplicates: int = 0
    orphans: int = 0
    missing: int = 0
    secret_hits: int = 0
    seconds: float = 0.0


def _runner(scenario: str) -> Callable[..., object]:
    from tests.reliability import scenarios as s

    return {
        "rate-limits": lambda fleet, random_seed: s.run_rate_limits(fleet, random_seed),
        "server-errors": lambda fleet, random_seed: s.run_server_errors(fleet, random_seed),
        "server-errors-60%": lambda fleet, random_seed: s.run_server_errors(
            fleet, random_seed, rate=0.6
        ),
        "ambiguous-drop": lambda fleet, random_seed: s.run_ambiguous_creates(
            fleet, random_seed, "drop"
        ),
        "ambiguous-slow": lambda fleet, random_seed: s.run_ambiguous_creates(
            fleet, random_seed, "slow"
        ),
        "interruption": lambda fleet, random_seed: s.run_interruption(fleet, random_seed),
    }[scenario]


def run_job(job: Job) -> dict[str, object]:
    """One random seed of one scenario on a fresh emulator and stack (in a worker process)."""
    from tests.reliability.scenarios import Fleet, fresh_project

    started = time.monotonic()
    try:
        with fresh_project() as project:
            fleet = Fleet(project, groups=job.groups)
            outcome = _runner(job.scenario)(fleet, job.random_seed)
        return {"job": job, "outcome": outcome, "seconds": time.monotonic() - started}
    except BaseException as error:  # an invariant broke: report it with the random seed
        last = traceback.format_exception_only(type(error), error)[-1].strip()
        return {"job": job, "error": last[:300], "seconds": time.monotonic() - started}


def hypothesis_row(examples: int) -> Row:
    """The bad-input tests with many examples, as one row (examples counted as random seeds)."""
    row = Row(f"bad-input x{examples}")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/reliability/test_bad_input.py"],
        cwd=ROOT,
        env={**os.environ, "RELIABILITY_EXAMPLES": str(examples)},
        capture_output=True,
        text=True,
    )  # fmt: skip
    row.seconds = time.monotonic() - started
    row.random_seeds = [0]
    if done.returncode == 0:
        row.converged["1"] = 1
    else:
        row.failed.append(done.stdout.strip().splitlines()[-1] if done.stdout else done.stderr)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-error-runs", type=int, default=50)
    parser.add_argument("--heavy-runs", type=int, default=10, help="60%% server errors")
    parser.add_argument("--interruption-runs", type=int, default=8)
    parser.add_argument("--ambiguous-runs", type=int, default=4)
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis examples")
    parser.add_argument("--only", help="one scenario")
    parser.add_argument("--random-seeds", help="comma-separated random seeds for --only")
    args = parser.parse_args(argv)

    plan: dict[str, tuple[list[int], int]] = {
        "rate-limits": ([1], 20),
        "server-errors": (list(range(1000, 1000 + args.server_error_runs)), 5),
        "server-errors-60%": (list(range(1500, 1500 + args.heavy_runs)), 5),
        "ambiguous-drop": (list(range(2000, 2000 + args.ambiguous_runs)), 5),
        "ambiguous-slow": (list(range(2100, 2100 + args.ambiguous_runs)), 5),
        "interruption": (list(range(3000, 3000 + args.interruption_runs)), 5),
    }
    if args.only:
        random_seeds, groups = plan[args.only]
        if args.random_seeds:
            random_seeds = [int(s) for s in args.random_seeds.split(",")]
        plan = {args.only: (random_seeds, groups)}
    jobs = [
        Job(name, random_seed, groups)
        for name, (random_seeds, groups) in plan.items()
        for random_seed in random_seeds
    ]
    rows = {name: Row(name) for name in plan}
    started = time.monotonic()
    print(f"soak: {len(jobs)} scenario runs on {args.workers} workers", flush=True)
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(run_job, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            job = result["job"]
            assert isinstance(job, Job)
            row = rows[job.scenario]
            row.random_seeds.append(job.random_seed)
            row.seconds += float(result["seconds"])  # type: ignore[arg-type]
            outcome = result.get("outcome")
            if outcome is None or getattr(outcome, "converged_in", None) is None:
                row.failed.append(
                    f"random seed {job.random_seed}: {result.get('error', 'did not converge')}"
                )
                status = "FAILED"
            else:
                n = outcome.converged_in  # type: ignore[attr-defined]
                row.converged["1" if n == 1 else "2" if n == 2 else "3+"] += 1
                status = f"converged in {n}"
            if outcome is not None:
                row.duplicates += outcome.duplicates  # type: ignore[attr-defined]
                row.orphans += outcome.orphans  # type: ignore[attr-defined]
                row.missing += outcome.missing  # type: ignore[attr-defined]
                row.secret_hits += len(outcome.secret_hits)  # type: ignore[attr-defined]
            print(
                f"  [{done}/{len(jobs)}] {job.scenario} random_seed={job.random_seed}: {status}",
                flush=True,
            )
    if not args.only:
        rows["bad-input"] = hypothesis_row(args.examples)
    total = time.monotonic() - started
    print(table(list(rows.values())))
    print(f"wall time: {total:.0f} s")
    failures = [f"{r.scenario} {f}" for r in rows.values() for f in r.failed]
    for failure in failures:
        print(f"FAILED {failure}")
    bad = any(r.duplicates or r.orphans or r.missing or r.secret_hits for r in rows.values())
    return 1 if failures or bad else 0


def table(rows: list[Row]) -> str:
    head = (
        "scenario",
        "random seeds",
        "in 1 up",
        "in 2 ups",
        "in 3+",
        "failed",
        "duplicates",
        "orphans",
        "missing",
        "secret hits",
        "cpu-s",
    )
    lines = [
        (
            r.scenario,
            str(len(r.random_seeds)),
            str(r.converged["1"]),
            str(r.converged["2"]),
            str(r.converged["3+"]),
            str(len(r.failed)),
            str(r.duplicates),
            str(r.orphans),
            str(r.missing),
            str(r.secret_hits),
            f"{r.seconds:.0f}",
        )
        for r in rows
    ]
    widths = [max(len(c) for c in column) for column in zip(head, *lines, strict=True)]

    def fmt(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(head), rule, *map(fmt, lines)])


if __name__ == "__main__":
    sys.exit(main())
