"""The consumer: a service's stack that takes the Ampersand ids from the producer's outputs.

    pulumi config set producerStack <org>/ampersand-outputs-producer/<stack>

Here the values become the service's environment, exported as ``service_env``; in a real stack
they would go into a Kubernetes ConfigMap, a Lambda's environment, a secret store, etc.
"""

import pulumi

config = pulumi.Config()
producer = pulumi.StackReference(
    config.get("producerStack") or "organization/ampersand-outputs-producer/dev"
)

integration_id = producer.require_output("integration_id")
revision_id = producer.require_output("revision_id")
installation_ids = producer.require_output("installation_ids")

service_env = pulumi.Output.all(integration_id, revision_id, installation_ids).apply(
    lambda values: {
        "AMPERSAND_INTEGRATION_ID": values[0],
        "AMPERSAND_REVISION_ID": values[1],
        **{
            f"AMPERSAND_INSTALLATION_ID_{group.upper().replace('-', '_')}": installation_id
            for group, installation_id in sorted(values[2].items())
        },
    }
)

pulumi.export("service_env", service_env)
pulumi.export("installation_count", installation_ids.apply(len))
