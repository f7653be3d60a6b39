"""What a rejected API key says, per provider operation, and that it never shows the key.

A 401 in ``read`` or ``delete`` (``pulumi refresh`` / ``destroy``, which configure the provider
from the stack config saved at the last ``up``) names the way out of a rotated key; a 401 in
``create`` or ``update`` (``pulumi up``, which runs the program with the current config) names
the config key and the environment variable to set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pulumi_ampersand import AuthenticationError, InstallationProvider, IntegrationProvider
from pulumi_ampersand._provider import BaseProvider
from pulumi_ampersand.emulator import FaultRule
from tests.support.providers import (
    KEY,
    InProcessEmulator,
    configure,
    installation_inputs,
    integration_inputs,
)

NEW_KEY = "rotated-key-that-must-not-leak-93ad"
SAVED_KEY_REJECTED = (
    "Ampersand rejected the API key. If you rotated `ampersand:apiKey`, `pulumi refresh`/"
    "`destroy` use the configuration saved at the last `pulumi up`: run `pulumi up`, or add "
    "`--run-program`."
)
SET_THE_KEY = "`pulumi config set --secret ampersand:apiKey <key>` or the AMP_API_KEY"


class Deployed:
    """One resource made with KEY: its provider (still configured with KEY), id and outputs."""

    def __init__(self, provider: BaseProvider, id_: str, outs: dict[str, Any]) -> None:
        self.provider, self.id, self.outs = provider, id_, outs

    def changed_inputs(self) -> dict[str, Any]:
        """The inputs with one change, so an update has to call the API."""
        if isinstance(self.provider, IntegrationProvider):
            inputs = integration_inputs(self.provider)
            inputs["read"]["objects"][0]["schedule"] = "0 * * * *"
            return inputs
        inputs = installation_inputs(self.outs["integration_id"])
        inputs["config"]["read"]["objects"]["account"]["selected_fields"] = {"email": True}
        return inputs

    def new_inputs(self) -> dict[str, Any]:
        """Inputs of another object of the same type (a create)."""
        if isinstance(self.provider, IntegrationProvider):
            return integration_inputs(self.provider, name="crm-other")
        return installation_inputs(self.outs["integration_id"], group_ref="org-b")


Operation = Callable[[Deployed], Any]
OPERATIONS: dict[str, Operation] = {
    "read": lambda d: d.provider.read(d.id, d.outs),
    "delete": lambda d: d.provider.delete(d.id, d.outs),
    "create": lambda d: d.provider.create(d.new_inputs()),
    "update": lambda d: d.provider.update(d.id, d.outs, d.changed_inputs()),
}


@pytest.fixture
def deployed(emulator: InProcessEmulator) -> dict[str, Deployed]:
    integrations = configure(IntegrationProvider(), emulator)
    integration = integrations.create(integration_inputs(integrations))
    for group in ("org-a", "org-b"):
        emulator.connect(group)
    installations = configure(InstallationProvider(), emulator)
    installation = installations.create(installation_inputs(integration.id))
    return {
        "integration": Deployed(integrations, integration.id, integration.outs),
        "installation": Deployed(installations, installation.id, installation.outs),
    }


def rejected(operation: Operation, resource: Deployed) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as failure:
        operation(resource)
    return failure.value


def assert_no_key(error: Exception) -> None:
    shown = f"{error}\n{error!r}"
    assert KEY not in shown
    assert NEW_KEY not in shown


@pytest.mark.parametrize("resource", ["integration", "installation"])
@pytest.mark.parametrize("operation", ["read", "delete"])
def test_a_401_in_refresh_or_destroy_names_the_saved_config(
    emulator: InProcessEmulator, deployed: dict[str, Deployed], operation: str, resource: str
) -> None:
    emulator.app.set_api_keys([NEW_KEY])  # rotated: the provider still has the old key
    error = rejected(OPERATIONS[operation], deployed[resource])
    assert error.status == 401
    message = str(error)
    assert message.startswith(SAVED_KEY_REJECTED)
    # a key that was wrong all along: how to set it, so that refresh and destroy use it
    assert "`pulumi config set --secret ampersand:apiKey <key>` and run `pulumi up`" in message
    assert "AMP_API_KEY environment variable" in message
    assert "401 Unauthorized" in message  # what the API answered stays in the message
    assert_no_key(error)


@pytest.mark.parametrize("resource", ["integration", "installation"])
@pytest.mark.parametrize("operation", ["create", "update"])
def test_a_401_in_up_names_the_config_key_and_the_environment_variable(
    emulator: InProcessEmulator, deployed: dict[str, Deployed], operation: str, resource: str
) -> None:
    emulator.app.set_api_keys([NEW_KEY])
    error = rejected(OPERATIONS[operation], deployed[resource])
    assert error.status == 401
    message = str(error)
    assert SET_THE_KEY in message
    assert "--run-program" not in message  # `up` runs the program: the saved config is moot
    assert_no_key(error)


def test_a_403_in_refresh_is_not_a_rotated_key(
    emulator: InProcessEmulator, deployed: dict[str, Deployed]
) -> None:
    emulator.faults.add(FaultRule(method="GET", status=403, count=1))
    error = rejected(OPERATIONS["read"], deployed["integration"])
    assert error.status == 403
    assert "--run-program" not in str(error)
    assert SET_THE_KEY in str(error)


@pytest.mark.parametrize("operation", ["read", "create"])
def test_a_401_that_echoes_the_key_does_not_show_it(
    emulator: InProcessEmulator, deployed: dict[str, Deployed], operation: str
) -> None:
    emulator.faults.add(FaultRule(status=401, detail=f"API key {KEY} was revoked", count=1))
    error = rejected(OPERATIONS[operation], deployed["integration"])
    assert "was revoked" in str(error)  # the server's detail is there, without the key
    assert_no_key(error)
