"""The package's import direction (docs/architecture.md), read from the source with ``ast``.

Every import counts, including those under ``TYPE_CHECKING`` and inside functions: a lazy
import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pulumi_ampersand"
SCRIPTS = frozenset(path.stem for path in (ROOT / "scripts").glob("*.py"))

#: the modules of the client: transport, retries, the API's operations
CLIENT = frozenset({"_api", "_client", "_flow", "_retry"})
#: the modules of the resources and their providers, and the native front end over them
PROVIDERS = frozenset(
    {
        "_provider",
        "_patch",
        "_inputs",
        "_args",
        "integration",
        "installation",
        "group_installations",
        "lookups",
        "functions",
        "convert",
        "native",
    }
)
#: (importer, what it must never import, why)
RULES = (
    ("models", PROVIDERS | CLIENT | {"emulator"}, "the schema knows no provider or transport"),
    ("emulator", PROVIDERS | CLIENT, "the emulator must not pass because the client agrees"),
    ("_api", PROVIDERS | {"emulator", "native"}, "the client serves the providers, not back"),
    ("_client", PROVIDERS | {"emulator", "native"}, "the client serves the providers, not back"),
    ("_flow", PROVIDERS | {"emulator", "native", "models"}, "flows are plain I/O steps"),
)


def top_level(module: str) -> str:
    """``models.check`` → ``models``; ``_client`` → ``_client``."""
    return module.split(".", 1)[0]


def imports_of(path: Path, package_root: Path) -> set[str]:
    """The package modules (dotted, relative to the package) that ``path`` imports."""
    relative = path.relative_to(package_root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        here = parts
    else:
        here = parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = [*base, *(node.module.split(".") if node.module else [])]
                if node.module is None:  # from . import a, b
                    found |= {".".join([*target, alias.name]) for alias in node.names}
                elif target:
                    found.add(".".join(target))
            elif node.module and node.module.startswith("pulumi_ampersand."):
                found.add(node.module.removeprefix("pulumi_ampersand."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pulumi_ampersand."):
                    found.add(alias.name.removeprefix("pulumi_ampersand."))
    return {module for module in found if module}


def violations(package_root: Path) -> list[str]:
    """Each import that breaks :data:`RULES`, as ``importer -> imported (why)``."""
    found = []
    for path in sorted(package_root.rglob("*.py")):
        importer = ".".join(path.relative_to(package_root).with_suffix("").parts)
        importer = importer.removesuffix(".__init__")
        for owner, forbidden, why in RULES:
            if top_level(importer) != owner:
                continue
            for imported in sorted(imports_of(path, package_root)):
                if top_level(imported) in forbidden:
                    found.append(f"{importer} -> {imported} ({why})")
    return found


def absolute_imports(path: Path) -> set[str]:
    """The absolute module names ``path`` imports (``tests.e2e.helpers``, ``devstack``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def tier_violations(tests_root: Path, scripts: frozenset[str]) -> list[str]:
    """Each import of a test file from another tier (not ``tests.support``) or from scripts/."""
    found = []
    for path in sorted(tests_root.rglob("*.py")):
        parts = path.relative_to(tests_root).parts
        tier = parts[0] if len(parts) > 1 else None
        for module in sorted(absolute_imports(path)):
            names = module.split(".")
            if names[0] in scripts:
                found.append(f"{path.relative_to(tests_root)} -> {module} (scripts/)")
            elif names[0] == "tests" and len(names) > 1 and names[1] not in ("support", tier):
                found.append(f"{path.relative_to(tests_root)} -> {module} (another tier)")
    return found


def test_the_test_tiers_import_only_themselves_and_support() -> None:
    assert "demo" in SCRIPTS  # the scripts are found
    assert tier_violations(ROOT / "tests", SCRIPTS) == []


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("e2e/test_a.py", "from tests.support.stacks import Project\n", []),
        ("e2e/test_a.py", "from tests.e2e.other import x\n", []),
        (
            "reliability/test_a.py",
            "from tests.e2e.helpers import Project\n",
            ["reliability/test_a.py -> tests.e2e.helpers (another tier)"],
        ),
        ("conftest.py", "from demo import main\n", ["conftest.py -> demo (scripts/)"]),
    ],
)
def test_the_tier_checker_finds_a_wrong_import(
    tmp_path: Path, path: str, source: str, expected: list[str]
) -> None:
    file = tmp_path / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(source)
    assert tier_violations(tmp_path, frozenset({"demo"})) == expected


def test_the_package_keeps_its_import_direction() -> None:
    assert "models.check" in imports_of(PACKAGE / "emulator" / "validation.py", PACKAGE)  # it reads
    assert violations(PACKAGE) == []


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        (
            "models/bad.py",
            "from ..installation import InstallationProvider\n",
            ["models.bad -> installation (the schema knows no provider or transport)"],
        ),
        (
            "emulator/bad.py",
            "def f():\n    from pulumi_ampersand._client import AmpersandClient\n",
            ["emulator.bad -> _client (the emulator must not pass because the client agrees)"],
        ),
        (
            "models/__init__.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import _api\n",
            ["models -> _api (the schema knows no provider or transport)"],
        ),
        ("emulator/fine.py", "from ..models.check import check_manifest\n", []),
    ],
)
def test_the_checker_finds_a_wrong_import(
    tmp_path: Path, path: str, source: str, expected: list[str]
) -> None:
    file = tmp_path / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(source)
    assert violations(tmp_path) == expected
