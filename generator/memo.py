"""What a stage computed in earlier runs of a long preview, found again by the content it came from.

A live preview runs the pipeline after every save; a stage that keeps a ``Memo`` does again only the
work whose input changed. Every key is made of content (a file's text, model values, a template's
source), never of object identity, so an entry can only be reused for the very same input. Each run
sweeps away the entries it did not use, so memory follows the course, not the length of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MEMOS: list[Memo[Any, Any]] = []  # only cleared, whatever they hold


class Memo(Generic[K, V]):
    """Results by the content they were computed from, kept by the stage that computes them."""

    def __init__(self, limit: int | None = None) -> None:
        self._entries: dict[K, V] = {}
        self._used: set[K] = set()
        self._limit = limit
        _MEMOS.append(self)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The result for ``key``: remembered, or computed now and remembered."""
        self._used.add(key)
        if key not in self._entries:
            if self._limit is not None and len(self._entries) >= self._limit:
                self._entries.clear()
            self._entries[key] = compute()
        return self._entries[key]

    def sweep(self) -> None:
        """Forget the entries not used since the last sweep (the end of a stage's run)."""
        for key in set(self._entries) - self._used:
            del self._entries[key]
        self._used.clear()

    @property
    def in_use(self) -> bool:
        """Whether an entry was asked for since the last sweep."""
        return bool(self._used)

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()
        self._used.clear()

    def __len__(self) -> int:
        return len(self._entries)


def forget_everything() -> None:
    """Forget what every stage remembered: the next run is a first run (for the benchmark)."""
    for memo in _MEMOS:
        memo.clear()
