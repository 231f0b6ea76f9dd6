"""The pipeline: load → validate → model → render → write, then the site engine.

Everything is read and checked before anything is written, and the site is built in a folder of
its own that replaces ``site/`` only when the build succeeded, so a failed build loses nothing.
"""

from __future__ import annotations

import dataclasses
import gc
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .i18n import SOURCE_LANGUAGE
from .load import load_documents
from .markup import site_markdown_judge
from .memo import forget_everything
from .model import Curriculum
from .offline import make_offline
from .problems import ContentError, Location, Problem, shown_path
from .project import Project
from .safety import outside_problem
from .sitedir import STAGING_PREFIX, build_lock, replace_folder, tidy
from .validate import validate
from .write import WriteReport, mirror_content

# An engine builds the site of a project, whose pages have just been generated (in one language),
# into the given folder.
Engine = Callable[[Project, "SitePages", Path], None]


@dataclass(frozen=True)
class Generation:
    """What a run of the generator read and what it changed, in one of the course's languages."""

    curriculum: Curriculum  # as ``language`` shows it
    report: WriteReport
    content_dir: Path  # where the pages were written: the content folder, or a translation's
    language: str = SOURCE_LANGUAGE
    languages: tuple[str, ...] = ()  # the course's, the originals' first (none declared: empty)

    @property
    def is_translation(self) -> bool:
        """Whether these are the pages of a translation (built under /<language>/)."""
        return self.language != self.curriculum.course.language


@dataclass(frozen=True)
class SitePages:
    """One language's generated pages as a site engine is handed them: where they are, and what
    the engine takes from the curriculum (the site's name and navigation, the notices to show).

    Not the curriculum's model, which is the generator's: a build lets it go before the engine
    starts (at 1,000 modules, a fifth of the build's peak memory: benchmarks/RESULTS.md).
    engines/settings.py makes them from a generation (``site_pages``).
    """

    content_dir: Path
    title: str  # the course's, as written (not escaped)
    description: str
    navigation: list[Any]  # MkDocs' ``nav``, as both engines read it
    notices: tuple[Problem, ...]
    written: tuple[str, ...]  # the pages this run wrote (WriteReport.written)
    language: str = SOURCE_LANGUAGE
    languages: tuple[str, ...] = ()  # the course's, the originals' first (none declared: empty)
    is_translation: bool = False  # a translation's pages, built under /<language>/

    @property
    def site_path(self) -> str:
        """Where these pages go in the built site: its root, or /<language>/ for a translation."""
        return self.language if self.is_translation else ""


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a stage that builds many small objects.

    Loading allocates tens of thousands of nodes that stay alive until validation is done; the
    collector's repeated passes over them doubled the time of `validate` (see benchmarks/). Nothing
    here creates reference cycles worth collecting early; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def forget_earlier_runs() -> None:
    """Drop what earlier runs in this process parsed, read and rendered (the next run is cold).

    A long-running preview keeps them so that an edit to one module costs one module's work; the
    benchmark clears them to measure a first run.
    """
    forget_everything()


def load_curriculum(project: Project, *, strict: bool = False) -> Curriculum:
    """The project's curriculum, checked; ContentError lists every problem in every file.

    ``strict`` makes warnings (alignment gaps) errors, as CI wants them.
    """
    # Load every file first, then validate them together, so all problems come out in one run.
    with _cyclic_gc_paused():
        documents = load_documents(project.curriculum_dir, project.root)
        curriculum = validate(documents, site_markdown_judge(project.config_file))
    warnings = [notice for notice in curriculum.notices if notice.severity == "warning"]
    if strict and warnings:
        raise ContentError(dataclasses.replace(warning, severity="error") for warning in warnings)
    return curriculum


def generate(
    project: Project,
    *,
    strict: bool = False,
    drafts: bool = False,
    print_pages: bool = False,
    language: str | None = None,
) -> Generation:
    """Check the curriculum, then write its pages (in ``language``, the originals' by default).

    The originals' pages go into the content folder; a translation's, into its own folder (see
    :func:`generate_translation`).
    ``drafts`` shows draft modules too, marked as drafts: for the live preview only.
    ``print_pages`` adds the pages the PDF exports are printed from.
    """
    with _cyclic_gc_paused():
        # Load, validate and model: nothing is written unless the whole curriculum is valid.
        curriculum = load_curriculum(project, strict=strict)
        _check_template_overrides(project, curriculum)
        _check_language_folders(project, curriculum)
    if language is not None and language != curriculum.course.language:
        if language not in curriculum.course.languages:
            raise ContentError(
                [
                    Problem(
                        curriculum.course.location_of("languages"),
                        f"the course has no translation into {language!r} (languages: "
                        f"{', '.join(curriculum.course.languages) or 'none declared'})",
                    )
                ]
            )
        return generate_translation(
            project, curriculum, language, drafts=drafts, print_pages=print_pages
        )
    return _write_generation(
        project, curriculum, project.content_dir, drafts=drafts, print_pages=print_pages
    )


def generate_languages(
    project: Project, *, strict: bool = False, drafts: bool = False, print_pages: bool = False
) -> tuple[Generation, ...]:
    """The pages in every language of the course: the originals' first, then each translation's.

    What generating a language kept for a next run (memo.py) is forgotten before the next one:
    little of it serves another language, and a 1,000-module course of two languages generated
    in 909 MiB rather than 1,065 (and a little faster).
    """
    first = generate(project, strict=strict, drafts=drafts, print_pages=print_pages)
    generations = [first]
    for language in first.curriculum.course.languages[1:]:
        forget_everything()
        generations.append(
            generate_translation(
                project, first.curriculum, language, drafts=drafts, print_pages=print_pages
            )
        )
    return tuple(generations)


def generate_translation(
    project: Project,
    curriculum: Curriculum,
    language: str,
    *,
    drafts: bool = False,
    print_pages: bool = False,
) -> Generation:
    """The pages of a translation, written into its own content folder (``Project.language_dir``).

    That folder holds what the content folder holds in the translation's language: the generated
    pages in it, and the hand-written files (a page's translation, ``page.<language>.md``, in
    place of the page: see :func:`mirror_content`).
    """
    folder = project.language_dir(language)
    mirror_content(project.content_dir, folder, language, curriculum.course.languages)
    return _write_generation(
        project, curriculum, folder, drafts=drafts, print_pages=print_pages, language=language
    )


def _write_generation(
    project: Project,
    curriculum: Curriculum,
    folder: Path,
    *,
    drafts: bool,
    print_pages: bool,
    language: str | None = None,
) -> Generation:
    # Imported here so that validating alone never loads Jinja.
    from .localize import localized
    from .render import render_site
    from .write import write_pages

    language = language or curriculum.course.language
    shown = localized(curriculum, language)
    with _cyclic_gc_paused():
        # Render every page in memory.
        downloads = tuple(sorted(p.name for p in (folder / "downloads").glob("*.pdf")))
        pages = render_site(
            shown.curriculum,
            drafts=drafts,
            overrides=project.templates_dir,
            downloads=downloads,
            print_pages=print_pages,
            language=language,
            untranslated=shown.untranslated,
        )
        # Write only the pages whose bytes changed.
        report = write_pages(pages, folder, project.root)
    return Generation(shown.curriculum, report, folder, language, curriculum.course.languages)


def _check_template_overrides(project: Project, curriculum: Curriculum) -> None:
    """Template overrides follow the rule for paths that every file the build reads follows."""
    if project.templates_dir is None:
        return
    trusted = tuple(project.root / folder for folder in curriculum.course.trusted_folders)
    problems = [
        Problem(
            Location(shown_path(path, project.root), 1, 1),
            f"the template is a symbolic link that {reason}",
            "copy the template into templates/ instead",
        )
        for path in sorted(project.templates_dir.rglob("*"))
        if path.is_file() and (reason := outside_problem(path, project.root, trusted))
    ]
    if problems:
        raise ContentError(problems)


def _check_language_folders(project: Project, curriculum: Curriculum) -> None:
    """A translation's site goes under /<language>/: the content folder has no folder of that name."""
    problems = [
        Problem(
            curriculum.course.location_of("languages", index),
            f"the translation into {language!r} is built at /{language}/, where the folder "
            f"{shown_path(project.content_dir / language, project.root)}/ would go too",
            "rename that folder",
        )
        for index, language in enumerate(curriculum.course.languages)
        if index and (project.content_dir / language).is_dir()
    ]
    if problems:
        raise ContentError(problems)


def build_site(
    project: Project, engine: Engine, *, strict: bool = False, jobs: int | None = None
) -> SitePages:
    """Generate the pages, build the site beside ``site/``, and swap it in only if all went well.

    A course's translations are built beside its originals, at most ``jobs`` sites at once (one
    per core by default; workers.py). The site built is the one to publish: it works offline once
    visited (offline.py).

    One build at a time: a second one waits for the lock (see sitedir.py).
    """
    from .engines.settings import site_pages
    from .workers import build_languages

    with build_lock(project.root):
        tidy(project.root, project.site_dir)
        # What the engines need of each generation, and not the model (let go here).
        sites = tuple(site_pages(g) for g in generate_languages(project, strict=strict))
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project.root))
        try:
            build_languages(engine, project, sites, staging, jobs)
            make_offline(staging, sites, project.config_file)
            replace_folder(project.site_dir, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return sites[0]
