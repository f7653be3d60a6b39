"""Wrong inputs through the real pulumi CLI: every problem of every resource at the preview, each
with its snake_case property path, and neither a traceback nor a camelCase alias."""

from __future__ import annotations

import re

import pytest
from pulumi import automation as auto

from pulumi_ampersand.models.check import _all_wire_names
from tests.support.stacks import Project, calls_since, mark

INTEGRATION = """
import pulumi_ampersand as amp

amp.Integration(
    "crm",
    provider="salesforce",
    display_name=7,
    read=amp.ReadArgs(objects=[
        amp.ReadObjectArgs(
            object_name="account", destination="hook", schedule="* * * * *",
            delivery=amp.DeliveryArgs(mode="onRequest", page_size="many"),
        ),
        {"object_name": "contact", "destination": "hook", "optional_fields_auto": "some",
         "requiredFields": [{"fieldNmae": "email"}]},
    ]),
)
"""
INTEGRATION_PATHS = {
    "display_name": "Input should be a valid string",
    "read.objects[0].schedule": "The minute field must not be '*'",
    "read.objects[0].delivery.page_size": "Input should be a valid integer",
    "read.objects[1].optional_fields_auto": "Input should be 'all'",
    "read.objects[1].required_fields[0].fieldNmae": "did you mean 'field_name'?",
}
INSTALLATION = """
import pulumi_ampersand as amp

amp.Installation(
    "acme",
    integration_id="int-1",
    group_ref="",
    config={"read": {"objects": {"account": {"schedule": "* * * * *", "disabled": "sometimes"}}},
            "proxy": {"enabeld": True}},
)
"""
INSTALLATION_PATHS = {
    "group_ref": "Must not be empty",
    "config.read.objects.account.schedule": "The minute field must not be '*'",
    "config.read.objects.account.disabled": "Input should be a valid boolean",
    "config.proxy.enabeld": "did you mean 'enabled'?",
}
CAMEL_CASE_WORD = re.compile(r"\b[a-z]+[A-Z]\w*\b")


@pytest.mark.parametrize(
    ("program", "problems"),
    [(INTEGRATION, INTEGRATION_PATHS), (INSTALLATION, INSTALLATION_PATHS)],
    ids=["integration", "installation"],
)
def test_a_preview_reports_every_wrong_value_with_its_path(
    project: Project, program: str, problems: dict[str, str]
) -> None:
    project.write(program)
    start = mark(project.emulator)
    with pytest.raises(auto.CommandError) as failure:
        project.stack.preview()
    output = str(failure.value)
    for path, reason in problems.items():
        # The engine's line for a CheckFailure: "property <path> value {...} has a problem: ..."
        line = rf"property {re.escape(path)} value .* has a problem: [^\n]*{re.escape(reason)}"
        assert re.search(line, output), f"{path}: {reason!r} missing from:\n{output}"
    assert "Traceback" not in output and "ValidationError" not in output
    assert set(CAMEL_CASE_WORD.findall(output)) & _all_wire_names() == set()
    assert calls_since(project.emulator, start) == []
