"""The field reference of the authoring guide, read from the model so that it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import CasePack, Course, FieldType, Module, Sources, field_types


@dataclass(frozen=True)
class FieldDoc:
    """One key of a YAML file, as the authoring guide describes it."""

    name: str
    kind: str  # the type, in words
    required: bool
    doc: str


@dataclass(frozen=True)
class SectionDoc:
    """The keys of one kind of mapping: a whole file, or the items of one of its lists."""

    title: str
    fields: tuple[FieldDoc, ...]


FILES = (
    ("curriculum/course.yml", Course),
    ("curriculum/sources.yml", Sources),
    ("curriculum/modules/<module-id>.yml", Module),
    ("curriculum/case.yml", CasePack),
)


def field_reference() -> tuple[SectionDoc, ...]:
    """Every kind of mapping an instructor writes, with every key it allows."""
    sections: list[SectionDoc] = []
    seen: set[type] = set()

    def describe(title: str, cls: type[Any]) -> None:
        nested: list[tuple[str, type[Any]]] = []
        for field in field_types(cls):
            if field.mapping is not None and field.mapping not in seen:
                seen.add(field.mapping)
                nested.append((f"Each item of `{field.name}`", field.mapping))
        fields = tuple(
            FieldDoc(field.name, _in_words(field), field.required, field.doc)
            for field in field_types(cls)
        )
        sections.append(SectionDoc(title, fields))
        for nested_title, inner in nested:
            describe(nested_title, inner)

    for title, cls in FILES:
        describe(f"`{title}`", cls)
    return tuple(sections)


def _in_words(field: FieldType) -> str:
    """A field's type, in words."""
    if field.kind == "mapping":
        kind = "mappings (below)" if field.many else "a mapping (below)"
        return f"list of {kind}" if field.many else kind
    elif field.kind == "choice":
        kind = "one of " + ", ".join(f"`{choice}`" for choice in field.choices)
    elif field.kind == "text":
        kind = "id" if field.slug else "Markdown" if field.markdown else "text"
    elif field.kind == "integer":
        kind = "whole number" + (f" ≥ {field.minimum}" if field.minimum is not None else "")
    else:
        kind = "true or false"
    if field.many:
        return f"list of {kind}{'s' if kind == 'id' else ''}"
    return kind
