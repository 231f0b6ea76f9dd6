"""The ``curriculum`` command: a thin layer over the pipeline in ``build.py``.

Exit codes: 0 when all is well, 1 when the curriculum (or the site build) has problems, 2 when
the command itself was used wrongly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .alignment import alignment_table
from .build import build_site, generate_languages, load_curriculum
from .engines import ENGINES, EngineError, engine_named
from .options import OptionsError
from .problems import ContentError, Problem
from .project import Project
from .scaffold import ScaffoldError, create_module
from .schema import write_schemas
from .sitedir import BuildLockTimeout
from .version import __version__
from .wording import duration

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        project = Project.at(arguments.root)
    except OptionsError as error:
        print(f"curriculum: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if getattr(arguments, "needs_course", True) and not project.curriculum_dir.is_dir():
        print(
            f"curriculum: error: no curriculum/ folder in {project.root}; "
            "run the command from the course's root folder, or pass --root",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if getattr(arguments, "needs_course", True):
        # MkDocs refuses a docs_dir that does not exist; a course may have only generated pages.
        project.content_dir.mkdir(parents=True, exist_ok=True)
    try:
        run: Callable[[Project, argparse.Namespace], int] = arguments.run
        return run(project, arguments)
    except ContentError as error:
        _print_errors(error.problems)
        return EXIT_PROBLEMS
    except (EngineError, BuildLockTimeout) as error:
        print(f"curriculum: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="curriculum", description="Check a course written in YAML and build its site."
    )
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the course's root folder (default: here)"
    )
    parser.add_argument("--version", action="version", version=f"curriculum {__version__}")
    commands = parser.add_subparsers(required=True, metavar="command")
    validate = commands.add_parser("validate", help="check every file and report every problem")
    validate.set_defaults(run=_validate)
    generate_ = commands.add_parser("generate", help="write the course's pages into content/")
    generate_.set_defaults(run=_generate)
    build = commands.add_parser("build", help="validate, generate, then build site/")
    build.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs")
    build.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="build at most N of the course's languages at once (default: one per core)",
    )
    build.set_defaults(run=_build)
    for command in (validate, generate_, build):
        command.add_argument(
            "--strict", action="store_true", help="treat warnings as errors (CI uses this)"
        )
    report = commands.add_parser(
        "report", help="per module: objectives × exercises, and the time budget"
    )
    report.add_argument(
        "--translations", action="store_true", help="per language: what is missing or stale"
    )
    report.set_defaults(run=_report)
    translate = commands.add_parser(
        "translate", help="start a file's translation into a language (an overlay to fill in)"
    )
    translate.add_argument("target", help="a module id, or course, case or sources")
    translate.add_argument("language", help="one of course.yml's languages: de, say")
    translate.add_argument(
        "--mark-current",
        action="store_true",
        help="record that the overlay translates the original as it is now",
    )
    translate.set_defaults(run=_translate)
    new = commands.add_parser("new", help="write a new module file, a draft that explains itself")
    new.add_argument("module_id", metavar="module-id", help="lowercase letters, digits, hyphens")
    new.add_argument("--title", required=True, help="the module's title")
    new.set_defaults(run=_new)
    export = commands.add_parser("export", help="write the course as PDFs or LMS packages in dist/")
    export.add_argument(
        "kind", choices=["pdf", "scorm", "cc", "cmi5"], help="pdf, scorm (1.2), cc (1.3) or cmi5"
    )
    export.add_argument("--paper", choices=["a4", "letter"], default="a4", help="PDF paper size")
    export.set_defaults(run=_export)
    init = commands.add_parser("init", help="start a new course repository in a folder")
    init.add_argument("folder", type=Path, help="where to create it (a new or empty folder)")
    init.add_argument("--title", required=True, help="the course's title")
    init.add_argument(
        "--engine-source",
        metavar="WHEEL|FOLDER|URL",
        help="install the engine from here rather than the package index (a wheel, a folder, git+https://…)",
    )
    init.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that has files (replacing, and listing, any of the same name)",
    )
    init.set_defaults(run=_init, needs_course=False)
    check = commands.add_parser("check-links", help="check every internal link of the built site")
    check.add_argument("--site", type=Path, help="the built site (default: site/)")
    check.set_defaults(run=_check_links)
    schema = commands.add_parser("schema", help="write the editors' JSON Schemas into schemas/")
    schema.set_defaults(run=_schema)
    serve = commands.add_parser("serve", help="preview the site; saving a file reloads the page")
    serve.add_argument("--dev-addr", help="address to serve on (default: 127.0.0.1:8000)")
    serve.add_argument(
        "--no-drafts", action="store_true", help="hide draft modules, as the published site does"
    )
    serve.add_argument(
        "--language",
        metavar="LANG",
        help="preview this translation of the course (one of course.yml's languages)",
    )
    serve.set_defaults(run=_serve)
    return parser


def _positive(text: str) -> int:
    """A whole number of at least 1, for argparse."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def _validate(project: Project, arguments: argparse.Namespace) -> int:
    curriculum = load_curriculum(project, strict=_strict(project, arguments))
    _print_problems(curriculum.notices)
    print(
        f"curriculum: {_count(len(curriculum.modules), 'module')} ({len(curriculum.published)} published, "
        f"{duration(curriculum.minutes)}), {_count(curriculum.quotes_verified, 'quote')} "
        "verified against their sources: no problems"
    )
    return EXIT_OK


def _generate(project: Project, arguments: argparse.Namespace) -> int:
    generations = generate_languages(project, strict=_strict(project, arguments))
    _print_problems(generations[0].curriculum.notices)
    for generation in generations:
        report = generation.report
        print(
            f"curriculum: wrote {len(report.written)} page(s), removed {len(report.removed)}, "
            f"{report.unchanged} unchanged, in {_shown(generation.content_dir, project)}/"
        )
    return EXIT_OK


def _build(project: Project, arguments: argparse.Namespace) -> int:
    pages = build_site(
        project,
        engine_named(arguments.engine),
        strict=_strict(project, arguments),
        jobs=arguments.jobs,
    )
    _print_problems(pages.notices)
    print(
        f"curriculum: site built in {_shown(project.site_dir, project)}/; "
        f"look at it with 'curriculum serve', or serve the folder with any web server "
        f"(python3 -m http.server -d {_shown(project.site_dir, project)})"
    )
    return EXIT_OK


def _report(project: Project, arguments: argparse.Namespace) -> int:
    curriculum = load_curriculum(project)
    if arguments.translations:
        from .translate import translations_report

        print(translations_report(curriculum))
        return EXIT_OK
    print("\n\n".join(alignment_table(module) for module in curriculum.modules))
    print(
        f"\ncourse: {duration(curriculum.minutes)} in {len(curriculum.published)} published modules"
    )
    return EXIT_OK


def _translate(project: Project, arguments: argparse.Namespace) -> int:
    from .translate import TranslateError, mark_current, start_translation

    curriculum = load_curriculum(project)
    act = mark_current if arguments.mark_current else start_translation
    try:
        path = act(project, curriculum, arguments.target, arguments.language)
    except TranslateError as error:
        print(f"curriculum translate: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    done = "recorded as current" if arguments.mark_current else "wrote"
    print(f"curriculum: {done} {_shown(path, project)}")
    return EXIT_OK


def _new(project: Project, arguments: argparse.Namespace) -> int:
    try:
        path, listed = create_module(project, arguments.module_id, arguments.title)
    except ScaffoldError as error:
        print(f"curriculum new: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"curriculum: wrote {_shown(path, project)}, a draft: fill in its fields, then delete 'draft: true'"
    )
    if listed:
        print(f"curriculum: added {arguments.module_id!r} to {listed} in curriculum/course.yml")
    return EXIT_OK


def _export(project: Project, arguments: argparse.Namespace) -> int:
    from .export.cc import export_cc
    from .export.cmi5 import export_cmi5
    from .export.pdf import export_pdf
    from .export.scorm import export_scorm

    if arguments.kind == "pdf":
        written = export_pdf(project, arguments.paper)
    else:
        exports = {"scorm": export_scorm, "cc": export_cc, "cmi5": export_cmi5}
        written = exports[arguments.kind](project)
    for path in written:
        print(f"curriculum: wrote {_shown(path, project)}")
    return EXIT_OK


def _init(project: Project, arguments: argparse.Namespace) -> int:
    from .newcourse import InitError, create_course

    try:
        course = create_course(
            arguments.folder,
            arguments.title,
            engine_source=arguments.engine_source,
            force=arguments.force,
        )
    except InitError as error:
        print(f"curriculum init: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for name in course.replaced:
        print(f"curriculum: replaced {name}")
    print(
        f"curriculum: wrote a new course in {_shown(course.folder, project)}/ "
        f"({len(course.written)} files); next: cd into it, then 'make site' or 'make serve'"
    )
    return EXIT_OK


def _check_links(project: Project, arguments: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from .linkcheck import check_links

    site = arguments.site or project.site_dir
    if not site.is_dir():
        print(f"curriculum: error: no built site in {_shown(site, project)}/", file=sys.stderr)
        return EXIT_USAGE
    report = check_links(site, urlsplit(os.environ.get("SITE_URL", "/")).path or "/")
    for problem in report.broken:
        print(f"{_shown(site, project)}/{problem}", file=sys.stderr)
    print(f"curriculum: {report.checked} links checked, {len(report.broken)} broken")
    return EXIT_PROBLEMS if report.broken else EXIT_OK


def _schema(project: Project, arguments: argparse.Namespace) -> int:
    for path in write_schemas(project.root):
        print(f"curriculum: wrote {_shown(path, project)}")
    return EXIT_OK


def _serve(project: Project, arguments: argparse.Namespace) -> int:
    from .engines.mkdocs import serve

    serve(project, arguments.dev_addr, drafts=not arguments.no_drafts, language=arguments.language)
    return EXIT_OK


def _strict(project: Project, arguments: argparse.Namespace) -> bool:
    """--strict, or the course's strict_alignment option in mkdocs.yml."""
    return bool(arguments.strict) or project.strict_alignment


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shown(path: Path, project: Project) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _print_problems(problems: Sequence[Problem]) -> None:
    """Print each problem as ``path:line:col: error: message``; on GitHub, as annotations too."""
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format(), file=sys.stderr)
        if on_github:
            print(problem.github_annotation())  # GitHub reads workflow commands from stdout


def _print_errors(problems: Sequence[Problem]) -> None:
    """Print the problems that stopped the command, and how many errors there were."""
    _print_problems(problems)
    errors = sum(problem.severity == "error" for problem in problems)
    print(f"curriculum: {errors} error(s) in the curriculum", file=sys.stderr)
