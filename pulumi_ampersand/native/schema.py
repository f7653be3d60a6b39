"""The Pulumi package schema, derived from the resource shapes (and so from the pydantic models).

``python -m pulumi_ampersand.native.schema`` rewrites the checked-in ``schema.json``; a test
regenerates it and compares. The plugin serves the checked-in file, so ``pulumi package
get-schema`` prints exactly what is in the repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from .._version import __version__
from .functions import FUNCTIONS
from .resources import PACKAGE, RESOURCES
from .shapes import Prop, fields_of, is_model, models_in, strip, union_models

__all__ = ["SCHEMA_PATH", "build_schema", "load_schema_text", "main"]

SCHEMA_PATH = Path(__file__).with_name("schema.json")
_ANY = {"$ref": "pulumi.json#/Any"}
_SCALARS = {str: "string", bool: "boolean", int: "integer", float: "number"}
_CONFIG = (
    Prop(
        "api_key", "apiKey", str, description="The Ampersand API key (`AMP_API_KEY`).", secret=True
    ),
    Prop("project_id", "projectId", str, description="The default project (`AMP_PROJECT_ID`)."),
    Prop("api_url", "apiUrl", str, description="The API root URL (`AMP_API_URL`)."),
    Prop(
        "request_timeout",
        "requestTimeout",
        float,
        description="Seconds one HTTP attempt may take (`AMP_REQUEST_TIMEOUT`).",
    ),
    Prop(
        "retry_deadline",
        "retryDeadline",
        float,
        description="Seconds after which no retry starts (`AMP_RETRY_DEADLINE`).",
    ),
)


def type_token(model: type) -> str:
    """The schema token of a model's object type: ``ampersand:index:ReadObject``."""
    return f"{PACKAGE}:index:{model.__name__.removesuffix('Args')}"


def type_spec(annotation: Any) -> dict[str, Any]:
    """The schema type of a field annotation."""
    annotation = strip(annotation)
    origin = get_origin(annotation)
    if annotation in _SCALARS:
        return {"type": _SCALARS[annotation]}
    if origin is Literal:
        kinds = {type(v) for v in get_args(annotation)}
        return {"type": _SCALARS[kinds.pop()]} if len(kinds) == 1 else dict(_ANY)
    if is_model(annotation):
        return {"$ref": f"#/types/{type_token(annotation)}"}
    if origin is list:
        return {"type": "array", "items": type_spec(get_args(annotation)[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": type_spec(get_args(annotation)[1])}
    branches = union_models(annotation)
    if branches:
        return {"oneOf": [type_spec(b) for b in branches]}
    return dict(_ANY)


def _property(prop: Prop) -> dict[str, Any]:
    spec = type_spec(prop.annotation)
    if prop.description:
        spec["description"] = _markdown(prop.description)
    if prop.secret:
        spec["secret"] = True
    return spec


def _markdown(text: str) -> str:
    """A docstring's reStructuredText literals as the schema's Markdown ones."""
    return text.replace("``", "`")


def _properties(props: tuple[Prop, ...] | list[Prop]) -> dict[str, Any]:
    return {p.native: _property(p) for p in props}


def _required(props: tuple[Prop, ...] | list[Prop]) -> list[str]:
    return [p.native for p in props if p.required]


def _object_types() -> dict[str, Any]:
    types: dict[str, Any] = {}
    roots = [p.annotation for r in RESOURCES.values() for p in r.shape.inputs]
    roots += [p.annotation for f in FUNCTIONS.values() for p in f.result]
    for root in roots:
        for model in models_in(root):
            props = list(fields_of(model).values())
            types[type_token(model)] = {
                "type": "object",
                "description": _markdown((model.__doc__ or "").strip().split("\n\n")[0]),
                "properties": _properties(props),
                "required": _required(props),
            }
    return dict(sorted(types.items()))


def _without_empty_required(node: Any) -> Any:
    """The schema with no empty ``required`` lists, as ``pulumi package get-schema`` prints it."""
    if isinstance(node, dict):
        return {
            key: _without_empty_required(value)
            for key, value in node.items()
            if not (key in ("required", "requiredInputs") and value == [])
        }
    return node


def build_schema() -> dict[str, Any]:
    """The package schema as a dict."""
    resources = {}
    for token, resource in RESOURCES.items():
        inputs, outputs = resource.shape.inputs, resource.shape.outputs
        every = (*inputs, *outputs)
        resources[token] = {
            "description": resource.description,
            "inputProperties": _properties(inputs),
            "requiredInputs": _required(inputs),
            "properties": _properties(every),
            "required": [p.native for p in every if p.name in resource.always_set],
        }
    schema: dict[str, Any] = _without_empty_required(
        {
            "name": PACKAGE,
            "displayName": "Ampersand",
            "version": __version__,
            "description": "Manage Ampersand integrations and installations as code.",
            "homepage": "https://www.withampersand.com",
            "license": "Apache-2.0",
            "config": {"variables": _properties(_CONFIG)},
            "provider": {"inputProperties": _properties(_CONFIG)},
            "types": _object_types(),
            "resources": resources,
            "functions": {token: f.spec(_properties) for token, f in FUNCTIONS.items()},
            "language": {
                "python": {"packageName": "pulumi_ampersand_sdk"},
                "nodejs": {"packageName": "@pulumi-ampersand/ampersand"},
                "go": {"importBasePath": "github.com/pulumi-ampersand/sdk/go/ampersand"},
                "csharp": {"rootNamespace": "PulumiAmpersand"},
            },
        }
    )
    return schema


def render(schema: dict[str, Any]) -> str:
    """The schema as the checked-in text."""
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def load_schema_text() -> str:
    """The checked-in schema, as the plugin serves it."""
    return SCHEMA_PATH.read_text(encoding="utf-8")


def main() -> None:
    """Rewrite ``schema.json`` from the models."""
    SCHEMA_PATH.write_text(render(build_schema()), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_PATH}\n")


if __name__ == "__main__":
    main()
