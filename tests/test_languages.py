"""A course in two languages, built by each engine: pages per language, switchers, one learner.

The fixture course (tests/data/site) is given `languages: [en, de]` and the German overlays in
tests/data/languages/: the course, two modules translated (one with a quote's translation), the
others not yet, so that both a translated page and a fallback are built.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from generator.i18n import read_catalog, translations

from .browser import SUB_PATH, serious_violations, serve_folder
from .conftest import DATA, SITE_COURSE, make_project, run_curriculum, tree_snapshot
from .test_calendar import date_input, last_prompts, open_journal
from .test_export import pdf_text, squeeze

pytestmark = pytest.mark.build
OVERLAYS = DATA / "languages"
TRANSLATED_MODULES = ("listening", "framing")
UNTRANSLATED_MODULE = "deciding"


def two_language_course(root: Path) -> Path:
    """The fixture course in English and German, at ``root``."""
    make_project(root, SITE_COURSE)
    course = root / "curriculum" / "course.yml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("\nmodules: [", "\nlanguages: [en, de]\nmodules: [", 1))
    for overlay in OVERLAYS.rglob("*.yml"):
        shutil.copy(overlay, root / "curriculum" / overlay.relative_to(OVERLAYS))
    return root


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """The two-language course built by one engine and served under a sub-path: (site/, its URL)."""
    engine = request.param
    www = tmp_path_factory.mktemp(f"www-{engine}")
    server = serve_folder(www)
    url = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    root = two_language_course(tmp_path_factory.mktemp(f"languages-{engine}") / "course")
    result = run_curriculum(root, "build", "--engine", engine, env={"SITE_URL": url})
    assert result.returncode == 0, result.stderr
    (www / SUB_PATH.strip("/")).symlink_to(root / "site")
    yield root / "site", url
    server.shutdown()


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def language_of(site: Path, page: Path) -> str:
    return "de" if page.relative_to(site).parts[0] == "de" else "en"


def test_every_page_has_its_languages_lang_and_the_originals_the_same_paths(site) -> None:
    folder, _ = site
    english = {
        p.relative_to(folder).as_posix() for p in pages(folder) if language_of(folder, p) == "en"
    }
    german = {p.relative_to(folder / "de").as_posix() for p in pages(folder / "de")}
    assert english == german
    assert {"modules/listening/index.html", "progress/index.html", "journal/index.html"} <= german
    for page in pages(folder):
        assert read(page).html["lang"] == language_of(folder, page), page


def test_every_pages_switcher_leads_to_the_same_page_in_the_other_language(site) -> None:
    folder, _ = site
    for page in pages(folder):
        path = page.relative_to(folder).as_posix()
        links = {a["hreflang"]: a["href"] for a in read(page).select("a.md-select__link[hreflang]")}
        assert set(links) == {"en", "de"}, path
        if path.endswith("404.html"):
            continue  # its links lead to each language's home (it has no counterpart)
        here = language_of(folder, page)
        counterpart = path[3:] if here == "de" else f"de/{path}"
        for language, href in links.items():
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            target = target + "/index.html" if not target.endswith(".html") else target
            target = target.removeprefix("./")
            wanted = path if language == here else counterpart
            assert target == wanted, (path, language, href)
            assert (folder / target).is_file()


def test_search_runs_in_each_languages_words(site) -> None:
    """Each language's search index stems its words as that language does (Lunr's languages)."""
    folder, _ = site
    for prefix, language in (("", "en"), ("de/", "de")):
        # MkDocs' search plugin writes search/search_index.json; Zensical, search.json
        index = next(
            path
            for path in (
                folder / prefix / "search" / "search_index.json",
                folder / prefix / "search.json",
            )
            if path.is_file()
        )
        assert json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] == [language]


def test_a_german_page_shows_no_english_word_of_the_engine(site) -> None:
    """Every sentence the catalogs translate shows in German on the German pages, never in English."""
    folder, _ = site
    english = {
        message.id
        for message in read_catalog("de")
        if isinstance(message.id, str)
        and message.string
        and message.string != message.id
        and not re.search(r"%\(|\{\w+\}|[<*`\[]", message.id)
        and len(message.id.split()) >= 3
    }
    assert len(english) > 50
    for page in pages(folder / "de"):
        text = " ".join(read(page).get_text(" ").split())
        found = sorted(words for words in english if words in text)
        assert not found, (page.relative_to(folder).as_posix(), found[:10])


def test_the_german_pages_are_in_german(site) -> None:
    folder, _ = site
    module = read(folder / "de" / "modules" / "listening" / "index.html")
    assert module.h1.get_text(strip=True).startswith("Auf Deutsch")
    home = read(folder / "de" / "index.html")
    assert "Auf Deutsch" in home.get_text()
    navigation = [a.get_text(" ", strip=True) for a in home.select(".md-nav--primary a")]
    assert "Your progress" not in navigation


def test_a_page_not_yet_translated_says_so_in_both_languages(site) -> None:
    folder, _ = site
    fallback = read(folder / "de" / "modules" / UNTRANSLATED_MODULE / "index.html")
    note = fallback.select_one(".hx-untranslated")
    assert note is not None and note.get("lang") in (None, "de")
    assert fallback.select_one("[lang='en']") is not None  # the English text is marked as English
    for module in TRANSLATED_MODULES:
        assert (
            read(folder / "de" / "modules" / module / "index.html").select_one(".hx-untranslated")
            is None
        )
    assert (
        read(folder / "modules" / UNTRANSLATED_MODULE / "index.html").select_one(".hx-untranslated")
        is None
    )


def test_a_quote_keeps_its_words_and_shows_its_translation_beside_them(site) -> None:
    folder, _ = site
    page = read(folder / "de" / "modules" / "framing" / "index.html")
    quote = page.select_one(".hx-quote")
    original = quote.blockquote
    assert original.get_text(strip=True) == "A line from the book."
    assert original.get("lang") == "en"
    translation = quote.select_one(".hx-quote-translation")
    assert translation is not None and "Eine Zeile aus dem Buch." in translation.get_text()
    assert (
        read(folder / "modules" / "framing" / "index.html").select_one(".hx-quote-translation")
        is None
    )


def test_each_language_is_installable_and_one_worker_keeps_both(site) -> None:
    folder, _ = site
    german = json.loads((folder / "de" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert german["lang"] == "de" and german["start_url"] == "./"
    assert all((folder / "de" / icon["src"]).resolve().is_file() for icon in german["icons"])
    module = read(folder / "de" / "modules" / "listening" / "index.html")
    assert module.select_one("link[rel=manifest]")["href"] == "../../manifest.webmanifest"
    worker = (folder / "sw.js").read_text(encoding="utf-8")
    assert (
        '"de/modules/listening/index.html"' in worker and '"modules/listening/index.html"' in worker
    )
    assert not (folder / "de" / "sw.js").exists()


# --- In the browser


def tick(page: Page, index: int = 0) -> str:
    box = page.locator("input[data-progress-id]").nth(index)
    box.check()
    return box.get_attribute("data-progress-id") or ""


def test_switching_language_keeps_the_page_and_everything_done(site, page: Page) -> None:
    _, url = site
    page.goto(urljoin(url, "de/modules/listening/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    ticked = tick(page)
    page.locator(".md-select__link[hreflang=en]").dispatch_event("click")
    expect(page).to_have_url(urljoin(url, "modules/listening/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(f"input[data-progress-id='{ticked}']")).to_be_checked()
    second = tick(page, 1)
    page.locator(".md-select__link[hreflang=de]").dispatch_event("click")
    expect(page).to_have_url(urljoin(url, "de/modules/listening/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    for item in (ticked, second):
        expect(page.locator(f"input[data-progress-id='{item}']")).to_be_checked()
    # One state for the course: the dashboard in either language counts both ticks.
    page.goto(urljoin(url, "progress/"))
    english = page.locator("[data-progress-summary]").first.inner_text()
    page.goto(urljoin(url, "de/progress/"))
    german = page.locator("[data-progress-summary]").first.inner_text()
    assert re.findall(r"\d+", english)[:2] == re.findall(r"\d+", german)[:2]
    assert re.findall(r"\d+", german)[0] == "2"


def test_the_german_pages_speak_german_in_the_browser(site, page: Page) -> None:
    """What the scripts write comes from the German catalog (served in each script)."""
    _, url = site
    german = translations("de").gettext
    page.goto(urljoin(url, "de/progress/"))
    summary = page.locator("[data-progress-summary]").first
    expect(summary).to_have_text(re.compile(r"^0 \D+ \d+ \D+"))
    expect(summary).not_to_contain_text("items done")
    page.goto(urljoin(url, "de/modules/listening/"))
    page.locator("[data-check-answer]").first.click()
    expect(page.locator("[data-check-feedback]").first).to_have_text(
        german("Choose a response first, then check it.")
    )


@pytest.mark.parametrize(
    "path", ["de/", "de/modules/listening/", "de/modules/deciding/", "de/progress/", "de/journal/"]
)
def test_german_pages_pass_axe(site, page: Page, path: str) -> None:
    _, url = site
    page.goto(urljoin(url, path))
    assert serious_violations(page) == []


# --- Exports, one per language (MkDocs builds them)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-language course exported in every kind, then built (its site offers the PDFs),
    one language after the other."""
    root = two_language_course(tmp_path_factory.mktemp("exports") / "course")
    for kind in ("pdf", "scorm", "cc", "cmi5"):
        result = run_curriculum(root, "export", kind)
        assert result.returncode == 0, result.stderr
    assert run_curriculum(root, "build", "--jobs", "1").returncode == 0
    return root


def test_languages_built_side_by_side_make_the_site_built_one_after_the_other(
    exported: Path,
) -> None:
    one_after_the_other = tree_snapshot(exported / "site")
    result = run_curriculum(exported, "build", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert tree_snapshot(exported / "site") == one_after_the_other
    assert not list(exported.glob(".site-new-*"))  # each language's folder moved or removed


def test_a_content_folder_named_as_a_translation_is_refused_before_anything_is_built(
    tmp_path: Path,
) -> None:
    root = two_language_course(tmp_path / "course")
    (root / "content" / "de").mkdir()
    (root / "content" / "de" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    result = run_curriculum(root, "build")
    assert result.returncode == 1
    line = next(
        number
        for number, text in enumerate(
            (root / "curriculum" / "course.yml").read_text(encoding="utf-8").splitlines(), 1
        )
        if text.startswith("languages:")
    )
    assert re.search(
        rf"^curriculum/course\.yml:{line}:\d+: error: the translation into 'de' is built at /de/, "
        r"where the folder content/de/ would go too",
        result.stderr,
        re.MULTILINE,
    ), result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
    assert not (root / "content" / "modules").exists()  # nothing generated either


@pytest.mark.browser  # Chromium prints the PDFs
def test_each_language_has_its_printed_workbook_and_its_site_offers_it(exported: Path) -> None:
    dist = exported / "dist"
    german = pdf_text(dist / "fixture-course-workbook.de.pdf")
    english = pdf_text(dist / "fixture-course-workbook.pdf")
    assert squeeze("Auf Deutsch: Listening first") in german
    assert squeeze("Auf Deutsch") not in english
    assert (dist / "fixture-course-facilitator-guide.de.pdf").is_file()
    site = exported / "site"
    home = read(site / "de" / "index.html")
    assert home.select_one("a[href='downloads/fixture-course-workbook.de.pdf']") is not None
    assert (site / "de" / "downloads" / "fixture-course-workbook.de.pdf").is_file()
    assert read(site / "index.html").select_one("a[href='downloads/fixture-course-workbook.pdf']")
    assert not (site / "downloads" / "fixture-course-workbook.de.pdf").exists()


def test_each_language_has_its_packages_with_its_language_in_the_manifest(exported: Path) -> None:
    dist = exported / "dist"
    names = sorted(path.name for path in dist.iterdir() if not path.name.endswith(".pdf"))
    assert names == [
        "fixture-course-cmi5.de.zip",
        "fixture-course-cmi5.zip",
        "fixture-course-scorm12.de.zip",
        "fixture-course-scorm12.zip",
        "fixture-course.de.imscc",
        "fixture-course.imscc",
    ]
    with zipfile.ZipFile(dist / "fixture-course-cmi5.de.zip") as package:
        structure = package.read("cmi5.xml").decode()
        assert '<langstring lang="de">Auf Deutsch: Listening first</langstring>' in structure
        assert 'lang="en"' not in structure
    for name, language in (
        ("fixture-course-scorm12.zip", "en"),
        ("fixture-course-scorm12.de.zip", "de"),
    ):
        with zipfile.ZipFile(dist / name) as package:
            manifest = package.read("imsmanifest.xml").decode()
            assert f"<imsmd:language>{language}</imsmd:language>" in manifest
            page = package.read("modules/listening.html").decode()
            assert f'<html lang="{language}"' in page
            assert "md-select__link" not in page  # one language per package: no switcher
            assert not any(n.startswith("de/") for n in package.namelist())
    with zipfile.ZipFile(dist / "fixture-course.de.imscc") as cartridge:
        manifest = cartridge.read("imsmanifest.xml").decode()
        assert "<lomimscc:language>de</lomimscc:language>" in manifest
        assert 'language="de"' in manifest


def test_the_german_journal_picks_up_dates_as_germans_write_them(site, page: Page, course) -> None:
    """15.12.2030 and 3. März 2031 (the page's language names the months), beside English ones."""
    _, url = site
    (first, one), (second, two), (third, three) = last_prompts(course)[:3]
    answers = {
        f"{first.id}/{one.id}": "Ich spreche am 15.12.2030 mit ihr.",
        f"{second.id}/{two.id}": "Bis zum 3. März 2031 schreibe ich es auf.",
        f"{third.id}/{three.id}": "By 5 January 2031, in English.",
    }
    open_journal(page, urljoin(url, "de/"), answers)
    expect(date_input(page, first, one)).to_have_value("2030-12-15")
    expect(date_input(page, second, two)).to_have_value("2031-03-03")
    expect(date_input(page, third, three)).to_have_value("2031-01-05")
