"""The ``Installation`` resource: one customer group's installation of an integration.

Updates are one ``PATCH`` whose ``updateMask`` names exactly what changed. The API has no mask
that removes a read object (masks replace one object at a time), so removing a read object from
the program sets ``disabled: true`` on it: scheduled and on-demand reads of it stop, and the
group's connection is kept. (Replacing the installation instead would delete the connection
with the last installation that uses it, and the end customer would have to authorise again.)

Installation responses embed the group's connection with its OAuth tokens or API key. Only an
allow-list of non-secret connection fields ever reaches outputs, so no credential is stored in
Pulumi state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.dynamic import CheckFailure, CreateResult, Resource, UpdateResult

from . import models  # each model is imported on first use: see ``_provider``
from ._errors import AmbiguousRequestError, ConflictError, TransportError
from ._flow import Flow
from ._inputs import merge_args, require
from ._patch import build_patch, config_args, declared_and_changed
from ._provider import AdoptionError, BaseProvider, failures_from
from ._unknowns import contains_unknown
from .models.shapes import parse_live, project_onto, refreshed_inputs, to_declared, to_wire

if TYPE_CHECKING:
    from ._args import (
        InstallationArgs,
        InstallationArgsDict,
        InstallationConfigArgs as InstallationConfigInput,
        InstallationConfigArgsDict,
    )
    from .models.api import InstallationResponse

__all__ = ["Installation", "InstallationProvider"]

#: declared inputs that the API also reports back (compared only when the program sets them)
LIVE_INPUT_KEYS = ("connection_id", "revision_id", "created_by")
COMPUTED_KEYS = (
    "group_name",
    "config_id",
    "health_status",
    "create_time",
    "update_time",
    "connection",
    *LIVE_INPUT_KEYS,
)
#: an output: which LIVE_INPUT_KEYS the program declares (read() sees outputs, which hold them
#: all, and must store as inputs only the declared ones)
DECLARED_KEY = "__declared"
#: read object fields the server copies from the integration's revision when a config omits them
FILLED_READ_FIELDS = ("schedule", "destination", "backfill")
_UNSURE = (AmbiguousRequestError, TransportError)


def _canonical(config: Any) -> dict[str, Any] | None:
    args, issues = models.check_installation_config(config or {})
    return models.canonical_config(args) if args is not None and not issues else None


def _live_config(installation: InstallationResponse) -> dict[str, Any]:
    return to_declared(parse_live(models.InstallationConfigArgs, installation.config.content))


def _computed(installation: InstallationResponse) -> dict[str, Any]:
    group = installation.group
    return {
        "integration_id": installation.integration_id,
        "group_name": group.group_name if group is not None else None,
        "connection_id": installation.connection.id,
        "revision_id": installation.config.revision_id,
        "config_id": installation.config.id,
        "health_status": installation.health_status,
        "created_by": installation.config.created_by,
        "create_time": installation.create_time,
        "update_time": installation.update_time,
        "connection": installation.connection.public_fields(),
    }


def _outputs(inputs: Mapping[str, Any], computed: Mapping[str, Any]) -> dict[str, Any]:
    return {**inputs, **computed, DECLARED_KEY: [k for k in LIVE_INPUT_KEYS if k in inputs]}


class InstallationProvider(BaseProvider):
    """Dynamic provider behind :class:`Installation`. Stateless; see ``_provider`` for why."""

    REPLACE_KEYS = ("integration_id", "group_ref", "project")

    def check_inputs(self, props: dict[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
        inputs = dict(props)
        args, issues = models.check_installation(props)
        if args is not None and isinstance(args.config, models.InstallationConfigArgs):
            inputs["config"] = to_declared(args.config)
        return inputs, failures_from(issues)

    def content_changed(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
        if any(declared_and_changed(key, old, new) for key in LIVE_INPUT_KEYS):
            return True
        if contains_unknown(new.get("config")):
            return True
        if old.get("config") == new.get("config"):
            return False  # the common case, and the cheap one: no need to normalise
        before = _canonical(old.get("config"))
        return before is None or before != _canonical(new.get("config"))

    def delete_before_replace(
        self, old: Mapping[str, Any], new: Mapping[str, Any], replaces: list[str]
    ) -> bool:
        # One installation per group and integration: the old one must go first.
        return bool(replaces)

    def create_flow(self, inputs: dict[str, Any]) -> Flow[CreateResult]:
        project = self.project_of(inputs)
        integration_id, group_ref = inputs["integration_id"], inputs["group_ref"]
        config = config_args(inputs)
        api = self.api()
        if inputs.get("adopt"):
            existing = yield from api.list_installations(
                project, integration_id, group_ref=group_ref
            )
            if existing:
                return (yield from self._adopt(existing[0], inputs))
        content = to_wire(config)
        if "provider" not in content:
            content["provider"] = yield from self.provider_name_of(project, integration_id)
        try:
            installation = yield from api.create_installation(
                project,
                integration_id,
                group_ref=group_ref,
                content=content,
                connection_id=inputs.get("connection_id"),
                created_by=inputs.get("created_by"),
            )
        except ConflictError as exc:
            raise AdoptionError(
                f"Group {group_ref!r} already has an installation of integration "
                f"{integration_id!r}, and this stack does not manage it (a group can install an "
                "integration once). To manage it, add adopt=True to this Installation and run "
                "`pulumi up` (its config becomes what this program declares)."
            ) from exc
        except _UNSURE as exc:
            installation = yield from self._recover_create(project, inputs, exc)
        return CreateResult(installation.id, _outputs(inputs, _computed(installation)))

    def update_flow(
        self, id_: str, old: dict[str, Any], inputs: dict[str, Any]
    ) -> Flow[UpdateResult]:
        update_mask, body = build_patch(old, inputs)
        if not update_mask:
            return UpdateResult(_outputs(inputs, {k: old[k] for k in COMPUTED_KEYS if k in old}))
        installation = yield from self.api().update_installation(
            self.project_of(inputs),
            inputs["integration_id"],
            id_,
            update_mask=update_mask,
            installation=body,
        )
        declared_revision = inputs.get("revision_id")
        if declared_revision and declared_revision != installation.config.revision_id:
            raise ValueError(
                f"revision_id {declared_revision!r} is not the integration's latest revision "
                f"({installation.config.revision_id!r}): Ampersand always moves an updated "
                "installation to the latest revision. Wire revision_id to the Integration's "
                "latest_revision_id, or leave it unset."
            )
        return UpdateResult(_outputs(inputs, _computed(installation)))

    def read_live(
        self, id_: str, old: Mapping[str, Any]
    ) -> Flow[tuple[dict[str, Any], dict[str, Any]]]:
        project = self.project_of(old)
        installation = yield from self.api().get_installation(project, old["integration_id"], id_)
        live = _live_config(installation)
        # Without DECLARED_KEY, ``old`` is inputs (an import's Read gets the program's), or the
        # outputs of a state written before it existed: the keys it has are taken as declared.
        declared = [key for key in old.get(DECLARED_KEY, LIVE_INPUT_KEYS) if key in old]
        computed = {**_computed(installation), DECLARED_KEY: declared}
        stored = old.get("config")
        inputs: dict[str, Any] = {}
        if stored is None:  # an import: the inputs a program would declare
            live = yield from self._without_fills(project, installation, live)
            inputs["adopt"] = False  # the constructor's default
        inputs.update(
            {key: old[key] for key in ("project", "adopt") if key in old},
            project=project,
            integration_id=installation.integration_id,
            group_ref=installation.group.group_ref if installation.group else old["group_ref"],
            config=refreshed_inputs(live, stored or {}, _canonical),
        )
        inputs.update({key: computed[key] for key in declared if computed.get(key) is not None})
        return inputs, computed

    def _without_fills(
        self, project: str, installation: InstallationResponse, config: Mapping[str, Any]
    ) -> Flow[dict[str, Any]]:
        """``config`` without what the server fills in: the provider, and each read object's
        fields equal to the integration's latest revision's (a program omits both)."""
        revision = yield from self.api().get_integration(project, installation.integration_id)
        manifest = to_declared(parse_live(models.IntegrationArgs, revision.latest_revision.content))
        sources = {
            obj.get("object_name"): obj for obj in (manifest.get("read") or {}).get("objects", [])
        }
        declared = {key: value for key, value in config.items() if key != "provider"}
        read = declared.get("read")
        if isinstance(read, Mapping) and isinstance(read.get("objects"), Mapping):
            objects = {
                name: {
                    key: value
                    for key, value in obj.items()
                    if key not in FILLED_READ_FIELDS
                    or value != sources.get(obj.get("object_name", name), {}).get(key)
                }
                for name, obj in read["objects"].items()
            }
            declared["read"] = {**read, "objects": objects}
        return declared

    def delete_live(self, id_: str, old: Mapping[str, Any]) -> Flow[None]:
        yield from self.api().delete_installation(self.project_of(old), old["integration_id"], id_)

    def _recover_create(
        self, project: str, inputs: Mapping[str, Any], error: Exception
    ) -> Flow[InstallationResponse]:
        """After a create whose outcome is unknown: look the group up, never install twice."""
        api = self.api()

        def lookup() -> Flow[InstallationResponse | None]:
            found = yield from api.list_installations(
                project, inputs["integration_id"], group_ref=inputs["group_ref"]
            )
            return found[0] if found else None

        installation = yield from self.find_after_ambiguous_create(error, lookup)
        if installation is None:
            raise error  # nothing was created; running `pulumi up` again is safe
        if not self._matches(installation, inputs):
            raise AdoptionError(
                f"Creating the installation for group {inputs['group_ref']!r} failed ({error}); "
                "the group now has an installation with a different config, so it may not be "
                "this stack's. Check it in Ampersand, then add adopt=True to take it over."
            ) from error
        return installation

    def _adopt(self, found: InstallationResponse, inputs: Mapping[str, Any]) -> Flow[CreateResult]:
        if not self._matches(found, inputs):
            live = {
                "config": _live_config(found),
                "connection_id": found.connection.id,
            }
            update_mask, body = build_patch(live, inputs)
            if update_mask:
                found = yield from self.api().update_installation(
                    self.project_of(inputs),
                    found.integration_id,
                    found.id,
                    update_mask=update_mask,
                    installation=body,
                )
        return CreateResult(found.id, _outputs(inputs, _computed(found)))

    def _matches(self, installation: InstallationResponse, inputs: Mapping[str, Any]) -> bool:
        live = _live_config(installation)
        declared = inputs.get("config") or {}
        return _canonical(project_onto(live, declared)) == _canonical(declared)


class Installation(Resource, module="ampersand", name="Installation"):
    """One customer group's installation of an integration.

    A group can install an integration once, so changing ``integration_id``, ``group_ref`` or
    ``project`` deletes the installation before creating the new one. **Deleting the last
    installation that uses a connection also deletes that connection**: the end customer would
    have to authorise again. Use ``pulumi.ResourceOptions(retain_on_delete=True)`` to leave an
    installation in Ampersand when it leaves the program, and ``protect=True`` to refuse deletes.

    Example::

        acme = amp.Installation(
            "acme",
            integration_id=crm.id,
            group_ref="org-acme",
            config=amp.InstallationConfigArgs(read=amp.InstallationReadArgs(objects={
                "account": amp.InstallationReadObjectArgs(
                    object_name="account", selected_fields={"name": True}),
            })),
            revision_id=crm.latest_revision_id,   # follow new revisions
        )
    """

    integration_id: pulumi.Output[str]
    group_ref: pulumi.Output[str]
    group_name: pulumi.Output[str]
    connection_id: pulumi.Output[str]
    """The connection in use (the group's default when none was given)."""
    revision_id: pulumi.Output[str]
    """The integration revision the installation's config was last written against."""
    config_id: pulumi.Output[str]
    health_status: pulumi.Output[str]
    created_by: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str]
    connection: pulumi.Output[dict[str, Any]]
    """Non-secret fields of the connection (never its tokens or keys)."""

    def __init__(
        self,
        resource_name: str,
        args: InstallationArgs | InstallationArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        integration_id: pulumi.Input[str] | None = None,
        group_ref: pulumi.Input[str] | None = None,
        config: pulumi.Input[InstallationConfigInput | InstallationConfigArgsDict] | None = None,
        connection_id: pulumi.Input[str] | None = None,
        revision_id: pulumi.Input[str] | None = None,
        created_by: pulumi.Input[str] | None = None,
        project: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        """Declare an installation.

        :param args: all inputs at once (an :class:`InstallationArgs` or its dict form);
            keyword arguments override its fields.
        :param integration_id: the integration's id, e.g. ``Integration.id``. Forces replacement.
        :param group_ref: the customer group. Forces replacement.
        :param config: the installation config content (:class:`InstallationConfigArgs`);
            ``provider`` inside it may be omitted: it is taken from the integration.
        :param connection_id: the connection to use; the group's default when omitted.
        :param revision_id: wire ``Integration.latest_revision_id`` here to move the
            installation to each new revision of the integration.
        :param created_by: ``config.createdBy`` (e.g. ``api:pulumi``); the API's default when
            omitted.
        :param project: the project id or name; defaults to ``ampersand:projectId``.
        :param adopt: take over the group's existing installation instead of failing (its
            config becomes what this program declares). Never implied.
        """
        props = merge_args(
            args,
            integration_id=integration_id,
            group_ref=group_ref,
            config=config,
            connection_id=connection_id,
            revision_id=revision_id,
            created_by=created_by,
            project=project,
            adopt=adopt,
        )
        require(props, ("integration_id", "group_ref"))
        props.setdefault("project", None)
        props.setdefault("adopt", False)
        for key in COMPUTED_KEYS:
            props.setdefault(key, None)
        super().__init__(InstallationProvider(), resource_name, props, opts)
