"""``python -m pulumi_ampersand.convert amp.yaml``: the same integrations as a Pulumi program.

The amp.yaml is loaded and checked with :func:`~pulumi_ampersand.load_manifest` (so a manifest
that ``amp deploy`` would reject is reported with the same paths, and nothing is printed), then
printed as a Python program: one :class:`~pulumi_ampersand.Integration` per integration of the
manifest, built from the typed ``*Args`` classes, laid out the way ``ruff format`` lays out code
(100 columns, one argument per line with a trailing comma when a call does not fit), and ending
with two stack outputs, ``integration_ids`` and ``revision_ids`` (maps of integration name to
id). Deploying it creates revisions whose content is exactly the manifest's.

    python -m pulumi_ampersand.convert amp.yaml > __main__.py
    python -m pulumi_ampersand.convert amp.yaml --adopt --protect -o __main__.py

``--adopt`` takes over the integrations that ``amp deploy`` already created (no new revision
when their content is unchanged), ``--protect`` makes ``pulumi destroy`` refuse to delete them
(deleting an integration deletes its installations). YAML comments are not carried over.
"""

from __future__ import annotations

import argparse
import keyword
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ._inputs import InputType
from .models import IntegrationArgs, ManifestError, load_manifest

__all__ = ["convert", "main", "render_program"]

LINE_LENGTH = 100
INDENT = "    "
_RESERVED = frozenset({"pulumi", "amp", "config"})


# -- a tiny layout engine: the subset of ruff's (black's) style that calls and literals need ----


@dataclass(frozen=True)
class _Atom:
    text: str

    def flat(self) -> str:
        return self.text


@dataclass(frozen=True)
class _Item:
    """One element inside brackets: ``lead`` (``key=`` or ``"key": ``) then a value."""

    value: _Atom | _Brackets
    lead: str = ""

    def flat(self) -> str:
        return self.lead + self.value.flat()


@dataclass(frozen=True)
class _Brackets:
    """``prefix`` + opener + items + closer: a call, a list or a dict."""

    prefix: str
    opener: str
    closer: str
    items: tuple[_Item, ...] = field(default_factory=tuple)

    def flat(self) -> str:
        return self.prefix + self.opener + ", ".join(i.flat() for i in self.items) + self.closer


def _layout(node: _Atom | _Brackets, indent: str, lead: str, trail: str) -> list[str]:
    """Lines for ``lead + node + trail`` at ``indent``: flat if it fits, else split like ruff.

    A split puts the contents on their own lines between the brackets: the arguments of a call
    on one line when they fit there, else (and always for a list or dict literal) one item per
    line with a trailing comma (the "magic trailing comma" that
    keeps ruff from joining them again). A single item is split recursively instead, with no
    trailing comma, as ruff does for ``objects=[amp.ReadObjectArgs(...)]``.
    """
    flat = indent + lead + node.flat() + trail
    if len(flat) <= LINE_LENGTH or isinstance(node, _Atom) or not node.items:
        return [flat]
    head = indent + lead + node.prefix + node.opener
    tail = indent + node.closer + trail
    inner = indent + INDENT
    if len(node.items) == 1:
        only = node.items[0]
        return [head, *_layout(only.value, inner, only.lead, ""), tail]
    body = inner + ", ".join(item.flat() for item in node.items)
    if node.opener == "(" and len(body) <= LINE_LENGTH:
        return [head, body, tail]
    lines = [head]
    for item in node.items:
        lines += _layout(item.value, inner, item.lead, ",")
    return [*lines, tail]


# -- values to nodes -------------------------------------------------------------------------


def _string(value: str) -> str:
    """A string literal in ruff's preferred quotes (double, unless that needs more escapes)."""
    literal = repr(value)
    if literal.startswith("'") and '"' not in value:
        literal = '"' + literal[1:-1] + '"'
    return literal


def _public_name(model: BaseModel) -> str:
    """The public Args class generated from the model's class (``_args``), as ``amp.X``."""
    import pulumi_ampersand

    name = type(model).__name__
    public = getattr(pulumi_ampersand, name, None)
    if not (isinstance(public, type) and issubclass(public, InputType)):
        raise TypeError(f"{name} is not a public Args class of pulumi_ampersand")
    return f"amp.{name}"


def _model_items(model: BaseModel) -> tuple[_Item, ...]:
    items = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None or (name not in model.model_fields_set and value == info.default):
            continue
        items.append(_Item(_node(value), f"{name}="))
    return tuple(items)


def _node(value: Any) -> _Atom | _Brackets:
    if isinstance(value, BaseModel):
        return _Brackets(_public_name(value), "(", ")", _model_items(value))
    if isinstance(value, Mapping):
        items = (_Item(_node(item), f"{_node(key).flat()}: ") for key, item in value.items())
        return _Brackets("", "{", "}", tuple(items))
    if isinstance(value, (list, tuple)):
        return _Brackets("", "[", "]", tuple(_Item(_node(item)) for item in value))
    if isinstance(value, str):
        return _Atom(_string(value))
    if value is None or isinstance(value, (bool, int, float)):
        return _Atom(repr(value))
    raise TypeError(f"cannot write a {type(value).__name__} as Python source")


def _variable(name: str, taken: set[str]) -> str:
    """A snake_case Python identifier for an integration name, unique in the program."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    snake = re.sub(r"\W+", "_", snake, flags=re.ASCII).strip("_") or "integration"
    if snake[0].isdigit():
        snake = f"integration_{snake}"
    if keyword.iskeyword(snake) or snake in _RESERVED:
        snake += "_"
    candidate, number = snake, 2
    while candidate in taken:
        candidate, number = f"{snake}_{number}", number + 1
    taken.add(candidate)
    return candidate


# -- the program -----------------------------------------------------------------------------


def render_program(
    integrations: Mapping[str, IntegrationArgs] | Sequence[IntegrationArgs],
    *,
    adopt: bool = False,
    protect: bool = False,
    source_name: str = "amp.yaml",
) -> str:
    """The Pulumi program (Python source) that declares these integrations."""
    args = list(integrations.values()) if isinstance(integrations, Mapping) else integrations
    lines = [
        f'"""Converted from {source_name} by `python -m pulumi_ampersand.convert`."""',
        "",
        "import pulumi",
        "",
        "import pulumi_ampersand as amp",
        "",
    ]
    taken: set[str] = set()
    variables: list[tuple[str, str]] = []
    for integration in args:
        variable = _variable(integration.name, taken)
        variables.append((integration.name, variable))
        items = [_Item(_Atom(_string(integration.name)))]
        items += [item for item in _model_items(integration) if item.lead != "name="]
        if adopt:
            items.append(_Item(_Atom("True"), "adopt="))
        if protect:
            items.append(_Item(_Atom("pulumi.ResourceOptions(protect=True)"), "opts="))
        call = _Brackets("amp.Integration", "(", ")", tuple(items))
        lines += [*_layout(call, "", f"{variable} = ", ""), ""]
    for output, attribute in (("integration_ids", "id"), ("revision_ids", "latest_revision_id")):
        mapping = _Brackets(
            "",
            "{",
            "}",
            tuple(
                _Item(_Atom(f"{variable}.{attribute}"), f"{_string(name)}: ")
                for name, variable in variables
            ),
        )
        export = _Brackets(
            "pulumi.export", "(", ")", (_Item(_Atom(_string(output))), _Item(mapping))
        )
        lines += _layout(export, "", "", "")
    return "\n".join(lines) + "\n"


def convert(source: str | os.PathLike[str], *, adopt: bool = False, protect: bool = False) -> str:
    """The Pulumi program for an amp.yaml (a path or the YAML text); see the module docstring.

    Raises :class:`~pulumi_ampersand.ManifestError` listing every problem of the manifest.
    """
    is_path = isinstance(source, os.PathLike) or (
        "\n" not in source and source.endswith((".yaml", ".yml"))
    )
    name = Path(source).name if is_path else "amp.yaml"
    return render_program(load_manifest(source), adopt=adopt, protect=protect, source_name=name)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: print (or write) the program for one amp.yaml."""
    parser = argparse.ArgumentParser(
        prog="python -m pulumi_ampersand.convert",
        description="Print a Pulumi program that declares the integrations of an amp.yaml.",
    )
    parser.add_argument("manifest", type=Path, help="the amp.yaml to convert")
    parser.add_argument("-o", "--output", type=Path, help="write the program here, not stdout")
    parser.add_argument(
        "--adopt",
        action="store_true",
        help="add adopt=True: take over integrations that `amp deploy` already created",
    )
    parser.add_argument(
        "--protect",
        action="store_true",
        help="add protect=True: `pulumi destroy` refuses to delete the integrations",
    )
    options = parser.parse_args(argv)
    try:
        program = convert(options.manifest, adopt=options.adopt, protect=options.protect)
    except ManifestError as exc:
        print(f"{options.manifest}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{options.manifest}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if options.output is None:
        sys.stdout.write(program)
    else:
        options.output.write_text(program, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
