"""1 Integration + N Installations, each installation following the integration's revision.

Stack config: ``bench:n`` (installations), ``bench:integrationSchedule`` (the integration's
read schedule: change it for a new revision), ``bench:installSchedule`` and
``bench:changed`` (the first ``changed`` installations use ``installSchedule``).
"""

import pulumi

import pulumi_ampersand as amp

config = pulumi.Config("bench")
n = config.require_int("n")
changed = config.get_int("changed") or 0
install_schedule = config.get("installSchedule") or "*/30 * * * *"

crm = amp.Integration(
    "crm",
    name="bench-crm",
    provider="salesforce",
    read=amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(
                object_name="account",
                destination="accountWebhook",
                schedule=config.get("integrationSchedule") or "*/30 * * * *",
                required_fields=[amp.ExistingFieldArgs(field_name="name")],
            )
        ]
    ),
)

for i in range(n):
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
                        schedule=install_schedule if i < changed else "*/30 * * * *",
                        selected_fields={"name": True},
                    )
                }
            )
        ),
    )
