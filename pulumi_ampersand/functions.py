"""Lookups for Python programs: ``get_integration`` and ``get_installations``, as Outputs.

The same lookups as the native provider's ``getIntegration`` and ``getInstallations`` functions
(``lookups``), run in the program process with the stack's ``ampersand:*`` config (or the
``AMP_*`` environment), on a worker thread so the program keeps registering resources while
the API answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import pulumi
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime import get_config

from ._flow import Flow
from .config import API_KEY, API_URL, PROJECT_ID, REQUEST_TIMEOUT, RETRY_DEADLINE
from .integration import IntegrationProvider
from .lookups import InstallationInfo, IntegrationInfo, find_installations, find_integration

__all__ = ["get_installations", "get_integration"]

T = TypeVar("T")
_KEYS = (API_KEY, PROJECT_ID, API_URL, REQUEST_TIMEOUT, RETRY_DEADLINE)


def get_integration(
    id: pulumi.Input[str] | None = None,
    name: pulumi.Input[str] | None = None,
    project: pulumi.Input[str] | None = None,
) -> pulumi.Output[IntegrationInfo]:
    """The integration with this id, or else this name (``ampersand:index:getIntegration``).

    :raises NotFoundError: (in the Output) there is no such integration.
    """

    def lookup(args: list[Any]) -> Any:
        id_or_name = args[0] or args[1]
        if not id_or_name:
            raise ValueError("get_integration needs an id or a name")
        return _in_thread(
            lambda core: find_integration(core.api(), _project(core, args[2]), id_or_name)
        )

    return pulumi.Output.all(id, name, project).apply(lookup)


def get_installations(
    integration: pulumi.Input[str],
    group_ref: pulumi.Input[str] | None = None,
    project: pulumi.Input[str] | None = None,
) -> pulumi.Output[list[InstallationInfo]]:
    """The installations of an integration (id or name), maybe only ``group_ref``'s.

    The ``ampersand:index:getInstallations`` function for Python programs; no result carries
    a connection's credentials.
    """

    def lookup(args: list[Any]) -> Any:
        return _in_thread(
            lambda core: find_installations(core.api(), _project(core, args[2]), args[0], args[1])
        )

    return pulumi.Output.all(integration, group_ref, project).apply(lookup)


def _project(core: IntegrationProvider, project: str | None) -> str:
    return core.project_of({"project": project} if project else {})


def _in_thread(flow_of: Callable[[IntegrationProvider], Flow[T]]) -> asyncio.Future[T]:
    """Run the flow ``flow_of`` a configured core on a worker thread; the Output awaits it."""
    raw = {key: value for key, _ in _KEYS if (value := get_config(key)) is not None}
    core = IntegrationProvider()
    core.configure(ConfigureRequest(Config(raw, "ampersand")))
    return asyncio.get_running_loop().run_in_executor(None, lambda: core.run(flow_of(core)))
