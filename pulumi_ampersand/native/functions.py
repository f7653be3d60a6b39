"""The native functions (invokes): ``getIntegration`` and ``getInstallations``.

Both call the shared lookups (``pulumi_ampersand.lookups``); their result types are derived
from the lookups' dataclasses, so the schema, the plugin and the Python functions agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic.alias_generators import to_camel

from .._api import ClientCore
from .._flow import Flow
from ..lookups import InstallationInfo, IntegrationInfo, find_installations, find_integration
from .resources import PACKAGE
from .shapes import Prop, ResourceShape, fields_of

__all__ = ["FUNCTIONS", "Function"]

Properties = Callable[[tuple[Prop, ...]], dict[str, Any]]


def _arg(name: str, description: str, *, required: bool = False) -> Prop:
    return Prop(name, to_camel(name), str, required, description)


@dataclass(frozen=True)
class Function:
    """One function: its arguments, its result, and the lookup that answers it."""

    token: str
    description: str
    args: tuple[Prop, ...]
    result: tuple[Prop, ...]
    run: Callable[[ClientCore, str, Mapping[str, Any]], Flow[dict[str, Any]]]

    @property
    def shape(self) -> ResourceShape:
        """Arguments and result, for the key translation."""
        return ResourceShape(inputs=self.args, outputs=self.result)

    def spec(self, properties: Properties) -> dict[str, Any]:
        """The function's schema entry."""
        return {
            "description": self.description,
            "inputs": {
                "properties": properties(self.args),
                "required": [p.native for p in self.args if p.required],
            },
            "outputs": {
                "properties": properties(self.result),
                "required": [p.native for p in self.result if p.required],
            },
        }

    def failures(self, args: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(argument, reason) for each required argument that is missing."""
        return [
            (p.native, f"{p.native} is required")
            for p in self.args
            if p.required and not args.get(p.name)
        ]


def _get_integration(
    api: ClientCore, project: str, args: Mapping[str, Any]
) -> Flow[dict[str, Any]]:
    id_or_name = args.get("id") or args.get("name")
    if not id_or_name:
        raise ValueError("getIntegration needs an id or a name")
    return dataclasses.asdict((yield from find_integration(api, project, id_or_name)))


def _get_installations(
    api: ClientCore, project: str, args: Mapping[str, Any]
) -> Flow[dict[str, Any]]:
    found = yield from find_installations(api, project, args["integration"], args.get("group_ref"))
    return {"installations": [dataclasses.asdict(info) for info in found]}


_PROJECT_ARG = _arg("project", "The project id or name; defaults to `ampersand:projectId`.")

GET_INTEGRATION = Function(
    token=f"{PACKAGE}:index:getIntegration",
    description="Look up an integration by id or by name.",
    args=(
        _arg("id", "The integration's id."),
        _arg("name", "The integration's name."),
        _PROJECT_ARG,
    ),
    result=tuple(fields_of(IntegrationInfo).values()),
    run=_get_integration,
)
GET_INSTALLATIONS = Function(
    token=f"{PACKAGE}:index:getInstallations",
    description="The installations of an integration, maybe only one group's. Connection "
    "credentials are never returned.",
    args=(
        _arg("integration", "The integration's id or name.", required=True),
        _arg("group_ref", "Only this group's installation."),
        _PROJECT_ARG,
    ),
    result=(
        Prop(
            "installations",
            "installations",
            list[InstallationInfo],
            required=True,
            description="The installations found.",
        ),
    ),
    run=_get_installations,
)
FUNCTIONS = {f.token: f for f in (GET_INTEGRATION, GET_INSTALLATIONS)}
