"""quotes.py: a quote must be its source's exact words, give or take typography."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.problems import ContentError
from generator.project import Project
from generator.quotes import _missing_passage, normalise

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
    assert _missing_passage(quote, SOURCE) is None


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
    assert _missing_passage(quote, SOURCE) == missing


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
