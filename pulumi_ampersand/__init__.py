"""Manage Ampersand integrations and installations as code, with Pulumi.

Resources: :class:`Integration` (revision content), :class:`Installation` (one customer group's
installation) and :class:`GroupInstallations` (one installation per group). Their typed
arguments are the ``*Args`` models, which are also the schema every document is validated
against. :func:`load_manifest` reads an existing amp.yaml into those models.

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
    from ._client import AmpersandClient as AmpersandClient
    from .models import (
        AssociationChangeEventArgs as AssociationChangeEventArgs,
        BackfillArgs as BackfillArgs,
        CreateEventArgs as CreateEventArgs,
        DefaultPeriodArgs as DefaultPeriodArgs,
        DeleteEventArgs as DeleteEventArgs,
        DeletionSettingsArgs as DeletionSettingsArgs,
        DeliveryArgs as DeliveryArgs,
        DynamicMappingsInputEntryArgs as DynamicMappingsInputEntryArgs,
        ExistingFieldArgs as ExistingFieldArgs,
        FieldArgs as FieldArgs,
        FieldChangedEventArgs as FieldChangedEventArgs,
        FieldCreatedEventArgs as FieldCreatedEventArgs,
        FieldDeletedEventArgs as FieldDeletedEventArgs,
        FieldMappingArgs as FieldMappingArgs,
        FieldSettingArgs as FieldSettingArgs,
        FieldSettingDefaultArgs as FieldSettingDefaultArgs,
        InstallationBackfillArgs as InstallationBackfillArgs,
        InstallationConfigArgs as InstallationConfigArgs,
        InstallationCreateEventArgs as InstallationCreateEventArgs,
        InstallationDeleteEventArgs as InstallationDeleteEventArgs,
        InstallationProxyArgs as InstallationProxyArgs,
        InstallationReadArgs as InstallationReadArgs,
        InstallationReadObjectArgs as InstallationReadObjectArgs,
        InstallationSubscribeArgs as InstallationSubscribeArgs,
        InstallationSubscribeObjectArgs as InstallationSubscribeObjectArgs,
        InstallationUpdateEventArgs as InstallationUpdateEventArgs,
        InstallationWriteArgs as InstallationWriteArgs,
        InstallationWriteObjectArgs as InstallationWriteObjectArgs,
        IntegrationArgs as IntegrationArgs,
        Issue as Issue,
        ManifestArgs as ManifestArgs,
        ManifestError as ManifestError,
        MappedValueArgs as MappedValueArgs,
        ProxyArgs as ProxyArgs,
        QuotaOptimizationArgs as QuotaOptimizationArgs,
        ReadArgs as ReadArgs,
        ReadFilterArgs as ReadFilterArgs,
        ReadObjectArgs as ReadObjectArgs,
        SelectedValueDefaultArgs as SelectedValueDefaultArgs,
        SubscribeArgs as SubscribeArgs,
        SubscribeObjectArgs as SubscribeObjectArgs,
        SubscribeProviderOptionsArgs as SubscribeProviderOptionsArgs,
        UpdateEventArgs as UpdateEventArgs,
        ValueDefaultsArgs as ValueDefaultsArgs,
        WatchSchemaAllObjectsArgs as WatchSchemaAllObjectsArgs,
        WatchSchemaArgs as WatchSchemaArgs,
        WriteArgs as WriteArgs,
        WriteObjectArgs as WriteObjectArgs,
        dump_manifest as dump_manifest,
        load_manifest as load_manifest,
    )


__all__ = [
    "APIError",
    "AdoptionError",
    "AmbiguousRequestError",
    "AmpersandClient",
    "AmpersandError",
    "AssociationChangeEventArgs",
    "AuthenticationError",
    "BackfillArgs",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "CreateEventArgs",
    "DeadlineExceededError",
    "DefaultPeriodArgs",
    "DeleteEventArgs",
    "DeletionSettingsArgs",
    "DeliveryArgs",
    "DynamicMappingsInputEntryArgs",
    "ExistingFieldArgs",
    "FieldArgs",
    "FieldChangedEventArgs",
    "FieldCreatedEventArgs",
    "FieldDeletedEventArgs",
    "FieldMappingArgs",
    "FieldSettingArgs",
    "FieldSettingDefaultArgs",
    "GroupInstallations",
    "InputValidationError",
    "Installation",
    "InstallationBackfillArgs",
    "InstallationConfigArgs",
    "InstallationCreateEventArgs",
    "InstallationDeleteEventArgs",
    "InstallationInfo",
    "InstallationProvider",
    "InstallationProxyArgs",
    "InstallationReadArgs",
    "InstallationReadObjectArgs",
    "InstallationSubscribeArgs",
    "InstallationSubscribeObjectArgs",
    "InstallationUpdateEventArgs",
    "InstallationWriteArgs",
    "InstallationWriteObjectArgs",
    "Integration",
    "IntegrationArgs",
    "IntegrationInfo",
    "IntegrationProvider",
    "Issue",
    "ManifestArgs",
    "ManifestError",
    "MappedValueArgs",
    "NotFoundError",
    "ProviderSettings",
    "ProxyArgs",
    "QuotaOptimizationArgs",
    "RateLimitError",
    "ReadArgs",
    "ReadFilterArgs",
    "ReadObjectArgs",
    "SelectedValueDefaultArgs",
    "ServerError",
    "SubscribeArgs",
    "SubscribeObjectArgs",
    "SubscribeProviderOptionsArgs",
    "TransportError",
    "UpdateEventArgs",
    "ValueDefaultsArgs",
    "WatchSchemaAllObjectsArgs",
    "WatchSchemaArgs",
    "WriteArgs",
    "WriteObjectArgs",
    "dump_manifest",
    "get_installations",
    "get_integration",
    "load_manifest",
]

# Every public name not imported above is served on first use: the client from ``_client``,
# every model from ``models`` (each itself lazy).
_EXPORTS = {
    name: "._client" if name == "AmpersandClient" else ".models"
    for name in __all__
    if name not in globals()
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
