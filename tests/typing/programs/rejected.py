"""Mistakes both checkers must report. The comments above each statement quote what each
checker says about it; neither may report anything else."""

import pulumi_ampersand as amp

# expected by mypy: Unexpected keyword argument "destinaton" for "ReadObjectArgs"
# expected by pyright: No parameter named "destinaton"
amp.ReadObjectArgs(object_name="account", destinaton="hook")

# expected by mypy: Argument "page_size" to "DeliveryArgs" has incompatible type "str"
# expected by pyright: "Literal['100']" is not assignable to "int"
amp.DeliveryArgs(page_size="100")

# expected by mypy: Extra key "schedul" for TypedDict "ReadObjectArgsDict"
# expected by pyright: "schedul" is an undefined item in type "ReadObjectArgsDict"
bad: amp.ReadObjectArgsDict = {"object_name": "a", "destination": "d", "schedul": "0 * * * *"}

# expected by mypy: Argument "read" to "Integration" has incompatible type
# expected by pyright: cannot be assigned to parameter "read"
amp.Integration("crm", provider="sf", read={"objects": [{"object_nam": "a", "destination": "d"}]})

# expected by mypy: Unexpected keyword argument "confg" for "Installation"
# expected by pyright: No parameter named "confg"
amp.Installation("acme", integration_id="i", group_ref="g", confg={})

# expected by mypy: Missing named argument "destination" for "ReadObjectArgs"
# expected by pyright: Argument missing for parameter "destination"
amp.ReadObjectArgs(object_name="account")
