"""The minimal floor: the resources and dependencies of ``programs/amp``, few properties.

One root and N children, each child taking the root's id and a computed output (as an
Installation takes ``integration_id`` and ``revision_id``), with 3 or 4 flat properties each
instead of the Ampersand resources' typed inputs and outputs. Same stack config as ``amp``.
The gap between this floor and ``programs/floor`` is what the engine and the SDK charge for
the resources' properties.
"""

from benchmarks.noop import Noop, NoopRootProvider
from benchmarks.programs.shape import read_shape

shape = read_shape()

root = Noop(
    "crm",
    {
        "name": "bench-crm",
        "provider": "salesforce",
        "schedule": shape.integration_schedule,
    },
    NoopRootProvider(),
)

for i in range(shape.n):
    Noop(
        f"inst-{i:03d}",
        {
            "integration_id": root.id,
            "group_ref": f"group-{i:03d}",
            "revision_id": root.revision,
            "schedule": shape.schedule_of(i),
        },
    )
