"""Screenshots of the built course for the README: `make screenshots`.

Builds the shipped course into a temporary folder, serves it on 127.0.0.1 and photographs the home
page, a module page and the dashboard in light and dark, and at a phone's width, with a little
progress ticked so that the cards and the navigation show it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.chromium import CHROMIUM_FLAGS, find_chromium

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "screenshots"
MODULE = "prioritisation"
SHOTS = [  # name, path, colour scheme, viewport
    ("home-light", "", "light", (1280, 860)),
    ("home-dark", "", "dark", (1280, 860)),
    ("module-light", f"modules/{MODULE}/", "light", (1280, 860)),
    ("module-dark", f"modules/{MODULE}/", "dark", (1280, 860)),
    ("dashboard-light", "progress/", "light", (1280, 860)),
    ("home-phone", "", "light", (375, 760)),
    ("module-phone", f"modules/{MODULE}/", "dark", (375, 760)),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    """Build, serve and photograph the course."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "course"
        shutil.copytree(
            REPO,
            root,
            ignore=shutil.ignore_patterns(".git", ".venv", "site", ".site-*", "screenshots"),
        )
        server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "site"))
        )
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        subprocess.run(
            [sys.executable, "-m", "generator", "build"],
            cwd=root,
            check=True,
            env={**os.environ, "SITE_URL": url},
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        OUT.mkdir(exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=list(CHROMIUM_FLAGS)
            )
            for name, path, scheme, (width, height) in SHOTS:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                page.goto(f"{url}modules/{MODULE}/")
                for index in range(3):
                    page.locator("input[data-progress-id]").nth(index).check()
                page.goto(f"{url}modules/orientation/")
                page.locator("input[data-progress-id]").nth(0).check()
                page.goto(url + path)
                if name.startswith("home") and width > 1000:
                    page.mouse.wheel(0, 420)
                page.wait_for_timeout(300)
                page.screenshot(path=OUT / f"{name}.png")
                context.close()
                print(f"wrote screenshots/{name}.png")
            browser.close()
        server.shutdown()
        # A page of the printed workbook.
        subprocess.run([sys.executable, "-m", "generator", "export", "pdf"], cwd=root, check=True)
        [workbook] = (root / "dist").glob("*-workbook.pdf")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "3",
                "-l",
                "3",
                "-singlefile",
                str(workbook),
                str(OUT / "workbook-page"),
            ],
            check=True,
        )
        print("wrote screenshots/workbook-page.png")


if __name__ == "__main__":
    main()
