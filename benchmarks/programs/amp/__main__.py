"""1 Integration + N Installations, each installation following the integration's revision.

Stack config: see ``benchmarks/programs/shape.py``.
"""

import pulumi_ampersand as amp
from benchmarks.programs.shape import read_shape

shape = read_shape()

crm = amp.Integration(
    "crm",
    name="bench-crm",
    provider="salesforce",
    read=amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(
                object_name="account",
                destination="accountWebhook",
                schedule=shape.integration_schedule,
                required_fields=[amp.ExistingFieldArgs(field_name="name")],
            )
        ]
    ),
)

for i in range(shape.n):
    amp.Installation(
        f"inst-{i:03d}",
        integration_id=crm.id,
        group_ref=f"group-{i:03d}",
        revision_id=crm.latest_revision_id,
        config=amp.InstallationConfigArgs(
            read=amp.InstallationReadArgs(
                objects={
                    "account": amp.InstallationReadObjectArgs(
                        object_name="account",
                        schedule=shape.schedule_of(i),
                        selected_fields={"name": True},
                    )
                }
            )
        ),
    )
