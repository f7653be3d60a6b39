"""Quickstart: one integration (read + write + subscribe) and one customer's installation."""

import pulumi

import pulumi_ampersand as amp

config = pulumi.Config()
group_ref = config.get("groupRef") or "org-acme"

crm = amp.Integration(
    "crm-sync",
    provider="salesforce",
    display_name="CRM sync",
    read=amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(
                object_name="account",
                destination="accountWebhook",
                schedule="*/30 * * * *",
                required_fields=[
                    amp.ExistingFieldArgs(field_name="name"),
                    amp.ExistingFieldArgs(field_name="industry"),
                ],
                optional_fields=[amp.ExistingFieldArgs(field_name="annualrevenue")],
            ),
            amp.ReadObjectArgs(
                object_name="contact",
                destination="contactWebhook",
                schedule="0 */2 * * *",
                required_fields=[amp.ExistingFieldArgs(field_name="email")],
            ),
        ]
    ),
    write=amp.WriteArgs(objects=[amp.WriteObjectArgs(object_name="contact")]),
    subscribe=amp.SubscribeArgs(
        objects=[
            amp.SubscribeObjectArgs(
                object_name="account",
                destination="accountWebhook",
                inherit_fields_and_mapping=True,
                create_event=amp.CreateEventArgs(enabled="always"),
                update_event=amp.UpdateEventArgs(enabled="always", watch_fields_auto="all"),
                delete_event=amp.DeleteEventArgs(enabled="always"),
            )
        ]
    ),
)

acme = amp.Installation(
    "acme",
    integration_id=crm.id,
    group_ref=group_ref,
    config=amp.InstallationConfigArgs(
        read=amp.InstallationReadArgs(
            objects={
                "account": amp.InstallationReadObjectArgs(
                    object_name="account",
                    selected_fields={"name": True, "industry": True, "annualrevenue": True},
                ),
                "contact": amp.InstallationReadObjectArgs(
                    object_name="contact", selected_fields={"email": True}
                ),
            }
        ),
        write=amp.InstallationWriteArgs(
            objects={"contact": amp.InstallationWriteObjectArgs(object_name="contact")}
        ),
    ),
    revision_id=crm.latest_revision_id,
)

pulumi.export("integration_id", crm.id)
pulumi.export("revision_id", crm.latest_revision_id)
pulumi.export("installation_id", acme.id)
pulumi.export("connection_id", acme.connection_id)
