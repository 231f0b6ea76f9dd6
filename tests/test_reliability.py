"""Builds that lose nothing, and input that never breaks the validator: real processes, real kills."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.problems import ContentError
from generator.project import Project

from .conftest import SITE_COURSE, make_project, run_curriculum, tree_snapshot
from .marks import require_build_mark

WAITING = "curriculum: another build of this course is running; waiting for it\n"


def start_build(root: Path) -> subprocess.Popen[str]:
    require_build_mark("`curriculum build`")
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "false"},
        start_new_session=True,  # its own process group: the build and its engine's workers
    )


def living_processes_of_group(group: int) -> list[int]:
    """The processes of a process group that still run (not zombies waiting to be reaped), on Linux."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            living.append(int(stat.parent.name))
    return living


def assert_the_group_ends(group: int, within: float = 10) -> None:
    if not sys.platform.startswith("linux"):
        return
    deadline = time.monotonic() + within
    while (living := living_processes_of_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not living, f"processes of the killed build still run: {living}"


@pytest.mark.build
def test_a_build_killed_at_any_moment_leaves_a_complete_site(project: Path) -> None:
    assert run_curriculum(project, "build").returncode == 0
    old = tree_snapshot(project / "site")
    module = project / "curriculum" / "modules" / "beta.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("title: Beta", "title: Beta two"))
    started = time.monotonic()
    assert run_curriculum(project, "build").returncode == 0
    duration = time.monotonic() - started
    new = tree_snapshot(project / "site")
    assert new != old

    outcomes = set()
    for step in range(12):
        # Alternate the edit so that every build has something to change, and kill it part-way.
        text = module.read_text(encoding="utf-8")
        previous = tree_snapshot(project / "site")
        module.write_text(
            text.replace("Beta two", "Beta three")
            if "two" in text
            else text.replace("Beta three", "Beta two")
        )
        build = start_build(project)
        time.sleep(duration * step / 11)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        assert_the_group_ends(build.pid)  # its engine's workers end with it

        site = tree_snapshot(project / "site")
        assert set(site) == set(previous), f"kill {step}: the site lost or gained files"
        if site == previous:
            outcomes.add("old")
        else:
            page = site["modules/beta/index.html"].decode("utf-8")
            assert ("Beta three" if "two" in text else "Beta two") in page, f"kill {step}"
            outcomes.add("new")
    assert "old" in outcomes  # killed early: the last good site stayed exactly as it was
    # And the next build repairs whatever a kill left behind.
    assert run_curriculum(project, "build").returncode == 0
    assert not list(project.glob(".site-new-*")) and not list(project.glob(".site-old-*"))


@pytest.mark.build
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_s_translation_worker_ends_with_it(tmp_path: Path) -> None:
    from .test_languages import two_language_course

    root = two_language_course(tmp_path / "course")
    build = start_build(root)
    deadline = time.monotonic() + 60
    # Killed once the translation's worker runs beside it.
    while len(living_processes_of_group(build.pid)) < 2 and build.poll() is None:
        assert time.monotonic() < deadline, "no worker process was started"
        time.sleep(0.02)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)

    assert_the_group_ends(build.pid)


@pytest.mark.build
def test_two_builds_at_once_take_turns(project: Path) -> None:
    builds = [start_build(project), start_build(project)]

    with ThreadPoolExecutor() as pool:
        ended = list(pool.map(outcome, builds))

    assert [build.returncode for build in builds] == [0, 0], ended
    # The one that found the lock taken said so and waited: it ended after the other.
    waited = [index for index, (stderr, _) in enumerate(ended) if WAITING in stderr]
    assert len(waited) == 1, f"not exactly one build waited for the other: {ended}"
    waiter, other = waited[0], 1 - waited[0]
    assert ended[waiter][1] > ended[other][1]
    assert (project / "site" / "modules" / "alpha" / "index.html").is_file()
    assert not list(project.glob(".site-new-*"))


def outcome(build: subprocess.Popen[str]) -> tuple[str, float]:
    """What the build wrote on stderr, and when it ended."""
    _, stderr = build.communicate(timeout=300)
    return stderr, time.monotonic()


MUTATIONS = ("delete", "duplicate", "indent", "dedent", "tab", "truncate", "swap")


def mutate(text: str, generator: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(generator.randint(1, 3)):
        index = generator.randrange(len(lines))
        kind = generator.choice(MUTATIONS)
        line = lines[index]
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "indent":
            lines[index] = "  " + line
        elif kind == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line.lstrip()
        elif kind == "tab":
            lines[index] = "\t" + line.lstrip(" ")
        elif kind == "truncate":
            lines[index] = line[: generator.randrange(len(line) + 1)]
        elif kind == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], line
        if not lines:
            break
    return "".join(lines)


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def test_a_fuzz_corpus_of_mutated_modules_never_crashes_or_hangs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "course", SITE_COURSE)
    modules = sorted((SITE_COURSE / "modules").glob("*.yml"))
    generator = random.Random(20261129)  # the same corpus every run
    outcomes = {"valid": 0, "problems": 0}
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for index in range(400):
            original = generator.choice(modules)
            target = root / "curriculum" / "modules" / original.name
            target.write_text(
                mutate(original.read_text(encoding="utf-8"), generator), encoding="utf-8"
            )
            signal.alarm(10)
            try:
                load_curriculum(Project.at(root))
                outcomes["valid"] += 1
            except ContentError as error:
                outcomes["problems"] += 1
                assert error.problems, f"mutant {index}: no problem reported"
                for problem in error.problems:
                    assert problem.location.line >= 1 and problem.location.path, problem
            except _Hang:
                pytest.fail(f"mutant {index} of {original.name} hung")
            finally:
                signal.alarm(0)
            target.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert outcomes["problems"] > 100 and outcomes["valid"] > 10, outcomes


def test_mutants_through_the_real_command_exit_0_or_1(tmp_path: Path) -> None:
    root = make_project(tmp_path / "course", SITE_COURSE)
    generator = random.Random(7)
    for original in sorted((SITE_COURSE / "modules").glob("*.yml")):
        mutant = mutate(original.read_text(encoding="utf-8"), generator)
        (root / "curriculum" / "modules" / original.name).write_text(mutant, encoding="utf-8")
    result = run_curriculum(root, "validate")
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
