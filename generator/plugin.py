"""The MkDocs adapter: the ``curriculum`` plugin (``plugins: [search, curriculum]`` in mkdocs.yml).

Before MkDocs builds, the plugin generates the course's pages (or takes the ones ``curriculum
build`` has just generated), sets the site's name and navigation from the course, adds the
learner's script and the course's styles, and puts the engine's theme overrides under the course's
own ``custom_dir``. In a build, a problem in the curriculum stops the build. In the live preview it
does not: the preview keeps the last pages that worked, shows the problems at the top of every page
and in the terminal, and recovers when the file is fixed; it also shows draft modules, marked (the
``preview_drafts`` option); a save shows sooner there than MkDocs alone would show it
(preview.py). Every built page gets the site's Content-Security-Policy (csp.py);
the preview's pages do not, because MkDocs' livereload writes an inline script into each.
"""

from __future__ import annotations

import html
import logging
import sys
from collections import deque
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .build import SitePages, generate
from .csp import with_policy
from .engines.settings import (
    ASSETS,
    SCRIPTS,
    STYLES,
    THEME_OVERRIDES,
    engine_settings,
    served,
    served_files,
    site_pages,
)
from .offline import RETIRING_WORKER, WORKER
from .options import CurriculumOptions
from .preview import (
    SEEN_PAGES,
    CompiledTemplates,
    LaterPages,
    leave_for_later,
    poll_often,
    remember_requests,
)
from .problems import ContentError, Problem
from .project import Project
from .write import language_of

log = logging.getLogger("mkdocs.plugins.curriculum")


class CurriculumPlugin(BasePlugin[CurriculumOptions]):
    """Generates the course before MkDocs builds it, and previews it live."""

    def __init__(self) -> None:
        # Set by `curriculum build` and the exports, which have generated the pages already: the
        # build then uses those rather than making the same pages a second time.
        self.pages: SitePages | None = None
        self._serving = False
        self._dirty = False
        self._problems: tuple[Problem, ...] = ()
        self._last_navigation: list[Any] | None = None
        self._last_shown: object = None  # what every page shows: name, navigation, problems
        self._served: dict[str, bytes] | None = None  # the engine's files, in the site's language
        self._language: str | None = None  # the site's, when the course declares its languages
        self._languages: tuple[str, ...] = ()
        # The preview's: the pages the browser asked for last, the pages this run changed, and
        # those left for the next rebuild (see _defer_unseen).
        self._seen: deque[str] = deque(maxlen=SEEN_PAGES)
        self._changed: set[str] = set()
        self._later = LaterPages()
        self._compiled = CompiledTemplates()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is the live preview (the plugin then lives for the session)."""
        self._serving, self._dirty = command == "serve", dirty

    @event_priority(100)  # before the search plugin's, which reads the site's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Generate the pages, then take the site's name, navigation and language from them."""
        root = Path(config.config_file_path).parent
        self._changed = set()
        if self._serving:
            self._later.build_starts()
        language = self.config.preview_language if self._serving else None
        project = Project(
            root=root,
            curriculum_dir=root / self.config.curriculum_dir,
            # a translation's preview reads its docs_dir, but hand-written pages are in content/
            content_dir=Project.at(root).content_dir if language else Path(config.docs_dir),
            templates_folder=root / self.config.templates_dir,
            strict_alignment=self.config.strict_alignment,
        )
        self._add_engine_files(config)
        drafts = self._serving and self.config.preview_drafts
        try:
            pages = self.pages or site_pages(
                generate(
                    project, strict=project.strict_alignment, drafts=drafts, language=language
                ),
                drafts=drafts,
            )
        except ContentError as error:
            return self._show_problems(config, project, error.problems)
        self._problems = ()
        for notice in pages.notices:
            log.info(notice.format())
        # A package holds one language, and a preview shows one: neither has a switcher; nor has
        # a plain `mkdocs build`, which builds the originals' pages alone (`curriculum build`
        # builds every language, and hands each build its pages).
        switcher = self.pages is not None and config.use_directory_urls
        settings = engine_settings(pages, switcher=switcher)
        config.site_name = settings["site_name"]
        if not config.nav:
            config.nav = self._last_navigation = settings["nav"]
        self._languages = pages.languages
        if pages.languages:
            self._language = config.theme["language"] = settings["language"]
        if settings["alternate"]:
            config.extra["alternate"] = settings["alternate"]
        if pages.is_translation and config.site_url:
            config.site_url = f"{config.site_url.rstrip('/')}/{pages.language}/"
        self._served = served_files(pages)
        self._changed.update(pages.written)
        self._rebuild_every_page_if_changed(Path(config.docs_dir), (settings, self._problems))
        return config

    def _add_engine_files(self, config: MkDocsConfig) -> None:
        """The engine's styles and script on every page, its overrides below the course's own."""
        # The engine's styles come first, so that a course's own stylesheet overrides them.
        config.extra_css[:0] = [path for path in STYLES if path not in config.extra_css]
        if not any(str(script) in SCRIPTS for script in config.extra_javascript):
            config.extra_javascript.extend(SCRIPTS)
        if config.theme.name == "material":
            overrides = str(THEME_OVERRIDES["material"])
            if overrides not in config.theme.dirs:
                config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)

    def _show_problems(
        self, config: MkDocsConfig, project: Project, problems: tuple[Problem, ...]
    ) -> MkDocsConfig:
        if not self._serving:
            for problem in problems:
                log.error(problem.format())
            raise PluginError(f"the curriculum has {len(problems)} problem(s), listed above")
        # Not through MkDocs' log: in strict mode it would count them and stop the preview.
        print("\n".join(problem.format() for problem in problems), file=sys.stderr)
        self._problems = problems
        if not config.nav and self._last_navigation:
            config.nav = self._last_navigation
        self._rebuild_every_page_if_changed(
            Path(config.docs_dir), (self._last_navigation, self._problems)
        )
        return config

    def _rebuild_every_page_if_changed(self, content_dir: Path, shown: object) -> None:
        """In a dirty preview, mark every page changed when what every page shows has changed."""
        if self._dirty and self._last_shown is not None and shown != self._last_shown:
            for page in content_dir.rglob("*.md"):
                page.touch()
                self._changed.add(page.relative_to(content_dir).as_posix())
        self._last_shown = shown

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The learner's script and the course's styles, unless the course has its own.

        A file in another language of the course (``page.de.md``) is that language's, not this site's.
        """
        for file in list(files):
            if language_of(file.src_uri, self._languages) not in (None, self._language):
                files.remove(file)
        shown = self._served or {
            path: served(source) for path, source in {**ASSETS, **STYLES}.items()
        }
        for path, content in shown.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        if self._serving:  # a published site's worker on this address steps aside (offline.py)
            files.append(File.generated(config, WORKER, content=served(RETIRING_WORKER)))
            self._defer_unseen(files)
        return files

    def _defer_unseen(self, files: Files) -> None:
        """When a save changed many pages, rebuild the ones the browser shows first (preview.py)."""
        left = leave_for_later(files, self._changed, set(self._seen)) if self._dirty else []
        self._later.leave(left)
        if left:
            log.info(
                f"{len(self._changed)} pages changed: the page(s) open in the browser first, "
                f"the other {len(left)} in the next rebuild"
            )

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In the preview, have the pages this build left rebuilt by the next (preview.py)."""
        self._build_ends()

    def on_build_error(self, *, error: Exception) -> None:
        """The same when the build stopped: the pages it left are still to be rebuilt."""
        self._build_ends()

    def _build_ends(self) -> None:
        if self._serving:
            self._later.build_ends()

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """In the preview, keep the theme's compiled templates from one rebuild to the next.

        MkDocs makes the theme's Jinja environment afresh for every rebuild, which compiles every
        template the pages use again; compiled once, a template is found again by its source.
        """
        if self._serving:
            env.bytecode_cache = self._compiled
        return env

    def on_page_content(
        self, html_text: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """In the preview, put the curriculum's problems at the top of every page until fixed."""
        if not self._problems:
            return html_text
        lines = "\n".join(html.escape(problem.format()) for problem in self._problems)
        return (
            '<div class="admonition failure hx-build-error" role="alert">'
            f'<p class="admonition-title">The curriculum has {len(self._problems)} problem(s): '
            "this preview shows the last version that worked. Fix the file and save: the page "
            f"reloads.</p><pre><code>{lines}</code></pre></div>\n" + html_text
        )

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Give the page its Content-Security-Policy, computed from its final HTML."""
        return output if self._serving else with_policy(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The same for the pages the theme makes on its own (404.html); sitemap.xml is no page."""
        if self._serving or not template_name.endswith(".html"):
            return output_content
        return with_policy(output_content)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild the preview when a curriculum file or a template override is saved, and
        remember which pages the browser asks for."""
        poll_often(server)
        remember_requests(server, self._seen)
        root = Path(config.config_file_path).parent
        for folder in (self.config.curriculum_dir, self.config.templates_dir):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
