"""The Backend's connection operations, and which connection an installation uses."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from .entities import (
    Credentials,
    JsonObject,
    StoredConnection,
    StoredConsumer,
    StoredGroup,
    StoredIntegration,
    StoredProject,
    secret_strings,
)
from .errors import (
    ProblemConflict,
    ProblemInputValidation,
    ProblemIssue,
    ProblemNotFound,
    format_time,
)
from .store import Store, locked, mutation
from .validation import AUTH_SCHEMES, credential_issues, request_body, string_field


class ConnectionOperations(Store):
    """generateConnection, listConnections, getConnection, deleteConnection; and the
    connection of a new installation (given, the group's, or an automatic one)."""

    # --- connections ---

    @mutation
    def generate_connection(self, project_ref: str, body: Any) -> JsonObject:
        """generateConnection: store credentials for a group; groups and consumers appear."""
        project = self._project(project_ref)
        body = request_body(body)
        issues: list[ProblemIssue] = []
        group_ref = string_field(body, "groupRef", "groupRef", issues)
        consumer_ref = string_field(body, "consumerRef", "consumerRef", issues)
        provider = string_field(body, "provider", "provider", issues)
        group_name = string_field(body, "groupName", "groupName", issues, required=False)
        consumer_name = string_field(body, "consumerName", "consumerName", issues, required=False)
        kinds = [kind for kind in AUTH_SCHEMES if body.get(kind) is not None]
        if len(kinds) != 1:
            issues.append(
                ProblemIssue(
                    "", f"Provide exactly one of {', '.join(AUTH_SCHEMES)}; got {len(kinds)}."
                )
            )
        if issues or group_ref is None or consumer_ref is None or provider is None:
            raise ProblemInputValidation("The connection request is malformed.", issues, status=400)
        kind = kinds[0]
        credential = copy.deepcopy(body[kind])
        issues = credential_issues(kind, credential)
        if issues:
            raise ProblemInputValidation("The credentials are invalid.", issues)
        connection = self._new_connection(
            project,
            provider,
            group_ref,
            consumer_ref,
            {kind: credential},
            group_name=group_name,
            consumer_name=consumer_name,
        )
        if isinstance(body.get("providerWorkspaceRef"), str):
            connection.provider_workspace_ref = body["providerWorkspaceRef"]
        if isinstance(body.get("providerMetadata"), Mapping):
            connection.provider_metadata = copy.deepcopy(dict(body["providerMetadata"]))
        return project.connection_wire(connection, creds="all")

    @locked
    def list_connections(
        self,
        project_ref: str,
        *,
        provider: str | None = None,
        group_ref: str | None = None,
        consumer_ref: str | None = None,
    ) -> list[JsonObject]:
        """listConnections, filtered; OAuth tokens are left out as on getConnection."""
        project = self._project(project_ref)
        return [
            project.connection_wire(c, creds="none")
            for c in project.connections.values()
            if provider in (None, c.provider)
            and group_ref in (None, c.group_ref)
            and consumer_ref in (None, c.consumer_ref)
        ]

    @locked
    def get_connection(
        self,
        project_ref: str,
        connection_id: str,
        *,
        include_creds: bool = False,
        include_refresh_token: bool = False,
    ) -> JsonObject:
        """getConnection: OAuth tokens only with ``includeCreds`` / ``includeRefreshToken``."""
        project = self._project(project_ref)
        creds: Credentials = (
            "all" if include_refresh_token else "access" if include_creds else "none"
        )
        return project.connection_wire(self._connection(project, connection_id), creds=creds)

    @mutation
    def delete_connection(self, project_ref: str, connection_id: str) -> None:
        """deleteConnection: refused (409) while an installation uses the connection."""
        project = self._project(project_ref)
        connection = self._connection(project, connection_id)
        users = [i.id for i in project.installations.values() if i.connection_id == connection.id]
        if users:
            raise ProblemConflict(
                f"Connection {connection_id!r} is used by installation(s) {', '.join(users)}.",
                remedy="Delete those installations first (which deletes the connection too).",
            )
        del project.connections[connection.id]

    def _connection(self, project: StoredProject, connection_id: str) -> StoredConnection:
        connection = project.connections.get(connection_id)
        if connection is None:
            raise ProblemNotFound(
                f"Connection {connection_id!r} not found in project {project.name!r}."
            )
        return connection

    def _auto_connection(
        self, project: StoredProject, provider: str, group_ref: str
    ) -> StoredConnection:
        now = self._timestamp()
        expires = format_time(self.now() + timedelta(hours=1))
        tokens = {
            "accessToken": {"token": self._token("access"), "issuedAt": now, "expiresAt": expires},
            "refreshToken": {"token": self._token("refresh"), "issuedAt": now},
            "scopes": ["offline_access"],
        }
        return self._new_connection(
            project, provider, group_ref, f"{group_ref}-admin", {"oauth2AuthorizationCode": tokens}
        )

    def _new_connection(
        self,
        project: StoredProject,
        provider: str,
        group_ref: str,
        consumer_ref: str,
        credentials: JsonObject,
        *,
        group_name: str | None = None,
        consumer_name: str | None = None,
    ) -> StoredConnection:
        now = self._timestamp()
        group = project.groups.get(group_ref)
        if group is None:
            project.groups[group_ref] = StoredGroup(group_ref, group_name or group_ref, now)
        elif group_name is not None and group_name != group.group_name:
            group.group_name, group.update_time = group_name, now
        consumer = project.consumers.get(consumer_ref)
        if consumer is None:
            project.consumers[consumer_ref] = StoredConsumer(
                consumer_ref, consumer_name or consumer_ref, now
            )
        elif consumer_name is not None and consumer_name != consumer.consumer_name:
            consumer.consumer_name, consumer.update_time = consumer_name, now
        (kind,) = credentials
        connection = StoredConnection(
            id=self.new_id(),
            provider=provider,
            group_ref=group_ref,
            consumer_ref=consumer_ref,
            auth_scheme=AUTH_SCHEMES[kind],
            status="created",
            create_time=now,
            update_time=now,
            credentials=credentials,
        )
        project.connections[connection.id] = connection
        self._issued_secrets += secret_strings(credentials)
        return connection

    def _installation_connection(
        self,
        project: StoredProject,
        integration: StoredIntegration,
        group_ref: str,
        connection_id: str | None,
    ) -> StoredConnection:
        """The connection an installation of this group uses: the given one, or the default."""
        if connection_id is not None:
            connection = project.connections.get(connection_id)
            if connection is None:
                problem = f"Connection {connection_id!r} not found in project {project.name!r}."
            elif connection.group_ref != group_ref:
                problem = (
                    f"Connection {connection_id!r} belongs to group {connection.group_ref!r}, "
                    f"not {group_ref!r}."
                )
            elif connection.provider != integration.provider:
                problem = (
                    f"Connection provider {connection.provider!r} does not match the "
                    f"integration's provider {integration.provider!r}."
                )
            else:
                return connection
            raise ProblemInputValidation(problem, [ProblemIssue("connectionId", problem)])
        candidates = [
            c
            for c in project.connections.values()
            if c.group_ref == group_ref and c.provider == integration.provider
        ]
        if candidates:
            return candidates[-1]
        if self.auto_connections:
            return self._auto_connection(project, integration.provider, group_ref)
        detail = (
            f"Group {group_ref!r} has no {integration.provider} connection, so the installation "
            "has nothing to read or write with."
        )
        raise ProblemInputValidation(
            detail,
            [ProblemIssue("groupRef", detail)],
            remedy="Create a connection for the group first (connections:generate, or the "
            "customer's OAuth consent), or pass connectionId.",
        )
