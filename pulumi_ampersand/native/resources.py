"""The native resources and functions: tokens, shapes, and the dynamic provider each one wraps.

The resource properties are exactly the dynamic resources' props: the content model's fields
plus the meta inputs and computed outputs that ``integration.py`` and ``installation.py`` add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import models
from .._provider import BaseProvider
from ..installation import InstallationProvider
from ..integration import IntegrationProvider
from .shapes import Prop, ResourceShape, fields_of

__all__ = ["INSTALLATION", "INTEGRATION", "PACKAGE", "RESOURCES", "Resource"]

PACKAGE = "ampersand"


def _str(name: str, description: str, *, required: bool = False, secret: bool = False) -> Prop:
    from pydantic.alias_generators import to_camel

    return Prop(name, to_camel(name), str, required, description, secret)


@dataclass(frozen=True)
class Resource:
    """One native resource type and the shared-core provider behind it."""

    token: str
    description: str
    shape: ResourceShape
    core: type[BaseProvider]
    always_set: tuple[str, ...]
    """The Python-named properties every stored state has."""
    import_keys: tuple[str, ...] = ()
    """What an import id names before the object's own id, ``/``-separated (the API's path)."""

    def import_state(self, import_id: str) -> tuple[str, dict[str, str]]:
        """The object's id and the state keys that an import id ``a/.../id`` names."""
        *parts, id_ = import_id.split("/")
        if len(parts) != len(self.import_keys) or not all(parts) or not id_:
            expected = "/".join([*self.import_keys, "id"])
            raise ValueError(f"import {self.token} by {expected!r}, not {import_id!r}")
        return id_, dict(zip(self.import_keys, parts, strict=True))

    @property
    def replace_keys(self) -> tuple[str, ...]:
        """The Python-named inputs whose change replaces the object."""
        return self.core.REPLACE_KEYS


_PROJECT = _str(
    "project",
    "The project id or name; defaults to `ampersand:projectId`. Changing it replaces the object.",
)
_ADOPT = Prop(
    "adopt",
    "adopt",
    bool,
    description="Take over an existing object instead of failing (it becomes what the program "
    "declares). Never implied.",
)
_TIMES = (_str("create_time", "When it was created."), _str("update_time", "When it changed."))


def _integration_shape() -> ResourceShape:
    content = [
        Prop(p.name, p.native, p.annotation, p.required and p.name != "name", p.description)
        for p in fields_of(models.IntegrationArgs).values()
    ]
    return ResourceShape(
        inputs=(
            *content,
            _str("spec_version", "The manifest spec version; only `1.0.0` exists."),
            _PROJECT,
            _ADOPT,
        ),
        outputs=(
            _str("project_id", "The project's id, as the API reports it."),
            _str("latest_revision_id", "The newest revision's id: wire it into installations."),
            *_TIMES,
        ),
    )


def _installation_shape() -> ResourceShape:
    config: Any = models.InstallationConfigArgs
    return ResourceShape(
        inputs=(
            _str("integration_id", "The integration's id. Forces replacement.", required=True),
            _str("group_ref", "The customer group. Forces replacement.", required=True),
            Prop("config", "config", config, False, "The installation config content."),
            _str("connection_id", "The connection to use; the group's default when omitted."),
            _str("revision_id", "Wire the integration's latestRevisionId here to follow it."),
            _str("created_by", "`config.createdBy`, e.g. `api:pulumi`."),
            _PROJECT,
            _ADOPT,
        ),
        outputs=(
            _str("group_name", "The group's display name."),
            _str("config_id", "The id of the installation's config."),
            _str("health_status", "The installation's health."),
            *_TIMES,
            Prop(
                "connection",
                "connection",
                dict[str, Any],
                description="Non-secret fields of the group's connection (never its tokens).",
                secret=True,
            ),
        ),
    )


INTEGRATION = Resource(
    token=f"{PACKAGE}:index:Integration",
    description="An Ampersand integration; each content change becomes a new revision. "
    "Deleting it deletes all of its installations.",
    shape=_integration_shape(),
    core=IntegrationProvider,
    always_set=("name", "provider", "spec_version", "project", "project_id", "latest_revision_id"),
)
INSTALLATION = Resource(
    token=f"{PACKAGE}:index:Installation",
    description="One customer group's installation of an integration. Deleting the last "
    "installation that uses a connection also deletes that connection.",
    shape=_installation_shape(),
    core=InstallationProvider,
    always_set=("integration_id", "group_ref", "project"),
    import_keys=("integration_id",),
)
RESOURCES = {r.token: r for r in (INTEGRATION, INSTALLATION)}
