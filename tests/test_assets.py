"""generator/assets/: the engine's browser scripts are lint-clean under ESLint (tools/eslint/), and
still parse once minified as the sites serve them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.engines.settings import ASSETS, served
from generator.i18n import interface_languages

from .conftest import REPO

ESLINT = REPO / "tools" / "eslint"
SCRIPTS = sorted((REPO / "generator" / "assets").glob("*.js"))


def node_or_skip(needs_eslint: bool = True) -> str:
    node = shutil.which("node")
    if not node or (needs_eslint and not (ESLINT / "node_modules" / "eslint").is_dir()):
        reason = "ESLint needs Node.js and `npm ci --prefix tools/eslint` (make test runs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return node


def test_eslint_finds_nothing() -> None:
    node = node_or_skip()
    assert SCRIPTS, "no script to lint"

    result = subprocess.run(
        [
            node,
            str(ESLINT / "node_modules" / "eslint" / "bin" / "eslint.js"),
            "--config",
            str(ESLINT / "eslint.config.js"),
            "--max-warnings",
            "0",
            *map(str, SCRIPTS),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("language", interface_languages())
def test_every_script_parses_as_the_site_serves_it(language: str, tmp_path: Path) -> None:
    """Minified (settings.served), with its words filled in, each script is still JavaScript."""
    node = node_or_skip(needs_eslint=False)
    for path, source in ASSETS.items():
        script = tmp_path / Path(path).name
        script.write_bytes(served(source, language, "../"))
        result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, (path, result.stderr)
        assert len(script.read_bytes()) < len(source.read_bytes()), path
