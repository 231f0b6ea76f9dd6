"""Problems found in a curriculum, each with the place it was found.

Problems are printed the way compilers print them, ``path:line:col: error: message``, so editors
and CI can jump to the line; under GitHub Actions they are also printed as workflow annotations.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a file: its path as the user sees it, and a 1-based line and column.

    With slots: the model keeps one for every value and item it read (at 300 modules, 11 → 7 MiB).
    """

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the curriculum, where it is, and how to fix it."""

    location: Location
    message: str
    hint: str | None = None
    severity: Literal["error", "warning", "note"] = "error"

    def format(self) -> str:
        """The problem as compilers print it, with the hint as a ``note`` on the next line."""
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n{self.location}: note: {self.hint}"
        return text

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown on the pull request's lines."""
        message = self.message + (f" ({self.hint})" if self.hint else "")
        # Workflow commands end at a newline and treat % specially: escape them as GitHub documents.
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        where = self.location
        return (
            f"::{self.severity} file={where.path},line={where.line},col={where.column}::{message}"
        )


class ContentError(Exception):
    """The curriculum has problems; nothing was written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the curriculum")


def closest_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, if one is close enough to be a typo of it."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the choice closest to ``word``, if one is close enough to be a typo."""
    match = closest_match(word, choices)
    return f"did you mean {match!r}?" if match else None


def shown_path(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the project when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
