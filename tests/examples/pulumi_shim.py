"""A stand-in ``pulumi`` for testing examples/ci-preview/ci-preview.sh with the devstack CLI.

The CLI built here has no Python language host, so ``pulumi preview`` of a Python project
cannot run as a plain command; this shim takes the subset of the CLI that the script uses
(``stack select [--create]``, ``preview [--diff] [--expect-no-changes]``, ``up --yes``,
``destroy --yes``, with ``--stack``, ``--cwd``, ``--non-interactive``) and runs it through
scripts/devstack: the real engine, dynamic-provider process and file backend
(``PULUMI_BACKEND_URL``), the program run in-process. Every call is appended to
``$PULUMI_SHIM_LOG`` as one JSON list of arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from devstack import DevStack
from pulumi import automation as auto


def main(argv: list[str]) -> int:
    with open(os.environ["PULUMI_SHIM_LOG"], "a") as log:
        log.write(json.dumps(argv) + "\n")
    parser = argparse.ArgumentParser(prog="pulumi")
    parser.add_argument("words", nargs="+")
    parser.add_argument("--stack", "-s")
    parser.add_argument("--cwd", "-C", default=".")
    parser.add_argument("--create", "-c", action="store_true")
    parser.add_argument("--diff", action="store_true")
    parser.add_argument("--expect-no-changes", action="store_true")
    parser.add_argument("--yes", "-y", action="store_true")
    parser.add_argument("--non-interactive", action="store_true")
    args = parser.parse_intermixed_args(argv)
    if args.words[:2] == ["stack", "select"]:
        name = args.words[2] if len(args.words) > 2 else args.stack
    else:
        name = args.stack
    state = Path(os.environ["PULUMI_SHIM_STATE"]) / name
    backend = os.environ["PULUMI_BACKEND_URL"]
    selecting = args.words[:2] == ["stack", "select"]
    if selecting and not args.create and not (state / "workspace").exists():
        print(f"error: no stack named '{name}' found", file=sys.stderr)
        return 255
    stack = DevStack(args.cwd, state, stack=name, env={"PULUMI_BACKEND_URL": backend})
    try:
        if args.words == ["preview"]:
            stack.preview(diff=args.diff, expect_no_changes=args.expect_no_changes or None)
        elif args.words == ["up"]:
            assert args.yes, "up without --yes would prompt in CI"
            stack.up(diff=args.diff)
        elif args.words == ["destroy"]:
            assert args.yes, "destroy without --yes would prompt in CI"
            stack.destroy()
        elif args.words[:2] != ["stack", "select"]:
            print(f"pulumi shim: unsupported command {argv}", file=sys.stderr)
            return 2
    except auto.CommandError as exc:
        print(exc, file=sys.stderr)
        return 255
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
