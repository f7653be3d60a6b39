"""The real socket server, the command line, and state persistence."""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from pulumi_ampersand.emulator import Backend, EmulatorServer

from .support import (
    API_KEY,
    PROJECT,
    create_connection,
    create_installation,
    create_integration,
    integration_body,
)

LIST = f"/projects/{PROJECT}/integrations"


def test_server_serves_the_api_and_the_controls(
    emulator: EmulatorServer, http: httpx.Client
) -> None:
    assert emulator.url == f"http://127.0.0.1:{emulator.port}/v1"
    assert emulator.admin_url == f"http://127.0.0.1:{emulator.port}/_emulator"
    integration = create_integration(http)
    assert emulator.backend.get_integration(PROJECT, "crm") == integration
    assert httpx.get(f"{emulator.admin_url}/counters").json() == [
        {"method": "POST", "route": "/projects/{p}/integrations", "count": 1},
        {"method": "GET", "route": "/projects/{p}/integrations/{i}", "count": 1},
    ]


def test_dropped_connection_really_closes_the_socket(
    emulator: EmulatorServer, http: httpx.Client
) -> None:
    emulator.faults.add({"method": "POST", "drop": "after", "count": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(LIST, json=integration_body())
    assert [i["name"] for i in http.get(LIST).json()] == ["crm"]  # committed
    emulator.faults.add({"method": "POST", "drop": "before", "count": 1})
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(LIST, json=integration_body("other"))
    assert len(http.get(LIST).json()) == 1


def test_latency_makes_a_client_time_out(emulator: EmulatorServer, http: httpx.Client) -> None:
    emulator.faults.add({"latency_ms": 300, "count": 1})
    with pytest.raises(httpx.ReadTimeout):
        http.get(LIST, timeout=0.05)
    assert http.get(LIST).status_code == 200


def test_a_client_gone_before_the_answer_costs_no_traceback(
    emulator: EmulatorServer, http: httpx.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.faults.add({"latency_ms": 200, "count": 1})
    closed = emulator.closed_connections
    with socket.create_connection(("127.0.0.1", emulator.port)) as client:
        client.sendall(
            f"GET /v1{LIST} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {API_KEY}\r\n\r\n".encode()
        )
        # Close with a reset, as a client that timed out does: the server's write then fails.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # The server is done with the connection (its write failed, any error is reported):
    assert emulator.wait_closed_connections(closed + 1)
    assert "Traceback" not in capsys.readouterr().err
    assert http.get(LIST).status_code == 200


def test_stop_is_idempotent_and_frees_the_port() -> None:
    server = EmulatorServer().start()
    port = server.port
    server.stop()
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/v1/projects/p/integrations", timeout=1)


def test_state_file_round_trip(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with EmulatorServer(api_key=API_KEY, state_file=state, random_seed=5) as first:
        with httpx.Client(base_url=first.url, headers={"X-Api-Key": API_KEY}) as http:
            integration = create_integration(http)
            create_connection(http)
            installation = create_installation(http, integration["id"])
        dump = first.backend.dump()
        secrets = first.backend.secrets()
    restored = Backend(state_file=state, random_seed=5)
    assert restored.dump() == dump
    assert restored.secrets() == secrets
    assert restored.get_installation(PROJECT, "crm", installation["id"]) == installation
    # The seeded generator carries on where it stopped instead of repeating ids.
    restored.create_integration(PROJECT, integration_body("second"))
    ids = [i["id"] for i in restored.list_integrations(PROJECT)]
    assert len(set(ids)) == 2


def test_command_line_starts_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"projects": {PROJECT: {"integrations": [integration_body()]}}}))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_ampersand.emulator",
            "--port",
            "0",
            "--api-key",
            API_KEY,
            "--seed",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("Ampersand emulator listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[-1]
        assert url.endswith("/v1")
        names = [
            i["name"] for i in httpx.get(f"{url}{LIST}", headers={"X-Api-Key": API_KEY}).json()
        ]
        assert names == ["crm"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stdout.read() == ""  # exactly one line on stdout
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
