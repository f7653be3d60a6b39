"""The request journal: what each API call asked for and what it got, for test assertions.

Only ``/v1`` calls are journaled (not the ``/_emulator`` controls). The ``X-Api-Key`` and
``Authorization`` header values are never recorded: ``headers`` shows them as ``"<redacted>"``.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Journal", "JournalEntry"]

REDACTED = "<redacted>"
SECRET_HEADERS = frozenset({"x-api-key", "authorization"})


@dataclass(frozen=True)
class JournalEntry:
    """One API call."""

    seq: int
    """1 for the first call since the journal was last cleared."""
    method: str
    path: str
    """The path under ``/v1``, as sent: ``/projects/demo/integrations``."""
    route: str | None
    """The route template (``/projects/{p}/integrations/{i}/revisions``); None if none matched."""
    query: dict[str, str]
    headers: dict[str, str]
    """Request headers, lower-cased names, credentials redacted."""
    body: Any
    """The request's JSON body (None when empty; the text when not JSON)."""
    status: int | None
    """The status the operation produced; None when the connection was dropped before it ran."""
    fault: str | None
    """The fault rule applied (``"<id>: drop after"``), if any."""
    duration_ms: float
    response: Any = field(default=None, repr=False)
    """The response's JSON body, if any."""
    received_at: float = 0.0
    """Wall-clock time (epoch seconds) the request arrived; the answer left ``duration_ms`` later.
    Tells how long a client waited between a 429 and its retry."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as served by ``GET /_emulator/requests``."""
        return asdict(self)


class Journal:
    """Thread-safe list of ``JournalEntry`` plus call counters by (method, route template)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[JournalEntry] = []
        self._counters: Counter[tuple[str, str]] = Counter()

    def record(
        self,
        *,
        method: str,
        path: str,
        route: str | None,
        query: dict[str, str],
        headers: dict[str, str],
        body: Any,
        status: int | None,
        fault: str | None,
        duration_ms: float,
        response: Any = None,
        received_at: float | None = None,
    ) -> JournalEntry:
        """Append an entry (headers are redacted here) and count it.

        ``received_at`` is when the request arrived (epoch seconds; now when omitted).
        """
        safe_headers = {
            name.lower(): REDACTED if name.lower() in SECRET_HEADERS else value
            for name, value in headers.items()
        }
        with self._lock:
            entry = JournalEntry(
                seq=len(self._entries) + 1,
                method=method,
                path=path,
                route=route,
                query=dict(query),
                headers=safe_headers,
                body=body,
                status=status,
                fault=fault,
                duration_ms=round(duration_ms, 3),
                response=response,
                received_at=time.time() if received_at is None else received_at,
            )
            self._entries.append(entry)
            self._counters[(method, route or path)] += 1
            return entry

    def entries(self) -> list[JournalEntry]:
        """Every entry, oldest first."""
        with self._lock:
            return list(self._entries)

    def counters(self) -> dict[tuple[str, str], int]:
        """Calls per (method, route template); unmatched paths count under the path itself."""
        with self._lock:
            return dict(self._counters)

    def count(self, method: str, route: str) -> int:
        """Calls of one (method, route template)."""
        with self._lock:
            return self._counters[(method, route)]

    def clear(self) -> None:
        """Forget every entry and counter."""
        with self._lock:
            self._entries.clear()
            self._counters.clear()
