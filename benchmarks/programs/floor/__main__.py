"""The engine's floor: the same shape as ``programs/amp`` made of no-op dynamic resources.

One root and N children, each child taking the root's id and a computed output (as an
Installation takes ``integration_id`` and ``revision_id``). Same stack config as ``amp``.
"""

import pulumi

from benchmarks.noop import Noop

config = pulumi.Config("bench")
n = config.require_int("n")
changed = config.get_int("changed") or 0
install_schedule = config.get("installSchedule") or "*/30 * * * *"

root = Noop(
    "crm",
    {
        "name": "bench-crm",
        "provider": "salesforce",
        "schedule": config.get("integrationSchedule") or "*/30 * * * *",
    },
)

for i in range(n):
    Noop(
        f"inst-{i:03d}",
        {
            "integration_id": root.id,
            "group_ref": f"group-{i:03d}",
            "revision_id": root.revision,
            "schedule": install_schedule if i < changed else "*/30 * * * *",
        },
    )
