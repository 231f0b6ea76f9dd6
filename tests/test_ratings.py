"""Self-ratings before and after, and the case pack, in a real browser on both engines' builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.model import Curriculum, Skill

from .browser import ONE_ENGINE, serious_violations
from .test_learner import STORAGE_KEY, stored


def rate(page: Page, when: str, skill: Skill, value: int) -> None:
    page.locator(f"input[data-rating='{when}/{skill.id}'][value='{value}']").check()


def row(page: Page, skill: Skill):
    return page.locator(f"[data-rating-skill='{skill.id}']")


@ONE_ENGINE
def test_ratings_at_the_start_and_the_end_show_side_by_side(
    page: Page, site_url: str, course: Curriculum
) -> None:
    first, second = course.course.skills[:2]
    page.goto(f"{site_url}modules/{course.published[0].id}/")
    form = page.locator("[data-ratings='before']")
    # Each skill's anchors are where the learner rates it, and describe its scale.
    expect(form.get_by_role("group", name=first.name)).to_contain_text(first.level_1)
    expect(form.get_by_role("group", name=first.name)).to_contain_text(first.level_5)
    rate(page, "before", first, 2)
    rate(page, "before", second, 4)
    rate(page, "before", first, 3)  # changed their mind: the last choice is kept
    assert stored(page)["ratings"]["before"][first.id]["value"] == 3

    page.goto(f"{site_url}modules/{course.published[-1].id}/")
    page.locator(".hx-pager .hx-next", has_text="Looking back").click()
    expect(page).to_have_url(f"{site_url}looking-back/")
    rate(page, "after", first, 5)
    rate(page, "after", second, 3)

    for cells in (row(page, first), row(page, second)):
        expect(cells.locator("[data-rating-cell='after']")).not_to_have_text("–")
    expect(row(page, first).locator("td")).to_have_text(["3", "5", "+2"])
    expect(row(page, second).locator("td")).to_have_text(["4", "3", "-1"])
    page.goto(f"{site_url}progress/")
    expect(row(page, first).locator("td")).to_have_text(["3", "5", "+2"])
    page.goto(f"{site_url}looking-back/")
    expect(page.locator(f"input[data-rating='after/{first.id}'][value='5']")).to_be_checked()


@ONE_ENGINE
def test_an_unrated_skill_shows_a_dash_not_a_number(
    page: Page, site_url: str, course: Curriculum
) -> None:
    skill = course.course.skills[0]
    page.goto(f"{site_url}looking-back/")
    rate(page, "after", skill, 4)

    expect(row(page, skill).locator("td")).to_have_text(["–", "4", "–"])


def test_ratings_are_chosen_by_keyboard(page: Page, site_url: str, course: Curriculum) -> None:
    skill = course.course.skills[0]
    page.goto(f"{site_url}looking-back/")
    page.locator(f"input[data-rating='after/{skill.id}'][value='1']").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")

    expect(page.locator(f"input[data-rating='after/{skill.id}'][value='3']")).to_be_checked()
    assert stored(page)["ratings"]["after"][skill.id]["value"] == 3


@ONE_ENGINE
def test_ratings_travel_in_the_progress_file(
    page: Page, browser: Browser, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    skill = course.course.skills[1]
    page.goto(f"{site_url}modules/{course.published[0].id}/")
    rate(page, "before", skill, 2)
    page.goto(f"{site_url}progress/")
    with page.expect_download() as download:
        page.locator("[data-action='export']").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["ratings"]["before"][skill.id]["value"] == 2

    fresh = browser.new_context().new_page()
    fresh.goto(f"{site_url}progress/")
    fresh.locator("[data-action='import']").set_input_files(exported)
    expect(fresh.locator("[data-progress-message]")).to_contain_text("was loaded")
    expect(row(fresh, skill).locator("td").first).to_have_text("2")
    fresh.once("dialog", lambda dialog: dialog.accept())
    fresh.locator("[data-action='reset']").click()
    expect(row(fresh, skill).locator("td").first).to_have_text("–")
    assert stored(fresh)["ratings"] == {"before": {}, "after": {}}
    fresh.context.close()


@pytest.mark.parametrize(
    "ratings",
    [
        {"before": {"listening": {"value": 7, "at": 1}}},
        {"before": {"listening": {"value": "3", "at": 1}}},
        {"after": {"Not A Slug": {"value": 3, "at": 1}}},
        {"after": []},
        ["a list"],
    ],
)
@ONE_ENGINE
def test_a_file_with_a_bad_rating_is_refused_whole(
    page: Page, site_url: str, tmp_path: Path, ratings: object
) -> None:
    bad = tmp_path / "bad.json"
    state = {"format": 1, "progress": {"a/b": {"done": True, "at": 1}}, "journal": {}}
    bad.write_text(json.dumps({**state, "ratings": ratings}))
    page.goto(f"{site_url}progress/")
    page.locator("[data-action='import']").set_input_files(bad)

    expect(page.locator("[data-progress-message]")).to_contain_text("Nothing was changed.")
    assert stored(page) is None


@ONE_ENGINE
def test_a_stored_bad_rating_is_dropped_and_the_rest_kept(
    page: Page, site_url: str, course: Curriculum
) -> None:
    good, bad = course.course.skills[:2]
    page.goto(f"{site_url}looking-back/")
    page.evaluate(
        "([key, state]) => localStorage.setItem(key, JSON.stringify(state))",
        [
            STORAGE_KEY,
            {
                "format": 1,
                "progress": {},
                "journal": {},
                "ratings": {
                    "after": {good.id: {"value": 4, "at": 1}, bad.id: {"value": 0, "at": 1}}
                },
            },
        ],
    )
    page.reload()

    expect(page.locator(f"input[data-rating='after/{good.id}'][value='4']")).to_be_checked()
    expect(page.locator(f"input[data-rating='after/{bad.id}']:checked")).to_have_count(0)
    expect(row(page, good).locator("td")).to_have_text(["–", "4", "–"])
    expect(row(page, bad).locator("td")).to_have_text(["–", "–", "–"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_rating_pages_and_the_case_pack_are_accessible(
    page: Page, site_url: str, course: Curriculum, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    for path in (f"modules/{course.published[0].id}/", "looking-back/", "case/"):
        page.goto(site_url + path)
        assert serious_violations(page) == [], path


def test_an_exercise_leads_to_its_part_of_the_case_pack_and_back(
    page: Page, site_url: str, course: Curriculum
) -> None:
    assert course.case is not None
    module, exercise = next(
        (module, exercise)
        for module in course.published
        for exercise in module.exercises
        if exercise.case
    )
    part = course.case_part(exercise.case or "")
    page.goto(f"{site_url}modules/{module.id}/")
    page.locator(f"#exercise-{exercise.id} ~ .hx-case a").first.click()

    expect(page).to_have_url(f"{site_url}case/#{part.id}")
    expect(page.locator(f"h2#{part.id}")).to_contain_text(part.title)
    used_in = page.locator(f"h2#{part.id} ~ .hx-used-in").first
    used_in.get_by_role("link", name=exercise.title).click()
    expect(page).to_have_url(f"{site_url}modules/{module.id}/#exercise-{exercise.id}")
