"""Exports: the same course as files to hand out or upload (`curriculum export <kind>` → dist/).

Each kind is an adapter over the pipeline, in a module of its own: ``pdf`` (the workbook and the
facilitator guide, printed by the headless Chromium the tests use), ``scorm`` (a SCORM 1.2 package
for learning platforms) and ``cc`` (an IMS Common Cartridge 1.3 for Canvas, Moodle and others).
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

from ..build import Generation, generate
from ..engines.mkdocs import build_with_engine
from ..model import Curriculum, Module
from ..project import Project
from ..sitedir import build_lock


def dist_dir(project: Project) -> Path:
    """Where exports are written."""
    folder = project.root / "dist"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def built_site(
    project: Project, *, directory_urls: bool = True, print_pages: bool = False
) -> Iterator[tuple[Generation, Path]]:
    """The course's site built into a temporary folder (``site/`` is left alone).

    It takes the course's build lock, as ``curriculum build`` does: both write into content/.
    """
    with (
        build_lock(project.root),
        tempfile.TemporaryDirectory(prefix="export-", dir=project.root) as folder,
    ):
        generation = generate(project, print_pages=print_pages)
        site = Path(folder) / "site"
        build_with_engine(project, generation, site, directory_urls=directory_urls)
        yield generation, site


@dataclass(frozen=True)
class Package:
    """What a package holds besides the built site: its manifest, and the files made for it."""

    manifest: bytes
    # Where the site's files go in the package: a folder ("web_resources/"), or the root ("").
    site_folder: str = ""
    files: Mapping[str, bytes] = field(default_factory=dict)  # by name in the package


# A package's own files, from the course and every file of its built site.
Packaging = Callable[[Curriculum, list[str]], Package]

# Without SITE_URL, the site's address is the preview's (http://127.0.0.1:8000/): a package is not
# served from there, and a canonical link to it would send every page's readers (and search engines)
# to a server that is not running.
_CANONICAL_LINK = re.compile(rb'[ \t]*<link rel="canonical" href="[^"]*">\r?\n?')


def write_package(project: Project, file_name: str, packaging: Packaging) -> Path:
    """Build the site with links to files, and zip it with the package's own files into dist/."""
    with built_site(project, directory_urls=False) as (generation, site):
        curriculum = generation.curriculum
        files = site_files(site)
        package = packaging(curriculum, files)
        addressed = bool(os.environ.get("SITE_URL"))
        target = dist_dir(project) / file_name.format(id=curriculum.id)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("imsmanifest.xml", package.manifest)
            for name, data in package.files.items():
                archive.writestr(name, data)
            for name in files:
                if name.endswith(".html") and not addressed:
                    page = (site / name).read_bytes()
                    archive.writestr(package.site_folder + name, _CANONICAL_LINK.sub(b"", page))
                else:
                    archive.write(site / name, package.site_folder + name)
    return target


def module_page(module: Module) -> str:
    """The module's page in a site built with links to files."""
    return f"modules/{module.id}.html"


def site_files(site: Path) -> list[str]:
    """Every file of a built site, as paths relative to it, in a stable order."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
