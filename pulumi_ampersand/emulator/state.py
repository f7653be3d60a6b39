"""The emulator's backend: in-memory Ampersand state, one method per spec operation.

``Backend`` holds projects, each with its groups, consumers, connections, integrations (with
append-only revisions) and installations (each with its current config). Methods are named
after the spec's operationIds, take the request's path parameters and JSON body, return the
response document in its wire form (camelCase, a fresh copy), and raise ``ProblemError``\\ s.
Every method runs under one lock; every mutation is saved to ``state_file`` when one is set.

Behaviour the spec does not state is chosen as the real API most likely behaves, and listed
in ``docs/emulator.md`` ("Where the spec is silent").
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import os
import random
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

import yaml

from ..models.check import check_integration, check_manifest
from ..models.shapes import SPEC_VERSION
from .errors import (
    ProblemConflict,
    ProblemInputValidation,
    ProblemIssue,
    ProblemNotFound,
    format_time,
)

__all__ = ["Backend"]

DEFAULT_CREATED_BY = "api:create-installation"
UI_CREATED_BY = "builder:emulator-ui"
ACTIONS = ("read", "write", "subscribe")
# Read-object fields the server copies from the revision when an installation omits them.
FILLED_READ_FIELDS = ("schedule", "destination", "backfill")
# Name pattern of createProject; any other {projectIdOrName} is not a project.
PROJECT_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$")
PROJECT_NAMESPACE = uuid.UUID("5b8c3f0e-6a52-4d8e-9a51-0f4c2d9b7e10")
SEEDED_EPOCH = datetime(2025, 1, 1, tzinfo=timezone.utc)
STATE_FORMAT = 1

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
SECRET_KEYS = frozenset({"apiKey", "token", "password", "clientSecret"})

P = ParamSpec("P")
R = TypeVar("R")
JsonObject = dict[str, Any]


# --- entities -------------------------------------------------------------------------------


@dataclass
class Group:
    group_ref: str
    group_name: str
    create_time: str
    update_time: str | None = None


@dataclass
class Consumer:
    consumer_ref: str
    consumer_name: str
    create_time: str
    update_time: str | None = None


@dataclass
class Connection:
    id: str
    provider: str
    group_ref: str
    consumer_ref: str
    auth_scheme: str
    status: str
    create_time: str
    update_time: str
    credentials: JsonObject
    """The request's one credential field, as given: ``{"apiKey": "..."}``."""
    provider_workspace_ref: str | None = None
    provider_metadata: JsonObject | None = None


@dataclass
class Revision:
    id: str
    spec_version: str
    create_time: str
    content: JsonObject


@dataclass
class Integration:
    id: str
    name: str
    provider: str
    create_time: str
    update_time: str
    revisions: list[Revision]

    @property
    def latest(self) -> Revision:
        return self.revisions[-1]


@dataclass
class Config:
    id: str
    revision_id: str
    create_time: str
    created_by: str
    content: JsonObject


@dataclass
class Installation:
    id: str
    integration_id: str
    group_ref: str
    connection_id: str
    create_time: str
    created_by: str
    update_time: str
    config: Config
    health_status: str = "healthy"
    last_operation_status: str = "success"


@dataclass
class Project:
    id: str
    name: str
    create_time: str
    groups: dict[str, Group] = field(default_factory=dict)
    consumers: dict[str, Consumer] = field(default_factory=dict)
    connections: dict[str, Connection] = field(default_factory=dict)
    integrations: dict[str, Integration] = field(default_factory=dict)
    installations: dict[str, Installation] = field(default_factory=dict)


def _load_project(data: Mapping[str, Any]) -> Project:
    return Project(
        id=data["id"],
        name=data["name"],
        create_time=data["create_time"],
        groups={k: Group(**v) for k, v in data["groups"].items()},
        consumers={k: Consumer(**v) for k, v in data["consumers"].items()},
        connections={k: Connection(**v) for k, v in data["connections"].items()},
        integrations={
            k: Integration(**(v | {"revisions": [Revision(**r) for r in v["revisions"]]}))
            for k, v in data["integrations"].items()
        },
        installations={
            k: Installation(**(v | {"config": Config(**v["config"])}))
            for k, v in data["installations"].items()
        },
    )


# --- the backend ----------------------------------------------------------------------------


def _locked(method: Callable[Concatenate[Backend, P], R]) -> Callable[Concatenate[Backend, P], R]:
    """Run under the backend's lock."""

    def wrapper(self: Backend, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(wrapper, method)
    return wrapper


def _mutation(
    method: Callable[Concatenate[Backend, P], R],
) -> Callable[Concatenate[Backend, P], R]:
    """Run under the backend's lock, then save the state when the method succeeded."""

    def wrapper(self: Backend, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            result = method(self, *args, **kwargs)
            self._save()
            return result

    functools.update_wrapper(wrapper, method)
    return wrapper


class Backend:
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

    def __init__(
        self,
        *,
        random_seed: int | None = None,
        state_file: str | os.PathLike[str] | None = None,
        auto_connections: bool = False,
    ) -> None:
        self._lock = threading.RLock()
        self._seed = random_seed
        self._state_file = Path(state_file) if state_file is not None else None
        self.auto_connections = auto_connections
        self._projects: dict[str, Project] = {}
        self._issued_secrets: list[str] = []
        self._rng = random.Random(random_seed)
        self._ticks = 0
        if self._state_file is not None and self._state_file.exists():
            self._load(self._state_file)

    # --- ids, time, persistence ---

    def new_id(self) -> str:
        """A UUID: from the seeded generator when seeded, else random."""
        with self._lock:
            if self._seed is None:
                return str(uuid.uuid4())
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def now(self) -> datetime:
        """The current time: a one-second-per-call clock when seeded, else the wall clock."""
        with self._lock:
            if self._seed is None:
                return datetime.now(timezone.utc)
            self._ticks += 1
            return SEEDED_EPOCH + timedelta(seconds=self._ticks)

    def _timestamp(self) -> str:
        return format_time(self.now())

    def _token(self, kind: str) -> str:
        return f"emu-{kind}-{self.new_id().replace('-', '')}"

    def _save(self) -> None:
        if self._state_file is None:
            return
        data = {
            "format": STATE_FORMAT,
            "projects": [dataclasses.asdict(p) for p in self._projects.values()],
            "issuedSecrets": self._issued_secrets,
            "rngState": self._rng.getstate() if self._seed is not None else None,
            "ticks": self._ticks,
        }
        temporary = self._state_file.with_name(self._state_file.name + ".tmp")
        temporary.write_text(json.dumps(data, indent=1, default=str))
        os.replace(temporary, self._state_file)

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text())
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"{path}: unsupported emulator state format {data.get('format')!r}")
        projects = [_load_project(p) for p in data["projects"]]
        self._projects = {p.id: p for p in projects}
        self._issued_secrets = list(data["issuedSecrets"])
        if data.get("rngState") is not None and self._seed is not None:
            version, internal, gauss = data["rngState"]
            self._rng.setstate((version, tuple(internal), gauss))
        self._ticks = int(data.get("ticks", 0))

    # --- test controls ---

    @_mutation
    def reset(self) -> None:
        """Forget everything, and restart the seeded ids and clock."""
        self._projects.clear()
        self._issued_secrets.clear()
        self._rng = random.Random(self._seed)
        self._ticks = 0

    @_locked
    def dump(self) -> JsonObject:
        """Every project with all its objects, in wire form (revision history included)."""
        return {"projects": [self._project_dump(p) for p in self._projects.values()]}

    @_locked
    def secrets(self) -> list[str]:
        """Every credential string issued or stored, including those of deleted connections."""
        return sorted(set(self._issued_secrets))

    @_mutation
    def seed(self, data: Mapping[str, Any]) -> JsonObject:
        """Create connections, integrations and installations from a seed document.

        Format: ``{"projects": {"<project>": {"connections": [GenerateConnectionRequest],
        "integrations": [createIntegration body], "installations": [createInstallation body
        plus "integration": "<id or name>"]}}}``. Returns the created ids per project.
        """
        projects = _mapping(data.get("projects", {}), "projects")
        created: JsonObject = {}
        for project_ref, spec in projects.items():
            spec = _mapping(spec, f"projects.{project_ref}")
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
                body = dict(_mapping(body, "installations[]"))
                integration = str(body.pop("integration", ""))
                installation = self.create_installation(project_ref, integration, body)
                summary["installations"].append(installation["id"])
            created[project_ref] = summary
        return created

    # --- projects ---

    def _project(self, id_or_name: str) -> Project:
        """The project with this id or name; a well-formed name that is new creates it."""
        if id_or_name in self._projects:
            return self._projects[id_or_name]
        name = id_or_name.lower()
        for project in self._projects.values():
            if project.name == name:
                return project
        if not PROJECT_NAME.match(id_or_name):
            raise ProblemNotFound(f"Project {id_or_name!r} not found.")
        project = Project(
            id=str(uuid.uuid5(PROJECT_NAMESPACE, name)), name=name, create_time=self._timestamp()
        )
        self._projects[project.id] = project
        return project

    # --- integrations ---

    @_mutation
    def create_integration(self, project_ref: str, body: Any) -> JsonObject:
        """createIntegration: a new integration with its first revision (answered 201, empty)."""
        project = self._project(project_ref)
        body = _body(body)
        issues: list[ProblemIssue] = []
        name = _string_field(body, "name", "name", issues)
        provider = _string_field(body, "provider", "provider", issues)
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
                issues += _validate_revision_content(content, "latestRevision.content")
        if issues or name is None or provider is None:
            raise ProblemInputValidation("The integration is invalid.", issues)
        if self._find_integration(project, name) is not None:
            raise ProblemConflict(
                f"An integration named {name!r} already exists in project {project.name!r}.",
                remedy="Update it with a new revision, or delete it first.",
            )
        integration = self._new_integration(project, name, provider, content)
        return self._integration_wire(project, integration)

    @_locked
    def get_integration(self, project_ref: str, integration_ref: str) -> JsonObject:
        """getIntegration, by id or name."""
        project = self._project(project_ref)
        return self._integration_wire(project, self._integration(project, integration_ref))

    @_locked
    def list_integrations(self, project_ref: str) -> list[JsonObject]:
        """listIntegrations: every integration of the project, oldest first."""
        project = self._project(project_ref)
        return [self._integration_wire(project, i) for i in project.integrations.values()]

    @_mutation
    def delete_integration(self, project_ref: str, integration_ref: str) -> None:
        """deleteIntegration: also deletes its installations, and connections left unused."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        for installation in list(project.installations.values()):
            if installation.integration_id == integration.id:
                self._remove_installation(project, installation)
        del project.integrations[integration.id]

    @_mutation
    def batch_upsert_integrations(
        self, project_ref: str, body: Any, *, destructive: bool = False
    ) -> list[JsonObject]:
        """batchUpsertIntegrations: upsert each integration of an amp.yaml by name."""
        project = self._project(project_ref)
        manifest = _source_manifest(body)
        entries = manifest.get("integrations")
        issues = _validate_manifest(manifest)
        if isinstance(entries, list) and not entries:
            issues.append(ProblemIssue("integrations", "List at least one integration."))
        if not issues and isinstance(entries, list):
            for index, entry in enumerate(entries):
                existing = self._find_integration(project, entry["name"])
                if existing is not None and existing.provider != entry["provider"]:
                    issues.append(_provider_change(f"integrations[{index}].provider", existing))
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
            result.append(self._integration_wire(project, integration))
        return result

    @_mutation
    def create_revision(
        self, project_ref: str, integration_ref: str, body: Any, *, destructive: bool = False
    ) -> JsonObject:
        """createRevision: append a revision from an amp.yaml with exactly this integration."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        manifest = _source_manifest(body)
        entries = manifest.get("integrations")
        issues = _validate_manifest(manifest)
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
                issues.append(_provider_change("integrations[0].provider", integration))
        if issues or not isinstance(entries, list):
            raise ProblemInputValidation("The manifest in sourceYaml is invalid.", issues)
        content = copy.deepcopy(dict(entries[0]))
        self._append_revision(project, integration, content, destructive=destructive)
        return self._integration_wire(project, integration)

    def _new_integration(
        self, project: Project, name: str, provider: str, content: JsonObject
    ) -> Integration:
        now = self._timestamp()
        revision = Revision(self.new_id(), SPEC_VERSION, now, content)
        integration = Integration(self.new_id(), name, provider, now, now, [revision])
        project.integrations[integration.id] = integration
        return integration

    def _append_revision(
        self, project: Project, integration: Integration, content: JsonObject, *, destructive: bool
    ) -> Revision:
        now = self._timestamp()
        revision = Revision(self.new_id(), SPEC_VERSION, now, content)
        integration.revisions.append(revision)
        integration.update_time = now
        if destructive:
            self._pause_removed_read_objects(project, integration)
        return revision

    def _pause_removed_read_objects(self, project: Project, integration: Integration) -> None:
        """``destructive=true``: disable installations' read objects the new revision dropped."""
        kept = _revision_object_names(integration.latest.content, "read")
        for installation in project.installations.values():
            if installation.integration_id != integration.id:
                continue
            content = copy.deepcopy(installation.config.content)
            objects = _action_objects(content, "read")
            removed = [name for name, obj in objects.items() if _object_name(name, obj) not in kept]
            if not any(not objects[name].get("disabled", False) for name in removed):
                continue
            for name in removed:
                objects[name]["disabled"] = True
            self._new_config(installation, integration, content, installation.config.created_by)

    def _find_integration(self, project: Project, ref: str) -> Integration | None:
        if ref in project.integrations:
            return project.integrations[ref]
        return next((i for i in project.integrations.values() if i.name == ref), None)

    def _integration(self, project: Project, ref: str) -> Integration:
        integration = self._find_integration(project, ref)
        if integration is None:
            raise ProblemNotFound(f"Integration {ref!r} not found in project {project.name!r}.")
        return integration

    # --- installations ---

    @_locked
    def list_installations(
        self, project_ref: str, integration_ref: str, *, group_ref: str | None = None
    ) -> list[JsonObject]:
        """listInstallations: the integration's installations, optionally of one group."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        return [
            self._installation_wire(project, i)
            for i in project.installations.values()
            if i.integration_id == integration.id and group_ref in (None, i.group_ref)
        ]

    @_locked
    def list_installations_for_project(
        self, project_ref: str, *, group_ref: str | None = None
    ) -> list[JsonObject]:
        """listInstallationsForProject: every installation, optionally of one group."""
        project = self._project(project_ref)
        return [
            self._installation_wire(project, i)
            for i in project.installations.values()
            if group_ref in (None, i.group_ref)
        ]

    @_locked
    def get_installation(
        self, project_ref: str, integration_ref: str, installation_id: str
    ) -> JsonObject:
        """getInstallation."""
        project = self._project(project_ref)
        installation = self._installation(project, integration_ref, installation_id)
        return self._installation_wire(project, installation)

    @_mutation
    def create_installation(self, project_ref: str, integration_ref: str, body: Any) -> JsonObject:
        """createInstallation: install the integration's latest revision for a group."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        body = _body(body)
        issues: list[ProblemIssue] = []
        group_ref = _string_field(body, "groupRef", "groupRef", issues)
        connection_id = _string_field(body, "connectionId", "connectionId", issues, required=False)
        config = body.get("config")
        created_by: str | None = None
        if not isinstance(config, Mapping):
            issues.append(ProblemIssue("config", "Required: an object with content."))
        else:
            created_by = _string_field(
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
        issues = _content_issues(content, integration, revision)
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
        _fill_read_objects(content, revision)
        now = self._timestamp()
        created_by = created_by or DEFAULT_CREATED_BY
        installation = Installation(
            id=self.new_id(),
            integration_id=integration.id,
            group_ref=group_ref,
            connection_id=connection.id,
            create_time=now,
            created_by=created_by,
            update_time=now,
            config=Config(self.new_id(), revision.id, now, created_by, content),
        )
        project.installations[installation.id] = installation
        return self._installation_wire(project, installation)

    @_mutation
    def update_installation(
        self, project_ref: str, integration_ref: str, installation_id: str, body: Any
    ) -> JsonObject:
        """updateInstallation: replace each masked field, as a new config on the latest revision."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        installation = self._installation(project, integration.id, installation_id)
        body = _body(body)
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
            if segments is None or not _mask_allowed(segments):
                issues.append(
                    ProblemIssue(
                        f"updateMask[{index}]",
                        f"Unsupported update mask {mask!r}. Allowed: {', '.join(ALLOWED_MASKS)}.",
                    )
                )
                continue
            value = _lookup(patch, segments)
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
        connection: Connection | None = None
        revision = integration.latest
        for index, segments, value in changes:
            if segments == ["connectionId"]:
                connection = self._installation_connection(
                    project,
                    integration,
                    installation.group_ref,
                    _text(value, f"updateMask[{index}]"),
                )
            elif segments == ["config", "createdBy"]:
                created_by = _text(value, f"updateMask[{index}]")
            else:
                _assign(content, segments[2:], copy.deepcopy(value))
        issues = []
        for index, segments, value in changes:
            issues += _masked_value_issues(segments, value, integration, revision, index)
        if issues:
            raise ProblemInputValidation("The installation config is invalid.", issues)
        if connection is not None:
            installation.connection_id = connection.id
        _fill_read_objects(content, revision)
        self._new_config(installation, integration, content, created_by)
        return self._installation_wire(project, installation)

    @_mutation
    def delete_installation(
        self, project_ref: str, integration_ref: str, installation_id: str
    ) -> None:
        """deleteInstallation: also deletes its connection when no other installation uses it."""
        project = self._project(project_ref)
        self._remove_installation(
            project, self._installation(project, integration_ref, installation_id)
        )

    def _remove_installation(self, project: Project, installation: Installation) -> None:
        del project.installations[installation.id]
        if not any(
            i.connection_id == installation.connection_id for i in project.installations.values()
        ):
            project.connections.pop(installation.connection_id, None)

    def _new_config(
        self,
        installation: Installation,
        integration: Integration,
        content: JsonObject,
        created_by: str,
    ) -> None:
        now = self._timestamp()
        installation.config = Config(self.new_id(), integration.latest.id, now, created_by, content)
        installation.update_time = now

    def _installation(
        self, project: Project, integration_ref: str, installation_id: str
    ) -> Installation:
        integration = self._integration(project, integration_ref)
        installation = project.installations.get(installation_id)
        if installation is None or installation.integration_id != integration.id:
            raise ProblemNotFound(
                f"Installation {installation_id!r} of integration {integration.name!r} not found."
            )
        return installation

    def _installation_connection(
        self, project: Project, integration: Integration, group_ref: str, connection_id: str | None
    ) -> Connection:
        """The connection an installation of this group uses: the given one, or the default."""
        if connection_id is not None:
            connection = project.connections.get(connection_id)
            if connection is None:
                problem = f"Connection {connection_id!r} not found in project {project.name!r}."
            elif connection.group_ref != group_ref:
                problem = (
                    f"Connection {connection_id!r} belongs to group {connection.group_ref!r}, "
                    f"not {group_ref!r}."
                )
            elif connection.provider != integration.provider:
                problem = (
                    f"Connection provider {connection.provider!r} does not match the "
                    f"integration's provider {integration.provider!r}."
                )
            else:
                return connection
            raise ProblemInputValidation(problem, [ProblemIssue("connectionId", problem)])
        candidates = [
            c
            for c in project.connections.values()
            if c.group_ref == group_ref and c.provider == integration.provider
        ]
        if candidates:
            return candidates[-1]
        if self.auto_connections:
            return self._auto_connection(project, integration.provider, group_ref)
        detail = (
            f"Group {group_ref!r} has no {integration.provider} connection, so the installation "
            "has nothing to read or write with."
        )
        raise ProblemInputValidation(
            detail,
            [ProblemIssue("groupRef", detail)],
            remedy="Create a connection for the group first (connections:generate, or the "
            "customer's OAuth consent), or pass connectionId.",
        )

    # --- connections ---

    @_mutation
    def generate_connection(self, project_ref: str, body: Any) -> JsonObject:
        """generateConnection: store credentials for a group; groups and consumers appear."""
        project = self._project(project_ref)
        body = _body(body)
        issues: list[ProblemIssue] = []
        group_ref = _string_field(body, "groupRef", "groupRef", issues)
        consumer_ref = _string_field(body, "consumerRef", "consumerRef", issues)
        provider = _string_field(body, "provider", "provider", issues)
        group_name = _string_field(body, "groupName", "groupName", issues, required=False)
        consumer_name = _string_field(body, "consumerName", "consumerName", issues, required=False)
        kinds = [kind for kind in AUTH_SCHEMES if body.get(kind) is not None]
        if len(kinds) != 1:
            issues.append(
                ProblemIssue(
                    "", f"Provide exactly one of {', '.join(AUTH_SCHEMES)}; got {len(kinds)}."
                )
            )
        if issues or group_ref is None or consumer_ref is None or provider is None:
            raise ProblemInputValidation("The connection request is malformed.", issues, status=400)
        kind = kinds[0]
        credential = copy.deepcopy(body[kind])
        issues = _credential_issues(kind, credential)
        if issues:
            raise ProblemInputValidation("The credentials are invalid.", issues)
        connection = self._new_connection(
            project,
            provider,
            group_ref,
            consumer_ref,
            {kind: credential},
            group_name=group_name,
            consumer_name=consumer_name,
        )
        if isinstance(body.get("providerWorkspaceRef"), str):
            connection.provider_workspace_ref = body["providerWorkspaceRef"]
        if isinstance(body.get("providerMetadata"), Mapping):
            connection.provider_metadata = copy.deepcopy(dict(body["providerMetadata"]))
        return self._connection_wire(project, connection, creds="all")

    @_locked
    def list_connections(
        self,
        project_ref: str,
        *,
        provider: str | None = None,
        group_ref: str | None = None,
        consumer_ref: str | None = None,
    ) -> list[JsonObject]:
        """listConnections, filtered; OAuth tokens are left out as on getConnection."""
        project = self._project(project_ref)
        return [
            self._connection_wire(project, c, creds="none")
            for c in project.connections.values()
            if provider in (None, c.provider)
            and group_ref in (None, c.group_ref)
            and consumer_ref in (None, c.consumer_ref)
        ]

    @_locked
    def get_connection(
        self,
        project_ref: str,
        connection_id: str,
        *,
        include_creds: bool = False,
        include_refresh_token: bool = False,
    ) -> JsonObject:
        """getConnection: OAuth tokens only with ``includeCreds`` / ``includeRefreshToken``."""
        project = self._project(project_ref)
        creds: Literal["none", "access", "all"] = (
            "all" if include_refresh_token else "access" if include_creds else "none"
        )
        return self._connection_wire(project, self._connection(project, connection_id), creds=creds)

    @_mutation
    def delete_connection(self, project_ref: str, connection_id: str) -> None:
        """deleteConnection: refused (409) while an installation uses the connection."""
        project = self._project(project_ref)
        connection = self._connection(project, connection_id)
        users = [i.id for i in project.installations.values() if i.connection_id == connection.id]
        if users:
            raise ProblemConflict(
                f"Connection {connection_id!r} is used by installation(s) {', '.join(users)}.",
                remedy="Delete those installations first (which deletes the connection too).",
            )
        del project.connections[connection.id]

    def _connection(self, project: Project, connection_id: str) -> Connection:
        connection = project.connections.get(connection_id)
        if connection is None:
            raise ProblemNotFound(
                f"Connection {connection_id!r} not found in project {project.name!r}."
            )
        return connection

    def _auto_connection(self, project: Project, provider: str, group_ref: str) -> Connection:
        now = self._timestamp()
        expires = format_time(self.now() + timedelta(hours=1))
        tokens = {
            "accessToken": {"token": self._token("access"), "issuedAt": now, "expiresAt": expires},
            "refreshToken": {"token": self._token("refresh"), "issuedAt": now},
            "scopes": ["offline_access"],
        }
        return self._new_connection(
            project, provider, group_ref, f"{group_ref}-admin", {"oauth2AuthorizationCode": tokens}
        )

    def _new_connection(
        self,
        project: Project,
        provider: str,
        group_ref: str,
        consumer_ref: str,
        credentials: JsonObject,
        *,
        group_name: str | None = None,
        consumer_name: str | None = None,
    ) -> Connection:
        now = self._timestamp()
        group = project.groups.get(group_ref)
        if group is None:
            project.groups[group_ref] = Group(group_ref, group_name or group_ref, now)
        elif group_name is not None and group_name != group.group_name:
            group.group_name, group.update_time = group_name, now
        consumer = project.consumers.get(consumer_ref)
        if consumer is None:
            project.consumers[consumer_ref] = Consumer(
                consumer_ref, consumer_name or consumer_ref, now
            )
        elif consumer_name is not None and consumer_name != consumer.consumer_name:
            consumer.consumer_name, consumer.update_time = consumer_name, now
        (kind,) = credentials
        connection = Connection(
            id=self.new_id(),
            provider=provider,
            group_ref=group_ref,
            consumer_ref=consumer_ref,
            auth_scheme=AUTH_SCHEMES[kind],
            status="created",
            create_time=now,
            update_time=now,
            credentials=credentials,
        )
        project.connections[connection.id] = connection
        self._issued_secrets += _secret_strings(credentials)
        return connection

    # --- out-of-band edits (a user in Ampersand's UI) ---

    @_mutation
    def put_latest_revision(
        self, project_ref: str, integration_ref: str, content: Any
    ) -> JsonObject:
        """Append a revision with this content as is (not validated: the UI's own edit)."""
        project = self._project(project_ref)
        integration = self._integration(project, integration_ref)
        content = copy.deepcopy(dict(_body(content)))
        content.setdefault("name", integration.name)
        content.setdefault("provider", integration.provider)
        self._append_revision(project, integration, content, destructive=False)
        return self._integration_wire(project, integration)

    @_mutation
    def replace_installation_config(
        self, project_ref: str, integration_ref: str, installation_id: str, content: Any
    ) -> JsonObject:
        """Replace an installation's whole config content (a new config, not validated)."""
        project = self._project(project_ref)
        installation = self._installation(project, integration_ref, installation_id)
        integration = project.integrations[installation.integration_id]
        content = copy.deepcopy(dict(_body(content)))
        self._new_config(installation, integration, content, UI_CREATED_BY)
        return self._installation_wire(project, installation)

    @_mutation
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
        objects = _action_objects(content, action) if action in ACTIONS else {}
        if object_name not in objects:
            raise ProblemNotFound(
                f"Installation {installation_id!r} has no {action} object {object_name!r}."
            )
        del objects[object_name]
        self._new_config(installation, integration, content, UI_CREATED_BY)
        return self._installation_wire(project, installation)

    # --- wire forms ---

    def _group_wire(self, project: Project, group_ref: str) -> JsonObject:
        group = project.groups.get(group_ref) or Group(group_ref, group_ref, project.create_time)
        wire = {
            "groupRef": group.group_ref,
            "groupName": group.group_name,
            "projectId": project.id,
            "createTime": group.create_time,
        }
        return wire | ({"updateTime": group.update_time} if group.update_time else {})

    def _consumer_wire(self, project: Project, consumer_ref: str) -> JsonObject:
        consumer = project.consumers.get(consumer_ref) or Consumer(
            consumer_ref, consumer_ref, project.create_time
        )
        wire = {
            "consumerRef": consumer.consumer_ref,
            "consumerName": consumer.consumer_name,
            "projectId": project.id,
            "createTime": consumer.create_time,
        }
        return wire | ({"updateTime": consumer.update_time} if consumer.update_time else {})

    def _connection_wire(
        self, project: Project, connection: Connection, *, creds: Literal["none", "access", "all"]
    ) -> JsonObject:
        wire: JsonObject = {
            "id": connection.id,
            "projectId": project.id,
            "provider": connection.provider,
            "group": self._group_wire(project, connection.group_ref),
            "consumer": self._consumer_wire(project, connection.consumer_ref),
            "createTime": connection.create_time,
            "updateTime": connection.update_time,
            "authScheme": connection.auth_scheme,
            "status": connection.status,
        }
        if connection.provider_workspace_ref is not None:
            wire["providerWorkspaceRef"] = connection.provider_workspace_ref
        if connection.provider_metadata is not None:
            wire["providerMetadata"] = copy.deepcopy(connection.provider_metadata)
        if "apiKey" in connection.credentials:
            wire["apiKey"] = connection.credentials["apiKey"]
        tokens = connection.credentials.get("oauth2AuthorizationCode")
        if isinstance(tokens, Mapping) and creds != "none":
            shown = copy.deepcopy(dict(tokens))
            if creds == "access":
                shown.pop("refreshToken", None)
            wire["oauth2AuthorizationCode"] = shown
        return wire

    def _integration_wire(self, project: Project, integration: Integration) -> JsonObject:
        return {
            "id": integration.id,
            "projectId": project.id,
            "name": integration.name,
            "provider": integration.provider,
            "createTime": integration.create_time,
            "updateTime": integration.update_time,
            "latestRevision": _revision_wire(integration.latest),
        }

    def _installation_wire(self, project: Project, installation: Installation) -> JsonObject:
        config = installation.config
        return {
            "id": installation.id,
            "projectId": project.id,
            "integrationId": installation.integration_id,
            "group": self._group_wire(project, installation.group_ref),
            "healthStatus": installation.health_status,
            "lastOperationStatus": installation.last_operation_status,
            "connection": self._connection_wire(
                project, project.connections[installation.connection_id], creds="all"
            ),
            "createTime": installation.create_time,
            "createdBy": installation.created_by,
            "updateTime": installation.update_time,
            "config": {
                "id": config.id,
                "revisionId": config.revision_id,
                "createTime": config.create_time,
                "createdBy": config.created_by,
                "content": copy.deepcopy(config.content),
            },
        }

    def _project_dump(self, project: Project) -> JsonObject:
        return {
            "id": project.id,
            "name": project.name,
            "createTime": project.create_time,
            "groups": [self._group_wire(project, ref) for ref in project.groups],
            "consumers": [self._consumer_wire(project, ref) for ref in project.consumers],
            "connections": [
                self._connection_wire(project, c, creds="all") for c in project.connections.values()
            ],
            "integrations": [
                self._integration_wire(project, i)
                | {"revisions": [_revision_wire(r) for r in i.revisions]}
                for i in project.integrations.values()
            ],
            "installations": [
                self._installation_wire(project, i) for i in project.installations.values()
            ],
        }


# --- update masks ---------------------------------------------------------------------------

ALLOWED_MASKS = (
    "connectionId",
    "config.createdBy",
    "config.content.read.objects.<objectName>",
    "config.content.write.objects",
    "config.content.write.objects.<objectName>",
    "config.content.subscribe.objects",
    "config.content.subscribe.objects.<objectName>",
    "config.content.proxy.enabled",
)


def parse_mask(mask: str) -> list[str] | None:
    """Split a mask on unescaped dots (``\\.``, ``\\/``, ``\\:`` and ``\\\\`` are literal)."""
    segments = [""]
    chars = iter(mask)
    for char in chars:
        if char == "\\":
            escaped = next(chars, None)
            if escaped is None:
                return None
            segments[-1] += escaped
        elif char == ".":
            segments.append("")
        else:
            segments[-1] += char
    return None if any(s == "" for s in segments) else segments


def _mask_allowed(segments: list[str]) -> bool:
    if segments in (["connectionId"], ["config", "createdBy"]):
        return True
    if segments == ["config", "content", "proxy", "enabled"]:
        return True
    if segments[:2] != ["config", "content"] or len(segments) not in (4, 5):
        return False
    action, objects = segments[2], segments[3]
    if objects != "objects" or action not in ACTIONS:
        return False
    # Read objects can only be replaced one by one: there is no mask for the whole map.
    return len(segments) == 5 or action != "read"


def _lookup(document: Mapping[str, Any], segments: list[str]) -> Any:
    value: Any = document
    for segment in segments:
        if not isinstance(value, Mapping):
            return None
        value = value.get(segment)
    return value


def _assign(document: JsonObject, segments: list[str], value: Any) -> None:
    target = document
    for segment in segments[:-1]:
        child = target.get(segment)
        if not isinstance(child, dict):
            child = target[segment] = {}
        target = child
    target[segments[-1]] = value


def _masked_value_issues(
    segments: list[str], value: Any, integration: Integration, revision: Revision, index: int
) -> list[ProblemIssue]:
    """422 issues for one masked value of a PATCH, checked against the latest revision."""
    if segments[:2] != ["config", "content"]:
        return []
    if segments[2] == "proxy":
        if not isinstance(value, bool):
            return [
                ProblemIssue("installation.config.content.proxy.enabled", "Must be true or false.")
            ]
        return []
    action = segments[2]
    prefix = f"installation.config.content.{action}.objects"
    if len(segments) == 5:
        return _object_issues(action, segments[4], value, revision, _key_path(prefix, segments[4]))
    if not isinstance(value, Mapping):
        return [
            ProblemIssue(prefix, f"updateMask[{index}] needs a map of object names to objects.")
        ]
    return [
        issue
        for name, obj in value.items()
        for issue in _object_issues(action, name, obj, revision, _key_path(prefix, name))
    ]


# --- validation -----------------------------------------------------------------------------


def _validate_revision_content(content: Mapping[str, Any], prefix: str) -> list[ProblemIssue]:
    """Issues in revision content (a manifest ``Integration``), at paths under ``prefix``."""
    _, found = check_integration(content, style="wire")
    return [ProblemIssue(_join(prefix, issue.path), issue.message) for issue in found]


def _validate_manifest(manifest: Mapping[str, Any]) -> list[ProblemIssue]:
    _, found = check_manifest(manifest, style="wire")
    return [ProblemIssue(issue.path or "sourceYaml", issue.message) for issue in found]


def _source_manifest(body: Any) -> Mapping[str, Any]:
    """The amp.yaml manifest of a ``{sourceYaml | sourceZipUrl}`` body."""
    body = _body(body)
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


def _content_issues(
    content: Mapping[str, Any], integration: Integration, revision: Revision
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
            issues += _object_issues(action, name, obj, revision, _key_path(path, name))
    proxy = content.get("proxy")
    if proxy is not None and not (
        isinstance(proxy, Mapping) and isinstance(proxy.get("enabled", False), bool)
    ):
        issues.append(ProblemIssue(f"{prefix}.proxy", "Must be an object with a boolean enabled."))
    return issues


def _object_issues(
    action: str, name: str, obj: Any, revision: Revision, path: str
) -> list[ProblemIssue]:
    if not isinstance(obj, Mapping):
        return [ProblemIssue(path, "Must be an object.")]
    object_name = obj.get("objectName")
    if object_name is not None and object_name != name:
        return [ProblemIssue(f"{path}.objectName", f"Must equal its key {name!r}.")]
    if name not in _revision_object_names(revision.content, action):
        return [
            ProblemIssue(
                path,
                f"Object {name!r} is not in the {action} action of the integration's latest "
                f"revision {revision.id}.",
            )
        ]
    return []


def _credential_issues(kind: str, credential: Any) -> list[ProblemIssue]:
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


# --- helpers --------------------------------------------------------------------------------


def _body(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise ProblemInputValidation(
            "The request body must be a JSON object.",
            [ProblemIssue("", "Expected a JSON object.")],
            status=400,
        )
    return body


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProblemInputValidation(
            f"{name} must be an object.", [ProblemIssue(name, "Expected an object.")], status=400
        )
    return value


def _string_field(
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


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemInputValidation(
            f"{name}: expected a non-empty string.",
            [ProblemIssue(name, "Must be a non-empty string.")],
            status=400,
        )
    return value


def _provider_change(path: str, integration: Integration) -> ProblemIssue:
    return ProblemIssue(
        path,
        f"Integration {integration.name!r} has provider {integration.provider!r}; a provider "
        "cannot change (create a new integration instead).",
    )


def _join(prefix: str, path: str) -> str:
    if not path:
        return prefix
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def _key_path(prefix: str, key: str) -> str:
    return (
        f"{prefix}.{key}"
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key)
        else f"{prefix}[{json.dumps(key)}]"
    )


def _revision_object_names(content: Mapping[str, Any], action: str) -> set[str]:
    block = content.get(action)
    objects = block.get("objects") if isinstance(block, Mapping) else None
    if not isinstance(objects, list):
        return set()
    return {o["objectName"] for o in objects if isinstance(o, Mapping) and "objectName" in o}


def _action_objects(content: JsonObject, action: str) -> dict[str, JsonObject]:
    block = content.get(action)
    objects = block.get("objects") if isinstance(block, dict) else None
    return objects if isinstance(objects, dict) else {}


def _object_name(key: str, obj: Mapping[str, Any]) -> str:
    name = obj.get("objectName", key)
    return name if isinstance(name, str) else key


def _fill_read_objects(content: JsonObject, revision: Revision) -> None:
    """Copy schedule, destination and backfill from the revision where a read object omits them."""
    block = revision.content.get("read")
    objects = block.get("objects") if isinstance(block, Mapping) else None
    by_name = {
        o["objectName"]: o
        for o in (objects if isinstance(objects, list) else [])
        if isinstance(o, Mapping) and "objectName" in o
    }
    for key, obj in _action_objects(content, "read").items():
        if not isinstance(obj, dict):
            continue
        obj.setdefault("objectName", key)
        source = by_name.get(_object_name(key, obj), {})
        for name in FILLED_READ_FIELDS:
            if name not in obj and name in source:
                obj[name] = copy.deepcopy(source[name])


def _revision_wire(revision: Revision) -> JsonObject:
    return {
        "id": revision.id,
        "specVersion": revision.spec_version,
        "createTime": revision.create_time,
        "content": copy.deepcopy(revision.content),
    }


def _secret_strings(value: Any, key: str = "", inside_custom: bool = False) -> Iterable[str]:
    """Credential strings in a stored credential: tokens, keys, passwords, secrets."""
    if isinstance(value, Mapping):
        for child_key, child in value.items():
            yield from _secret_strings(child, child_key, inside_custom or child_key == "customAuth")
    elif isinstance(value, list):
        if inside_custom:
            for item in value:
                yield from _secret_strings(item, key, inside_custom)
    elif isinstance(value, str) and value and (inside_custom or key in SECRET_KEYS):
        yield value
