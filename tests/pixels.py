"""Colours as the browser drew them: the pixels of a screenshot, read back by Chromium itself.

What CSS cannot report (the fill of a ``<progress>`` bar is a vendor pseudo-element, which
getComputedStyle does not reach) is measured where it ends up: on the screen.
"""

from __future__ import annotations

import base64

from playwright.sync_api import Browser

RGB = tuple[int, int, int]


def colours_at(browser: Browser, png: bytes, points: list[tuple[int, int]]) -> list[RGB]:
    """The colour of each (x, y) pixel of a PNG screenshot, in CSS pixels of a 1x screen."""
    reader = browser.new_page()
    try:
        colours = reader.evaluate(
            """async ([data, points]) => {
              const image = new Image();
              image.src = "data:image/png;base64," + data;
              await image.decode();
              const canvas = document.createElement("canvas");
              [canvas.width, canvas.height] = [image.width, image.height];
              const context = canvas.getContext("2d", { colorSpace: "srgb" });
              context.drawImage(image, 0, 0);
              return points.map(([x, y]) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3)));
            }""",
            [base64.b64encode(png).decode("ascii"), points],
        )
    finally:
        reader.close()
    return [(r, g, b) for r, g, b in colours]


def hex_rgb(colour: str) -> RGB:
    """``#rrggbb`` as (r, g, b)."""
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def css_rgb(colour: str) -> RGB:
    """A computed CSS colour (``rgb(r, g, b)`` or ``rgba(…)``) as (r, g, b)."""
    r, g, b = (int(float(part)) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return (r, g, b)


def near(first: RGB, second: RGB, tolerance: int = 2) -> bool:
    """Whether two colours are the same but for rounding."""
    return all(abs(a - b) <= tolerance for a, b in zip(first, second, strict=True))
