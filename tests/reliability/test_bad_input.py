"""Scenario 7: bad input reaches ``check`` only, and ``check`` only ever answers CheckFailures.

Hypothesis builds documents from valid ones by breaking them at a random place (a value of
the wrong type, a missing required key, an unknown key, a bad cron, a huge list, odd unicode,
a preview's unknown value), plus fully random JSON. The providers' ``check`` must return a
``CheckResult`` whose failures each name a property path and a reason; never raise; and never
call the API (the emulator's journal stays empty).

The amp-yaml-validator's invalid fixtures are each rejected by ``IntegrationProvider().check``
with zero API calls, except the three whose rule needs the provider catalogue (server-side in
``pulumi_ampersand/models/rules.py``): those pass ``check``, and the emulator, which has no
catalogue either, accepts them too; only the real API can reject them.

Examples: 150 per test here; ``RELIABILITY_EXAMPLES=N`` for more (``make soak`` uses 1000).
The run is derandomized (a fixed seed database), so a failure repeats; hypothesis prints the
failing example and ``@reproduce_failure`` blob.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from pulumi.dynamic import CheckFailure, CheckResult
from pulumi.output import Unknown

from pulumi_ampersand import InstallationProvider, IntegrationProvider
from tests.support.checkout import SHARED
from tests.support.providers import InProcessEmulator, configure

KEY = "bad-input-key-0c4f"
BAD_PROJECT = {"ampersand:projectId": "bad"}
EXAMPLES = int(os.environ.get("RELIABILITY_EXAMPLES", "150"))
INVALID = SHARED / "amp-yaml-validator" / "testdata" / "invalid"
#: fixtures whose rule needs Ampersand's provider catalogue (rules.py: "Server-side rules")
SERVER_SIDE = {
    "invalid-module.yaml": "3.4: whether the module exists for the provider",
    "provider-no-read-support.yaml": "3.3: whether the provider supports read",
    "provider-no-subscribe-support.yaml": "3.3: whether the provider supports subscribe",
}

VALID_INTEGRATION: dict[str, Any] = {
    "name": "crm-sync",
    "provider": "salesforce",
    "spec_version": "1.0.0",
    "read": {
        "objects": [
            {
                "object_name": "account",
                "destination": "accountWebhook",
                "schedule": "*/30 * * * *",
                "required_fields": [{"field_name": "name"}],
                "optional_fields": [{"field_name": "industry", "map_to_name": "sector"}],
                "backfill": {"default_period": {"days": 30}},
            },
            {"object_name": "contact", "destination": "contactWebhook", "schedule": "0 * * * *"},
        ]
    },
    "write": {"objects": [{"object_name": "contact"}]},
    "subscribe": {
        "objects": [
            {
                "object_name": "account",
                "destination": "accountWebhook",
                "inherit_fields_and_mapping": True,
                "create_event": {"enabled": "always"},
                "update_event": {"enabled": "always", "required_watch_fields": ["name"]},
            }
        ]
    },
    "proxy": {"enabled": True},
}
VALID_INSTALLATION: dict[str, Any] = {
    "integration_id": "integration-1",
    "group_ref": "org-a",
    "connection_id": "connection-1",
    "created_by": "api:pulumi",
    "config": {
        "read": {
            "objects": {
                "account": {
                    "object_name": "account",
                    "schedule": "*/30 * * * *",
                    "selected_fields": {"name": True},
                    "selected_field_mappings": {"sector": "industry"},
                }
            }
        },
        "write": {"objects": {"contact": {"object_name": "contact"}}},
        "proxy": {"enabled": True},
    },
}

ODD_TEXT = st.one_of(
    st.sampled_from(["e\u0301", "\u00e9" * 3, "名前", "", " ", "a" * 10_000]),
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(["\u202e", "\u200b", "\x00", "\ufeff", "🧨", "\ud7ff", "."]),
        ),
        max_size=20,
    ),
)
CRON = st.one_of(
    ODD_TEXT,
    st.lists(
        st.sampled_from(["*", "*/5", "0", "61", "-1", "1-5", "*/0", "a", "1,2", "?", "L", ""]),
        min_size=0,
        max_size=7,
    ).map(" ".join),
)
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    ODD_TEXT,
    CRON,
    st.builds(Unknown),
)
JSON = st.recursive(
    LEAF,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(ODD_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a document: (keys/indexes...)."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, (*prefix, index))


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@st.composite
def broken(draw: st.DrawFn, valid: dict[str, Any]) -> dict[str, Any]:
    """A valid document broken at one or more random places."""
    document = copy.deepcopy(valid)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = [p for p in _paths(document) if p]
        if not places:
            break
        path = draw(st.sampled_from(places))
        parent, last = _at(document, path[:-1]), path[-1]
        how = draw(
            st.sampled_from(["replace", "delete", "unknown-key", "cron", "huge", "text", "wrap"])
        )
        if how == "replace":
            parent[last] = draw(JSON)
        elif how == "delete":
            del parent[last]
        elif how == "unknown-key" and isinstance(parent, dict):
            parent[draw(ODD_TEXT)] = draw(JSON)
        elif how == "cron":
            parent[last] = draw(CRON)
        elif how == "huge":
            parent[last] = [copy.deepcopy(parent[last])] * draw(st.sampled_from([500, 5000]))
            break  # breaking it again would walk every copy: a huge one inside is 25M places
        elif how == "text":
            parent[last] = draw(ODD_TEXT)
        else:
            parent[last] = [parent[last]]
    return document


def _assert_only_failures(result: Any) -> None:
    assert isinstance(result, CheckResult)
    assert isinstance(result.inputs, dict)
    for failure in result.failures:
        assert isinstance(failure, CheckFailure)
        assert isinstance(failure.property, str) and failure.property, failure
        assert isinstance(failure.reason, str) and failure.reason, failure


@pytest.fixture(scope="module")
def server() -> Iterator[InProcessEmulator]:
    with InProcessEmulator(api_key=KEY) as emulator:
        yield emulator


CHECK_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_valid_documents_pass(server: InProcessEmulator) -> None:
    """The starting points are valid, so every failure below comes from the breakage."""
    assert (
        configure(IntegrationProvider(), server, key=KEY, config=BAD_PROJECT)
        .check({}, VALID_INTEGRATION)
        .failures
        == []
    )
    assert (
        configure(InstallationProvider(), server, key=KEY, config=BAD_PROJECT)
        .check({}, VALID_INSTALLATION)
        .failures
        == []
    )


@CHECK_SETTINGS
@given(news=st.one_of(broken(VALID_INTEGRATION), st.dictionaries(ODD_TEXT, JSON, max_size=6)))
def test_integration_check_only_answers_failures(server: InProcessEmulator, news: Any) -> None:
    server.journal.clear()
    result = configure(IntegrationProvider(), server, key=KEY, config=BAD_PROJECT).check(
        {}, {**news, "__provider": "x"}
    )
    _assert_only_failures(result)
    assert server.journal.entries() == []


@CHECK_SETTINGS
@given(news=st.one_of(broken(VALID_INSTALLATION), st.dictionaries(ODD_TEXT, JSON, max_size=6)))
def test_installation_check_only_answers_failures(server: InProcessEmulator, news: Any) -> None:
    server.journal.clear()
    result = configure(InstallationProvider(), server, key=KEY, config=BAD_PROJECT).check(
        {}, {**news, "__provider": "x"}
    )
    _assert_only_failures(result)
    assert server.journal.entries() == []


def _fixture_inputs(path: Path) -> list[dict[str, Any]]:
    manifest = yaml.safe_load(path.read_text())
    spec_version = manifest.get("specVersion")
    return [
        {**integration, "spec_version": spec_version} for integration in manifest["integrations"]
    ]


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.yaml")), ids=lambda p: p.name)
def test_every_invalid_fixture_is_rejected_by_check_with_no_api_call(
    server: InProcessEmulator, path: Path
) -> None:
    server.journal.clear()
    provider = configure(IntegrationProvider(), server, key=KEY, config=BAD_PROJECT)
    results = [provider.check({}, inputs) for inputs in _fixture_inputs(path)]
    for result in results:
        _assert_only_failures(result)
    failures = [f.property for result in results for f in result.failures]
    if path.name in SERVER_SIDE:
        # Needs the provider catalogue: check cannot know, so it passes; so does the emulator
        # (no catalogue either). The real API rejects it when the revision is created.
        assert failures == [], failures
    else:
        assert failures, f"{path.name} passed check"
    assert server.journal.entries() == []


@pytest.mark.parametrize("name", sorted(SERVER_SIDE))
def test_server_side_fixtures_are_accepted_by_the_emulator_too(
    server: InProcessEmulator, name: str
) -> None:
    """What is true for them: only a server with Ampersand's catalogue rejects them."""
    provider = configure(IntegrationProvider(), server, key=KEY, config=BAD_PROJECT)
    (inputs,) = _fixture_inputs(INVALID / name)
    checked = provider.check({}, {**inputs, "name": name.removesuffix(".yaml")})
    assert checked.failures == []
    created = provider.create(checked.inputs)
    assert created.id
    provider.delete(created.id, created.outs)
