"""The benchmark stacks (each a Pulumi project) and the stack config they share."""
