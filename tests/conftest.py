"""Shared fixtures: course projects in temporary folders, built from the files in tests/data/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.model import Curriculum
from generator.project import Project
from generator.render import Templates
from generator.write import OWNED_FILES, OWNED_FOLDERS

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
VALID = DATA / "valid"
# The course the browser, build and export tests build: five published modules and a draft, made
# for the tests, so that the engine's suite depends on nothing of the course this repository ships
# (tests marked `course` check that one).
SITE_COURSE = DATA / "site"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_project(root: Path, curriculum: Path = VALID) -> Path:
    """A course project at ``root`` with the given curriculum.

    The shipped course gets this repository's mkdocs.yml; a fixture course gets the one
    `curriculum init` writes, so that the engine's tests depend on nothing of this course.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(curriculum, root / "curriculum")
    if curriculum == REPO / "curriculum":
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    else:
        config = Templates.of().render("course/mkdocs.yml.j2", title="A fixture course")
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    # Hand-written content only: the generated pages are the generator's to write.
    if (REPO / "content").is_dir():
        shutil.copytree(
            REPO / "content",
            root / "content",
            ignore=shutil.ignore_patterns(
                *(name.rsplit("/", 1)[-1] for name in OWNED_FILES), *OWNED_FOLDERS
            ),
        )
    # This repository's course reads its source from ../shared/ (course.yml trusts that folder):
    # lay the project out the same way.
    shared = REPO.parent / "shared"
    if (
        curriculum == REPO / "curriculum"
        and shared.is_dir()
        and not (root.parent / "shared").exists()
    ):
        (root.parent / "shared").symlink_to(shared)
    return root


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Curriculum:
    """The model of SITE_COURSE, as the built sites of the browser tests show it."""
    root = make_project(tmp_path_factory.mktemp("model") / "course", SITE_COURSE)
    return load_curriculum(Project.at(root))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A valid fixture course in a temporary folder."""
    return make_project(tmp_path / "course")


def run_curriculum(
    root: Path, *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``curriculum`` command (as ``python -m generator``) in ``root``."""
    environment = {**os.environ, "GITHUB_ACTIONS": "false", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    if result.returncode == 0:
        from .marks import require_build_mark_for  # here: pytest loads tests/marks.py as a plugin

        require_build_mark_for(arguments)
    return result


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to compare a folder before and after."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# The real-browser fixtures (a served site, Chromium, a page) live beside the tests that use them;
# tests/marks.py keeps the marks true.
pytest_plugins = ["tests.browser", "tests.marks"]
