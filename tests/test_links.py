"""The built site has no broken internal link or anchor, and works under any sub-path.

Both engines' builds are crawled: every page's links, stylesheets, scripts and images that point
inside the site must resolve to a file, and every #anchor to an id on its page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.linkcheck import check_links
from generator.model import Curriculum

from .conftest import SITE_COURSE, make_project, run_curriculum

pytestmark = pytest.mark.build

SUB_PATH = "/a-course/"
ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"))


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp(request.param) / "course", SITE_COURSE)
    result = run_curriculum(
        root,
        "build",
        "--strict",
        "--engine",
        request.param,
        env={"SITE_URL": f"https://example.github.io{SUB_PATH}"},
    )
    assert result.returncode == 0, result.stderr
    return root / "site"


def pages(site: Path) -> Iterator[tuple[Path, BeautifulSoup]]:
    for path in sorted(site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def links(soup: BeautifulSoup) -> Iterator[str]:
    for tag, attribute in ATTRIBUTES:
        for element in soup.find_all(tag):
            if element.get(attribute) is not None:
                yield element[attribute]


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    report = check_links(site, SUB_PATH)

    assert report.checked > 500
    assert report.broken == ()


def test_the_checker_finds_a_broken_link_and_a_missing_anchor(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</body>", '<a href="nowhere/">x</a><a href="progress/#no-such-id">y</a></body>'
        ),
        encoding="utf-8",
    )

    assert check_links(copy, SUB_PATH).broken == (
        "index.html -> nowhere/: no such file",
        "index.html -> progress/#no-such-id: no #no-such-id on that page",
    )


def test_no_link_is_root_absolute(site: Path) -> None:
    """Links are relative, so the site works under any sub-path; the 404 page, which GitHub Pages
    serves at any address, links from the site's own path (SITE_URL's), never from the host's root."""
    absolute = [
        f"{page.relative_to(site)}: {link}"
        for page, soup in pages(site)
        for link in links(soup)
        if link.startswith("/")
        and not link.startswith("//")
        and not (page.name == "404.html" and page.parent == site and link.startswith(SUB_PATH))
    ]
    assert absolute == []


def test_every_page_of_the_course_is_built(site: Path, course: Curriculum) -> None:
    expected = ["", "progress/", "journal/", "sources/", "authoring/", "facilitator/"]
    expected += [f"modules/{module.id}/" for module in course.published]
    missing = [path for path in expected if not (site / path / "index.html").is_file()]
    assert missing == []
    assert (site / "manifest.json").is_file()
