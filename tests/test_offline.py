"""The published course offline and installable: its service worker and web app manifest, in a
real Chromium, on both engines' builds served under a sub-path."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.chromium import CHROMIUM_FLAGS, find_chromium
from generator.engines.settings import served
from generator.model import Curriculum
from generator.offline import RETIRING_WORKER

from .browser import SUB_PATH, serve_folder
from .conftest import SITE_COURSE, make_project, run_curriculum
from .test_learner import stored

pytestmark = pytest.mark.build


@pytest.fixture
def online(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context in which the site's service worker may run."""
    context = browser.new_context(service_workers="allow")
    yield context
    context.close()


def visit_once(context: BrowserContext, url: str) -> Page:
    """Open ``url`` and wait until the worker has stored the site and controls the page."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    return page


def test_after_one_visit_every_page_works_offline(
    online: BrowserContext, site_url: str, course: Curriculum
) -> None:
    page = visit_once(online, site_url)
    online.set_offline(True)

    page.reload()
    expect(page.locator("h1").first).to_contain_text(course.course.title)
    for module in course.published[1:]:  # never opened while online
        page.goto(f"{site_url}modules/{module.id}/")
        expect(page.locator("h1").first).to_contain_text(module.title)
    for path, title in (("progress/", "Your progress"), ("journal/", "Your journal")):
        page.goto(site_url + path)
        expect(page.locator("h1").first).to_contain_text(title)
    # Search reads its index through the worker too (MkDocs' search/search_index.json, or
    # Zensical's search.json).
    documents = page.evaluate(
        """() => fetch('../search/search_index.json')
            .catch(() => fetch('../search.json'))
            .then(r => r.json()).then(index => (index.docs || index.items).length)"""
    )
    assert documents > len(course.published)
    # Ticking offline is kept as online.
    page.goto(f"{site_url}modules/{course.published[0].id}/")
    page.locator("input[data-progress-id]").first.check()
    assert stored(page)["progress"]


def test_the_site_is_installable(
    browser: Browser, site_url: str, course: Curriculum, tmp_path: Path
) -> None:
    """Chromium's own installability check (in a profile of its own: incognito never installs)."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=find_chromium(), args=list(CHROMIUM_FLAGS)
    )
    try:
        page = visit_once(context, site_url)
        devtools = context.new_cdp_session(page)
        assert devtools.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = devtools.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert manifest["url"] == f"{site_url}manifest.webmanifest"
        parsed = json.loads(manifest["data"])
        assert parsed["name"] == course.course.title
        assert (parsed["start_url"], parsed["scope"], parsed["display"]) == (
            "./",
            "./",
            "standalone",
        )
        sizes = {icon["sizes"] for icon in parsed["icons"] if icon["type"] == "image/png"}
        assert {"192x192", "512x512"} <= sizes
        for icon in parsed["icons"]:
            response = page.request.get(site_url + icon["src"])
            assert response.ok and response.headers["content-type"] == icon["type"]
    finally:
        context.close()


@pytest.fixture
def republished(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A course of its own, built and served under a sub-path, to publish again."""
    root = make_project(tmp_path / "course", SITE_COURSE)
    www = tmp_path / "www"
    www.mkdir()
    server = serve_folder(www)
    url = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    assert run_curriculum(root, "build", env={"SITE_URL": url}).returncode == 0
    (www / SUB_PATH.strip("/")).symlink_to(root / "site")
    yield root, url
    server.shutdown()


def test_a_republished_site_replaces_the_cache_and_keeps_the_learner_s_data(
    online: BrowserContext, republished: tuple[Path, str]
) -> None:
    root, url = republished
    module = root / "curriculum" / "modules" / "framing.yml"
    page = visit_once(online, f"{url}modules/framing/")
    page.locator("input[data-progress-id]").first.check()
    before = page.evaluate("() => caches.keys()")
    assert len(before) == 1

    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "title: Framing the problem", "title: Framing the question"
        ),
        encoding="utf-8",
    )
    assert run_curriculum(root, "build", env={"SITE_URL": url}).returncode == 0
    page.reload()  # the browser finds the new worker on the next visit

    expect(page.locator(".hx-notice")).to_contain_text("This course has been updated")
    after = page.evaluate("() => caches.keys()")
    assert len(after) == 1 and after != before  # the old cache is gone
    online.set_offline(True)
    page.goto(f"{url}modules/framing/")
    expect(page.locator("h1").first).to_contain_text("Framing the question")
    expect(page.locator("input[data-progress-id]").first).to_be_checked()


def test_the_preview_s_worker_retires_a_published_site_s_on_the_same_address(
    online: BrowserContext, republished: tuple[Path, str]
) -> None:
    """`curriculum serve` answers sw.js with a worker that clears the way (its own test: test_serve)."""
    root, url = republished
    page = visit_once(online, url)
    assert page.evaluate("() => caches.keys()") != []

    (root / "site" / "sw.js").write_bytes(served(RETIRING_WORKER))
    page.reload()  # the browser finds the new sw.js, which unregisters and reloads the page

    page.wait_for_function(
        "() => navigator.serviceWorker.controller === null", timeout=30_000, polling=200
    )
    page.wait_for_function(
        "async () => (await navigator.serviceWorker.getRegistrations()).length === 0"
        " && (await caches.keys()).length === 0",
        timeout=30_000,
        polling=200,
    )


def test_the_preview_and_the_packages_have_no_worker(tmp_path: Path) -> None:
    root = make_project(tmp_path / "course", SITE_COURSE)
    for kind, pattern in (("scorm", "*-scorm12.zip"), ("cc", "*.imscc")):
        assert run_curriculum(root, "export", kind).returncode == 0
        package = zipfile.ZipFile(next((root / "dist").glob(pattern)))
        names = package.namelist()
        assert not [name for name in names if name.endswith(("sw.js", "manifest.webmanifest"))]
        pages = [name for name in names if name.endswith(".html")]
        assert pages and not any(b'rel="manifest"' in package.read(name) for name in pages)
