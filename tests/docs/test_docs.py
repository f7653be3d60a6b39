"""README.md, docs/ and the examples' READMEs: every Python block runs, links resolve, and the
reference pages name everything the code has.

Python blocks (```` ```python ````) are complete Pulumi programs: each runs under
``pulumi.runtime.set_mocks`` (its Integrations and Installations must then pass the providers'
preview-time ``check_inputs``), and all of them, with every example program and the converter's
output for the validator fixtures, are type-checked by one mypy run. An HTML comment on the line
before a block changes that (the convention is also in README.md, "Development"):

* ``<!-- docs-test: continue -->``: run after the previous Python block of the same file;
* ``<!-- docs-test: cwd=DIR -->``: run with ``DIR`` (relative to the repository) as the cwd;
* ``<!-- docs-test: fragment -->``: only compiled.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import pulumi_ampersand as amp
from pulumi_ampersand import config as config_module
from pulumi_ampersand.convert import convert
from tests.support.checkout import ROOT, SHARED
from tests.support.mocks import run_program

PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "examples").glob("*/README.md")]
)
FENCE = re.compile(
    r"^(?:<!-- docs-test: (?P<mark>[^>]*?) -->\n)?```(?P<lang>\w*)\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class Block:
    page: Path
    line: int
    code: str
    mark: str

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def python_blocks() -> list[Block]:
    blocks = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group("lang") != "python":
                continue
            line = text.count("\n", 0, match.start("code")) + 1
            blocks.append(Block(page, line, match.group("code"), match.group("mark") or ""))
    return blocks


BLOCKS = python_blocks()


def program_of(block: Block) -> str:
    """The block's code, after the previous block of its page when it continues it."""
    if block.mark != "continue":
        return block.code
    index = BLOCKS.index(block)
    previous = BLOCKS[index - 1]
    assert index > 0 and previous.page == block.page, f"{block.id}: nothing to continue"
    return program_of(previous) + block.code


def test_there_are_blocks_everywhere_it_matters() -> None:
    pages = {block.page.name for block in BLOCKS}
    assert {"README.md", "resources.md", "configuration.md", "from-amp-yaml.md"} <= pages
    marks = {block.mark.split("=")[0] for block in BLOCKS}
    assert marks <= {"", "continue", "cwd", "fragment"}


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.id)
def test_python_block_runs(block: Block) -> None:
    if block.mark == "fragment":
        compile(block.code, block.id, "exec")
        return
    cwd = ROOT / block.mark.split("=", 1)[1] if block.mark.startswith("cwd=") else None
    run_program(program_of(block), block.id, cwd=cwd)


def test_python_blocks_and_examples_type_check(tmp_path: Path) -> None:
    files = []
    for number, block in enumerate(BLOCKS):
        if block.mark in ("fragment", "continue"):
            continue  # a continued block is checked as part of the last block it continues
        following = [b for b in BLOCKS[number + 1 :] if b.page == block.page]
        code = block.code
        for later in following:
            if later.mark != "continue":
                break
            code += later.code
        path = tmp_path / f"block_{number}.py"
        path.write_text(f"# {block.id}\n{code}")
        files.append(path)
    for number, main in enumerate(sorted((ROOT / "examples").rglob("*.py"))):
        path = tmp_path / f"example_{number}_{main.parent.name.replace('-', '_')}.py"
        path.write_text(main.read_text())
        files.append(path)
    testdata = SHARED / "amp-yaml-validator" / "testdata" / "valid"
    for name in ("full-featured.yaml", "minimal.yaml"):
        path = tmp_path / f"converted_{name.split('.')[0].replace('-', '_')}.py"
        path.write_text(convert(testdata / name, adopt=True, protect=True))
        files.append(path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,  # pulumi_ampersand from the checkout; mypy's cache is the repository's
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_converter_output_shown_in_the_docs_is_current() -> None:
    shown = next(b for b in BLOCKS if "Converted from minimal.yaml" in b.code)
    minimal = SHARED / "amp-yaml-validator" / "testdata" / "valid" / "minimal.yaml"
    assert shown.code == convert(minimal)


LINK = re.compile(r"\]\((?!https?://|#)([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        path = (page.parent / target.split("#")[0]).resolve()
        if path.name == "troubleshooting.md" and not path.exists():
            continue  # written by the reliability work; linked ahead of it
        assert path.exists(), f"{page.relative_to(ROOT)}: broken link {target}"


def test_configuration_page_names_every_setting() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text()
    settings = [
        value
        for name, value in vars(config_module).items()
        if name.isupper() and isinstance(value, tuple) and str(value[0]).startswith("ampersand:")
    ]
    assert len(settings) >= 3
    for config_key, env_var in settings:
        assert f"`{config_key}`" in page and f"`{env_var}`" in page, config_key
    assert f"`{amp.ProviderSettings().api_url}`" in page


@pytest.mark.parametrize("resource", [amp.Integration, amp.Installation, amp.GroupInstallations])
def test_resources_page_names_every_input_and_output(resource: type) -> None:
    page = (ROOT / "docs" / "resources.md").read_text()
    section = page.split(f"## {resource.__name__}\n", 1)[1].split("\n## ", 1)[0]
    parameters = set(inspect.signature(resource.__init__).parameters)
    # Every resource takes a resource name and opts; Integration's `name` is an input.
    inputs = parameters - {"self", "resource_name", "opts"}
    if resource is amp.GroupInstallations:
        inputs.discard("name")
    outputs = {
        name for name in getattr(resource, "__annotations__", {}) if not name.startswith("_")
    }
    for name in inputs | outputs:
        assert f"`{name}`" in section, f"{resource.__name__}.{name} is not in docs/resources.md"


def test_resources_page_states_what_forces_replacement() -> None:
    page = (ROOT / "docs" / "resources.md").read_text()
    for resource, provider in (
        (amp.Integration, amp.IntegrationProvider),
        (amp.Installation, amp.InstallationProvider),
    ):
        section = page.split(f"## {resource.__name__}\n", 1)[1].split("\n## ", 1)[0]
        replacing = {
            row.split("|")[1].strip().strip("`")
            for row in section.splitlines()
            if row.startswith("| `") and "**replace**" in row
        }
        assert replacing == set(provider.REPLACE_KEYS), resource.__name__
    for must in ("protect=True", "retain_on_delete", "disabled: true", "adopt=True", "16175"):
        assert must in page
