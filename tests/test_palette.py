"""A course's own colours: theme.palette in mkdocs.yml colours the engine's components (course.css).

The fixture course is built with Material's indigo and deep orange rather than this course's teal
(the `custom` palette), with each engine, served, and looked at in Chromium in both schemes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .browser import serious_violations, serve_folder
from .conftest import make_project, run_curriculum
from .pixels import RGB, colours_at, hex_rgb, near

# Material's (and Zensical's) indigo and deep orange: --md-primary-fg-color, its --light variant,
# and --md-accent-fg-color, as their palette.css sets them.
INDIGO = "#4051b5"
INDIGO_LIGHT = "#5d6cc0"
DEEP_ORANGE = "#ff6e42"
# This course's `custom` palette in course.css, light and dark.
TEAL = {"#0e5e5a", "#3c8a85", "#114845", "#2b7a75", "#a8421a", "#ffa06f"}
SCHEMES = {"light": "default", "dark": "slate"}

pytestmark = pytest.mark.build

# Each component's colour as the browser computed it, as #rrggbb.
COMPONENT_COLOURS = """() => {
  const hex = colour => "#" + colour.match(/[\\d.]+/g).slice(0, 3)
    .map(n => Math.round(+n).toString(16).padStart(2, "0")).join("");
  const style = (selector, pseudo) => getComputedStyle(document.querySelector(selector), pseudo);
  return {
    "step number": hex(style(".hx-steps li", "::before").backgroundColor),
    "checkbox": hex(style(".hx-checklist input").accentColor),
    "exercise card": hex(style(".hx-exercise").borderTopColor),
    "objective": hex(style(".hx-objectives li", "::before").backgroundColor),
    "quote": hex(style(".hx-quote").borderLeftColor),
  };
}"""


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def indigo_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The fixture course with `primary: indigo` and `accent: deep orange`, built and served."""
    www = tmp_path_factory.mktemp("www")
    server = serve_folder(www)
    url = f"http://127.0.0.1:{server.server_address[1]}/course/"
    root = make_project(tmp_path_factory.mktemp(request.param) / "course")
    config = root / "mkdocs.yml"
    text, primaries = re.subn(
        r"(?m)^(\s+primary:).*$", r"\1 indigo", config.read_text(encoding="utf-8")
    )
    text, accents = re.subn(r"(?m)^(\s+accent:).*$", r"\1 deep orange", text)
    assert primaries == accents == 2, "a palette for each scheme"
    config.write_text(text, encoding="utf-8")
    result = run_curriculum(root, "build", "--engine", request.param, env={"SITE_URL": url})
    assert result.returncode == 0, result.stderr
    (www / "course").symlink_to(root / "site")
    yield url
    server.shutdown()


def bar_colours(browser: Browser, page: Page, selector: str) -> tuple[RGB, RGB]:
    """The colours a progress bar's fill and track are drawn in (its value is 1 of its max)."""
    bar = page.locator(selector).first
    width, height, maximum = bar.evaluate("b => [b.clientWidth, b.clientHeight, b.max]")
    assert bar.evaluate("b => b.value") == 1
    fill, track = colours_at(
        browser,
        bar.screenshot(),
        [(int(width / maximum / 2), height // 2), (width - 6, height // 2)],
    )
    return fill, track


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_module_s_components_take_the_palette_of_mkdocs_yml(
    browser: Browser, page: Page, indigo_site: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # mkdocs.yml picks the scheme by the system's
    page.goto(f"{indigo_site}modules/alpha/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    expect(body).to_have_attribute("data-md-color-primary", "indigo")
    expect(body).to_have_attribute("data-md-color-accent", "deep-orange")
    page.locator("input[data-progress-id]").first.check()

    colours = page.evaluate(COMPONENT_COLOURS)
    fill, track = bar_colours(browser, page, "[data-module-progress] progress")

    assert colours == {
        "step number": INDIGO,
        "checkbox": INDIGO,
        "exercise card": INDIGO_LIGHT,
        "objective": INDIGO_LIGHT,
        "quote": DEEP_ORANGE,
    }
    assert near(fill, hex_rgb(INDIGO_LIGHT)), fill
    assert not any(near(fill, hex_rgb(teal)) for teal in TEAL)
    assert not near(track, fill)
    assert serious_violations(page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_home_page_s_cards_take_the_palette_of_mkdocs_yml(
    browser: Browser, page: Page, indigo_site: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{indigo_site}modules/alpha/")
    page.locator("input[data-progress-id]").first.check()
    page.goto(indigo_site)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    card = page.locator(".hx-card").first

    fill, _ = bar_colours(browser, page, ".hx-card progress")
    card.hover()
    border = card.evaluate(
        "card => getComputedStyle(card).borderTopColor.match(/\\d+/g).slice(0, 3).map(Number)"
    )
    page.mouse.move(0, 0)

    assert near(fill, hex_rgb(INDIGO_LIGHT)), fill
    assert near(tuple(border), hex_rgb(INDIGO_LIGHT)), border
    assert serious_violations(page) == []
