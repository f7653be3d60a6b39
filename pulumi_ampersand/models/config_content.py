"""Installation config content (``config/config.yaml#ConfigContent``).

The config an installation was created with: which objects a customer reads, writes and
subscribes to, with their field selections. Unlike the manifest, each action keeps its objects
in a **map keyed by object name**. Every entry's ``objectName`` must equal its key; when an
entry omits ``objectName`` it is filled from the key (the key already says it, and the wire
document must carry it), and a mismatch is reported by ``rules``.

Deliberate departures from the spec, matching what the server accepts (``notes`` §3.3-3.4):

* ``provider`` is optional: the Installation resource fills it from its integration.
* ``ReadConfigObject`` lists ``selectedFields`` and ``selectedFieldMappings`` as required, but
  the spec's own examples and the React UI omit them; both are optional here.
* ``objectName`` may be omitted inside a map entry (filled from the key, see above).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, model_validator

from .manifest import DefaultPeriodArgs, MaybeUnknown, SpecModel

__all__ = [
    "DeletionSettingsArgs",
    "DynamicMappingsInputEntryArgs",
    "FieldSettingArgs",
    "FieldSettingDefaultArgs",
    "InstallationArgs",
    "InstallationBackfillArgs",
    "InstallationConfigArgs",
    "InstallationCreateEventArgs",
    "InstallationDeleteEventArgs",
    "InstallationProxyArgs",
    "InstallationReadArgs",
    "InstallationReadObjectArgs",
    "InstallationSubscribeArgs",
    "InstallationSubscribeObjectArgs",
    "InstallationUpdateEventArgs",
    "InstallationWriteArgs",
    "InstallationWriteObjectArgs",
    "MappedValueArgs",
    "QuotaOptimizationArgs",
    "ReadFilterArgs",
    "SelectedValueDefaultArgs",
    "SubscribeProviderOptionsArgs",
]

AlwaysOrNever = Literal["always", "never"]


def _scalar(value: Any) -> str | bool | int | float:
    # One plain check instead of a str|bool|int|float union, whose errors would name each member.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (str, bool, int, float)):
        return value
    raise ValueError("Input should be a string, a boolean or a number")


def _scalar_not_float(value: Any) -> str | bool | int:
    checked = _scalar(value)
    if isinstance(checked, float):
        raise ValueError("Input should be a string, a boolean or an integer")
    return checked


Scalar = Annotated[str | bool | int | float, PlainValidator(_scalar)]
"""A string, boolean or number; an integral float (Pulumi's ints) becomes an int."""


class _ObjectMap(SpecModel):
    """An action whose ``objects`` map fills a missing ``objectName`` from its key."""

    @model_validator(mode="before")
    @classmethod
    def _fill_object_names(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        objects = data.get("objects")
        if not isinstance(objects, Mapping):
            return data
        filled = {
            key: (
                {**entry, "objectName": key}
                if isinstance(entry, Mapping)
                and isinstance(key, str)
                and not {"objectName", "object_name"} & entry.keys()
                else entry
            )
            for key, entry in objects.items()
        }
        return {**data, "objects": filled}


class ReadFilterArgs(SpecModel):
    """``ReadFilter``: one condition on the records read."""

    field_name: str
    """The name of the field to filter on."""
    operator: Literal["eq"]
    """The comparison operator."""
    value: Scalar | None = None
    """The value to filter on. Allowed types are string, boolean, and number."""


class InstallationBackfillArgs(SpecModel):
    """``BackfillConfig``: the backfill of a read object in an installation."""

    default_period: DefaultPeriodArgs
    """The default backfill period (``days`` or ``fullHistory``, not both)."""
    field_filters: list[MaybeUnknown[ReadFilterArgs]] | None = None
    """Filters to apply only during backfill. Multiple conditions are joined by AND. Use this
    when you want different filter behavior for backfill vs. incremental reads."""


class MappedValueArgs(SpecModel):
    """``DynamicMappingsInputMappedValue``: one possible value of a mapped field."""

    mapped_value: str
    """The value in your application."""
    mapped_display_value: str
    """The value shown to the user."""


class DynamicMappingsInputEntryArgs(SpecModel):
    """``DynamicMappingsInputEntry``: one field mapping offered to the user."""

    map_to_name: str
    """The name of the field in your application."""
    map_to_display_name: str | None = None
    """Optional display name of the field to show the user in the mapping UI."""
    prompt: str | None = None
    """Optional prompt to show the user in the mapping UI."""
    mapped_values: list[MaybeUnknown[MappedValueArgs]] | None = None
    """If you would like the user to map a set of possible values, this is the list of possible
    values of the field in your application."""
    field_name: str | None = None
    """The name of the field in SaaS provider, if present, then we will not prompt the user to
    map the field."""


class InstallationReadObjectArgs(SpecModel):
    """``ReadConfigObject``: the read settings of one object."""

    object_name: str = Field(min_length=1)
    """The name of the object to read from (equal to its key; filled from it if omitted)."""
    schedule: str | None = None
    """The schedule for reading the object, in cron syntax (at least 10 minutes apart)."""
    disabled: bool | None = None
    """If this flag is set to true, scheduled reads associated with this object will be paused,
    and on-demand reads will not be allowed. Default false."""
    destination: str | None = None
    """The name of the destination that the result should be sent to."""
    selected_fields: dict[str, MaybeUnknown[bool]] | None = None
    """This is a map of field names to booleans indicating whether they should be read. If a
    field is already included in ``selectedFieldMappings``, it does not need to be included
    here."""
    selected_value_mappings: dict[str, MaybeUnknown[dict[str, MaybeUnknown[str]]]] | None = None
    """This is a map of field names to their value mappings: for each field, the value
    delivered to the webhook mapped to the value coming from the provider API."""
    dynamic_mappings_input: list[MaybeUnknown[DynamicMappingsInputEntryArgs]] | None = None
    """An array containing all available dynamic field and value mappings for this
    installation, provided by the InstallIntegration component. The actual selected mappings
    are stored separately in the selectedFieldMappings property."""
    selected_field_mappings: dict[str, MaybeUnknown[str]] | None = None
    """This is a map of mapToNames to field names. (A mapTo name is the name the builder wants
    to map a field to when it lands in their destination.)"""
    selected_fields_auto: Literal["all"] | None = None
    """If selectedFieldsAuto is set to all, all fields will be read."""
    backfill: InstallationBackfillArgs | None = None
    """The backfill of the first read."""
    field_filters: list[MaybeUnknown[ReadFilterArgs]] | None = None
    """Filters to apply when reading records during incremental reads and backfill. Multiple
    conditions are joined by AND. Each field can only have one condition."""


class InstallationReadArgs(_ObjectMap):
    """``ReadConfig``: the read settings, keyed by object name."""

    objects: dict[str, MaybeUnknown[InstallationReadObjectArgs]]
    """This is a map of object names to their configuration."""


class DeletionSettingsArgs(SpecModel):
    """``DeletionSettings``: whether records of the object may be deleted."""

    enabled: bool
    """Whether deletion is enabled for this object (disabled when omitted)."""


class SelectedValueDefaultArgs(SpecModel):
    """``ValueDefault`` (legacy, deprecated): a default value written to a field."""

    value: Annotated[str | bool | int, PlainValidator(_scalar_not_float)]
    """The value to be used as a default (a string, integer or boolean)."""
    apply_on_update: AlwaysOrNever | None = None
    """Whether the default value should be applied when updating a record. If set to
    ``always``, the default value will be applied when updating a record. If set to ``never``,
    only when creating a record. If unspecified, then ``always`` is assumed."""


class FieldSettingDefaultArgs(SpecModel):
    """``FieldSettingDefault``: default value for a field. Only use one of the three."""

    string_value: str | None = None
    """The default string value to apply to a field."""
    integer_value: int | None = None
    """The default integer value to apply to a field."""
    boolean_value: bool | None = None
    """The default boolean value to apply to a field."""


class FieldSettingArgs(SpecModel):
    """``FieldSetting``: how one field is written."""

    default: FieldSettingDefaultArgs | None = None
    """The default value of the field."""
    write_on_create: AlwaysOrNever | None = None
    """Whether the default value should be applied when creating a record. Default
    ``always``."""
    write_on_update: Literal["always", "never", "ifEmpty"] | None = None
    """Whether the default value should be applied when updating a record: ``always``,
    ``never``, or ``ifEmpty`` (only if it is currently unset or an empty string). Default
    ``always``."""


class InstallationWriteObjectArgs(SpecModel):
    """``WriteConfigObject``: the write settings of one object."""

    object_name: str = Field(min_length=1)
    """The name of the object to write to (equal to its key; filled from it if omitted)."""
    deletion_settings: DeletionSettingsArgs | None = None
    """Whether deletion is enabled for this object."""
    selected_value_defaults: dict[str, MaybeUnknown[SelectedValueDefaultArgs]] | None = None
    """Deprecated. This is a map of field names to default values. These values will be used
    when writing to the object."""
    selected_field_settings: dict[str, MaybeUnknown[FieldSettingArgs]] | None = None
    """This is a map of field names to their settings."""


class InstallationWriteArgs(_ObjectMap):
    """``WriteConfig``: the write settings, keyed by object name."""

    objects: dict[str, MaybeUnknown[InstallationWriteObjectArgs]] | None = None
    """This is a map of object names to their configuration."""


class InstallationCreateEventArgs(SpecModel):
    """``ConfigCreateEvent``: create events of a subscribed object."""

    enabled: AlwaysOrNever
    """Conditions to enable create events."""


class InstallationUpdateEventArgs(SpecModel):
    """``ConfigUpdateEvent``: update events of a subscribed object."""

    enabled: AlwaysOrNever
    """Conditions to enable update events."""
    watch_fields_auto: Literal["all"] | None = None
    """Whether to watch all fields automatically."""
    required_watch_fields: list[MaybeUnknown[str]] | None = None
    """The fields that should be watched (top-level names only)."""


class InstallationDeleteEventArgs(SpecModel):
    """``ConfigDeleteEvent``: delete events of a subscribed object."""

    enabled: AlwaysOrNever
    """Conditions to enable delete events."""


class QuotaOptimizationArgs(SpecModel):
    """``QuotaOptimizationConfig``: filter irrelevant change events at the source.

    Requires ``updateEvent.requiredWatchFields`` to be non-empty; it cannot be used with
    ``updateEvent.watchFieldsAuto: all``. Currently supported for Salesforce.
    """

    enabled: bool
    """Whether quota optimization is enabled for this object."""


class SubscribeProviderOptionsArgs(SpecModel):
    """``SubscribeProviderOptions``: subscribe options that only apply to certain providers."""

    quota_optimization: QuotaOptimizationArgs | None = None
    """Reduces API quota consumption for update events (Salesforce only)."""


class InstallationSubscribeObjectArgs(SpecModel):
    """``SubscribeConfigObject``: the subscribe settings of one object."""

    inherit_fields_and_mappings: bool = Field(alias="inheritFieldsAndMappings")
    """Whether to inherit fields and mappings from the read config. Plural ``Mappings`` here;
    the manifest spells it ``inheritFieldsAndMapping``."""
    object_name: str = Field(min_length=1)
    """The name of the object to subscribe to (equal to its key; filled from it if omitted)."""
    destination: str = Field(min_length=1)
    """The name of the destination that the result should be sent to."""
    create_event: InstallationCreateEventArgs | None = None
    """Create events."""
    update_event: InstallationUpdateEventArgs | None = None
    """Update events."""
    delete_event: InstallationDeleteEventArgs | None = None
    """Delete events."""
    other_events: list[MaybeUnknown[str]] | None = None
    """Non-standard events that the integration will subscribe to, e.g. ``object.merged``."""
    provider_options: SubscribeProviderOptionsArgs | None = None
    """Subscribe options that only apply to certain providers."""


class InstallationSubscribeArgs(_ObjectMap):
    """``SubscribeConfig``: the subscribe settings, keyed by object name."""

    objects: dict[str, MaybeUnknown[InstallationSubscribeObjectArgs]]
    """This is a map of object names to their configuration."""


class InstallationProxyArgs(SpecModel):
    """``BaseProxyConfig``: the proxy settings."""

    enabled: bool | None = None
    """Whether the proxy action is enabled for this installation."""


class InstallationConfigArgs(SpecModel):
    """``ConfigContent``: the content of an installation's config.

    Example::

        InstallationConfigArgs(
            read=InstallationReadArgs(objects={
                "account": InstallationReadObjectArgs(
                    object_name="account", selected_fields={"phone": True},
                ),
            }),
        )
    """

    provider: str | None = None
    """The SaaS API that we are integrating with (filled from the integration if omitted)."""
    read: InstallationReadArgs | None = None
    """The read settings."""
    write: InstallationWriteArgs | None = None
    """The write settings."""
    subscribe: InstallationSubscribeArgs | None = None
    """The subscribe settings."""
    proxy: InstallationProxyArgs | None = None
    """The proxy settings."""


class InstallationArgs(SpecModel):
    """The inputs of an ``Installation`` resource: which group installs what, and its config.

    Not a wire document: the provider sends ``config`` as the installation's config content
    and the other inputs as the fields of the request.
    """

    integration_id: str = Field(min_length=1)
    """The integration's id, e.g. ``Integration.id``. Changing it replaces the installation."""
    group_ref: str = Field(min_length=1)
    """The customer group. Changing it replaces the installation."""
    config: InstallationConfigArgs | None = None
    """The installation config content; ``provider`` in it may be omitted (it is taken from
    the integration)."""
    connection_id: str | None = None
    """The connection to use; the group's default when omitted."""
    revision_id: str | None = None
    """Wire ``Integration.latest_revision_id`` here to move the installation to each new
    revision of the integration."""
    created_by: str | None = None
    """``config.createdBy`` (e.g. ``api:pulumi``); the API's default when omitted."""
    project: str | None = None
    """The project id or name; defaults to ``ampersand:projectId``."""
    adopt: bool | None = None
    """Take over the group's existing installation instead of failing (its config becomes
    what this program declares). Never implied."""
