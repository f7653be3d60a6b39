"""Outputs, Args, dicts and a mix of them in every kind of field: both checkers accept it."""

from typing import Literal

import pulumi

import pulumi_ampersand as amp

text: pulumi.Output[str] = pulumi.Output.from_input("accountWebhook")
days: pulumi.Output[int] = pulumi.Output.from_input(30)
flag: pulumi.Output[bool] = pulumi.Output.from_input(True)
every: pulumi.Output[Literal["all"]] = pulumi.Output.from_input("all")

# Args, with an Output in a scalar, an int, a bool, a literal, a list item and a nested Args.
account = amp.ReadObjectArgs(
    object_name="account",
    destination=text,
    schedule=text.apply(lambda _: "*/30 * * * *"),
    required_fields=[amp.ExistingFieldArgs(field_name=text), {"map_to_name": "city"}],
    optional_fields_auto=every,
    backfill=amp.BackfillArgs(default_period=amp.DefaultPeriodArgs(days=days)),
    delivery=pulumi.Output.from_input(amp.DeliveryArgs(mode="onRequest", page_size=100)),
)
# The dict form, with Outputs inside.
contact: amp.ReadObjectArgsDict = {
    "object_name": "contact",
    "destination": text,
    "backfill": {"default_period": {"full_history": flag}},
    "optional_fields": [{"field_name": "email"}, amp.FieldMappingArgs(map_to_name="x")],
}
# A whole list as one Output.
objects: pulumi.Output[list[amp.ReadObjectArgs]] = pulumi.Output.from_input([account])

crm = amp.Integration(
    "crm",
    provider=text,
    display_name=text,
    read=amp.ReadArgs(objects=[account, contact, objects.apply(lambda items: items[0])]),
    write={"objects": [{"object_name": "contact", "inherit_mapping": flag}]},
    proxy=amp.ProxyArgs(enabled=flag),
    subscribe=pulumi.Output.from_input(amp.SubscribeArgs(objects=[])),
    watch_schema={
        "destination": text,
        "all_objects": {"field_created": {"enabled": "always"}},
    },
    project=text,
    adopt=flag,
)
from_objects = amp.Integration(
    "from-objects", provider="hubspot", read=amp.ReadArgs(objects=objects)
)
from_args = amp.Integration("from-args", amp.IntegrationArgs(name=text, provider="salesforce"))
from_dict = amp.Integration("from-dict", {"name": "d", "provider": "salesforce"})

# Maps: of Args, of dicts, of Outputs, and a whole map as one Output.
selected: pulumi.Output[dict[str, bool]] = pulumi.Output.from_input({"name": True})
config = amp.InstallationConfigArgs(
    read=amp.InstallationReadArgs(
        objects={
            "account": amp.InstallationReadObjectArgs(
                object_name="account",
                selected_fields=selected,
                selected_field_mappings={"city": text},
                selected_value_mappings={"stage": {"won": text}},
                field_filters=[{"field_name": "type", "operator": "eq", "value": days}],
            ),
            "contact": {"object_name": "contact", "selected_fields": {"email": flag}},
        }
    ),
    write={
        "objects": {"contact": {"object_name": "contact", "deletion_settings": {"enabled": flag}}}
    },
)
acme = amp.Installation(
    "acme",
    integration_id=crm.id,
    group_ref=text,
    config=config,
    revision_id=crm.latest_revision_id,
    connection_id=text,
    adopt=flag,
)
beta = amp.Installation(
    "beta",
    amp.InstallationArgs(
        integration_id=crm.id, group_ref="beta", config={"proxy": {"enabled": flag}}
    ),
)
gamma_args: amp.InstallationArgsDict = {"integration_id": crm.id, "group_ref": "gamma"}
gamma = amp.Installation("gamma", gamma_args, config=pulumi.Output.from_input(config))
fleet = amp.GroupInstallations("fleet", integration=crm, groups=["a", "b"], config=config)

# Outputs are typed Outputs.
revision: pulumi.Output[str] = crm.latest_revision_id
connection: pulumi.Output[dict[str, object]] = acme.connection
ids: pulumi.Output[dict[str, str]] = fleet.installation_ids
pulumi.export("ids", ids)
