"""Fault injection: declarative rules that turn matching API calls into errors, delays or drops.

A rule matches on ``method`` and a ``path`` regex (searched in the path under ``/v1``) or an
exact ``route`` template, then fires subject to ``every`` (every Nth match), ``probability``
(its own ``random.Random(random_seed)``) and ``count`` (at most that many times). The first rule
that fires wins. Its effects, in order: ``latency_ms`` (sleep), then either ``drop``
(``"before"``: close the connection without running the operation; ``"after"``: run and
commit it, then close the connection) or ``status`` (answer a problem instead of running the
operation, with ``Retry-After`` when ``retry_after`` is set and ``retryAfter`` in the body when
``retry_after_in_body`` is). A rule with only ``latency_ms`` delays the call and lets it run.
"""

from __future__ import annotations

import itertools
import random
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

__all__ = ["FaultRule", "Faults"]

Drop = Literal["before", "after"]


@dataclass
class FaultRule:
    """One fault: where it applies, when it fires, and what it does."""

    method: str | None = None
    """HTTP method to match (any when None)."""
    path: str | None = None
    """Regex searched in the path under ``/v1`` (any when None)."""
    route: str | None = None
    """Exact route template to match, e.g. ``/projects/{p}/integrations`` (any when None)."""
    status: int | None = None
    """Answer this status (429, 500, 503...) instead of running the operation."""
    retry_after: float | None = None
    """Seconds sent as the ``Retry-After`` header."""
    retry_after_in_body: float | None = None
    """Seconds from now sent as the problem's ``retryAfter`` (with ``retryable: true``)."""
    detail: str | None = None
    """The problem's ``detail``."""
    latency_ms: float = 0
    """Delay before answering (a large value makes a client time out)."""
    drop: Drop | None = None
    """Close the connection without a response, ``"before"`` or ``"after"`` the operation."""
    probability: float = 1.0
    """Chance to fire on an eligible request, drawn from ``random.Random(random_seed)``."""
    random_seed: int | None = None
    count: int | None = None
    """Fire at most this many times."""
    every: int | None = None
    """Fire only on every Nth matching request (N, 2N, ...)."""
    id: str = field(default="", init=False)
    """Assigned when added."""
    matched: int = field(default=0, init=False)
    """Matching requests seen so far."""
    fired: int = field(default=0, init=False)
    """Times this rule fired so far."""
    _rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.random_seed)
        if self.drop not in (None, "before", "after"):
            raise ValueError(f"drop must be 'before' or 'after', not {self.drop!r}")
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError(f"status must be 400-599, not {self.status}")
        if not 0 <= self.probability <= 1:
            raise ValueError(f"probability must be between 0 and 1, not {self.probability}")
        if self.path is not None:
            try:
                re.compile(self.path)
            except re.error as exc:
                raise ValueError(f"path is not a valid regex: {exc}") from exc

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FaultRule:
        """A rule from its JSON form (as ``POST /_emulator/faults`` takes it)."""
        allowed = {f.name for f in fields(cls) if f.init}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ValueError(f"unknown fault field(s) {unknown}; allowed: {sorted(allowed)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, with the ``matched`` / ``fired`` counters."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "_rng"}

    def describe(self) -> str:
        """Short label for the journal: ``"f1: 429"``, ``"f2: drop after"``, ``"f3: latency"``."""
        if self.drop is not None:
            effect = f"drop {self.drop}"
        elif self.status is not None:
            effect = str(self.status)
        else:
            effect = "latency"
        return f"{self.id}: {effect}"

    def _matches(self, method: str, path: str, route: str | None) -> bool:
        return (
            (self.method is None or self.method.upper() == method)
            and (self.path is None or re.search(self.path, path) is not None)
            and (self.route is None or self.route == route)
        )

    def _fires(self) -> bool:
        self.matched += 1
        if self.count is not None and self.fired >= self.count:
            return False
        if self.every is not None and self.matched % self.every != 0:
            return False
        if self.probability < 1 and self._rng.random() >= self.probability:
            return False
        self.fired += 1
        return True


class Faults:
    """The active fault rules and the global latency; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self.latency_ms: float = 0
        """Delay added to every API call."""

    def add(self, rule: FaultRule | Mapping[str, Any]) -> FaultRule:
        """Add a rule (a ``FaultRule`` or its JSON form) after the existing ones; returns it."""
        if not isinstance(rule, FaultRule):
            rule = FaultRule.from_dict(rule)
        with self._lock:
            rule.id = f"f{next(self._ids)}"
            self._rules.append(rule)
        return rule

    def remove(self, rule_id: str) -> bool:
        """Remove one rule; False when there is none with this id."""
        with self._lock:
            kept = [r for r in self._rules if r.id != rule_id]
            removed = len(kept) != len(self._rules)
            self._rules = kept
            return removed

    def clear(self) -> None:
        """Remove every rule (the global latency stays)."""
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[FaultRule]:
        """The rules, in matching order."""
        with self._lock:
            return list(self._rules)

    def pick(self, method: str, path: str, route: str | None) -> FaultRule | None:
        """The first matching rule that fires for this call, counting the match on each rule."""
        with self._lock:
            for rule in self._rules:
                if rule._matches(method, path, route) and rule._fires():
                    return rule
            return None
