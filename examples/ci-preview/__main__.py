"""The stack that CI previews: an integration and one customer's installation."""

import pulumi

import pulumi_ampersand as amp

config = pulumi.Config()

crm = amp.Integration(
    "crm-sync",
    provider="salesforce",
    read=amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(
                object_name="account",
                destination="accountWebhook",
                schedule="*/30 * * * *",
                required_fields=[amp.ExistingFieldArgs(field_name="name")],
            )
        ]
    ),
)
acme = amp.Installation(
    "acme",
    integration_id=crm.id,
    group_ref=config.get("groupRef") or "org-acme",
    config=amp.InstallationConfigArgs(
        read=amp.InstallationReadArgs(
            objects={
                "account": amp.InstallationReadObjectArgs(
                    object_name="account", selected_fields={"name": True}
                )
            }
        )
    ),
    revision_id=crm.latest_revision_id,
)

pulumi.export("integration_id", crm.id)
pulumi.export("installation_id", acme.id)
