"""Finding the headless Chromium that the browser tests, the screenshots and exports drive."""

from __future__ import annotations

import os
import shutil

# Without these, Chromium reaches out to Google's services at start-up; sandboxing needs a user
# namespace that containers (and CI runners as root) often lack.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """The browser to drive: $CURRICULUM_BROWSER, or Chromium or Chrome on the PATH.

    None means none was found: Playwright then tries the browser it downloads itself.
    """
    if os.environ.get("CURRICULUM_BROWSER"):
        return os.environ["CURRICULUM_BROWSER"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None
