"""The field reference of the authoring guide, read from the model so that it cannot drift.

Its words are messages of the catalogs, translated where the guide shows them: each field's
documentation (``spec()`` is an extraction keyword, scripts/messages.py) and its type in words
(marked here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .i18n import gettext_noop
from .model import CasePack, Course, FieldType, Module, Sources, field_types


@dataclass(frozen=True)
class FieldDoc:
    """One key of a YAML file, as the authoring guide describes it."""

    name: str
    kind: str  # the type in words, a message: its %(choices)s, %(minimum)d and %(maximum)d follow
    choices: str  # the values a choice takes, as code: "`solo`, `pair`, `group`"
    minimum: int | None  # the least value of a whole number
    maximum: int | None  # and its greatest
    required: bool
    doc: str  # the model's one-line documentation, a message


@dataclass(frozen=True)
class SectionDoc:
    """The keys of one kind of mapping: a whole file, or the items of one of its lists."""

    name: str  # the file's path, or the list's key
    item: bool  # the items of the list ``name``, rather than a file
    fields: tuple[FieldDoc, ...]


FILES = (
    ("curriculum/course.yml", Course),
    ("curriculum/sources.yml", Sources),
    ("curriculum/modules/<module-id>.yml", Module),
    ("curriculum/case.yml", CasePack),
)

# A field's type in words, by the kind of its value: one value, and a list of them.
_IN_WORDS = {
    "mapping": (gettext_noop("a mapping (below)"), gettext_noop("list of mappings (below)")),
    "choice": (gettext_noop("one of %(choices)s"), gettext_noop("list of one of %(choices)s")),
    "id": (gettext_noop("id"), gettext_noop("list of ids")),
    "markdown": (gettext_noop("Markdown"), gettext_noop("list of Markdown")),
    "text": (gettext_noop("text"), gettext_noop("list of text")),
    "integer": (gettext_noop("whole number"), gettext_noop("list of whole numbers")),
    "range": (
        gettext_noop("whole number from %(minimum)d to %(maximum)d"),
        gettext_noop("list of whole numbers from %(minimum)d to %(maximum)d"),
    ),
    "minimum": (
        gettext_noop("whole number ≥ %(minimum)d"),
        gettext_noop("list of whole numbers ≥ %(minimum)d"),
    ),
    "boolean": (gettext_noop("true or false"), gettext_noop("list of true or false")),
}


def field_reference() -> tuple[SectionDoc, ...]:
    """Every kind of mapping an instructor writes, with every key it allows."""
    sections: list[SectionDoc] = []
    seen: set[type] = set()

    def describe(name: str, item: bool, cls: type[Any]) -> None:
        nested: list[tuple[str, type[Any]]] = []
        for field in field_types(cls):
            if field.mapping is not None and field.mapping not in seen:
                seen.add(field.mapping)
                nested.append((field.name, field.mapping))
        fields = tuple(
            FieldDoc(
                field.name,
                _in_words(field),
                ", ".join(f"`{choice}`" for choice in field.choices),
                field.minimum,
                field.maximum,
                field.required,
                field.doc,
            )
            for field in field_types(cls)
        )
        sections.append(SectionDoc(name, item, fields))
        for key, inner in nested:
            describe(key, True, inner)

    for path, cls in FILES:
        describe(path, False, cls)
    return tuple(sections)


def _in_words(field: FieldType) -> str:
    """A field's type in words: a message, with %(choices)s, %(minimum)d and %(maximum)d."""
    if field.kind == "text":
        kind = "id" if field.slug else "markdown" if field.markdown else "text"
    elif field.kind == "integer":
        kind = "integer" if field.minimum is None else "minimum"
        kind = "range" if field.maximum is not None else kind
    else:
        kind = field.kind
    one, many = _IN_WORDS[kind]
    return many if field.many else one
