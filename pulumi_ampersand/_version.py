"""The package version: the one source of it (``pyproject.toml`` reads it from here).

A constant, not an ``importlib.metadata`` lookup: that import alone costs the provider process
~20 ms at every command that calls the API (the version is in the client's User-Agent).
"""

__version__ = "0.1.0"
