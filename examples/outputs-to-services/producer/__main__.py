"""The producer: an integration and one installation per group, published as stack outputs.

Other stacks read these through a ``pulumi.StackReference`` (see ../consumer), and any script
through ``pulumi stack output --json`` (see ../service_env.py).
"""

import pulumi

import pulumi_ampersand as amp

config = pulumi.Config()
groups: list[str] = config.get_object("groups") or ["org-acme"]

crm = amp.Integration(
    "crm-sync",
    provider="salesforce",
    read=amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(
                object_name="contact",
                destination="contactWebhook",
                schedule="0 */2 * * *",
                required_fields=[amp.ExistingFieldArgs(field_name="email")],
            )
        ]
    ),
    write=amp.WriteArgs(objects=[amp.WriteObjectArgs(object_name="contact")]),
)

fleet = amp.GroupInstallations(
    "crm",
    integration=crm,
    groups=groups,
    config=amp.InstallationConfigArgs(
        read=amp.InstallationReadArgs(
            objects={
                "contact": amp.InstallationReadObjectArgs(
                    object_name="contact", selected_fields={"email": True}
                )
            }
        ),
        write=amp.InstallationWriteArgs(
            objects={"contact": amp.InstallationWriteObjectArgs(object_name="contact")}
        ),
    ),
)

pulumi.export("integration_id", crm.id)
pulumi.export("integration_name", crm.name)
pulumi.export("revision_id", crm.latest_revision_id)
pulumi.export("installation_ids", fleet.installation_ids)
