"""The emulator's stored objects, each with its wire form (``to_wire``) and ``from_dict``.

A ``StoredProject`` holds everything of one project: groups, consumers, connections,
integrations (with append-only revisions) and installations (each with its current config).
``to_wire`` renders the API's camelCase documents as fresh copies; ``from_dict`` reads back what
``dataclasses.asdict`` wrote (the state file). The ``Stored`` prefix keeps these apart from the
API's response models and the package's resources.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Credentials",
    "JsonObject",
    "StoredConfig",
    "StoredConnection",
    "StoredConsumer",
    "StoredGroup",
    "StoredInstallation",
    "StoredIntegration",
    "StoredProject",
    "StoredRevision",
    "secret_strings",
]

JsonObject = dict[str, Any]
SECRET_KEYS = frozenset({"apiKey", "token", "password", "clientSecret"})
Credentials = Literal["none", "access", "all"]
"""Which OAuth tokens a connection's wire form shows."""


@dataclass
class StoredGroup:
    group_ref: str
    group_name: str
    create_time: str
    update_time: str | None = None

    def to_wire(self, project_id: str) -> JsonObject:
        wire = {
            "groupRef": self.group_ref,
            "groupName": self.group_name,
            "projectId": project_id,
            "createTime": self.create_time,
        }
        return wire | ({"updateTime": self.update_time} if self.update_time else {})


@dataclass
class StoredConsumer:
    consumer_ref: str
    consumer_name: str
    create_time: str
    update_time: str | None = None

    def to_wire(self, project_id: str) -> JsonObject:
        wire = {
            "consumerRef": self.consumer_ref,
            "consumerName": self.consumer_name,
            "projectId": project_id,
            "createTime": self.create_time,
        }
        return wire | ({"updateTime": self.update_time} if self.update_time else {})


@dataclass
class StoredConnection:
    id: str
    provider: str
    group_ref: str
    consumer_ref: str
    auth_scheme: str
    status: str
    create_time: str
    update_time: str
    credentials: JsonObject
    """The request's one credential field, as given: ``{"apiKey": "..."}``."""
    provider_workspace_ref: str | None = None
    provider_metadata: JsonObject | None = None


@dataclass
class StoredRevision:
    id: str
    spec_version: str
    create_time: str
    content: JsonObject

    def to_wire(self) -> JsonObject:
        return {
            "id": self.id,
            "specVersion": self.spec_version,
            "createTime": self.create_time,
            "content": copy.deepcopy(self.content),
        }


@dataclass
class StoredIntegration:
    id: str
    name: str
    provider: str
    create_time: str
    update_time: str
    revisions: list[StoredRevision]

    @property
    def latest(self) -> StoredRevision:
        return self.revisions[-1]


@dataclass
class StoredConfig:
    id: str
    revision_id: str
    create_time: str
    created_by: str
    content: JsonObject

    def to_wire(self) -> JsonObject:
        return {
            "id": self.id,
            "revisionId": self.revision_id,
            "createTime": self.create_time,
            "createdBy": self.created_by,
            "content": copy.deepcopy(self.content),
        }


@dataclass
class StoredInstallation:
    id: str
    integration_id: str
    group_ref: str
    connection_id: str
    create_time: str
    created_by: str
    update_time: str
    config: StoredConfig
    health_status: str = "healthy"
    last_operation_status: str = "success"


@dataclass
class StoredProject:
    id: str
    name: str
    create_time: str
    groups: dict[str, StoredGroup] = field(default_factory=dict)
    consumers: dict[str, StoredConsumer] = field(default_factory=dict)
    connections: dict[str, StoredConnection] = field(default_factory=dict)
    integrations: dict[str, StoredIntegration] = field(default_factory=dict)
    installations: dict[str, StoredInstallation] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredProject:
        """The project ``dataclasses.asdict`` wrote."""
        return cls(
            id=data["id"],
            name=data["name"],
            create_time=data["create_time"],
            groups={k: StoredGroup(**v) for k, v in data["groups"].items()},
            consumers={k: StoredConsumer(**v) for k, v in data["consumers"].items()},
            connections={k: StoredConnection(**v) for k, v in data["connections"].items()},
            integrations={
                k: StoredIntegration(
                    **(v | {"revisions": [StoredRevision(**r) for r in v["revisions"]]})
                )
                for k, v in data["integrations"].items()
            },
            installations={
                k: StoredInstallation(**(v | {"config": StoredConfig(**v["config"])}))
                for k, v in data["installations"].items()
            },
        )

    # --- wire forms: the entities that refer to others render them from here ---

    def group_wire(self, group_ref: str) -> JsonObject:
        group = self.groups.get(group_ref) or StoredGroup(group_ref, group_ref, self.create_time)
        return group.to_wire(self.id)

    def consumer_wire(self, consumer_ref: str) -> JsonObject:
        consumer = self.consumers.get(consumer_ref) or StoredConsumer(
            consumer_ref, consumer_ref, self.create_time
        )
        return consumer.to_wire(self.id)

    def connection_wire(self, connection: StoredConnection, *, creds: Credentials) -> JsonObject:
        wire: JsonObject = {
            "id": connection.id,
            "projectId": self.id,
            "provider": connection.provider,
            "group": self.group_wire(connection.group_ref),
            "consumer": self.consumer_wire(connection.consumer_ref),
            "createTime": connection.create_time,
            "updateTime": connection.update_time,
            "authScheme": connection.auth_scheme,
            "status": connection.status,
        }
        if connection.provider_workspace_ref is not None:
            wire["providerWorkspaceRef"] = connection.provider_workspace_ref
        if connection.provider_metadata is not None:
            wire["providerMetadata"] = copy.deepcopy(connection.provider_metadata)
        if "apiKey" in connection.credentials:
            wire["apiKey"] = connection.credentials["apiKey"]
        tokens = connection.credentials.get("oauth2AuthorizationCode")
        if isinstance(tokens, Mapping) and creds != "none":
            shown = copy.deepcopy(dict(tokens))
            if creds == "access":
                shown.pop("refreshToken", None)
            wire["oauth2AuthorizationCode"] = shown
        return wire

    def integration_wire(self, integration: StoredIntegration) -> JsonObject:
        return {
            "id": integration.id,
            "projectId": self.id,
            "name": integration.name,
            "provider": integration.provider,
            "createTime": integration.create_time,
            "updateTime": integration.update_time,
            "latestRevision": integration.latest.to_wire(),
        }

    def installation_wire(self, installation: StoredInstallation) -> JsonObject:
        return {
            "id": installation.id,
            "projectId": self.id,
            "integrationId": installation.integration_id,
            "group": self.group_wire(installation.group_ref),
            "healthStatus": installation.health_status,
            "lastOperationStatus": installation.last_operation_status,
            "connection": self.connection_wire(
                self.connections[installation.connection_id], creds="all"
            ),
            "createTime": installation.create_time,
            "createdBy": installation.created_by,
            "updateTime": installation.update_time,
            "config": installation.config.to_wire(),
        }

    def to_wire(self) -> JsonObject:
        """Everything of the project, revision history included (the state dump)."""
        return {
            "id": self.id,
            "name": self.name,
            "createTime": self.create_time,
            "groups": [self.group_wire(ref) for ref in self.groups],
            "consumers": [self.consumer_wire(ref) for ref in self.consumers],
            "connections": [
                self.connection_wire(c, creds="all") for c in self.connections.values()
            ],
            "integrations": [
                self.integration_wire(i) | {"revisions": [r.to_wire() for r in i.revisions]}
                for i in self.integrations.values()
            ],
            "installations": [self.installation_wire(i) for i in self.installations.values()],
        }


def secret_strings(value: Any, key: str = "", inside_custom: bool = False) -> Iterable[str]:
    """Credential strings in a stored credential: tokens, keys, passwords, secrets."""
    if isinstance(value, Mapping):
        for child_key, child in value.items():
            yield from secret_strings(child, child_key, inside_custom or child_key == "customAuth")
    elif isinstance(value, list):
        if inside_custom:
            for item in value:
                yield from secret_strings(item, key, inside_custom)
    elif isinstance(value, str) and value and (inside_custom or key in SECRET_KEYS):
        yield value
