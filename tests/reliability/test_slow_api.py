"""Scenario 5 (slow API) and the lost-create recovery, at provider level with small timeouts
and through the CLI once.

The provider is called the way the engine's provider process calls it, against the emulator
on loopback; ``ampersand:requestTimeout`` / ``ampersand:retryDeadline`` make the timeouts small
enough to test in seconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_ampersand import (
    AmbiguousRequestError,
    ConfigurationError,
    InstallationProvider,
    IntegrationProvider,
)
from pulumi_ampersand._errors import DeadlineExceededError, TransportError
from pulumi_ampersand.config import ProviderSettings
from pulumi_ampersand.emulator import EmulatorServer
from tests.reliability.scenarios import Fleet, wait_quiet
from tests.support.providers import configure
from tests.support.stacks import INSTALLATIONS, INTEGRATION, INTEGRATIONS, Project

KEY = "reliability-key-3e7a"
PROJECT = "rel"


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(api_key=KEY, auto_connections=True) as server:
        yield server


def integration_inputs(provider: IntegrationProvider) -> dict[str, Any]:
    result = provider.check(
        {},
        {
            "name": "crm-sync",
            "provider": "salesforce",
            "read": {
                "objects": [
                    {"object_name": "account", "destination": "d", "schedule": "*/30 * * * *"}
                ]
            },
        },
    )
    assert result.failures == []
    return dict(result.inputs)


def installation_inputs(integration_id: str, group: str = "org-a") -> dict[str, Any]:
    result = InstallationProvider().check(
        {},
        {
            "integration_id": integration_id,
            "group_ref": group,
            "project": PROJECT,
            "config": {
                "read": {
                    "objects": {
                        "account": {"object_name": "account", "selected_fields": {"name": True}}
                    }
                }
            },
        },
    )
    assert result.failures == []
    return dict(result.inputs)


def live(emulator: EmulatorServer) -> dict[str, Any]:
    (project,) = emulator.backend.dump()["projects"]
    return project  # type: ignore[no-any-return]


# -- settings ----------------------------------------------------------------------------------


def test_request_timeout_and_retry_deadline_come_from_config_then_environment() -> None:
    settings = ProviderSettings.load(
        _Config({"ampersand:requestTimeout": "2.5"}), {"AMP_RETRY_DEADLINE": "7"}
    )
    assert (settings.request_timeout, settings.retry_deadline) == (2.5, 7.0)
    assert ProviderSettings.load(_Config({}), {}).request_timeout is None
    for bad in ("0", "-1", "soon", "nan", "inf"):
        with pytest.raises(ConfigurationError, match="ampersand:requestTimeout"):
            ProviderSettings.load(_Config({"ampersand:requestTimeout": bad}), {})


class _Config:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


# -- scenario 5 at provider level --------------------------------------------------------------


def test_a_slow_read_gives_up_at_the_deadline_naming_the_call(server: EmulatorServer) -> None:
    """Every answer takes 1 s, an attempt may take 0.3 s and retries stop after 1.5 s: read()
    fails in well under 3 s with an error that names the GET and the integration's path."""
    provider = configure(
        IntegrationProvider(),
        server,
        key=KEY,
        config={
            "ampersand:projectId": PROJECT,
            "ampersand:requestTimeout": "0.3",
            "ampersand:retryDeadline": "1.5",
        },
    )
    created = provider.create(integration_inputs(provider))
    server.faults.latency_ms = 1000
    started = time.monotonic()
    with pytest.raises((TransportError, DeadlineExceededError)) as failure:
        provider.read(created.id, created.outs)
    elapsed = time.monotonic() - started
    assert elapsed < 3.0, elapsed
    wait_quiet(server, quiet=1.2)  # attempts that timed out are journaled when they end
    message = str(failure.value)
    assert f"GET /projects/{PROJECT}/integrations/{created.id}" in message
    assert "attempt" in message
    gets = [e for e in server.journal.entries() if e.method == "GET" and e.route == INTEGRATION]
    assert 2 <= len(gets) - 1 <= 6, gets  # bounded retries (one GET came from create)


def test_a_create_that_times_out_but_commits_later_is_found(server: EmulatorServer) -> None:
    """The create's answer comes 0.9 s late, after the 0.5 s client timeout, and the server
    commits it only then: the provider looks again until it appears, instead of failing and
    leaving an object outside the state (found by this scenario; fixed in _provider.py)."""
    provider = configure(
        IntegrationProvider(),
        server,
        key=KEY,
        config={"ampersand:projectId": PROJECT, "ampersand:requestTimeout": "0.5"},
    )
    server.faults.add({"method": "POST", "route": INTEGRATIONS, "latency_ms": 900, "count": 1})
    created = provider.create(integration_inputs(provider))
    assert [i["id"] for i in live(server)["integrations"]] == [created.id]
    assert server.journal.count("POST", INTEGRATIONS) == 1

    installations = configure(
        InstallationProvider(),
        server,
        key=KEY,
        config={"ampersand:projectId": PROJECT, "ampersand:requestTimeout": "0.5"},
    )
    server.faults.add({"method": "POST", "route": INSTALLATIONS, "latency_ms": 900, "count": 1})
    installed = installations.create(installation_inputs(created.id))
    assert [i["id"] for i in live(server)["installations"]] == [installed.id]
    assert server.journal.count("POST", INSTALLATIONS) == 1


def test_a_timed_out_create_that_never_happened_fails_within_a_bound(
    server: EmulatorServer,
) -> None:
    """The POST times out and the server never creates anything (the connection drops before
    the operation): the provider looks for the request timeout's length, then fails with the
    ambiguous error; nothing exists and nothing was sent twice."""
    provider = configure(
        IntegrationProvider(),
        server,
        key=KEY,
        config={"ampersand:projectId": PROJECT, "ampersand:requestTimeout": "0.5"},
    )
    server.faults.add(
        {"method": "POST", "route": INTEGRATIONS, "latency_ms": 700, "drop": "before", "count": 1}
    )
    started = time.monotonic()
    with pytest.raises(AmbiguousRequestError, match="may or may not have taken effect"):
        provider.create(integration_inputs(provider))
    assert time.monotonic() - started < 0.5 + 0.5 + 1.5
    assert live(server)["integrations"] == []
    assert server.journal.count("POST", INTEGRATIONS) == 1


def test_a_dropped_create_is_looked_up_once_without_waiting(server: EmulatorServer) -> None:
    """A dropped connection (no timeout) cannot commit later: one lookup, no settling pause."""
    provider = configure(
        IntegrationProvider(),
        server,
        key=KEY,
        config={"ampersand:projectId": PROJECT, "ampersand:requestTimeout": "5"},
    )
    server.faults.add({"method": "POST", "route": INTEGRATIONS, "drop": "before", "count": 1})
    started = time.monotonic()
    with pytest.raises(AmbiguousRequestError):
        provider.create(integration_inputs(provider))
    assert time.monotonic() - started < 1.0
    assert server.journal.count("GET", INTEGRATION) == 1


# -- scenario 5 through the CLI ----------------------------------------------------------------


def test_slow_api_makes_refresh_fail_at_the_deadline_naming_call_and_resource(
    project: Project,
) -> None:
    """Once created, every answer takes 2 s while an attempt may take 0.5 s and retries stop
    after 3 s: `pulumi refresh` fails in bounded time (no hang), and its error names the
    resource, the GET and the path; afterwards the stack still converges with no secret at
    rest."""
    fleet = Fleet(project, groups=1)
    fleet.write()
    assert fleet.run("up").ok
    fleet.set_config("ampersand:requestTimeout", "0.5")
    fleet.set_config("ampersand:retryDeadline", "3")
    # refresh configures the provider from the state: stack config reaches it after an up
    assert fleet.run("up").ok
    project.emulator.faults.latency_ms = 2000
    refresh = fleet.run("refresh")
    project.emulator.faults.latency_ms = 0
    assert not refresh.ok
    assert refresh.seconds < 3 + 0.5 + 20, refresh.seconds  # deadline + one attempt + CLI
    assert refresh.unexpected_exceptions() == [], refresh.output[-3000:]
    assert "Integration (crm)" in refresh.output or "Installation (crm-org-00)" in refresh.output
    assert "GET /projects/e2e/integrations/" in refresh.output
    assert "no answer from Ampersand" in refresh.output or "retry deadline" in refresh.output
    fleet.stack.remove_config("ampersand:requestTimeout")
    fleet.stack.remove_config("ampersand:retryDeadline")
    assert fleet.run("up").ok
    fleet.assert_converged()
    fleet.assert_no_secrets()
