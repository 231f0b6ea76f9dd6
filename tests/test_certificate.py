"""The certificate of completion and the progress-only file, in a real browser on both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.model import Curriculum

from .browser import ONE_ENGINE, serious_violations
from .test_export import pages
from .test_learner import STORAGE_KEY, stored

DAY = 24 * 3600 * 1000
START = 1_780_000_000_000  # 2026-05-28, in ms


def finished_state(course: Curriculum, *, leave_out: int = 0) -> dict:
    """A state with every item done, module after module a day apart (but the last ``leave_out``),
    the first check of the first module with checks first answered wrongly, the rest best."""
    items = [
        (number, item.progress_id)
        for number, module in enumerate(course.published)
        for item in module.progress_items
    ]
    progress = {
        item: {"done": True, "at": START + number * DAY + index}
        for index, (number, item) in enumerate(items[: len(items) - leave_out])
    }
    checks = {}
    for module in course.published:
        for check in module.checks:
            wrong = next(o.id for o in check.options if o.verdict != "best")
            first = wrong if not checks else check.best.id
            checks[f"{module.id}/{check.id}"] = {"answer": first, "first": first, "at": START}
    journal = {
        f"{course.published[0].id}/{course.published[0].reflection_prompts[0].id}": {
            "text": "A private reflection, never shared",
            "at": START,
        }
    }
    return {"format": 1, "progress": progress, "journal": journal, "checks": checks}


def put(page: Page, state: dict) -> None:
    page.evaluate(
        "([key, state]) => localStorage.setItem(key, JSON.stringify(state))", [STORAGE_KEY, state]
    )
    page.reload()


@ONE_ENGINE
def test_before_completion_the_page_says_what_is_left(
    page: Page, site_url: str, course: Curriculum
) -> None:
    page.goto(f"{site_url}certificate/")
    put(page, finished_state(course, leave_out=2))

    expect(page.locator("[data-certificate-status]")).to_have_text(
        "Not yet: 2 items are left to do."
    )
    expect(page.locator("[data-certificate]")).to_be_hidden()
    last = course.published[-1]
    left = page.locator(f"[data-certificate-left-module='{last.id}']")
    expect(left).to_be_visible()
    expect(left).to_contain_text(f"{last.title}: 2 items left")
    expect(
        page.locator(f"[data-certificate-left-module='{course.published[0].id}']")
    ).to_be_hidden()
    page.goto(f"{site_url}progress/")
    expect(page.locator("[data-certificate-offer]")).to_be_hidden()


@ONE_ENGINE
def test_on_completion_the_certificate_shows_dates_time_and_checks(
    page: Page, site_url: str, course: Curriculum
) -> None:
    page.goto(f"{site_url}progress/")
    put(page, finished_state(course))
    offer = page.locator("[data-certificate-offer] a")
    expect(offer).to_be_visible()
    offer.click()

    certificate = page.locator("[data-certificate]")
    expect(certificate).to_be_visible()
    expect(certificate).to_contain_text(course.course.title)
    rows = certificate.locator("tbody tr")
    expect(rows).to_have_count(len(course.published))
    for number, module in enumerate(course.published):
        day = page.evaluate(
            "at => new Date(at).toLocaleDateString('en', {year: 'numeric', month: 'long', day: 'numeric'})",
            START + number * DAY,
        )
        expect(rows.nth(number)).to_contain_text(module.title)
        expect(rows.nth(number).locator("[data-certificate-date]")).to_have_text(day)
    checks = sum(len(module.checks) for module in course.published)
    expect(certificate.locator("[data-certificate-checks]")).to_contain_text(
        f"{checks - 1} of {checks}"
    )
    expect(certificate).to_contain_text("Self-reported")

    name = page.get_by_label("Your name, as it should appear on the certificate")
    name.fill("<img src=x onerror=alert(1)> Ana Lima")
    name.press("Tab")
    expect(certificate.locator("[data-certificate-shown-name]")).to_have_text(
        "<img src=x onerror=alert(1)> Ana Lima"
    )  # text, never markup
    assert stored(page)["name"] == "<img src=x onerror=alert(1)> Ana Lima"
    page.reload()
    expect(name).to_have_value("<img src=x onerror=alert(1)> Ana Lima")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_certificate_prints_on_one_page(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path, paper: str
) -> None:
    page.goto(f"{site_url}certificate/")
    put(page, finished_state(course))
    page.get_by_label("Your name, as it should appear on the certificate").fill("Ana Lima")
    page.keyboard.press("Tab")
    expect(page.locator("[data-certificate]")).to_be_visible()

    printed = tmp_path / "certificate.pdf"
    page.emulate_media(media="print")
    expect(page.locator("[data-certificate-form]")).to_be_hidden()  # the form is not printed
    page.pdf(path=str(printed), format=paper)

    assert pages(printed) == 1


@ONE_ENGINE
def test_progress_only_leaves_the_journal_behind(
    page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    page.goto(f"{site_url}progress/")
    state = finished_state(course, leave_out=1)
    put(page, {**state, "name": "Ana Lima"})

    with page.expect_download() as download:
        page.locator("[data-action='export-progress']").click()
    shared = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    with page.expect_download() as download:
        page.locator("[data-action='export']").click()
    backup = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))

    assert download.value.suggested_filename == f"{course.id}-backup.json"
    assert "A private reflection" not in json.dumps(shared) and shared["journal"] == {}
    assert "A private reflection" in json.dumps(backup)
    assert (shared["kind"], shared["course"], shared["name"]) == ("progress", course.id, "Ana Lima")
    assert shared["progress"] == state["progress"] and shared["checks"] == state["checks"]
    first, last = course.published[0], course.published[-1]
    assert shared["completed"][first.id] == max(
        state["progress"][item]["at"] for item in first.item_ids
    )
    assert last.id not in shared["completed"]  # one item left
    # And it loads, as a progress file, into a fresh browser.
    page.evaluate("() => localStorage.clear()")
    page.reload()
    progress_file = tmp_path / "shared.json"
    progress_file.write_text(json.dumps(shared), encoding="utf-8")
    page.locator("[data-action='import']").set_input_files(progress_file)
    expect(page.locator("[data-progress-message]")).to_contain_text("was loaded")
    assert stored(page)["progress"] == state["progress"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_certificate_page_is_accessible(
    page: Page, site_url: str, course: Curriculum, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}certificate/")
    assert serious_violations(page) == []
    put(page, finished_state(course))
    expect(page.locator("[data-certificate]")).to_be_visible()
    assert serious_violations(page) == []
