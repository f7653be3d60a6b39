"""In-process and fresh-process figures: import time, the serialized provider, check + diff CPU."""

from __future__ import annotations

import base64
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from typing import Any

from stacks import pycache_prefix

IMPORT_REPEATS = 7
#: what a provider process imports by its first API call: the package is lazy (``_lazy``), so
#: ``import pulumi_ampersand`` alone no longer includes pydantic, the models or httpx
FIRST_USE = (
    "import pulumi_ampersand as amp, pulumi_ampersand._client; "
    "amp.models.IntegrationArgs, amp.models.InstallationConfigArgs, amp.models.check_integration"
)


def _python(code: str, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-c", code], env=env, capture_output=True, text=True, check=True
    )


def _envs() -> dict[str, dict[str, str]]:
    """``cached``: bytecode cached (as an installed package); ``as_is``: this environment."""
    cached = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "",
        "PYTHONPYCACHEPREFIX": str(pycache_prefix()),
    }
    return {"cached": cached, "as_is": dict(os.environ)}


def _wall(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    _python(code, env)
    return time.perf_counter() - started


def _importtime_total(module: str, env: dict[str, str]) -> float:
    """Seconds: the cumulative ``-X importtime`` figure of ``module`` (its whole import tree)."""
    stderr = _python(f"import {module}", env, "-X", "importtime").stderr
    pattern = re.compile(rf"^import time:\s+\d+ \|\s+(\d+) \| {re.escape(module)}$", re.M)
    return int(pattern.findall(stderr)[-1]) / 1e6


def import_seconds(provider_b64: str) -> dict[str, Any]:
    """Import figures, median of IMPORT_REPEATS fresh processes each, per environment."""
    unpickle = (
        f"import base64, dill, pulumi.dynamic; dill.loads(base64.b64decode({provider_b64!r}))"
    )
    figures: dict[str, Any] = {}
    for name, env in _envs().items():
        _python("import pulumi_ampersand", env)  # warm the OS cache (and the bytecode cache)
        walls: dict[str, list[float]] = {
            "pulumi": [],
            "amp": [],
            "first_use": [],
            "dynamic": [],
            "unpickle": [],
        }
        for _ in range(IMPORT_REPEATS):  # interleaved, so drift hits all alike
            walls["pulumi"].append(_wall("import pulumi", env))
            walls["amp"].append(_wall("import pulumi_ampersand", env))
            walls["first_use"].append(_wall(FIRST_USE, env))
            walls["dynamic"].append(_wall("import pulumi.dynamic, dill, base64", env))
            walls["unpickle"].append(_wall(unpickle, env))
        median = {key: statistics.median(values) for key, values in walls.items()}
        figures[name] = {
            "importtime_total": statistics.median(
                _importtime_total("pulumi_ampersand", env) for _ in range(3)
            ),
            "importtime_pulumi": statistics.median(
                _importtime_total("pulumi", env) for _ in range(3)
            ),
            "wall_import_pulumi": median["pulumi"],
            "wall_import_pulumi_ampersand": median["amp"],
            "wall_minus_pulumi": median["amp"] - median["pulumi"],
            "wall_first_use_minus_pulumi": median["first_use"] - median["pulumi"],
            "provider_host_unpickle_minus_host": median["unpickle"] - median["dynamic"],
        }
    return figures


def serialized_provider_sizes() -> dict[str, dict[str, int]]:
    """The providers serialized as the SDK does it in a program (cross-check of the state)."""
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime._serialization import _serialize

    from pulumi_ampersand import InstallationProvider, IntegrationProvider

    sizes = {}
    for provider in (IntegrationProvider(), InstallationProvider()):
        b64, _ = _serialize(True, serialize_provider, provider)
        sizes[type(provider).__name__.removesuffix("Provider")] = {
            "base64_chars": len(b64),
            "pickle_bytes": len(base64.b64decode(b64)),
        }
    return sizes


def provider_b64() -> str:
    from pulumi.dynamic.dynamic import serialize_provider
    from pulumi.runtime._serialization import _serialize

    from pulumi_ampersand import InstallationProvider

    b64, _ = _serialize(True, serialize_provider, InstallationProvider())
    return str(b64)


# -- check + diff CPU -------------------------------------------------------------------------


def _configured(provider: Any) -> Any:
    from pulumi.dynamic import ConfigureRequest
    from pulumi.dynamic.config import Config

    raw = {"ampersand:apiKey": "k", "ampersand:projectId": "bench"}
    provider.configure(ConfigureRequest(Config(raw, "bench")))
    return provider


def big_integration(objects: int = 50, fields: int = 50) -> dict[str, Any]:
    """Props as the engine sends them: 50 read objects of 50 required fields, floats, no None."""
    return {
        "__provider": "serialized",
        "name": "big",
        "provider": "salesforce",
        "spec_version": "1.0.0",
        "adopt": False,
        "read": {
            "objects": [
                {
                    "object_name": f"object{o}",
                    "destination": "webhook",
                    "schedule": "*/30 * * * *",
                    "backfill": {"default_period": {"days": 30.0}},
                    "required_fields": [{"field_name": f"field{f}"} for f in range(fields)],
                }
                for o in range(objects)
            ]
        },
    }


def big_installation(objects: int = 50, fields: int = 50) -> dict[str, Any]:
    return {
        "__provider": "serialized",
        "integration_id": "i-1",
        "group_ref": "group-1",
        "adopt": False,
        "config": {
            "read": {
                "objects": {
                    f"object{o}": {
                        "object_name": f"object{o}",
                        "schedule": "*/30 * * * *",
                        "selected_fields": {f"field{f}": True for f in range(fields)},
                    }
                    for o in range(objects)
                }
            }
        },
    }


def _per_call_us(call: Any) -> float:
    timer = timeit.Timer(call)
    number, _ = timer.autorange()  # at least 0.2 s per measurement
    best = min(timer.repeat(repeat=5, number=number))
    return best / number * 1e6


def check_diff_us() -> dict[str, dict[str, float]]:
    """Microseconds per ``check`` and per no-change ``diff`` (best of 5), 50 objects x 50 fields."""
    from pulumi_ampersand import InstallationProvider, IntegrationProvider

    results = {}
    cases = (
        ("integration", IntegrationProvider, big_integration(), {"latest_revision_id": "r"}),
        ("installation", InstallationProvider, big_installation(), {"config_id": "c"}),
    )
    for name, provider_type, props, computed in cases:
        provider = _configured(provider_type())
        checked = provider.check({}, props)
        assert not checked.failures, checked.failures
        news = {**checked.inputs, "__provider": "serialized"}
        olds = {**news, **computed}
        assert provider.diff("id", olds, news).changes is False
        results[name] = {
            "check": _per_call_us(lambda p=provider, v=props: p.check({}, v)),
            "diff": _per_call_us(lambda p=provider, o=olds, n=news: p.diff("id", o, n)),
        }
    return results


def scratch_dir() -> str:
    return tempfile.mkdtemp(prefix="pulumi-ampersand-bench-")
