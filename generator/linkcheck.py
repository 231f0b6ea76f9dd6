"""A built site's internal links, checked: every link, stylesheet, script and image that points
inside the site resolves to a file, and every #anchor to an id on its page.

`curriculum check-links` runs it over site/ (a new course's `make test` does); the 404 page's links,
which start with the site's own path because GitHub Pages serves that page at any address, are
resolved from the site's root.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

_LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


@dataclass(frozen=True)
class LinkReport:
    """What checking a site's links found."""

    checked: int
    broken: tuple[str, ...]  # "page -> link: why", one each


def check_links(site: Path, sub_path: str = "/") -> LinkReport:
    """Check every internal link of the built site in ``site`` (published under ``sub_path``)."""
    pages = {path.resolve(): _read(path) for path in sorted(site.rglob("*.html"))}
    broken = []
    checked = 0
    for page, (links, _ids) in pages.items():
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # outside the site
            checked += 1
            target = _target(site.resolve(), page, link, sub_path)
            where = f"{page.relative_to(site.resolve()).as_posix()} -> {link}"
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{where}: no such file")
                continue
            anchor = unquote(urldefrag(link).fragment)
            if anchor and target.suffix == ".html" and anchor not in pages[target][1]:
                broken.append(f"{where}: no #{anchor} on that page")
    return LinkReport(checked, tuple(broken))


def _target(site: Path, page: Path, link: str, sub_path: str) -> Path:
    path = unquote(urlsplit(link).path)
    if path.startswith(sub_path):  # the 404 page's links, from the site's own path
        return _target(site, site / "index.html", path.removeprefix(sub_path), "//")
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def _read(page: Path) -> tuple[tuple[str, ...], frozenset[str]]:
    reader = _LinksAndIds()
    reader.feed(page.read_text(encoding="utf-8"))
    reader.close()
    return tuple(reader.links), frozenset(reader.ids)


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        wanted = _LINKING.get(tag)
        if wanted and attributes.get(wanted) is not None:
            self.links.append(attributes[wanted] or "")
