"""The built site has no broken internal link or anchor, and works under any sub-path.

Both engines' builds are crawled: every page's links, stylesheets, scripts and images that point
inside the site must resolve to a file, and every #anchor to an id on its page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import REPO, make_project, run_curriculum

SUB_PATH = "/human-edge/"
ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"))


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp(request.param) / "course", REPO / "curriculum")
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


def target_of(site: Path, page: Path, link: str) -> Path:
    path = unquote(urlsplit(link).path)
    if path.startswith(SUB_PATH):  # the 404 page's links, which must work from any address
        return target_of(site, site / "index.html", path.removeprefix(SUB_PATH))
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for page, soup in pages(site):
        ids[page.resolve()] = {element["id"] for element in soup.find_all(id=True)}
    for page, soup in pages(site):
        for link in links(soup):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue  # outside the site
            checked += 1
            target = target_of(site, page, link)
            where = f"{page.relative_to(site)} -> {link}"
            if not target.is_file() or not target.resolve().is_relative_to(site.resolve()):
                broken.append(f"{where}: no such file")
                continue
            anchor = unquote(urldefrag(link).fragment)
            if anchor and target.suffix == ".html" and anchor not in ids[target.resolve()]:
                broken.append(f"{where}: no #{anchor} on that page")
    assert checked > 500
    assert broken == []


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


def test_every_page_of_the_course_is_built(site: Path) -> None:
    shipped = sorted(p.stem for p in (REPO / "curriculum" / "modules").glob("*.yml"))
    expected = ["", "progress/", "journal/", "sources/", "authoring/", "facilitator/"]
    expected += [f"modules/{module}/" for module in shipped]
    missing = [path for path in expected if not (site / path / "index.html").is_file()]
    assert missing == []
    assert (site / "manifest.json").is_file()
