"""Serving the emulator app: a threaded HTTP server on loopback, or an in-process transport."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import httpx

from .app import ADMIN_PREFIX, API_PREFIX, EmulatorApp, Request, Response
from .faults import Faults
from .journal import Journal
from .state import Backend

__all__ = ["EmulatorServer", "emulator_transport"]


class _Handler(BaseHTTPRequestHandler):
    """Hands every request to the server's app; writes the answer or drops the connection."""

    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this the body waits for the client's
    # delayed ACK (~40 ms a call), which would swamp every timing measured against it.
    disable_nagle_algorithm = True

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        request = Request(self.command, path, query, dict(self.headers.items()), body)
        response = self.server.app(request)
        if response.drop:
            # No response at all: the client sees the connection close (an ambiguous outcome).
            self.close_connection = True
            with contextlib.suppress(OSError):  # the client may have gone already
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (its timeout, during injected latency): the answer is
            # lost, as with a real server; no traceback on the emulator's stderr.
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the journal records every API call."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: EmulatorApp) -> None:
        self.app = app
        self.closed_connections = 0
        self.closed = threading.Condition()
        super().__init__(address, _Handler)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        # Called last for each connection, after any error report: a test can wait for it.
        super().shutdown_request(request)
        with self.closed:
            self.closed_connections += 1
            self.closed.notify_all()


class EmulatorServer:
    """The emulator on a real socket, in a background thread.

    Args:
        host: interface to listen on.
        port: port to listen on; 0 picks a free one (read it from ``url``).
        api_key: the only accepted ``X-Api-Key``; when None any non-empty key is accepted.
        backend: the state to serve (default: a new ``Backend`` built from the arguments below).
        state_file: persist the state to this JSON file (see ``Backend``).
        random_seed: deterministic ids and times (see ``Backend``).
        auto_connections: create OAuth connections on demand (see ``Backend``).

    Example::

        with EmulatorServer(api_key="test-key") as emulator:
            httpx.get(f"{emulator.url}/projects/demo/integrations",
                      headers={"X-Api-Key": "test-key"})
            assert emulator.journal.count("GET", "/projects/{p}/integrations") == 1
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        backend: Backend | None = None,
        state_file: str | os.PathLike[str] | None = None,
        random_seed: int | None = None,
        auto_connections: bool = False,
    ) -> None:
        self.backend = (
            backend
            if backend is not None
            else Backend(
                random_seed=random_seed, state_file=state_file, auto_connections=auto_connections
            )
        )
        self.faults = Faults()
        self.journal = Journal()
        self.app = EmulatorApp(
            self.backend, api_key=api_key, faults=self.faults, journal=self.journal
        )
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The listening port (after ``start()``)."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The API base URL: ``http://127.0.0.1:PORT/v1``."""
        return f"http://{self._address[0]}:{self.port}{API_PREFIX}"

    @property
    def admin_url(self) -> str:
        """The test controls' base URL: ``http://127.0.0.1:PORT/_emulator``."""
        return f"http://{self._address[0]}:{self.port}{ADMIN_PREFIX}"

    @property
    def closed_connections(self) -> int:
        """How many client connections the server has finished with (after ``start()``)."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return self._server.closed_connections

    def wait_closed_connections(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until the server has finished with ``count`` connections; False on timeout."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        server = self._server
        with server.closed:
            return server.closed.wait_for(lambda: server.closed_connections >= count, timeout)

    def start(self) -> EmulatorServer:
        """Listen, and serve in a background thread; returns once connections are accepted."""
        if self._server is not None:
            return self
        self._server = _Server(self._address, self.app)
        ready = threading.Event()

        def serve() -> None:
            ready.set()
            assert self._server is not None
            self._server.serve_forever(poll_interval=0.05)

        self._thread = threading.Thread(target=serve, name="ampersand-emulator", daemon=True)
        self._thread.start()
        ready.wait()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and join the thread."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def emulator_transport(app: Callable[[Request], Response]) -> httpx.MockTransport:
    """An ``httpx`` transport answered in-process by ``app`` (an ``EmulatorApp``), for the
    blocking client (``httpx.Client``) and the async one (``httpx.AsyncClient``) alike.

    Any host works; by convention the base URL is ``http://emulator/v1``.

    A dropped connection raises ``httpx.RemoteProtocolError``; latency really sleeps.
    """

    def handle(request: httpx.Request) -> httpx.Response:
        path, _, query = request.url.raw_path.decode("ascii").partition("?")
        answer = app(Request(request.method, path, query, dict(request.headers), request.read()))
        if answer.drop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body)

    return httpx.MockTransport(handle)
