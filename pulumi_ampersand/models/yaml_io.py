"""Reading and writing amp.yaml, the manifest ``amp deploy`` and ``POST .../revisions`` take."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import yaml

from .check import Issue, check_manifest
from .manifest import IntegrationArgs
from .shapes import SPEC_VERSION, to_wire

__all__ = ["ManifestError", "dump_manifest", "load_manifest"]


class ManifestError(ValueError):
    """An amp.yaml that cannot be used; ``issues`` lists every problem, with wire paths."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        lines = [f"  {issue.path or '<document>'}: {issue.message}" for issue in issues]
        super().__init__(f"invalid amp.yaml, {len(issues)} issue(s):\n" + "\n".join(lines))


def load_manifest(source: str | os.PathLike[str]) -> dict[str, IntegrationArgs]:
    """Load and check an amp.yaml; return its integrations keyed by name.

    ``source`` is a path (a ``PathLike``, or a one-line string naming an existing file or
    ending in ``.yaml``/``.yml``) or the YAML text itself. Raises ``ManifestError`` listing
    every issue (paths like ``integrations[0].read.objects[1].schedule``), or ``OSError`` if
    the file cannot be read.
    """
    try:
        data = yaml.safe_load(_read(source))
    except yaml.YAMLError as exc:
        raise ManifestError([Issue("", f"Not valid YAML ({exc}); fix the syntax.")]) from exc
    manifest, issues = check_manifest(data if data is not None else {}, style="wire")
    if manifest is None:
        raise ManifestError(issues)
    return {integration.name: integration for integration in manifest.integrations}


def dump_manifest(integrations: Sequence[IntegrationArgs], spec_version: str = SPEC_VERSION) -> str:
    """The amp.yaml text for these integrations: camelCase keys, None omitted, schema order."""
    document = {
        "specVersion": spec_version,
        "integrations": [to_wire(integration) for integration in integrations],
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _read(source: str | os.PathLike[str]) -> str:
    if isinstance(source, os.PathLike):
        return Path(source).read_text(encoding="utf-8")
    if "\n" not in source and (source.endswith((".yaml", ".yml")) or _is_file(source)):
        return Path(source).read_text(encoding="utf-8")
    return source


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except (OSError, ValueError):
        return False
