"""Rotating the API key through the real pulumi CLI and language host (issue 20).

``pulumi refresh`` and ``pulumi destroy`` do not run the program, so the engine configures the
provider from the stack config saved at the last ``up``: after ``pulumi config set --secret
ampersand:apiKey NEW``, they still send the old key until an ``up`` (or ``--run-program``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi import automation as auto

from tests.support.stacks import (
    API_KEY,
    INSTALLATION,
    INTEGRATION,
    Project,
    admin,
    connect,
    program,
)

KEY_A = API_KEY
KEY_B = "e2e-rotated-key-b-3c9e71"
KEY_C = "e2e-rotated-key-c-a04d5f"
SECRET_SIG = "4dabf18193072939515e22adb298388d"  # marks a secret value in a deployment
SAVED_KEY_REJECTED = (
    "Ampersand rejected the API key. If you rotated `ampersand:apiKey`, `pulumi refresh`/"
    "`destroy` use the configuration saved at the last `pulumi up`: run `pulumi up`, or add "
    "`--run-program`."
)

GROUP = "org-a"


@pytest.fixture
def prepared(project: Project) -> Project:
    """One integration and one group's installation to deploy, its connection made with key A."""
    connect(project, GROUP)
    project.write(program(groups=(GROUP,)))
    return project


def accept_only(project: Project, key: str) -> None:
    """Rotate in Ampersand: only ``key`` is accepted from now on, every other key is revoked."""
    admin(project.emulator, "PUT", "/api-keys", json={"keys": [key]})


def set_config_key(project: Project, key: str) -> None:
    """``pulumi config set --secret ampersand:apiKey <key>``."""
    project.stack.stack.set_config("ampersand:apiKey", auto.ConfigValue(key, secret=True))


def live(project: Project) -> Any:
    """Everything the emulator holds (read through the test controls: no key needed)."""
    return admin(project.emulator, "GET", "/state").json()


def resources(project: Project) -> Any:
    """What the state says of each resource (urn, id, inputs, outputs), secrets as a marker.

    Each save encrypts a secret again with a new nonce, and drops empty dependency lists:
    neither says anything about the resources.
    """

    def mask(value: Any) -> Any:
        if isinstance(value, dict):
            if SECRET_SIG in value:
                return "[secret]"
            return {key: mask(item) for key, item in value.items()}
        if isinstance(value, list):
            return [mask(item) for item in value]
        return value

    return [
        mask({key: resource.get(key) for key in ("urn", "id", "inputs", "outputs")})
        for resource in project.stack.export().get("resources", [])
    ]


def saved_config(project: Project) -> Any:
    """The stack config saved with the state: the default provider's inputs, secrets masked."""
    providers = [r for r in resources(project) if r["urn"].endswith("::default")]
    assert len(providers) == 1, providers
    return providers[0]["inputs"]


def assert_no_key_in_state(project: Project, *keys: str) -> None:
    """Neither the export nor any backend file (history and backups too) holds a key."""
    exported = json.dumps(project.stack.export())
    raw = project.state_text()
    assert "ampersand:apiUrl" in raw, "no provider config in the state: the scan proves nothing"
    for key in keys:
        assert key not in exported
        assert key not in raw


def assert_plain_refresh_fails_and_changes_nothing(project: Project, *keys: str) -> None:
    state_before, live_before = resources(project), live(project)
    start = len(project.emulator.journal.entries())
    with pytest.raises(auto.CommandError) as failure:
        project.stack.refresh()
    message = str(failure.value)
    assert SAVED_KEY_REJECTED in message
    for key in keys:
        assert key not in message
    calls = project.emulator.journal.entries()[start:]
    assert calls, "the refresh made no API call: it did not get as far as the key"
    assert {(call.method, call.route, call.status) for call in calls} <= {
        ("GET", INTEGRATION, 401),
        ("GET", INSTALLATION, 401),
    }
    assert resources(project) == state_before
    assert live(project) == live_before


def assert_plain_refresh_passes(project: Project) -> None:
    start = len(project.emulator.journal.entries())
    project.stack.refresh(expect_no_changes=True)
    calls = project.emulator.journal.entries()[start:]
    assert sorted((call.method, call.route, call.status) for call in calls) == [
        ("GET", INTEGRATION, 200),
        ("GET", INSTALLATION, 200),
    ]


def assert_refresh_with_the_program_then_up_saves_the_key(project: Project) -> None:
    """Steps 4 to 6: ``refresh --run-program``, an ``up`` without changes, a plain refresh."""
    outputs = project.stack.outputs()
    project.stack.refresh(run_program=True, expect_no_changes=True)
    up = project.stack.up()
    assert set(up.summary.resource_changes or {}) == {"same"}
    assert project.stack.outputs() == outputs
    assert_plain_refresh_passes(project)  # only the key that up saved is accepted


def assert_nothing_left(project: Project) -> None:
    projects = live(project)["projects"]
    assert [p["integrations"] for p in projects] == [[]]
    assert [p["installations"] for p in projects] == [[]]
    assert project.stack.export().get("resources", []) == []


def test_rotating_the_config_key(prepared: Project) -> None:
    project = prepared
    project.stack.up()

    set_config_key(project, KEY_B)
    accept_only(project, KEY_B)
    assert_plain_refresh_fails_and_changes_nothing(project, KEY_A, KEY_B)
    assert_refresh_with_the_program_then_up_saves_the_key(project)
    assert saved_config(project)["ampersand:apiKey"] == "[secret]"  # there, and encrypted
    assert_no_key_in_state(project, KEY_A, KEY_B)

    set_config_key(project, KEY_C)
    accept_only(project, KEY_C)
    project.stack.destroy(run_program=True)
    assert_nothing_left(project)
    assert_no_key_in_state(project, KEY_A, KEY_B, KEY_C)


def test_rotating_the_environment_key(prepared: Project) -> None:
    """A key only in AMP_API_KEY: the provider process reads the CLI's environment at each
    command, so a plain refresh or destroy sends the rotated key at once."""
    project = prepared
    project.stack.stack.remove_config("ampersand:apiKey")
    project.stack.env["AMP_API_KEY"] = KEY_A
    project.stack.up()
    assert "ampersand:apiKey" not in saved_config(project)

    project.stack.env["AMP_API_KEY"] = KEY_B
    accept_only(project, KEY_B)
    assert_plain_refresh_passes(project)  # the rotated key, at once
    assert_refresh_with_the_program_then_up_saves_the_key(project)
    assert_no_key_in_state(project, KEY_A, KEY_B)

    project.stack.env["AMP_API_KEY"] = KEY_C
    accept_only(project, KEY_C)
    project.stack.destroy()  # no --run-program needed
    assert_nothing_left(project)
    assert_no_key_in_state(project, KEY_A, KEY_B, KEY_C)


def test_a_saved_config_key_wins_over_the_environment(prepared: Project) -> None:
    """Moving the key from stack config to AMP_API_KEY: until an ``up``, the config saved with
    the state still has ``ampersand:apiKey``, and config comes first."""
    project = prepared
    project.stack.up()
    assert saved_config(project)["ampersand:apiKey"] == "[secret]"

    project.stack.stack.remove_config("ampersand:apiKey")
    project.stack.env["AMP_API_KEY"] = KEY_B
    accept_only(project, KEY_B)
    assert_plain_refresh_fails_and_changes_nothing(project, KEY_A, KEY_B)
    assert_refresh_with_the_program_then_up_saves_the_key(project)
    assert "ampersand:apiKey" not in saved_config(project)
    assert_no_key_in_state(project, KEY_A, KEY_B)

    project.stack.destroy()
    assert_nothing_left(project)
