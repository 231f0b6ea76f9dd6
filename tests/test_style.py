"""The code follows the project's lint rules (pyproject.toml's [tool.ruff])."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import REPO


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff", path=str(REPO / ".venv" / "bin")) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: run `make test`, which installs it")
    result = subprocess.run(
        [ruff, "check", "generator", "tests", "scripts"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    formatted = subprocess.run(
        [ruff, "format", "--check", "generator", "tests", "scripts"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
