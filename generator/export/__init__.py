"""Exports: the same course as files to hand out or upload (`curriculum export <kind>` → dist/).

Each kind is an adapter over the pipeline, in a module of its own: ``pdf`` (the workbook and the
facilitator guide, printed by the headless Chromium the tests use), ``scorm`` (a SCORM 1.2 package
for learning platforms), ``cc`` (an IMS Common Cartridge 1.3 for Canvas, Moodle and others) and
``cmi5`` (a cmi5 package whose pages report to the platform's learning record store).

A course in several languages is exported once per language: the originals' files as named
(dist/<id>-workbook.pdf), each translation's with its language before the extension
(dist/<id>-workbook.de.pdf, dist/<id>-scorm12.de.zip, dist/<id>.de.imscc), each holding that
language's site alone.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..build import Generation, generate, load_curriculum
from ..csp import with_policy
from ..engines.mkdocs import build_with_engine
from ..engines.settings import site_pages
from ..model import Module
from ..project import Project
from ..sitedir import build_lock


def dist_dir(project: Project) -> Path:
    """Where exports are written."""
    folder = project.root / "dist"
    folder.mkdir(exist_ok=True)
    return folder


def course_languages(project: Project) -> tuple[str | None, ...]:
    """The languages to export: the originals' (None), then each translation's."""
    return (None, *load_curriculum(project).course.languages[1:])


def language_suffix(generation: Generation) -> str:
    """What a translation's exported file names carry before their extension: ".de"; "" else."""
    return f".{generation.language}" if generation.is_translation else ""


@contextmanager
def built_site(
    project: Project,
    *,
    directory_urls: bool = True,
    print_pages: bool = False,
    language: str | None = None,
) -> Iterator[tuple[Generation, Path]]:
    """The course's site in ``language`` built into a temporary folder (``site/`` is left alone).

    It takes the course's build lock, as ``curriculum build`` does: both write into content/.
    """
    with (
        build_lock(project.root),
        tempfile.TemporaryDirectory(prefix="export-", dir=project.root) as folder,
    ):
        generation = generate(project, print_pages=print_pages, language=language)
        site = Path(folder) / "site"
        build_with_engine(project, site_pages(generation), site, directory_urls=directory_urls)
        yield generation, site


@dataclass(frozen=True)
class Package:
    """What a package holds besides the built site: its manifest, and the files made for it."""

    manifest: bytes
    # Where the site's files go in the package: a folder ("web_resources/"), or the root ("").
    site_folder: str = ""
    files: Mapping[str, bytes] = field(default_factory=dict)  # by name in the package
    manifest_name: str = "imsmanifest.xml"  # IMS packages'; cmi5's is cmi5.xml
    # The pages' scripts talk to the platform's record store, wherever the launch says it is.
    connect_anywhere: bool = False


# A package's own files, from the course (in the package's language) and every file of its site.
Packaging = Callable[[Generation, list[str]], Package]

# Without SITE_URL, the site's address is the preview's (http://127.0.0.1:8000/): a package is not
# served from there, and a canonical link to it would send every page's readers (and search engines)
# to a server that is not running.
_CANONICAL_LINK = re.compile(rb'[ \t]*<link rel="canonical" href="[^"]*">\r?\n?')


def write_package(project: Project, file_name: str, packaging: Packaging) -> list[Path]:
    """For each language, build the site with links to files and zip it with the package's files.

    ``file_name``: the package's name in dist/, with ``{id}`` for the course's and ``{lang}``
    for the language's suffix.
    """
    return [
        _write_package(project, file_name, packaging, language)
        for language in course_languages(project)
    ]


def _write_package(
    project: Project, file_name: str, packaging: Packaging, language: str | None
) -> Path:
    with built_site(project, directory_urls=False, language=language) as (generation, site):
        files = site_files(site)
        package = packaging(generation, files)
        addressed = bool(os.environ.get("SITE_URL"))
        target = dist_dir(project) / file_name.format(
            id=generation.curriculum.id, lang=language_suffix(generation)
        )
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(package.manifest_name, package.manifest)
            for name, data in package.files.items():
                archive.writestr(name, data)
            for name in files:
                if name.endswith(".html") and (package.connect_anywhere or not addressed):
                    page = (site / name).read_bytes()
                    if not addressed:
                        page = _CANONICAL_LINK.sub(b"", page)
                    if package.connect_anywhere:
                        page = with_policy(page.decode(), connect_anywhere=True).encode()
                    archive.writestr(package.site_folder + name, page)
                else:
                    archive.write(site / name, package.site_folder + name)
    return target


def module_page(module: Module) -> str:
    """The module's page in a site built with links to files."""
    return f"modules/{module.id}.html"


def site_files(site: Path) -> list[str]:
    """Every file of a built site, as paths relative to it, in a stable order."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
