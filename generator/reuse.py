"""``{% reuse key, ... %}…{% endreuse %}``: a part of a template rendered once while its key holds.

A page about the whole course (the facilitator's guide, the cohort view) shows every module; in a
preview, a save changes one. Such a page's part about one module is rendered again only when its
key, the values it reads (the module, the links' folder), changed: the other modules' parts are
found again. A part is found by its template's set (the templates' content), the page's language,
the template's name and the tag's line, and the key's values, never by object identity, so a part
is reused only for the very same input (memo.py). The block must read nothing but its key and the
page's language; what it sets stays inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

from .memo import Memo

_parts: Memo[tuple[Hashable, ...], str] = Memo()


class Reuse(Extension):
    """The ``reuse`` tag (see the module's text); the environment's ``reuse_scope`` is its set of
    templates and its language."""

    tags = {"reuse"}

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(reuse_scope=None)

    def parse(self, parser: Parser) -> nodes.Node:
        line = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endreuse",), drop_needle=True)
        where = nodes.Const((parser.name, line))
        call = self.call_method("_part", [where, nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(line)

    def _part(self, where: tuple[str, int], key: tuple[Any, ...], caller: Callable[[], str]) -> str:
        scope = self.environment.reuse_scope  # type: ignore[attr-defined]
        try:
            hash(key)
        except TypeError:  # a key of lists or dicts (a course's own template): rendered each time
            return caller()
        return _parts.get((scope, where, key), caller)


def sweep() -> None:
    """At the end of a run that rendered a page with parts, forget the parts it did not use.

    A run that rendered none (every page found again) keeps them for the next.
    """
    if _parts.in_use:
        _parts.sweep()
