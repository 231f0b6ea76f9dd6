"""Units: course.yml's learning path in parts, each with a title, on every page that shows the path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from generator.build import generate, load_curriculum
from generator.engines.settings import site_navigation
from generator.problems import ContentError
from generator.project import Project

from .browser import serve_folder
from .conftest import make_project, run_curriculum

UNITS = """units:
  - id: basics
    title: The <basics>
    summary: What comes *first*.
    modules: [alpha]
  - id: more
    title: Going further
    modules: [beta, gamma]
"""


def with_units(project: Path, units: str = UNITS) -> Path:
    """The fixture course with its learning path given as ``units`` instead of modules:."""
    course = project / "curriculum" / "course.yml"
    text = course.read_text(encoding="utf-8")
    text = text.replace("modules:\n  - alpha\n  - beta\n  - gamma\n", units)
    course.write_text(text, encoding="utf-8")
    return project


def problems_of(project: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_curriculum(Project.at(project))
    return [problem.format() for problem in raised.value.problems]


def test_the_units_make_the_learning_path_in_their_order(project: Path) -> None:
    curriculum = load_curriculum(Project.at(with_units(project)))

    assert [m.id for m in curriculum.modules] == ["alpha", "beta", "gamma"]
    groups = curriculum.in_units(curriculum.published)
    assert [(unit.id if unit else None, [m.id for m in ms]) for unit, ms in groups] == [
        ("basics", ["alpha"]),
        ("more", ["beta"]),  # gamma is a draft
    ]
    assert [(unit.title, unit.summary) for unit, _ in groups] == [
        ("The <basics>", "What comes *first*."),
        ("Going further", None),
    ]


def test_without_units_the_path_is_one_group(project: Path) -> None:
    curriculum = load_curriculum(Project.at(project))
    assert curriculum.in_units(curriculum.modules) == ((None, curriculum.modules),)


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (
            UNITS + "modules: [alpha, beta, gamma]\n",
            [
                "curriculum/course.yml:15:10: error: the learning path is given twice, as "
                "modules: and as units:\ncurriculum/course.yml:15:10: note: keep units: (each "
                "lists its modules) and remove modules:, or the other way round"
            ],
        ),
        (
            UNITS.replace("[beta, gamma]", "[beta, gamma, alpha]"),
            [
                "curriculum/course.yml:14:28: error: module 'alpha' is listed 2 times in the "
                "learning path"
            ],
        ),
        (
            UNITS.replace("[beta, gamma]", "[betta, gamma]"),
            [
                "curriculum/course.yml:14:15: error: no module 'betta': there is no "
                "curriculum/modules/betta.yml\ncurriculum/course.yml:14:15: note: did you mean "
                "'beta'?",
                "curriculum/course.yml:14:22: error: module 'beta' (curriculum/modules/beta.yml) "
                "is not in the learning path\ncurriculum/course.yml:14:22: note: add the line "
                "'- beta' to a unit's modules: list in curriculum/course.yml",
            ],
        ),
        (
            UNITS.replace("id: more", "id: basics"),
            ["curriculum/course.yml:12:9: error: a second unit with the id 'basics'"],
        ),
        (
            UNITS + "  - id: empty\n    title: Nothing yet\n    modules: []\n",
            [
                "curriculum/course.yml:17:14: error: unit 'empty' has no modules\n"
                "curriculum/course.yml:17:14: note: list the ids of its modules, or remove the unit"
            ],
        ),
    ],
    ids=["both", "twice", "unknown", "same-id", "empty"],
)
def test_a_learning_path_of_units_that_does_not_add_up_is_refused_at_its_line(
    project: Path, units: str, expected: list[str]
) -> None:
    assert problems_of(with_units(project, units)) == expected


def test_the_navigation_has_a_section_per_unit(project: Path) -> None:
    curriculum = load_curriculum(Project.at(with_units(project)))
    navigation = site_navigation(curriculum, ())
    modules = next(entry["Modules"] for entry in navigation if "Modules" in entry)
    # the title escaped, as the themes insert it as HTML
    assert modules == [
        {"The &lt;basics&gt;": ["modules/alpha.md"]},
        {"Going further": ["modules/beta.md"]},
    ]
    assert site_navigation(load_curriculum(Project.at(make_project(project.parent / "plain"))), ())[
        1
    ] == {"Modules": ["modules/alpha.md", "modules/beta.md"]}


def page(project: Path, path: str) -> str:
    return (Project.at(project).content_dir / path).read_text(encoding="utf-8")


def test_the_home_progress_module_and_sources_pages_and_the_plans_show_the_units(
    project: Path,
) -> None:
    generate(Project.at(with_units(project)))

    home = page(project, "index.md")
    # shown as typed (plain: the characters Markdown or HTML would read as entities)
    assert "### The &#60;basics&#62; { #unit-basics }" in home
    assert '<p class="hx-unit__summary">What comes &#42;first&#42;.</p>' in home
    # the cards keep one numbering through the units, and their titles sit below the unit's
    assert '<ol class="hx-cards" start="2" markdown>' in home
    assert "Module 2" in home and '<h4 class="hx-card__title"' in home
    progress = page(project, "progress.md")
    assert '<th scope="rowgroup" colspan="4">Going further</th>' in progress
    assert progress.index("The &#60;basics&#62;") < progress.index(
        '<tr data-progress-module="alpha"'
    )
    assert progress.index("Going further") < progress.index('<tr data-progress-module="beta"')
    assert "Going further · Module 2 of 2" in page(project, "modules/beta.md")
    plan = page(project, "facilitator.md")
    assert "| Session | Unit | Module |" in plan
    assert "| Going further |" in plan
    # each source's quotes under the units that quote it (alpha quotes the article, beta the book)
    sources = page(project, "sources.md")
    assert "### The &#60;basics&#62; { #source-article-basics }" in sources
    assert "### Going further { #source-book-more }" in sources
    assert sources.count("\n### ") == 2


def test_a_course_without_units_shows_none(project: Path) -> None:
    generate(Project.at(project))
    assert "hx-unit" not in page(project, "index.md") + page(project, "progress.md")
    assert '<ol class="hx-cards" markdown>' in page(project, "index.md")
    assert "| Session | Module |" in page(project, "facilitator.md")
    assert "\n### " not in page(project, "sources.md")


def pruned_course(project: Path) -> Path:
    """The fixture course in three units, all published, with the theme's navigation.prune."""
    with_units(project)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "    - navigation.indexes\n", "    - navigation.indexes\n    - navigation.prune\n"
        ),
        encoding="utf-8",
    )
    course = project / "curriculum" / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace("[beta, gamma]", "[beta]")
        + "  - id: last\n    title: Last\n    modules: [gamma]\n",
        encoding="utf-8",
    )
    gamma = project / "curriculum" / "modules" / "gamma.yml"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace("draft: true\n", ""), "utf-8")
    result = run_curriculum(project, "build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.build
def test_with_navigation_prune_a_page_carries_its_own_unit_s_navigation_only(
    project: Path,
) -> None:
    """The theme's lever for a long course: the other units are titles, their pages left out."""
    pruned_course(project)

    html = (project / "site" / "modules" / "beta" / "index.html").read_text(encoding="utf-8")
    navigation = BeautifulSoup(html, "html.parser").select_one(".md-nav--primary")
    assert navigation is not None
    pruned = [li.a for li in navigation.select("li.md-nav__item--pruned")]
    titles = [a.get_text(" ", strip=True) for a in pruned if a is not None]
    assert "The <basics>" in titles and "Last" in titles  # the other units, as titles
    # each links to its unit's first page; the pages themselves are not on this page
    assert len(navigation.select("a[href$='alpha/']")) == 1
    assert len(navigation.select("a[href$='gamma/']")) == 1
    assert navigation.select("a[href='./']")  # its own unit's page: itself


@pytest.mark.build
def test_a_pruned_unit_s_link_shows_no_module_s_state(project: Path, page: Page) -> None:
    """A pruned unit links to its first module: that link is the unit's, so it says no state."""
    pruned_course(project)
    server = serve_folder(project / "site")
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        page.goto(url + "modules/alpha/")
        for box in page.locator("input[data-progress-id]").all():
            box.check()
        page.goto(url + "modules/beta/")
        navigation = page.locator(".md-nav--primary")
        # its own unit's module says its state (painted once the manifest is read)
        expect(navigation.locator(".hx-nav-state[data-state='not-started']").first).to_be_attached()
        basics = navigation.locator("li.md-nav__item--pruned > a[href$='alpha/']").first
        expect(basics).to_contain_text("The <basics>")
        expect(basics.locator(".hx-nav-state")).to_have_count(0)
    finally:
        server.shutdown()


def test_a_course_of_many_units_lists_them_in_sections_of_ten(project: Path) -> None:
    modules = project / "curriculum" / "modules"
    ids = [f"part-{n:02d}" for n in range(1, 14)]
    for module_id in ids:
        shutil.copy(modules / "alpha.yml", modules / f"{module_id}.yml")
    units = "units:\n" + "".join(
        f"  - id: unit-{n}\n    title: Unit {n}\n    modules: [{module_id}]\n"
        for n, module_id in enumerate(ids, start=1)
    )
    curriculum = load_curriculum(Project.at(with_units(project, units + UNITS[7:])))
    modules_entry = next(e["Modules"] for e in site_navigation(curriculum, ()) if "Modules" in e)
    sections = [
        (title, [next(iter(unit)) for unit in units_of])
        for s in modules_entry
        for title, units_of in s.items()
    ]
    assert sections == [
        ("Units 1–10", [f"Unit {n}" for n in range(1, 11)]),
        ("Units 11–15", ["Unit 11", "Unit 12", "Unit 13", "The &lt;basics&gt;", "Going further"]),
    ]
    german = site_navigation(curriculum, (), "de")
    assert "Einheiten 1–10" in next(iter(german[1].values()))[0]
