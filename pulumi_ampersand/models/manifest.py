"""Revision content: the integration manifest of ``amp.yaml`` (``manifest/manifest.yaml``).

One ``IntegrationArgs`` is the ``content`` of a revision; ``ManifestArgs`` is a whole amp.yaml
(``specVersion`` plus a list of integrations), the ``sourceYaml`` that ``POST .../revisions``
takes. In the manifest, the objects of each action are **lists** of objects that carry an
``objectName``; the installation config (``config_content``) keeps them in maps instead.

Field docstrings are the spec's descriptions. Two deliberate departures from the spec, both
matching what the server and CLI accept in practice (``notes/ampersand-api.md`` §3.2):

* ``ReadObjectArgs.schedule`` is optional (amp-labs/cli PR #120); ``enabled: always`` objects
  still need one, which ``rules`` checks.
* The ``IntegrationField`` oneOf is modelled as a tagged union of two classes, chosen by the
  presence of ``fieldName``: ``ExistingFieldArgs`` (``fieldName`` present) or
  ``FieldMappingArgs`` (no ``fieldName``). A mix such as ``fieldName`` with ``prompt`` is
  therefore an unknown key of an existing field, reported at its own path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    ValidatorFunctionWrapHandler,
    WrapSerializer,
    WrapValidator,
    field_serializer,
)

from ._base import InputModel, is_unknown
from ._docstrings import describe_fields

__all__ = [
    "AssociationChangeEventArgs",
    "BackfillArgs",
    "CreateEventArgs",
    "DefaultPeriodArgs",
    "DeleteEventArgs",
    "DeliveryArgs",
    "ExistingFieldArgs",
    "FieldArgs",
    "FieldChangedEventArgs",
    "FieldCreatedEventArgs",
    "FieldDeletedEventArgs",
    "FieldMappingArgs",
    "IntegrationArgs",
    "ManifestArgs",
    "MaybeUnknown",
    "ProxyArgs",
    "ReadArgs",
    "ReadObjectArgs",
    "SpecModel",
    "SubscribeArgs",
    "SubscribeObjectArgs",
    "UpdateEventArgs",
    "ValueDefaultsArgs",
    "WatchSchemaAllObjectsArgs",
    "WatchSchemaArgs",
    "WriteArgs",
    "WriteObjectArgs",
]

T = TypeVar("T")


def _let_unknown_through(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    return value if is_unknown(value) else handler(value)


def _dump_unknown_as_is(value: Any, handler: SerializerFunctionWrapHandler) -> Any:
    return value if is_unknown(value) else handler(value)


MaybeUnknown = Annotated[
    T, WrapValidator(_let_unknown_through), WrapSerializer(_dump_unknown_as_is)
]
"""An element of a list or map that may also be unknown during a preview.

``InputModel`` lets an unknown through for a whole field; this does the same for one list item
or map value (``otherEvents: [<unknown>]``), so a preview never fails on it, and dumps it as it
is (pydantic would dump an unknown in a model's place as ``{}``).
"""

Always = Literal["always"]


class SpecModel(InputModel):
    """An ``InputModel`` documented from field docstrings, which dumps unknowns unchanged.

    Each field's docstring becomes its description (see ``_docstrings``). Without the
    serializer, pydantic dumps an unknown that stands for a whole object (``read`` during a
    preview) as ``{}``, which a diff would take for a known, empty value.
    """

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        describe_fields(cls)

    @field_serializer("*", mode="wrap")
    def _dump_unknowns_as_is(self, value: Any, handler: SerializerFunctionWrapHandler) -> Any:
        return _dump_unknown_as_is(value, handler)


class ExistingFieldArgs(SpecModel):
    """``IntegrationFieldExistent``: a field that exists in the provider, optionally renamed."""

    field_name: str
    """The name of the field in the provider. May be JSONPath bracket notation for a nested
    field, e.g. ``$['address']['city']``."""
    map_to_name: str | None = None
    """The field name to map to."""
    map_to_display_name: str | None = None
    """The display name to map to."""


class FieldMappingArgs(SpecModel):
    """``IntegrationFieldMapping``: a field the customer maps to one of their fields."""

    map_to_name: str
    """The name of the field in your application."""
    map_to_display_name: str | None = None
    """The display name of the field, shown to the user in the mapping UI."""
    default: str | None = None
    """A default for the mapping (the spec gives no description; sent as written)."""
    prompt: str | None = None
    """The prompt shown to the user in the mapping UI."""


EXISTING_FIELD_TAG = "IntegrationFieldExistent"
FIELD_MAPPING_TAG = "IntegrationFieldMapping"


def _field_kind(value: Any) -> str | None:
    if isinstance(value, (ExistingFieldArgs, FieldMappingArgs)):
        return EXISTING_FIELD_TAG if isinstance(value, ExistingFieldArgs) else FIELD_MAPPING_TAG
    if not isinstance(value, Mapping):
        return None
    has_field_name = "fieldName" in value or "field_name" in value
    return EXISTING_FIELD_TAG if has_field_name else FIELD_MAPPING_TAG


FieldArgs = Annotated[
    Annotated[ExistingFieldArgs, Tag(EXISTING_FIELD_TAG)]
    | Annotated[FieldMappingArgs, Tag(FIELD_MAPPING_TAG)],
    Discriminator(
        _field_kind,
        custom_error_type="integration_field",
        custom_error_message="Each field must be an object with fieldName (an existing field) "
        "or mapToName (a field mapping)",
    ),
]
"""``IntegrationField``: an ``ExistingFieldArgs`` if it has ``fieldName``, else a
``FieldMappingArgs``."""


class DefaultPeriodArgs(SpecModel):
    """``DefaultPeriod``: how far back the first read goes. Set exactly one of the two."""

    days: int | None = Field(default=None, ge=0)
    """Number of days in past to backfill from. 0 is no backfill. e.g) if 10, then backfill
    last 10 days of data. Required if fullHistory is not set."""
    full_history: bool | None = None
    """If true, backfill all history. Required if days is not set."""


class BackfillArgs(SpecModel):
    """``Backfill``: the backfill of a read object."""

    default_period: DefaultPeriodArgs
    """The default backfill period."""


class DeliveryArgs(SpecModel):
    """``Delivery``: how read results are delivered (deprecated in the docs)."""

    mode: Literal["onRequest", "auto"] | None = None
    """The data delivery mode for this object. If not specified, defaults to automatic."""
    page_size: int | None = Field(default=None, ge=50, le=500)
    """The number of records to receive per data delivery."""


class ReadObjectArgs(SpecModel):
    """``IntegrationObject``: one object of the read action."""

    object_name: str = Field(min_length=1)
    """The provider object to read, e.g. ``account`` (case-sensitive)."""
    destination: str = Field(min_length=1)
    """The name of the destination that the results are sent to."""
    schedule: str | None = None
    """How often to read, in 5-field cron syntax, e.g. ``*/15 * * * *`` (at least 10 minutes
    apart). Without a schedule, reads are triggered through the API."""
    map_to_name: str | None = None
    """An object name to map to."""
    map_to_display_name: str | None = None
    """A display name to map to."""
    required_fields: list[MaybeUnknown[FieldArgs]] | None = None
    """Fields that are always read."""
    optional_fields: list[MaybeUnknown[FieldArgs]] | None = None
    """Fields the customer may choose to read."""
    optional_fields_auto: Literal["all"] | None = None
    """If ``all``, every field of the object is offered as an optional field."""
    backfill: BackfillArgs | None = None
    """The backfill of the first read."""
    delivery: DeliveryArgs | None = None
    """The data delivery settings."""
    enabled: Always | None = None
    """If set to ``always``, Ampersand reads this object for every installation even if the
    customer never selects it (or it isn't present) in the installation config."""


class ReadArgs(SpecModel):
    """``IntegrationRead``: the read action."""

    objects: list[MaybeUnknown[ReadObjectArgs]] | None = None
    """The objects to read (at least one; each objectName once)."""


class ValueDefaultsArgs(SpecModel):
    """``ValueDefaults``: configuration to set default write values for object fields."""

    allow_any_fields: bool | None = None
    """If true, users can set default values for any field."""


class WriteObjectArgs(SpecModel):
    """``IntegrationWriteObject``: one object of the write action."""

    object_name: str = Field(min_length=1)
    """The provider object to write to."""
    inherit_mapping: bool | None = None
    """If true, the write object will inherit the mapping from the read object. If false, the
    write object will have no mapping."""
    value_defaults: ValueDefaultsArgs | None = None
    """Configuration to set default write values for object fields."""


class WriteArgs(SpecModel):
    """``IntegrationWrite``: the write action."""

    objects: list[MaybeUnknown[WriteObjectArgs]] | None = None
    """The objects to write (at least one; each objectName once)."""


class ProxyArgs(SpecModel):
    """``IntegrationProxy``: the proxy action."""

    enabled: bool | None = None
    """Whether the proxy action is enabled."""
    use_module: bool | None = None
    """Default is false. If this is set to true, the base URL for the proxy action will be the
    module's base URL. Otherwise, it is assumed that the base URL is the provider's root base
    URL."""


class CreateEventArgs(SpecModel):
    """``CreateEvent``: subscribe to records being created."""

    enabled: Always | None = None
    """If always, the integration will subscribe to create events by default."""


class UpdateEventArgs(SpecModel):
    """``UpdateEvent``: subscribe to records being updated."""

    enabled: Always | None = None
    """If always, the integration will subscribe to update events by default."""
    watch_fields_auto: Literal["all", "selected"] | None = None
    """If ``all``, the integration will watch all fields for updates. If ``selected``, the
    integration will watch only the fields that are selected by the user. If
    ``inheritFieldsAndMapping`` is true for Subscribe action, the integration will watch the
    selected fields from read action that are selected by the user."""
    required_watch_fields: list[MaybeUnknown[str]] | None = None
    """The fields that are required to be watched for updates (top-level names only)."""


class DeleteEventArgs(SpecModel):
    """``DeleteEvent``: subscribe to records being deleted."""

    enabled: Always | None = None
    """If always, the integration will subscribe to delete events by default."""


class AssociationChangeEventArgs(SpecModel):
    """``AssociationChangeEvent``: subscribe to changes of a record's associations."""

    enabled: Always | None = None
    """If always, the integration will subscribe to association change events."""
    include_full_records: bool | None = None
    """If true, the integration will include full records in the event payload."""


class SubscribeObjectArgs(SpecModel):
    """``IntegrationSubscribeObject``: one object of the subscribe action."""

    object_name: str = Field(min_length=1)
    """The provider object to subscribe to."""
    destination: str = Field(min_length=1)
    """The name of the destination that events are sent to."""
    inherit_fields_and_mapping: bool | None = Field(default=None, alias="inheritFieldsAndMapping")
    """If true, the integration will inherit the fields and mapping from the read object.
    Singular ``Mapping`` here; the installation config spells it ``...Mappings``."""
    create_event: CreateEventArgs | None = None
    """Create events."""
    update_event: UpdateEventArgs | None = None
    """Update events."""
    delete_event: DeleteEventArgs | None = None
    """Delete events."""
    association_change_event: AssociationChangeEventArgs | None = None
    """Association change events."""
    other_events: list[MaybeUnknown[str]] | None = None
    """Non-standard events that the integration will subscribe to, e.g. ``object.merged``."""


class SubscribeArgs(SpecModel):
    """``IntegrationSubscribe``: the subscribe action (requires a read action)."""

    objects: list[MaybeUnknown[SubscribeObjectArgs]] | None = None
    """The objects to subscribe to (at least one; each objectName once)."""


class FieldCreatedEventArgs(SpecModel):
    """``FieldCreatedEvent``: configuration for detecting when new fields are created."""

    enabled: Always
    """If always, the integration will monitor for new fields by default."""


class FieldDeletedEventArgs(SpecModel):
    """``FieldDeletedEvent``: configuration for detecting when fields are deleted."""

    enabled: Always
    """If always, the integration will monitor for deleted fields by default."""


class FieldChangedEventArgs(SpecModel):
    """``FieldChangedEvent``: configuration for detecting when fields are changed."""

    enabled: Always
    """If always, the integration will monitor for field changes by default."""


class WatchSchemaAllObjectsArgs(SpecModel):
    """``WatchSchemaAllObjects``: schema change events for all objects in the integration."""

    field_created: FieldCreatedEventArgs | None = None
    """Detect new fields."""
    field_deleted: FieldDeletedEventArgs | None = None
    """Detect deleted fields."""
    field_changed: FieldChangedEventArgs | None = None
    """Detect changed fields."""


class WatchSchemaArgs(SpecModel):
    """``WatchSchema``: configuration for monitoring provider schema changes."""

    destination: str = Field(min_length=1)
    """The destination to send schema change notifications to."""
    schedule: str | None = None
    """Cron schedule for checking schema changes. Minimum frequency is once per hour. Defaults
    to once a day (``0 */24 * * *``)."""
    all_objects: WatchSchemaAllObjectsArgs
    """Schema change event configuration for all objects in the integration."""


class IntegrationArgs(SpecModel):
    """``Integration``: one integration of a manifest, and the content of a revision.

    Example::

        IntegrationArgs(
            name="read-accounts",
            provider="salesforce",
            read=ReadArgs(objects=[ReadObjectArgs(
                object_name="account", destination="accountWebhook", schedule="*/15 * * * *",
                required_fields=[ExistingFieldArgs(field_name="name")],
            )]),
        )
    """

    name: str = Field(min_length=1)
    """A unique identifier for this integration within the project."""
    provider: str = Field(min_length=1)
    """The SaaS API that we are integrating with, e.g. ``salesforce``."""
    display_name: str | None = None
    """A human-readable name for the integration."""
    module: str | None = None
    """The provider module, e.g. ``crm`` for HubSpot."""
    read: ReadArgs | None = None
    """The read action."""
    write: WriteArgs | None = None
    """The write action."""
    proxy: ProxyArgs | None = None
    """The proxy action."""
    subscribe: SubscribeArgs | None = None
    """The subscribe action."""
    watch_schema: WatchSchemaArgs | None = None
    """Monitoring of provider schema changes."""


class ManifestArgs(SpecModel):
    """``Manifest``: a whole amp.yaml, the file that defines the integrations of a project."""

    spec_version: str
    """The version of the manifest spec that this file conforms to (only ``1.0.0``)."""
    integrations: list[MaybeUnknown[IntegrationArgs]]
    """The integrations (each name once)."""
