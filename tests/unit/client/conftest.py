"""Fixtures of the client tests: fake time and a client factory on a mock transport."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from pulumi_ampersand._client import AmpersandClient
from pulumi_ampersand._retry import RetryPolicy

from .support import FAKE_KEY, Api, FakeTime


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_time: FakeTime) -> Iterator[Callable[..., AmpersandClient]]:
    clients: list[AmpersandClient] = []

    def make(api: Api, **kwargs: Any) -> AmpersandClient:
        kwargs.setdefault("retry", RetryPolicy(jitter=0.0))
        client = AmpersandClient(
            FAKE_KEY,
            "https://api.example.test/v1",
            transport=httpx.MockTransport(api),
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            wall_clock=fake_time.wall,
            **kwargs,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
