"""One integration, installed for every customer group that stack config lists.

The groups are stack config, so onboarding a customer is a config change, not a code change:

    pulumi config set --path 'groups[0]' org-a        # a list of group refs
    pulumi config set --path 'groups[1]' org-b

or a JSON object of group ref -> overrides for that group (``schedule`` here; any of
``connection_id``, ``created_by``, ``adopt`` are passed to the group's Installation):

    pulumi config set groups '{"org-a": {}, "org-c": {"schedule": "0 */6 * * *"}}'
"""

from typing import Any

import pulumi

import pulumi_ampersand as amp

DEFAULT_SCHEDULE = "*/30 * * * *"

config = pulumi.Config()

crm = amp.Integration(
    "crm-sync",
    provider="salesforce",
    read=amp.ReadArgs(
        objects=[
            amp.ReadObjectArgs(
                object_name="account",
                destination="accountWebhook",
                schedule=DEFAULT_SCHEDULE,
                required_fields=[amp.ExistingFieldArgs(field_name="name")],
                optional_fields=[amp.ExistingFieldArgs(field_name="industry")],
            )
        ]
    ),
)


def group_config(schedule: str) -> amp.InstallationConfigArgs:
    """The installation config of one group: its read schedule, and the fields it reads."""
    return amp.InstallationConfigArgs(
        read=amp.InstallationReadArgs(
            objects={
                "account": amp.InstallationReadObjectArgs(
                    object_name="account",
                    schedule=schedule,
                    selected_fields={"name": True, "industry": True},
                )
            }
        )
    )


listed: list[str] | dict[str, dict[str, Any] | None] = config.get_object("groups") or ["org-acme"]
overrides = dict.fromkeys(listed) if isinstance(listed, list) else listed
groups = {
    group: {
        **{key: value for key, value in (override or {}).items() if key != "schedule"},
        "config": group_config((override or {}).get("schedule", DEFAULT_SCHEDULE)),
    }
    for group, override in overrides.items()
}

fleet = amp.GroupInstallations("crm", integration=crm, groups=groups)

pulumi.export("integration_id", crm.id)
pulumi.export("revision_id", crm.latest_revision_id)
pulumi.export("installation_ids", fleet.installation_ids)
