"""Where the model tests find the shared reference material (../shared from the repo root)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
TESTDATA = SHARED / "amp-yaml-validator" / "testdata"
SCHEMAS = SHARED / "ampersand-openapi"


def load_yaml(path: Path) -> Any:
    """A YAML file as plain data."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
