"""What a site engine takes from the curriculum and from the engine itself rather than mkdocs.yml.

Both engines read these: the MkDocs plugin sets them on MkDocs' configuration, the Zensical adapter
writes them into the configuration it hands Zensical.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from ..model import Curriculum
from ..render import shown_modules

PACKAGE = Path(__file__).resolve().parent.parent
# The learner's script and the course's styles, served at these paths of every site.
# learner.js is loaded by every page; it loads the other parts itself, each on the pages that
# need it (learner-pages.js on the overview pages, learner-checks.js on pages with checks,
# learner-platform.js in a learning platform, and one file each for the journal's calendar, the
# certificate and the cohort view): only learner.js is a script of the site's configuration.
SCRIPTS = {"assets/learner.js": PACKAGE / "assets" / "learner.js"}
ASSETS = {
    **SCRIPTS,
    "assets/learner-pages.js": PACKAGE / "assets" / "learner-pages.js",
    "assets/learner-checks.js": PACKAGE / "assets" / "learner-checks.js",
    "assets/learner-platform.js": PACKAGE / "assets" / "learner-platform.js",
    "assets/learner-cohort.js": PACKAGE / "assets" / "learner-cohort.js",
    "assets/learner-certificate.js": PACKAGE / "assets" / "learner-certificate.js",
    "assets/learner-calendar.js": PACKAGE / "assets" / "learner-calendar.js",
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


# Comments and the whitespace around CSS's punctuation: what a browser does not need. Strings are
# matched first and kept whole, so nothing inside quotes changes.
_CSS_TOKENS = re.compile(r'("(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\')|/\*.*?\*/|\s+', re.DOTALL)
_CSS_PUNCTUATION = re.compile(r'("(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\')|\s*([{};,])\s*')
# A JavaScript line that is only a comment, or a block comment that starts a line (the scripts
# are written so: no template literals, no comment markers at a line's start inside strings).
_JS_COMMENT_LINES = re.compile(
    r"^[ \t]*(?://[^\n]*|/\*(?:(?!\*/).)*\*/[ \t]*)\n", re.MULTILINE | re.DOTALL
)


def served(source: Path) -> bytes:
    """An engine file as the site serves it: without the comments and spaces written for readers.

    What every page downloads is kept small this way; the files in the repository stay readable
    (and are what ESLint checks).
    """
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".css":
        text = _CSS_TOKENS.sub(lambda m: m.group(1) or ("" if m.group(0)[0] == "/" else " "), text)
        text = _CSS_PUNCTUATION.sub(lambda m: m.group(1) or m.group(2), text)
    elif source.suffix == ".js":
        text = _JS_COMMENT_LINES.sub("", text)
        text = re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)
    return text.strip().encode("utf-8") + b"\n"
