"""Field descriptions from the docstrings written under the fields, one parse per module.

This is what pydantic's ``use_attribute_docstrings`` does, at a fraction of its cost: on Python
before 3.13 pydantic walks the call stack and re-reads the source for every class, which for
these ~50 models cost ~25 ms at every start of the provider process (every ``pulumi`` command).
Here each module's source is parsed once. Descriptions are set after pydantic has collected the
fields and before the schema is built, so the models must use ``defer_build=True`` (as
``InputModel`` does); pydantic keeps a set description when it rebuilds a field.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import sys

from pydantic import BaseModel

__all__ = ["describe_fields"]


def describe_fields(model: type[BaseModel]) -> None:
    """Give each field of ``model`` without a description the docstring under its declaration."""
    for name, field in model.__pydantic_fields__.items():
        if field.description is None:
            field.description = next(
                (doc for base in model.__mro__ if (doc := _class_docstrings(base).get(name))),
                None,
            )


def _class_docstrings(cls: type) -> dict[str, str]:
    return _module_docstrings(cls.__module__).get(cls.__qualname__, {})


@functools.cache
def _module_docstrings(module_name: str) -> dict[str, dict[str, str]]:
    """``{class qualname: {field: docstring}}`` for every class of a module."""
    try:
        source = inspect.getsource(sys.modules[module_name])
    except (KeyError, OSError, TypeError):  # no source (a frozen or interactive module)
        return {}
    found: dict[str, dict[str, str]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                found[prefix + node.name] = _field_docstrings(node.body)
                visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(source).body, "")
    return found


def _field_docstrings(body: list[ast.stmt]) -> dict[str, str]:
    docs = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs
