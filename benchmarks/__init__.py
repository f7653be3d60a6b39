"""Benchmarks of pulumi-ampersand against the engine's own floor (``make bench``)."""
