"""The native provider plugin ``pulumi-resource-ampersand``, for every Pulumi language.

One core, two front ends: the plugin answers the engine's calls with the dynamic resources'
providers (``pulumi_ampersand.integration``, ``installation``), so both fronts validate, diff,
read and update in exactly one way. This package adds what only a native provider has: a
schema (``schema.json``, derived from the models), detailed diffs, import, functions, and no
four-operation ceiling.
"""
