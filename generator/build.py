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

from .load import load_documents
from .markup import site_markdown_judge
from .memo import forget_everything
from .model import Curriculum
from .offline import make_offline
from .problems import ContentError, Location, Problem, shown_path
from .project import Project
from .safety import outside_problem
from .sitedir import build_lock, replace_folder, tidy
from .validate import validate
from .write import WriteReport

# An engine builds the site of a project, whose pages have just been generated (the generation),
# into the given folder.
Engine = Callable[[Project, "Generation", Path], None]


@dataclass(frozen=True)
class Generation:
    """What a run of the generator read and what it changed."""

    curriculum: Curriculum
    report: WriteReport


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
    project: Project, *, strict: bool = False, drafts: bool = False, print_pages: bool = False
) -> Generation:
    """Check the curriculum, then write its pages into the content folder.

    ``drafts`` shows draft modules too, marked as drafts: for the live preview only.
    ``print_pages`` adds the pages the PDF exports are printed from.
    """
    # Imported here so that validating alone never loads Jinja.
    from .render import render_site
    from .write import write_pages

    with _cyclic_gc_paused():
        # Load, validate and model: nothing is written unless the whole curriculum is valid.
        curriculum = load_curriculum(project, strict=strict)
        _check_template_overrides(project, curriculum)
        # Render every page in memory.
        downloads = tuple(sorted(p.name for p in (project.content_dir / "downloads").glob("*.pdf")))
        pages = render_site(
            curriculum,
            drafts=drafts,
            overrides=project.templates_dir,
            downloads=downloads,
            print_pages=print_pages,
        )
        # Write only the pages whose bytes changed.
        report = write_pages(pages, project.content_dir, project.root)
    return Generation(curriculum, report)


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


def build_site(project: Project, engine: Engine, *, strict: bool = False) -> Generation:
    """Generate the pages, build the site beside ``site/``, and swap it in only if all went well.

    The site built is the one to publish: it works offline once visited (offline.py).

    One build at a time: a second one waits for the lock (see sitedir.py).
    """
    with build_lock(project.root):
        tidy(project.root, project.site_dir)
        generation = generate(project, strict=strict)
        staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=project.root))
        try:
            engine(project, generation, staging)
            make_offline(staging, generation.curriculum, project.config_file)
            replace_folder(project.site_dir, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return generation
