"""``GroupInstallations``: one Installation per customer group, from a list or a map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pulumi

from .installation import Installation
from .integration import Integration

if TYPE_CHECKING:
    from ._args import InstallationConfigArgs, InstallationConfigArgsDict

__all__ = ["GroupInstallations"]


class GroupInstallations(pulumi.ComponentResource):
    """Install one integration for many customer groups with one declaration.

    Each group gets an :class:`Installation` named ``<name>-<group_ref>``, so adding or removing
    a group creates or deletes exactly that group's installation and touches no other. Every
    installation follows the integration's latest revision unless ``follow_latest_revision``
    is False.

    :param name: the component's resource name (a prefix of the installations' names).
    :param integration: the :class:`Integration` to install.
    :param groups: group refs, or a map of group ref to per-group overrides: a dict with any of
        ``config`` (replaces the shared config for that group), ``connection_id``,
        ``created_by``, ``adopt``.
    :param config: the config shared by every group.

    Example::

        fleet = amp.GroupInstallations("crm", integration=crm,
                                       groups=config.require_object("groups"),
                                       config=amp.InstallationConfigArgs(...))
        pulumi.export("installation_ids", fleet.installation_ids)
    """

    installation_ids: pulumi.Output[dict[str, str]]
    """A map of group ref to installation id."""

    def __init__(
        self,
        name: str,
        *,
        integration: Integration,
        groups: Sequence[str] | Mapping[str, Mapping[str, Any] | None],
        config: pulumi.Input[InstallationConfigArgs | InstallationConfigArgsDict] | None = None,
        follow_latest_revision: bool = True,
        project: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ampersand:index:GroupInstallations", name, None, opts)
        overrides = dict(groups) if isinstance(groups, Mapping) else dict.fromkeys(groups)
        child_opts = pulumi.ResourceOptions(parent=self)
        self.installations: dict[str, Installation] = {}
        for group_ref, override in overrides.items():
            settings = dict(override or {})
            self.installations[group_ref] = Installation(
                f"{name}-{group_ref}",
                integration_id=integration.id,
                group_ref=group_ref,
                config=settings.pop("config", config),
                revision_id=integration.latest_revision_id if follow_latest_revision else None,
                project=project if project is not None else integration.project,
                opts=child_opts,
                **settings,
            )
        self.installation_ids = pulumi.Output.all(
            **{ref: inst.id for ref, inst in self.installations.items()}
        ).apply(lambda ids: dict(ids))
        self.register_outputs({"installation_ids": self.installation_ids})
