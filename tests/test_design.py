"""The course's design in a real browser: cards, states, both colour schemes, a phone's width."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from generator.build import load_curriculum
from generator.engines.settings import ASSETS, STYLES
from generator.model import Curriculum
from generator.project import Project

from .conftest import REPO

PAGES = ["", "modules/{first}/", "progress/", "journal/", "sources/"]
ASSETS_BUDGET = 32 * 1024


@pytest.fixture(scope="module")
def course() -> Curriculum:
    return load_curriculum(Project.at(REPO))


def serious_violations(page: Page) -> list[tuple[str, list]]:
    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_home_page_has_a_card_per_module_with_its_progress(
    page: Page, site_url: str, course: Curriculum
) -> None:
    second = course.published[1]
    page.goto(f"{site_url}modules/{second.id}/")
    page.locator("input[data-progress-id]").first.check()
    page.goto(site_url)

    cards = page.locator(".hx-cards > li.hx-card")
    expect(cards).to_have_count(len(course.published))
    for index, module in enumerate(course.published):
        card = cards.nth(index)
        assert card.get_attribute("data-progress-module") == module.id
        assert card.locator("a").first.evaluate("a => a.href") == f"{site_url}modules/{module.id}/"
        expect(card.locator(".hx-card__title a").first).to_have_text(module.title)
    card = cards.nth(1)
    expect(card.locator("[data-progress-count]")).to_have_text(f"1 of {len(second.progress_items)}")
    expect(card.locator("[data-progress-state]")).to_have_text("In progress")
    assert card.locator("progress").evaluate("bar => bar.value") == 1
    expect(cards.nth(0).locator("[data-progress-state]")).to_have_text("Not started")
    expect(page.locator(".hx-hero [data-progress-continue]")).to_have_text(
        "Continue where you left off"
    )


def test_the_navigation_shows_each_module_s_state(
    page: Page, site_url: str, course: Curriculum
) -> None:
    first, second = course.published[0], course.published[1]
    page.goto(f"{site_url}modules/{first.id}/")
    for box in page.locator("input[data-progress-id]").all():
        box.check()
    page.goto(f"{site_url}modules/{second.id}/")
    page.locator("input[data-progress-id]").first.check()

    def state_of(module_id: str):
        return page.locator(
            f".md-nav--primary a.md-nav__link[href$='modules/{module_id}/'] .hx-nav-state"
        )

    expect(state_of(first.id)).to_have_attribute("data-state", "done")
    expect(state_of(second.id)).to_have_attribute("data-state", "in-progress")
    expect(state_of(course.published[2].id)).to_have_attribute("data-state", "not-started")
    expect(state_of(first.id)).to_have_text("(done)")  # read out by screen readers


def test_the_palette_toggle_switches_scheme_and_both_stay_accessible(
    page: Page, site_url: str, course: Curriculum
) -> None:
    page.goto(site_url)
    body = page.locator("body")
    schemes = []
    for path in ("", f"modules/{course.published[0].id}/"):
        page.goto(site_url + path)
        for _ in range(2):
            schemes.append(body.get_attribute("data-md-color-scheme"))
            assert serious_violations(page) == [], (path, schemes[-1])
            page.locator("form[data-md-component='palette'] label:visible").first.click()
            # Move away so that the toggle's tooltip is not measured while it fades in.
            page.mouse.move(0, 400)
            page.wait_for_timeout(400)
    assert {"default", "slate"} <= set(schemes)


@pytest.mark.parametrize("path", PAGES)
def test_at_phone_width_nothing_scrolls_sideways(
    browser: Browser, site_url: str, course: Curriculum, path: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(site_url + path.format(first=course.published[0].id))

    # Nothing wider than the viewport. (Zensical keeps room for a vertical scroll bar, so its page
    # can be narrower than the viewport; it is never wider.)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    violations = serious_violations(page)
    context.close()

    assert widths[0] <= widths[1] == 375
    assert violations == []


def test_at_phone_width_cards_stack_and_targets_are_large(
    browser: Browser, site_url: str, course: Curriculum
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(site_url)
    lefts = {round(box["x"]) for box in (c.bounding_box() for c in page.locator(".hx-card").all())}
    targets = [".hx-card", ".hx-cta"]
    page_targets = {
        f"modules/{course.published[1].id}/": [".hx-checklist label", ".hx-pager a"],
        "progress/": [".hx-actions .md-button"],
    }
    small = [t for t in targets if min(_heights(page, t)) < 44]
    for path, selectors in page_targets.items():
        page.goto(site_url + path)
        small += [s for s in selectors if min(_heights(page, s)) < 44]
    context.close()

    assert len(lefts) == 1, "the cards do not stack in one column"
    assert small == []


def _heights(page: Page, selector: str) -> list[float]:
    boxes = [element.bounding_box() for element in page.locator(selector).all()]
    assert boxes, selector
    return [box["height"] for box in boxes if box]


def test_our_own_css_and_javascript_stay_within_budget() -> None:
    assets = [*ASSETS.values(), *STYLES.values()]
    assert sum(path.stat().st_size for path in assets) <= ASSETS_BUDGET
