"""The one mock engine of the tests (``Recorder``), and running a program under it.

``run_program`` runs a Pulumi program (source text) under ``pulumi.runtime.set_mocks`` and
validates it.

Mocks never start an engine or a provider: they record what the program registers. Each
recorded Integration and Installation is then put through its provider's ``check_inputs`` (the
preview-time validation), so a documented program that ``pulumi preview`` would reject fails
here too.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulumi

from pulumi_ampersand import InstallationProvider, IntegrationProvider

INTEGRATION = "pulumi-python:dynamic/ampersand:Integration"
INSTALLATION = "pulumi-python:dynamic/ampersand:Installation"


class Recorder(pulumi.runtime.Mocks):
    """Records every resource; ids are ``id-of-<name>``, revisions ``rev-of-<name>``."""

    def __init__(self) -> None:
        self.resources: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        outputs = dict(args.inputs)
        if args.typ == INTEGRATION:
            outputs["latest_revision_id"] = f"rev-of-{args.name}"
        return f"id-of-{args.name}", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], None]:
        return {}, None

    def inputs(self, typ: str) -> dict[str, dict[str, Any]]:
        """The recorded inputs of every resource of one type, by resource name."""
        return {
            name: {k: v for k, v in args.inputs.items() if k != "__provider"}
            for name, args in self.resources.items()
            if args.typ == typ
        }


@contextlib.contextmanager
def _cwd(path: Path | None) -> Iterator[None]:
    before = Path.cwd()
    if path is not None:
        os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_program(source: str, filename: str = "<program>", cwd: Path | None = None) -> Recorder:
    """Run ``source`` as a Pulumi program under mocks; raise if it or its inputs are invalid."""
    recorder = Recorder()
    pulumi.runtime.set_mocks(recorder, project="docs", stack="test", preview=False)
    code = compile(source, filename, "exec")

    @pulumi.runtime.test
    def program() -> None:
        exec(code, {"__name__": "__main__", "__file__": filename})

    with _cwd(cwd):
        program()
    for typ, provider in (
        (INTEGRATION, IntegrationProvider()),
        (INSTALLATION, InstallationProvider()),
    ):
        for name, inputs in recorder.inputs(typ).items():
            _, failures = provider.check_inputs(inputs)
            problems = [f"{f.property}: {f.reason}" for f in failures]
            assert not problems, f"{filename}: {name} would fail preview: {problems}"
    return recorder
