"""Stored and imported data are data: the engine's learner.js (generator/assets/) on crafted progress files and storage.

What a file or the browser's storage holds is checked by shape and meaning before the page uses it:
a link it builds stays on this site, and a learner's words show as typed, on the page and in the
journal's Markdown download, never as markup or a link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from generator.model import Curriculum, Module

from .browser import ONE_ENGINE, SUB_PATH

STORAGE_KEY = f"curriculum:v1:{SUB_PATH}"

# Every attribute that runs script or loads a document: on* handlers, and script or data URLs.
UNSAFE_ATTRIBUTES = """() => Array.from(document.querySelectorAll('*')).flatMap(element =>
  Array.from(element.attributes)
    .filter(a => /^on/i.test(a.name) ||
      (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) &&
       /^[\\s\\u0000-\\u001f]*(javascript|data|vbscript):/i.test(a.value)))
    .map(a => `${element.tagName} ${a.name}=${a.value}`))"""

MARKUP = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "# heading",
    "![x](data:text/html,hi) and <https://evil.example/> and https://evil.example/",
    "[x]: javascript:alert(1)\n\n[x]",
    "first line\n---\n    indented\n> quoted\n- listed\n1. numbered\n| a | b |\n```\n*em* _em_ `code` &amp;",
    "{ onclick=alert(1) } <b onmouseover=alert(1)>bold</b>",
]


def raw_storage(page: Page) -> str | None:
    return page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})")


def set_storage(page: Page, state: object) -> None:
    page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, {json.dumps(json.dumps(state))})")


def state(progress: dict | None = None, journal: dict | None = None, last: object = None) -> dict:
    return {"format": 1, "progress": progress or {}, "journal": journal or {}, "last": last}


def load_file(page: Page, site_url: str, content: object) -> None:
    """Load ``content`` (JSON, or bytes as they are) from the dashboard's file input."""
    page.goto(f"{site_url}progress/")
    import_file(page, content)


def import_file(page: Page, content: object) -> None:
    """Load ``content`` from the file input of the dashboard the page shows."""
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    page.locator("[data-action='import']").set_input_files(
        {"name": "progress.json", "mimeType": "application/json", "buffer": data}
    )


def tick_first(page: Page, site_url: str, module: Module) -> str | None:
    """Tick the module's first item; what is stored after it."""
    page.goto(f"{site_url}modules/{module.id}/")
    page.locator("input[data-progress-id]").first.check()
    return raw_storage(page)


def assert_refused(page: Page, before: str | None) -> None:
    expect(page.locator("[data-progress-message]")).to_contain_text("Nothing was changed.")
    assert raw_storage(page) == before


def assert_nothing_unsafe(page: Page) -> None:
    assert page.evaluate(UNSAFE_ATTRIBUTES) == []


def assert_each_refused(
    page: Page,
    site_url: str,
    course: Curriculum,
    contents: Sequence[object],
    also: Callable[[], None] = lambda: None,
) -> None:
    """Each of ``contents``, loaded in turn on one dashboard after a tick, is refused: it says so,
    the storage stays as the tick left it, nothing unsafe is on the page, and ``also`` holds.

    One page for many values (a page load is most of such a test's time): the message is emptied
    before each, so that each refusal is seen to be said again.
    """
    before = tick_first(page, site_url, course.published[0])
    page.goto(f"{site_url}progress/")
    message = page.locator("[data-progress-message]")
    for content in contents:
        message.evaluate("element => { element.textContent = ''; }")
        import_file(page, content)
        expect(message, f"loading {content!r}").to_contain_text("Nothing was changed.")
        assert raw_storage(page) == before, content
        assert page.evaluate(UNSAFE_ATTRIBUTES) == [], content
        also()


def assert_continue_stays_on_the_site(page: Page, site_url: str) -> None:
    href = page.locator("[data-progress-continue]").evaluate("link => link.href")
    target, site = urlsplit(href), urlsplit(site_url)
    assert (target.scheme, target.netloc) == (site.scheme, site.netloc), href
    assert target.path.startswith(SUB_PATH), href


def journal_markdown(page: Page, site_url: str) -> str:
    page.goto(f"{site_url}journal/")
    with page.expect_download() as download:
        page.locator("[data-action='download-journal']").click()
    return Path(download.value.path()).read_text(encoding="utf-8")


OFF_THE_SITE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "\tjavascript:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example\\x",
    "../../etc",
    "modules/../../../etc",
    "modules/%2e%2e/%2e%2e/%2e%2e/etc",
    "/etc/passwd",
    "modules/\u0000x/",
    "modules/" + "a" * 2000 + "/",
    42,
    None,
]


@ONE_ENGINE
def test_an_import_whose_last_page_is_not_on_the_site_is_refused(
    page: Page, site_url: str, course: Curriculum
) -> None:
    def continues_where_it_was() -> None:
        assert_continue_stays_on_the_site(page, site_url)
        assert page.locator("[data-progress-continue]").get_attribute("href") == (
            f"{site_url}modules/{course.published[0].id}/"
        )

    assert_each_refused(
        page,
        site_url,
        course,
        [{**state(), "last": {"path": path, "at": 2}} for path in OFF_THE_SITE],
        also=continues_where_it_was,
    )


@ONE_ENGINE
def test_a_file_that_is_no_progress_file_is_refused(
    page: Page, site_url: str, course: Curriculum
) -> None:
    assert_each_refused(
        page,
        site_url,
        course,
        [
            b"{not json",
            b'{"format": 1, "progress": [], "journal": {}}',
            b'{"format": 1, "progress": {"a/b": {"done": "yes", "at": 1}}, "journal": {}}',
            b'["a list"]',
            b'{"format": 7}',
        ],
    )


@ONE_ENGINE
def test_a_malformed_answer_to_a_check_is_refused(
    page: Page, site_url: str, course: Curriculum
) -> None:
    malformed = [
        {"a/b": {"answer": "<img src=x onerror=alert(1)>", "first": "x", "at": 1}},
        {"a/b": {"answer": "x", "first": None, "at": 1}},
        {"a/b": {"answer": "x", "first": "x", "at": "now"}},
        ["a list"],
    ]

    assert_each_refused(page, site_url, course, [{**state(), "checks": c} for c in malformed])


@ONE_ENGINE
def test_an_import_whose_last_page_is_on_the_site_is_linked(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = course.published[2]
    item = module.progress_items[0].progress_id
    last = {"path": f"modules/{module.id}/", "at": 2}

    load_file(page, site_url, state({item: {"done": True, "at": 2}}, last=last))

    expect(page.locator("[data-progress-message]")).to_contain_text("was loaded")
    assert page.locator("[data-progress-continue]").get_attribute("href") == (
        f"{site_url}modules/{module.id}/"
    )
    assert json.loads(raw_storage(page))["last"] == last


WRONG_IDS = [
    "__proto__",
    "constructor",
    "toString",
    "orientation",
    "orientation/",
    "/task-audit",
    "orientation/task-audit/extra",
    "Orientation/task-audit",
    "orientation/task_audit",
    "orientation/-task-audit",
    "orientation/task--audit",
    "orientation/task-audit ",
    "orientation/task audit",
    "<img src=x onerror=alert(1)>/x",
    "",
    "a" * 300 + "/" + "b",
]


@pytest.mark.parametrize("kind", ["progress", "journal"])
@ONE_ENGINE
def test_an_import_with_an_id_of_the_wrong_shape_is_refused(
    page: Page, site_url: str, course: Curriculum, kind: str
) -> None:
    entry = {"done": True, "at": 2} if kind == "progress" else {"text": "words", "at": 2}

    assert_each_refused(
        page, site_url, course, [{**state(), kind: {id: entry}} for id in WRONG_IDS]
    )


NONSENSE_ENTRIES = [
    {"done": True, "at": -1},
    {"done": True, "at": 1e20},
    {"done": True, "at": "2"},
    {"done": True, "at": None},
    {"done": True},
    {"done": 1, "at": 2},
    {"done": "true", "at": 2},
    None,
    [True, 2],
]


@ONE_ENGINE
def test_an_import_with_a_time_or_value_that_makes_no_sense_is_refused(
    page: Page, site_url: str, course: Curriculum
) -> None:
    item = course.published[0].progress_items[1].progress_id
    crafted = json.dumps(state({item: {"done": True, "at": 2}})).replace(": 2}", ": 1e999}")

    assert_each_refused(
        page,
        site_url,
        course,
        # the last: JSON has no Infinity, JavaScript reads 1e999 as it
        [*(state({item: entry}) for entry in NONSENSE_ENTRIES), crafted.encode()],
    )


@ONE_ENGINE
def test_a_journal_answer_longer_than_the_cap_is_refused(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = course.published[0]
    prompt = f"{module.id}/{module.reflection_prompts[0].id}"
    before = tick_first(page, site_url, module)

    load_file(page, site_url, state(journal={prompt: {"text": "x" * 100_001, "at": 2}}))
    assert_refused(page, before)

    load_file(page, site_url, state(journal={prompt: {"text": "x" * 100_000, "at": 2}}))
    expect(page.locator("[data-progress-message]")).to_contain_text("was loaded")
    assert len(json.loads(raw_storage(page))["journal"][prompt]["text"]) == 100_000
    page.goto(f"{site_url}modules/{module.id}/")
    assert page.locator(f"textarea[data-journal-id='{prompt}']").get_attribute("maxlength") == (
        "100000"
    )


@ONE_ENGINE
def test_ids_this_course_does_not_know_are_kept_but_never_shown(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = course.published[0]
    known = module.progress_items[0].progress_id
    unknown = {
        f"{module.id}/an-item-since-removed": {"done": True, "at": 2},
        "a-module-since-removed/its-item": {"done": True, "at": 2},
    }
    hidden = {"a-module-since-removed/its-prompt": {"text": "HIDDEN <img src=x>", "at": 2}}

    load_file(page, site_url, state({known: {"done": True, "at": 2}, **unknown}, hidden))

    expect(page.locator("[data-progress-message]")).to_contain_text("was loaded")
    total = sum(len(m.progress_items) for m in course.published)
    expect(page.locator("[data-progress-summary]")).to_contain_text(f"1 of {total} items")
    kept = json.loads(raw_storage(page))
    assert {id: kept["progress"][id] for id in unknown} == unknown
    assert kept["journal"] == hidden
    text = journal_markdown(page, site_url)
    expect(page.locator("body")).not_to_contain_text("HIDDEN")
    assert "HIDDEN" not in text
    assert page.locator("img[src='x']").count() == 0


@ONE_ENGINE
def test_markup_in_an_imported_answer_shows_as_text(
    page: Page, site_url: str, course: Curriculum
) -> None:
    # Each of MARKUP the answer to a prompt of its own: one file, one journal, one download.
    prompts = [(m, p) for m in course.published for p in m.reflection_prompts][: len(MARKUP)]
    shown = list(zip(prompts, MARKUP, strict=True))
    journal = {f"{m.id}/{p.id}": {"text": words, "at": 2} for (m, p), words in shown}

    load_file(page, site_url, state(journal=journal))
    expect(page.locator("[data-progress-message]")).to_contain_text("was loaded")
    downloaded = journal_markdown(page, site_url)

    for (module, prompt), words in shown:
        entry = f"[data-journal-entry='{module.id}/{prompt.id}']"
        answer = page.locator(f"{entry} [data-journal-answer]")
        assert answer.evaluate("element => element.textContent") == words
        assert answer.evaluate("element => element.children.length") == 0, words
        assert_markdown_shows_as_typed(downloaded, prompt.prompt, words)
    assert page.locator("article img, article script").count() == 0
    assert_nothing_unsafe(page)


def test_markup_typed_as_an_answer_shows_as_text(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = course.published[1]
    prompt = module.reflection_prompts[0]
    words = "\n\n".join(MARKUP)
    page.goto(f"{site_url}modules/{module.id}/")
    page.locator(f"textarea[data-journal-id='{module.id}/{prompt.id}']").fill(words)

    downloaded = journal_markdown(page, site_url)

    answer = page.locator(f"[data-journal-entry='{module.id}/{prompt.id}'] [data-journal-answer]")
    assert answer.evaluate("element => element.textContent") == words
    assert page.locator("article img, article script").count() == 0
    assert_nothing_unsafe(page)
    assert_markdown_shows_as_typed(downloaded, prompt.prompt, words)


def assert_markdown_shows_as_typed(text: str, prompt: str, words: str) -> None:
    """The journal's Markdown, rendered, holds ``words`` as text: no raw HTML, no link, no block."""
    assert "<img" not in text and "<script" not in text and "](" not in text
    extensions = ["attr_list", "def_list", "md_in_html", "tables", "fenced_code"]
    html = BeautifulSoup(markdown.markdown(text, extensions=extensions), "html.parser")
    assert {tag.name for tag in html.find_all(True)} <= {"h1", "h2", "h3", "p", "em"}
    assert len(html.find_all("h1")) == 1
    [heading] = [h for h in html.find_all("h3") if h.get_text() == prompt]
    paragraphs = []
    for sibling in heading.find_next_siblings():
        if sibling.name != "p":
            break
        paragraphs.append(sibling.get_text())
    lines = [line.strip() for line in words.split("\n")]
    assert "\n\n".join(paragraphs) == "\n".join(lines).strip()


def test_a_crafted_stored_state_is_read_as_data(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = course.published[1]
    prompt = f"{module.id}/{module.reflection_prompts[0].id}"
    known = module.progress_items[0].progress_id
    page.goto(site_url)
    crafted = state(
        {
            known: {"done": True, "at": 2},
            "__proto__": {"done": True, "at": 2},
            f"{module.id}/{module.progress_items[1].item_id}": {"done": True, "at": "2"},
        },
        {prompt: {"text": MARKUP[0], "at": 2}, "<b>/x": {"text": "never", "at": 2}},
        {"path": "javascript:alert(document.domain)", "at": 2},
    )
    set_storage(page, crafted)

    page.goto(f"{site_url}progress/")

    total = sum(len(m.progress_items) for m in course.published)
    expect(page.locator("[data-progress-summary]")).to_contain_text(f"1 of {total} items")
    expect(page.locator("[data-progress-continue]")).to_have_text("Continue where you left off")
    assert_continue_stays_on_the_site(page, site_url)
    assert_nothing_unsafe(page)
    page.goto(f"{site_url}journal/")
    answer = page.locator(f"[data-journal-entry='{prompt}'] [data-journal-answer]")
    expect(answer).to_have_text(MARKUP[0])
    assert page.locator("article img").count() == 0
    assert_nothing_unsafe(page)
    page.goto(f"{site_url}modules/{module.id}/")
    expect(page.locator("input[data-progress-id]").first).to_be_checked()
    expect(page.locator("input[data-progress-id]").nth(1)).not_to_be_checked()


@pytest.mark.parametrize(
    "path", ["javascript:alert(1)", "https://evil.example/", "//evil.example/", "../../x"]
)
@ONE_ENGINE
def test_a_stored_last_page_off_the_site_is_ignored(
    page: Page, site_url: str, course: Curriculum, path: str
) -> None:
    module = course.published[0]
    page.goto(site_url)
    set_storage(
        page,
        state(
            {module.progress_items[0].progress_id: {"done": True, "at": 2}},
            last={"path": path, "at": 2},
        ),
    )

    page.goto(f"{site_url}progress/")

    carry_on = page.locator("[data-progress-continue]")
    expect(carry_on).to_have_text("Continue where you left off")
    assert carry_on.get_attribute("href") == f"{site_url}modules/{module.id}/"
    assert_nothing_unsafe(page)
