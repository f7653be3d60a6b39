#!/usr/bin/env python3
"""Turn the producer stack's outputs into ``KEY=value`` lines for a service's environment.

A plain script, no Pulumi SDK: it runs ``pulumi stack output --json`` and prints a .env file.

    python service_env.py --stack dev --cwd producer > service.env
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys


def stack_outputs(stack: str, cwd: str) -> dict[str, object]:
    """The stack's outputs, as ``pulumi stack output --json`` prints them."""
    result = subprocess.run(
        ["pulumi", "stack", "output", "--json", "--stack", stack],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    outputs: dict[str, object] = json.loads(result.stdout)
    return outputs


def env_lines(outputs: dict[str, object]) -> list[str]:
    """``KEY=value`` lines: one per id, one per group's installation."""
    lines = [
        f"AMPERSAND_INTEGRATION_ID={outputs['integration_id']}",
        f"AMPERSAND_REVISION_ID={outputs['revision_id']}",
    ]
    installations = outputs.get("installation_ids") or {}
    assert isinstance(installations, dict)
    for group, installation_id in sorted(installations.items()):
        key = "AMPERSAND_INSTALLATION_ID_" + group.upper().replace("-", "_")
        lines.append(f"{key}={installation_id}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", required=True, help="the producer's stack name")
    parser.add_argument("--cwd", default=".", help="the producer's project directory")
    args = parser.parse_args()
    print("\n".join(env_lines(stack_outputs(args.stack, args.cwd))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
