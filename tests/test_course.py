"""The shipped course meets the content rubric's machine-checkable criteria (shared/CONTENT-RUBRIC.md).

A later edit that drops an exercise, leaves an objective unpractised or changes a word inside a
quote fails here, before it is published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.model import Curriculum, Module
from generator.project import Project
from generator.quotes import _passage_spans, normalise, quoted_share

from .conftest import REPO, make_project, run_curriculum

pytestmark = pytest.mark.course

# Verbs a person could watch you do (revised Bloom), and those the rubric rules out.
OBSERVABLE_VERBS = {
    "analyse", "build", "classify", "compare", "construct", "critique", "design", "diagnose",
    "distinguish", "draft", "evaluate", "facilitate", "generate", "justify", "paraphrase", "place",
    "prioritise", "propose", "rank", "rate", "revise", "rewrite", "sort", "specify",
}  # fmt: skip
VAGUE_VERBS = {
    "understand",
    "know",
    "learn",
    "appreciate",
    "be",
    "demonstrate",
    "realise",
    "explore",
}
# This repository's source copy lies outside it, in ../shared/; a fork has no such folder.
SHARED_SOURCES = REPO.parent / "shared" / "source"
NOT_IMPERATIVE = {"you", "we", "i", "the", "a", "an", "this", "it", "they", "your", "learners"}


@pytest.fixture(scope="module")
def course() -> Curriculum:
    return load_curriculum(Project.at(REPO))


def modules(course: Curriculum) -> list[Module]:
    return list(course.published)


def test_at_least_seven_modules(course: Curriculum) -> None:
    assert len(course.published) >= 7


def test_objectives_are_three_to_five_observable_verbs(course: Curriculum) -> None:
    assert not OBSERVABLE_VERBS & VAGUE_VERBS  # the rubric's two lists: no verb is in both
    for module in modules(course):
        assert 3 <= len(module.objectives) <= 5, module.id
        for objective in module.objectives:
            verb = re.split(r"\W", objective.text, maxsplit=1)[0].lower()
            assert verb in OBSERVABLE_VERBS, f"{module.id}/{objective.id} starts with {verb!r}"


def test_exercises_are_complete(course: Curriculum) -> None:
    for module in modules(course):
        assert len(module.exercises) >= 3, module.id
        for exercise in module.exercises:
            where = f"{module.id}/{exercise.id}"
            assert exercise.minutes > 0
            assert len(exercise.steps) >= 3, where
            for step in exercise.steps:
                first = step.split()[0]
                assert first[0].isupper() and first.lower() not in NOT_IMPERATIVE, (where, step)
            assert exercise.objectives, f"{where} serves no objective"
            assert exercise.produces, f"{where} does not say what the learner produces"
            if exercise.format in ("pair", "group"):
                notes = (exercise.facilitator_notes or "").lower()
                assert re.search(r"\d+\s*min", notes), f"{where}: no timing in facilitator notes"
                assert "watch" in notes, f"{where}: notes do not say what to watch for"
                assert "debrief" in notes, f"{where}: notes do not say how to debrief"


def test_every_objective_is_practised(course: Curriculum) -> None:
    for module in modules(course):
        practised = {
            objective for exercise in module.exercises for objective in exercise.objectives
        }
        for objective in module.objectives:
            assert objective.id in practised, (
                f"{module.id}/{objective.id} is practised by no exercise"
            )


def test_every_module_has_checks_that_teach(course: Curriculum) -> None:
    """The rubric's checks: two or more a module, plausible options, feedback that says why."""
    assert sum(len(module.checks) for module in modules(course)) >= 16
    for module in modules(course):
        assert len(module.checks) >= 2, module.id
        for check in module.checks:
            where = f"{module.id}/{check.id}"
            assert check.objectives, f"{where} assesses no objective"
            assert 2 <= check.scenario.count(". ") + 1 <= 8, f"{where}: two to six sentences"
            assert 3 <= len(check.options) <= 6, f"{where}: three or more plausible options"
            verdicts = [option.verdict for option in check.options]
            assert "poor" in verdicts, f"{where}: no tempting mistake to learn from"
            assert len({option.text for option in check.options}) == len(check.options), where
            for option in check.options:
                assert len(option.feedback.split()) >= 12, f"{where}/{option.id}: say why"
    # Where the best response sits varies, so that position gives nothing away.
    positions = {
        [o.id for o in check.options].index(check.best.id)
        for module in modules(course)
        for check in module.checks
    }
    assert len(positions) >= 3


def test_reflection_quotes_takeaways_and_reading(course: Curriculum) -> None:
    for module in modules(course):
        assert len(module.reflection_prompts) >= 3, module.id
        assert module.quotes, module.id
        assert 3 <= len(module.takeaways) <= 5, module.id
        assert len(module.further_reading) >= 2, module.id
        for reading in module.further_reading:
            assert reading.author.strip() and 1900 <= reading.year <= 2026, reading


def test_every_exercise_shows_good_work_and_can_be_done_alone(course: Curriculum) -> None:
    """The home page promises solo paths; each exercise has a worked example and a self-check."""
    assert course.course.solo  # so validate requires a solo path of every pair or group exercise
    for module in modules(course):
        for exercise in module.exercises:
            where = f"{module.id}/{exercise.id}"
            assert exercise.example, f"{where} has no worked example"
            assert 3 <= len(exercise.self_check) <= 5, f"{where} has no self-check"
            assert exercise.format == "solo" or exercise.solo, f"{where} has no solo path"


def test_strangers_can_do_the_exercises_from_the_case_pack(course: Curriculum) -> None:
    """Every exercise that works on the learner's material names a part; every part is used."""
    assert course.case is not None
    own_material_only = {  # the learner is the material: no fictional team can stand in
        "orientation/skills-self-assessment",
        "orientation/second-opinion",
        "orientation/learning-plan",
        "prototype-to-spec/spec-read-back",  # reads the spec the learner has just written
    }
    used = set()
    for module in modules(course):
        for exercise in module.exercises:
            where = f"{module.id}/{exercise.id}"
            assert bool(exercise.case) != (where in own_material_only), where
            used.add(exercise.case)
    assert {part.id for part in course.case.parts} <= used


def test_learners_rate_every_skill_against_anchors_before_and_after(course: Curriculum) -> None:
    """Seven skills, one per skills module, each with its levels described (validate requires
    all three): rated on the first module's page and on Looking back."""
    assert len(course.course.skills) == 7
    assert course.published[0].id == "orientation"
    assert len({skill.level_1 for skill in course.course.skills}) == 7  # not the same words


def test_every_module_s_time_is_honest_and_fits_a_session(course: Curriculum) -> None:
    """Reflection counts in the time; a module over 90 minutes has a 60-90 minute core."""
    for module in modules(course):
        assert module.reflection_minutes >= 3 * len(module.reflection_prompts), module.id
        assert 60 <= module.core_minutes <= 90, (module.id, module.core_minutes)
        assert sum(exercise.core for exercise in module.exercises) >= 2, module.id
        assert module.prework, f"{module.id} lists no pre-work"


def test_the_course_quotes_its_source_without_republishing_it(course: Curriculum) -> None:
    """At most a fifth of the article's words, and no passage twice (the rubric: quote it, do not
    republish it); validate --strict warns of both, this says it of the shipped course."""
    [source] = course.sources
    article = normalise((REPO / "curriculum" / source.local_copy).read_text(encoding="utf-8"))
    quotes = [quote for module in modules(course) for quote in module.quotes]
    spans = [span for quote in quotes for span in _passage_spans(quote.text, article)]
    words, total = quoted_share(article, spans)
    assert 100 * words <= 20 * total, f"{words} of {total} words quoted"
    assert len({normalise(quote.text) for quote in quotes}) == len(quotes), "a quote twice"
    assert not [notice for notice in course.notices if notice.severity == "warning"]


def test_at_least_eight_distinct_quotes(course: Curriculum) -> None:
    distinct = {quote.text for module in modules(course) for quote in module.quotes}
    assert len(distinct) >= 8


def test_quotes_are_attributed_to_whoever_said_them(course: Curriculum) -> None:
    speakers = {quote.speaker for module in modules(course) for quote in module.quotes}
    assert speakers == {"Karina Nguyen", "The MLnotes Newsletter"}


def test_every_quote_is_verified_against_the_source(course: Curriculum) -> None:
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"no {SHARED_SOURCES}: the quotes cannot be verified on this machine")
    quotes = sum(len(module.quotes) for module in course.modules)
    assert course.quotes_verified == quotes
    assert not course.notices


def _shipped_quotes() -> list[tuple[str, int]]:
    curriculum = load_curriculum(Project.at(REPO))
    return [(m.id, i) for m in curriculum.modules for i in range(len(m.quotes))]


@pytest.mark.parametrize(("module_id", "index"), _shipped_quotes())
def test_a_changed_word_in_any_quote_fails_validation(
    tmp_path: Path, module_id: str, index: int
) -> None:
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"no {SHARED_SOURCES}: the quotes cannot be verified on this machine")
    root = make_project(tmp_path / "course", curriculum=REPO / "curriculum")
    quote = load_curriculum(Project.at(REPO)).module(module_id).quotes[index]
    words = quote.text.split()
    changed = " ".join([*words[:-2], "elephant", words[-1]])
    path = root / "curriculum" / "modules" / f"{module_id}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(quote.text) == 1
    path.write_text(text.replace(quote.text, changed), encoding="utf-8")

    result = run_curriculum(root, "validate")

    line = quote.location_of("text").line
    assert result.returncode == 1
    assert f"curriculum/modules/{module_id}.yml:{line}:" in result.stderr.splitlines()[0]
    assert "the quote is not in its source" in result.stderr


def test_every_module_s_last_prompt_asks_for_a_dated_action(course: Curriculum) -> None:
    """The rubric's last prompt looks forward to a concrete action; the journal's calendar file
    needs its date, so the prompt asks for one ("on what date", "by when"), not just "soon"."""
    asks_for_a_date = re.compile(r"\b(?:what|which) (?:date|day)\b|\bby when\b", re.IGNORECASE)
    for module in modules(course):
        last = module.reflection_prompts[-1]
        assert asks_for_a_date.search(last.prompt), f"{module.id}/{last.id} asks for no date"


GERMAN_VERBS = re.compile(
    r"(?:auflisten|auswählen|begründen|benennen|bewerten|dokumentieren|durchführen|einordnen|"
    r"einüben|entwerfen|entwickeln|erstellen|formulieren|gestalten|gewichten|kritisieren|"
    r"moderieren|nebeneinanderstellen|ordnen|planen|priorisieren|schreiben|simulieren|sortieren|"
    r"testen|überarbeiten|umschreiben|unterscheiden|vergleichen|vorschlagen|zuweisen)\.?$"
)
VAGUE_GERMAN = re.compile(r"\b(?:verstehen|wissen|kennen|lernen|bewusst)\b", re.IGNORECASE)


def test_the_german_objectives_end_in_an_observable_verb(course: Curriculum) -> None:
    """German objectives are infinitive phrases: the observable verb comes last."""
    texts = {t.target: t.texts for t in course.translations if t.language == "de"}
    for module in modules(course):
        for objective in module.objectives:
            text = texts[f"modules/{module.id}"][f"objectives.{objective.id}.text"].strip()
            assert GERMAN_VERBS.search(text), (module.id, objective.id, text[-40:])
            assert not VAGUE_GERMAN.search(text), (module.id, objective.id)


def test_the_german_translation_is_whole_and_current(course: Curriculum) -> None:
    assert "de" in course.course.complete_languages  # so validate --strict (CI) checks it
    assert not [notice for notice in course.notices if "translation" in notice.message]
