"""render.py: golden Markdown for the fixture course, and the filters that keep plain text literal."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from generator.build import generate, load_curriculum
from generator.memo import forget_everything
from generator.model import CasePack, Course, Module, Sources
from generator.project import Project
from generator.render import plain, relink, render_site
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

    pending, seen = [Course, Sources, Module, CasePack], set()
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
    # course, its skills and units; sources and source; a module, its six kinds of item, a check and
    # its options; the case pack and its parts
    assert len(seen) == 16


def test_the_facilitator_guide_gathers_every_note() -> None:
    guide = next(page.text for page in render_fixture() if page.path == "facilitator.md")

    assert "Watch the **clock**." in guide
    assert "## A one-day workshop" in guide and "## A cohort of 2 sessions" in guide
    # The day: core exercises only, one row each, a break between modules.
    assert (
        "| 09:00–09:20 | Alpha" in guide and "(modules/alpha.md#exercise-ranking) · pair |" in guide
    )
    assert "| 09:20–09:30 | *Break* | |" in guide
    assert "**Left out of the day** (marked optional): Write (Alpha" in guide
    # The cohort: the second session opens with the report-back; the first lists its pre-work.
    session_1, session_2 = guide.split("### Session 1:")[1].split("### Session 2:")
    assert (
        "**Before the session**" in session_1 and "ten things from &#60;your&#62; week" in session_1
    )
    assert "report-back" not in session_1
    assert "- 10 min: report-back on the practice since the last session" in session_2


def render_site_course() -> dict[str, str]:
    """The pages of the browser tests' fixture course, which has a case pack and skills."""
    from .conftest import SITE_COURSE

    project = Project(root=SITE_COURSE.parent, curriculum_dir=SITE_COURSE, content_dir=SITE_COURSE)
    return {page.path: page.text for page in render_site(load_curriculum(project))}


def test_the_case_pack_is_a_page_its_exercises_link_to() -> None:
    pages = render_site_course()

    case = pages["case.md"]
    assert 'title: "Case pack: the fixture team"' in case
    assert "## The backlog { #backlog }" in case and "| Faster search | 400 | 3 weeks |" in case
    assert "## A message to answer { #the-message }" in case
    assert (
        "[Practise in pairs](modules/framing.md#exercise-frame-practice) (Framing the problem)"
        in case
    )
    assert 'Bo to Cy: "Your test report is *useless* again."' in case  # Markdown, as written
    framing = pages["modules/framing.md"]
    assert "Work from the case pack: [The backlog](../case.md#backlog)." in framing
    assert framing.count("case.md#") == 1  # only the exercise that names a part
    assert "case pack: [The backlog](case.md#backlog)" in pages["facilitator.md"]


def test_skills_are_rated_on_the_first_page_and_on_looking_back() -> None:
    pages = render_site_course()
    first, last = "modules/listening.md", "modules/reviewing.md"

    assert pages[first].count('data-rating="before/listening"') == 5
    assert "<dt>5</dt><dd>You check what people mean before you answer" in pages[first]
    assert "data-rating=" not in pages["modules/framing.md"]
    assert pages["looking-back.md"].count('data-rating="after/framing"') == 5
    assert 'data-rating-skill="framing"' in pages["looking-back.md"]
    assert 'data-rating-skill="listening"' in pages["progress.md"]
    assert (
        '[<span class="hx-pager__label">Next</span> Looking back](../looking-back.md)'
        in pages[last]
    )


def test_without_a_case_pack_or_skills_neither_page_is_made() -> None:
    pages = {page.path for page in render_fixture()}

    assert "case.md" not in pages and "looking-back.md" not in pages


def test_pages_about_every_module_show_each_edit_as_a_first_run_would(project) -> None:
    # Their parts about one module are rendered once while the module is the same (reuse.py): a
    # part must never outlive an edit of what it shows.
    course = Project.at(project)
    module = project / "curriculum" / "modules" / "alpha.yml"
    pages = ("facilitator.md", "facilitator/cohort.md", "journal.md", "index.md")
    generate(course)
    edits = [
        ("Watch the **clock**.", "Watch the **time**."),  # the facilitator's notes
        ("What happened when you ranked", "What did you see when you ranked"),  # the journal
        ("title: Alpha", "title: Alfa"),  # every page
        ("Watch the **time**.", "Watch the **clock**."),  # back to a part seen before
    ]
    for old, new in edits:
        module.write_text(module.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        generate(course)
        shown = {page: (course.content_dir / page).read_text(encoding="utf-8") for page in pages}
        forget_everything()
        generate(course)

        first_run = {
            page: (course.content_dir / page).read_text(encoding="utf-8") for page in pages
        }
        assert shown == first_run, f"after {new!r}"
    assert "Watch the **clock**." in shown["facilitator.md"]
    assert "What did you see when you ranked" in shown["journal.md"]
    assert "Alfa" in shown["facilitator/cohort.md"] and "Alfa" in shown["index.md"]
