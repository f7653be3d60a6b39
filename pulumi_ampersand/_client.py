"""Clients of the Ampersand Platform API: :class:`AmpersandClient` and its asyncio twin.

Both run the operations of :class:`._api.ClientCore`, which are written once as flows: the
blocking client on the calling thread, the async one on the running event loop. Each public
method is the core's operation of the same name (same arguments, docstring and errors), run.

Sending needs httpx alone: pydantic and the response models are imported when the first
answer is parsed, so a process's first request is on the wire before they are loaded (the
provider process imports them while that request is in flight: see ``_provider``).
"""

from __future__ import annotations

import asyncio
import functools
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

import httpx

from ._api import ClientCore, CoreOptions, escape_mask_segment
from ._flow import Flow, run_async, run_blocking
from .config import DEFAULT_BASE_URL, DEFAULT_TIMEOUT

if sys.version_info >= (3, 11):
    from typing import Unpack
else:  # pragma: no cover
    from typing_extensions import Unpack

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "AmpersandClient",
    "AsyncAmpersandClient",
    "ClientCore",
    "escape_mask_segment",
]

T = TypeVar("T")
P = ParamSpec("P")


def _blocking(
    operation: Callable[Concatenate[ClientCore, P], Flow[T]],
) -> Callable[Concatenate[AmpersandClient, P], T]:
    @functools.wraps(operation)
    def run(client: AmpersandClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return client.run(operation(client.core, *args, **kwargs))

    return run


def _awaitable(
    operation: Callable[Concatenate[ClientCore, P], Flow[T]],
) -> Callable[Concatenate[AsyncAmpersandClient, P], Coroutine[Any, Any, T]]:
    @functools.wraps(operation)
    async def run(client: AsyncAmpersandClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await client.run(operation(client.core, *args, **kwargs))

    return run


class AmpersandClient:
    """A blocking client of the Ampersand Platform API; thread-safe, and a context manager.

    One ``httpx.Client`` inside, and no state that changes per call, so one instance can be
    shared by every thread of a process. The API key is sent as ``X-Api-Key`` and never
    appears in a message, ``repr`` or log.

    :param api_key: a project API key.
    :param base_url: the API root, ``https://api.withampersand.com/v1`` by default.
    :param transport: the httpx transport; tests pass ``httpx.MockTransport``.
    :param sleep: how to wait between attempts (``time.sleep``).
    :param options: ``timeout``, ``retry``, ``clock``, ``wall_clock`` and ``user_agent``, as
        :class:`~pulumi_ampersand._api.CoreOptions` describes them.
    :raises ConfigurationError: no API key, or a base URL that is not an http(s) URL.

    Example::

        with AmpersandClient(os.environ["AMP_API_KEY"]) as client:
            for integration in client.list_integrations("my-project"):
                print(integration.name, integration.latest_revision.id)
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Unpack[CoreOptions],
    ) -> None:
        self.core = ClientCore(api_key, base_url, **options)
        self._sleep = sleep
        self._http = httpx.Client(transport=transport, **self.core.http_options())

    def __repr__(self) -> str:
        return f"AmpersandClient(base_url={str(self.core.base_url)!r})"

    def __enter__(self) -> AmpersandClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        self._http.close()

    def run(self, flow: Flow[T]) -> T:
        """Run a flow of this client's :attr:`core` (or one composed of them) to its result."""
        return run_blocking(flow, self._http, self._sleep)

    list_integrations = _blocking(ClientCore.list_integrations)
    get_integration = _blocking(ClientCore.get_integration)
    create_integration = _blocking(ClientCore.create_integration)
    create_revision = _blocking(ClientCore.create_revision)
    delete_integration = _blocking(ClientCore.delete_integration)
    list_installations = _blocking(ClientCore.list_installations)
    get_installation = _blocking(ClientCore.get_installation)
    create_installation = _blocking(ClientCore.create_installation)
    update_installation = _blocking(ClientCore.update_installation)
    delete_installation = _blocking(ClientCore.delete_installation)
    list_connections = _blocking(ClientCore.list_connections)
    get_connection = _blocking(ClientCore.get_connection)
    generate_connection = _blocking(ClientCore.generate_connection)


class AsyncAmpersandClient:
    """The asyncio client: :class:`AmpersandClient`'s methods, as coroutines.

    One ``httpx.AsyncClient`` inside; use it from one event loop, as many calls at once as
    wanted. The arguments are :class:`AmpersandClient`'s, but ``transport`` is an
    ``httpx.AsyncBaseTransport`` and ``sleep`` is awaited (``asyncio.sleep``).

    Example::

        async with AsyncAmpersandClient(os.environ["AMP_API_KEY"]) as client:
            found = await asyncio.gather(
                *(client.get_integration("my-project", name) for name in names)
            )
    """

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Unpack[CoreOptions],
    ) -> None:
        self.core = ClientCore(api_key, base_url, **options)
        self._sleep = sleep
        self._http = httpx.AsyncClient(transport=transport, **self.core.http_options())

    def __repr__(self) -> str:
        return f"AsyncAmpersandClient(base_url={str(self.core.base_url)!r})"

    async def __aenter__(self) -> AsyncAmpersandClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        await self._http.aclose()

    async def run(self, flow: Flow[T]) -> T:
        """Run a flow of this client's :attr:`core` (or one composed of them) to its result."""
        return await run_async(flow, self._http, self._sleep)

    list_integrations = _awaitable(ClientCore.list_integrations)
    get_integration = _awaitable(ClientCore.get_integration)
    create_integration = _awaitable(ClientCore.create_integration)
    create_revision = _awaitable(ClientCore.create_revision)
    delete_integration = _awaitable(ClientCore.delete_integration)
    list_installations = _awaitable(ClientCore.list_installations)
    get_installation = _awaitable(ClientCore.get_installation)
    create_installation = _awaitable(ClientCore.create_installation)
    update_installation = _awaitable(ClientCore.update_installation)
    delete_installation = _awaitable(ClientCore.delete_installation)
    list_connections = _awaitable(ClientCore.list_connections)
    get_connection = _awaitable(ClientCore.get_connection)
    generate_connection = _awaitable(ClientCore.generate_connection)
