"""alignment.py: gaps between objectives and exercises are warnings at their lines; --strict fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import run_curriculum


def unalign(project: Path) -> None:
    """Beta gets an objective no exercise practises, and an exercise that names no objective."""
    module = project / "curriculum" / "modules" / "beta.yml"
    text = module.read_text(encoding="utf-8")
    text = text.replace(
        "    text: Critique a plan.\n",
        "    text: Critique a plan.\n  - id: defend\n    text: Defend a plan.\n",
    )
    text = text.replace(
        "reflection_prompts:",
        "  - id: extra\n    title: Extra\n    minutes: 5\n    format: solo\n    instructions: Do it.\n"
        "reflection_prompts:",
    )
    module.write_text(text, encoding="utf-8")


def test_gaps_are_warnings_at_their_lines(project: Path) -> None:
    unalign(project)

    result = run_curriculum(project, "validate")

    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        "curriculum/modules/beta.yml:7:9: warning: objective 'defend' is practised by no exercise "
        "and assessed by no check",
        "curriculum/modules/beta.yml:21:9: warning: exercise 'extra' names no objective",
    ]


def test_strict_turns_warnings_into_errors(project: Path) -> None:
    unalign(project)

    result = run_curriculum(project, "build", "--strict")

    assert result.returncode == 1
    assert (
        "curriculum/modules/beta.yml:7:9: error: objective 'defend' is practised by no exercise "
        "and assessed by no check" in result.stderr
    )
    assert result.stderr.splitlines()[-1] == "curriculum: 2 error(s) in the curriculum"
    assert not (project / "site").exists()


def test_warnings_become_github_annotations(project: Path) -> None:
    unalign(project)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )

    assert (
        "::warning file=curriculum/modules/beta.yml,line=7,col=9::objective 'defend' is practised by no exercise"
        in result.stdout
    )


def test_report_shows_the_matrix_and_the_time_budget(project: Path) -> None:
    unalign(project)

    result = run_curriculum(project, "report")

    assert result.returncode == 0
    assert "beta: Beta (20 min)" in result.stdout
    assert "  objective  E1  E2  C1\n" in result.stdout
    assert "  critique   x   .   x\n" in result.stdout  # practised by E1, assessed by C1
    assert (
        "  defend     .   .   .   <- practised by no exercise and assessed by no check"
        in result.stdout
    )
    assert "  E2    5 min  solo   Extra   <- serves no objective" in result.stdout
    assert "  C1   check        What do you do <first>?\n" in result.stdout
    assert "  time: 20 min (solo 5 min, group 15 min)" in result.stdout
