"""safety.py and the limits on input: what contributors cannot slip into a page or a build.

Markdown fields are judged by their HTML in tests/test_markup.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import generate, load_curriculum
from generator.problems import ContentError
from generator.project import Project

from .conftest import run_curriculum


def beta(project: Path) -> Path:
    return project / "curriculum" / "modules" / "beta.yml"


def problems(project: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_curriculum(Project.at(project))
    return [p.format().splitlines()[0] for p in raised.value.problems]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "ftp://example.org/f",
        "//evil.example",
        "example.org",
    ],
)
def test_only_web_addresses_are_linked(project: Path, url: str) -> None:
    text = beta(project).read_text(encoding="utf-8")
    beta(project).write_text(
        text.replace("    year: 2009\n", f"    year: 2009\n    url: '{url}'\n"), encoding="utf-8"
    )

    [message] = problems(project)

    assert message == (
        f"curriculum/modules/beta.yml:27:10: error: 'url': {url!r} is not a web address: "
        "only http:// and https:// links are allowed"
    )


def test_a_source_url_must_be_a_web_address_too(project: Path) -> None:
    sources = project / "curriculum" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("https://example.org/article", "javascript:alert(1)"))

    [message] = problems(project)

    assert message.startswith("curriculum/sources.yml:7:10: error: 'url': 'javascript:alert(1)'")


def test_bidirectional_control_characters_are_refused(project: Path) -> None:
    text = beta(project).read_text(encoding="utf-8")
    beta(project).write_text(
        text.replace("title: Beta", "title: Beta \u202eatad"), encoding="utf-8"
    )

    assert problems(project) == [
        "curriculum/modules/beta.yml:1:13: error: the file holds the invisible character U+202E "
        "(RIGHT-TO-LEFT OVERRIDE), which makes text display differently from what it is"
    ]


def test_tabs_for_indentation_are_a_syntax_error_with_a_place(project: Path) -> None:
    text = beta(project).read_text(encoding="utf-8")
    beta(project).write_text(
        text.replace("  - id: critique\n", "\t- id: critique\n"), encoding="utf-8"
    )

    [message] = problems(project)

    assert message.startswith("curriculum/modules/beta.yml:5:1: error: YAML syntax:")


def test_a_symbolic_link_out_of_the_repository_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text(beta(project).read_text(encoding="utf-8"), encoding="utf-8")
    beta(project).unlink()
    beta(project).symlink_to(outside)

    assert problems(project)[0] == (
        "curriculum/modules/beta.yml:1:1: error: the file is a symbolic link that leads outside "
        "the repository"
    )


def trust(project: Path, folder: str) -> None:
    course = project / "curriculum" / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8") + f"trusted_folders: [{folder}]\n", encoding="utf-8"
    )


def test_a_symbolic_link_into_a_trusted_folder_is_fine(project: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "beta.yml").write_text(beta(project).read_text(encoding="utf-8"), encoding="utf-8")
    beta(project).unlink()
    beta(project).symlink_to(shared / "beta.yml")
    trust(project, "../shared")

    assert load_curriculum(Project.at(project)).module("beta").title == "Beta"


def local_copy(project: Path, path: str) -> None:
    sources = project / "curriculum" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("local_copy: article.txt", f"local_copy: {path}"))


def test_a_local_copy_outside_the_repository_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    article = project / "curriculum" / "article.txt"
    (tmp_path / "shared" / "article.txt").write_bytes(article.read_bytes())
    local_copy(project, "../../shared/article.txt")

    assert problems(project) == [
        "curriculum/sources.yml:9:17: error: local_copy '../../shared/article.txt' leads outside "
        "the repository"
    ]
    trust(project, "../shared")
    assert load_curriculum(Project.at(project)).quotes_verified == 1


def test_a_local_copy_through_a_link_out_of_the_repository_is_refused(
    project: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.txt").write_text("A line from the book.", encoding="utf-8")
    (project / "curriculum" / "copy.txt").symlink_to(tmp_path / "secret.txt")
    local_copy(project, "copy.txt")

    assert problems(project) == [
        "curriculum/sources.yml:9:17: error: local_copy 'copy.txt' leads outside the repository"
    ]


def test_a_template_override_that_leads_outside_is_refused(project: Path, tmp_path: Path) -> None:
    (tmp_path / "module.md.j2").write_text("{{ module.title }}\n", encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "module.md.j2").symlink_to(tmp_path / "module.md.j2")

    with pytest.raises(ContentError) as raised:
        generate(Project.at(project))

    assert [p.format().splitlines()[0] for p in raised.value.problems] == [
        "templates/module.md.j2:1:1: error: the template is a symbolic link that leads outside "
        "the repository"
    ]
    assert not (project / "content" / "modules").exists()


def test_a_symbolic_link_inside_the_repository_is_fine(project: Path) -> None:
    kept = project / "kept-beta.yml"
    beta(project).rename(kept)
    beta(project).symlink_to(kept)

    assert load_curriculum(Project.at(project)).module("beta").title == "Beta"


def test_the_generator_never_writes_through_a_link_out_of_the_content_folder(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "content" / "modules").symlink_to(elsewhere)

    with pytest.raises(ContentError) as raised:
        generate(Project.at(project))

    assert "leads out of it" in raised.value.problems[0].message
    assert list(elsewhere.iterdir()) == []


def test_local_copies_must_be_relative_text_files(project: Path) -> None:
    sources = project / "curriculum" / "sources.yml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("local_copy: article.txt", "local_copy: /etc/passwd"))

    curriculum = load_curriculum(Project.at(project))

    assert curriculum.quotes_verified == 0
    assert (
        "local_copy must be a relative path to a .txt or .md file" in curriculum.notices[0].message
    )


def test_hostile_files_end_quickly_through_the_real_command(project: Path) -> None:
    """Each is refused with a message, through the real process, within the test's time limit."""
    cases = {
        "bomb.yml": "a: &a ["
        + ",".join(["x"] * 50)
        + "]\n"
        + "".join(
            f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}" if i > 1 else "*a"] * 50) + "]\n"
            for i in range(1, 6)
        ),
        "deep.yml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "python.yml": "title: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "nul.yml": "title: a\x00b\n",
    }
    for name, text in cases.items():
        (project / "curriculum" / "modules" / name).write_text(text, encoding="utf-8")
    big = project / "curriculum" / "modules" / "big.yml"
    big.write_bytes(b"title: " + b"x" * (2 * 1024 * 1024))

    result = run_curriculum(project, "validate")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name in [*cases, "big.yml"]:
        assert f"curriculum/modules/{name}:" in result.stderr, name
    assert not os.path.exists("/tmp/pwned")
