"""Lookups of what exists in Ampersand: the core of the ``getIntegration`` and
``getInstallations`` functions, for Python programs and the native provider alike.

Results are typed and carry no connection secrets (an installation's connection is reduced to
its id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._api import ClientCore
    from ._flow import Flow
    from .models.api import InstallationResponse, IntegrationResponse

__all__ = ["InstallationInfo", "IntegrationInfo", "find_installations", "find_integration"]


@dataclass(frozen=True)
class IntegrationInfo:
    """An integration, as ``get_integration`` finds it."""

    id: str
    name: str
    provider: str
    project_id: str
    latest_revision_id: str
    create_time: str | None = None
    update_time: str | None = None

    @classmethod
    def of(cls, integration: IntegrationResponse) -> IntegrationInfo:
        """The lookup result of an API integration."""
        return cls(
            id=integration.id,
            name=integration.name,
            provider=integration.provider,
            project_id=integration.project_id,
            latest_revision_id=integration.latest_revision.id,
            create_time=integration.create_time,
            update_time=integration.update_time,
        )


@dataclass(frozen=True)
class InstallationInfo:
    """An installation, as ``get_installations`` finds it: never its connection's credentials."""

    id: str
    integration_id: str
    group_ref: str | None
    group_name: str | None
    connection_id: str
    revision_id: str | None
    config_id: str | None
    health_status: str | None
    created_by: str | None
    create_time: str | None = None
    update_time: str | None = None

    @classmethod
    def of(cls, installation: InstallationResponse) -> InstallationInfo:
        """The lookup result of an API installation."""
        group = installation.group
        return cls(
            id=installation.id,
            integration_id=installation.integration_id,
            group_ref=group.group_ref if group is not None else None,
            group_name=group.group_name if group is not None else None,
            connection_id=installation.connection.id,
            revision_id=installation.config.revision_id,
            config_id=installation.config.id,
            health_status=installation.health_status,
            created_by=installation.config.created_by,
            create_time=installation.create_time,
            update_time=installation.update_time,
        )


def find_integration(api: ClientCore, project: str, id_or_name: str) -> Flow[IntegrationInfo]:
    """The integration with this id or name. :raises NotFoundError: there is none."""
    return IntegrationInfo.of((yield from api.get_integration(project, id_or_name)))


def find_installations(
    api: ClientCore, project: str, integration: str, group_ref: str | None = None
) -> Flow[list[InstallationInfo]]:
    """The installations of an integration (by id or name), maybe only one group's."""
    if group_ref is not None and not group_ref:
        raise ValueError("group_ref must be a non-empty string when given")
    integration_id = (yield from api.get_integration(project, integration)).id
    found = yield from api.list_installations(project, integration_id, group_ref=group_ref)
    return [InstallationInfo.of(installation) for installation in found]
