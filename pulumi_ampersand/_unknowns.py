"""Values that are not known yet: a ``pulumi.Output`` in the program, ``Unknown`` in a preview.

Kept apart from the models so the provider process can tell an unchanged resource without
importing pydantic (see ``_provider``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.output import Unknown

__all__ = ["contains_unknown", "is_unknown"]


def is_unknown(value: object) -> bool:
    """True for a value that is not known yet: a ``pulumi.Output`` or a preview ``Unknown``."""
    return isinstance(value, (pulumi.Output, Unknown))


def contains_unknown(value: Any) -> bool:
    """True if a value, or anything nested in it, is not known yet (a preview)."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False
