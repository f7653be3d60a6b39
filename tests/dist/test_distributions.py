"""The sdist and wheel a release publishes: valid, complete, licensed, and working on their own.

Marked ``dist`` (``make test-fast`` skips them): one build and one virtualenv install per session.
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from trove_classifiers import classifiers as KNOWN_CLASSIFIERS

import pulumi_ampersand
from tests.support.checkout import ROOT
from tests.support.checkout import Distributions, run, tracked_files
from tests.dist.conftest import FreshVenv, wheel_contents
from tests.dist.repository import REPOSITORY

pytestmark = pytest.mark.dist

PACKAGE = "pulumi_ampersand"


def parse_metadata(data: bytes) -> Message:
    """Core metadata (``METADATA``, ``PKG-INFO``): headers and a body, in UTF-8."""
    return Parser().parsestr(data.decode("utf-8"))


def wheel_metadata(wheel: Path) -> Message:
    contents = wheel_contents(wheel)
    (name,) = (n for n in contents if n.endswith(".dist-info/METADATA"))
    return parse_metadata(contents[name])


def sdist_members(sdist: Path) -> dict[str, bytes]:
    """Each file of ``sdist`` with its bytes, named without the top directory."""
    with tarfile.open(sdist) as archive:
        return {
            member.name.split("/", 1)[1]: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }


def test_twine_check_passes(distributions: Distributions) -> None:
    sdist, wheel = str(distributions.sdist), str(distributions.wheel)
    out = run([sys.executable, "-m", "twine", "check", "--strict", sdist, wheel], cwd=ROOT)
    assert out.count("PASSED") == 2, out


def test_the_sdist_builds_the_same_wheel_as_the_tree(distributions: Distributions) -> None:
    from_sdist = wheel_contents(distributions.wheel)
    from_tree = wheel_contents(distributions.tree_wheel)
    assert distributions.wheel.name == distributions.tree_wheel.name
    assert sorted(from_sdist) == sorted(from_tree)
    differing = [name for name in from_tree if from_sdist[name] != from_tree[name]]
    assert not differing, f"files whose contents differ: {differing}"


def test_the_wheel_holds_the_package_and_nothing_else(distributions: Distributions) -> None:
    version = pulumi_ampersand.__version__
    assert distributions.wheel.name == f"pulumi_ampersand-{version}-py3-none-any.whl"
    contents = wheel_contents(distributions.wheel)
    dist_info = f"pulumi_ampersand-{version}.dist-info/"
    package = {n for n in contents if n.startswith(f"{PACKAGE}/")}
    metadata_files = ["METADATA", "WHEEL", "RECORD", "top_level.txt", "entry_points.txt"]
    assert set(contents) - package == {
        dist_info + name for name in [*metadata_files, "licenses/LICENSE"]
    }
    shipped = {n for n in tracked_files() if n.startswith(f"{PACKAGE}/")}
    assert package == shipped, {"missing": shipped - package, "extra": package - shipped}


def test_both_distributions_carry_the_licence(distributions: Distributions) -> None:
    licence = (ROOT / "LICENSE").read_bytes()
    assert b"Apache License" in licence and b"Version 2.0, January 2004" in licence
    assert b"END OF TERMS AND CONDITIONS" in licence  # the full text, not a notice
    version = pulumi_ampersand.__version__
    wheel = wheel_contents(distributions.wheel)
    assert wheel[f"pulumi_ampersand-{version}.dist-info/licenses/LICENSE"] == licence
    sdist = sdist_members(distributions.sdist)
    assert sdist["LICENSE"] == licence
    pkg_info = parse_metadata(sdist["PKG-INFO"])
    for metadata in (wheel_metadata(distributions.wheel), pkg_info):
        assert metadata["License-Expression"] == "Apache-2.0"
        assert metadata.get_all("License-File") == ["LICENSE"]


def test_version_is_the_package_constant(distributions: Distributions) -> None:
    assert wheel_metadata(distributions.wheel)["Version"] == pulumi_ampersand.__version__


def test_metadata_describes_the_project(distributions: Distributions) -> None:
    metadata = wheel_metadata(distributions.wheel)
    assert metadata["Name"] == "pulumi-ampersand"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload() == (ROOT / "README.md").read_text(encoding="utf-8")

    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL") or [])
    assert {"Source", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith(REPOSITORY) for url in urls.values()), urls
    assert urls["Changelog"] == f"{REPOSITORY}/blob/main/CHANGELOG.md"
    assert (ROOT / "CHANGELOG.md").is_file()

    classifiers = metadata.get_all("Classifier") or []
    unknown = [c for c in classifiers if c not in KNOWN_CLASSIFIERS]
    assert not unknown, f"not trove classifiers: {unknown}"
    assert "Typing :: Typed" in classifiers
    lowest = re.fullmatch(r">=3\.(\d+)", metadata["Requires-Python"])
    assert lowest, metadata["Requires-Python"]
    python_3 = re.compile(r"Programming Language :: Python :: 3\.(\d+)")
    minors = sorted(int(m[1]) for c in classifiers if (m := python_3.fullmatch(c)))
    assert minors[0] == int(lowest[1]), "the lowest Python classifier is not Requires-Python's"
    assert minors == list(range(minors[0], minors[-1] + 1)), "a gap in the Python classifiers"


def test_the_wheel_imports_from_a_fresh_venv(fresh_venv: FreshVenv) -> None:
    found = json.loads(
        fresh_venv.run(
            "-c",
            "import importlib.metadata as m, importlib.resources as r, json, pulumi_ampersand as p;"
            "print(json.dumps({'file': p.__file__, 'version': p.__version__,"
            " 'metadata_version': m.version('pulumi-ampersand'),"
            " 'typed': r.files('pulumi_ampersand').joinpath('py.typed').is_file()}))",
        )
    )
    assert Path(found["file"]).resolve().is_relative_to(fresh_venv.root.resolve()), found["file"]
    assert found["version"] == found["metadata_version"] == pulumi_ampersand.__version__
    assert found["typed"], "py.typed is not installed"


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (["-m", "pulumi_ampersand.emulator", "--help"], "usage: ampersand-emulator"),
        (["-m", "pulumi_ampersand.convert", "--help"], "usage:"),
    ],
)
def test_the_installed_commands_answer_help(
    fresh_venv: FreshVenv, command: list[str], usage: str
) -> None:
    assert fresh_venv.run(*command).startswith(usage)


def test_the_console_script_is_installed(fresh_venv: FreshVenv) -> None:
    script = fresh_venv.root / "bin" / "ampersand-emulator"
    out = run([str(script), "--help"], cwd=fresh_venv.workdir)
    assert out.startswith("usage: ampersand-emulator")
