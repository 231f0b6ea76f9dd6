"""quotes.py: a quote must be its source's exact words, give or take typography."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.problems import ContentError
from generator.project import Project
from generator.quotes import _passage_spans, normalise, quoted_share

SOURCE = normalise(
    "Some words come first. \u201cQuote with <b>bold</b> and\n  _underscores_.\u201d "
    "Then the writer goes on \u2014 at length \u2014 about ranking things, and says "
    "it\u2019s the \u201chard part\u201d of any plan."
)


@pytest.mark.parametrize(
    "quote",
    [
        "Quote with <b>bold</b> and _underscores_.",
        "Then the writer goes on - at length - about ranking things",
        "Then the writer goes on \u2013 at length \u2013 about ranking things",
        'it\'s the "hard part" of any plan.',
        "it\u2019s the \u201chard part\u201d of any plan.",
        "Some words  come\n first.",
        "Some words come first. ... about ranking things",
        "Some words come first.\u2026about ranking things",
        "... the writer goes on",
    ],
)
def test_quotes_found_despite_typography(quote: str) -> None:
    assert isinstance(_passage_spans(quote, SOURCE), list)


@pytest.mark.parametrize(
    ("quote", "missing"),
    [
        ("Quote with <b>bold</b> and _underlines_.", "Quote with <b>bold</b> and _underlines_."),
        ("some words come first.", "some words come first."),  # case matters
        ("about ranking things ... Some words come first.", "Some words come first."),  # order
        ("Then the writer went on", "Then the writer went on"),
    ],
)
def test_changed_words_are_caught(quote: str, missing: str) -> None:
    assert _passage_spans(quote, SOURCE) == missing


def test_a_changed_word_is_reported_at_the_quote_with_the_nearest_passage(project: Path) -> None:
    module = project / "curriculum" / "modules" / "alpha.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("_underscores_", "_underlines_"),
        encoding="utf-8",
    )

    with pytest.raises(ContentError) as raised:
        load_curriculum(Project.at(project))

    [problem] = raised.value.problems
    assert problem.format().splitlines() == [
        "curriculum/modules/alpha.yml:10:11: error: the quote is not in its source 'article', "
        "word for word",
        "curriculum/modules/alpha.yml:10:11: note: compare with the source: "
        '"Quote with <script>alert(1)</script> and _underscores_."',
    ]


def test_an_unreadable_copy_is_said_not_passed_silently(project: Path) -> None:
    (project / "curriculum" / "article.txt").unlink()

    curriculum = load_curriculum(Project.at(project))

    assert curriculum.quotes_verified == 0
    assert [notice.format() for notice in curriculum.notices] == [
        "curriculum/sources.yml:9:17: note: quotes from 'article' are not verified: cannot read "
        "'article.txt' (No such file or directory)",
        "curriculum/sources.yml:10:5: note: quotes from 'book' are not verified: "
        "sources.yml gives it no local_copy",
    ]


def test_quoted_words_are_counted_once_however_often_they_are_quoted() -> None:
    spans = [
        span
        for quote in ("Some words come first.", "words come", "... the writer goes on")
        for span in _passage_spans(quote, SOURCE)
    ]

    assert quoted_share(SOURCE, spans) == (8, len(SOURCE.split()))


def set_budget(project: Path, percent: int) -> None:
    sources = project / "curriculum" / "sources.yml"
    text = re.sub(r"\n    quote_budget: \d+", "", sources.read_text(encoding="utf-8"))
    budget = f"    local_copy: article.txt\n    quote_budget: {percent}\n"
    sources.write_text(text.replace("    local_copy: article.txt\n", budget), encoding="utf-8")


def test_quoting_beyond_the_budget_warns_with_the_longest_quotes(project: Path) -> None:
    set_budget(project, 10)

    curriculum = load_curriculum(Project.at(project))

    warnings = [n.format() for n in curriculum.notices if n.severity == "warning"]
    assert warnings[0].splitlines() == [
        "curriculum/sources.yml:2:9: warning: the course quotes 5 of the 34 words of 'article' "
        "(15%), more than its quote_budget of 10%",
        "curriculum/sources.yml:2:9: note: shorten or drop quotes; the longest: alpha line 10 "
        "(5 words)",
    ]
    set_budget(project, 20)  # the default, stated: within it
    assert not [n for n in load_curriculum(Project.at(project)).notices if n.severity == "warning"]


def test_the_same_quote_twice_warns_at_the_second(project: Path) -> None:
    beta = project / "curriculum" / "modules" / "beta.yml"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "quotes:\n",
            "quotes:\n  - text: Quote with <script>alert(1)</script> and _underscores_.\n"
            "    source: article\n    speaker: A. Speaker\n",
        ),
        encoding="utf-8",
    )

    curriculum = load_curriculum(Project.at(project))

    warnings = [n.format() for n in curriculum.notices if n.severity == "warning"]
    assert warnings[0].splitlines() == [
        "curriculum/modules/beta.yml:8:11: warning: the same quote is in module 'alpha' (line 10)",
        "curriculum/modules/beta.yml:8:11: note: quote each passage once, where it teaches most",
    ]
