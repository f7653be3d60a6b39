"""Package attributes imported on first use (PEP 562), so importing a package stays cheap.

The engine's provider process imports this package at every ``pulumi`` command; a preview with
no changes needs neither pydantic nor httpx there (see ``_provider``). Each package lists its
exports once for the type checker (an ``if TYPE_CHECKING:`` import block) and once as the map
given here; ``tests/unit/test_lazy_exports.py`` checks that the two agree. The model names in
both are written by ``models._codegen`` from the models modules' ``__all__``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``exports`` maps a name to its module.

    A module path starting with ``.`` is relative to ``package``. The value found is kept on
    the package, so each name is looked up once.
    """

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
