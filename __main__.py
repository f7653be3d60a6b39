"""The repository's quickstart stack: ``pulumi up`` here runs examples/quickstart/__main__.py.

Pulumi.yaml cannot name that directory as ``main:``: the language host resolves the relative
``virtualenv`` option against the project root, but the dynamic-provider plugin resolves it
against the program's directory, so the two would look for different virtualenvs.
"""

import runpy
from pathlib import Path

runpy.run_path(
    str(Path(__file__).resolve().parent / "examples" / "quickstart" / "__main__.py"),
    run_name="__main__",
)
