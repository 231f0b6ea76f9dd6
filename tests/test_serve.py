"""The live preview, as an instructor uses it: `curriculum serve` in a real process.

Saving a YAML file rebuilds the page; drafts are shown, marked; a mistake shows on the page and in
the terminal, and fixing it recovers without a restart.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import preview as preview_module
from generator.preview import MOST_PAGES_AT_ONCE, LaterPages

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    def __init__(self, root: Path, *options: str) -> None:
        self.port = free_port()
        self.log = root / "serve.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                "--dev-addr",
                f"127.0.0.1:{self.port}",
                *options,
            ],
            cwd=root,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "GITHUB_ACTIONS": "false"},
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}/{path}", timeout=10
            ) as reply:
                return reply.status, reply.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def wait_for(self, path: str, condition, seconds: float = 60) -> str:
        """The page at ``path`` once ``condition(html)`` holds; fails after ``seconds``."""
        deadline = time.monotonic() + seconds
        body = ""
        while time.monotonic() < deadline:
            try:
                status, body = self.get(path)
                if status == 200 and condition(body):
                    return body
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        pytest.fail(f"/{path} never met the condition; the preview said:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    running = Preview(project)
    yield running
    running.stop()


def test_saving_a_file_updates_the_page(project: Path, preview: Preview) -> None:
    preview.wait_for("modules/beta/", lambda html: ">Beta<" in html)
    module = project / "curriculum" / "modules" / "beta.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title: Beta", "title: Beta, edited")
    )

    preview.wait_for("modules/beta/", lambda html: "Beta, edited" in html)


def test_the_preview_s_sw_js_retires_a_published_site_s_worker(preview: Preview) -> None:
    worker = preview.wait_for("sw.js", lambda text: "unregister" in text)

    assert "registration.unregister()" in worker and "caches.delete" in worker
    assert 'rel="manifest"' not in preview.wait_for("", lambda html: "<h1" in html)


def test_drafts_are_shown_marked_in_the_preview(preview: Preview) -> None:
    page = preview.wait_for("modules/gamma/", lambda html: "Gamma" in html)

    assert "A draft" in page
    home = preview.wait_for("", lambda html: "modules/gamma/" in html)
    assert "Draft" in home


def test_no_drafts_hides_them(project: Path) -> None:
    hidden = Preview(project, "--no-drafts")
    try:
        hidden.wait_for("", lambda html: "modules/alpha/" in html)
        assert "modules/gamma/" not in hidden.get("")[1]
        assert hidden.get("modules/gamma/")[0] == 404
    finally:
        hidden.stop()


def test_a_mistake_shows_on_the_page_and_fixing_it_recovers(
    project: Path, preview: Preview
) -> None:
    preview.wait_for("modules/beta/", lambda html: ">Beta<" in html)
    module = project / "curriculum" / "modules" / "beta.yml"
    good = module.read_text(encoding="utf-8")

    module.write_text(good.replace("format: group", "format: groups"), encoding="utf-8")
    broken = preview.wait_for("modules/alpha/", lambda html: "hx-build-error" in html)
    assert "curriculum/modules/beta.yml:15:13: error: &#x27;format&#x27; must be one of" in broken
    assert "curriculum/modules/beta.yml:15:13: error:" in preview.log.read_text()

    module.write_text(good, encoding="utf-8")
    preview.wait_for("modules/alpha/", lambda html: "hx-build-error" not in html)
    assert preview.process.poll() is None
    assert "Traceback" not in preview.log.read_text()


def module_override(project: Path) -> Path:
    """A template override of the module page that is the built-in page, unchanged."""
    templates = project / "templates"
    templates.mkdir()
    override = templates / "module.md.j2"
    override.write_text('{% extends "builtin/module.md.j2" %}\n', encoding="utf-8")
    return override


def replace_module_page(override: Path, heading: str) -> None:
    """Make the override a page of its own: the heading, then the module's title."""
    override.write_text(
        f"---\n{{{{ GENERATED_MARK }}}}\ntitle: x\n---\n\n# {heading} {{{{ module.title | plain }}}}\n",
        encoding="utf-8",
    )


def test_editing_a_template_override_changes_the_previewed_page(project: Path) -> None:
    """Templates are watched, and nothing rendered with the old template is reused."""
    override = module_override(project)
    running = Preview(project)
    try:
        running.wait_for("modules/alpha/", lambda html: "What you will be able to do" in html)
        replace_module_page(override, "Overridden")

        body = running.wait_for("modules/alpha/", lambda html: "Overridden Alpha" in html)
    finally:
        running.stop()

    assert "What you will be able to do" not in body


def test_a_translation_is_previewed_in_its_language_and_updates_on_save(tmp_path: Path) -> None:
    from .test_languages import two_language_course

    root = two_language_course(tmp_path / "course")
    german = Preview(root, "--language", "de")
    try:
        page = german.wait_for("modules/listening/", lambda html: "Auf Deutsch" in html)
        assert '<html lang="de"' in page
        overlay = root / "curriculum" / "modules" / "listening.de.yml"
        overlay.write_text(
            overlay.read_text(encoding="utf-8").replace(
                '"Auf Deutsch: Listening first"', '"Zuerst zuhören"'
            ),
            encoding="utf-8",
        )
        german.wait_for("modules/listening/", lambda html: "Zuerst zuhören" in html)
    finally:
        german.stop()


def test_a_save_that_changes_many_pages_rebuilds_the_open_page_first_then_the_others(
    project: Path,
) -> None:
    modules = project / "curriculum" / "modules"
    parts = [f"part-{n:02d}" for n in range(1, MOST_PAGES_AT_ONCE + 2)]
    for part in parts:
        shutil.copy(modules / "alpha.yml", modules / f"{part}.yml")
    course = project / "curriculum" / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "  - gamma\n", "  - gamma\n" + "".join(f"  - {part}\n" for part in parts)
        ),
        encoding="utf-8",
    )
    override = module_override(project)
    running = Preview(project)
    try:
        running.wait_for("modules/beta/", lambda html: "What you will be able to do" in html)
        replace_module_page(override, "Reworded")

        running.wait_for("modules/beta/", lambda html: "Reworded" in html, seconds=60)
        for part in parts:  # then every other page, in the rebuild that follows
            running.wait_for(f"modules/{part}/", lambda html: "Reworded" in html, seconds=60)
    finally:
        running.stop()

    log = running.log.read_text()
    assert re.search(
        rf"{len(parts) + 3} pages changed: the page\(s\) open in the browser first, the other "
        rf"{len(parts) + 2} in the next rebuild",
        log,
    ), log
    assert "Traceback" not in log


def test_pages_left_for_later_are_not_marked_changed_while_a_build_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page marked changed between a dirty build's reading of the pages and its rendering of them
    # is rendered unread, and MkDocs stops the rebuild on it (seen with saves in quick succession).
    monkeypatch.setattr(preview_module, "DEFER_SECONDS", 0.05)
    left = tmp_path / "left.md"
    left.write_text("# Left\n", encoding="utf-8")
    os.utime(left, ns=(0, 0))
    later = LaterPages()

    later.leave([left])
    later.build_ends()
    later.build_starts()  # the next build starts before the pages are marked
    time.sleep(0.3)
    assert left.stat().st_mtime_ns == 0, "marked changed while a build ran"

    later.build_ends()  # that build ended (or stopped on an error)
    deadline = time.monotonic() + 5
    while left.stat().st_mtime_ns == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert left.stat().st_mtime_ns > 0, "never marked changed"
