"""The MkDocs adapter: ``mkdocs build`` and ``mkdocs serve`` run the generator first.

mkdocs.yml names this file under ``hooks:``. MkDocs loads it by path, as a module of its own, so it
imports the generator by its package name.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from generator.build import generate
from generator.problems import ContentError
from generator.project import Project
from generator.render import site_navigation
from generator.write import generated_files

log = logging.getLogger("mkdocs.hooks.curriculum")


def _project(config: MkDocsConfig) -> Project:
    return Project.at(Path(config.config_file_path).parent, content_dir=Path(config.docs_dir))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the pages, then take the site's name and navigation from the curriculum."""
    project = _project(config)
    try:
        curriculum = generate(project).curriculum
        for notice in curriculum.notices:
            log.info(notice.format())
    except ContentError as error:
        for problem in error.problems:
            log.error(problem.format())
        raise PluginError(
            f"the curriculum has {len(error.problems)} problem(s), listed above"
        ) from None
    # Material inserts the site name as HTML; escape it so the title shows as written.
    config.site_name = html.escape(curriculum.course.title, quote=False)
    if not config.nav:
        config.nav = site_navigation(curriculum, _hand_written_pages(project.content_dir))
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild the preview when a curriculum file is saved."""
    server.watch(str(_project(config).curriculum_dir))
    return server


def _hand_written_pages(content_dir: Path) -> tuple[str, ...]:
    """The Markdown pages in the content folder that the generator did not write."""
    generated = set(generated_files(content_dir))
    return tuple(
        path
        for path in sorted(p.relative_to(content_dir).as_posix() for p in content_dir.rglob("*.md"))
        if path not in generated
    )
