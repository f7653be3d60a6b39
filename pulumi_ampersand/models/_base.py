"""Base classes shared by every model: one place for aliasing, strictness and unknowns.

Two kinds of document cross the wire:

* **Input documents** (revision content, installation config) are written by users. They use
  snake_case in Python and camelCase on the wire, and reject unknown keys: an unknown key is a
  typo, exactly as Ampersand's own validator treats it.
* **Response documents** (API objects, problem bodies) are written by the server. They accept
  keys we do not know yet, so a new server field never breaks a deployment.

Input documents are the schema the public ``*Args`` classes of the resources are generated
from (``_codegen``), and what the providers' ``check`` validates the resources' props with. A
Pulumi program may pass a ``pulumi.Output`` for any field, and ``check``/``diff`` see
``pulumi.output.Unknown`` for values not known during a preview, so every field lets those two
through unvalidated. Rules
that look at several fields skip themselves while one of them is unknown (see ``is_unknown``).

Every model defers building its validator to its first use (``defer_build``): the provider
process imports the package at each ``pulumi`` command and uses few of the models (a
``preview`` parses no API response). The provider process validates from four threads at once;
pydantic builds a deferred model under a lock since 2.14, hence the lower bound.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidatorFunctionWrapHandler, field_validator
from pydantic.alias_generators import to_camel

from .._unknowns import is_unknown

__all__ = ["InputModel", "ResponseModel", "is_unknown"]


class InputModel(BaseModel):
    """A user-written document: snake_case in Python, camelCase on the wire, no unknown keys."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        arbitrary_types_allowed=True,
        defer_build=True,  # see the module docstring
    )

    @field_validator("*", mode="wrap")
    @classmethod
    def _let_unknowns_through(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if is_unknown(value):
            return value
        return handler(value)


class ResponseModel(BaseModel):
    """A server-written document: camelCase on the wire, unknown keys kept."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="allow",
        defer_build=True,  # see the module docstring
    )
