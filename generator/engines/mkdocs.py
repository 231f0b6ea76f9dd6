"""The MkDocs engine: build the site with MkDocs and the Material theme, in strict mode."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..model import Curriculum
from ..project import Project
from . import EngineError


def build_with_engine(
    project: Project, curriculum: Curriculum, site_dir: Path, *, directory_urls: bool = True
) -> None:
    """Build the project's site into ``site_dir`` with MkDocs.

    The hook in mkdocs.yml (generator/mkdocs_hook.py) takes the site's name and navigation from the
    curriculum, so that plain `mkdocs build` and `mkdocs serve` do the same. Without
    ``directory_urls``, pages link to `page.html` files rather than folders, as a site opened from
    a package (SCORM, Common Cartridge) needs.
    """
    # Material prints an end-of-life banner on every build unless told not to.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_messages()
    try:
        config = load_config(
            str(project.config_file),
            site_dir=str(site_dir),
            strict=True,
            use_directory_urls=directory_urls,
        )
        build(config)
    except MkDocsException as error:
        raise EngineError(f"MkDocs could not build the site: {error}") from None


def serve(project: Project, address: str | None) -> None:
    """Preview the site with MkDocs, rebuilding and reloading the page whenever a file is saved.

    The preview rebuilds "dirty": MkDocs renders again only the pages whose Markdown changed, which
    after an edit to one module is that module's page (the hook touches every page when the
    navigation or the problems shown change, so that no page shows stale ones). MkDocs warns about
    every dirty build, so strict mode, which would stop on that warning, is off in the preview.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_messages()
    options = {"dev_addr": address} if address else {}
    try:
        mkdocs_serve(
            config_file=str(project.config_file),
            livereload=True,
            build_type="dirty",
            strict=False,
            **options,
        )
    except MkDocsException as error:
        raise EngineError(f"MkDocs could not serve the site: {error}") from None


def _show_mkdocs_messages() -> None:
    """Print MkDocs' log as its own command line does, warnings and above plus build progress."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
