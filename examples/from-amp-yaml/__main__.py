"""An existing amp.yaml, deployed as is, with one change made in Python.

``amp.load_manifest`` reads and checks the file (the same rules as ``amp deploy``) and returns
its integrations as typed ``IntegrationArgs``, keyed by name. Each becomes an ``Integration``;
the program may change any of them first, with pydantic's ``model_copy(update=...)``.
"""

from pathlib import Path

import pulumi

import pulumi_ampersand as amp

config = pulumi.Config()
manifest = amp.load_manifest(Path(__file__).parent / "amp.yaml")

# An edit in Python: read HubSpot contacts more often than amp.yaml says.
hubspot = manifest["hubspot-contacts"]
assert hubspot.read is not None and hubspot.read.objects
schedule = config.get("contactsSchedule") or "*/15 * * * *"
manifest["hubspot-contacts"] = hubspot.model_copy(
    update={
        "read": hubspot.read.model_copy(
            update={
                "objects": [
                    obj.model_copy(update={"schedule": schedule})
                    if obj.object_name == "contacts"
                    else obj
                    for obj in hubspot.read.objects
                ]
            }
        )
    }
)

# The first `pulumi up` after `amp deploy`: `pulumi config set adopt true` takes over the
# integrations that already exist instead of failing on their names (no new revision when their
# content is unchanged). Harmless to leave on afterwards.
adopt = config.get_bool("adopt") or False
integrations = {name: amp.Integration(name, args, adopt=adopt) for name, args in manifest.items()}

pulumi.export("integration_ids", {name: i.id for name, i in integrations.items()})
pulumi.export("revision_ids", {name: i.latest_revision_id for name, i in integrations.items()})
