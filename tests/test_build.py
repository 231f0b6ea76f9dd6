"""build.py with the real MkDocs: the built HTML, the swap of site/, and an instructor's workflow."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import SitePages, build_site
from generator.engines.mkdocs import build_with_engine
from generator.model import Curriculum
from generator.project import Project

from .conftest import REPO, make_project, run_curriculum, tree_snapshot

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course, built by the real command."""
    root = make_project(tmp_path_factory.mktemp("built") / "course")
    result = run_curriculum(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> BeautifulSoup:
    """The page's content, without the permalinks that MkDocs adds to headings."""
    content = soup.select_one("article.md-content__inner")
    for permalink in content.select("a.headerlink"):
        permalink.decompose()
    return content


def test_plain_text_appears_literally(site: Path) -> None:
    alpha = page(site, "modules/alpha")
    content = article(alpha)

    assert content.h1.get_text() == "Alpha <em>one</em> *stars* {{ x }}"
    assert content.h1.find("em") is None
    assert alpha.title.get_text().startswith("Alpha <em>one</em> *stars* {{ x }}")
    objectives = [li.get_text() for li in content.select("ul.hx-objectives li")]
    assert objectives == [
        "Rank <b>ten</b> things by *value* and {{ justify }} the top three.",
        "# Draft a note that starts with a hash",
    ]
    steps = [
        li.get_text() for li in content.find(id="exercise-ranking").find_next("ol").find_all("li")
    ]
    assert steps == ["1. Not a list item", "List things | with a pipe", "Pick {{ three }}"]
    quote = content.select_one("figure.hx-quote")
    assert (
        quote.blockquote.get_text(strip=True)
        == "Quote with <script>alert(1)</script> and _underscores_."
    )
    assert not [s for s in alpha.find_all("script") if "alert(1)" in s.get_text()]
    assert "(In a <i>talk</i>)" in quote.figcaption.get_text()
    nav_titles = [
        a.get_text(strip=True) for a in alpha.select("nav.md-nav--primary a.md-nav__link")
    ]
    assert "Alpha <em>one</em> *stars* {{ x }}" in nav_titles


def test_markdown_fields_are_rendered(site: Path) -> None:
    content = article(page(site, "modules/alpha"))

    assert content.find("strong", string="first") is not None
    assert content.find("a", string="link to beta")["href"] == "../beta/"
    notes = next(d for d in content.find_all("details") if "Facilitator" in d.summary.get_text())
    assert not notes.has_attr("open")
    assert notes.summary.get_text(strip=True) == "Facilitator notes"
    assert notes.find("strong", string="clock") is not None
    assert article(page(site, "")).find("strong", string="small") is not None


def test_the_checklist_has_labelled_inputs_with_stable_ids(site: Path) -> None:
    content = article(page(site, "modules/alpha"))

    boxes = content.select("input[data-progress-id]")
    assert [box["data-progress-id"] for box in boxes] == [
        "alpha/ranking",
        "alpha/writing",
        "alpha/what-happened",
        "alpha/next-time",
        "alpha/shared",
    ]
    labels = [box.find_parent("label").get_text(" ", strip=True) for box in boxes]
    assert labels == [
        "Exercise: Rank [it] `now`",
        "Exercise: Write",
        "Reflection: What happened when you ranked <things>?",
        "Reflection: What will you do next: *really*?",
        "Task: Shared my list with > one person",
    ]
    assert all(box["type"] == "checkbox" for box in boxes)


def test_a_check_is_a_fieldset_of_labelled_radios_with_its_discussion(site: Path) -> None:
    content = article(page(site, "modules/beta"))

    [check] = content.select("[data-check-id]")
    assert check["data-check-id"] == "beta/first-move"
    assert check.select_one("fieldset > legend").get_text() == "What do you do <first>?"
    radios = check.select("fieldset input[type=radio]")
    assert [radio["value"] for radio in radios] == ["ship-it", "check-numbers", "ask-author"]
    assert len({radio["name"] for radio in radios}) == 1
    labels = [content.select_one(f"label[for='{radio['id']}']").get_text() for radio in radios]
    assert labels[0] == "Send it on as it is & say so"  # plain text, as typed
    assert check.select_one("[data-check-feedback]")["role"] == "status"
    assert check.select_one("[data-check-actions]").has_attr("hidden")  # no buttons without JS
    discussion = check.select_one("details[data-check-discussion]")
    assert discussion.select_one("summary").get_text() == "Discuss the options"
    best = discussion.select_one("[data-option='check-numbers']")
    assert best["data-verdict"] == "best" and best.select_one("strong").get_text() == (
        "Check the three numbers the plan rests on"
    )
    assert best.select("p strong")[-1].get_text() == "check them"  # the feedback's Markdown
    assert check.select_one("em").get_text() == "minutes"  # the scenario's Markdown
    box = content.select_one("input[data-progress-id='beta/first-move']")
    assert box.find_parent("label").get_text(" ", strip=True) == "Check 1: What do you do <first>?"


def test_an_exercise_shows_its_example_self_check_and_solo_path(site: Path) -> None:
    content = article(page(site, "modules/alpha"))
    card = content.select_one("#exercise-ranking").find_parent("section")

    blocks = {block.select_one("summary").get_text(): block for block in card.select("details")}
    example, solo = blocks["A worked example"], blocks["On your own"]
    assert not example.has_attr("open") and not solo.has_attr("open")  # try first, then look
    assert example.select_one("em").get_text() == "five"  # Markdown
    assert solo.select_one("strong").get_text() == "top three"
    boxes = card.select(".hx-self-check input[type=checkbox][data-self-check-id='alpha/ranking']")
    assert [box["value"] for box in boxes] == ["0", "1", "2"]  # each in its label
    assert [li.label.get_text(strip=True) for li in card.select(".hx-self-check li")] == [
        "Every thing has a rank",
        "The top three each have a reason <why>",  # plain text, as typed
        "Nothing is ranked twice: *really*",
    ]
    writing = content.select_one("#exercise-writing").find_parent("section")
    assert "Optional in a short session" in writing.get_text()
    assert (
        content.select_one(".hx-prework li").get_text() == "A list of ten things from <your> week"
    )
    assert "Take 10 min for these." in content.get_text()


def test_pages_link_to_each_other_along_the_learning_path(site: Path) -> None:
    home = article(page(site, ""))
    links = [item.a["href"] for item in home.select("ol > li")]
    assert links == ["modules/alpha/", "modules/beta/"]
    assert home.select_one("ol > li").find("a", string="link to beta")["href"] == "modules/beta/"
    assert "55 min" in home.get_text()  # exercises and reflection

    alpha, beta = article(page(site, "modules/alpha")), article(page(site, "modules/beta"))
    assert alpha.select_one("a.hx-next")["href"] == "../beta/"
    assert beta.select_one("a.hx-previous")["href"] == "../alpha/"
    assert [a["href"] for a in beta.select(".hx-before a")] == ["../alpha/"]  # prerequisite
    assert alpha.figure.figcaption.a["href"] == "../../sources/#source-article"

    sources = article(page(site, "sources"))
    assert sources.find(id="source-article") is not None
    assert [a["href"] for a in sources.select("figcaption a")] == [
        "../modules/alpha/",
        "../modules/beta/",
    ]

    nav = [
        a["href"]
        for a in page(site, "modules/alpha").select("nav.md-nav--primary a.md-nav__link[href]")
    ]
    assert nav.index("./") < nav.index("../beta/") < nav.index("../../sources/")


def test_drafts_are_not_published(site: Path) -> None:
    assert not (site / "modules" / "gamma").exists()
    assert "gamma" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_last_good_site(project: Path) -> None:
    assert run_curriculum(project, "build").returncode == 0
    before = tree_snapshot(project / "site")
    module = project / "curriculum" / "modules" / "beta.yml"
    good = module.read_text(encoding="utf-8")

    module.write_text(good.replace("title: Beta", "title: [Beta"), encoding="utf-8")
    content_problem = run_curriculum(project, "build")
    # Valid YAML, but MkDocs' strict mode fails on the broken link in a Markdown field.
    module.write_text(
        good.replace("summary: The second module.", "summary: See [x](nowhere.md)."),
        encoding="utf-8",
    )
    engine_problem = run_curriculum(project, "build")

    assert content_problem.returncode == 1
    assert engine_problem.returncode == 1
    assert "nowhere.md" in engine_problem.stderr
    assert "Traceback" not in content_problem.stderr + engine_problem.stderr
    assert tree_snapshot(project / "site") == before
    assert not list(project.glob(".site-*"))


def test_an_instructor_adds_a_module(project: Path) -> None:
    modules = project / "curriculum" / "modules"
    text = (modules / "beta.yml").read_text(encoding="utf-8")
    (modules / "delta.yml").write_text(
        text.replace("title: Beta", "title: Delta"), encoding="utf-8"
    )

    forgotten = run_curriculum(project, "build")
    assert forgotten.returncode == 1
    assert (
        "add the line '- delta' to the modules: list in curriculum/course.yml" in forgotten.stderr
    )

    course = project / "curriculum" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8") + "  - delta\n", encoding="utf-8")
    assert run_curriculum(project, "build").returncode == 0

    home = page(project / "site", "")
    assert "modules/delta/" in [a["href"] for a in article(home).select("a")]
    assert "Delta" in [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a")]


def test_removing_a_module_removes_its_page(project: Path) -> None:
    assert run_curriculum(project, "build").returncode == 0
    (project / "curriculum" / "modules" / "beta.yml").unlink()
    course = project / "curriculum" / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace("  - beta\n", ""), encoding="utf-8"
    )
    alpha = project / "curriculum" / "modules" / "alpha.yml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(", with a [link to beta](beta.md)", "")
    )

    assert run_curriculum(project, "build").returncode == 0

    assert not (project / "content" / "modules" / "beta.md").exists()
    assert not (project / "site" / "modules" / "beta").exists()


def test_the_engine_builds_without_the_curriculum_s_model_in_memory(project: Path) -> None:
    def curricula() -> list[Curriculum]:
        return [thing for thing in gc.get_objects() if isinstance(thing, Curriculum)]

    # Other tests' (this process may have run some), kept alive so that no new one takes an id.
    others = curricula()
    models: list[int] = []

    def engine(course: Project, pages: SitePages, site_dir: Path) -> None:
        gc.unfreeze()  # what the build froze for the engine, back where gc.get_objects() sees it
        gc.collect()
        models.append(len({id(c) for c in curricula()} - {id(c) for c in others}))
        gc.freeze()
        build_with_engine(course, pages, site_dir)

    built = build_site(Project.at(project), engine)

    assert models == [0]  # let go: the engine holds every page, the model is the generator's
    assert built.title and built.navigation
    assert (project / "site" / "modules" / "alpha" / "index.html").is_file()


def test_plain_mkdocs_build_runs_the_generator(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert (project / "out" / "modules" / "alpha" / "index.html").is_file()


def test_plain_mkdocs_build_reports_content_problems(project: Path) -> None:
    module = project / "curriculum" / "modules" / "beta.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("format: group", "format: groups"))

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", "out"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 1
    assert (
        "curriculum/modules/beta.yml:15:13: error: 'format' must be one of solo, pair, group"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


@pytest.mark.course
def test_the_shipped_course_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path / "course", curriculum=REPO / "curriculum")

    result = run_curriculum(root, "build")

    assert result.returncode == 0, result.stderr
    pages = sorted(p.parent.name for p in (root / "site" / "modules").glob("*/index.html"))
    shipped = sorted(
        p.stem for p in (REPO / "curriculum" / "modules").glob("*.yml") if "." not in p.stem
    )
    assert pages == shipped
    # The engine's tests crawl a fixture course: this one's own links and anchors are checked here.
    checked = run_curriculum(root, "check-links")
    assert checked.returncode == 0, checked.stdout + checked.stderr
