"""Site engines: adapters that turn the generated content folder into a site."""

from __future__ import annotations

from importlib import import_module

from ..build import Engine

# Each engine's module is imported only when it is used.
ENGINES = {"mkdocs": "generator.engines.mkdocs", "zensical": "generator.engines.zensical"}


class EngineError(Exception):
    """The site engine failed; its own messages say why."""


def engine_named(name: str) -> Engine:
    """The build function of the engine called ``name``."""
    build: Engine = import_module(ENGINES[name]).build_with_engine
    return build
