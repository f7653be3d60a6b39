"""README.md is also the package's page on the index, where a relative link leads nowhere.

So every link in it is absolute, and those into this repository name a path that exists here.
"""

from __future__ import annotations

import re

import pytest

from tests.support.checkout import ROOT
from tests.dist.repository import REPOSITORY

# Inline links and images `](target)`, reference definitions `[label]: target`, HTML attributes.
LINK_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|^ {0,3}\[[^\]]+\]:\s*<?(?P<reference>[^\s>]+)"
    r"|\b(?:href|src)\s*=\s*[\"'](?P<html>[^\"']+)",
    re.MULTILINE,
)
ABSOLUTE = re.compile(r"^(?:https?|mailto):")
IN_REPOSITORY = re.compile(re.escape(REPOSITORY) + r"/(?P<kind>blob|tree)/main/(?P<path>[^#?]+)")


def link_targets(markdown: str) -> list[str]:
    """Every link target in ``markdown``, in order."""
    return [next(t for t in match.groups() if t) for match in LINK_TARGET.finditer(markdown)]


@pytest.mark.parametrize(
    ("markdown", "targets"),
    [
        ("see [docs](docs/a.md) and [b](https://x.org/b)", ["docs/a.md", "https://x.org/b"]),
        ("![logo](img/logo.png)", ["img/logo.png"]),
        ("[top](#usage)", ["#usage"]),
        ("[ref][1]\n\n[1]: ../up.md\n", ["../up.md"]),
        ('<a href="docs/">docs</a> <img src="x.svg">', ["docs/", "x.svg"]),
        ("[text] (no link) and a plain path docs/a.md", []),
    ],
)
def test_link_targets_finds_every_kind_of_link(markdown: str, targets: list[str]) -> None:
    assert link_targets(markdown) == targets


def test_readme_has_no_relative_links() -> None:
    targets = link_targets((ROOT / "README.md").read_text(encoding="utf-8"))
    assert targets, "README.md has links; the pattern found none"
    relative = [t for t in targets if not ABSOLUTE.match(t)]
    assert not relative, f"README.md: relative links break on the package index: {relative}"


def test_readme_links_into_the_repository_name_existing_paths() -> None:
    into_repository = [
        match
        for target in link_targets((ROOT / "README.md").read_text(encoding="utf-8"))
        if (match := IN_REPOSITORY.match(target))
    ]
    assert into_repository, f"README.md links to nothing under {REPOSITORY}"
    for match in into_repository:
        path = ROOT / match["path"]
        exists = path.is_dir() if match["kind"] == "tree" else path.is_file()
        assert exists, f"README.md: {match[0]} names no {match['kind']} in this repository"
