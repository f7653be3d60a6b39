"""Run a Python script in a fresh interpreter, as the engine starts a provider process."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def run_fresh(script: str, stdin: Any = None) -> Any:
    """Run ``script`` with this interpreter; ``stdin`` goes in as JSON, stdout comes back parsed.

    The script must print one JSON document. A failing script fails the test with its stderr.
    """
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=None if stdin is None else json.dumps(stdin),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
