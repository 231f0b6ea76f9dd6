"""render.py: golden Markdown for the fixture course, and the filters that keep plain text literal."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from generator.build import generate
from generator.model import Course, Module, Sources
from generator.project import Project
from generator.render import plain, relink
from generator.wording import duration

from .golden import GOLDEN, render_fixture


def test_rendered_pages_match_the_golden_files() -> None:
    pages = render_fixture()

    assert sorted(page.path for page in pages) == sorted(
        path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*") if path.is_file()
    ), "pages were added or removed: run `make golden` and review the diff"
    for page in pages:
        expected = (GOLDEN / page.path).read_text(encoding="utf-8")
        assert page.text == expected, f"{page.path} differs: run `make golden` and review the diff"


def test_drafts_are_not_rendered() -> None:
    assert "modules/gamma.md" not in {page.path for page in render_fixture()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain words, stay.", "Plain words, stay."),
        ("<em>x</em>", "&#60;em&#62;x&#60;/em&#62;"),
        ("*stars* and _underscores_", "&#42;stars&#42; and &#95;underscores&#95;"),
        ("{{ x }}", "&#123;&#123; x &#125;&#125;"),
        ("[link](url)", "&#91;link&#93;(url)"),
        ("`code`", "&#96;code&#96;"),
        ("a \\ b | c", "a &#92; b &#124; c"),
        ("Tom & Jerry", "Tom &#38; Jerry"),
        ("# heading", "&#35; heading"),
        ("Version 2 #", "Version 2 &#35;"),  # would close a heading, and vanish
        ("> quote", "&#62; quote"),
        ("- item", "&#45; item"),
        ("+ item", "&#43; item"),
        ("12. item", "&#49;&#50;. item"),
        ("well-known 3.5 - fine", "well-known 3.5 - fine"),
        ("two\n\nparagraphs\tand  tabs", "two paragraphs and tabs"),
    ],
)
def test_plain_text_is_escaped_for_markdown(text: str, expected: str) -> None:
    assert plain(text) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(5, "5 min"), (59, "59 min"), (60, "1 h"), (75, "1 h 15 min"), (600, "10 h")],
)
def test_duration(minutes: int, expected: str) -> None:
    assert duration(minutes) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See [beta](beta.md).", "See [beta](modules/beta.md)."),
        ("![a chart](../assets/c.png)", "![a chart](modules/../assets/c.png)"),
        ("[a](beta.md#part) and [b](#here)", "[a](modules/beta.md#part) and [b](#here)"),
        (
            "[web](https://example.org) [mail](mailto:a@b.c) [root](/x)",
            "[web](https://example.org) [mail](mailto:a@b.c) [root](/x)",
        ),
        ("[ref][r]\n\n[r]: beta.md", "[ref][r]\n\n[r]: modules/beta.md"),
        ("[angle](<my page.md>)", "[angle](<modules/my page.md>)"),
    ],
)
def test_relink_moves_relative_links_only(markdown: str, expected: str) -> None:
    assert relink(markdown, "modules/") == expected


def test_a_template_in_the_project_replaces_the_built_in_one(project) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "sources.md.j2").write_text(
        '{% extends "builtin/sources.md.j2" %}', encoding="utf-8"
    )
    (project / "templates" / "journal.md.j2").write_text(
        "---\n{{ GENERATED_MARK }}\n---\n\n# Our own journal page\n", encoding="utf-8"
    )

    generate(Project.at(project))

    journal = (project / "content" / "journal.md").read_text(encoding="utf-8")
    assert journal.endswith("# Our own journal page\n")
    assert "Every quote in this course" in (project / "content" / "sources.md").read_text()


def test_the_authoring_guide_documents_every_field() -> None:
    guide = next(page.text for page in render_fixture() if page.path == "authoring.md")

    pending, seen = [Course, Sources, Module], set()
    while pending:
        cls = pending.pop()
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in (f for f in dataclasses.fields(cls) if "doc" in f.metadata):
            assert f"| `{field.name}` |" in guide, f"{cls.__name__}.{field.name}"
            annotation = hints[field.name]
            for inner in (annotation, *typing.get_args(annotation)):
                if dataclasses.is_dataclass(inner) and inner not in seen:
                    pending.append(inner)
    # course; sources and source; a module, its six kinds of item, a check and its options
    assert len(seen) == 12


def test_the_facilitator_guide_gathers_every_note() -> None:
    guide = next(page.text for page in render_fixture() if page.path == "facilitator.md")

    assert "Watch the **clock**." in guide
    assert "## A one-day workshop" in guide and "## A seven-week cohort" in guide
    assert "| 09:00–09:40 | [Alpha" in guide
