"""amp.yaml load/dump and the wire form."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pulumi.output import Unknown

from pulumi_ampersand.models import (
    IntegrationArgs,
    ManifestError,
    ReadArgs,
    ReadObjectArgs,
    SubscribeArgs,
    SubscribeObjectArgs,
    dump_manifest,
    load_manifest,
)
from pulumi_ampersand.models.shapes import to_wire

INTEGRATION = IntegrationArgs(
    name="crm",
    provider="salesforce",
    read=ReadArgs(
        objects=[ReadObjectArgs(object_name="account", destination="hook", schedule="0 * * * *")]
    ),
    subscribe=SubscribeArgs(
        objects=[
            SubscribeObjectArgs(
                object_name="account", destination="hook", inherit_fields_and_mapping=True
            )
        ]
    ),
)


def test_dump_is_camel_case_without_none_in_schema_order() -> None:
    text = dump_manifest([INTEGRATION])
    assert text.splitlines()[:4] == [
        "specVersion: 1.0.0",
        "integrations:",
        "- name: crm",
        "  provider: salesforce",
    ]
    document = yaml.safe_load(text)
    assert document["integrations"][0]["subscribe"]["objects"][0] == {
        "objectName": "account",
        "destination": "hook",
        "inheritFieldsAndMapping": True,
    }
    assert "null" not in text
    assert load_manifest(text) == {"crm": INTEGRATION}


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "amp.yaml"
    path.write_text(dump_manifest([INTEGRATION]), encoding="utf-8")
    assert load_manifest(path) == load_manifest(str(path)) == {"crm": INTEGRATION}
    with pytest.raises(OSError):
        load_manifest(str(tmp_path / "missing.yaml"))


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("specVersion: [", ""),
        ("- 1\n- 2\n", ""),
        ("", "integrations"),
        (
            "specVersion: 1.0.0\nintegrations:\n- {name: a, provider: p}\n- {name: a, provider: p,"
            " proxy: {enabled: true}}\n",
            "integrations[0]",
        ),
    ],
)
def test_load_errors_list_issues(text: str, path: str) -> None:
    with pytest.raises(ManifestError) as caught:
        load_manifest(text)
    assert path in [issue.path for issue in caught.value.issues]
    assert str(caught.value).startswith("invalid amp.yaml")


def test_duplicate_integration_names_are_rejected() -> None:
    text = dump_manifest([INTEGRATION, INTEGRATION])
    with pytest.raises(ManifestError) as caught:
        load_manifest(text)
    assert [issue.path for issue in caught.value.issues] == ["integrations[1].name"]


def test_to_wire_keeps_unknowns_where_objects_go() -> None:
    unknown = Unknown()
    model = IntegrationArgs.model_validate(
        {"name": "a", "provider": "p", "read": unknown, "write": {"objects": [unknown]}}
    )
    wire = to_wire(model)
    assert wire["read"] is unknown
    assert wire["write"]["objects"] == [unknown]
