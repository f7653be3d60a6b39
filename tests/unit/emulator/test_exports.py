"""The package's public names: complete and sorted."""

from __future__ import annotations

import pulumi_ampersand.emulator as emulator


def test_all_is_sorted_and_importable() -> None:
    assert emulator.__all__ == sorted(emulator.__all__)
    for name in emulator.__all__:
        assert getattr(emulator, name) is not None


def test_docstring_documents_every_control_route() -> None:
    from pulumi_ampersand.emulator.app import admin_routes

    doc = emulator.__doc__ or ""
    for route in admin_routes(emulator.EmulatorApp()):
        head = route.template.split("{")[0].rstrip("/")
        assert f"/_emulator{head}" in doc.replace("\n  ", ""), route.template
