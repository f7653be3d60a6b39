"""Request validation: the emulator's own checks of request shapes, and the revision content
checked with the package's schema (``models.check``; docs/emulator.md says why).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from ..models.check import check_integration, check_manifest
from .entities import JsonObject, StoredIntegration, StoredRevision
from .errors import ProblemInputValidation, ProblemIssue

ACTIONS = ("read", "write", "subscribe")
# Read-object fields the server copies from the revision when an installation omits them.
FILLED_READ_FIELDS = ("schedule", "destination", "backfill")
# Credential fields of GenerateConnectionRequest, and the authScheme each gives.
AUTH_SCHEMES = {
    "apiKey": "apiKey",
    "basicAuth": "basic",
    "oauth2ClientCredentials": "oauth2/clientCredentials",
    "oauth2PasswordCredentials": "oauth2/password",
    "oauth2AuthorizationCode": "oauth2/authorizationCode",
    # Custom auth has no authScheme of its own in the spec's enum.
    "customAuth": "none",
}
REQUIRED_CREDENTIAL_FIELDS = {
    "basicAuth": ("username", "password"),
    "oauth2ClientCredentials": ("clientId", "clientSecret"),
    "oauth2PasswordCredentials": ("username", "password", "clientId", "clientSecret"),
}


def validate_revision_content(content: Mapping[str, Any], prefix: str) -> list[ProblemIssue]:
    """Issues in revision content (a manifest ``Integration``), at paths under ``prefix``."""
    _, found = check_integration(content, style="wire")
    return [ProblemIssue(join_path(prefix, issue.path), issue.message) for issue in found]


def validate_manifest(manifest: Mapping[str, Any]) -> list[ProblemIssue]:
    _, found = check_manifest(manifest, style="wire")
    return [ProblemIssue(issue.path or "sourceYaml", issue.message) for issue in found]


def source_manifest(body: Any) -> Mapping[str, Any]:
    """The amp.yaml manifest of a ``{sourceYaml | sourceZipUrl}`` body."""
    body = request_body(body)
    has_yaml, has_zip = body.get("sourceYaml") is not None, body.get("sourceZipUrl") is not None
    if has_yaml == has_zip:
        detail = "Provide exactly one of sourceYaml or sourceZipUrl."
        raise ProblemInputValidation(detail, [ProblemIssue("sourceYaml", detail)])
    if has_zip:
        detail = "The emulator cannot download zip archives; send sourceYaml instead."
        raise ProblemInputValidation(detail, [ProblemIssue("sourceZipUrl", detail)])
    source = body["sourceYaml"]
    try:
        manifest = yaml.safe_load(source) if isinstance(source, str) else None
    except yaml.YAMLError as exc:
        detail = f"sourceYaml is not valid YAML: {exc}"
        raise ProblemInputValidation(detail, [ProblemIssue("sourceYaml", detail)]) from exc
    if not isinstance(manifest, Mapping):
        detail = "sourceYaml must be an amp.yaml document: specVersion and integrations."
        raise ProblemInputValidation(detail, [ProblemIssue("sourceYaml", detail)])
    return manifest


def content_issues(
    content: Mapping[str, Any], integration: StoredIntegration, revision: StoredRevision
) -> list[ProblemIssue]:
    """422 issues of a whole installation config content against the revision."""
    prefix = "config.content"
    provider = content.get("provider")
    if provider is None:
        return [ProblemIssue(f"{prefix}.provider", "Required: the integration's provider.")]
    if provider != integration.provider:
        return [
            ProblemIssue(
                f"{prefix}.provider",
                f"Must be the integration's provider {integration.provider!r}.",
            )
        ]
    issues: list[ProblemIssue] = []
    for action in ACTIONS:
        block = content.get(action)
        if block is None:
            continue
        objects = block.get("objects") if isinstance(block, Mapping) else None
        path = f"{prefix}.{action}.objects"
        if not isinstance(objects, Mapping):
            issues.append(ProblemIssue(path, "Required: a map of object names to objects."))
            continue
        for name, obj in objects.items():
            issues += object_issues(action, name, obj, revision, key_path(path, name))
    proxy = content.get("proxy")
    if proxy is not None and not (
        isinstance(proxy, Mapping) and isinstance(proxy.get("enabled", False), bool)
    ):
        issues.append(ProblemIssue(f"{prefix}.proxy", "Must be an object with a boolean enabled."))
    return issues


def object_issues(
    action: str, name: str, obj: Any, revision: StoredRevision, path: str
) -> list[ProblemIssue]:
    if not isinstance(obj, Mapping):
        return [ProblemIssue(path, "Must be an object.")]
    object_name = obj.get("objectName")
    if object_name is not None and object_name != name:
        return [ProblemIssue(f"{path}.objectName", f"Must equal its key {name!r}.")]
    if name not in revision_object_names(revision.content, action):
        return [
            ProblemIssue(
                path,
                f"Object {name!r} is not in the {action} action of the integration's latest "
                f"revision {revision.id}.",
            )
        ]
    return []


def credential_issues(kind: str, credential: Any) -> list[ProblemIssue]:
    if kind == "apiKey":
        return (
            []
            if isinstance(credential, str) and credential
            else [ProblemIssue(kind, "Must be a non-empty string.")]
        )
    if not isinstance(credential, Mapping):
        return [ProblemIssue(kind, "Must be an object.")]
    if kind == "oauth2AuthorizationCode":
        tokens = [credential.get(t) for t in ("accessToken", "refreshToken")]
        if not any(isinstance(t, Mapping) and isinstance(t.get("token"), str) for t in tokens):
            return [ProblemIssue(kind, "Provide accessToken.token or refreshToken.token.")]
        return []
    return [
        ProblemIssue(f"{kind}.{name}", "Required.")
        for name in REQUIRED_CREDENTIAL_FIELDS.get(kind, ())
        if not isinstance(credential.get(name), str)
    ]


def request_body(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise ProblemInputValidation(
            "The request body must be a JSON object.",
            [ProblemIssue("", "Expected a JSON object.")],
            status=400,
        )
    return body


def require_mapping(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProblemInputValidation(
            f"{name} must be an object.", [ProblemIssue(name, "Expected an object.")], status=400
        )
    return value


def string_field(
    body: Mapping[str, Any],
    key: str,
    path: str,
    issues: list[ProblemIssue],
    *,
    required: bool = True,
) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            issues.append(ProblemIssue(path, "Required."))
        return None
    if not isinstance(value, str) or not value:
        issues.append(ProblemIssue(path, "Must be a non-empty string."))
        return None
    return value


def require_text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemInputValidation(
            f"{name}: expected a non-empty string.",
            [ProblemIssue(name, "Must be a non-empty string.")],
            status=400,
        )
    return value


def provider_change(path: str, integration: StoredIntegration) -> ProblemIssue:
    return ProblemIssue(
        path,
        f"Integration {integration.name!r} has provider {integration.provider!r}; a provider "
        "cannot change (create a new integration instead).",
    )


def join_path(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def key_path(prefix: str, key: str) -> str:
    return (
        f"{prefix}.{key}"
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key)
        else f"{prefix}[{json.dumps(key)}]"
    )


def revision_object_names(content: Mapping[str, Any], action: str) -> set[str]:
    block = content.get(action)
    objects = block.get("objects") if isinstance(block, Mapping) else None
    if not isinstance(objects, list):
        return set()
    return {o["objectName"] for o in objects if isinstance(o, Mapping) and "objectName" in o}


def action_objects(content: JsonObject, action: str) -> dict[str, JsonObject]:
    block = content.get(action)
    objects = block.get("objects") if isinstance(block, dict) else None
    return objects if isinstance(objects, dict) else {}


def object_name(key: str, obj: Mapping[str, Any]) -> str:
    name = obj.get("objectName", key)
    return name if isinstance(name, str) else key


def fill_read_objects(content: JsonObject, revision: StoredRevision) -> None:
    """Copy schedule, destination and backfill from the revision where a read object omits them."""
    block = revision.content.get("read")
    objects = block.get("objects") if isinstance(block, Mapping) else None
    by_name = {
        o["objectName"]: o
        for o in (objects if isinstance(objects, list) else [])
        if isinstance(o, Mapping) and "objectName" in o
    }
    for key, obj in action_objects(content, "read").items():
        if not isinstance(obj, dict):
            continue
        obj.setdefault("objectName", key)
        source = by_name.get(object_name(key, obj), {})
        for name in FILLED_READ_FIELDS:
            if name not in obj and name in source:
                obj[name] = copy.deepcopy(source[name])
