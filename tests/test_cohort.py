"""The facilitator's cohort view (generator/assets/learner-cohort.js, templates/cohort.md.j2) in a
real browser on both engines' builds: the learners' progress files, read in the page, never stored."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Request, expect

from generator.model import Curriculum

from .browser import ONE_ENGINE, SUB_PATH, serious_violations

AT = 1764590000000
COHORT = "facilitator/cohort/"
# What the page's script says of the files it refuses (learner-cohort.js's reasons).
NOT_JSON = "not JSON"
NOT_PROGRESS = "not a progress file (a field is missing or wrong)"
OTHER_COURSE = "from another course"
TOO_LARGE = "larger than 1 MB, so not a progress file"

# Where a page can keep what it read: what must stay as it was after files are loaded. (The
# site's own files may be cached for offline use, by the service worker: not the page's data.)
KEPT = """async () => ({
  local: Object.entries(localStorage), session: Object.entries(sessionStorage),
  cookies: document.cookie, databases: (await indexedDB.databases()).map(d => d.name),
})"""


def progress_file(
    course: Curriculum,
    name: str | None,
    done: dict[int, int],
    firsts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A "progress only" file as the dashboard downloads it: the first ``done[i]`` items of the
    i-th published module ticked, and ``firsts`` the first answer to each check (by its id)."""
    progress: dict[str, Any] = {}
    for index, module in enumerate(course.published):
        for position, item in enumerate(module.progress_items):
            if position < done.get(index, 0):
                progress[item.progress_id] = {"done": True, "at": AT}
            elif position == 0:  # ticked once, then unticked: not done
                progress[item.progress_id] = {"done": False, "at": AT}
    checks = {
        check: {"answer": first, "first": first, "at": AT}
        for check, first in (firsts or {}).items()
    }
    return {
        "format": 1,
        "kind": "progress",
        "course": course.id,
        "name": name,
        "progress": progress,
        "checks": checks,
        "self": {},
        "ratings": {"before": {}, "after": {}},
        "journal": {},
        "completed": {},
        "last": None,
    }


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def open_cohort(page: Page, site_url: str) -> None:
    page.goto(site_url + COHORT)
    expect(page.locator("[data-cohort]")).to_be_visible()


def load(page: Page, *paths: Path) -> None:
    before = page.locator("[data-cohort-message]").text_content()
    page.locator("[data-cohort-files]").set_input_files(list(paths))
    expect(page.locator("[data-cohort-message]")).not_to_have_text(before or "")
    expect(page.locator("[data-cohort-message]")).not_to_contain_text("Reading")


def view(page: Page) -> Locator:
    return page.locator("[data-cohort]")


def rows(page: Page) -> Locator:
    return page.locator("[data-cohort-rows] tr")


def row(page: Page, name: str) -> Locator:
    return rows(page).filter(has=page.get_by_role("rowheader", name=name, exact=True))


def first_answers(page: Page, check: str) -> dict[str, str]:
    """Each option's count of first answers in a check's table, and the learners not answered."""
    table = page.locator(f"[data-cohort-check='{check}']")
    counts = {
        str(option.get_attribute("data-option")): option.locator("[data-cohort-first]").inner_text()
        for option in table.locator("tr[data-option]").all()
    }
    counts[""] = table.locator("[data-cohort-unanswered]").inner_text()
    return counts


def three_learners(course: Curriculum, folder: Path) -> list[Path]:
    """Ana (the first module done, 2 items of the second), Ben (1 item of the third) and a learner
    without a name (everything done), with known first answers to the fixture's checks."""
    ana = progress_file(
        course,
        "Ana Lima",
        {0: len(course.published[0].progress_items), 1: 2},
        {"listening/say-it-back": "option-2", "framing/which-question": "option-1"},
    )
    # Ana tried again and now has another answer: the view counts her first one.
    ana["checks"]["listening/say-it-back"]["answer"] = "option-3"
    ben = progress_file(
        course,
        "Ben Okafor",
        {2: 1},
        {"listening/say-it-back": "option-1", "framing/which-question": "option-2"},
    )
    everything = {
        index: len(module.progress_items) for index, module in enumerate(course.published)
    }
    cleo = progress_file(
        course,
        None,
        everything,
        {"listening/say-it-back": "option-2", "listening/read-the-summary": "option-3"},
    )
    return [
        write(folder, "cleo.json", cleo),
        write(folder, "ana.json", ana),
        write(folder, "ben.json", ben),
    ]


def items_text(done: int, total: int) -> str:
    return f"{done} of {total} ({round(100 * done / total)}%)"


@ONE_ENGINE
def test_three_learners_and_two_refused_files_load_at_once(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    assert [m.id for m in course.published][:2] == ["listening", "framing"]
    sizes = [len(module.progress_items) for module in course.published]
    total = sum(sizes)
    good = three_learners(course, tmp_path)
    broken = write(tmp_path, "broken.json", "{not json")
    wrong = progress_file(course, "Dan", {0: 1})
    wrong["progress"]["listening/listen-warm-up"]["done"] = "yes"
    wrong_type = write(tmp_path, "wrong-type.json", wrong)
    open_cohort(page, site_url)
    page.wait_for_load_state("networkidle")
    kept = page.evaluate(KEPT)
    requested: list[Request] = []
    page.on("request", lambda request: requested.append(request))

    load(page, good[0], broken, good[1], wrong_type, good[2])

    # The learners, by name (a file without one by its file name), in order of their names.
    expect(rows(page).locator("th")).to_have_text(["Ana Lima", "Ben Okafor", "cleo.json"])
    expect(row(page, "Ana Lima").locator("td")).to_have_text(
        ["Done", "In progress", "Not started", "Not started", "Not started"]
        + [items_text(sizes[0] + 2, total)]
    )
    expect(row(page, "Ben Okafor").locator("td")).to_have_text(
        ["Not started", "Not started", "In progress", "Not started", "Not started"]
        + [items_text(1, total)]
    )
    expect(row(page, "cleo.json").locator("td")).to_have_text(
        ["Done"] * 5 + [items_text(total, total)]
    )
    # Each module's standing: done, in progress, not started.
    standing = {
        "listening": ["2", "0", "1"],
        "framing": ["1", "1", "1"],
        "deciding": ["1", "1", "1"],
        "feedback": ["1", "0", "2"],
        "reviewing": ["1", "0", "2"],
    }
    for module, counts in standing.items():
        cells = page.locator(f"[data-cohort-standing='{module}'] td")
        expect(cells).to_have_text(counts)
    done = sizes[0] + 2 + 1 + total
    expect(page.locator("[data-cohort-overall]")).to_have_text(
        f"Items done by the cohort's 3 learners: {items_text(done, 3 * total)}"
    )
    # The first answers (Ana's, not her answer now), and who has not answered.
    assert first_answers(page, "listening/say-it-back") == {
        "option-1": "1",
        "option-2": "2",
        "option-3": "0",
        "": "0",
    }
    assert first_answers(page, "framing/which-question") == {
        "option-1": "1",
        "option-2": "1",
        "": "1",
    }
    assert first_answers(page, "listening/read-the-summary") == {
        "option-1": "0",
        "option-2": "0",
        "option-3": "1",
        "": "2",
    }
    best = page.locator("[data-cohort-check='framing/which-question'] tr[data-option='option-2']")
    expect(best.locator("td").first).to_have_text("Best response")
    # The refused files, each with its name and why; the message says what happened.
    expect(page.locator("[data-cohort-problems] li")).to_have_text(
        [f"broken.json: {NOT_JSON}.", f"wrong-type.json: {NOT_PROGRESS}."]
    )
    expect(page.locator("[data-cohort-message]")).to_have_text(
        "3 learners added; 2 files refused (listed below). The cohort has 3 learners."
    )
    expect(page.locator("[data-cohort-message]")).to_have_attribute("role", "status")
    # Nothing stored, nothing sent: no request but for the site's own files, none with a body.
    assert page.evaluate(KEPT) == kept
    sent = [r.url for r in requested if r.method != "GET" or r.post_data is not None]
    assert sent == [] and [r.url for r in requested if not r.url.startswith(site_url)] == []


@ONE_ENGINE
def test_each_refused_file_says_why_and_a_file_without_a_course_is_taken(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    other = {**progress_file(course, "Eve", {0: 1}), "course": "another-course"}
    backup = progress_file(course, "Fay", {0: 1})
    del backup["course"], backup["kind"]
    big = {**progress_file(course, "Gus", {}), "pad": "x" * (1024 * 1024)}
    cohort_of_a_bad_learner = {
        "format": 1,
        "kind": "cohort",
        "course": course.id,
        "learners": [{"file": "hal.json", "state": {"format": 1, "progress": []}}],
    }
    files = [
        write(tmp_path, "other.json", other),
        write(tmp_path, "big.json", big),
        write(tmp_path, "list.json", ["a list"]),
        write(tmp_path, "bad-cohort.json", cohort_of_a_bad_learner),
        write(tmp_path, "backup.json", backup),
    ]
    open_cohort(page, site_url)

    load(page, *files)

    expect(page.locator("[data-cohort-problems] li")).to_have_text(
        [
            f"other.json: {OTHER_COURSE}.",
            f"big.json: {TOO_LARGE}.",
            f"list.json: {NOT_PROGRESS}.",
            "bad-cohort.json: not a saved cohort (a field is missing or wrong).",
        ]
    )
    expect(rows(page).locator("th")).to_have_text(["Fay"])


@ONE_ENGINE
def test_names_from_the_files_show_as_text_never_as_markup(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    name = '<img src="x" onerror="window.__ran = 1">Mo'
    learner = write(tmp_path, "mo.json", progress_file(course, name, {0: 1}))
    bad = write(tmp_path, '<img src="y" onerror="window.__ran = 2">.json', "{")
    open_cohort(page, site_url)

    load(page, learner, bad)

    expect(rows(page).locator("th")).to_have_text([name])
    expect(page.locator("[data-cohort-problems] li")).to_have_text([f"{bad.name}: {NOT_JSON}."])
    expect(view(page).locator("img")).to_have_count(0)
    assert page.evaluate("window.__ran") is None


@ONE_ENGINE
def test_forty_files_load_in_one_change_of_the_table(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    files = [
        write(
            tmp_path, f"learner-{n:02}.json", progress_file(course, f"Learner {n:02}", {0: n % 9})
        )
        for n in range(1, 41)
    ]
    open_cohort(page, site_url)
    page.evaluate(
        """() => {
          window.__changes = 0;
          new MutationObserver(records => { window.__changes += records.length; })
            .observe(document.querySelector("[data-cohort-rows]"), { childList: true });
        }"""
    )

    load(page, *files)

    expect(rows(page)).to_have_count(40)
    expect(rows(page).locator("th")).to_have_text([f"Learner {n:02}" for n in range(1, 41)])
    # Learner n has ticked n % 9 of the first module's 8 items.
    done = sum(1 for n in range(1, 41) if n % 9 == 8)
    started = sum(1 for n in range(1, 41) if 0 < n % 9 < 8)
    expect(page.locator("[data-cohort-standing='listening'] td")).to_have_text(
        [str(done), str(started), str(40 - done - started)]
    )
    assert page.evaluate("window.__changes") == 1  # the rows are built once, not once a file


@ONE_ENGINE
def test_a_full_backup_s_reflections_are_never_shown_nor_saved(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    secret = "What I really think of my manager"
    prompt = course.published[0].reflection_prompts[0]
    backup = progress_file(course, "Ivy", {0: 2})
    del backup["kind"]
    backup["journal"] = {f"{course.published[0].id}/{prompt.id}": {"text": secret, "at": AT}}
    open_cohort(page, site_url)

    load(page, write(tmp_path, "ivy-backup.json", backup))

    expect(row(page, "Ivy")).to_have_count(1)
    expect(page.locator("[data-cohort-message]")).to_contain_text(
        "The reflections in 1 full backup were left out: this page never shows them."
    )
    assert secret not in page.locator("body").inner_text()
    assert secret not in page.content()
    with page.expect_download() as download:
        view(page).get_by_role("button", name="Save the cohort as a file").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Ivy" in saved and secret not in saved


@ONE_ENGINE
def test_the_saved_cohort_loads_again_into_the_same_view(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    open_cohort(page, site_url)
    load(page, *three_learners(course, tmp_path))
    shown = rows(page).all_inner_texts()
    checks = first_answers(page, "listening/say-it-back")
    with page.expect_download() as download:
        view(page).get_by_role("button", name="Save the cohort as a file").click()
    assert download.value.suggested_filename == f"{course.id}-cohort.json"
    saved = tmp_path / "saved" / "cohort.json"
    download.value.save_as(saved)
    cohort = json.loads(saved.read_text(encoding="utf-8"))
    assert (cohort["kind"], cohort["course"], len(cohort["learners"])) == ("cohort", course.id, 3)
    assert all(learner["state"]["journal"] == {} for learner in cohort["learners"])

    view(page).get_by_role("button", name="Clear").click()
    expect(rows(page)).to_have_text(["No learner loaded yet."])
    expect(page.locator("[data-cohort-standing='listening'] td")).to_have_text(["0", "0", "0"])
    expect(page.locator("[data-cohort-message]")).to_have_text(
        "The view was cleared: no learner is loaded."
    )
    page.reload()  # and in a page that never saw the learners' own files
    load(page, saved)

    assert rows(page).all_inner_texts() == shown
    assert first_answers(page, "listening/say-it-back") == checks
    expect(page.locator("[data-cohort-message]")).to_have_text(
        "3 learners added; cohort.json held 3 learners. The cohort has 3 learners."
    )


@ONE_ENGINE
def test_a_learner_loaded_again_replaces_the_earlier_file(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    first_module = course.published[0]
    open_cohort(page, site_url)
    load(page, write(tmp_path, "ana.json", progress_file(course, "Ana Lima", {0: 1})))
    newer = tmp_path / "newer"
    newer.mkdir()
    everything = progress_file(course, "Ana Lima", {0: len(first_module.progress_items)})

    load(page, write(newer, "ana.json", everything))

    expect(rows(page)).to_have_count(1)
    expect(row(page, "Ana Lima").locator("td").first).to_have_text("Done")
    expect(page.locator("[data-cohort-message]")).to_contain_text(
        "1 learner loaded again, replacing the earlier file"
    )
    # The same name in another file is another learner: both are shown, told apart by file.
    load(page, write(tmp_path, "ana-2.json", progress_file(course, "Ana Lima", {})))
    expect(rows(page).locator("th")).to_have_text(["Ana Lima (ana-2.json)", "Ana Lima (ana.json)"])


DROP = """([target, files]) => {
  const transfer = new DataTransfer();
  for (const [name, text] of files) {
    transfer.items.add(new File([text], name, { type: "application/json" }));
  }
  const element = document.querySelector(target);
  const events = {};
  for (const type of ["dragenter", "dragover", "drop"]) {
    const event = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer });
    element.dispatchEvent(event);
    events[type] = event.defaultPrevented;
    if (type === "dragover") {
      events.highlighted = document.querySelector("[data-cohort-drop]").hasAttribute("data-dragging");
    }
  }
  return events;
}"""


@ONE_ENGINE
def test_files_dropped_on_the_drop_zone_load(page: Page, site_url: str, course: Curriculum) -> None:
    files = [
        [f"{name.lower()}.json", json.dumps(progress_file(course, name, {1: 1}))]
        for name in ("Jo", "Kim")
    ]
    open_cohort(page, site_url)

    # Dropped beside the zone, the files are neither loaded nor opened in place of the page.
    beside = page.evaluate(DROP, [".md-content h1", files])
    assert beside["drop"] is True
    expect(rows(page)).to_have_text(["No learner loaded yet."])

    events = page.evaluate(DROP, ["[data-cohort-drop]", files])

    # dragover is cancelled (else a browser never fires the drop), and the zone shows it.
    assert events == {"dragenter": True, "dragover": True, "highlighted": True, "drop": True}
    expect(rows(page).locator("th")).to_have_text(["Jo", "Kim"])
    expect(row(page, "Jo").locator("td").nth(1)).to_have_text("In progress")
    expect(page.locator("[data-cohort-drop]")).not_to_have_attribute("data-dragging", "")
    expect(page).to_have_url(site_url + COHORT)


def test_files_are_chosen_saved_and_cleared_by_keyboard(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    learner = write(tmp_path, "lee.json", progress_file(course, "Lee", {0: 1}))
    open_cohort(page, site_url)
    # Waited for from before the first key: Playwright starts catching the chooser asynchronously.
    with page.expect_file_chooser() as chooser:
        for _ in range(100):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('[data-cohort-files]')"):
                break
        else:
            pytest.fail("the file input is not reached by Tab")
        outline = page.evaluate(
            "getComputedStyle(document.activeElement.closest('[data-cohort-drop]')).outlineStyle"
        )
        assert outline != "none"
        page.keyboard.press("Enter")
    chooser.value.set_files(learner)
    expect(rows(page).locator("th")).to_have_text(["Lee"])

    page.keyboard.press("Tab")
    expect(view(page).get_by_role("button", name="Save the cohort as a file")).to_be_focused()
    with page.expect_download():
        page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(view(page).get_by_role("button", name="Clear")).to_be_focused()
    page.keyboard.press("Enter")
    expect(rows(page)).to_have_text(["No learner loaded yet."])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cohort_view_is_accessible_in_both_schemes(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    open_cohort(page, site_url)
    load(page, *three_learners(course, tmp_path), write(tmp_path, "bad.json", "{"))

    expected = {"light": "default", "dark": "slate"}[scheme]
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    assert serious_violations(page) == []


def test_at_phone_width_the_page_does_not_scroll_sideways_the_learners_table_does(
    browser: Browser, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    open_cohort(page, site_url)
    load(page, *three_learners(course, tmp_path))

    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    scrolling = page.locator(".hx-cohort__scroll").evaluate_all(
        "boxes => boxes.map(box => box.scrollWidth > box.clientWidth)"
    )
    region = page.get_by_role("region", name="Learners by module")
    region.focus()  # a table that scrolls is reached by keyboard, and scrolled with the arrows
    page.keyboard.press("ArrowRight")
    scrolled = page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2000)
    context.close()

    assert widths[0] <= widths[1] == 375
    assert scrolling[0] is True and scrolled


def test_the_page_s_links_are_relative_and_lead_to_the_guide_and_the_modules(
    page: Page, site_url: str, course: Curriculum
) -> None:
    open_cohort(page, site_url)
    content = page.locator(".md-content")

    # As served (Material's instant navigation makes the links absolute once the page is shown).
    served = page.request.get(site_url + COHORT).text()
    article = served[served.index("<article") : served.index("</article>")]
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', article)
    assert hrefs and [href for href in hrefs if href.startswith("/") or ":" in href] == []
    guide = content.get_by_role("link", name="facilitator guide")
    assert guide.evaluate("a => a.href") == f"{site_url}facilitator/"
    dashboard = content.get_by_role("link", name="progress dashboard")
    assert dashboard.evaluate("a => a.href") == f"{site_url}progress/"
    for module in course.published:
        link = page.locator(f"[data-cohort-standing='{module.id}'] th a")
        assert link.evaluate("a => a.href") == f"{site_url}modules/{module.id}/"
    assert site_url.endswith(SUB_PATH)


def test_without_javascript_the_page_says_the_view_needs_it(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + COHORT)

    expect(page.locator("[data-cohort-needs-js]")).to_have_text(
        "The cohort view needs JavaScript: turn it on in this browser to load the learners' files."
    )
    expect(page.locator("[data-cohort-needs-js]")).to_be_visible()
    expect(page.locator("[data-cohort-drop]")).to_be_hidden()
    context.close()


def test_with_javascript_the_notice_is_gone(page: Page, site_url: str) -> None:
    open_cohort(page, site_url)

    expect(page.locator("[data-cohort-needs-js]")).to_be_hidden()
    expect(page.locator("[data-cohort-drop]")).to_be_visible()
