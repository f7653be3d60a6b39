"""Provider settings: stack config ``ampersand:*`` first, then ``AMP_*`` environment variables.

| stack config          | environment      | default                              |
|-----------------------|------------------|--------------------------------------|
| ``ampersand:apiKey``  | ``AMP_API_KEY``  | none: required for any API call      |
| ``ampersand:projectId`` | ``AMP_PROJECT_ID`` | none: or pass ``project=`` to a resource |
| ``ampersand:apiUrl``  | ``AMP_API_URL``  | ``https://api.withampersand.com/v1`` |
| ``ampersand:requestTimeout`` | ``AMP_REQUEST_TIMEOUT`` | ``30`` s for one attempt |
| ``ampersand:retryDeadline`` | ``AMP_RETRY_DEADLINE`` | ``120`` s: no retry starts later |

The settings are read in the provider process by ``configure()``, at run time, so no credential
is ever part of the serialized provider stored in state. ``pulumi refresh`` and ``pulumi
destroy`` do not run the program: the engine configures the provider with the stack config
recorded (encrypted) at the last ``up``, so a changed ``ampersand:*`` value reaches them only
after an ``up`` (one without resource changes makes no API call) or with ``--run-program``;
a 401 there says so (``_provider``). Environment variables are read by the provider process
itself and apply at once, where no stack config (the saved one, at a plain ``refresh`` or
``destroy``) overrides them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ._errors import ConfigurationError

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "ConfigSource", "ProviderSettings"]

DEFAULT_BASE_URL = "https://api.withampersand.com/v1"
DEFAULT_TIMEOUT = 30.0
"""Seconds one HTTP attempt may take, unless ``ampersand:requestTimeout`` says otherwise."""

API_KEY = ("ampersand:apiKey", "AMP_API_KEY")
PROJECT_ID = ("ampersand:projectId", "AMP_PROJECT_ID")
API_URL = ("ampersand:apiUrl", "AMP_API_URL")
REQUEST_TIMEOUT = ("ampersand:requestTimeout", "AMP_REQUEST_TIMEOUT")
RETRY_DEADLINE = ("ampersand:retryDeadline", "AMP_RETRY_DEADLINE")

_HOW_TO_SET_KEY = (
    "set it with `pulumi config set --secret ampersand:apiKey <key>` "
    "or the AMP_API_KEY environment variable"
)


class ConfigSource(Protocol):
    """What settings are read from: ``pulumi.dynamic.Config`` or anything with ``get``."""

    def get(self, key: str) -> str | None: ...


@dataclass(frozen=True)
class ProviderSettings:
    """Resolved provider settings. ``repr`` never shows the API key."""

    api_key: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_BASE_URL
    project_id: str | None = None
    request_timeout: float | None = None
    """Seconds one HTTP attempt may take (None: the client's default)."""
    retry_deadline: float | None = None
    """Seconds from a call's first attempt after which no retry starts (None: the default)."""
    transport: httpx.BaseTransport | None = field(default=None, repr=False)
    """The client's httpx transport (None: the network). No stack config sets it: it is the
    seam through which tests run the providers against an in-process emulator
    (``emulator_transport``) without opening a socket."""

    @classmethod
    def load(
        cls,
        config: ConfigSource | None = None,
        environ: Mapping[str, str] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> ProviderSettings:
        """Read the settings from stack config, falling back to the environment.

        :param transport: the client's httpx transport (see :attr:`transport`).
        """
        env = os.environ if environ is None else environ

        def lookup(keys: tuple[str, str]) -> str | None:
            config_key, env_key = keys
            value = config.get(config_key) if config is not None else None
            if not value:
                value = env.get(env_key)
            return value.strip() if value and value.strip() else None

        return cls(
            api_key=lookup(API_KEY),
            api_url=(lookup(API_URL) or DEFAULT_BASE_URL).rstrip("/"),
            project_id=lookup(PROJECT_ID),
            request_timeout=_seconds(REQUEST_TIMEOUT, lookup(REQUEST_TIMEOUT)),
            retry_deadline=_seconds(RETRY_DEADLINE, lookup(RETRY_DEADLINE)),
            transport=transport,
        )

    def require_api_key(self) -> str:
        """The API key, or a ConfigurationError that says how to set it."""
        if not self.api_key:
            raise ConfigurationError(f"No Ampersand API key is configured: {_HOW_TO_SET_KEY}.")
        return self.api_key

    def resolve_project(self, project: str | None) -> str | None:
        """The resource's own ``project`` input, else ``ampersand:projectId``."""
        return project or self.project_id


def _seconds(keys: tuple[str, str], value: str | None) -> float | None:
    """A positive number of seconds from a setting, or None when it is not set."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise ConfigurationError(
            f"{keys[0]} (or {keys[1]}) must be a positive number of seconds, not {value!r}."
        )
    return seconds
