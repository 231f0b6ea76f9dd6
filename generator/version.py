"""The engine's version, as installed (pyproject.toml's): the CLI, the built pages and init name it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "curriculum-engine"

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
