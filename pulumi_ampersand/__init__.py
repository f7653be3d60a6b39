"""Manage Ampersand integrations and installations as code, with Pulumi.

Resources: :class:`Integration` (revision content), :class:`Installation` (one customer group's
installation) and :class:`GroupInstallations` (one installation per group). Their typed
arguments are the ``*Args`` classes and their ``*ArgsDict`` dict forms, generated from the
pydantic models in :mod:`pulumi_ampersand.models`, the schema every document is validated
against. :func:`load_manifest` reads an existing amp.yaml into those models. The objects
:class:`AmpersandClient` returns are exported as ``*Response`` (e.g. ``IntegrationResponse``).

Settings come from stack config ``ampersand:apiKey`` (secret), ``ampersand:projectId`` and
``ampersand:apiUrl``, or the ``AMP_API_KEY`` / ``AMP_PROJECT_ID`` / ``AMP_API_URL`` environment
variables: see :mod:`pulumi_ampersand.config`.

The models and the client are imported on first use (``_lazy``), so the engine's provider
process, which imports this package at every command, pays for pydantic and httpx only when it
validates or calls the API.
"""

from typing import TYPE_CHECKING

from ._errors import (
    AmbiguousRequestError,
    AmpersandError,
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    DeadlineExceededError,
    InputValidationError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)
from ._lazy import lazy_exports
from ._provider import AdoptionError
from ._version import __version__ as __version__
from .config import ProviderSettings
from .functions import get_installations, get_integration
from .group_installations import GroupInstallations
from .installation import Installation, InstallationProvider
from .integration import Integration, IntegrationProvider
from .lookups import InstallationInfo, IntegrationInfo

if TYPE_CHECKING:
    # codegen: args-imports (written by python -m pulumi_ampersand.models._codegen)
    from ._args import (
        AssociationChangeEventArgs as AssociationChangeEventArgs,
        AssociationChangeEventArgsDict as AssociationChangeEventArgsDict,
        BackfillArgs as BackfillArgs,
        BackfillArgsDict as BackfillArgsDict,
        CreateEventArgs as CreateEventArgs,
        CreateEventArgsDict as CreateEventArgsDict,
        DefaultPeriodArgs as DefaultPeriodArgs,
        DefaultPeriodArgsDict as DefaultPeriodArgsDict,
        DeleteEventArgs as DeleteEventArgs,
        DeleteEventArgsDict as DeleteEventArgsDict,
        DeletionSettingsArgs as DeletionSettingsArgs,
        DeletionSettingsArgsDict as DeletionSettingsArgsDict,
        DeliveryArgs as DeliveryArgs,
        DeliveryArgsDict as DeliveryArgsDict,
        DynamicMappingsInputEntryArgs as DynamicMappingsInputEntryArgs,
        DynamicMappingsInputEntryArgsDict as DynamicMappingsInputEntryArgsDict,
        ExistingFieldArgs as ExistingFieldArgs,
        ExistingFieldArgsDict as ExistingFieldArgsDict,
        FieldArgs as FieldArgs,
        FieldArgsDict as FieldArgsDict,
        FieldChangedEventArgs as FieldChangedEventArgs,
        FieldChangedEventArgsDict as FieldChangedEventArgsDict,
        FieldCreatedEventArgs as FieldCreatedEventArgs,
        FieldCreatedEventArgsDict as FieldCreatedEventArgsDict,
        FieldDeletedEventArgs as FieldDeletedEventArgs,
        FieldDeletedEventArgsDict as FieldDeletedEventArgsDict,
        FieldMappingArgs as FieldMappingArgs,
        FieldMappingArgsDict as FieldMappingArgsDict,
        FieldSettingArgs as FieldSettingArgs,
        FieldSettingArgsDict as FieldSettingArgsDict,
        FieldSettingDefaultArgs as FieldSettingDefaultArgs,
        FieldSettingDefaultArgsDict as FieldSettingDefaultArgsDict,
        InstallationArgs as InstallationArgs,
        InstallationArgsDict as InstallationArgsDict,
        InstallationBackfillArgs as InstallationBackfillArgs,
        InstallationBackfillArgsDict as InstallationBackfillArgsDict,
        InstallationConfigArgs as InstallationConfigArgs,
        InstallationConfigArgsDict as InstallationConfigArgsDict,
        InstallationCreateEventArgs as InstallationCreateEventArgs,
        InstallationCreateEventArgsDict as InstallationCreateEventArgsDict,
        InstallationDeleteEventArgs as InstallationDeleteEventArgs,
        InstallationDeleteEventArgsDict as InstallationDeleteEventArgsDict,
        InstallationProxyArgs as InstallationProxyArgs,
        InstallationProxyArgsDict as InstallationProxyArgsDict,
        InstallationReadArgs as InstallationReadArgs,
        InstallationReadArgsDict as InstallationReadArgsDict,
        InstallationReadObjectArgs as InstallationReadObjectArgs,
        InstallationReadObjectArgsDict as InstallationReadObjectArgsDict,
        InstallationSubscribeArgs as InstallationSubscribeArgs,
        InstallationSubscribeArgsDict as InstallationSubscribeArgsDict,
        InstallationSubscribeObjectArgs as InstallationSubscribeObjectArgs,
        InstallationSubscribeObjectArgsDict as InstallationSubscribeObjectArgsDict,
        InstallationUpdateEventArgs as InstallationUpdateEventArgs,
        InstallationUpdateEventArgsDict as InstallationUpdateEventArgsDict,
        InstallationWriteArgs as InstallationWriteArgs,
        InstallationWriteArgsDict as InstallationWriteArgsDict,
        InstallationWriteObjectArgs as InstallationWriteObjectArgs,
        InstallationWriteObjectArgsDict as InstallationWriteObjectArgsDict,
        IntegrationArgs as IntegrationArgs,
        IntegrationArgsDict as IntegrationArgsDict,
        MappedValueArgs as MappedValueArgs,
        MappedValueArgsDict as MappedValueArgsDict,
        ProxyArgs as ProxyArgs,
        ProxyArgsDict as ProxyArgsDict,
        QuotaOptimizationArgs as QuotaOptimizationArgs,
        QuotaOptimizationArgsDict as QuotaOptimizationArgsDict,
        ReadArgs as ReadArgs,
        ReadArgsDict as ReadArgsDict,
        ReadFilterArgs as ReadFilterArgs,
        ReadFilterArgsDict as ReadFilterArgsDict,
        ReadObjectArgs as ReadObjectArgs,
        ReadObjectArgsDict as ReadObjectArgsDict,
        SelectedValueDefaultArgs as SelectedValueDefaultArgs,
        SelectedValueDefaultArgsDict as SelectedValueDefaultArgsDict,
        SubscribeArgs as SubscribeArgs,
        SubscribeArgsDict as SubscribeArgsDict,
        SubscribeObjectArgs as SubscribeObjectArgs,
        SubscribeObjectArgsDict as SubscribeObjectArgsDict,
        SubscribeProviderOptionsArgs as SubscribeProviderOptionsArgs,
        SubscribeProviderOptionsArgsDict as SubscribeProviderOptionsArgsDict,
        UpdateEventArgs as UpdateEventArgs,
        UpdateEventArgsDict as UpdateEventArgsDict,
        ValueDefaultsArgs as ValueDefaultsArgs,
        ValueDefaultsArgsDict as ValueDefaultsArgsDict,
        WatchSchemaAllObjectsArgs as WatchSchemaAllObjectsArgs,
        WatchSchemaAllObjectsArgsDict as WatchSchemaAllObjectsArgsDict,
        WatchSchemaArgs as WatchSchemaArgs,
        WatchSchemaArgsDict as WatchSchemaArgsDict,
        WriteArgs as WriteArgs,
        WriteArgsDict as WriteArgsDict,
        WriteObjectArgs as WriteObjectArgs,
        WriteObjectArgsDict as WriteObjectArgsDict,
    )
    from ._client import AmpersandClient as AmpersandClient
    from .models import (
        Issue as Issue,
        ManifestArgs as ManifestArgs,
        ManifestError as ManifestError,
        dump_manifest as dump_manifest,
        load_manifest as load_manifest,
    )

    # codegen: response-imports
    from .models.api import (
        ConfigResponse as ConfigResponse,
        ConnectionResponse as ConnectionResponse,
        ConsumerResponse as ConsumerResponse,
        GroupResponse as GroupResponse,
        InstallationResponse as InstallationResponse,
        IntegrationResponse as IntegrationResponse,
        RevisionResponse as RevisionResponse,
    )


__all__ = [
    "APIError",
    "AdoptionError",
    "AmbiguousRequestError",
    "AmpersandClient",
    "AmpersandError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "DeadlineExceededError",
    "GroupInstallations",
    "InputValidationError",
    "Installation",
    "InstallationInfo",
    "InstallationProvider",
    "Integration",
    "IntegrationInfo",
    "IntegrationProvider",
    "Issue",
    "ManifestArgs",
    "ManifestError",
    "NotFoundError",
    "ProviderSettings",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "dump_manifest",
    "get_installations",
    "get_integration",
    "load_manifest",
]
# codegen: names
__all__ += [
    "AssociationChangeEventArgs",
    "AssociationChangeEventArgsDict",
    "BackfillArgs",
    "BackfillArgsDict",
    "ConfigResponse",
    "ConnectionResponse",
    "ConsumerResponse",
    "CreateEventArgs",
    "CreateEventArgsDict",
    "DefaultPeriodArgs",
    "DefaultPeriodArgsDict",
    "DeleteEventArgs",
    "DeleteEventArgsDict",
    "DeletionSettingsArgs",
    "DeletionSettingsArgsDict",
    "DeliveryArgs",
    "DeliveryArgsDict",
    "DynamicMappingsInputEntryArgs",
    "DynamicMappingsInputEntryArgsDict",
    "ExistingFieldArgs",
    "ExistingFieldArgsDict",
    "FieldArgs",
    "FieldArgsDict",
    "FieldChangedEventArgs",
    "FieldChangedEventArgsDict",
    "FieldCreatedEventArgs",
    "FieldCreatedEventArgsDict",
    "FieldDeletedEventArgs",
    "FieldDeletedEventArgsDict",
    "FieldMappingArgs",
    "FieldMappingArgsDict",
    "FieldSettingArgs",
    "FieldSettingArgsDict",
    "FieldSettingDefaultArgs",
    "FieldSettingDefaultArgsDict",
    "GroupResponse",
    "InstallationArgs",
    "InstallationArgsDict",
    "InstallationBackfillArgs",
    "InstallationBackfillArgsDict",
    "InstallationConfigArgs",
    "InstallationConfigArgsDict",
    "InstallationCreateEventArgs",
    "InstallationCreateEventArgsDict",
    "InstallationDeleteEventArgs",
    "InstallationDeleteEventArgsDict",
    "InstallationProxyArgs",
    "InstallationProxyArgsDict",
    "InstallationReadArgs",
    "InstallationReadArgsDict",
    "InstallationReadObjectArgs",
    "InstallationReadObjectArgsDict",
    "InstallationResponse",
    "InstallationSubscribeArgs",
    "InstallationSubscribeArgsDict",
    "InstallationSubscribeObjectArgs",
    "InstallationSubscribeObjectArgsDict",
    "InstallationUpdateEventArgs",
    "InstallationUpdateEventArgsDict",
    "InstallationWriteArgs",
    "InstallationWriteArgsDict",
    "InstallationWriteObjectArgs",
    "InstallationWriteObjectArgsDict",
    "IntegrationArgs",
    "IntegrationArgsDict",
    "IntegrationResponse",
    "MappedValueArgs",
    "MappedValueArgsDict",
    "ProxyArgs",
    "ProxyArgsDict",
    "QuotaOptimizationArgs",
    "QuotaOptimizationArgsDict",
    "ReadArgs",
    "ReadArgsDict",
    "ReadFilterArgs",
    "ReadFilterArgsDict",
    "ReadObjectArgs",
    "ReadObjectArgsDict",
    "RevisionResponse",
    "SelectedValueDefaultArgs",
    "SelectedValueDefaultArgsDict",
    "SubscribeArgs",
    "SubscribeArgsDict",
    "SubscribeObjectArgs",
    "SubscribeObjectArgsDict",
    "SubscribeProviderOptionsArgs",
    "SubscribeProviderOptionsArgsDict",
    "UpdateEventArgs",
    "UpdateEventArgsDict",
    "ValueDefaultsArgs",
    "ValueDefaultsArgsDict",
    "WatchSchemaAllObjectsArgs",
    "WatchSchemaAllObjectsArgsDict",
    "WatchSchemaArgs",
    "WatchSchemaArgsDict",
    "WriteArgs",
    "WriteArgsDict",
    "WriteObjectArgs",
    "WriteObjectArgsDict",
]

# Every public name not imported above is served on first use: the client from ``_client``,
# the response models from ``models.api``, the models of amp.yaml from ``models``, and the
# typed arguments from ``_args``.
_FIRST_USE = (
    ("._client", frozenset({"AmpersandClient"})),
    (".models.api", frozenset(name for name in __all__ if name.endswith("Response"))),
    (
        ".models",
        frozenset({"Issue", "ManifestArgs", "ManifestError", "dump_manifest", "load_manifest"}),
    ),
)
_EXPORTS = {
    name: next((module for module, names in _FIRST_USE if name in names), "._args")
    for name in __all__
    if name not in globals()
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
