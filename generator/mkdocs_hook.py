"""The MkDocs adapter: ``mkdocs build`` and ``mkdocs serve`` run the generator first.

mkdocs.yml names this file under ``hooks:``. MkDocs loads it by path, as a module of its own, so it
imports the generator by its package name. In a build, a problem in the curriculum stops the build.
In the live preview (``serve``) it does not: the preview keeps the last pages that worked, shows the
problems at the top of every page and in the terminal, and recovers when the file is fixed. The
preview shows draft modules too, marked as drafts, unless CURRICULUM_DRAFTS=0
(``curriculum serve --no-drafts`` sets it). CURRICULUM_PRINT_PAGES=1 adds the print pages the PDF
export needs (``curriculum export pdf`` sets it while it builds). Every page a build writes carries
the site's Content-Security-Policy (generator/csp.py); the preview's pages do not.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from generator.build import generate
from generator.csp import with_policy
from generator.problems import ContentError, Problem
from generator.project import Project
from generator.render import engine_settings
from generator.write import hand_written_pages

log = logging.getLogger("mkdocs.hooks.curriculum")

# What this run of MkDocs is doing, and what the last generation found: MkDocs calls the hooks of
# one build in order, and a preview's builds one after another.
_serving = False
_dirty = False
_problems: tuple[Problem, ...] = ()
_last_navigation: list[Any] | None = None
_last_shown: object = None  # what every page shows: the site's name, navigation and problems


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is the live preview, and whether it rebuilds only changed pages."""
    global _serving, _dirty
    _serving, _dirty = command == "serve", dirty


def _rebuild_every_page_if_changed(content_dir: Path, shown: object) -> None:
    """In a dirty preview, mark every page changed when what every page shows has changed."""
    global _last_shown
    if _dirty and _last_shown is not None and shown != _last_shown:
        for page in content_dir.rglob("*.md"):
            page.touch()
    _last_shown = shown


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the pages, then take the site's name and navigation from the curriculum."""
    global _problems, _last_navigation
    project = Project.at(Path(config.config_file_path).parent, content_dir=Path(config.docs_dir))
    drafts = _serving and os.environ.get("CURRICULUM_DRAFTS", "1") != "0"
    print_pages = os.environ.get("CURRICULUM_PRINT_PAGES") == "1"  # set by `curriculum export pdf`
    try:
        curriculum = generate(project, drafts=drafts, print_pages=print_pages).curriculum
    except ContentError as error:
        if not _serving:
            for problem in error.problems:
                log.error(problem.format())
            raise PluginError(
                f"the curriculum has {len(error.problems)} problem(s), listed above"
            ) from None
        # Not through MkDocs' log: in strict mode it would count them and stop the preview.
        print("\n".join(problem.format() for problem in error.problems), file=sys.stderr)
        _problems = error.problems
        if not config.nav and _last_navigation:
            config.nav = _last_navigation
        _rebuild_every_page_if_changed(project.content_dir, (_last_navigation, _problems))
        return config
    _problems = ()
    for notice in curriculum.notices:
        log.info(notice.format())
    settings = engine_settings(curriculum, hand_written_pages(project.content_dir), drafts=drafts)
    config.site_name = settings["site_name"]
    if not config.nav:
        config.nav = _last_navigation = settings["nav"]
    _rebuild_every_page_if_changed(project.content_dir, (settings, _problems))
    return config


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """In the preview, put the curriculum's problems at the top of every page until they are fixed."""
    if not _problems:
        return html_text
    lines = "\n".join(html.escape(problem.format()) for problem in _problems)
    return (
        '<div class="admonition failure hx-build-error" role="alert">'
        f'<p class="admonition-title">The curriculum has {len(_problems)} problem(s): this preview '
        "shows the last version that worked. Fix the file and save: the page reloads.</p>"
        f"<pre><code>{lines}</code></pre></div>\n" + html_text
    )


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Give the page its Content-Security-Policy, computed from its final HTML."""
    # Not in the preview: MkDocs' livereload adds an inline script to every page as it serves it,
    # which the policy would block (SECURITY.md).
    return output if _serving else with_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for the pages the theme makes on its own (404.html); sitemap.xml is no page."""
    if _serving or not template_name.endswith(".html"):
        return output_content
    return with_policy(output_content)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild the preview when a curriculum file is saved."""
    server.watch(str(Path(config.config_file_path).parent / "curriculum"))
    return server
