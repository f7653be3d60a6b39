"""Fault injection and the request journal."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from pulumi_ampersand.emulator import Backend, EmulatorApp, FaultRule, emulator_transport

from .support import API_KEY, PROJECT, integration_body

LIST = f"/projects/{PROJECT}/integrations"


def statuses(api: httpx.Client, n: int, path: str = LIST) -> list[int]:
    return [api.get(path).status_code for _ in range(n)]


def test_429_with_retry_after_header(app: EmulatorApp, api: httpx.Client) -> None:
    app.faults.add(
        {"method": "GET", "path": "/integrations$", "status": 429, "retry_after": 2, "count": 1}
    )
    response = api.get(LIST)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert response.json()["retryable"] is True
    assert "retryAfter" not in response.json()
    assert api.get(LIST).status_code == 200


def test_retry_after_in_body_only(app: EmulatorApp, api: httpx.Client) -> None:
    app.faults.add({"status": 503, "retry_after_in_body": 30})
    response = api.get(LIST)
    assert response.status_code == 503
    assert "retry-after" not in response.headers
    body = response.json()
    assert body["retryable"] is True
    retry_after = datetime.fromisoformat(body["retryAfter"].replace("Z", "+00:00"))
    now = datetime.fromisoformat(body["time"].replace("Z", "+00:00"))
    assert 29 <= (retry_after - now).total_seconds() <= 31


def test_every_nth_request(app: EmulatorApp, api: httpx.Client) -> None:
    app.faults.add({"status": 500, "every": 3})
    assert statuses(api, 7) == [200, 200, 500, 200, 200, 500, 200]


def test_probability_is_repeatable_with_a_seed(api: httpx.Client, app: EmulatorApp) -> None:
    def run() -> list[int]:
        app.faults.clear()
        app.faults.add({"status": 500, "probability": 0.5, "random_seed": 42})
        return statuses(api, 20)

    first = run()
    assert first == run()
    assert 0 < first.count(500) < 20


def test_route_template_match_and_count(app: EmulatorApp, api: httpx.Client) -> None:
    rule = app.faults.add(FaultRule(route="/projects/{p}/integrations/{i}", status=500, count=2))
    assert statuses(api, 3, f"{LIST}/crm") == [500, 500, 404]
    assert statuses(api, 1) == [200]
    assert (rule.matched, rule.fired) == (3, 2)


def test_drop_before_does_not_run_the_operation(app: EmulatorApp, api: httpx.Client) -> None:
    app.faults.add({"method": "POST", "drop": "before", "count": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        api.post(LIST, json=integration_body())
    assert api.get(LIST).json() == []
    assert app.journal.entries()[0].status is None


def test_drop_after_commits_the_operation(app: EmulatorApp, api: httpx.Client) -> None:
    app.faults.add({"method": "POST", "drop": "after", "count": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        api.post(LIST, json=integration_body())
    assert [i["name"] for i in api.get(LIST).json()] == ["crm"]
    entry = app.journal.entries()[0]
    assert (entry.status, entry.fault) == (201, "f1: drop after")


def test_latency_rule_and_global_latency_sleep() -> None:
    slept: list[float] = []
    app = EmulatorApp(Backend(), api_key=API_KEY, sleep=slept.append)
    app.faults.latency_ms = 5
    app.faults.add({"path": "/integrations$", "latency_ms": 250})
    with httpx.Client(
        transport=emulator_transport(app), base_url="http://e/v1", headers={"X-Api-Key": API_KEY}
    ) as api:
        assert api.get(LIST).status_code == 200
        assert api.get(f"/projects/{PROJECT}/installations").status_code == 200
    assert slept == [0.255, 0.005]


def test_invalid_rules_are_refused(app: EmulatorApp) -> None:
    for rule in (
        {"drop": "sometimes"},
        {"status": 200},
        {"probability": 2},
        {"nope": 1},
        {"path": "("},
    ):
        with pytest.raises(ValueError):
            app.faults.add(rule)


def test_journal_records_calls_without_the_api_key(app: EmulatorApp, api: httpx.Client) -> None:
    api.post(LIST, json=integration_body(), headers={"X-Amp-Client": "tests"})
    api.get(f"{LIST}/crm", params={"x": "1"})
    api.get(f"{LIST}/crm")
    first, second, _ = app.journal.entries()
    assert (first.seq, first.method, first.path, first.route, first.status) == (
        1,
        "POST",
        LIST,
        "/projects/{p}/integrations",
        201,
    )
    assert first.body == integration_body()
    assert first.headers["x-api-key"] == "<redacted>" and first.headers["x-amp-client"] == "tests"
    assert second.query == {"x": "1"}
    assert second.response["name"] == "crm"
    assert API_KEY not in repr([e.to_dict() for e in app.journal.entries()])
    assert app.journal.counters() == {
        ("POST", "/projects/{p}/integrations"): 1,
        ("GET", "/projects/{p}/integrations/{i}"): 2,
    }
    assert app.journal.count("POST", "/projects/{p}/integrations/{i}/revisions") == 0


def test_journal_counts_faulted_calls(app: EmulatorApp, api: httpx.Client) -> None:
    app.faults.add({"status": 429, "count": 1})
    statuses(api, 2)
    assert [(e.status, e.fault) for e in app.journal.entries()] == [(429, "f1: 429"), (200, None)]
    assert app.journal.count("GET", "/projects/{p}/integrations") == 2
