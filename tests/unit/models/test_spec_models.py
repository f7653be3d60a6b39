"""The models against the schemas: every field, every alias, both spellings, Pulumi's numbers."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from pydantic.alias_generators import to_snake

from pulumi_ampersand import models
from pulumi_ampersand.models import (
    AssociationChangeEventArgs,
    BackfillArgs,
    CreateEventArgs,
    DefaultPeriodArgs,
    DeleteEventArgs,
    DeletionSettingsArgs,
    DeliveryArgs,
    DynamicMappingsInputEntryArgs,
    ExistingFieldArgs,
    FieldChangedEventArgs,
    FieldCreatedEventArgs,
    FieldDeletedEventArgs,
    FieldMappingArgs,
    FieldSettingArgs,
    FieldSettingDefaultArgs,
    InstallationBackfillArgs,
    InstallationConfigArgs,
    InstallationCreateEventArgs,
    InstallationDeleteEventArgs,
    InstallationProxyArgs,
    InstallationReadArgs,
    InstallationReadObjectArgs,
    InstallationSubscribeArgs,
    InstallationSubscribeObjectArgs,
    InstallationUpdateEventArgs,
    InstallationWriteArgs,
    InstallationWriteObjectArgs,
    IntegrationArgs,
    ManifestArgs,
    MappedValueArgs,
    ProxyArgs,
    QuotaOptimizationArgs,
    ReadArgs,
    ReadFilterArgs,
    ReadObjectArgs,
    SelectedValueDefaultArgs,
    SubscribeArgs,
    SubscribeObjectArgs,
    SubscribeProviderOptionsArgs,
    UpdateEventArgs,
    ValueDefaultsArgs,
    WatchSchemaAllObjectsArgs,
    WatchSchemaArgs,
    WriteArgs,
    WriteObjectArgs,
    check_installation_config,
    check_integration,
)
from tests.unit.models.models_testdata import SCHEMAS, load_yaml

MANIFEST_SCHEMAS: dict[str, type[BaseModel]] = {
    "Manifest": ManifestArgs,
    "Integration": IntegrationArgs,
    "IntegrationProxy": ProxyArgs,
    "IntegrationRead": ReadArgs,
    "IntegrationWrite": WriteArgs,
    "IntegrationSubscribe": SubscribeArgs,
    "IntegrationObject": ReadObjectArgs,
    "IntegrationWriteObject": WriteObjectArgs,
    "IntegrationSubscribeObject": SubscribeObjectArgs,
    "CreateEvent": CreateEventArgs,
    "UpdateEvent": UpdateEventArgs,
    "DeleteEvent": DeleteEventArgs,
    "AssociationChangeEvent": AssociationChangeEventArgs,
    "IntegrationFieldExistent": ExistingFieldArgs,
    "IntegrationFieldMapping": FieldMappingArgs,
    "Backfill": BackfillArgs,
    "DefaultPeriod": DefaultPeriodArgs,
    "Delivery": DeliveryArgs,
    "ValueDefaults": ValueDefaultsArgs,
    "WatchSchema": WatchSchemaArgs,
    "WatchSchemaAllObjects": WatchSchemaAllObjectsArgs,
    "FieldCreatedEvent": FieldCreatedEventArgs,
    "FieldDeletedEvent": FieldDeletedEventArgs,
    "FieldChangedEvent": FieldChangedEventArgs,
}

CONFIG_SCHEMAS: dict[str, type[BaseModel]] = {
    "ConfigContent": InstallationConfigArgs,
    "BaseProxyConfig": InstallationProxyArgs,
    "ReadConfig": InstallationReadArgs,
    "ReadConfigObject": InstallationReadObjectArgs,
    "WriteConfig": InstallationWriteArgs,
    "WriteConfigObject": InstallationWriteObjectArgs,
    "SubscribeConfig": InstallationSubscribeArgs,
    "SubscribeConfigObject": InstallationSubscribeObjectArgs,
    "SubscribeProviderOptions": SubscribeProviderOptionsArgs,
    "QuotaOptimizationConfig": QuotaOptimizationArgs,
    "ConfigCreateEvent": InstallationCreateEventArgs,
    "ConfigUpdateEvent": InstallationUpdateEventArgs,
    "ConfigDeleteEvent": InstallationDeleteEventArgs,
    "DeletionSettings": DeletionSettingsArgs,
    "BackfillConfig": InstallationBackfillArgs,
    "DefaultPeriodConfig": DefaultPeriodArgs,
    "ReadFilter": ReadFilterArgs,
    "FieldSetting": FieldSettingArgs,
    "FieldSettingDefault": FieldSettingDefaultArgs,
    "DynamicMappingsInputEntry": DynamicMappingsInputEntryArgs,
    "DynamicMappingsInputMappedValue": MappedValueArgs,
    "ValueDefaultString": SelectedValueDefaultArgs,
    "ValueDefaultInteger": SelectedValueDefaultArgs,
    "ValueDefaultBoolean": SelectedValueDefaultArgs,
}

# Spec-required fields made optional on purpose (see the module docstrings).
OPTIONAL_ON_PURPOSE = {
    ("IntegrationObject", "schedule"),
    ("ConfigContent", "provider"),
    ("ReadConfigObject", "selectedFields"),
    ("ReadConfigObject", "selectedFieldMappings"),
}


def _schemas(document: str) -> dict[str, Any]:
    schemas: dict[str, Any] = load_yaml(SCHEMAS / document)["components"]["schemas"]
    return schemas


def _resolve(schemas: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a schema, through ``allOf`` and local ``$ref``s."""
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return {}, set()
        return _resolve(schemas, schemas[ref.rsplit("/", 1)[1]])
    properties = dict(schema.get("properties") or {})
    required = set(schema.get("required") or [])
    for part in schema.get("allOf") or []:
        more, more_required = _resolve(schemas, part)
        properties = {**more, **properties}
        required |= more_required
    return properties, required


def _wire_fields(model: type[BaseModel]) -> dict[str, bool]:
    return {
        (field.alias or name): field.is_required() for name, field in model.model_fields.items()
    }


def _reachable(schemas: dict[str, Any], root: str) -> set[str]:
    """Names of object schemas reachable from ``root`` through local ``$ref``s."""
    seen: set[str] = set()
    pending = [root]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        pending += [ref.rsplit("/", 1)[1] for ref in _refs(schemas[name]) if ref.startswith("#/")]
    return {name for name in seen if _resolve(schemas, schemas[name])[0]}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


@pytest.mark.parametrize(
    ("document", "table", "root"),
    [
        ("manifest/manifest.yaml", MANIFEST_SCHEMAS, "Manifest"),
        ("config/config.yaml", CONFIG_SCHEMAS, "ConfigContent"),
    ],
)
def test_every_schema_and_field_is_modelled(
    document: str, table: dict[str, type[BaseModel]], root: str
) -> None:
    schemas = _schemas(document)
    # Every object reachable from the root is modelled (Base* parts are merged into allOf).
    reachable = {name for name in _reachable(schemas, root) if not name.startswith("Base")}
    assert reachable <= set(table), reachable - set(table)
    for name, model in table.items():
        properties, required = _resolve(schemas, schemas[name])
        fields = _wire_fields(model)
        assert set(properties) == set(fields), name
        for prop in properties:
            spec_required = prop in required and (name, prop) not in OPTIONAL_ON_PURPOSE
            assert fields[prop] == spec_required, (name, prop)


@pytest.mark.parametrize(
    "model",
    [model for model in {*MANIFEST_SCHEMAS.values(), *CONFIG_SCHEMAS.values()}],
    ids=lambda model: model.__name__,
)
def test_python_names_are_the_snake_case_of_wire_names(model: type[BaseModel]) -> None:
    for name, field in model.model_fields.items():
        assert to_snake(field.alias or name) == name
        assert field.description, (model.__name__, name)
    assert model.__doc__


def test_field_docstrings_reach_the_json_schema() -> None:
    """Descriptions are set before pydantic builds the schema (``models._docstrings``)."""
    schema = IntegrationArgs.model_json_schema(by_alias=True)
    schedule = schema["$defs"]["ReadObjectArgs"]["properties"]["schedule"]
    assert schedule["description"].startswith("How often to read, in 5-field cron syntax")
    assert "\n    " not in schedule["description"]  # cleaned like any docstring


def test_trap_aliases() -> None:
    manifest = SubscribeObjectArgs.model_fields["inherit_fields_and_mapping"]
    config = InstallationSubscribeObjectArgs.model_fields["inherit_fields_and_mappings"]
    assert manifest.alias == "inheritFieldsAndMapping"
    assert config.alias == "inheritFieldsAndMappings"
    dumped = SubscribeObjectArgs(
        object_name="a", destination="d", inherit_fields_and_mapping=True
    ).model_dump(by_alias=True, exclude_none=True)
    assert dumped == {"objectName": "a", "destination": "d", "inheritFieldsAndMapping": True}
    with pytest.raises(ValidationError):
        SubscribeObjectArgs.model_validate(
            {"objectName": "a", "destination": "d", "inheritFieldsAndMappings": True}
        )
    with pytest.raises(ValidationError):
        InstallationSubscribeObjectArgs.model_validate(
            {"objectName": "a", "destination": "d", "inheritFieldsAndMapping": True}
        )


CAMEL: dict[str, Any] = {
    "name": "n",
    "provider": "salesforce",
    "displayName": "N",
    "read": {
        "objects": [
            {
                "objectName": "account",
                "destination": "hook",
                "schedule": "*/30 * * * *",
                "requiredFields": [{"fieldName": "name", "mapToName": "title"}],
                "optionalFieldsAuto": "all",
                "backfill": {"defaultPeriod": {"days": 30.0}},
                "delivery": {"mode": "onRequest", "pageSize": 100.0},
            }
        ]
    },
    "subscribe": {
        "objects": [
            {
                "objectName": "account",
                "destination": "hook",
                "inheritFieldsAndMapping": True,
                "updateEvent": {"enabled": "always", "requiredWatchFields": ["name"]},
            }
        ]
    },
    "watchSchema": {"destination": "hook", "allObjects": {"fieldCreated": {"enabled": "always"}}},
}
SNAKE: dict[str, Any] = {
    "name": "n",
    "provider": "salesforce",
    "display_name": "N",
    "read": {
        "objects": [
            {
                "object_name": "account",
                "destination": "hook",
                "schedule": "*/30 * * * *",
                "required_fields": [{"field_name": "name", "map_to_name": "title"}],
                "optional_fields_auto": "all",
                "backfill": {"default_period": {"days": 30}},
                "delivery": {"mode": "onRequest", "page_size": 100},
            }
        ]
    },
    "subscribe": {
        "objects": [
            {
                "object_name": "account",
                "destination": "hook",
                "inherit_fields_and_mapping": True,
                "update_event": {"enabled": "always", "required_watch_fields": ["name"]},
            }
        ]
    },
    "watch_schema": {
        "destination": "hook",
        "all_objects": {"field_created": {"enabled": "always"}},
    },
}


def test_snake_and_camel_input_give_the_same_model() -> None:
    from_camel, camel_issues = check_integration(CAMEL)
    from_snake, snake_issues = check_integration(SNAKE)
    assert camel_issues == snake_issues == []
    assert from_camel == from_snake
    assert from_camel is not None
    read = from_camel.read
    assert read is not None and read.objects is not None
    backfill = read.objects[0].backfill
    assert backfill is not None
    assert backfill.default_period.days == 30
    assert isinstance(backfill.default_period.days, int)


def test_ints_as_floats_accepted_but_fractions_rejected() -> None:
    assert DeliveryArgs.model_validate({"mode": "onRequest", "pageSize": 50.0}).page_size == 50
    _, issues = check_integration(
        {
            **SNAKE,
            "read": {
                "objects": [
                    {**SNAKE["read"]["objects"][0], "backfill": {"default_period": {"days": 30.5}}}
                ]
            },
        }
    )
    assert [issue.path for issue in issues] == ["read.objects[0].backfill.default_period.days"]
    setting = FieldSettingDefaultArgs.model_validate({"integerValue": 7.0})
    assert setting.integer_value == 7
    assert (
        ReadFilterArgs.model_validate({"fieldName": "a", "operator": "eq", "value": 3.0}).value == 3
    )


def test_unknown_keys_rejected_with_their_path_in_both_styles() -> None:
    data = {**CAMEL, "read": {"objects": [{**CAMEL["read"]["objects"][0], "scheduel": "x"}]}}
    _, python_issues = check_integration(data)
    _, wire_issues = check_integration(data, style="wire")
    assert [issue.path for issue in python_issues] == ["read.objects[0].scheduel"]
    assert [issue.path for issue in wire_issues] == ["read.objects[0].scheduel"]
    _, issues = check_installation_config(
        {"read": {"objects": {"account": {"selected_fields": {}, "selectedFeilds": {}}}}}
    )
    assert [issue.path for issue in issues] == ["read.objects.account.selectedFeilds"]


def test_field_oneof() -> None:
    existing, mapping = (
        ReadObjectArgs.model_validate(
            {
                "objectName": "a",
                "destination": "d",
                "optionalFields": [{"fieldName": "x"}, {"mapToName": "y", "prompt": "Pick one"}],
            }
        ).optional_fields
        or []
    )
    assert isinstance(existing, ExistingFieldArgs)
    assert isinstance(mapping, FieldMappingArgs)
    _, issues = check_integration(
        {
            **CAMEL,
            "read": {
                "objects": [
                    {
                        **CAMEL["read"]["objects"][0],
                        "requiredFields": [
                            {"fieldName": "x", "prompt": "p"},
                            {"prompt": "p"},
                            "name",
                        ],
                    }
                ]
            },
        },
        style="wire",
    )
    assert [issue.path for issue in issues] == [
        "read.objects[0].requiredFields[0].prompt",
        "read.objects[0].requiredFields[1].mapToName",
        "read.objects[0].requiredFields[2]",
    ]


def test_config_object_name_is_filled_from_its_key() -> None:
    config, issues = check_installation_config(
        {
            "read": {"objects": {"account": {"selectedFieldsAuto": "all"}}},
            "write": {"objects": {"contact": {}}},
            "subscribe": {
                "objects": {"lead": {"destination": "d", "inheritFieldsAndMappings": True}}
            },
        }
    )
    assert issues == []
    assert config is not None and config.read and config.write and config.subscribe
    assert config.read.objects["account"].object_name == "account"
    assert (config.write.objects or {})["contact"].object_name == "contact"
    assert config.subscribe.objects["lead"].object_name == "lead"


def test_every_public_name_is_exported_sorted() -> None:
    assert models.__all__ == sorted(models.__all__)
    assert all(hasattr(models, name) for name in models.__all__)
