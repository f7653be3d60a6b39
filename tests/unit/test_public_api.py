"""The public API: everything in ``__all__`` exists, is sorted, and nothing public is missing."""

from __future__ import annotations

import inspect

import pulumi_ampersand as amp
from pulumi_ampersand import models


def test_all_names_each_export_once_and_every_name_exists() -> None:
    # the hand-written part and the generated part are each sorted (ruff's RUF022)
    assert len(set(amp.__all__)) == len(amp.__all__)
    for name in amp.__all__:
        assert hasattr(amp, name), name


def test_every_public_args_model_is_exported_at_the_top() -> None:
    args = {name for name in models.__all__ if name.endswith("Args")}
    assert args <= set(amp.__all__)


def test_public_classes_and_functions_are_documented() -> None:
    for name in amp.__all__:
        obj = getattr(amp, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
