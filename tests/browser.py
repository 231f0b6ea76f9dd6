"""Real-browser fixtures: the built course served under a sub-path, and headless Chromium.

The browser is found through $CURRICULUM_BROWSER, then `chromium` or `google-chrome` on the PATH,
then Playwright's own download. Without one the browser tests skip, except under CI=true, where a
missing browser fails them.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Error, Page, sync_playwright

from generator.chromium import CHROMIUM_FLAGS, find_chromium

from .conftest import SITE_COURSE, make_project, run_curriculum

SUB_PATH = "/a-course/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # A browser closed (or taken offline) mid-response hangs up: not the site's fault.
        try:
            super().handle()
        except ConnectionError:
            pass


def serve_folder(folder: Path) -> ThreadingHTTPServer:
    """Serve ``folder`` on a free port of 127.0.0.1 until the server's shutdown()."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# For a test of what the learner's script does with the learner's data whose outcome does not
# depend on the theme (what an import, a date, a file or a stored state is read as; what is
# counted, scored, kept and refused): on MkDocs' site only (benchmarks/RESULTS.md: the suite's
# time). Each module's tests of the theme's part run on both engines: the controls bound on its
# pages, instant navigation, the keyboard, accessibility, printing, the palette, phone widths.
ONE_ENGINE = pytest.mark.parametrize("site_url", ["mkdocs"], indirect=True)


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def site_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The shipped course, built with SITE_URL set to where it is served: a sub-path of 127.0.0.1.

    Every test that uses it runs on the site of each engine.
    """
    engine = request.param
    www = tmp_path_factory.mktemp(f"www-{engine}")
    server = serve_folder(www)
    url = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    root = make_project(tmp_path_factory.mktemp(engine) / "course", SITE_COURSE)
    result = run_curriculum(root, "build", "--engine", engine, env={"SITE_URL": url})
    assert result.returncode == 0, result.stderr
    (www / SUB_PATH.strip("/")).symlink_to(root / "site")
    yield url
    server.shutdown()


def serious_violations(page: Page) -> list[tuple[str, list]]:
    """What axe-core finds on the page that is serious or critical: each rule and where."""
    results = Axe().run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        executable = find_chromium()
        try:
            launched = playwright.chromium.launch(
                executable_path=executable, args=list(CHROMIUM_FLAGS)
            )
        except Error as error:
            reason = f"no browser to drive ({error.message.splitlines()[0]})"
            if os.environ.get("CI") == "true":
                pytest.fail(f"{reason}: CI must run the browser tests")
            pytest.skip(reason)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser context (empty storage) that fails the test on any script error.

    The site's service worker is blocked here, so that no test pays for (or depends on) its
    caching of the whole site; tests/test_offline.py lets it run.
    """
    context = browser.new_context(accept_downloads=True, service_workers="block")
    opened = context.new_page()
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    opened.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield opened
    context.close()
    assert errors == [], f"script errors on the page: {errors}"
