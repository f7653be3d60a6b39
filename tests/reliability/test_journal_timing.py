"""The journal's timing, which scenario 1 relies on to prove that 429 waits were honoured.

The journal had no time of arrival (only ``duration_ms``), so the gap between a 429 and its
retry could not be measured; ``JournalEntry.received_at`` was added for it. These tests also
show that ``check_waits`` catches a retry that came too early.
"""

from __future__ import annotations

import json
import time

from pulumi_ampersand.emulator import EmulatorApp, FaultRule, JournalEntry, Request
from tests.reliability.scenarios import check_waits

KEY = "timing-key"


def _get(app: EmulatorApp) -> None:
    app(Request("GET", "/v1/projects/p/integrations", "", {"X-Api-Key": KEY}))


def test_entries_carry_their_arrival_time_before_any_latency() -> None:
    app = EmulatorApp(api_key=KEY)
    app.faults.add(FaultRule(latency_ms=150, count=1))
    before = time.time()
    _get(app)
    _get(app)
    first, second = app.journal.entries()
    assert before <= first.received_at < before + 0.1
    assert first.duration_ms >= 150
    assert second.received_at >= first.received_at + 0.15
    assert "received_at" in json.loads(json.dumps(first.to_dict()))


def _entry(seq: int, at: float, status: int, response: object = None) -> JournalEntry:
    return JournalEntry(
        seq=seq,
        method="POST",
        path="/projects/p/integrations/i/installations",
        route=None,
        query={},
        headers={},
        body={"groupRef": "org-a"},
        status=status,
        fault="f1: 429" if status == 429 else None,
        duration_ms=1.0,
        response=response,
        received_at=at,
    )


def test_check_waits_flags_a_retry_sooner_than_asked() -> None:
    honoured = [_entry(1, 100.0, 429), _entry(2, 101.002, 201)]
    assert check_waits(honoured, header_seconds=1.0) == (1, [])
    early = [_entry(1, 100.0, 429), _entry(2, 100.5, 201)]
    count, violations = check_waits(early, header_seconds=1.0)
    assert count == 1 and len(violations) == 1 and "too early" in violations[0]
    body = {"retryAfter": "1970-01-01T00:01:42.000000Z"}  # 102.0
    assert check_waits([_entry(1, 100.0, 429, body), _entry(2, 101.5, 201)], 1.0)[1]
    assert check_waits([_entry(1, 100.0, 429)], 1.0)[1] == [
        "#1 POST /projects/p/integrations/i/installations: 429 never retried"
    ]
