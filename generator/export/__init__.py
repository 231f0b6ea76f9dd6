"""Exports: the same course as files to hand out or upload (`curriculum export <kind>` → dist/).

Each kind is an adapter over the pipeline, in a module of its own: ``pdf`` (the workbook and the
facilitator guide, printed by the headless Chromium the tests use), ``scorm`` (a SCORM 1.2 package
for learning platforms) and ``cc`` (an IMS Common Cartridge 1.3 for Canvas, Moodle and others).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..build import Generation, generate
from ..engines.mkdocs import build_with_engine
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


# A package's manifest from the course's id and title, its modules (id, title, page) in
# learning-path order, and every file of the site.
Manifest = Callable[[str, str, list[tuple[str, str, str]], list[str]], bytes]


def write_package(project: Project, file_name: str, manifest: Manifest) -> Path:
    """Build the site with links to files, and zip it with its manifest into dist/."""
    with built_site(project, directory_urls=False) as (generation, site):
        curriculum = generation.curriculum
        files = site_files(site)
        modules = [(m.id, m.title, f"modules/{m.id}.html") for m in curriculum.published]
        target = dist_dir(project) / file_name.format(id=curriculum.id)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr(
                "imsmanifest.xml", manifest(curriculum.id, curriculum.course.title, modules, files)
            )
            for name in files:
                package.write(site / name, name)
    return target


def site_files(site: Path) -> list[str]:
    """Every file of a built site, as paths relative to it, in a stable order."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
