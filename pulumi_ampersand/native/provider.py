"""The native provider: the engine's gRPC calls answered by the shared core.

Every call is translated at the boundary (schema names to Python names, engine values to plain
values; see ``shapes`` and ``values``) and handed to the dynamic resources' providers, which
hold all of the behaviour: validation, canonical diffs, reads, the installation PATCH,
adoption and recovery from ambiguous creates. Their create/read/update/delete are flows
(``_flow``), which the dynamic resources run on threads; here they run on the plugin's event
loop with one :class:`AsyncAmpersandClient`, so the plugin serves as many operations at once
as the engine sends (a dynamic provider serves four).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pulumi.dynamic import Config, ConfigureRequest as CoreConfigureRequest
from pulumi.output import UNKNOWN, Unknown
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from .._client import AsyncAmpersandClient
from .._flow import Flow
from .._provider import BaseProvider, client_arguments
from .diffs import detailed_diff
from .functions import FUNCTIONS
from .resources import INTEGRATION, PACKAGE, RESOURCES, Resource
from .schema import load_schema_text
from .values import from_property_map, secret_keys, to_property_map

__all__ = ["AmpersandProvider"]

T = TypeVar("T")
_CONFIG_KEYS = ("apiKey", "projectId", "apiUrl", "requestTimeout", "retryDeadline")


class AmpersandProvider(Provider):
    """``pulumi-resource-ampersand``: Integration, Installation and the lookup functions."""

    def __init__(self, transport: httpx.AsyncBaseTransport | None = None) -> None:
        """:param transport: the API client's httpx transport (tests pass the emulator's)."""
        self._cores: dict[str, BaseProvider] = {t: r.core() for t, r in RESOURCES.items()}
        self._transport = transport
        self._client: tuple[tuple[Any, ...], AsyncAmpersandClient] | None = None

    async def _run(self, flow: Flow[T]) -> T:
        """Run a flow of the cores with the async client of the configured settings."""
        arguments = client_arguments(self._cores[INTEGRATION.token].settings)
        key = (arguments[0], arguments[1], tuple(sorted(arguments[2].items())))
        if self._client is None or self._client[0] != key:
            api_key, api_url, options = arguments
            client = AsyncAmpersandClient(api_key, api_url, transport=self._transport, **options)
            self._client = (key, client)
        return await self._client[1].run(flow)

    def _resource(self, type_: str) -> tuple[Resource, BaseProvider]:
        resource = RESOURCES.get(type_)
        if resource is None:
            raise ValueError(f"unknown resource type {type_!r}")
        return resource, self._cores[type_]

    # -- provider -------------------------------------------------------------------------

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(load_schema_text())

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        args = from_property_map(request.args)
        raw = {
            f"{PACKAGE}:{key}": str(args[key])
            for key in _CONFIG_KEYS
            if args.get(key) is not None and not isinstance(args[key], Unknown)
        }
        for core in self._cores.values():
            core.configure(CoreConfigureRequest(Config(raw, PACKAGE)))
        return ConfigureResponse(accept_secrets=True, supports_preview=True)

    # -- resources ------------------------------------------------------------------------

    async def check(self, request: CheckRequest) -> CheckResponse:
        resource, core = self._resource(request.type)
        olds = resource.shape.from_native(from_property_map(request.old_inputs))
        news = resource.shape.from_native(from_property_map(request.new_inputs))
        if resource is INTEGRATION:
            news.setdefault("name", request.name)  # as the Python Integration does
        result = core.check(olds, news)
        failures = [
            CheckFailure(resource.shape.native_path(f.property.split(".")), f.reason)
            for f in result.failures
        ]
        inputs = resource.shape.to_native(result.inputs or {})
        secret = secret_keys(request.new_inputs)
        return CheckResponse(to_property_map(inputs, secret), failures)

    async def diff(self, request: DiffRequest) -> DiffResponse:
        resource, core = self._resource(request.type)
        old = resource.shape.from_native(from_property_map(request.old_state))
        new = resource.shape.from_native(from_property_map(request.new_inputs))
        result = core.diff(request.resource_id, old, new)
        if not result.changes:
            return DiffResponse(changes=False)
        details = detailed_diff(resource, core, old, new, result.replaces or [])
        return DiffResponse(
            changes=True,
            replaces=[resource.shape.native_path([key]) for key in result.replaces or []],
            delete_before_replace=bool(result.delete_before_replace),
            diffs=sorted({path.split(".")[0] for path in details}),
            detailed_diff=details,
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        resource, core = self._resource(request.type)
        inputs = resource.shape.from_native(from_property_map(request.properties))
        if request.preview:
            return CreateResponse(None, self._preview(resource, request.properties, inputs))
        result = await self._run(core.create_flow(inputs))
        outputs = self._outputs(resource, request.properties, result.outs or {})
        return CreateResponse(str(result.id), outputs)

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        resource, core = self._resource(request.type)
        old = resource.shape.from_native(from_property_map(request.olds))
        new = resource.shape.from_native(from_property_map(request.news))
        if request.preview:
            return UpdateResponse(self._preview(resource, request.news, new))
        result = await self._run(core.update_flow(request.resource_id, old, new))
        return UpdateResponse(self._outputs(resource, request.news, result.outs or {}))

    async def read(self, request: ReadRequest) -> ReadResponse:
        resource, core = self._resource(request.type)
        state = resource.shape.from_native(from_property_map(request.properties))
        id_ = request.resource_id
        if not state:  # an import: the id is all there is
            id_, state = resource.import_state(id_)
        result = await self._run(core.read_flow(id_, state))
        if result.id is None:
            return ReadResponse()  # gone: the engine drops it from the state
        return ReadResponse(
            str(result.id),
            self._outputs(resource, request.properties, result.outs or {}),
            to_property_map(resource.shape.to_native(result.inputs or {})),
        )

    async def delete(self, request: DeleteRequest) -> None:
        resource, core = self._resource(request.type)
        state = resource.shape.from_native(from_property_map(request.properties))
        await self._run(core.delete_flow(request.resource_id, state))

    # -- functions ------------------------------------------------------------------------

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        function = FUNCTIONS.get(request.tok)
        if function is None:
            raise ValueError(f"unknown function {request.tok!r}")
        args = function.shape.from_native(from_property_map(request.args))
        failures = [CheckFailure(prop, reason) for prop, reason in function.failures(args)]
        if failures:
            return InvokeResponse(failures=failures)
        core = self._cores[INTEGRATION.token]
        project = core.project_of(args)
        result = await self._run(function.run(core.api(), project, args))
        return InvokeResponse(to_property_map(function.shape.to_native(result)))

    # -- values ---------------------------------------------------------------------------

    def _outputs(
        self, resource: Resource, sent: Mapping[str, Any], outs: Mapping[str, Any]
    ) -> dict[str, Any]:
        secret = secret_keys(sent) | {p.native for p in resource.shape.outputs if p.secret}
        return to_property_map(resource.shape.to_native(outs), secret)

    def _preview(
        self, resource: Resource, sent: Mapping[str, Any], inputs: Mapping[str, Any]
    ) -> dict[str, Any]:
        """What a preview shows: the inputs, and every output not known before the API call."""
        unknown = {p.name: UNKNOWN for p in resource.shape.outputs}
        return self._outputs(resource, sent, {**unknown, **inputs})
