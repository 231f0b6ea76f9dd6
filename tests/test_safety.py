"""safety.py and the limits on input: what contributors cannot slip into a published page."""

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
    ("markdown", "complaint"),
    [
        ("Hi <script>alert(1)</script>", "the HTML element <script> is not allowed"),
        ("<img src=x onerror=alert(1)>", "the event-handler attribute onerror= on <img>"),
        ("<iframe src='https://example.org'></iframe>", "the HTML element <iframe>"),
        ("<object data='x.swf'></object>", "the HTML element <object>"),
        ("<style>body{display:none}</style>", "the HTML element <style>"),
        ("[click](javascript:alert(1))", "the link 'javascript:alert(1' uses a scheme"),
        ("<a href='JaVa\tScRiPt:alert(1)'>x</a>", "uses a scheme that is not allowed"),
        ("[x][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4=", "the link 'data:text/html"),
        ('A paragraph.\n{: onclick="alert(1)" }', "sets an event handler"),
        ('<p style="background: url(https://evil.example/x)">x</p>', "the style attribute"),
    ],
)
def test_unsafe_markdown_is_refused_at_its_line(
    project: Path, markdown: str, complaint: str
) -> None:
    text = beta(project).read_text(encoding="utf-8")
    block = "summary: |-\n" + "".join(
        f"  {line}\n" if line else "\n" for line in markdown.split("\n")
    )
    beta(project).write_text(text.replace("summary: The second module.\n", block), encoding="utf-8")

    [message] = problems(project)

    assert message.startswith("curriculum/modules/beta.yml:2:10: error: 'summary': ")
    assert complaint in message


def test_safe_html_and_links_are_kept(project: Path) -> None:
    text = beta(project).read_text(encoding="utf-8")
    safe = "summary: '<b>Bold</b>, <em>this</em>, [a link](https://example.org) and [mail](mailto:a@b.org).'\n"
    beta(project).write_text(text.replace("summary: The second module.\n", safe), encoding="utf-8")

    assert load_curriculum(Project.at(project)).module("beta").summary.startswith("<b>Bold</b>")


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
        "curriculum/modules/beta.yml:1:1: error: the file is a symbolic link to a place outside "
        "the repository"
    )


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
