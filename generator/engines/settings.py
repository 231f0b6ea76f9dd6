"""What a site engine takes from the curriculum and from the engine itself rather than mkdocs.yml.

Both engines read these: the MkDocs plugin sets them on MkDocs' configuration, the Zensical adapter
writes them into the configuration it hands Zensical.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..model import Curriculum
from ..render import shown_modules

PACKAGE = Path(__file__).resolve().parent.parent
# The learner's script and the course's styles, served at these paths of every site.
# learner.js is loaded by every page; it loads learner-pages.js itself on the pages that need it
# (the overview pages), learner-checks.js (pages with checks) and learner-platform.js (module
# pages in a learning platform): only the first is a script of the site's configuration.
SCRIPTS = {"assets/learner.js": PACKAGE / "assets" / "learner.js"}
ASSETS = {
    **SCRIPTS,
    "assets/learner-pages.js": PACKAGE / "assets" / "learner-pages.js",
    "assets/learner-checks.js": PACKAGE / "assets" / "learner-checks.js",
    "assets/learner-platform.js": PACKAGE / "assets" / "learner-platform.js",
}
STYLES = {"assets/course.css": PACKAGE / "assets" / "course.css"}
# Small overrides of each theme's partials (each says why); a course's own custom_dir wins.
THEME_OVERRIDES = {
    "material": PACKAGE / "overrides" / "material",
    "zensical": PACKAGE / "overrides" / "zensical",
}


def engine_settings(
    curriculum: Curriculum, hand_written: tuple[str, ...], *, drafts: bool = False
) -> dict[str, Any]:
    """The site's name and navigation, from the curriculum."""
    return {
        # Material and Zensical insert the site name as HTML: escape it so it shows as written.
        "site_name": html.escape(curriculum.course.title, quote=False),
        "nav": site_navigation(curriculum, hand_written, drafts=drafts),
    }


def site_navigation(
    curriculum: Curriculum, hand_written: tuple[str, ...], *, drafts: bool = False
) -> list[Any]:
    """The site's navigation: home, the learning path, the learner's pages, then the rest."""
    modules: list[Any] = [f"modules/{m.id}.md" for m in shown_modules(curriculum, drafts)]
    if curriculum.course.skills:
        modules.append("looking-back.md")
    return [
        {"Home": "index.md"},
        {"Modules": modules},
        {"Your progress": "progress.md"},
        {"Your journal": "journal.md"},
        {"Your certificate": "certificate.md"},
        *([{"Case pack": "case.md"}] if curriculum.case else []),
        {"Sources": "sources.md"},
        {
            "For instructors": [
                "facilitator.md",
                "facilitator/cohort.md",
                "authoring.md",
                *hand_written,
            ]
        },
    ]
