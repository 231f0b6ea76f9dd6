"""generator/assets/: the engine's browser scripts are lint-clean under ESLint (tools/eslint/)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import REPO

ESLINT = REPO / "tools" / "eslint"
SCRIPTS = sorted((REPO / "generator" / "assets").glob("*.js"))


def test_eslint_finds_nothing() -> None:
    node = shutil.which("node")
    if not node or not (ESLINT / "node_modules" / "eslint").is_dir():
        reason = "ESLint needs Node.js and `npm ci --prefix tools/eslint` (make test runs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
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
