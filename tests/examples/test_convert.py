"""``python -m pulumi_ampersand.convert`` and ``Integration(name, args)`` on every valid fixture.

The fixtures are ../shared/amp-yaml-validator/testdata/{valid,examples}. Four "valid" files do
not pass the schema (no ``name``; installation-config keys in manifest read objects, see
tests/unit/models/test_validator_fixtures.py); they are converted after the same minimal repair
(the file's stem as ``name``, ``selectedFields``/``selectedFieldMappings`` dropped). One cannot be
repaired without changing what it asks for: the converter refuses it, and a test asserts exactly
what it reports.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import pulumi_ampersand as amp
from pulumi_ampersand import models
from pulumi_ampersand.convert import convert, render_program
from pulumi_ampersand.emulator import EmulatorServer
from pulumi_ampersand.models import IntegrationArgs, canonical_integration
from tests.examples.helpers import assert_nothing_left, deploy_amp_yaml, integrations, stack
from tests.support.checkout import ROOT, SHARED
from tests.support.mocks import INTEGRATION, run_program

TESTDATA = SHARED / "amp-yaml-validator" / "testdata"
ALL_FIXTURES = sorted((TESTDATA / "valid").glob("*.yaml")) + sorted(
    (TESTDATA / "examples").glob("*.yaml")
)
#: fixture -> the issue paths the converter reports. '*/5 * * * *' breaks the ERROR rule
#: schedule-minimum-interval (the amp:ignore directives cannot waive it), and any repair would
#: change the schedule the file asks for.
UNREPAIRABLE = {
    "directives-example.yaml": [
        "integrations[0].read.objects[0].schedule",
        "integrations[0].read.objects[2].schedule",
    ],
}
FIXTURES = [path for path in ALL_FIXTURES if path.name not in UNREPAIRABLE]
CONFIG_ONLY_KEYS = ("selectedFields", "selectedFieldMappings")


def repaired(path: Path) -> str:
    """The fixture's YAML text, minimally repaired when it deviates from the schema."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    changed = False
    for integration in data["integrations"]:
        if "name" not in integration:
            integration["name"], changed = path.stem, True
        for obj in (integration.get("read") or {}).get("objects") or []:
            for key in CONFIG_ONLY_KEYS:
                changed = obj.pop(key, None) is not None or changed
    return yaml.safe_dump(data, sort_keys=False) if changed else text


def canonical_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    content = {k: v for k, v in inputs.items() if k in IntegrationArgs.model_fields}
    return canonical_integration(IntegrationArgs.model_validate(content))


@pytest.fixture(params=FIXTURES, ids=lambda path: path.name)
def fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    copy = tmp_path / request.param.name
    copy.write_text(repaired(request.param), encoding="utf-8")
    return copy


def test_program_is_ruff_formatted_and_clean(fixture: Path, tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(convert(fixture, adopt=True, protect=True))
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    config = ["--config", str(ROOT / "pyproject.toml")]
    formatted = subprocess.run(
        [ruff, "format", "--diff", *config, str(program)], capture_output=True, text=True
    )
    assert formatted.returncode == 0, formatted.stdout
    linted = subprocess.run([ruff, "check", *config, str(program)], capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout


def test_program_declares_exactly_the_manifest(fixture: Path) -> None:
    manifest = amp.load_manifest(fixture)
    recorded = run_program(convert(fixture), str(fixture)).inputs(INTEGRATION)
    assert set(recorded) == set(manifest)
    for name, args in manifest.items():
        assert recorded[name]["name"] == name
        assert canonical_inputs(recorded[name]) == canonical_integration(args)


def test_integration_takes_load_manifest_output_as_args(fixture: Path) -> None:
    """``amp.Integration(name, args)`` registers the same inputs as the converted program."""
    converted = run_program(convert(fixture)).inputs(INTEGRATION)
    loaded = run_program(
        "import pulumi_ampersand as amp\n"
        f"for name, args in amp.load_manifest({str(fixture)!r}).items():\n"
        "    amp.Integration(name, args)\n"
    ).inputs(INTEGRATION)
    assert loaded == converted


@pytest.mark.parametrize("name", sorted(UNREPAIRABLE))
def test_an_unrepairable_fixture_is_refused_with_every_issue(name: str, tmp_path: Path) -> None:
    (path,) = [fixture for fixture in ALL_FIXTURES if fixture.name == name]
    with pytest.raises(models.ManifestError) as caught:
        convert(path)
    assert [issue.path for issue in caught.value.issues] == UNREPAIRABLE[name]
    for issue in caught.value.issues:
        assert issue.message == (
            "'*/5 * * * *' runs as often as every 5 minute(s); runs must be at least 10 minutes "
            "apart, e.g. '*/10 * * * *'."
        )
    out = tmp_path / "__main__.py"
    module = [sys.executable, "-m", "pulumi_ampersand.convert", str(path), "-o", str(out)]
    failed = subprocess.run(module, capture_output=True, text=True)
    assert failed.returncode == 1
    assert all(issue_path in failed.stderr for issue_path in UNREPAIRABLE[name])
    assert not out.exists()  # nothing half-written


def test_adopt_and_protect_options() -> None:
    text = (TESTDATA / "valid" / "minimal.yaml").read_text()
    plain, both = convert(text), convert(text, adopt=True, protect=True)
    assert "adopt=" not in plain and "protect" not in plain
    assert "    adopt=True,\n    opts=pulumi.ResourceOptions(protect=True),\n" in both


def test_names_become_distinct_identifiers() -> None:
    base = models.IntegrationArgs(
        name="x", provider="salesforce", proxy=models.ProxyArgs(enabled=True)
    )
    names = ["class", "Class", "2nd-one", "crm sync", "pulumi", "fullFeatured"]
    program = render_program([base.model_copy(update={"name": name}) for name in names])
    compile(program, "<program>", "exec")
    for variable in (
        "class_ =",
        "class__2 =",
        "integration_2nd_one =",
        "crm_sync =",
        "pulumi_ =",
        "full_featured =",
    ):
        assert variable in program
    assert set(run_program(program).inputs(INTEGRATION)) == set(names)


def test_command_line(tmp_path: Path) -> None:
    minimal = TESTDATA / "valid" / "minimal.yaml"
    module = [sys.executable, "-m", "pulumi_ampersand.convert"]
    printed = subprocess.run([*module, str(minimal)], capture_output=True, text=True, check=True)
    assert printed.stdout == convert(minimal)
    out = tmp_path / "__main__.py"
    subprocess.run([*module, str(minimal), "--adopt", "-o", str(out)], check=True)
    assert out.read_text() == convert(minimal, adopt=True)

    invalid = TESTDATA / "invalid" / "schedule-too-frequent.yaml"
    failed = subprocess.run([*module, str(invalid)], capture_output=True, text=True)
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert "integrations[0].read.objects[0].schedule" in failed.stderr


@pytest.mark.e2e
def test_converted_program_deploys_what_amp_deploy_deploys(
    tmp_path: Path, emulator: EmulatorServer, pulumi_bin: Path
) -> None:
    """All fixtures in one amp.yaml: posted as YAML to one project, converted and deployed by
    Pulumi to another; every integration's revision content is the same (canonical form)."""
    documents = [yaml.safe_load(repaired(path)) for path in FIXTURES]
    combined = {"specVersion": "1.0.0", "integrations": []}
    for document in documents:
        for integration in document["integrations"]:
            if integration["name"] not in {i["name"] for i in combined["integrations"]}:
                combined["integrations"].append(integration)
    source = yaml.safe_dump(combined, sort_keys=False)
    names = {integration["name"] for integration in combined["integrations"]}
    assert len(names) >= 6

    deploy_amp_yaml(emulator, source, project="from-yaml")
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: converted\nruntime: python\n")
    (project / "amp.yaml").write_text(source)
    (project / "__main__.py").write_text(convert(project / "amp.yaml"))
    converted = stack(project, tmp_path / "state", emulator, pulumi_bin, project="converted")
    converted.up()
    outputs = converted.outputs()

    direct, deployed = integrations(emulator, "from-yaml"), integrations(emulator, "converted")
    assert set(direct) == set(deployed) == set(outputs["integration_ids"]) == names
    for name in names:
        assert outputs["integration_ids"][name] == deployed[name]["id"]
        assert outputs["revision_ids"][name] == deployed[name]["latestRevision"]["id"]
        assert deployed[name]["provider"] == direct[name]["provider"]
        live = [
            canonical_integration(IntegrationArgs.model_validate(i["latestRevision"]["content"]))
            for i in (direct[name], deployed[name])
        ]
        assert live[0] == live[1], name
    converted.preview(expect_no_changes=True)
    converted.destroy()
    assert_nothing_left(emulator, "converted")
