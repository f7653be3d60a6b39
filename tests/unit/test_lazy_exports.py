"""The lazy packages (``_lazy``): what the type checker sees is what ``__getattr__`` serves."""

from __future__ import annotations

import ast
import inspect
from types import ModuleType

import pytest

import pulumi_ampersand
from pulumi_ampersand import models

from .fresh_process import run_fresh

LAZY_PACKAGES = [pulumi_ampersand, models]


def type_checking_imports(package: ModuleType) -> dict[str, str]:
    """``{name: module}`` of the ``if TYPE_CHECKING:`` block of a package's ``__init__``."""
    tree = ast.parse(inspect.getsource(package))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1, package.__name__
    found: dict[str, str] = {}
    for node in blocks[0].body:
        assert isinstance(node, ast.ImportFrom), ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"{alias.name}: re-export it as itself"
            found[alias.name] = "." * node.level + (node.module or "")
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda p: p.__name__)
def test_the_type_checker_and_the_runtime_see_the_same_exports(package: ModuleType) -> None:
    assert type_checking_imports(package) == package._EXPORTS
    assert set(package._EXPORTS) <= set(package.__all__)
    assert set(package.__all__) <= set(dir(package))


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda p: p.__name__)
def test_every_export_resolves_and_a_typo_is_an_attribute_error(package: ModuleType) -> None:
    for name in package._EXPORTS:
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match="has no attribute 'IntegrationArgz'"):
        _ = package.IntegrationArgz


def test_importing_the_package_imports_neither_pydantic_nor_httpx_until_used() -> None:
    script = (
        "import json, sys, pulumi_ampersand as amp\n"
        "heavy = lambda: sorted(m for m in ('pydantic', 'httpx') if m in sys.modules)\n"
        "seen = [heavy()]\n"
        "amp.ReadArgs(objects=[amp.ReadObjectArgs(object_name='a', destination='d')])\n"
        "seen.append(heavy())\n"
        "amp.load_manifest\n"
        "seen.append(heavy())\n"
        "amp.AmpersandClient\n"
        "seen.append(heavy())\n"
        "print(json.dumps(seen))\n"
    )
    # The typed Args are plain classes: a program pays for pydantic only when it loads amp.yaml.
    assert run_fresh(script) == [[], [], ["pydantic"], ["httpx", "pydantic"]]
