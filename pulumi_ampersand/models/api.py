"""Objects the Ampersand API returns (``api/api.yaml`` components), as the server sends them.

* Times stay ``str`` (RFC 3339 as sent) and documents stay plain dicts, so every value is JSON
  and can go into Pulumi state unchanged. ``Revision.content`` and ``Config.content`` are kept
  raw here; the typed ``*Args`` models parse them strictly where a diff needs it.
* Enumerations (``healthStatus``, ``status``, ``authScheme``) are ``str``: a value the server
  adds later must not break reading a resource.
* A :class:`Connection` may carry credentials (OAuth tokens, an API key, ...). They parse, so
  nothing the server sends breaks a read, but they are left out of ``repr`` and can only reach
  Pulumi state through :meth:`Connection.public_fields`, which copies an allow-list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from ._base import ResponseModel

__all__ = [
    "ConfigResponse",
    "ConnectionResponse",
    "ConsumerResponse",
    "GroupResponse",
    "InstallationResponse",
    "IntegrationResponse",
    "RevisionResponse",
]


class GroupResponse(ResponseModel):
    """A group of users (your customer's org or workspace) that installs integrations."""

    group_ref: str
    """The ID your app uses for the group."""
    group_name: str | None = None
    project_id: str | None = None
    create_time: str | None = None
    update_time: str | None = None


class ConsumerResponse(ResponseModel):
    """An end user who made a connection."""

    consumer_ref: str
    """The ID your app uses for the user."""
    consumer_name: str | None = None
    project_id: str | None = None
    create_time: str | None = None
    update_time: str | None = None


#: ``Connection`` fields that are safe to show and store, copied by ``public_fields``.
_PUBLIC_CONNECTION_FIELDS = (
    "id",
    "project_id",
    "provider",
    "auth_scheme",
    "status",
    "provider_workspace_ref",
    "provider_consumer_ref",
    "create_time",
    "update_time",
)
#: ``providerMetadata`` sources whose values are not derived from a token.
_PUBLIC_METADATA_SOURCES = frozenset({"input", "provider"})
_CREDENTIAL_LIKE_NAME = re.compile(
    r"token|secret|passw|key|credential|auth|session|cookie|signature|bearer", re.IGNORECASE
)


def _secret() -> Any:
    """A credential field: optional, loosely typed, never in ``repr``."""
    return Field(default=None, repr=False)


class ConnectionResponse(ResponseModel):
    """One set of SaaS credentials of a group, as embedded in installations.

    Only ``id`` is required: everything else is optional and credential fields are typed
    loosely, so any shape the server sends parses. Credentials never appear in ``repr`` and
    never in :meth:`public_fields`.
    """

    id: str
    project_id: str | None = None
    provider: str | None = None
    provider_app: dict[str, Any] | None = None
    group: GroupResponse | None = None
    consumer: ConsumerResponse | None = None
    provider_workspace_ref: str | None = None
    """The provider workspace, e.g. the Salesforce subdomain."""
    provider_consumer_ref: str | None = None
    """The provider's own ID of the user who connected."""
    create_time: str | None = None
    update_time: str | None = None
    auth_scheme: str | None = None
    """``none``, ``apiKey``, ``basic``, ``oauth2/authorizationCode``, ..."""
    status: str | None = None
    """``created``, ``working`` or ``bad_credentials``."""
    oauth2_authorization_code: Any = _secret()
    """Access and refresh tokens: secret."""
    api_key: Any = _secret()
    """The provider API key: secret."""
    basic_auth: Any = _secret()
    """Username and password: secret."""
    oauth2_client_credentials: Any = _secret()
    """Client id and secret: secret."""
    oauth2_password_credentials: Any = _secret()
    """Username, password, client id and secret: secret."""
    custom_auth: Any = _secret()
    """Custom auth input values: secret."""
    provider_metadata: Any = _secret()
    """``{name: {value, source, displayName}}``; entries with ``source: token`` are secret."""

    def public_fields(self) -> dict[str, Any]:
        """The connection's non-secret fields, snake_case, for outputs and logs.

        The rule is an allow-list, not a deny-list: only the fields named here are copied, so
        a credential field the server adds later stays out without anyone noticing it. Copied:
        ``id``, ``project_id``, ``provider``, ``auth_scheme``, ``status``,
        ``provider_workspace_ref``, ``provider_consumer_ref``, ``create_time``,
        ``update_time``, ``group_ref``/``group_name``, ``consumer_ref``/``consumer_name``,
        ``provider_app_id``, and the string ``provider_metadata`` values whose source is
        ``input`` or ``provider`` (never ``token``) and whose name does not look like a
        credential. Fields the server did not send are left out.
        """
        fields: dict[str, Any] = {name: getattr(self, name) for name in _PUBLIC_CONNECTION_FIELDS}
        if self.group is not None:
            fields["group_ref"] = self.group.group_ref
            fields["group_name"] = self.group.group_name
        if self.consumer is not None:
            fields["consumer_ref"] = self.consumer.consumer_ref
            fields["consumer_name"] = self.consumer.consumer_name
        if self.provider_app is not None and isinstance(self.provider_app.get("id"), str):
            fields["provider_app_id"] = self.provider_app["id"]
        fields["provider_metadata"] = dict(_public_metadata(self.provider_metadata)) or None
        return {name: value for name, value in fields.items() if value is not None}

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Extras are shown by pydantic's repr; an unknown field may be a credential.
        for name, value in super().__repr_args__():
            if name in type(self).model_fields:
                yield name, value


def _public_metadata(metadata: Any) -> Iterator[tuple[str, str]]:
    """``providerMetadata`` entries that are safe to show, as ``name -> value``."""
    if not isinstance(metadata, dict):
        return
    for name, info in metadata.items():
        if (
            isinstance(name, str)
            and isinstance(info, dict)
            and info.get("source") in _PUBLIC_METADATA_SOURCES
            and isinstance(info.get("value"), str)
            and not _CREDENTIAL_LIKE_NAME.search(name)
        ):
            yield name, info["value"]


class RevisionResponse(ResponseModel):
    """One append-only version of an integration's content."""

    id: str
    spec_version: str
    create_time: str
    content: dict[str, Any]
    """The manifest ``Integration`` object, raw as sent (camelCase keys)."""


class IntegrationResponse(ResponseModel):
    """A deployed integration and its latest revision."""

    id: str
    project_id: str
    name: str
    provider: str
    create_time: str
    update_time: str | None = None
    latest_revision: RevisionResponse


class ConfigResponse(ResponseModel):
    """The configuration an installation runs with."""

    id: str
    revision_id: str
    """The revision that was current when this config was created or last updated."""
    create_time: str
    created_by: str
    content: dict[str, Any]
    """The ``ConfigContent`` object, raw as sent (camelCase keys)."""


class InstallationResponse(ResponseModel):
    """An integration installed for one group, with its connection and config."""

    id: str
    project_id: str
    integration_id: str
    group: GroupResponse | None = None
    health_status: str
    """``healthy`` or ``unhealthy``."""
    last_operation_status: str | None = None
    """``success``, ``failure`` or ``in_progress``."""
    connection: ConnectionResponse
    create_time: str
    created_by: str
    update_time: str | None = None
    config: ConfigResponse
