"""Client test helpers: a recording mock API, fake time, problem+json responses, spec data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

FAKE_KEY = "amp_fake_KEY_0c6d2e9b7f41"
WALL_START = 1_713_812_128.0  # 2024-04-22T18:55:28Z

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Api:
    """A recording handler: answers from a queue (the last answer repeats), keeps requests."""

    def __init__(self, *answers: Answer, on_request: Callable[[], None] | None = None) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.on_request = on_request

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.on_request is not None:
            self.on_request()
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            # A copy: an answer may repeat, and may be shared by the blocking and async runs.
            return httpx.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )
        return answer(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


class FakeTime:
    """An injectable monotonic clock, wall clock and sleep: sleeping only moves the clocks."""

    def __init__(self) -> None:
        self.elapsed = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return 500.0 + self.elapsed

    def wall(self) -> float:
        return WALL_START + self.elapsed

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += seconds


def problem(status: int, headers: dict[str, str] | None = None, **fields: Any) -> httpx.Response:
    """A problem+json response."""
    body = {"type": "about:blank", "status": status, **fields}
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/problem+json", **(headers or {})},
    )


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


INTEGRATION: dict[str, Any] = {
    "id": "0b1c2d3e-0000-4000-8000-000000000001",
    "projectId": "project-456",
    "name": "my-integration",
    "provider": "salesforce",
    "createTime": "2024-01-15T10:30:00.000000Z",
    "latestRevision": {
        "id": "revision-1",
        "specVersion": "1.0.0",
        "createTime": "2024-01-15T10:30:00.000000Z",
        "content": {"name": "my-integration", "provider": "salesforce", "proxy": {"enabled": True}},
    },
}

GROUP: dict[str, Any] = {
    "groupRef": "org_12345",
    "groupName": "Acme Corp",
    "projectId": "project-456",
    "createTime": "2024-01-15T10:30:00.000000Z",
}

CONNECTION: dict[str, Any] = {
    "id": "9d8c7b6a-5e4f-3a2b-1c0d-ef9876543210",
    "projectId": "project-456",
    "provider": "salesforce",
    "group": GROUP,
    "consumer": {
        "consumerRef": "user_67890",
        "consumerName": "Jane Smith",
        "projectId": "project-456",
        "createTime": "2024-01-15T10:30:00.000000Z",
    },
    "createTime": "2024-01-15T10:30:00.000000Z",
    "authScheme": "oauth2/authorizationCode",
    "status": "working",
}

INSTALLATION: dict[str, Any] = {
    "id": "3f8b2a1e-7c4d-4e9a-b5f6-1d2e3a4b5c6d",
    "projectId": "project-456",
    "integrationId": INTEGRATION["id"],
    "group": GROUP,
    "healthStatus": "healthy",
    "connection": CONNECTION,
    "createTime": "2024-01-15T10:30:00.000000Z",
    "createdBy": "consumer:user_67890",
    "config": {
        "id": "config-1",
        "revisionId": "revision-1",
        "createTime": "2024-01-15T10:30:00.000000Z",
        "createdBy": "consumer:user_67890",
        "content": {"provider": "salesforce", "proxy": {"enabled": True}},
    },
}
