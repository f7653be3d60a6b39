"""Flows: the API conversations written once, run by a blocking or by an asyncio driver.

A flow is a generator that yields the I/O it needs and is resumed with the result, in the
style of sans-I/O protocol libraries (h11, hyper-h2): ``yield Send(...)`` is answered with
the ``httpx.Response`` (or has the ``httpx.TransportError`` raised at the ``yield``), and
``yield Sleep(s)`` resumes after ``s`` seconds. Flows compose with ``yield from``: the
client's operations, its retry loop and the providers' create/read/update/delete are all
flows, so the dynamic resources (threads, :func:`run_blocking`) and the native provider
(asyncio, :func:`run_async`) run the very same code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

if TYPE_CHECKING:  # httpx is imported where a flow is run: a package import needs none of it
    import httpx

__all__ = ["Flow", "Send", "Sleep", "Step", "run_async", "run_blocking"]

T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    """One HTTP attempt, relative to the client's base URL; ``timeout`` in seconds."""

    method: str
    path: str
    params: Mapping[str, str] | None
    json: Any
    timeout: float

    def request(self) -> dict[str, Any]:
        """The keyword arguments of ``httpx.Client.request`` / ``AsyncClient.request``."""
        import httpx

        return {
            "method": self.method,
            "url": self.path,
            "params": self.params,
            "json": self.json,
            "timeout": httpx.Timeout(self.timeout),
        }


@dataclass(frozen=True)
class Sleep:
    """A pause, in seconds (between retries, or while a shared answer is fetched)."""

    seconds: float


Step: TypeAlias = Send | Sleep
Flow: TypeAlias = Generator[Step, Any, T]


@dataclass(frozen=True)
class _Done(Generic[T]):
    value: T


_Result: TypeAlias = "tuple[httpx.Response | None, httpx.TransportError | None]"


def _resume(
    flow: Flow[T], answer: httpx.Response | None, error: httpx.TransportError | None
) -> Step | _Done[T]:
    """The flow's next step after ``answer`` (or ``error``), or its result."""
    try:
        return flow.send(answer) if error is None else flow.throw(error)
    except StopIteration as stop:
        return _Done(stop.value)


def run_blocking(flow: Flow[T], http: httpx.Client, sleep: Callable[[float], None]) -> T:
    """Run ``flow`` on this thread: ``http`` sends, ``sleep`` waits."""
    step = _resume(flow, None, None)
    while not isinstance(step, _Done):
        step = _resume(flow, *_blocking_io(step, http, sleep))
    return step.value


def _blocking_io(step: Step, http: httpx.Client, sleep: Callable[[float], None]) -> _Result:
    import httpx

    if isinstance(step, Sleep):
        sleep(step.seconds)
        return None, None
    try:
        return http.request(**step.request()), None
    except httpx.TransportError as exc:
        return None, exc


async def run_async(
    flow: Flow[T], http: httpx.AsyncClient, sleep: Callable[[float], Awaitable[None]]
) -> T:
    """Run ``flow`` on the running event loop: ``http`` sends, ``sleep`` waits."""
    step = _resume(flow, None, None)
    while not isinstance(step, _Done):
        step = _resume(flow, *await _async_io(step, http, sleep))
    return step.value


async def _async_io(
    step: Step, http: httpx.AsyncClient, sleep: Callable[[float], Awaitable[None]]
) -> _Result:
    import httpx

    if isinstance(step, Sleep):
        await sleep(step.seconds)
        return None, None
    try:
        return await http.request(**step.request()), None
    except httpx.TransportError as exc:
        return None, exc
