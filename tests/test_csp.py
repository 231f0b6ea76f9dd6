"""csp.py: every built page carries its Content-Security-Policy, and Chromium enforces it.

The other browser tests fail on any console error, so they also prove that the policy blocks
nothing the site needs; these check the policy itself, and that it stops what it is there to stop.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, Page, expect

from generator import csp
from generator.csp import add_policy_to_site, with_policy
from generator.export import built_site
from generator.model import Curriculum
from generator.project import Project

from .browser import serve_folder
from .conftest import SITE_COURSE, make_project, run_curriculum
from .test_serve import Preview

CSP = re.compile(r"^content-security-policy$", re.IGNORECASE)
# Collects the policy violations a page reports (Playwright's init scripts are not subject to it).
LISTEN = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " event => window.__violations.push(event.violatedDirective));"
)
INJECTED = {
    "</head>": '<base href="https://evil.example/"></head>',
    "<h1": '<img src="x" onerror="window.__pwned = 1"><script>window.__pwned2 = 1</script><h1',
}


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course, built by the real command with each engine."""
    root = make_project(tmp_path_factory.mktemp(request.param) / "course", SITE_COURSE)
    result = run_curriculum(root, "build", "--engine", request.param)
    assert result.returncode == 0, result.stderr
    return root / "site"


def policy_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    [meta] = soup.find_all("meta", attrs={"http-equiv": CSP})
    return {
        name: sources
        for name, *sources in (part.split() for part in meta["content"].split(";") if part.strip())
    }


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def runs(script: Tag) -> bool:
    """Whether the browser runs the script written in the page (a data block it does not)."""
    kind = (script.get("type") or "text/javascript").strip().lower()
    return not script.has_attr("src") and kind in ("text/javascript", "module")


@pytest.mark.build
def test_every_page_carries_one_policy_before_anything_it_loads(
    site: Path, course: Curriculum
) -> None:
    pages = sorted(site.rglob("*.html"))
    names = {path.relative_to(site).as_posix() for path in pages}
    assert {"404.html", "index.html", "progress/index.html"} <= names
    assert {f"modules/{module.id}/index.html" for module in course.published} <= names

    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": CSP})
        assert len(metas) == 1, path
        [meta] = metas
        assert meta.parent is soup.head, path
        first = [element for element in soup.head.children if isinstance(element, Tag)]
        assert [(e.name, e.attrs) for e in first[: first.index(meta)]] in (
            [],
            [("meta", {"charset": "utf-8"})],
        ), path
        assert meta.find_all_previous(["script", "link", "style", "base"]) == [], path

        policy = policy_of(soup)
        assert policy["default-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["base-uri"] == ["'self'"], path
        assert policy["form-action"] == ["'self'"], path
        script_src = policy["script-src"]
        assert script_src[0] == "'self'", path
        hashes = script_src[1:]
        assert all(source.startswith("'sha256-") for source in hashes), (path, script_src)
        inline = {sha256(script.string or "") for script in soup.find_all("script") if runs(script)}
        assert inline, f"{path}: the themes write inline scripts into every page"
        assert set(hashes) == inline, path
        assert len(hashes) == len(inline), path


@pytest.mark.build
def test_the_pages_of_the_preview_carry_no_policy(project: Path) -> None:
    # MkDocs' livereload writes an inline script into every page it serves, which a policy would block.
    preview = Preview(project)
    try:
        page = preview.wait_for("modules/alpha/", lambda html: "Alpha" in html)
    finally:
        preview.stop()

    assert "livereload" in page
    assert BeautifulSoup(page, "html.parser").find("meta", attrs={"http-equiv": CSP}) is None


PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">{policy}
<title>A page</title>
<script>var a = 1 < 2;</script>
<script id="__config" type="application/json">{{"base": "."}}</script>
<script src="assets/site.js"></script>
<!-- <script>commented()</script> -->
</head>
<body><script type="module">run()</script></body></html>
"""


def test_a_page_s_policy_allows_its_inline_scripts_and_nothing_else() -> None:
    secured = with_policy(PAGE.format(policy=""))
    policy = policy_of(BeautifulSoup(secured, "html.parser"))

    assert policy["script-src"] == ["'self'", sha256("var a = 1 < 2;"), sha256("run()")]
    assert '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"' in secured


@pytest.mark.parametrize(
    "existing",
    [
        '<meta http-equiv="content-security-policy" content="default-src *">',
        "<META HTTP-EQUIV=Content-Security-Policy CONTENT=\"script-src 'unsafe-inline'\">",
    ],
)
def test_a_policy_already_there_is_replaced(existing: str) -> None:
    secured = with_policy(PAGE.format(policy=existing))

    assert secured == with_policy(PAGE.format(policy=""))
    assert with_policy(secured) == secured


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<html><head><title>t</title></head></html>", '<head><meta http-equiv="Content'),
        ('<head lang="en">\n <meta charset=utf-8>\n<script>', "<meta charset=utf-8><meta http-eq"),
        ("<head><title>t</title><meta charset=utf-8>", '<head><meta http-equiv="Content'),
    ],
)
def test_the_policy_goes_first_in_the_head(page: str, expected: str) -> None:
    assert expected in with_policy(page)


def test_a_script_s_hash_is_of_its_text_as_the_browser_reads_it() -> None:
    secured = with_policy("<head><script>\r\nrun()\r</script>")

    assert policy_of(BeautifulSoup(secured, "html.parser"))["script-src"][1] == sha256("\nrun()\n")
    assert "\r\nrun()\r</script>" in secured  # the page itself is left as it was


TRICKY = """<!doctype html><html><head><meta charset=utf-8><title><script>no()</script></title>
<style>p::before { content: "<script>no()</script>"; }</style></head>
<body><p title="<script>no()</script>">x</p><textarea><script>no()</script></textarea>
<!-- <script>no()</script> --><div data-x='a>b'><script>yes()</script></div>
<img src=x alt="</script><script>no()</script>"><SCRIPT TYPE="Module">also()</SCRIPT></body></html>"""


@pytest.mark.parametrize("page", [PAGE.format(policy=""), TRICKY])
def test_stepping_over_the_tags_the_policy_does_not_read_reads_the_page_alike(page: str) -> None:
    """The parser reads only head, meta, script and raw-text start tags whole (for speed): it finds
    what a parser reading every tag finds."""

    class EveryTag(csp._PageParser):
        def parse_starttag(self, i: int) -> int:
            return int(HTMLParser.parse_starttag(self, i))

    stepping, reading = csp._PageParser(page), EveryTag(page)
    assert stepping.inline_scripts == reading.inline_scripts
    assert (stepping.policy_at, stepping.policies) == (reading.policy_at, reading.policies)
    assert page != TRICKY or {"yes()", "also()"} <= set(stepping.inline_scripts)


def test_a_page_without_a_head_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ok.html").write_text("<head></head>", encoding="utf-8")
    (tmp_path / "part").mkdir()
    (tmp_path / "part" / "fragment.html").write_text("<p>No head</p>", encoding="utf-8")

    with pytest.raises(ValueError, match=r"^part/fragment\.html: the page has no <head>"):
        add_policy_to_site(tmp_path)


@pytest.fixture
def served(site: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the built site, served on 127.0.0.1, to change pages of."""
    copy = tmp_path / "www"
    shutil.copytree(site, copy)
    server = serve_folder(copy)
    yield f"http://127.0.0.1:{server.server_address[1]}/", copy
    server.shutdown()


def visit(browser: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    """The page at ``url`` in a fresh context, with its console errors and requests."""
    page = browser.new_context().new_page()
    page.add_init_script(LISTEN)
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, errors, requests


def tick_the_first_box(page: Page, module_id: str, course: Curriculum) -> None:
    page.locator("input[data-progress-id]").first.check()
    total = len(course.module(module_id).progress_items)
    expect(page.locator("[data-module-progress] [data-progress-count]")).to_have_text(
        f"1 of {total}"
    )


@pytest.mark.build
def test_injected_handlers_scripts_and_base_do_not_run(
    browser: Browser, served: tuple[str, Path], course: Curriculum
) -> None:
    url, folder = served
    module = course.published[0].id
    page, errors, _ = visit(browser, f"{url}modules/{module}/")
    assert page.evaluate("window.__violations") == [] and errors == []
    tick_the_first_box(page, module, course)
    page.context.close()

    target = folder / "modules" / module / "index.html"
    html = target.read_text(encoding="utf-8")
    for before, after in INJECTED.items():
        assert before in html
        html = html.replace(before, after, 1)
    target.write_text(html, encoding="utf-8")
    page, errors, requests = visit(browser, f"{url}modules/{module}/")
    page.wait_for_function("window.__violations.length >= 3")

    assert page.evaluate("[typeof window.__pwned, typeof window.__pwned2]") == [
        "undefined",
        "undefined",
    ]
    assert {"script-src-attr", "script-src-elem", "base-uri"} <= set(
        page.evaluate("window.__violations")
    )
    assert [e for e in errors if "Content Security Policy" in e], errors
    assert [r for r in requests if "evil.example" in r] == []
    tick_the_first_box(page, module, course)  # the site's own scripts still run
    page.context.close()


@pytest.fixture(scope="module")
def printable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site the PDF export prints from, as `curriculum export pdf` builds it."""
    root = make_project(tmp_path_factory.mktemp("print") / "course", SITE_COURSE)
    with built_site(Project.at(root), print_pages=True) as (_, folder):
        return Path(shutil.copytree(folder, root / "printable"))


@pytest.mark.parametrize("document", ["workbook", "facilitator-guide"])
@pytest.mark.build
def test_the_print_pages_work_from_the_file_system(
    browser: Browser, printable: Path, document: str
) -> None:
    # The PDF export opens them as file: URLs, whose 'self' must still cover the site's files.
    page, errors, _ = visit(browser, (printable / "print" / document / "index.html").as_uri())

    assert page.evaluate("window.__violations") == []
    assert [e for e in errors if "Content Security Policy" in e] == []
    assert page.evaluate("typeof __md_get") == "function"  # the theme's inline script ran
    sheets = page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => !!l.sheet)"
    )
    assert sheets and all(sheets), sheets  # every stylesheet loaded
    colour = "getComputedStyle(document.body).getPropertyValue('--hx-done')"
    assert page.evaluate(colour).strip() == "#1d6b36"  # a colour only course.css sets
    page.context.close()
