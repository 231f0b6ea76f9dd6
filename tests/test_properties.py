"""Property-based tests (Hypothesis): any input gives a model or located errors, never a crash;
any valid module renders and builds, and its plain text appears literally in the page."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load_curriculum
from generator.problems import ContentError
from generator.project import Project

from .conftest import make_project, run_curriculum

FOLDER = Path(tempfile.mkdtemp(prefix="properties-"))
ROOT = make_project(FOLDER / "course")
MODULE = ROOT / "curriculum" / "modules" / "beta.yml"
SHOWN = "curriculum/modules/beta.yml"


def outcome_of(data: bytes) -> None:
    MODULE.write_bytes(data)
    try:
        load_curriculum(Project.at(ROOT))
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.location.line >= 1 and problem.location.column >= 1
            assert problem.location.path.startswith("curriculum/"), problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_model_or_located_errors(text: str) -> None:
    outcome_of(text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=150, deadline=None)
@given(st.binary())
def test_any_bytes_give_a_model_or_located_errors(data: bytes) -> None:
    outcome_of(data)


# Printable text, as instructors type it: letters, digits, punctuation and symbols, Markdown and
# HTML syntax included; no control or invisible formatting characters (the latter are refused).
PLAIN = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip())
SLUG = st.from_regex(r"\A[a-z][a-z0-9]{0,6}\Z")


@st.composite
def modules(draw: st.DrawFn) -> dict:
    ids = draw(st.lists(SLUG, min_size=3, max_size=3, unique=True))
    return {
        "title": draw(PLAIN),
        "summary": "A module.",
        "objectives": [{"id": ids[0], "text": draw(PLAIN)}],
        "exercises": [
            {
                "id": ids[1],
                "title": draw(PLAIN),
                "minutes": draw(st.integers(1, 300)),
                "format": draw(st.sampled_from(["solo", "pair", "group"])),
                "objectives": [ids[0]],
                "instructions": "Do it.",
                "steps": draw(st.lists(PLAIN, min_size=1, max_size=3)),
                "produces": draw(PLAIN),
            }
        ],
        "reflection_prompts": [{"id": ids[2], "prompt": draw(PLAIN)}],
        "takeaways": draw(st.lists(PLAIN, min_size=1, max_size=2)),
        "further_reading": [{"title": draw(PLAIN), "author": draw(PLAIN), "year": 2000}],
    }


def plain_fields(module: dict) -> list[str]:
    exercise = module["exercises"][0]
    return [
        module["title"], module["objectives"][0]["text"], exercise["title"], *exercise["steps"],
        exercise["produces"], module["reflection_prompts"][0]["prompt"], *module["takeaways"],
        module["further_reading"][0]["title"], module["further_reading"][0]["author"],
    ]  # fmt: skip


@pytest.mark.build
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(modules())
def test_any_valid_module_builds_and_shows_its_plain_text_literally(module: dict) -> None:
    MODULE.write_text(yaml.safe_dump(module, allow_unicode=True), encoding="utf-8")

    result = run_curriculum(ROOT, "build")

    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (ROOT / "site" / "modules" / "beta" / "index.html").read_text("utf-8"), "html.parser"
    )
    content = page.select_one("article.md-content__inner")
    for link in content.select("a.headerlink"):
        link.decompose()
    shown = " ".join(content.get_text(" ").split())
    for text in plain_fields(module):
        assert " ".join(text.split()) in shown, text
