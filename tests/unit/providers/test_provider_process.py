"""What both providers do in the engine's provider process: pickling, accepting unchanged
inputs without pydantic or httpx, and one shared client."""

from __future__ import annotations

import base64
import subprocess
import sys
from typing import Any

import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime._serialization import _serialize

from pulumi_ampersand import InstallationProvider, IntegrationProvider
from pulumi_ampersand._provider import BaseProvider
from tests.support.providers import KEY, configure, installation_props, integration_props

from ..fresh_process import run_fresh


@pytest.mark.parametrize("provider_type", [IntegrationProvider, InstallationProvider])
def test_serialized_provider_is_small_holds_no_key_and_loads_in_a_fresh_process(
    provider_type: type[BaseProvider],
) -> None:
    provider = provider_type()
    serialized, _ = _serialize(True, serialize_provider, provider)
    assert len(serialized) < 2048
    decoded = base64.b64decode(serialized)
    assert KEY.encode() not in decoded
    assert b"pulumi_ampersand" in decoded  # pickled by reference, not by value
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import base64, sys, dill; p = dill.loads(base64.b64decode(sys.argv[1])); "
            "print(type(p).__module__, type(p).__name__)",
            serialized,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.split() == [provider_type.__module__, provider_type.__name__]


# -- unchanged resources: what every CI preview asks, answered without pydantic or httpx -------


def accepted(provider: BaseProvider, props: dict[str, Any]) -> dict[str, Any]:
    """What the last ``up`` stored as the resource's inputs: the checked props."""
    result = provider.check({}, props)
    assert result.failures == []
    return result.inputs


UNCHANGED = [(IntegrationProvider, integration_props), (InstallationProvider, installation_props)]


@pytest.mark.parametrize(("provider_type", "props"), UNCHANGED, ids=["integration", "installation"])
def test_unchanged_inputs_are_accepted_as_they_were(provider_type: Any, props: Any) -> None:
    provider = configure(provider_type())
    stored = accepted(provider, props())
    assert accepted(provider, {**stored, "__provider": "serialized"}) == stored  # idempotent
    again = provider.check({**stored, "__provider": "serialized"}, props())
    assert again.failures == []
    assert again.inputs == stored


def test_changed_inputs_are_validated_with_their_paths() -> None:
    provider = configure(IntegrationProvider())
    stored = accepted(provider, integration_props())
    changed = integration_props(read={"objects": [{"object_name": "account", "destination": ""}]})
    failures = provider.check(stored, changed).failures
    assert [f.property for f in failures] == ["read.objects[0].destination"]


def test_inputs_identical_to_the_stored_ones_are_not_validated_again() -> None:
    # The stored inputs of a refreshed or imported resource come from the live object, which
    # Ampersand accepted: a rule of this package stricter than Ampersand's must not block a
    # deployment over an object that is not changing. Any change validates everything.
    provider = configure(IntegrationProvider())
    live = integration_props(project="proj", read={"objects": [{"object_name": "account"}]})
    stored = {k: v for k, v in live.items() if k != "__provider"}
    assert provider.check(stored, live).failures == []
    changed = {**live, "display_name": "CRM"}
    assert [f.property for f in provider.check(stored, changed).failures] == [
        "read.objects[0].destination"
    ]


def test_a_changed_project_setting_is_not_taken_for_unchanged_inputs() -> None:
    stored = accepted(configure(InstallationProvider()), installation_props(project=None))
    assert stored["project"] == "proj"
    moved = configure(InstallationProvider(), config={"ampersand:projectId": "other"})
    assert moved.check(stored, installation_props(project=None)).inputs["project"] == "other"


def test_a_preview_of_unchanged_resources_imports_neither_pydantic_nor_httpx() -> None:
    """The engine's calls, in a fresh process as the engine's provider host runs them."""
    calls = []
    for provider_type, props in UNCHANGED:
        provider = configure(provider_type())
        serialized, _ = _serialize(True, serialize_provider, provider_type())
        stored = {**accepted(provider, props()), "__provider": serialized}
        computed = sys.modules[provider_type.__module__].COMPUTED_KEYS
        outputs = {**stored, **{key: f"{key}-1" for key in computed}}
        news = {**props(), "__provider": serialized}
        calls.append((serialized, stored, outputs, news))
    script = """
import base64, json, sys, dill
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
results = []
for serialized, stored, outputs, news in json.loads(sys.stdin.read()):
    provider = dill.loads(base64.b64decode(serialized))
    raw = {"ampersand:apiKey": "k", "ampersand:projectId": "proj"}
    provider.configure(ConfigureRequest(Config(raw, "test")))
    check = provider.check(stored, news)
    diff = provider.diff("id", outputs, check.inputs)
    results.append([check.inputs == {k: v for k, v in stored.items() if k != "__provider"},
                    len(check.failures), diff.changes, diff.replaces])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "httpx"))
print(json.dumps({"results": results, "heavy": heavy}))
"""
    answer = run_fresh(script, calls)
    assert answer["results"] == [[True, 0, False, []], [True, 0, False, []]]
    assert answer["heavy"] == []


def test_building_the_client_imports_the_answer_models_in_the_background_once() -> None:
    """In a fresh process, as the engine's provider host runs it: no model is used, yet the
    models of the API's answers are loaded by one background thread."""
    script = """
import json, sys, threading
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi_ampersand.installation import InstallationProvider
before = "pulumi_ampersand.models.api" in sys.modules
started = []
threading.Thread.start = (lambda start: lambda self: (started.append(self.name), start(self))[1])(
    threading.Thread.start
)
for url in ("http://127.0.0.1:9/v1", "http://127.0.0.1:8/v1"):
    provider = InstallationProvider()
    raw = {"ampersand:apiKey": "k", "ampersand:apiUrl": url}
    provider.configure(ConfigureRequest(Config(raw, "test")))
    provider.client()
for thread in threading.enumerate():
    if thread is not threading.current_thread():
        thread.join()
print(json.dumps([before, started, "pulumi_ampersand.models.api" in sys.modules]))
"""
    assert run_fresh(script) == [False, ["import-models"], True]


def test_both_providers_share_one_client_per_settings() -> None:
    one = configure(IntegrationProvider()).client()
    assert configure(InstallationProvider()).client() is one
    other = configure(InstallationProvider(), config={"ampersand:apiUrl": "http://127.0.0.1:9/v1"})
    assert other.client() is not one
