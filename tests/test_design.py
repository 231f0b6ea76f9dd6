"""The course's design in a real browser: cards, states, both colour schemes, a phone's width,
forced colours, and what the engine's own files weigh on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.engines.settings import ASSETS, STYLES, served
from generator.i18n import interface_languages
from generator.model import Curriculum

from .browser import serious_violations
from .pixels import colours_at, css_rgb, near

PAGES = ["", "modules/{first}/", "progress/", "journal/", "sources/"]
# The engine's own files each page loads (a module page only these), and what they may weigh
# together, uncompressed.
EVERY_PAGE = frozenset({"assets/learner.js", "assets/course.css"})
OVERVIEW_PAGE = EVERY_PAGE | {"assets/learner-pages.js"}  # the home page, dashboard, journal
CHECKS_PAGE = EVERY_PAGE | {"assets/learner-checks.js"}  # a module page with checks
JOURNAL_PAGE = OVERVIEW_PAGE | {"assets/learner-calendar.js"}  # the journal, with its calendar
COHORT_PAGE = EVERY_PAGE | {"assets/learner-cohort.js"}  # the facilitator's cohort view
CERTIFICATE_PAGE = EVERY_PAGE | {"assets/learner-certificate.js"}  # the certificate
# What the engine's own CSS and JavaScript may weigh, uncompressed, on each kind of page.
EVERY_PAGE_BUDGET = 32 * 1024
CHECKS_PAGE_BUDGET = 40 * 1024
OVERVIEW_PAGE_BUDGET = 44 * 1024
JOURNAL_PAGE_BUDGET = 52 * 1024
COHORT_PAGE_BUDGET = 48 * 1024


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
    # The glyph is drawn, and left out of what a screen reader reads: the link says its state once.
    glyph = state_of(first.id).evaluate("mark => getComputedStyle(mark, '::before').content")
    assert glyph == '"✓" / ""'
    link = page.locator(f".md-nav--primary a.md-nav__link[href$='modules/{second.id}/']").first
    expect(link).to_have_accessible_name(f"{second.title} (in progress)")
    page.goto(f"{site_url}progress/")
    done = page.locator(f"[data-progress-module='{first.id}'] td").nth(1)
    expect(done).to_have_accessible_name(
        f"{len(first.progress_items)} of {len(first.progress_items)}"
    )


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


def test_in_forced_colours_bars_and_cards_stay_visible(
    browser: Browser, page: Page, site_url: str, course: Curriculum
) -> None:
    """Windows' contrast themes replace the page's colours: bars keep a border and a fill."""
    module = course.published[0]
    page.emulate_media(forced_colors="active")
    page.goto(f"{site_url}modules/{module.id}/")
    page.locator("input[data-progress-id]").first.check()
    bar = page.locator("[data-module-progress] progress")
    width, height = bar.evaluate("bar => [bar.clientWidth, bar.clientHeight]")
    fill, track = colours_at(
        browser,
        bar.screenshot(),
        [(int(width / len(module.progress_items) / 2), height // 2), (width - 6, height // 2)],
    )
    bar_style = bar.evaluate(BORDER_AND_BACKGROUND)
    module_violations = serious_violations(page)
    page.goto(site_url)
    cards = [card.evaluate(BORDER_AND_BACKGROUND) for card in page.locator(".hx-card").all()]

    assert not near(fill, track), "the bar's fill is not drawn"
    assert near(track, css_rgb(bar_style["background"])), track
    for style in [bar_style, *cards]:
        assert style["border"] == "solid" and style["width"] >= 1, style
        assert not near(css_rgb(style["colour"]), css_rgb(style["background"])), style
    assert module_violations == []
    assert serious_violations(page) == []


BORDER_AND_BACKGROUND = """element => {
  const style = getComputedStyle(element);
  return { border: style.borderTopStyle, width: parseFloat(style.borderTopWidth),
           colour: style.borderTopColor, background: style.backgroundColor };
}"""


def weight(files: frozenset[str], language: str) -> int:
    """What the engine's files of these site paths weigh as the site in ``language`` serves them.

    A translation's scripts carry their words (i18n.py): the budgets hold in every language.
    """
    sources = {**ASSETS, **STYLES}
    return sum(len(served(sources[path], language)) for path in files)


@pytest.fixture(params=interface_languages())
def language(request: pytest.FixtureRequest) -> str:
    return request.param


def test_a_module_page_s_own_css_and_javascript_stay_within_budget(language: str) -> None:
    assert weight(EVERY_PAGE, language) <= EVERY_PAGE_BUDGET
    assert weight(CHECKS_PAGE, language) <= CHECKS_PAGE_BUDGET


def test_the_overview_pages_own_css_and_javascript_stay_within_budget(language: str) -> None:
    assert weight(OVERVIEW_PAGE, language) <= OVERVIEW_PAGE_BUDGET


def test_the_cohort_view_s_own_css_and_javascript_stay_within_budget(language: str) -> None:
    assert weight(COHORT_PAGE, language) <= COHORT_PAGE_BUDGET
    assert weight(CERTIFICATE_PAGE, language) <= OVERVIEW_PAGE_BUDGET


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("modules/{first}/", CHECKS_PAGE),
        ("modules/{plain}/", EVERY_PAGE),
        ("sources/", EVERY_PAGE),
        ("", OVERVIEW_PAGE),
        ("progress/", OVERVIEW_PAGE),
        ("journal/", JOURNAL_PAGE),
        ("facilitator/cohort/", COHORT_PAGE),
        ("certificate/", CERTIFICATE_PAGE),
    ],
)
def test_each_page_loads_only_the_engine_files_it_uses(
    page: Page, site_url: str, course: Curriculum, path: str, expected: frozenset[str]
) -> None:
    """What the budgets above weigh is what the pages load."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    plain = next(module.id for module in course.published if not module.checks)
    page.goto(site_url + path.format(first=course.published[0].id, plain=plain))
    page.wait_for_load_state("networkidle")

    own = {url.removeprefix(site_url) for url in requested} & {*ASSETS, *STYLES}
    assert own == expected


def test_the_journal_s_own_css_and_javascript_stay_within_budget(language: str) -> None:
    assert weight(JOURNAL_PAGE, language) <= JOURNAL_PAGE_BUDGET
