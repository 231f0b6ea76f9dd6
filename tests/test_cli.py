"""cli.py: the real command, as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import run_curriculum


def test_validate_a_clean_course(project: Path) -> None:
    result = run_curriculum(project, "validate")

    assert result.returncode == 0
    assert result.stdout == (
        "curriculum: 3 modules (2 published, 55 min), 1 quote verified against their sources: "
        "no problems\n"
    )
    assert result.stderr == (
        "curriculum/sources.yml:10:5: note: quotes from 'book' are not verified: "
        "sources.yml gives it no local_copy\n"
    )


def test_bad_content_exits_1_with_places_and_no_traceback(project: Path) -> None:
    module = project / "curriculum" / "modules" / "beta.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("minutes: 15", "minutes: soon"))
    (project / "curriculum" / "modules" / "delta.yml").write_bytes(b"title: \xff\n")

    result = run_curriculum(project, "build")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "curriculum/course.yml:11:5: error: module 'delta' (curriculum/modules/delta.yml) is not "
        "in the learning path",
        "curriculum/course.yml:11:5: note: add the line '- delta' to the modules: list in "
        "curriculum/course.yml",
        "curriculum/modules/beta.yml:14:14: error: 'minutes' must be a whole number, not text",
        "curriculum/modules/delta.yml:1:8: error: the file is not UTF-8 text: byte 0xff cannot be decoded",
        "curriculum/modules/delta.yml:1:8: note: save the file with UTF-8 encoding",
        "curriculum: 3 error(s) in the curriculum",
    ]
    assert not (project / "site").exists()


def test_problems_become_github_annotations_on_github(project: Path) -> None:
    module = project / "curriculum" / "modules" / "beta.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("format: group", "format: groups"))
    environment = {**os.environ, "GITHUB_ACTIONS": "true"}

    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=curriculum/modules/beta.yml,line=15,col=13::'format' must be one of solo, "
        "pair, group, not 'groups' (did you mean 'group'?)"
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_curriculum(tmp_path, "validate").returncode == 2  # no curriculum/ here
    assert run_curriculum(tmp_path, "frobnicate").returncode == 2
    result = run_curriculum(tmp_path, "build", "--engine", "nonesuch")
    assert result.returncode == 2
    assert "invalid choice: 'nonesuch'" in result.stderr


def test_generate_reports_what_it_changed(project: Path) -> None:
    first = run_curriculum(project, "generate")
    second = run_curriculum(project, "generate")

    assert first.stdout == "curriculum: wrote 11 page(s), removed 0, 0 unchanged, in content/\n"
    assert second.stdout == "curriculum: wrote 0 page(s), removed 0, 11 unchanged, in content/\n"


# Runs one command in-process, then prints its exit code, how many template files it opened and
# which site engine modules it imported.
PROBE = """
import json, sys
templates = []
sys.addaudithook(
    lambda event, args: event == "open" and str(args[0]).endswith(".j2") and templates.append(1)
)
from generator.cli import main
code = main([sys.argv[1]])
engines = ("mkdocs.commands", "mkdocs.structure", "material.plugins", "zensical", "generator.engines.")
print(json.dumps([code, len(templates), sorted(m for m in sys.modules if m.startswith(engines))]))
"""


def probe(project: Path, command: str) -> list:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_validate_loads_no_templates_and_no_site_engine(project: Path) -> None:
    """It renders Markdown to judge it, with MkDocs' reading of mkdocs.yml, and builds nothing."""
    code, templates, engines = probe(project, "validate")

    assert (code, templates, engines) == (0, 0, [])
    code, templates, _ = probe(project, "generate")
    assert code == 0 and templates > 0  # the probe does see the templates being read
