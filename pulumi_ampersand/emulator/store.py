"""What every Backend operation stands on: the state, its lock, ids, time, persistence.

``locked`` and ``mutation`` wrap an operation: under the one lock, and (for a mutation) saving
the state file after it succeeded.
"""

from __future__ import annotations

import functools
import os
import random
import re
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from .entities import StoredProject
from .errors import ProblemNotFound, format_time
from .persistence import SavedState, load_state, save_state

__all__ = ["Store", "locked", "mutation"]

# Name pattern of createProject; any other {projectIdOrName} is not a project.
PROJECT_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$")
PROJECT_NAMESPACE = uuid.UUID("5b8c3f0e-6a52-4d8e-9a51-0f4c2d9b7e10")
SEEDED_EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="Store")


def locked(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run under the backend's lock."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(wrapper, method)
    return wrapper


def mutation(
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R]:
    """Run under the backend's lock, then save the state when the method succeeded."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            result = method(self, *args, **kwargs)
            self._save()
            return result

    functools.update_wrapper(wrapper, method)
    return wrapper


class Store:
    """The projects, the issued secrets, the seeded generator, and the lock over them all."""

    def __init__(
        self,
        *,
        random_seed: int | None = None,
        state_file: str | os.PathLike[str] | None = None,
        auto_connections: bool = False,
    ) -> None:
        self._lock = threading.RLock()
        self._seed = random_seed
        self._state_file = Path(state_file) if state_file is not None else None
        self.auto_connections = auto_connections
        self._projects: dict[str, StoredProject] = {}
        self._issued_secrets: list[str] = []
        self._rng = random.Random(random_seed)
        self._ticks = 0
        if self._state_file is not None and self._state_file.exists():
            self._load(self._state_file)

    # --- ids, time, persistence ---

    def new_id(self) -> str:
        """A UUID: from the seeded generator when seeded, else random."""
        with self._lock:
            if self._seed is None:
                return str(uuid.uuid4())
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def now(self) -> datetime:
        """The current time: a one-second-per-call clock when seeded, else the wall clock."""
        with self._lock:
            if self._seed is None:
                return datetime.now(timezone.utc)
            self._ticks += 1
            return SEEDED_EPOCH + timedelta(seconds=self._ticks)

    def _timestamp(self) -> str:
        return format_time(self.now())

    def _token(self, kind: str) -> str:
        return f"emu-{kind}-{self.new_id().replace('-', '')}"

    def _save(self) -> None:
        if self._state_file is None:
            return
        rng_state = self._rng.getstate() if self._seed is not None else None
        saved = SavedState(
            list(self._projects.values()), self._issued_secrets, rng_state, self._ticks
        )
        save_state(self._state_file, saved)

    def _load(self, path: Path) -> None:
        saved = load_state(path)
        self._projects = {p.id: p for p in saved.projects}
        self._issued_secrets = saved.issued_secrets
        if saved.rng_state is not None and self._seed is not None:
            self._rng.setstate(saved.rng_state)
        self._ticks = saved.ticks

    # --- projects ---

    def _project(self, id_or_name: str) -> StoredProject:
        """The project with this id or name; a well-formed name that is new creates it."""
        if id_or_name in self._projects:
            return self._projects[id_or_name]
        name = id_or_name.lower()
        for project in self._projects.values():
            if project.name == name:
                return project
        if not PROJECT_NAME.match(id_or_name):
            raise ProblemNotFound(f"Project {id_or_name!r} not found.")
        project = StoredProject(
            id=str(uuid.uuid5(PROJECT_NAMESPACE, name)), name=name, create_time=self._timestamp()
        )
        self._projects[project.id] = project
        return project
