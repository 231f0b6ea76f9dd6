"""The field reference of the authoring guide, read from the model so that it cannot drift."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from .model import Course, Module, Sources, instructor_fields


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
)


def field_reference() -> tuple[SectionDoc, ...]:
    """Every kind of mapping an instructor writes, with every key it allows."""
    sections: list[SectionDoc] = []
    seen: set[type] = set()

    def describe(title: str, cls: type[Any]) -> None:
        hints = typing.get_type_hints(cls)
        nested: list[tuple[str, type[Any]]] = []
        fields = []
        for field in instructor_fields(cls):
            kind, inner = _kind(hints[field.name], field)
            if inner is not None and inner not in seen:
                seen.add(inner)
                nested.append((f"Each item of `{field.name}`", inner))
            fields.append(
                FieldDoc(
                    field.name,
                    kind,
                    field.default is dataclasses.MISSING,
                    field.metadata["doc"],
                )
            )
        sections.append(SectionDoc(title, tuple(fields)))
        for nested_title, inner in nested:
            describe(nested_title, inner)

    for title, cls in FILES:
        describe(f"`{title}`", cls)
    return tuple(sections)


def _kind(annotation: Any, field: dataclasses.Field[Any]) -> tuple[str, type[Any] | None]:
    """A type in words, and the model class of its items if it holds mappings."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        (annotation,) = (argument for argument in arguments if argument is not type(None))
        return _kind(annotation, field)
    if origin is tuple:
        inner, cls = _kind(arguments[0], field)
        return f"list of {inner}{'s' if inner == 'id' else ''}", cls
    if dataclasses.is_dataclass(annotation):
        return "mappings (below)", annotation
    if origin is Literal:
        return "one of " + ", ".join(f"`{choice}`" for choice in arguments), None
    if annotation is str:
        if field.metadata["slug"]:
            return "id", None
        return ("Markdown" if field.metadata["markdown"] else "text"), None
    if annotation is int:
        minimum = field.metadata["minimum"]
        return "whole number" + (f" ≥ {minimum}" if minimum is not None else ""), None
    if annotation is bool:
        return "true or false", None
    raise TypeError(f"the model declares a type the reference does not know: {annotation!r}")
