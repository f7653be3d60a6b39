"""The engine's floor: ``programs/amp`` with every resource replaced by a no-op resource.

Each resource has the same inputs and declares the same outputs as its Ampersand counterpart,
and the same dependencies: one root and N children, each child taking the root's ``id`` and
``latest_revision_id``. The no-op provider returns a made-up value for every declared output,
so the engine carries outputs of about the same size (the Installation's ``connection`` is a
small object; here it is a string). What remains between the two stacks is what the
providers' code costs: validation, diffs, imports, HTTP. Same stack config as ``amp``.
"""

from benchmarks.noop import Noop, NoopInstallationProvider, NoopIntegrationProvider
from benchmarks.programs.shape import read_shape
from pulumi_ampersand import installation, integration

# The floor declares exactly the outputs the real resources declare.
assert NoopIntegrationProvider.OUTPUTS == integration.COMPUTED_KEYS
assert NoopInstallationProvider.OUTPUTS == installation.COMPUTED_KEYS

shape = read_shape()

root = Noop(
    "crm",
    {
        "name": "bench-crm",
        "provider": "salesforce",
        "read": {
            "objects": [
                {
                    "object_name": "account",
                    "destination": "accountWebhook",
                    "schedule": shape.integration_schedule,
                    "required_fields": [{"field_name": "name"}],
                }
            ]
        },
        "spec_version": integration.SPEC_VERSION,
        "project": None,
        "adopt": False,
    },
    NoopIntegrationProvider(),
)

for i in range(shape.n):
    Noop(
        f"inst-{i:03d}",
        {
            "integration_id": root.id,
            "group_ref": f"group-{i:03d}",
            "revision_id": root.latest_revision_id,
            "config": {
                "read": {
                    "objects": {
                        "account": {
                            "object_name": "account",
                            "schedule": shape.schedule_of(i),
                            "selected_fields": {"name": True},
                        }
                    }
                }
            },
            "project": None,
            "adopt": False,
        },
        NoopInstallationProvider(),
    )
