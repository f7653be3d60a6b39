"""The ``Integration`` resource: an Ampersand integration and its append-only revisions.

Each change of content becomes a new revision (``POST .../revisions`` with an amp.yaml
``sourceYaml``): revisions are Ampersand's own history, and creating one is what ``amp deploy``
does for a changed integration. The batch ``PUT .../integrations:batch`` would also work, but it
addresses integrations by name across the whole project and returns every integration it
touched; the per-integration revision call addresses exactly one object by id, which is what a
resource manages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi
from pulumi.dynamic import CheckFailure, CreateResult, Resource, UpdateResult

from . import models  # each model is imported on first use: see ``_provider``
from ._errors import AmbiguousRequestError, ConflictError, NotFoundError, TransportError
from ._flow import Flow
from ._inputs import merge_args, require
from ._provider import AdoptionError, BaseProvider, differs, failures_from
from ._unknowns import contains_unknown
from .models.shapes import SPEC_VERSION, parse_live, refreshed_inputs, to_declared, to_wire

if TYPE_CHECKING:
    from ._args import (
        IntegrationArgs as IntegrationInput,
        IntegrationArgsDict,
        ProxyArgs,
        ProxyArgsDict,
        ReadArgs,
        ReadArgsDict,
        SubscribeArgs,
        SubscribeArgsDict,
        WatchSchemaArgs,
        WatchSchemaArgsDict,
        WriteArgs,
        WriteArgsDict,
    )
    from .models import IntegrationArgs
    from .models.api import IntegrationResponse

__all__ = ["Integration", "IntegrationProvider"]

META_KEYS = ("spec_version", "project", "adopt")
COMPUTED_KEYS = ("project_id", "latest_revision_id", "create_time", "update_time")
_NOT_CONTENT = frozenset((*META_KEYS, *COMPUTED_KEYS))
_UNSURE = (AmbiguousRequestError, TransportError)


def _content(props: Mapping[str, Any]) -> dict[str, Any]:
    """The revision content of props: everything that is not a meta input or an output."""
    return {key: value for key, value in props.items() if key not in _NOT_CONTENT}


def _meta(props: Mapping[str, Any]) -> dict[str, Any]:
    return {key: props[key] for key in META_KEYS if key in props}


def _canonical(props: Mapping[str, Any]) -> dict[str, Any] | None:
    args, issues = models.check_integration(_content(props))
    return models.canonical_integration(args) if args is not None and not issues else None


def _computed(integration: IntegrationResponse) -> dict[str, Any]:
    return {
        "project_id": integration.project_id,
        "latest_revision_id": integration.latest_revision.id,
        "create_time": integration.create_time,
        "update_time": integration.update_time,
    }


def _live_canonical(integration: IntegrationResponse) -> dict[str, Any]:
    return models.canonical_integration(
        parse_live(models.IntegrationArgs, integration.latest_revision.content)
    )


class IntegrationProvider(BaseProvider):
    """Dynamic provider behind :class:`Integration`. Stateless; see ``_provider`` for why."""

    REPLACE_KEYS = ("name", "provider", "project")

    def check_inputs(self, props: dict[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
        args, issues = models.check_integration(_content(props))
        failures = failures_from(issues)
        spec_version = props.get("spec_version", SPEC_VERSION)
        if not contains_unknown(spec_version) and spec_version != SPEC_VERSION:
            failures.append(
                CheckFailure(
                    "spec_version",
                    f"Ampersand accepts only spec version {SPEC_VERSION!r}; "
                    f"remove spec_version or set it to {SPEC_VERSION!r}.",
                )
            )
        inputs = {**_meta(props), "spec_version": spec_version}
        inputs.update(to_declared(args) if args is not None else _content(props))
        return inputs, failures

    def content_changed(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
        if differs(old.get("spec_version"), new.get("spec_version")):
            return True
        if contains_unknown(_content(new)):
            return True
        if _content(old) == _content(new):
            return False  # the common case, and the cheap one: no need to normalise
        before = _canonical(old)
        return before is None or before != _canonical(new)

    def delete_before_replace(
        self, old: Mapping[str, Any], new: Mapping[str, Any], replaces: list[str]
    ) -> bool:
        # Names are unique in a project: a replacement that keeps the name must free it first.
        same_place = old.get("name") == new.get("name") and old.get("project") == new.get("project")
        return bool(replaces) and same_place

    def create_flow(self, inputs: dict[str, Any]) -> Flow[CreateResult]:
        project = self.project_of(inputs)
        args = models.IntegrationArgs.model_validate(_content(inputs))
        api = self.api()
        if inputs.get("adopt"):
            try:
                found = yield from api.get_integration(project, args.name)
            except NotFoundError:
                pass  # nothing to adopt: create it
            else:
                return (yield from self._adopt(found, inputs, args))
        try:
            integration = yield from api.create_integration(
                project,
                name=args.name,
                provider=args.provider,
                spec_version=inputs["spec_version"],
                content=to_wire(args),
            )
        except ConflictError as exc:
            raise AdoptionError(
                f"An integration named {args.name!r} already exists in project {project!r} and "
                "this stack does not manage it. To manage it, add adopt=True to this Integration "
                "and run `pulumi up` (its content becomes what this program declares); or choose "
                "another name.",
            ) from exc
        except _UNSURE as exc:
            integration = yield from self._recover_create(project, args, exc)
        return CreateResult(integration.id, {**inputs, **_computed(integration)})

    def update_flow(
        self, id_: str, old: dict[str, Any], inputs: dict[str, Any]
    ) -> Flow[UpdateResult]:
        if not self.content_changed(old, inputs):
            return UpdateResult({**inputs, **{k: old[k] for k in COMPUTED_KEYS if k in old}})
        project = self.project_of(inputs)
        args = models.IntegrationArgs.model_validate(_content(inputs))
        integration = yield from self._post_revision(project, id_, args, inputs["spec_version"])
        return UpdateResult({**inputs, **_computed(integration)})

    def read_live(
        self, id_: str, old: Mapping[str, Any]
    ) -> Flow[tuple[dict[str, Any], dict[str, Any]]]:
        integration = yield from self.api().get_integration(self.project_of(old), id_)
        live = to_declared(parse_live(models.IntegrationArgs, integration.latest_revision.content))
        live.update(name=integration.name, provider=integration.provider)
        # Outputs are the inputs plus COMPUTED_KEYS, which no program declares: the content
        # keys of ``old`` are exactly the declared ones (none at an import).
        declared = _content(old)
        inputs = {
            **({} if declared else {"adopt": False}),  # an import: the constructor's default
            **_meta(old),
            "spec_version": integration.latest_revision.spec_version,
            **refreshed_inputs(live, declared, _canonical),
        }
        inputs.setdefault("project", self.project_of(old))
        return inputs, _computed(integration)

    def delete_live(self, id_: str, old: Mapping[str, Any]) -> Flow[None]:
        yield from self.api().delete_integration(self.project_of(old), id_)

    # -- recovery and adoption --------------------------------------------------------------

    def _post_revision(
        self, project: str, id_: str, args: IntegrationArgs, spec_version: str
    ) -> Flow[IntegrationResponse]:
        api = self.api()
        try:
            return (
                yield from api.create_revision(
                    project,
                    id_,
                    source_yaml=models.dump_manifest([args], spec_version=spec_version),
                )
            )
        except _UNSURE:
            # The revision may or may not exist: it does if the live content is ours.
            integration = yield from api.get_integration(project, id_)
            if _live_canonical(integration) != models.canonical_integration(args):
                raise
            return integration

    def _recover_create(
        self, project: str, args: IntegrationArgs, error: Exception
    ) -> Flow[IntegrationResponse]:
        """After a create whose outcome is unknown: find it by name, never create twice."""
        api = self.api()

        def lookup() -> Flow[IntegrationResponse | None]:
            try:
                return (yield from api.get_integration(project, args.name))
            except NotFoundError:
                return None

        found = yield from self.find_after_ambiguous_create(error, lookup)
        if found is None:
            raise error  # nothing was created; running `pulumi up` again is safe
        if _live_canonical(found) != models.canonical_integration(args):
            raise AdoptionError(
                f"Creating integration {args.name!r} failed ({error}); an integration with that "
                "name now exists with different content, so it may not be this stack's. Check it "
                "in Ampersand, then add adopt=True to take it over, or remove it."
            ) from error
        return found

    def _adopt(
        self, found: IntegrationResponse, inputs: Mapping[str, Any], args: IntegrationArgs
    ) -> Flow[CreateResult]:
        project = self.project_of(inputs)
        if found.provider != args.provider:
            raise AdoptionError(
                f"Cannot adopt integration {args.name!r}: it uses provider {found.provider!r}, "
                f"the program declares {args.provider!r}. An integration's provider cannot "
                "change; fix the program or choose another name."
            )
        if _live_canonical(found) != models.canonical_integration(args):
            found = yield from self._post_revision(project, found.id, args, inputs["spec_version"])
        return CreateResult(found.id, {**inputs, **_computed(found)})


class Integration(Resource, module="ampersand", name="Integration"):
    """An Ampersand integration: what to read, write, proxy and subscribe to for one provider.

    Every content change becomes a new revision; installations keep their config until they
    are updated (wire ``latest_revision_id`` into an Installation's ``revision_id`` to move
    them along). Changing ``name``, ``provider`` or ``project`` replaces the integration, and
    **deleting an integration deletes all of its installations**: consider
    ``pulumi.ResourceOptions(protect=True)``.

    Example::

        crm = amp.Integration(
            "crm-sync",
            provider="salesforce",
            read=amp.ReadArgs(objects=[amp.ReadObjectArgs(
                object_name="account", destination="accountWebhook", schedule="*/30 * * * *",
                required_fields=[amp.ExistingFieldArgs(field_name="name")],
            )]),
        )
        pulumi.export("revision_id", crm.latest_revision_id)
    """

    name: pulumi.Output[str]
    """The Ampersand integration name (unique in the project)."""
    provider: pulumi.Output[str]
    """The SaaS provider, e.g. ``salesforce``."""
    project: pulumi.Output[str]
    """The project id or name the integration lives in, as given or configured."""
    project_id: pulumi.Output[str]
    """The project's id, as the API reports it."""
    latest_revision_id: pulumi.Output[str]
    """The id of the newest revision: wire it into installations to follow new revisions."""
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: IntegrationInput | IntegrationArgsDict | IntegrationArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        provider: pulumi.Input[str] | None = None,
        display_name: pulumi.Input[str] | None = None,
        module: pulumi.Input[str] | None = None,
        read: pulumi.Input[ReadArgs | ReadArgsDict] | None = None,
        write: pulumi.Input[WriteArgs | WriteArgsDict] | None = None,
        proxy: pulumi.Input[ProxyArgs | ProxyArgsDict] | None = None,
        subscribe: pulumi.Input[SubscribeArgs | SubscribeArgsDict] | None = None,
        watch_schema: pulumi.Input[WatchSchemaArgs | WatchSchemaArgsDict] | None = None,
        spec_version: pulumi.Input[str] = SPEC_VERSION,
        project: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] = False,
    ) -> None:
        """Declare an integration.

        :param resource_name: the Pulumi resource name; also the integration ``name`` unless
            ``name`` is given.
        :param args: the whole revision content at once (an :class:`IntegrationArgs`, its
            dict form, or a model from :func:`load_manifest`); keyword arguments override its
            fields.
        :param name: the Ampersand integration name. Changing it replaces the integration.
        :param provider: the SaaS provider. Changing it replaces the integration.
        :param read: objects to read on a schedule (:class:`ReadArgs`).
        :param write: objects to write (:class:`WriteArgs`).
        :param proxy: proxy settings (:class:`ProxyArgs`).
        :param subscribe: objects to subscribe to (:class:`SubscribeArgs`).
        :param watch_schema: schema-change watching (:class:`WatchSchemaArgs`).
        :param spec_version: the manifest spec version; only ``1.0.0`` exists.
        :param project: the project id or name; defaults to ``ampersand:projectId`` /
            ``AMP_PROJECT_ID``. Changing it replaces the integration.
        :param adopt: take over an existing integration of this name instead of failing (its
            content becomes what this program declares). Never implied.
        """
        props = merge_args(
            args,
            name=name,
            provider=provider,
            display_name=display_name,
            module=module,
            read=read,
            write=write,
            proxy=proxy,
            subscribe=subscribe,
            watch_schema=watch_schema,
        )
        props.setdefault("name", resource_name)
        require(props, ("provider",))
        props.update(spec_version=spec_version, project=project, adopt=adopt)
        props.update(dict.fromkeys(COMPUTED_KEYS))
        super().__init__(IntegrationProvider(), resource_name, props, opts)
