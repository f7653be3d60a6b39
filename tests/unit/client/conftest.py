"""Fixtures of the client tests: fake time, and a client factory on a mock transport.

``make_client`` makes each test run twice: with :class:`AmpersandClient`, and with
:class:`AsyncAmpersandClient` behind a blocking facade (each call awaited on the facade's own
event loop), so both drivers of the one set of flows are held to the same assertions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, cast

import httpx
import pytest

from pulumi_ampersand._client import AmpersandClient, AsyncAmpersandClient
from pulumi_ampersand._retry import RetryPolicy

from .support import FAKE_KEY, Api, FakeTime


class BlockingFacade:
    """An :class:`AsyncAmpersandClient` whose coroutine methods are called like blocking ones."""

    def __init__(self, client: AsyncAmpersandClient) -> None:
        self._client = client
        self._loop = asyncio.new_event_loop()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._client, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._loop.run_until_complete(method(*args, **kwargs))

        return call

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


def _async_sleep(fake_time: FakeTime) -> Callable[[float], Coroutine[Any, Any, None]]:
    async def sleep(seconds: float) -> None:
        fake_time.sleep(seconds)

    return sleep


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture(params=["blocking", "async"])
def make_client(
    request: pytest.FixtureRequest, fake_time: FakeTime
) -> Iterator[Callable[..., AmpersandClient]]:
    clients: list[AmpersandClient | BlockingFacade] = []

    def make(api: Api, **kwargs: Any) -> AmpersandClient:
        kwargs.setdefault("retry", RetryPolicy(jitter=0.0))
        common: dict[str, Any] = {
            "transport": httpx.MockTransport(api),
            "clock": fake_time.clock,
            "wall_clock": fake_time.wall,
            **kwargs,
        }
        url = "https://api.example.test/v1"
        client: AmpersandClient | BlockingFacade
        if request.param == "blocking":
            client = AmpersandClient(FAKE_KEY, url, sleep=fake_time.sleep, **common)
        else:
            async_client = AsyncAmpersandClient(
                FAKE_KEY, url, sleep=_async_sleep(fake_time), **common
            )
            client = BlockingFacade(async_client)
        clients.append(client)
        return cast(AmpersandClient, client)

    yield make
    for client in clients:
        client.close()
