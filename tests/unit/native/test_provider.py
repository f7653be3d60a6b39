"""The native provider's methods, called as the engine calls them, against the emulator (in
this process, through the provider's ``transport=`` seam: no socket)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckRequest,
    ConfigureRequest,
    CreateRequest,
    DeleteRequest,
    DiffRequest,
    InvokeRequest,
    PropertyDiffKind,
    ReadRequest,
    UpdateRequest,
)

from pulumi_ampersand import _provider
from pulumi_ampersand.native.provider import AmpersandProvider
from pulumi_ampersand.native.values import from_property_map, to_property_map
from tests.support.providers import PROJECT, InProcessEmulator

from ..client.support import INTEGRATION as INTEGRATION_ANSWER

KEY = "native-test-key-3e9a"
INTEGRATION = "ampersand:index:Integration"
INSTALLATION = "ampersand:index:Installation"
READ = {
    "objects": [
        {"objectName": "account", "destination": "d", "schedule": "*/30 * * * *"},
    ]
}


def urn(type_: str, name: str) -> str:
    return f"urn:pulumi:dev::proj::{type_}::{name}"


_LOOP = asyncio.new_event_loop()


def run(coro: Any) -> Any:
    """Run a coroutine on this module's one loop, as the plugin runs every call on one loop
    (its async client's connections belong to that loop)."""
    return _LOOP.run_until_complete(coro)


@pytest.fixture
def emulator() -> Iterator[InProcessEmulator]:
    with InProcessEmulator(api_key=KEY) as emulator:
        yield emulator


@pytest.fixture
def provider(emulator: InProcessEmulator) -> AmpersandProvider:
    native = AmpersandProvider(transport=emulator.transport)
    args = {"apiKey": KEY, "apiUrl": emulator.url, "projectId": PROJECT}
    run(native.configure(ConfigureRequest({}, to_property_map(args, {"apiKey"}), True, False)))
    return native


def check(provider: AmpersandProvider, type_: str, name: str, news: dict[str, Any]) -> Any:
    request = CheckRequest(urn(type_, name), {}, to_property_map(news), b"")
    return run(provider.check(request))


def create(provider: AmpersandProvider, type_: str, name: str, news: dict[str, Any]) -> Any:
    checked = check(provider, type_, name, news)
    assert not checked.failures
    response = run(provider.create(CreateRequest(urn(type_, name), checked.inputs, 30, False)))
    return response.resource_id, from_property_map(response.properties)


def diff(provider: AmpersandProvider, type_: str, id_: str, old: dict, news: dict) -> Any:
    checked = check(provider, type_, "x", news)
    request = DiffRequest(urn(type_, "x"), id_, to_property_map(old), checked.inputs, [])
    return run(provider.diff(request))


def installation_of_a_new_integration(
    provider: AmpersandProvider, emulator: InProcessEmulator
) -> dict[str, Any]:
    """Inputs of org-a's installation (selecting the account's name) of a new integration
    ``crm``; org-a gets its connection first."""
    emulator.connect("org-a")  # its access token is tok-org-a
    integration_id, _ = create(
        provider, INTEGRATION, "crm", {"provider": "salesforce", "read": READ}
    )
    config = {
        "read": {
            "objects": {"account": {"objectName": "account", "selectedFields": {"name": True}}}
        }
    }
    return {"integrationId": integration_id, "groupRef": "org-a", "config": config}


def test_check_names_the_integration_after_the_resource_and_reports_schema_paths(
    provider: AmpersandProvider,
) -> None:
    checked = check(provider, INTEGRATION, "crm", {"provider": "salesforce", "read": READ})
    inputs = from_property_map(checked.inputs)
    assert checked.failures == []
    assert inputs["name"] == "crm" and inputs["project"] == PROJECT
    assert inputs["read"] == READ  # schema names in, schema names out
    bad = check(
        provider, INTEGRATION, "crm", {"provider": "salesforce", "read": READ, "specVersion": "9"}
    )
    assert [f.property for f in bad.failures] == ["specVersion"]


def test_integration_create_diff_update_read_delete(
    provider: AmpersandProvider, emulator: InProcessEmulator
) -> None:
    news = {"name": "crm", "provider": "salesforce", "read": READ}
    id_, state = create(provider, INTEGRATION, "crm", news)
    assert state["latestRevisionId"] and state["projectId"]

    assert diff(provider, INTEGRATION, id_, state, news).changes is False
    edited = {**news, "read": {"objects": [{**READ["objects"][0], "schedule": "0 * * * *"}]}}
    changed = diff(provider, INTEGRATION, id_, state, edited)
    assert changed.changes and changed.replaces == []
    assert {k: v.kind for k, v in changed.detailed_diff.items()} == {
        "read.objects[0].schedule": PropertyDiffKind.UPDATE
    }
    renamed = diff(provider, INTEGRATION, id_, state, {**news, "name": "crm-2"})
    assert renamed.replaces == ["name"]
    assert renamed.detailed_diff["name"].kind is PropertyDiffKind.UPDATE_REPLACE

    checked = check(provider, INTEGRATION, "crm", edited)
    request = UpdateRequest(
        urn(INTEGRATION, "crm"), id_, to_property_map(state), checked.inputs, 30, [], False
    )
    updated = from_property_map(run(provider.update(request)).properties)
    assert updated["latestRevisionId"] != state["latestRevisionId"]

    # an import reads with nothing but the id; what it reads is what the program declares
    read = run(provider.read(ReadRequest(urn(INTEGRATION, "crm"), id_, {}, {})))
    imported = from_property_map(read.inputs)
    assert imported["name"] == "crm" and imported["read"]["objects"][0]["schedule"] == "0 * * * *"
    assert (
        diff(provider, INTEGRATION, id_, from_property_map(read.properties), imported).changes
        is False
    )

    run(provider.delete(DeleteRequest(urn(INTEGRATION, "crm"), id_, to_property_map(updated), 30)))
    gone = run(
        provider.read(ReadRequest(urn(INTEGRATION, "crm"), id_, to_property_map(updated), {}))
    )
    assert gone.resource_id is None


def test_the_plugin_builds_no_blocking_client(
    provider: AmpersandProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin runs the providers' flows with its async client: the dynamic provider's
    blocking client (an httpx.Client and its connection pool) is never built in it."""
    built: list[object] = []
    monkeypatch.setattr(_provider, "_build_client", lambda settings: built.append(settings))
    monkeypatch.setattr(_provider, "_shared_client", _provider._PerSettings())
    monkeypatch.setattr(_provider, "_shared_core", _provider._PerSettings())
    id_, state = create(
        provider, INTEGRATION, "no-blocking", {"name": "nb", "provider": "salesforce", "read": READ}
    )
    read = run(provider.read(ReadRequest(urn(INTEGRATION, "no-blocking"), id_, {}, {})))
    assert read.resource_id == id_ and state["latestRevisionId"]
    assert built == []


def test_installation_update_names_the_object_that_changes_and_keeps_the_connection_secret(
    provider: AmpersandProvider, emulator: InProcessEmulator
) -> None:
    news = installation_of_a_new_integration(provider, emulator)
    integration_id = news["integrationId"]
    checked = check(provider, INSTALLATION, "a", news)
    created = run(provider.create(CreateRequest(urn(INSTALLATION, "a"), checked.inputs, 30, False)))
    assert created.properties["connection"].is_secret
    state = from_property_map(created.properties)
    assert "tok-org-a" not in repr(state)

    edited = {
        **news,
        "config": {
            "read": {
                "objects": {
                    "account": {
                        "objectName": "account",
                        "selectedFields": {"name": True, "industry": True},
                    }
                }
            }
        },
    }
    changed = diff(provider, INSTALLATION, created.resource_id, state, edited)
    assert list(changed.detailed_diff) == ["config.read.objects.account.selectedFields.industry"]
    assert (
        changed.detailed_diff["config.read.objects.account.selectedFields.industry"].kind
        is PropertyDiffKind.ADD
    )
    # an import names the installation by its API path: integration id, then its own id
    imported = run(
        provider.read(
            ReadRequest(urn(INSTALLATION, "a"), f"{integration_id}/{created.resource_id}", {}, {})
        )
    )
    assert imported.resource_id == created.resource_id
    inputs = from_property_map(imported.inputs)
    assert inputs["groupRef"] == "org-a" and inputs["integrationId"] == integration_id
    assert inputs["config"]["read"]["objects"]["account"]["selectedFields"] == {"name": True}
    read_back = from_property_map(imported.properties)
    assert diff(provider, INSTALLATION, created.resource_id, read_back, inputs).changes is False
    with pytest.raises(ValueError, match="integration_id/id"):
        run(provider.read(ReadRequest(urn(INSTALLATION, "a"), created.resource_id, {}, {})))
    regrouped = diff(
        provider, INSTALLATION, created.resource_id, state, {**news, "groupRef": "org-b"}
    )
    assert regrouped.replaces == ["groupRef"] and regrouped.delete_before_replace


def test_preview_create_calls_no_api_and_leaves_outputs_unknown(
    provider: AmpersandProvider, emulator: InProcessEmulator
) -> None:
    checked = check(provider, INTEGRATION, "crm", {"provider": "salesforce"})
    before = len(emulator.journal.entries())
    response = run(
        provider.create(CreateRequest(urn(INTEGRATION, "crm"), checked.inputs, 30, True))
    )
    assert len(emulator.journal.entries()) == before
    assert response.properties["latestRevisionId"] == PropertyValue(
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    )


def test_functions_find_integrations_and_installations_without_credentials(
    provider: AmpersandProvider, emulator: InProcessEmulator
) -> None:
    news = installation_of_a_new_integration(provider, emulator)
    integration_id = news["integrationId"]
    create(provider, INSTALLATION, "a", news)

    found = run(
        provider.invoke(
            InvokeRequest("ampersand:index:getIntegration", to_property_map({"name": "crm"}))
        )
    )
    assert from_property_map(found.return_value)["id"] == integration_id
    listed = run(
        provider.invoke(
            InvokeRequest(
                "ampersand:index:getInstallations",
                to_property_map({"integration": "crm", "groupRef": "org-a"}),
            )
        )
    )
    (installation,) = from_property_map(listed.return_value)["installations"]
    assert installation["groupRef"] == "org-a" and installation["connectionId"]
    assert "tok-org-a" not in repr(listed.return_value)
    missing = run(provider.invoke(InvokeRequest("ampersand:index:getInstallations", {})))
    assert [f.property for f in missing.failures] == ["integration"]


class _Gate(httpx.AsyncBaseTransport):
    """An API that answers only once ``parties`` requests are in flight at the same time."""

    def __init__(self, parties: int) -> None:
        self.parties = parties
        self.in_flight = 0
        self.all_in = asyncio.Event()
        self.threads: set[int] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.threads.add(threading.get_ident())
        if self.in_flight == self.parties:
            self.all_in.set()
        await asyncio.wait_for(self.all_in.wait(), timeout=30)  # TimeoutError if fewer
        name = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json={**INTEGRATION_ANSWER, "name": name})


def test_more_operations_than_a_dynamic_provider_run_at_once_on_one_thread() -> None:
    """Sixteen lookups are all in flight at once (a dynamic provider serves four), with no
    thread besides the event loop's: the flows run on the async client."""
    parties = 16
    gate = _Gate(parties)
    provider = AmpersandProvider(transport=gate)

    async def many() -> list[Any]:
        args = {"apiKey": KEY, "apiUrl": "https://api.example.test/v1", "projectId": PROJECT}
        config = ConfigureRequest({}, to_property_map(args, {"apiKey"}), True, False)
        await provider.configure(config)
        requests = [
            InvokeRequest("ampersand:index:getIntegration", to_property_map({"name": f"i{n}"}))
            for n in range(parties)
        ]
        return await asyncio.gather(*(provider.invoke(r) for r in requests))

    found = [from_property_map(r.return_value)["name"] for r in run(many())]
    assert found == [f"i{n}" for n in range(parties)]
    assert gate.in_flight == parties
    assert gate.threads == {threading.get_ident()}
