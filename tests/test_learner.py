"""The learner's experience in a real browser: the engine's learner.js (generator/assets/) on the built course.

Progress and reflections are kept in the browser's own storage; each test starts from an empty one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from generator.model import Curriculum, ProgressItem

from .browser import ONE_ENGINE, SUB_PATH, serious_violations

STORAGE_KEY = f"curriculum:v1:{SUB_PATH}"
KINDS = {
    "exercise": "Exercise",
    "check": "Check",
    "reflection": "Reflection",
    "item": "Task",
}  # module.md.j2's


def boxes(page: Page):
    return page.locator("input[data-progress-id]")


def stored(page: Page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") or "null")


def open_module(page: Page, site_url: str, course: Curriculum, index: int = 0) -> str:
    module = course.published[index]
    page.goto(f"{site_url}modules/{module.id}/")
    return module.id


def test_a_tick_is_saved_at_once_and_survives_a_reload(page: Page, site_url: str, course) -> None:
    module = open_module(page, site_url, course, 1)
    boxes(page).nth(1).check()

    assert (
        stored(page)["progress"][
            page.evaluate(
                "document.querySelectorAll('input[data-progress-id]')[1].dataset.progressId"
            )
        ]["done"]
        is True
    )
    page.reload()

    expect(boxes(page).nth(1)).to_be_checked()
    expect(boxes(page).nth(0)).not_to_be_checked()
    total = len(course.module(module).progress_items)
    expect(page.locator("[data-module-progress] [data-progress-count]")).to_have_text(
        f"1 of {total}"
    )
    assert page.locator("[data-module-progress] progress").evaluate("bar => bar.value") == 1


def test_ticking_by_keyboard_with_a_visible_focus(page: Page, site_url: str, course) -> None:
    open_module(page, site_url, course)
    first = boxes(page).first
    first.focus()
    page.keyboard.press("Space")

    expect(first).to_be_checked()
    outline = first.evaluate("box => getComputedStyle(box).outlineStyle")
    assert outline != "none"
    page.reload()
    expect(boxes(page).first).to_be_checked()


def test_instant_navigation_keeps_state_without_reloading(
    page: Page, site_url: str, course
) -> None:
    open_module(page, site_url, course, 2)
    boxes(page).first.check()
    page.evaluate("window.__stillTheSamePage = true")

    page.locator("a.hx-next").click()
    page.wait_for_url(f"{site_url}modules/{course.published[3].id}/")
    # The address changes before the theme swaps the page in: wait for the new page itself.
    expect(page.locator("h1").first).to_contain_text(course.published[3].title)
    boxes(page).nth(2).check()
    page.locator("a.hx-previous").click()
    page.wait_for_url(f"{site_url}modules/{course.published[2].id}/")
    expect(page.locator("h1").first).to_contain_text(course.published[2].title)

    assert page.evaluate("window.__stillTheSamePage") is True, "the page was reloaded"
    expect(boxes(page).first).to_be_checked()
    expect(page.locator("[data-module-progress] [data-progress-count]")).to_contain_text("1 of ")


def test_the_dashboard_counts_every_module(page: Page, site_url: str, course) -> None:
    open_module(page, site_url, course, 0)
    boxes(page).nth(0).check()
    boxes(page).nth(1).check()
    second = open_module(page, site_url, course, 1)
    boxes(page).nth(0).check()

    page.goto(f"{site_url}progress/")

    total = sum(len(m.progress_items) for m in course.published)
    percent = round(100 * 3 / total)
    expect(page.locator("[data-progress-summary]")).to_have_text(
        f"3 of {total} items done ({percent}%)"
    )
    rows = page.locator("[data-progress-module]")
    expect(rows).to_have_count(len(course.published))
    first = course.published[0]
    expect(page.locator(f"[data-progress-module='{first.id}'] [data-progress-count]")).to_have_text(
        f"2 of {len(first.progress_items)}"
    )
    last = course.published[-1]
    expect(page.locator(f"[data-progress-module='{last.id}'] [data-progress-count]")).to_have_text(
        f"0 of {len(last.progress_items)}"
    )
    row_link = page.locator(f"[data-progress-module='{last.id}'] a")
    assert row_link.evaluate("link => link.href") == f"{site_url}modules/{last.id}/"
    carry_on = page.locator("[data-progress-continue]")
    expect(carry_on).to_have_text("Continue where you left off")
    assert carry_on.get_attribute("href") == f"{site_url}modules/{second}/"


@ONE_ENGINE
def test_removed_items_are_ignored_and_new_ones_start_unticked(
    page: Page, site_url: str, course
) -> None:
    module = open_module(page, site_url, course)
    first_id = course.module(module).progress_items[0].progress_id
    state = {
        "format": 1,
        "progress": {
            f"{module}/an-exercise-since-removed": {"done": True, "at": 1},
            first_id: {"done": True, "at": 1},
        },
        "journal": {},
        "last": None,
    }
    page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, {json.dumps(json.dumps(state))})")

    page.goto(f"{site_url}progress/")

    total = sum(len(m.progress_items) for m in course.published)
    expect(page.locator("[data-progress-summary]")).to_contain_text(f"1 of {total} items")
    page.goto(f"{site_url}modules/{module}/")
    expect(boxes(page).first).to_be_checked()
    expect(boxes(page).nth(1)).not_to_be_checked()


def test_reflections_are_kept_and_gathered_in_the_journal(
    page: Page, site_url: str, course
) -> None:
    module = open_module(page, site_url, course, 4)
    prompt = course.module(module).reflection_prompts[0]
    area = page.locator(f"textarea[data-journal-id='{module}/{prompt.id}']")
    area.fill("We argued about the charter.\nThen we agreed.")

    page.reload()
    expect(area).to_have_value("We argued about the charter.\nThen we agreed.")
    page.goto(f"{site_url}journal/")

    entry = page.locator(f"[data-journal-entry='{module}/{prompt.id}']")
    expect(entry.locator("[data-journal-answer]")).to_have_text(
        "We argued about the charter.\nThen we agreed."
    )
    expect(entry.locator(".hx-entry__prompt")).to_have_text(prompt.prompt)
    expect(page.locator("main")).to_contain_text("nothing leaves it")
    with page.expect_download() as download:
        page.locator("[data-action='download-journal']").click()
    assert download.value.suggested_filename == f"{course.id}-journal.md"
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"## {course.module(module).title}" in markdown
    assert f"### {prompt.prompt}\n\nWe argued about the charter.\nThen we agreed." in markdown


@ONE_ENGINE
def test_progress_kept_under_the_engine_s_old_key_is_moved_and_shown(
    page: Page, site_url: str, course
) -> None:
    """Engine 0.2 kept the state under `human-edge:v1:<root>`: nothing a learner saved is lost."""
    module = course.published[1]
    item = module.progress_items[0].progress_id
    old_key = f"human-edge:v1:{SUB_PATH}"
    state = {"format": 1, "progress": {item: {"done": True, "at": 1}}, "journal": {}, "last": None}
    page.goto(site_url)
    page.evaluate(f"localStorage.setItem({old_key!r}, {json.dumps(json.dumps(state))})")

    page.goto(f"{site_url}modules/{module.id}/")

    expect(page.locator(f"input[data-progress-id='{item}']")).to_be_checked()
    assert stored(page)["progress"][item]["done"] is True
    assert page.evaluate(f"localStorage.getItem({old_key!r})") is None


@ONE_ENGINE
def test_export_then_import_into_a_fresh_browser(
    browser: Browser, page: Page, site_url: str, course, tmp_path: Path
) -> None:
    module = open_module(page, site_url, course, 3)
    boxes(page).nth(2).check()
    page.locator("textarea[data-journal-id]").first.fill("Exported words")
    page.goto(f"{site_url}progress/")
    with page.expect_download() as download:
        page.locator("[data-action='export']").click()
    assert download.value.suggested_filename == f"{course.id}-backup.json"
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)

    fresh = browser.new_context().new_page()
    fresh.goto(f"{site_url}progress/")
    fresh.locator("[data-action='import']").set_input_files(exported)
    expect(fresh.locator("[data-progress-message]")).to_contain_text("was loaded")
    fresh.goto(f"{site_url}modules/{module}/")

    expect(boxes(fresh).nth(2)).to_be_checked()
    expect(fresh.locator("textarea[data-journal-id]").first).to_have_value("Exported words")
    fresh.context.close()


@ONE_ENGINE
def test_an_oversized_import_is_refused(page: Page, site_url: str, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"format": 1, "progress": {}, "pad": "' + "x" * (1024 * 1024) + '"}')
    page.goto(f"{site_url}progress/")
    page.locator("[data-action='import']").set_input_files(big)

    expect(page.locator("[data-progress-message]")).to_contain_text("larger than 1 MB")
    assert stored(page) is None


@ONE_ENGINE
def test_reset_asks_first(page: Page, site_url: str, course) -> None:
    open_module(page, site_url, course)
    boxes(page).first.check()
    page.goto(f"{site_url}progress/")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("[data-action='reset']").click()
    assert stored(page)["progress"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action='reset']").click()

    expect(page.locator("[data-progress-summary]")).to_contain_text("0 of ")
    assert stored(page)["progress"] == {}


def test_corrupted_storage_starts_afresh_without_an_error(
    page: Page, site_url: str, course
) -> None:
    page.goto(site_url)
    page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, '{{not json')")
    page.evaluate("localStorage.setItem('/a-course/.__palette', '{broken')")  # Material's own

    open_module(page, site_url, course)

    expect(page.locator(".hx-notice").first).to_contain_text("could not be read")
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r} + ':unreadable')") == "{not json"
    boxes(page).first.check()
    assert stored(page)["progress"]


def test_unavailable_storage_still_works_for_the_visit(
    browser: Browser, site_url: str, course
) -> None:
    context = browser.new_context()
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('The operation is insecure.', 'SecurityError'); }});"
    )
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    module = course.published[0]
    page.goto(f"{site_url}modules/{module.id}/")
    boxes(page).first.check()

    expect(page.locator("[data-module-progress] [data-progress-count]")).to_have_text(
        f"1 of {len(module.progress_items)}"
    )
    expect(page.locator(".hx-notice").first).to_contain_text("not saving your progress")
    page.goto(f"{site_url}progress/")
    expect(page.locator("[data-progress-summary]")).to_contain_text("items done")
    context.close()
    assert errors == []


@ONE_ENGINE
def test_a_newer_format_is_shown_but_never_overwritten(page: Page, site_url: str, course) -> None:
    page.goto(site_url)
    newer = json.dumps({"format": 2, "progress": {}, "journal": {}, "last": None, "extra": 1})
    page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, {json.dumps(newer)})")

    open_module(page, site_url, course)
    boxes(page).first.check()

    expect(page.locator(".hx-notice").first).to_contain_text("newer version")
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") == newer


@ONE_ENGINE
def test_two_tabs_do_not_overwrite_each_other(browser: Browser, site_url: str, course) -> None:
    context = browser.new_context()
    module = course.published[0]
    first, second = context.new_page(), context.new_page()
    first.goto(f"{site_url}modules/{module.id}/")
    second.goto(f"{site_url}modules/{module.id}/")

    boxes(first).nth(0).check()
    boxes(second).nth(1).check()

    expect(boxes(first).nth(1)).to_be_checked()  # told by the storage event
    first.reload()
    expect(boxes(first).nth(0)).to_be_checked()
    expect(boxes(first).nth(1)).to_be_checked()
    context.close()


def test_without_javascript_the_page_is_a_worksheet(
    browser: Browser, site_url: str, course
) -> None:
    """Plain, labelled form controls that work on their own; no script runs, none is needed."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    module = course.published[0]
    items = module.progress_items
    page.goto(f"{site_url}modules/{module.id}/")

    expect(boxes(page)).to_have_count(len(items))
    for item in items:  # each box found by its label, as a screen reader announces it
        expect(labelled_box(page, item, items)).to_have_attribute(
            "data-progress-id", item.progress_id
        )
        expect(labelled_box(page, item, items)).not_to_be_checked()
    expect(page.locator("textarea[data-journal-id]")).to_have_count(len(module.reflection_prompts))
    for prompt in module.reflection_prompts:
        area = page.get_by_label(prompt.prompt, exact=True)
        expect(area).to_have_attribute("data-journal-id", f"{module.id}/{prompt.id}")
        area.fill(f"On paper: {prompt.id}")
        expect(area).to_have_value(f"On paper: {prompt.id}")
    labelled_box(page, items[1], items).check()

    expect(labelled_box(page, items[1], items)).to_be_checked()
    # learner.js would have counted the tick and filled the bar: the page still reads as served.
    count = page.locator("[data-module-progress] [data-progress-count]")
    expect(count).to_have_text(f"0 of {len(items)}")
    expect(page.locator("[data-module-progress] progress")).to_have_attribute("value", "0")
    context.close()


def labelled_box(page: Page, item: ProgressItem, items: tuple[ProgressItem, ...]) -> Locator:
    """The checkbox whose label is the item's, as module.md.j2 writes it (checks numbered)."""
    kind = KINDS[item.kind]
    if item.kind == "check":
        kind += f" {[i for i in items if i.kind == 'check'].index(item) + 1}"
    return page.get_by_role("checkbox", name=f"{kind}: {item.text}", exact=True)


def test_a_module_prints_as_a_worksheet(page: Page, site_url: str, course) -> None:
    open_module(page, site_url, course)
    page.emulate_media(media="print")

    for hidden in (".md-header", ".md-sidebar--primary", ".hx-pager", ".hx-bar"):
        assert page.locator(hidden).first.evaluate("e => getComputedStyle(e).display") == "none", (
            hidden
        )
    box = boxes(page).first.evaluate("e => getComputedStyle(e).appearance")
    assert box == "none"
    lines = page.locator("textarea[data-journal-id]").first.evaluate(
        "e => getComputedStyle(e).backgroundImage"
    )
    assert "repeating-linear-gradient" in lines


def test_every_control_is_reachable_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}progress/")
    reached = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        action = page.evaluate("document.activeElement.dataset.action || ''")
        if action:
            reached.add(action)
            assert (
                page.evaluate(
                    "getComputedStyle(document.activeElement.closest('label') || document.activeElement).outlineStyle"
                )
                != "none"
            )
    assert reached == {"export-progress", "export", "import", "reset"}


@pytest.mark.parametrize("path", ["", "modules/{first}/", "progress/", "journal/", "sources/"])
def test_no_serious_accessibility_violations(page: Page, site_url: str, course, path: str) -> None:
    page.goto(site_url + path.format(first=course.published[0].id))

    assert serious_violations(page) == []


def test_no_link_is_root_absolute(page: Page, site_url: str, course) -> None:
    for path in ("", f"modules/{course.published[0].id}/", "progress/", "journal/"):
        page.goto(site_url + path)
        urls = page.eval_on_selector_all(
            "[href], [src]",
            "els => els.map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? '')",
        )
        assert [url for url in urls if url.startswith("/")] == [], path


def test_the_site_makes_no_request_outside_itself(page: Page, site_url: str, course) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", f"modules/{course.published[0].id}/", "progress/", "journal/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")

    origin = site_url.split(SUB_PATH)[0]
    outside = [url for url in requested if not url.startswith((origin, "data:", "blob:"))]
    assert requested and outside == []


# Counts this course's writes to the browser's storage, from before the page's own scripts run.
COUNT_WRITES = """(() => {
  const setItem = Storage.prototype.setItem;
  window.__writes = 0;
  Storage.prototype.setItem = function (key, value) {
    if (String(key).startsWith("curriculum:")) window.__writes += 1;
    return setItem.call(this, key, value);
  };
})()"""


def follow_instantly(page: Page, site_url: str, path: str) -> None:
    """Follow a link to ``path``, which instant navigation shows without a reload.

    Not "Continue where you left off": learner-pages.js may change where it leads meanwhile.
    """
    heading = page.locator(".md-content h1").first.text_content()
    page.locator(f"a[href$='{path}']:visible:not([data-progress-continue])").first.click()
    page.wait_for_url(f"{site_url}{path}")
    # The address changes first, then the content.
    expect(page.locator(".md-content h1").first).not_to_have_text(heading or "")
    assert page.evaluate("window.__stillTheSamePage") is True, "the page was reloaded"


@ONE_ENGINE
def test_typing_is_saved_in_a_few_writes_not_one_per_key(page: Page, site_url: str, course) -> None:
    page.add_init_script(COUNT_WRITES)
    module = open_module(page, site_url, course, 2)
    id = f"{module}/{course.module(module).reflection_prompts[0].id}"
    words = "Forty keys or so, typed one after another."
    before = page.evaluate("window.__writes")

    started = time.monotonic()
    page.locator(f"textarea[data-journal-id='{id}']").press_sequentially(words)
    typing = time.monotonic() - started
    page.wait_for_timeout(600)  # the last save comes at most 0.4 s after the last key
    assert stored(page)["journal"][id]["text"] == words

    # learner.js saves 0.4 s after typing starts: once for each 0.4 s of typing, and once more.
    writes = page.evaluate("window.__writes") - before
    assert writes <= typing / 0.4 + 2 < len(words), (writes, typing)


@pytest.mark.parametrize("leave", ["reload", "navigate", "instant navigation", "instant back"])
def test_what_was_typed_is_kept_when_the_page_is_left_at_once(
    page: Page, site_url: str, course, leave: str
) -> None:
    open_module(page, site_url, course, 0)
    page.evaluate("window.__stillTheSamePage = true")
    module = course.published[1]
    follow_instantly(page, site_url, f"modules/{module.id}/")
    id = f"{module.id}/{module.reflection_prompts[1].id}"
    area = page.locator(f"textarea[data-journal-id='{id}']")

    area.fill("Written just before leaving")  # and still focused: no change event
    if leave == "reload":
        page.reload()
    elif leave == "navigate":
        page.goto(f"{site_url}journal/")
    elif leave == "instant navigation":
        follow_instantly(page, site_url, "journal/")
    else:
        heading = page.locator(".md-content h1").first.text_content() or ""
        page.go_back()
        expect(page.locator(".md-content h1").first).not_to_have_text(heading)

    assert stored(page)["journal"][id]["text"] == "Written just before leaving"
    if leave == "reload":
        expect(area).to_have_value("Written just before leaving")
    elif leave != "instant back":
        answer = page.locator(f"[data-journal-entry='{id}'] [data-journal-answer]")
        expect(answer).to_have_text("Written just before leaving")


def test_each_control_is_bound_once_however_often_its_page_is_shown(
    page: Page, site_url: str, course
) -> None:
    page.add_init_script(COUNT_WRITES)
    first, second = course.published[0].id, course.published[1].id
    open_module(page, site_url, course, 0)
    page.evaluate("window.__stillTheSamePage = true")
    for path in (f"modules/{second}/", "progress/", f"modules/{first}/", "progress/"):
        follow_instantly(page, site_url, path)
    follow_instantly(page, site_url, f"modules/{first}/")
    expect(page.locator("[data-module-progress]")).to_have_attribute("data-module-progress", first)

    before = page.evaluate("window.__writes")
    boxes(page).first.check()
    ticked = page.evaluate("window.__writes") - before
    follow_instantly(page, site_url, "progress/")
    expect(page.locator("[data-progress-summary]")).to_contain_text("1 of ")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator("[data-action='reset']").click()
    expect(page.locator("[data-progress-summary]")).to_contain_text("1 of ")

    assert ticked == 1
    assert len(dialogs) == 1


def test_the_journal_s_download_reads_the_page_not_the_theme(
    page: Page, site_url: str, course
) -> None:
    module = course.module(open_module(page, site_url, course, 0))
    prompt = module.reflection_prompts[0]
    page.locator(f"textarea[data-journal-id='{module.id}/{prompt.id}']").fill("My answer")
    page.goto(f"{site_url}journal/")
    # Another title format, other permalink glyphs: what a theme or its settings may change.
    page.evaluate(
        "document.title = 'Journal | Another site';"
        "document.querySelectorAll('.headerlink').forEach(link => link.textContent = '#');"
    )

    with page.expect_download() as download:
        page.locator("[data-action='download-journal']").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")

    assert markdown.startswith("# Your journal\n\n")
    assert f"\n## {module.title}\n\n### {prompt.prompt}\n\nMy answer\n" in markdown


@ONE_ENGINE
def test_a_self_check_is_ticked_kept_and_counted_apart_from_the_checklist(
    page: Page, site_url: str, course
) -> None:
    module = next(m for m in course.published if any(e.self_check for e in m.exercises))
    exercise = next(e for e in module.exercises if e.self_check)
    page.goto(f"{site_url}modules/{module.id}/")
    criteria = page.locator(f"input[data-self-check-id='{module.id}/{exercise.id}']")
    expect(criteria).to_have_count(len(exercise.self_check))
    count = page.locator("[data-module-progress] [data-progress-count]")
    before = count.inner_text()

    page.get_by_role("checkbox", name=exercise.self_check[1], exact=True).check()
    page.reload()

    expect(criteria.nth(1)).to_be_checked()
    expect(criteria.nth(0)).not_to_be_checked()
    assert stored(page)["self"][f"{module.id}/{exercise.id}"]["ticked"] == [1]
    expect(count).to_have_text(before)  # the module's checklist counts its own items only
