"""Emulator fixtures: the app in-process (fast) and the real threaded server on a free port."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pulumi_ampersand.emulator import Backend, EmulatorApp, EmulatorServer, emulator_transport

from .support import API_KEY


@pytest.fixture
def app() -> EmulatorApp:
    return EmulatorApp(Backend(random_seed=7), api_key=API_KEY)


@pytest.fixture
def api(app: EmulatorApp) -> Iterator[httpx.Client]:
    """A client of the in-process app, authenticated."""
    with httpx.Client(
        transport=emulator_transport(app),
        base_url="http://emulator/v1",
        headers={"X-Api-Key": API_KEY},
    ) as client:
        yield client


@pytest.fixture
def admin(app: EmulatorApp) -> Iterator[httpx.Client]:
    """A client of the in-process app's test controls."""
    with httpx.Client(
        transport=emulator_transport(app), base_url="http://emulator/_emulator"
    ) as client:
        yield client


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """The real threaded server on a free loopback port."""
    with EmulatorServer(api_key=API_KEY, random_seed=7) as server:
        yield server


@pytest.fixture
def http(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """A client of the real server, authenticated."""
    with httpx.Client(base_url=emulator.url, headers={"X-Api-Key": API_KEY}, timeout=5) as client:
        yield client
