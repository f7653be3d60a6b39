"""``python -m pulumi_ampersand.emulator`` / ``ampersand-emulator``: run the emulator standalone."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from .server import EmulatorServer

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ampersand-emulator",
        description="A local Ampersand-compatible API server (see docs/emulator.md).",
    )
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--api-key", help="the only accepted X-Api-Key (default: any)")
    parser.add_argument("--seed", type=Path, help="JSON seed file to load at start")
    parser.add_argument("--state-file", type=Path, help="persist the state to this JSON file")
    parser.add_argument("--random-seed", type=int, help="deterministic ids and times")
    parser.add_argument(
        "--auto-connections",
        action="store_true",
        help="create an OAuth connection for a group that has none when installing",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start the emulator, print its URL, and serve until SIGTERM or SIGINT."""
    args = _parser().parse_args(argv)
    server = EmulatorServer(
        args.host,
        args.port,
        api_key=args.api_key,
        state_file=args.state_file,
        random_seed=args.random_seed,
        auto_connections=args.auto_connections,
    )
    if args.seed is not None:
        server.backend.seed(json.loads(args.seed.read_text()))
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with server:
        print(f"Ampersand emulator listening on {server.url}", flush=True)
        while not stopping.wait(0.5):
            pass
    print("Ampersand emulator stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
