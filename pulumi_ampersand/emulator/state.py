"""The emulator's backend: in-memory Ampersand state, one method per spec operation.

``Backend`` holds projects, each with its groups, consumers, connections, integrations (with
append-only revisions) and installations (each with its current config). Methods are named
after the spec's operationIds, take the request's path parameters and JSON body, return the
response document in its wire form (camelCase, a fresh copy), and raise ``ProblemError``\\ s.
Every method runs under one lock; every mutation is saved to ``state_file`` when one is set.

The stored objects and their wire forms are in ``entities``, request checks in
``validation``, update masks in ``masks``, the state file in ``persistence``, the lock, ids and
clock in ``store``, and the connection operations in ``connections``.

Behaviour the spec does not state is chosen as the real API most likely behaves, and listed
in ``docs/emulator.md`` ("Where the spec is silent").
"""

from __future__ import annotations

import copy
import random
import re
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, ParamSpec, TypeVar

from ..models.shapes import SPEC_VERSION
from .connections import ConnectionOperations
from .entities import (
    JsonObject,
    StoredConfig,
    StoredConnection,
    StoredInstallation,
    StoredIntegration,
    StoredProject,
    StoredRevision,
)
from .errors import (
    ProblemConflict,
    ProblemInputValidation,
    ProblemIssue,
    ProblemNotFound,
)
from .masks import ALLOWED_MASKS, assign_at, mask_allowed, masked_value_issues, parse_mask, value_at
from .store import locked, mutation
from .validation import (
    ACTIONS,
    action_objects,
    content_issues,
    fill_read_objects,
    object_name,
    provider_change,
    request_body,
    require_mapping,
    require_text,
    revision_object_names,
    source_manifest,
    string_field,
    validate_manifest,
    validate_revision_content,
)

__all__ = ["Backend"]

DEFAULT_CREATED_BY = "api:create-installation"
UI_CREATED_BY = "builder:emulator-ui"
# Name pattern of createProject; any other {projectIdOrName} is not a project.
PROJECT_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$")
PROJECT_NAMESPACE = uuid.UUID("5b8c3f0e-6a52-4d8e-9a51-0f4c2d9b7e10")
SEEDED_EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)

P = ParamSpec("P")
R = TypeVar("R")


class Backend(ConnectionOperations):
    """In-memory Ampersand state with the API's semantics.

    Args:
        random_seed: makes ids (``random.Random(random_seed)`` UUIDs), tokens and times
            deterministic; times then start at 2025-01-01T00:00:00Z and advance one second per use.
        state_file: JSON file loaded at start (when it exists) and rewritten after each
            mutation, so the emulator survives restarts.
        auto_connections: when an installation is created for a group without a connection of
            the integration's provider, create an OAuth connection with fake tokens instead of
            answering 422.

    Example::

        backend = Backend(random_seed=1)
        backend.generate_connection("demo", {"groupRef": "acme", "consumerRef": "u1",
                                             "provider": "salesforce", "apiKey": "k"})
    """

    # --- test controls ---

    @mutation
    def reset(self) -> None:
        """Forget everything, and restart the seeded ids and clock."""
        self._projects.clear()
        self._issued_secrets.clear()
        self._rng = random.Random(self._seed)
        self._ticks = 0

    @locked
    def dump(self) -> JsonObject:
        """Every project with all its objects, in wire form (revision history included)."""
        return {"projects": [p.to_wire() for p in self._projects.values()]}

    @locked
    def secrets(self) -> list[str]:
        """Every credential string issued or stored, including those of deleted connections."""
        return sorted(set(self._issued_secrets))

    @mutation
    def seed(self, data: Mapping[str, Any]) -> JsonObject:
        """Create connections, integrations and installations from a seed document.

        Format: ``{"projects": {"<project>": {"connections": [GenerateConnectionRequest],
        "integrations": [createIntegration body], "installations": [createInstallation body
        plus "integration": "<id or name>"]}}}``. Returns the created ids per project.
        """
        projects = require_mapping(data.get("projects", {}), "projects")
        created: JsonObject = {}
        for project_ref, spec in projects.items():
            spec = require_mapping(spec, f"projects.{project_ref}")
            summary: dict[str, list[str]] = {
                "connections": [],
                "integrations": [],
                "installations": [],
            }
            for body in spec.get("connections", []):
                summary["connections"].append(self.generate_connection(project_ref, body)["id"])
            for body in spec.get("integrations", []):
                summary["integrations"].append(self.create_integration(project_ref, body)["id"])
            for body in spec.get("installations", []):
                body = dict(require_mapping(body, "installations[]"))
                integration = str(body.pop("integration", ""))
                installation = self.create_installation(project_ref, integration, body)
                summary["installations"].append(installation["id"])
            created[project_ref] = summary
        return created

    # --- integrations ---

    @mutation
    def create_integration(self, project_ref: str, body: Any) -> JsonObject:
        """createIntegration: a new integration with its first revision (answered 201, empty)."""
        project = self._project(project_ref)
        body = request_body(body)
        issues: list[ProblemIssue] = []
        name = string_field(body, "name", "name", issues)
        provider = string_field(body, "provider", "provider", issues)
        revision = body.get("latestRevision")
        content: JsonObject = {}
        if not isinstance(revision, Mapping):
            issues.append(
                ProblemIssue("latestRevision", "Required: an object with specVersion and content.")
            )
        else:
            if revision.get("specVersion") != SPEC_VERSION:
                issues.append(
                    ProblemIssue("latestRevision.specVersion", f"Must be {SPEC_VERSION!r}.")
                )
            if not isinstance(revision.get("content"), Mapping):
                issues.append(
                    ProblemIssue("latestRevision.content", "Required: the integration object.")
                )
            else:
                content = copy.deepcopy(dict(revision["content"]))
                for key, value in (("name", name), ("provider", provider)):
                    if value is not None and content.setdefault(key, value) != value:
                        issues.append(
                            ProblemIssue(
                                f"latestRevision.content.{key}", f"Must equal {key} {value!r}."
                            )
                        )
                issues += validate_revision_content(content, "latestRevision.content")
        if issues or name is None or provider is None:
            raise ProblemInputValidation("The integration is invalid.", issues)
        if self._find_integration(project, name) is not None:
            raise ProblemConflict(
                f"An integration named {name!r} already exists in project {project.name!r}.",
                remedy="Update it with a new revision, or delete it first.",
            )
        integration = self._new_integration(project, name, provider, content)
        return project.integration_wire(integration)

    @locked
    def get_integration(self, project_ref: str, integration_ref: str) -> JsonObject:
        """getIntegration, by id or name."""
        project = self._project(project_ref)
        return project.integration_wire(self._integration(project, integration_ref))

    @locked
    def list_integrations(self, project_ref: str) -> list[JsonObject]:
        """listIntegrations: every integration of the project, oldest first."""
        project = self._project(project_ref)
        return [project.integration_wire(i) for i in project.integrations.values()]

    @mutation
    def delete_integration(self, project_ref: str, integration_ref: str) -> None:
        """deleteIntegration: also deletes its installations, and connections left unused."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        for installation in list(project.installations.values()):
            if installation.integration_id == integration.id:
                self._remove_installation(project, installation)
        del project.integrations[integration.id]

    @mutation
    def batch_upsert_integrations(
        self, project_ref: str, body: Any, *, destructive: bool = False
    ) -> list[JsonObject]:
        """batchUpsertIntegrations: upsert each integration of an amp.yaml by name."""
        project = self._project(project_ref)
        manifest = source_manifest(body)
        entries = manifest.get("integrations")
        issues = validate_manifest(manifest)
        if isinstance(entries, list) and not entries:
            issues.append(ProblemIssue("integrations", "List at least one integration."))
        if not issues and isinstance(entries, list):
            for index, entry in enumerate(entries):
                existing = self._find_integration(project, entry["name"])
                if existing is not None and existing.provider != entry["provider"]:
                    issues.append(provider_change(f"integrations[{index}].provider", existing))
        if issues or not isinstance(entries, list):
            raise ProblemInputValidation("The manifest in sourceYaml is invalid.", issues)
        result = []
        for entry in entries:
            content = copy.deepcopy(dict(entry))
            existing = self._find_integration(project, content["name"])
            if existing is None:
                integration = self._new_integration(
                    project, content["name"], content["provider"], content
                )
            else:
                integration = existing
                self._append_revision(project, integration, content, destructive=destructive)
            result.append(project.integration_wire(integration))
        return result

    @mutation
    def create_revision(
        self, project_ref: str, integration_ref: str, body: Any, *, destructive: bool = False
    ) -> JsonObject:
        """createRevision: append a revision from an amp.yaml with exactly this integration."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        manifest = source_manifest(body)
        entries = manifest.get("integrations")
        issues = validate_manifest(manifest)
        if isinstance(entries, list) and len(entries) != 1:
            issues.append(ProblemIssue("integrations", "List exactly one integration: this one."))
        elif isinstance(entries, list) and isinstance(entries[0], Mapping):
            if entries[0].get("name") != integration.name:
                issues.append(
                    ProblemIssue(
                        "integrations[0].name",
                        f"Must be this integration's name {integration.name!r}.",
                    )
                )
            if entries[0].get("provider") != integration.provider:
                issues.append(provider_change("integrations[0].provider", integration))
        if issues or not isinstance(entries, list):
            raise ProblemInputValidation("The manifest in sourceYaml is invalid.", issues)
        content = copy.deepcopy(dict(entries[0]))
        self._append_revision(project, integration, content, destructive=destructive)
        return project.integration_wire(integration)

    def _new_integration(
        self, project: StoredProject, name: str, provider: str, content: JsonObject
    ) -> StoredIntegration:
        now = self._timestamp()
        revision = StoredRevision(self.new_id(), SPEC_VERSION, now, content)
        integration = StoredIntegration(self.new_id(), name, provider, now, now, [revision])
        project.integrations[integration.id] = integration
        return integration

    def _append_revision(
        self,
        project: StoredProject,
        integration: StoredIntegration,
        content: JsonObject,
        *,
        destructive: bool,
    ) -> StoredRevision:
        now = self._timestamp()
        revision = StoredRevision(self.new_id(), SPEC_VERSION, now, content)
        integration.revisions.append(revision)
        integration.update_time = now
        if destructive:
            self._pause_removed_read_objects(project, integration)
        return revision

    def _pause_removed_read_objects(
        self, project: StoredProject, integration: StoredIntegration
    ) -> None:
        """``destructive=true``: disable installations' read objects the new revision dropped."""
        kept = revision_object_names(integration.latest.content, "read")
        for installation in project.installations.values():
            if installation.integration_id != integration.id:
                continue
            content = copy.deepcopy(installation.config.content)
            objects = action_objects(content, "read")
            removed = [name for name, obj in objects.items() if object_name(name, obj) not in kept]
            if not any(not objects[name].get("disabled", False) for name in removed):
                continue
            for name in removed:
                objects[name]["disabled"] = True
            self._new_config(installation, integration, content, installation.config.created_by)

    def _find_integration(self, project: StoredProject, ref: str) -> StoredIntegration | None:
        if ref in project.integrations:
            return project.integrations[ref]
        return next((i for i in project.integrations.values() if i.name == ref), None)

    def _integration(self, project: StoredProject, ref: str) -> StoredIntegration:
        integration = self._find_integration(project, ref)
        if integration is None:
            raise ProblemNotFound(f"Integration {ref!r} not found in project {project.name!r}.")
        return integration

    # --- installations ---

    @locked
    def list_installations(
        self, project_ref: str, integration_ref: str, *, group_ref: str | None = None
    ) -> list[JsonObject]:
        """listInstallations: the integration's installations, optionally of one group."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        return [
            project.installation_wire(i)
            for i in project.installations.values()
            if i.integration_id == integration.id and group_ref in (None, i.group_ref)
        ]

    @locked
    def list_installations_for_project(
        self, project_ref: str, *, group_ref: str | None = None
    ) -> list[JsonObject]:
        """listInstallationsForProject: every installation, optionally of one group."""
        project = self._project(project_ref)
        return [
            project.installation_wire(i)
            for i in project.installations.values()
            if group_ref in (None, i.group_ref)
        ]

    @locked
    def get_installation(
        self, project_ref: str, integration_ref: str, installation_id: str
    ) -> JsonObject:
        """getInstallation."""
        project = self._project(project_ref)
        installation = self._installation(project, integration_ref, installation_id)
        return project.installation_wire(installation)

    @mutation
    def create_installation(self, project_ref: str, integration_ref: str, body: Any) -> JsonObject:
        """createInstallation: install the integration's latest revision for a group."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        body = request_body(body)
        issues: list[ProblemIssue] = []
        group_ref = string_field(body, "groupRef", "groupRef", issues)
        connection_id = string_field(body, "connectionId", "connectionId", issues, required=False)
        config = body.get("config")
        created_by: str | None = None
        if not isinstance(config, Mapping):
            issues.append(ProblemIssue("config", "Required: an object with content."))
        else:
            created_by = string_field(
                config, "createdBy", "config.createdBy", issues, required=False
            )
            if not isinstance(config.get("content"), Mapping):
                issues.append(
                    ProblemIssue("config.content", "Required: the installation config content.")
                )
        if issues or group_ref is None or not isinstance(config, Mapping):
            raise ProblemInputValidation(
                "The installation request is malformed.", issues, status=400
            )
        content = copy.deepcopy(dict(config["content"]))
        revision = integration.latest
        issues = content_issues(content, integration, revision)
        if issues:
            raise ProblemInputValidation("The installation config is invalid.", issues)
        if any(
            i.integration_id == integration.id and i.group_ref == group_ref
            for i in project.installations.values()
        ):
            raise ProblemConflict(
                f"Group {group_ref!r} already has an installation of integration "
                f"{integration.name!r}.",
                remedy="Update the existing installation instead, or delete it first.",
            )
        connection = self._installation_connection(project, integration, group_ref, connection_id)
        fill_read_objects(content, revision)
        now = self._timestamp()
        created_by = created_by or DEFAULT_CREATED_BY
        installation = StoredInstallation(
            id=self.new_id(),
            integration_id=integration.id,
            group_ref=group_ref,
            connection_id=connection.id,
            create_time=now,
            created_by=created_by,
            update_time=now,
            config=StoredConfig(self.new_id(), revision.id, now, created_by, content),
        )
        project.installations[installation.id] = installation
        return project.installation_wire(installation)

    @mutation
    def update_installation(
        self, project_ref: str, integration_ref: str, installation_id: str, body: Any
    ) -> JsonObject:
        """updateInstallation: replace each masked field, as a new config on the latest revision."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        installation = self._installation(project, integration.id, installation_id)
        body = request_body(body)
        masks = body.get("updateMask")
        patch = body.get("installation")
        issues: list[ProblemIssue] = []
        if not isinstance(masks, list) or not masks:
            issues.append(ProblemIssue("updateMask", "Required: a non-empty list of field paths."))
        if not isinstance(patch, Mapping):
            issues.append(
                ProblemIssue("installation", "Required: an object with the masked values.")
            )
        if issues or not isinstance(masks, list) or not isinstance(patch, Mapping):
            raise ProblemInputValidation("The update request is malformed.", issues, status=400)
        changes: list[tuple[int, list[str], Any]] = []
        for index, mask in enumerate(masks):
            segments = parse_mask(mask) if isinstance(mask, str) else None
            if segments is None or not mask_allowed(segments):
                issues.append(
                    ProblemIssue(
                        f"updateMask[{index}]",
                        f"Unsupported update mask {mask!r}. Allowed: {', '.join(ALLOWED_MASKS)}.",
                    )
                )
                continue
            value = value_at(patch, segments)
            if value is None:
                issues.append(
                    ProblemIssue(
                        f"updateMask[{index}]",
                        f"No value for {mask!r} in installation: every masked path needs one.",
                    )
                )
                continue
            changes.append((index, segments, value))
        if issues:
            raise ProblemInputValidation("The update mask is invalid.", issues, status=400)

        content = copy.deepcopy(installation.config.content)
        created_by = installation.config.created_by
        connection: StoredConnection | None = None
        revision = integration.latest
        for index, segments, value in changes:
            if segments == ["connectionId"]:
                connection = self._installation_connection(
                    project,
                    integration,
                    installation.group_ref,
                    require_text(value, f"updateMask[{index}]"),
                )
            elif segments == ["config", "createdBy"]:
                created_by = require_text(value, f"updateMask[{index}]")
            else:
                assign_at(content, segments[2:], copy.deepcopy(value))
        issues = []
        for index, segments, value in changes:
            issues += masked_value_issues(segments, value, integration, revision, index)
        if issues:
            raise ProblemInputValidation("The installation config is invalid.", issues)
        if connection is not None:
            installation.connection_id = connection.id
        fill_read_objects(content, revision)
        self._new_config(installation, integration, content, created_by)
        return project.installation_wire(installation)

    @mutation
    def delete_installation(
        self, project_ref: str, integration_ref: str, installation_id: str
    ) -> None:
        """deleteInstallation: also deletes its connection when no other installation uses it."""
        project = self._project(project_ref)
        self._remove_installation(
            project, self._installation(project, integration_ref, installation_id)
        )

    def _remove_installation(
        self, project: StoredProject, installation: StoredInstallation
    ) -> None:
        del project.installations[installation.id]
        if not any(
            i.connection_id == installation.connection_id for i in project.installations.values()
        ):
            project.connections.pop(installation.connection_id, None)

    def _new_config(
        self,
        installation: StoredInstallation,
        integration: StoredIntegration,
        content: JsonObject,
        created_by: str,
    ) -> None:
        now = self._timestamp()
        installation.config = StoredConfig(
            self.new_id(), integration.latest.id, now, created_by, content
        )
        installation.update_time = now

    def _installation(
        self, project: StoredProject, integration_ref: str, installation_id: str
    ) -> StoredInstallation:
        integration = self._integration(project, integration_ref)
        installation = project.installations.get(installation_id)
        if installation is None or installation.integration_id != integration.id:
            raise ProblemNotFound(
                f"Installation {installation_id!r} of integration {integration.name!r} not found."
            )
        return installation

    # --- out-of-band edits (a user in Ampersand's UI) ---

    @mutation
    def put_latest_revision(
        self, project_ref: str, integration_ref: str, content: Any
    ) -> JsonObject:
        """Append a revision with this content as is (not validated: the UI's own edit)."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        content = copy.deepcopy(dict(request_body(content)))
        content.setdefault("name", integration.name)
        content.setdefault("provider", integration.provider)
        self._append_revision(project, integration, content, destructive=False)
        return project.integration_wire(integration)

    @mutation
    def replace_installation_config(
        self, project_ref: str, integration_ref: str, installation_id: str, content: Any
    ) -> JsonObject:
        """Replace an installation's whole config content (a new config, not validated)."""
        project = self._project(project_ref)
        installation = self._installation(project, integration_ref, installation_id)
        integration = project.integrations[installation.integration_id]
        content = copy.deepcopy(dict(request_body(content)))
        self._new_config(installation, integration, content, UI_CREATED_BY)
        return project.installation_wire(installation)

    @mutation
    def remove_installation_object(
        self,
        project_ref: str,
        integration_ref: str,
        installation_id: str,
        action: str,
        object_name: str,
    ) -> JsonObject:
        """Remove one object from an installation's config (a new config)."""
        project = self._project(project_ref)
        installation = self._installation(project, integration_ref, installation_id)
        integration = project.integrations[installation.integration_id]
        content = copy.deepcopy(installation.config.content)
        objects = action_objects(content, action) if action in ACTIONS else {}
        if object_name not in objects:
            raise ProblemNotFound(
                f"Installation {installation_id!r} has no {action} object {object_name!r}."
            )
        del objects[object_name]
        self._new_config(installation, integration, content, UI_CREATED_BY)
        return project.installation_wire(installation)
