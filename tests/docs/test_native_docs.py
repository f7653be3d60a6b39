"""The YAML programs of docs/native-provider.md use only what the schema declares."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from pulumi_ampersand.native.schema import SCHEMA_PATH
from tests.support.checkout import ROOT

PAGE = ROOT / "docs" / "native-provider.md"
YAML_BLOCK = re.compile(r"^```yaml\n(?P<code>.*?)^```$", re.MULTILINE | re.DOTALL)
SCHEMA = json.loads(SCHEMA_PATH.read_text())


def programs() -> list[dict[str, Any]]:
    blocks = [yaml.safe_load(m.group("code")) for m in YAML_BLOCK.finditer(PAGE.read_text())]
    return [block for block in blocks if block.get("runtime") == "yaml"]


def unknown_keys(value: Any, spec: dict[str, Any], path: str) -> list[str]:
    """Paths of the keys of ``value`` that the schema type ``spec`` does not declare."""
    if "$ref" in spec and spec["$ref"].startswith("#/types/"):
        spec = SCHEMA["types"][spec["$ref"].removeprefix("#/types/")]
    if isinstance(value, str) and value.startswith("${"):
        return []  # an interpolation: its type is the engine's business
    if "properties" in spec and isinstance(value, dict):
        return [
            problem
            for key, item in value.items()
            for problem in (
                unknown_keys(item, spec["properties"][key], f"{path}.{key}")
                if key in spec["properties"]
                else [f"{path}.{key}"]
            )
        ]
    if spec.get("type") == "array" and isinstance(value, list):
        return [
            p for i, v in enumerate(value) for p in unknown_keys(v, spec["items"], f"{path}[{i}]")
        ]
    if "additionalProperties" in spec and isinstance(value, dict):
        inner = spec["additionalProperties"]
        return [p for k, v in value.items() for p in unknown_keys(v, inner, f"{path}.{k}")]
    if "oneOf" in spec:
        options = [unknown_keys(value, option, path) for option in spec["oneOf"]]
        return min(options, key=len)
    return []


def test_the_page_has_a_yaml_program_with_both_resources_and_a_function() -> None:
    (program,) = programs()
    types = {resource["type"] for resource in program["resources"].values()}
    assert types == {"ampersand:index:Integration", "ampersand:index:Installation"}
    invoked = [v["fn::invoke"]["function"] for v in program.get("variables", {}).values()]
    assert invoked and set(invoked) <= set(SCHEMA["functions"])


def test_every_property_of_the_yaml_program_is_in_the_schema() -> None:
    for program in programs():
        for name, resource in program["resources"].items():
            spec = SCHEMA["resources"][resource["type"]]
            inputs = {"properties": spec["inputProperties"]}
            assert unknown_keys(resource["properties"], inputs, name) == []
            missing = set(spec.get("requiredInputs", [])) - set(resource["properties"])
            assert not missing, f"{name} lacks {missing}"
