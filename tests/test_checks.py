"""Checks in a real browser, on both engines' builds: answered, explained, kept, scored, accessible."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from generator.model import Check, Curriculum, Module

from .browser import ONE_ENGINE, serious_violations
from .test_learner import stored


def checked_module(course: Curriculum) -> Module:
    return next(module for module in course.published if len(module.checks) >= 2)


def open_check(page: Page, site_url: str, module: Module, check: Check) -> Locator:
    page.goto(f"{site_url}modules/{module.id}/")
    return page.locator(f"[data-check-id='{module.id}/{check.id}']")


def choose(box: Locator, option_id: str) -> None:
    box.locator(f"input[value='{option_id}']").check()
    box.locator("[data-check-answer]").click()


def wrong_option(check: Check) -> str:
    return next(option.id for option in check.options if option.verdict != "best")


def test_answering_shows_the_feedback_and_the_best_response(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    check = module.checks[0]
    box = open_check(page, site_url, module, check)
    discussion = box.locator("[data-check-discussion]")
    expect(discussion).to_be_hidden()  # with JavaScript, the verdicts wait for an answer
    chosen = next(option for option in check.options if option.verdict != "best")

    choose(box, chosen.id)

    feedback = box.locator("[data-check-feedback]")
    expect(feedback).to_have_attribute("role", "status")
    expect(feedback).to_contain_text("Your answer: ")
    expect(feedback).to_contain_text(chosen.feedback.split("*")[0].strip()[:30])
    expect(feedback).to_contain_text(f"The best response: {check.best.text}")
    expect(discussion).to_be_visible()
    expect(feedback).to_be_focused()  # the button pressed is gone
    saved = stored(page)["checks"][f"{module.id}/{check.id}"]
    assert saved["answer"] == saved["first"] == chosen.id
    assert stored(page)["progress"][f"{module.id}/{check.id}"]["done"] is True
    expect(page.locator(f"input[data-progress-id='{module.id}/{check.id}']")).to_be_checked()


@ONE_ENGINE
def test_the_answer_survives_a_reload_and_can_be_tried_again(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    check = module.checks[1]
    box = open_check(page, site_url, module, check)
    choose(box, wrong_option(check))

    page.reload()

    expect(box.locator(f"input[value='{wrong_option(check)}']")).to_be_checked()
    expect(box.locator("[data-check-feedback]")).to_contain_text("Your answer: ")
    box.locator("[data-check-again]").click()
    expect(box.locator("[data-check-answer]")).to_be_visible()
    expect(box.locator("[data-check-discussion]")).to_be_hidden()
    choose(box, check.best.id)
    expect(box.locator("[data-check-feedback]")).to_contain_text("Your answer: Best response.")
    expect(box.locator("[data-check-feedback]")).not_to_contain_text("The best response:")
    saved = stored(page)["checks"][f"{module.id}/{check.id}"]
    assert (saved["answer"], saved["first"]) == (check.best.id, wrong_option(check))


def test_a_check_is_answered_with_the_keyboard_alone(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    check = module.checks[0]
    box = open_check(page, site_url, module, check)
    box.locator("input[type='radio']").first.focus()

    for _ in range([option.id for option in check.options].index(check.best.id)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(box.locator("[data-check-answer]")).to_be_focused()
    page.keyboard.press("Enter")

    expect(box.locator("[data-check-feedback]")).to_contain_text("Your answer: Best response.")


@ONE_ENGINE
def test_asking_without_a_choice_says_what_to_do(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    box = open_check(page, site_url, module, module.checks[0])

    box.locator("[data-check-answer]").click()

    expect(box.locator("[data-check-feedback]")).to_have_text(
        "Choose a response first, then check it."
    )
    assert f"{module.id}/{module.checks[0].id}" not in (stored(page) or {"checks": {}})["checks"]


@ONE_ENGINE
def test_the_dashboard_counts_checks_and_scores_first_answers(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    total = sum(len(m.checks) for m in course.published)
    first, second = module.checks[0], module.checks[1]
    choose(open_check(page, site_url, module, first), first.best.id)
    box = open_check(page, site_url, module, second)
    choose(box, wrong_option(second))
    box.locator("[data-check-again]").click()
    choose(box, second.best.id)  # a second try: the first answer is what counts

    page.goto(f"{site_url}progress/")

    expect(page.locator("[data-checks-summary]")).to_have_text(
        f"Best answers: 1 of {total} checks (your first answer to each; 2 answered)."
    )
    row = page.locator(f"[data-progress-module='{module.id}'] [data-progress-count]")
    expect(row).to_have_text(f"2 of {len(module.progress_items)}")


@ONE_ENGINE
def test_answers_travel_in_the_progress_file(
    browser: Browser, page: Page, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    module = checked_module(course)
    check = module.checks[0]
    choose(open_check(page, site_url, module, check), wrong_option(check))
    page.goto(f"{site_url}progress/")
    with page.expect_download() as download:
        page.locator("[data-action='export']").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["checks"][f"{module.id}/{check.id}"]["first"] == (
        wrong_option(check)
    )

    fresh = browser.new_context().new_page()
    fresh.goto(f"{site_url}progress/")
    fresh.locator("[data-action='import']").set_input_files(exported)
    expect(fresh.locator("[data-progress-message]")).to_contain_text("was loaded")
    box = open_check(fresh, site_url, module, check)
    expect(box.locator(f"input[value='{wrong_option(check)}']")).to_be_checked()
    expect(box.locator("[data-check-feedback]")).to_contain_text("Your answer: ")
    fresh.context.close()


def test_without_javascript_a_check_reads_as_a_worksheet(
    browser: Browser, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    check = module.checks[0]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    box = open_check(page, site_url, module, check)

    expect(box.locator("legend")).to_have_text(check.question)
    expect(box.locator(".hx-check__options li")).to_have_count(len(check.options))
    expect(box.locator("[data-check-actions]")).to_be_hidden()  # nothing to press without JS
    discussion = box.locator("[data-check-discussion]")
    expect(discussion.locator("summary")).to_have_text("Discuss the options")
    discussion.locator("summary").click()
    for option in check.options:
        response = discussion.locator(f"[data-option='{option.id}']")
        expect(response).to_be_visible()
        expect(response).to_have_attribute("data-verdict", option.verdict)
    context.close()


def test_checks_answered_and_not_have_no_serious_accessibility_violation(
    page: Page, site_url: str, course: Curriculum
) -> None:
    """In both colour schemes (the palette toggle switches them; the choice is kept)."""
    module = checked_module(course)
    first, second = module.checks[0], module.checks[1]
    schemes = []
    for _ in range(2):
        box = open_check(page, site_url, module, first)
        page.locator("[data-check-answer]").first.wait_for()
        schemes.append(page.locator("body").get_attribute("data-md-color-scheme"))
        assert serious_violations(page) == [], ("unanswered", schemes[-1])
        choose(box, wrong_option(first))
        choose(open_check(page, site_url, module, second), second.best.id)
        expect(page.locator("[data-check-feedback]").first).not_to_be_empty()
        page.mouse.move(0, 400)  # not hovering the button that took the place of the one pressed
        page.wait_for_timeout(400)
        assert serious_violations(page) == [], ("answered", schemes[-1])
        for check in (first, second):
            page.locator(f"[data-check-id='{module.id}/{check.id}'] [data-check-again]").click()
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        page.mouse.move(0, 400)
    assert {"default", "slate"} <= set(schemes)


@ONE_ENGINE
def test_starting_again_clears_the_answers_and_another_tab_sees_them(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module = checked_module(course)
    check = module.checks[0]
    other = page.context.new_page()
    other_box = open_check(other, site_url, module, check)
    choose(open_check(page, site_url, module, check), check.best.id)

    # The other tab shows the answer given in this one, without a reload.
    expect(other_box.locator("[data-check-feedback]")).to_contain_text("Best response")
    page.goto(f"{site_url}progress/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action='reset']").click()

    box = open_check(page, site_url, module, check)
    expect(box.locator("[data-check-answer]")).to_be_visible()
    expect(box.locator("[data-check-discussion]")).to_be_hidden()
    assert stored(page)["checks"] == {}
    other.close()
