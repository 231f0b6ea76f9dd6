"""Quote verification: every quote must be the exact words of its source.

Where ``sources.yml`` gives a source a ``local_copy`` (a plain-text file), each quote from it is
looked up in that text. Differences that typography makes are ignored (runs of whitespace, curly
versus straight quotes, kinds of dash), and an ellipsis may join passages that appear in that
order; anything else, one changed word included, is an error at the quote, with the nearest passage
of the source to compare. A source without a readable copy is said so in a note: never a silent pass.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .load import Documents
from .model import Module, Quote, Source
from .problems import Problem
from .safety import outside_problem

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_ELLIPSIS = re.compile(r"\s*(?:\.{3,}|\u2026)\s*")


@dataclass(frozen=True)
class QuoteCheck:
    """What checking the quotes found: problems, notes and warnings, and a count."""

    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...]  # what could not be checked, a quote used twice, a budget exceeded
    verified: int


def normalise(text: str) -> str:
    """Text as compared: straight quotes, plain hyphens, single spaces."""
    return " ".join(text.translate(_TYPOGRAPHY).replace("\u2026", "...").split())


def check_quotes(
    modules: list[Module], sources: tuple[Source, ...], documents: Documents
) -> QuoteCheck:
    """Check every quote of ``modules`` against the local copy of its source, where there is one.

    A local copy is read only where the rule for paths allows (safety.py: inside the repository or
    a folder course.yml trusts).
    """
    texts: dict[str, str] = {}
    notes: list[Problem] = []
    problems: list[Problem] = []
    for source in sources:
        text, note = _read_copy(source, documents)
        if text is not None:
            texts[source.id] = text
        if note is not None:
            (problems if note.severity == "error" else notes).append(note)
    verified = 0
    quoted: dict[str, list[tuple[Quote, Module, list[tuple[int, int]]]]] = {}
    first_use: dict[str, tuple[Quote, Module]] = {}
    for module in modules:
        for quote in module.quotes:
            said = normalise(quote.text)
            if said in first_use:
                earlier, where = first_use[said]
                notes.append(
                    Problem(
                        quote.location_of("text"),
                        f"the same quote is in module {where.id!r} (line "
                        f"{earlier.location_of('text').line})",
                        "quote each passage once, where it teaches most",
                        severity="warning",
                    )
                )
            else:
                first_use[said] = (quote, module)
            if quote.source not in texts:
                continue
            spans = _passage_spans(quote.text, texts[quote.source])
            if isinstance(spans, list):
                verified += 1
                if not module.draft:
                    quoted.setdefault(quote.source, []).append((quote, module, spans))
                continue
            problems.append(
                Problem(
                    quote.location_of("text"),
                    f"the quote is not in its source {quote.source!r}, word for word",
                    f"compare with the source: {_nearest(spans, texts[quote.source])}",
                )
            )
    for source in sources:
        if source.id in quoted:
            notes += _over_budget(source, texts[source.id], quoted[source.id])
    return QuoteCheck(tuple(problems), tuple(notes), verified)


def quoted_share(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """How many of ``text``'s words the spans cover (each word counted once), and its words."""
    covered = bytearray(len(text))
    for start, end in spans:
        covered[start:end] = b"\1" * (end - start)
    words, position = 0, 0
    for word in text.split(" "):
        # A word is quoted when its letters and digits are: the marks around it may not be.
        letters = [position + i for i, char in enumerate(word) if char.isalnum()]
        if letters and all(covered[i] for i in letters):
            words += 1
        position += len(word) + 1
    return words, len(text.split())


def _over_budget(
    source: Source, text: str, quoted: list[tuple[Quote, Module, list[tuple[int, int]]]]
) -> list[Problem]:
    """A warning, naming the longest quotes, when the course quotes more than the budget allows."""
    words, total = quoted_share(text, [span for _, _, spans in quoted for span in spans])
    if total == 0 or 100 * words <= source.quote_budget * total:
        return []
    longest = sorted(quoted, key=lambda use: -len(use[0].text.split()))[:3]
    named = "; ".join(
        f"{module.id} line {quote.location_of('text').line} ({len(quote.text.split())} words)"
        for quote, module, _ in longest
    )
    return [
        Problem(
            source.location_of("id"),
            f"the course quotes {words} of the {total} words of {source.id!r} "
            f"({100 * words / total:.0f}%), more than its quote_budget of {source.quote_budget}%",
            f"shorten or drop quotes; the longest: {named}",
            severity="warning",
        )
    ]


def _read_copy(source: Source, documents: Documents) -> tuple[str | None, Problem | None]:
    """The normalised text of a source's local copy, or a note saying why there is none."""
    where = source.location_of("local_copy") if source.local_copy else source.where
    if source.local_copy is None:
        return None, Problem(
            where,
            f"quotes from {source.id!r} are not verified: sources.yml gives it no local_copy",
            severity="note",
        )
    if Path(source.local_copy).is_absolute() or Path(source.local_copy).suffix not in (
        ".txt",
        ".md",
    ):
        # A quote's error shows the nearest passage of this file: keep it to plain-text copies
        # named relative to sources.yml, not any file on the machine that runs the build.
        return None, Problem(
            where,
            f"quotes from {source.id!r} are not verified: local_copy must be a relative path to a "
            ".txt or .md file",
            severity="note",
        )
    path = documents.folder / source.local_copy
    if reason := outside_problem(path, documents.root, documents.trusted):
        return None, Problem(
            where,
            f"local_copy {source.local_copy!r} {reason}",
            "copy the file into the repository, or add its folder to trusted_folders in course.yml",
        )
    try:
        return normalise(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        return None, Problem(
            where,
            f"quotes from {source.id!r} are not verified: cannot read {source.local_copy!r} "
            f"({reason})",
            severity="note",
        )


def _passage_spans(quote: str, source_text: str) -> list[tuple[int, int]] | str:
    """Where the quote's passages are in the source, in order; or the first passage not found."""
    position = 0
    spans = []
    for part in _ELLIPSIS.split(quote):
        passage = normalise(part)
        if not passage:
            continue
        found = source_text.find(passage, position)
        if found < 0:
            return passage
        position = found + len(passage)
        spans.append((found, position))
    return spans


def _nearest(passage: str, source_text: str) -> str:
    """The run of the source's words most like ``passage``."""
    words = source_text.split(" ")
    size = len(passage.split(" "))
    windows = (" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(passage)

    def similarity(window: str) -> float:
        matcher.set_seq1(window)
        return matcher.ratio()

    return max(windows, key=similarity)
