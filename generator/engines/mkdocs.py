"""The MkDocs engine: build the site with MkDocs and the Material theme, in strict mode."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..build import SitePages
from ..options import PLUGIN_NAME, uses_plugin
from ..project import Project
from . import EngineError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from ..plugin import CurriculumPlugin


def build_with_engine(
    project: Project, pages: SitePages, site_dir: Path, *, directory_urls: bool = True
) -> None:
    """Build the project's site into ``site_dir`` with MkDocs, from the pages just generated.

    The curriculum plugin named in mkdocs.yml is handed the pages, so it does not generate them
    again. Without ``directory_urls``, pages link to `page.html` files rather than
    folders, as a site opened from a package (SCORM, Common Cartridge) needs.
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
            docs_dir=str(pages.content_dir),
            site_dir=str(site_dir),
            strict=True,
            use_directory_urls=directory_urls,
        )
        _plugin(config, project).pages = pages
        build(config)
    except MkDocsException as error:
        raise EngineError(f"MkDocs could not build the site: {error}") from None


def _plugin(config: MkDocsConfig, project: Project) -> CurriculumPlugin:
    from ..plugin import CurriculumPlugin

    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, CurriculumPlugin):
        raise EngineError(
            f"{project.config_file.name} does not use the curriculum plugin: add it under "
            "plugins: (plugins: [search, curriculum])"
        )
    return plugin


def serve(
    project: Project, address: str | None, *, drafts: bool = True, language: str | None = None
) -> None:
    """Preview the site with MkDocs, rebuilding and reloading the page whenever a file is saved.

    The preview rebuilds "dirty": MkDocs renders again only the pages whose Markdown changed, which
    after an edit to one module is that module's page (the plugin touches every page when the
    navigation or the problems shown change, so that no page shows stale ones; when a save changes
    many pages, the ones open in the browser are rebuilt first: preview.py). MkDocs warns about
    every dirty build, so strict mode, which would stop on that warning, is off in the preview.
    ``drafts`` False hides draft modules, as the published site does; ``language``, one of the
    course's translations, previews that language's pages (generated into its own folder).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    if not uses_plugin(project.config_file):
        raise EngineError(
            f"{project.config_file.name} does not use the curriculum plugin: add it under "
            "plugins: (plugins: [search, curriculum])"
        )
    _show_mkdocs_messages()
    overrides: dict[str, Any] = {
        "plugins": _plugins_with(project, preview_drafts=drafts, preview_language=language)
    }
    if language:
        overrides["docs_dir"] = str(project.language_dir(language))
        project.language_dir(language).mkdir(parents=True, exist_ok=True)
    if address:
        overrides["dev_addr"] = address
    try:
        mkdocs_serve(
            config_file=str(project.config_file),
            livereload=True,
            build_type="dirty",
            strict=False,
            **overrides,
        )
    except MkDocsException as error:
        raise EngineError(f"MkDocs could not serve the site: {error}") from None


def _plugins_with(project: Project, **options: Any) -> dict[str, Any]:
    """mkdocs.yml's plugins, with the curriculum plugin given ``options`` on top of its own.

    As a mapping of names to options, which MkDocs also accepts: a list's entries it consumes as it
    reads them, and the preview reads the configuration again at every rebuild.
    """
    from mkdocs.utils.yaml import yaml_load

    with project.config_file.open("rb") as file:
        listed: Any = (yaml_load(file) or {}).get("plugins") or []
    entries = (
        listed.items()
        if isinstance(listed, dict)
        else ((e, {}) if isinstance(e, str) else next(iter(e.items())) for e in listed)
    )
    plugins: dict[str, Any] = {name: given or {} for name, given in entries}
    plugins[PLUGIN_NAME] = {**plugins.get(PLUGIN_NAME, {}), **options}
    return plugins


def _show_mkdocs_messages() -> None:
    """Print MkDocs' log as its own command line does, warnings and above plus build progress."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
