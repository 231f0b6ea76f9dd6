"""validate.py: every kind of bad input is reported with its file, line and column, all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.cli import main
from generator.problems import ContentError, Location
from generator.project import Project

from .conftest import DATA, make_project

BROKEN = sorted(path for path in (DATA / "broken").iterdir() if path.is_dir())


def overlay(case: Path, curriculum: Path) -> None:
    """Copy a broken case's files over a valid curriculum."""
    shutil.copytree(
        case, curriculum, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
    )


@pytest.mark.parametrize("case", BROKEN, ids=lambda path: path.name)
def test_broken_input_is_reported_at_its_place(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path / "course")
    overlay(case, root / "curriculum")

    exit_code = main(["--root", str(root), "validate"])

    out, err = capsys.readouterr()
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert exit_code == 1
    assert err.splitlines()[:-1] == expected
    errors = sum(": error: " in line for line in expected)
    assert err.splitlines()[-1] == f"curriculum: {errors} error(s) in the curriculum"
    assert out == ""


def test_every_file_s_problems_come_in_one_run(tmp_path: Path) -> None:
    root = make_project(tmp_path / "course")
    for name in ("unknown-key", "yaml-syntax", "not-a-mapping", "unknown-module-in-path"):
        # Each case breaks a different file, or the same file differently: put them side by side.
        case = DATA / "broken" / name
        for path in case.rglob("*.yml"):
            target = root / "curriculum" / path.relative_to(case)
            if name == "yaml-syntax":
                target = target.with_name("delta.yml")
            shutil.copy(path, target)

    with pytest.raises(ContentError) as raised:
        load_curriculum(Project.at(root))

    places = {(p.location.path, p.location.line) for p in raised.value.problems}
    assert ("curriculum/modules/beta.yml", 6) in places  # unknown key
    assert ("curriculum/modules/delta.yml", 6) in places  # syntax error in another module
    assert ("curriculum/sources.yml", 1) in places  # sources is a list
    assert ("curriculum/course.yml", 5) in places  # unknown module in the path


def test_a_valid_curriculum_becomes_the_model(project: Path) -> None:
    curriculum = load_curriculum(Project.at(project))

    assert [m.id for m in curriculum.modules] == ["alpha", "beta", "gamma"]
    assert [m.id for m in curriculum.published] == ["alpha", "beta"]
    alpha = curriculum.module("alpha")
    assert alpha.title == "Alpha <em>one</em> *stars* {{ x }}"
    assert alpha.minutes == 40  # 30 of exercises, 10 of reflection
    assert curriculum.minutes == 55  # the draft's five minutes are not published
    assert alpha.exercises[0].steps == (
        "1. Not a list item",
        "List things | with a pipe",
        "Pick {{ three }}",
    )
    assert [item.progress_id for item in alpha.progress_items] == [
        "alpha/ranking",
        "alpha/writing",
        "alpha/what-happened",
        "alpha/next-time",
        "alpha/shared",
    ]
    assert alpha.exercises[0].location_of("objectives", 0) == Location(
        "curriculum/modules/alpha.yml", 19, 18
    )


def test_without_a_modules_list_the_path_follows_file_names(project: Path) -> None:
    course = project / "curriculum" / "course.yml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text[: text.index("modules:")], encoding="utf-8")
    (project / "curriculum" / "modules" / "beta.yml").rename(
        project / "curriculum" / "modules" / "0-beta.yml"
    )
    (project / "curriculum" / "modules" / "0-beta.yml").write_text(
        (project / "curriculum" / "modules" / "0-beta.yml")
        .read_text(encoding="utf-8")
        .replace("prerequisites: [alpha]\n", ""),
        encoding="utf-8",
    )

    curriculum = load_curriculum(Project.at(project))

    assert [m.id for m in curriculum.modules] == ["0-beta", "alpha", "gamma"]
