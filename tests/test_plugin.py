"""plugin.py: plain `mkdocs build` and `mkdocs serve` on a course made by `curriculum init`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import run_curriculum
from .test_newcourse import add_module

pytestmark = pytest.mark.build

MKDOCS = [sys.executable, "-m", "mkdocs"]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    assert run_curriculum(tmp_path, "init", "course", "--title", "Listening").returncode == 0
    add_module(folder)
    return folder


def plain_mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in ``root``, as a maintainer runs it."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_plain_mkdocs_build_generates_the_course(course: Path) -> None:
    result = plain_mkdocs_build(course)

    assert result.returncode == 0, result.stderr
    page = (course / "site" / "modules" / "listening-first" / "index.html").read_text()
    assert "Listening first" in page
    assert (course / "site" / "assets" / "learner.js").is_file()
    assert 'http-equiv="Content-Security-Policy"' in page


def test_plain_mkdocs_build_of_a_course_in_two_languages_builds_the_originals_without_a_switcher(
    tmp_path: Path,
) -> None:
    """Only `curriculum build` builds every language: a switcher would lead to pages not built."""
    from .test_languages import two_language_course

    root = two_language_course(tmp_path / "course")
    result = plain_mkdocs_build(root)

    assert result.returncode == 0, result.stderr
    page = (root / "site" / "modules" / "listening" / "index.html").read_text()
    assert '<html lang="en"' in page and "md-select__link" not in page
    assert not (root / "site" / "de").exists()


def test_plain_mkdocs_serve_previews_and_reloads(course: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=course,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )

    def page_holds(text: str) -> bool:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                url = f"http://127.0.0.1:{port}/modules/listening-first/"
                with urllib.request.urlopen(url, timeout=10) as reply:
                    if text in reply.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    try:
        assert page_holds("Listening first")
        module = course / "curriculum" / "modules" / "listening-first.yml"
        module.write_text(module.read_text().replace("Listening first", "Listening, first"))
        assert page_holds("Listening, first")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_preview_looks_for_saved_files_every_fifth_of_a_second(tmp_path: Path) -> None:
    """MkDocs polls every half second; the plugin keeps MkDocs' watches and polls more often."""
    from mkdocs.livereload import LiveReloadServer

    from generator.preview import POLL_SECONDS, poll_often

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    before = server.observer
    poll_often(server)
    assert server.observer is not before
    assert server.observer.timeout == POLL_SECONDS
    assert list(server._watched_paths) == [str(tmp_path)]
    assert [watch.path for watch in server._watch_refs.values()] == [str(tmp_path)]
