"""scaffold.py: `curriculum new` writes a draft that validates and joins the learning path."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.project import Project

from .conftest import REPO, make_project, run_curriculum


def test_a_new_module_validates_at_once_and_joins_the_path(project: Path) -> None:
    course = project / "curriculum" / "course.yml"
    before = course.read_text(encoding="utf-8")

    result = run_curriculum(project, "new", "active-listening", "--title", "Listening: yes, really")

    assert result.returncode == 0, result.stderr
    assert course.read_text(encoding="utf-8") == before + "  - active-listening\n"
    curriculum = load_curriculum(Project.at(project), strict=True)
    module = curriculum.module("active-listening")
    assert module.title == "Listening: yes, really"
    assert module.draft
    assert module not in curriculum.published
    text = (project / "curriculum" / "modules" / "active-listening.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/module.schema.json\n")
    assert text.count("\n# ") >= 10  # every key is explained


@pytest.mark.course
def test_the_shipped_course_keeps_its_comments(tmp_path: Path) -> None:
    root = make_project(tmp_path / "course", REPO / "curriculum")
    course = root / "curriculum" / "course.yml"
    before = course.read_text(encoding="utf-8")

    assert run_curriculum(root, "new", "negotiation", "--title", "Negotiation").returncode == 0

    after = course.read_text(encoding="utf-8")
    assert after == before.replace(
        "aesthetic-judgement, prototype-to-spec]",
        "aesthetic-judgement, prototype-to-spec, negotiation]",
    )
    assert after != before


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ("modules: [alpha, beta, gamma]\n", "modules: [alpha, beta, gamma, delta]\n"),
        (
            "modules: [alpha, beta, gamma]  # the path\n",
            "modules: [alpha, beta, gamma, delta]  # the path\n",
        ),
        ("modules:\n- alpha\n- beta\n- gamma\n", "modules:\n- alpha\n- beta\n- gamma\n- delta\n"),
        (
            "modules:\n    - alpha\n    - beta\n    - gamma  # last\n# end\n",
            "modules:\n    - alpha\n    - beta\n    - gamma  # last\n    - delta\n# end\n",
        ),
        (
            "modules:\r\n  - alpha\r\n  - beta\r\n  - gamma\r\n",
            "modules:\r\n  - alpha\r\n  - beta\r\n  - gamma\r\n  - delta\r\n",
        ),
        (
            "modules:\n  - alpha\n  - beta\n  - gamma",
            "modules:\n  - alpha\n  - beta\n  - gamma\n  - delta\n",
        ),
    ],
)
def test_the_modules_list_is_edited_as_text(project: Path, listing: str, expected: str) -> None:
    course = project / "curriculum" / "course.yml"
    head = course.read_text(encoding="utf-8").split("modules:")[0]
    course.write_bytes((head + listing).encode("utf-8"))

    assert run_curriculum(project, "new", "delta", "--title", "Delta").returncode == 0

    assert course.read_bytes().decode("utf-8") == head + expected
    assert run_curriculum(project, "validate").returncode == 0


def test_without_a_modules_list_nothing_is_added(project: Path) -> None:
    course = project / "curriculum" / "course.yml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text[: text.index("modules:")], encoding="utf-8")

    result = run_curriculum(project, "new", "delta", "--title", "Delta")

    assert result.returncode == 0
    assert (project / "curriculum" / "modules" / "delta.yml").is_file()
    assert "added" not in result.stdout
    assert course.read_text(encoding="utf-8") == text[: text.index("modules:")]


@pytest.mark.parametrize(
    ("module_id", "message"),
    [
        ("alpha", "curriculum new: error: the module id 'alpha' is taken: alpha.yml exists"),
        (
            "Active Listening",
            "curriculum new: error: 'Active Listening' is not a valid module id: "
            "use lowercase letters, digits and hyphens, like 'active-listening'",
        ),
    ],
)
def test_taken_or_invalid_ids_are_usage_errors(project: Path, module_id: str, message: str) -> None:
    course = project / "curriculum" / "course.yml"
    before = course.read_text(encoding="utf-8")

    result = run_curriculum(project, "new", module_id, "--title", "Anything")

    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert course.read_text(encoding="utf-8") == before


def test_in_a_course_of_units_a_new_module_joins_the_last_unit(project: Path) -> None:
    course = project / "curriculum" / "course.yml"
    text = course.read_text(encoding="utf-8").replace(
        "modules:\n  - alpha\n  - beta\n  - gamma\n",
        "units:\n  - id: one\n    title: One\n    modules: [alpha]\n"
        "  - id: two\n    title: Two\n    modules:\n      - beta\n      - gamma\n",
    )
    course.write_text(text, encoding="utf-8")

    result = run_curriculum(project, "new", "delta", "--title", "Delta")

    assert result.returncode == 0, result.stderr
    assert "added 'delta' to the modules: of unit 'two'" in result.stdout
    assert course.read_text(encoding="utf-8") == text + "      - delta\n"
    curriculum = load_curriculum(Project.at(project))
    assert curriculum.course.units[-1].modules == ("beta", "gamma", "delta")
