"""What a site engine takes from the curriculum and from the engine itself rather than mkdocs.yml.

Both engines read these: the MkDocs plugin sets them on MkDocs' configuration, the Zensical adapter
writes them into the configuration it hands Zensical.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..build import Generation, SitePages
from ..i18n import SOURCE_LANGUAGE, script_messages, translations
from ..model import Curriculum
from ..render import shown_modules
from ..write import hand_written_pages

PACKAGE = Path(__file__).resolve().parent.parent
# The learner's script and the course's styles, served at these paths of every site.
# learner.js is loaded by every page; it loads the other parts itself, each on the pages that
# need it (learner-pages.js on the overview pages, learner-checks.js on pages with checks,
# learner-platform.js in a SCORM platform, learner-cmi5.js in a cmi5 one, and one file each for the journal's calendar, the
# certificate and the cohort view): only learner.js is a script of the site's configuration.
SCRIPTS = {"assets/learner.js": PACKAGE / "assets" / "learner.js"}
ASSETS = {
    **SCRIPTS,
    "assets/learner-pages.js": PACKAGE / "assets" / "learner-pages.js",
    "assets/learner-checks.js": PACKAGE / "assets" / "learner-checks.js",
    "assets/learner-platform.js": PACKAGE / "assets" / "learner-platform.js",
    "assets/learner-cmi5.js": PACKAGE / "assets" / "learner-cmi5.js",
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


def site_pages(generation: Generation, *, drafts: bool = False) -> SitePages:
    """What an engine is handed to build the site of ``generation``'s language (build.SitePages).

    ``drafts`` lists draft modules in the navigation too (the preview's).
    """
    curriculum, language = generation.curriculum, generation.language
    hand_written = hand_written_pages(generation.content_dir)
    return SitePages(
        content_dir=generation.content_dir,
        title=curriculum.course.title,
        description=curriculum.course.promise or curriculum.course.title,
        navigation=site_navigation(curriculum, hand_written, language, drafts=drafts),
        notices=curriculum.notices,
        written=generation.report.written,
        language=language,
        languages=generation.languages,
        is_translation=generation.is_translation,
    )


def engine_settings(pages: SitePages, *, switcher: bool = True) -> dict[str, Any]:
    """The site's name, navigation and language, as an engine's configuration holds them.

    In a course of several languages, ``switcher`` adds the other languages to every page (the
    theme's ``extra.alternate``, whose links the engine's partial points at each page's
    counterpart); a package, which holds one language, has none.
    """
    settings: dict[str, Any] = {
        # Material and Zensical insert the site name as HTML: escape it so it shows as written.
        "site_name": html.escape(pages.title, quote=False),
        "nav": pages.navigation,
        "language": pages.language,
        "alternate": [],
    }
    if switcher and len(pages.languages) > 1:
        here = language_path(pages.language, pages.languages)
        settings["alternate"] = [
            {
                "name": language_name(language),
                "lang": language,
                # from this language's root to that one's (the partial adds the page's path)
                "link": _folder(posixpath.relpath(language_path(language, pages.languages), here)),
            }
            for language in pages.languages
        ]
    return settings


def _folder(path: str) -> str:
    return "" if path == "." else path + "/"


def language_path(language: str, languages: tuple[str, ...]) -> str:
    """Where a language's pages are in the site: the originals' at its root, a translation's below."""
    return "." if not languages or language == languages[0] else language


def language_name(language: str) -> str:
    """A language's name in that language, as a switcher offers it: English, Deutsch."""
    from babel import Locale

    tag = language.replace("-", "_")
    name = Locale.parse(tag).get_display_name(tag) or language
    return name[:1].upper() + name[1:]


# A course of more units than this lists them in sections of UNITS_PER_SECTION (Units 1–10,
# Units 11–20…): a list a learner can take in at a glance, and, with navigation.prune, a page that
# carries a few section titles rather than every unit's (benchmarks/RESULTS.md).
MOST_UNITS_LISTED = 12
UNITS_PER_SECTION = 10


def site_navigation(
    curriculum: Curriculum,
    hand_written: tuple[str, ...],
    language: str = SOURCE_LANGUAGE,
    *,
    drafts: bool = False,
) -> list[Any]:
    """The site's navigation: home, the learning path, the learner's pages, then the rest."""
    _ = translations(language).gettext
    shown = shown_modules(curriculum, drafts)
    modules: list[Any] = [f"modules/{m.id}.md" for m in shown]
    if curriculum.course.units:  # each unit a section (its title escaped: themes insert it as HTML)
        modules = [
            {html.escape(unit.title, quote=False): [f"modules/{m.id}.md" for m in members]}
            for unit, members in curriculum.in_units(shown)
            if unit is not None
        ]
        modules = _in_sections(modules, _)
    if curriculum.course.skills:
        modules.append("looking-back.md")
    return [
        {_("Home"): "index.md"},
        {_("Modules"): modules},
        {_("Your progress"): "progress.md"},
        {_("Your journal"): "journal.md"},
        {_("Your certificate"): "certificate.md"},
        *([{_("Case pack"): "case.md"}] if curriculum.case else []),
        {_("Sources"): "sources.md"},
        {
            _("For instructors"): [
                "facilitator.md",
                "facilitator/cohort.md",
                "authoring.md",
                *hand_written,
            ]
        },
    ]


def _in_sections(units: list[Any], gettext: Callable[[str], str]) -> list[Any]:
    """A long course's units in sections of UNITS_PER_SECTION, each titled by its units' numbers."""
    if len(units) <= MOST_UNITS_LISTED:
        return units
    return [
        {
            gettext("Units %(first)d–%(last)d")
            % {"first": start + 1, "last": start + len(part)}: part
        }
        for start in range(0, len(units), UNITS_PER_SECTION)
        if (part := units[start : start + UNITS_PER_SECTION])
    ]


# The lines of the learner's scripts that the build fills in for a site (see served).
_MESSAGES_LINE = re.compile(r"^([ \t]*)var MESSAGES = \{\};", re.MULTILINE)
_COURSE_LINE = re.compile(r'^([ \t]*)var COURSE_PATH = "\./";', re.MULTILINE)


def served(source: Path, language: str = SOURCE_LANGUAGE, course_path: str = "./") -> bytes:
    """An engine file as the site serves it: minified, without what was written for readers.

    What every page downloads is kept small this way (rjsmin and rcssmin, which keep strings,
    regular expressions and the line breaks JavaScript's semicolon insertion needs); the files in
    the repository stay readable (and are what ESLint checks). A learner's script gets the
    translations of its own texts into the site's ``language`` (its ``MESSAGES``, i18n.py) and,
    in a translation's site, the path from the site to the course's root (its ``COURSE_PATH``:
    one learner's state for every language).
    """
    import rcssmin
    import rjsmin

    text = source.read_text(encoding="utf-8")
    if source.suffix == ".css":
        text = rcssmin.cssmin(text)
    elif source.suffix == ".js":
        messages = script_messages(language, source.name)
        if messages:
            shown = json.dumps(messages, ensure_ascii=False, sort_keys=True)
            text = _MESSAGES_LINE.sub(lambda m: f"{m.group(1)}var MESSAGES = {shown};", text)
        if course_path != "./":
            shown = json.dumps(course_path)
            text = _COURSE_LINE.sub(lambda m: f"{m.group(1)}var COURSE_PATH = {shown};", text)
        text = rjsmin.jsmin(text)
    return text.strip().encode("utf-8") + b"\n"


def served_files(pages: SitePages) -> dict[str, bytes]:
    """The engine's scripts and styles as the site of ``pages``' language serves them."""
    course_path = "../" if pages.is_translation else "./"
    return {
        path: served(source, pages.language, course_path)
        for path, source in {**ASSETS, **STYLES}.items()
    }
