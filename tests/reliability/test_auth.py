"""Scenario 6: a missing or wrong API key fails at once, says how to set it, and never leaks.

The wrong key is a recognisable fake; every CLI output, the stack export and the backend's
files are scanned for it (and for every credential the emulator issued).
"""

from __future__ import annotations

from tests.reliability.scenarios import Fleet
from tests.support.stacks import Project

WRONG_KEY = "amp-fake-key-MUST-NOT-LEAK-5b7c2e91"
HOW_TO = ("pulumi config set --secret ampersand:apiKey", "AMP_API_KEY")


def _says_how_to_set_the_key(output: str) -> None:
    for words in HOW_TO:
        assert words in output, output[-3000:]


def test_missing_key_fails_the_up_before_any_api_call(project: Project) -> None:
    """No ampersand:apiKey and no AMP_API_KEY: preview needs no key (it calls no API), and the
    up fails at once with a ConfigurationError that says how to set the key."""
    fleet = Fleet(project, groups=2)
    fleet.write()
    fleet.stack.remove_config("ampersand:apiKey")
    assert fleet.run("preview").ok  # check/diff are offline: nothing to authenticate
    up = fleet.run("up")
    assert not up.ok
    assert up.seconds < 30, up.seconds
    assert "ConfigurationError" in up.output
    _says_how_to_set_the_key(up.output)
    assert up.unexpected_exceptions() == []
    assert fleet.emulator.journal.entries() == []
    fleet.assert_no_secrets()


def test_wrong_key_fails_at_once_without_retries_and_never_appears(project: Project) -> None:
    """A wrong key: the up's first call is answered 401 and not retried, the error says how to
    set the key, and the key is in no output, export or backend file."""
    fleet = Fleet(project, groups=2)
    fleet.write()
    fleet.set_config("ampersand:apiKey", WRONG_KEY, secret=True)
    up = fleet.run("up")
    assert not up.ok
    calls = [(e.method, e.status) for e in fleet.emulator.journal.entries()]
    assert calls == [("POST", 401)], calls
    assert "AuthenticationError" in up.output
    _says_how_to_set_the_key(up.output)
    assert up.unexpected_exceptions() == []
    fleet.assert_no_secrets(extra={"wrong key": WRONG_KEY})


def test_wrong_key_after_an_up_fails_refresh_at_once(project: Project) -> None:
    """A working stack whose key is then replaced by a wrong one: an up without changes calls
    no API (and records the new config for later refreshes), then refresh and
    `preview --refresh` fail with one 401 per resource, none retried; the key never appears."""
    fleet = Fleet(project, groups=2)
    fleet.write()
    assert fleet.run("up").ok
    fleet.set_config("ampersand:apiKey", WRONG_KEY, secret=True)
    fleet.emulator.journal.clear()
    assert fleet.run("up").ok
    assert fleet.emulator.journal.entries() == []
    refresh = fleet.run("refresh")
    assert not refresh.ok
    statuses = [e.status for e in fleet.emulator.journal.entries()]
    assert statuses and set(statuses) == {401}, statuses
    assert len(statuses) <= 3  # one GET per resource, none retried
    _says_how_to_set_the_key(refresh.output)
    preview = fleet.run("preview", refresh=True)
    assert not preview.ok
    _says_how_to_set_the_key(preview.output)
    assert refresh.unexpected_exceptions() == preview.unexpected_exceptions() == []
    fleet.assert_no_secrets(extra={"wrong key": WRONG_KEY})
