"""``pulumi-resource-ampersand``: the plugin executable the Pulumi engine launches."""

from __future__ import annotations

import sys

from .._version import __version__

__all__ = ["main"]


def main() -> None:
    """Serve the provider on the port printed to stdout, as the engine expects."""
    from pulumi.provider.experimental.server import main as serve

    from .provider import AmpersandProvider

    serve(sys.argv[1:], __version__, AmpersandProvider())


if __name__ == "__main__":
    main()
