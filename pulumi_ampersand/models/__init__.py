"""Typed documents of Ampersand: revision content (manifest) and installation config.

* ``manifest`` / ``config_content``: the ``*Args`` models, snake_case in Python, camelCase on
  the wire;
* ``check``: structural and rule validation, every problem as an ``Issue`` with a path;
* ``yaml_io``: amp.yaml load and dump;
* ``shapes``: every conversion between the declared, wire and live shapes;
* ``normalize``: the canonical form compared by diffs.

Each name is imported from its module on first use (``_lazy``): the provider process answers a
preview of unchanged resources without importing pydantic.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .check import (
        Issue as Issue,
        PathStyle as PathStyle,
        check_installation as check_installation,
        check_installation_config as check_installation_config,
        check_integration as check_integration,
        check_manifest as check_manifest,
    )

    # codegen: config_content-imports (written by python -m pulumi_ampersand.models._codegen)
    from .config_content import (
        DeletionSettingsArgs as DeletionSettingsArgs,
        DynamicMappingsInputEntryArgs as DynamicMappingsInputEntryArgs,
        FieldSettingArgs as FieldSettingArgs,
        FieldSettingDefaultArgs as FieldSettingDefaultArgs,
        InstallationArgs as InstallationArgs,
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
        MappedValueArgs as MappedValueArgs,
        QuotaOptimizationArgs as QuotaOptimizationArgs,
        ReadFilterArgs as ReadFilterArgs,
        SelectedValueDefaultArgs as SelectedValueDefaultArgs,
        SubscribeProviderOptionsArgs as SubscribeProviderOptionsArgs,
    )

    # codegen: manifest-imports
    from .manifest import (
        AssociationChangeEventArgs as AssociationChangeEventArgs,
        BackfillArgs as BackfillArgs,
        CreateEventArgs as CreateEventArgs,
        DefaultPeriodArgs as DefaultPeriodArgs,
        DeleteEventArgs as DeleteEventArgs,
        DeliveryArgs as DeliveryArgs,
        ExistingFieldArgs as ExistingFieldArgs,
        FieldArgs as FieldArgs,
        FieldChangedEventArgs as FieldChangedEventArgs,
        FieldCreatedEventArgs as FieldCreatedEventArgs,
        FieldDeletedEventArgs as FieldDeletedEventArgs,
        FieldMappingArgs as FieldMappingArgs,
        IntegrationArgs as IntegrationArgs,
        ManifestArgs as ManifestArgs,
        ProxyArgs as ProxyArgs,
        ReadArgs as ReadArgs,
        ReadObjectArgs as ReadObjectArgs,
        SubscribeArgs as SubscribeArgs,
        SubscribeObjectArgs as SubscribeObjectArgs,
        UpdateEventArgs as UpdateEventArgs,
        ValueDefaultsArgs as ValueDefaultsArgs,
        WatchSchemaAllObjectsArgs as WatchSchemaAllObjectsArgs,
        WatchSchemaArgs as WatchSchemaArgs,
        WriteArgs as WriteArgs,
        WriteObjectArgs as WriteObjectArgs,
    )
    from .normalize import (
        canonical_config as canonical_config,
        canonical_integration as canonical_integration,
    )
    from .shapes import to_wire as to_wire
    from .yaml_io import (
        ManifestError as ManifestError,
        dump_manifest as dump_manifest,
        load_manifest as load_manifest,
    )

_EXPORTS = {
    "Issue": ".check",
    "PathStyle": ".check",
    "check_installation": ".check",
    "check_installation_config": ".check",
    "check_integration": ".check",
    "check_manifest": ".check",
    "canonical_config": ".normalize",
    "canonical_integration": ".normalize",
    "ManifestError": ".yaml_io",
    "dump_manifest": ".yaml_io",
    "load_manifest": ".yaml_io",
    "to_wire": ".shapes",
}
# codegen: model-exports
_EXPORTS |= {
    "AssociationChangeEventArgs": ".manifest",
    "BackfillArgs": ".manifest",
    "CreateEventArgs": ".manifest",
    "DefaultPeriodArgs": ".manifest",
    "DeleteEventArgs": ".manifest",
    "DeliveryArgs": ".manifest",
    "ExistingFieldArgs": ".manifest",
    "FieldArgs": ".manifest",
    "FieldChangedEventArgs": ".manifest",
    "FieldCreatedEventArgs": ".manifest",
    "FieldDeletedEventArgs": ".manifest",
    "FieldMappingArgs": ".manifest",
    "IntegrationArgs": ".manifest",
    "ManifestArgs": ".manifest",
    "ProxyArgs": ".manifest",
    "ReadArgs": ".manifest",
    "ReadObjectArgs": ".manifest",
    "SubscribeArgs": ".manifest",
    "SubscribeObjectArgs": ".manifest",
    "UpdateEventArgs": ".manifest",
    "ValueDefaultsArgs": ".manifest",
    "WatchSchemaAllObjectsArgs": ".manifest",
    "WatchSchemaArgs": ".manifest",
    "WriteArgs": ".manifest",
    "WriteObjectArgs": ".manifest",
    "DeletionSettingsArgs": ".config_content",
    "DynamicMappingsInputEntryArgs": ".config_content",
    "FieldSettingArgs": ".config_content",
    "FieldSettingDefaultArgs": ".config_content",
    "InstallationArgs": ".config_content",
    "InstallationBackfillArgs": ".config_content",
    "InstallationConfigArgs": ".config_content",
    "InstallationCreateEventArgs": ".config_content",
    "InstallationDeleteEventArgs": ".config_content",
    "InstallationProxyArgs": ".config_content",
    "InstallationReadArgs": ".config_content",
    "InstallationReadObjectArgs": ".config_content",
    "InstallationSubscribeArgs": ".config_content",
    "InstallationSubscribeObjectArgs": ".config_content",
    "InstallationUpdateEventArgs": ".config_content",
    "InstallationWriteArgs": ".config_content",
    "InstallationWriteObjectArgs": ".config_content",
    "MappedValueArgs": ".config_content",
    "QuotaOptimizationArgs": ".config_content",
    "ReadFilterArgs": ".config_content",
    "SelectedValueDefaultArgs": ".config_content",
    "SubscribeProviderOptionsArgs": ".config_content",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
