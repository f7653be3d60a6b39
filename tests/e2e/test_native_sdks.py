"""The plugin's schema through the real CLI: ``get-schema`` and the generated SDKs.

``pulumi package gen-sdk`` reaches each language's generator through that language's host.
The Python host is built here (scripts/install-pulumi); the Node.js, Go and .NET hosts are not
served by the module proxy, so where they are not installed the Node.js and Go generators, which
are part of the Pulumi CLI's own module, run through scripts/pulumi-codegen instead. (.NET's
generator lives only in the .NET host's repository: not here.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_ampersand.native.schema import SCHEMA_PATH

pytestmark = pytest.mark.native

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = Path(sys.executable).parent / "pulumi-resource-ampersand"


def pulumi(bin_dir: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), str(PLUGIN.parent), os.environ.get("PATH", "")]),
        "PULUMI_HOME": str(home),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }
    return subprocess.run(
        [str(bin_dir / "pulumi"), *args], env=env, capture_output=True, text=True, check=False
    )


def test_get_schema_prints_the_checked_in_schema(pulumi_bin: Path, tmp_path: Path) -> None:
    result = pulumi(pulumi_bin, tmp_path, "package", "get-schema", str(PLUGIN))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(SCHEMA_PATH.read_text())


def test_gen_sdk_python_writes_an_sdk_that_compiles(pulumi_bin: Path, tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    result = pulumi(
        pulumi_bin,
        tmp_path,
        "package",
        "gen-sdk",
        str(PLUGIN),
        "--language",
        "python",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    package = out / "python" / "pulumi_ampersand_sdk"
    source = (package / "get_installations.py").read_text()
    assert "def get_installations(" in source and "group_ref" in source
    assert "class Integration(pulumi.CustomResource)" in (package / "integration.py").read_text()
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(package)], capture_output=True, text=True
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


@pytest.fixture(scope="module")
def codegen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """scripts/pulumi-codegen, built (Go's build cache makes a rebuild quick)."""
    tool = tmp_path_factory.mktemp("codegen") / "pulumi-codegen"
    build = subprocess.run(
        ["go", "build", "-mod=readonly", "-trimpath", "-o", str(tool), "."],
        cwd=ROOT / "scripts" / "pulumi-codegen",
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    return tool


def generate(language: str, out: Path, pulumi_bin: Path, codegen: Path) -> None:
    """The SDK, by ``pulumi package gen-sdk`` where the language's host is installed."""
    host = f"pulumi-language-{language}"
    if (pulumi_bin / host).exists() or shutil.which(host):
        result = pulumi(
            pulumi_bin,
            out.parent,
            "package",
            "gen-sdk",
            str(PLUGIN),
            "--language",
            language,
            "--out",
            str(out),
        )
    else:
        result = subprocess.run(
            [str(codegen), str(SCHEMA_PATH), str(out), language], capture_output=True, text=True
        )
    assert result.returncode == 0, result.stderr


def test_nodejs_sdk_declares_both_resources_with_the_connection_secret(
    pulumi_bin: Path, codegen: Path, tmp_path: Path
) -> None:
    generate("nodejs", tmp_path / "sdk", pulumi_bin, codegen)
    source = (tmp_path / "sdk" / "nodejs" / "installation.ts").read_text()
    assert "export class Installation extends pulumi.CustomResource" in source
    assert 'additionalSecretOutputs: ["connection"]' in source
    assert (tmp_path / "sdk" / "nodejs" / "getInstallations.ts").exists()


def test_go_sdk_declares_both_resources_and_the_functions(
    pulumi_bin: Path, codegen: Path, tmp_path: Path
) -> None:
    generate("go", tmp_path / "sdk", pulumi_bin, codegen)
    go_files = {p.name for p in (tmp_path / "sdk" / "go").rglob("*.go")}
    assert {"integration.go", "installation.go", "getInstallations.go"} <= go_files
