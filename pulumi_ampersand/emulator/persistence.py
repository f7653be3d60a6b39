"""The emulator's state file: every project, the issued secrets and the seeded generator.

Written atomically (a temporary file, then ``os.replace``) after every mutation, and read at
start, so an emulator with a ``state_file`` survives restarts.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .entities import StoredProject

__all__ = ["STATE_FORMAT", "SavedState", "load_state", "save_state"]

STATE_FORMAT = 1


@dataclass
class SavedState:
    projects: list[StoredProject]
    issued_secrets: list[str]
    rng_state: Any
    """``random.Random.getstate()`` of a seeded backend, else None."""
    ticks: int


def save_state(path: Path, state: SavedState) -> None:
    data = {
        "format": STATE_FORMAT,
        "projects": [dataclasses.asdict(p) for p in state.projects],
        "issuedSecrets": state.issued_secrets,
        "rngState": state.rng_state,
        "ticks": state.ticks,
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1, default=str))
    os.replace(temporary, path)


def load_state(path: Path) -> SavedState:
    data = json.loads(path.read_text())
    if data.get("format") != STATE_FORMAT:
        raise ValueError(f"{path}: unsupported emulator state format {data.get('format')!r}")
    rng_state = data.get("rngState")
    if rng_state is not None:  # JSON made the state's tuple a list
        version, internal, gauss = rng_state
        rng_state = (version, tuple(internal), gauss)
    return SavedState(
        projects=[StoredProject.from_dict(p) for p in data["projects"]],
        issued_secrets=list(data["issuedSecrets"]),
        rng_state=rng_state,
        ticks=int(data.get("ticks", 0)),
    )
