"""JSON Schemas for editors, generated from the model (never written by hand).

Each kind of YAML file gets one schema in ``schemas/``; each YAML file names its schema on its first
line (``# yaml-language-server: $schema=…``), so editors that use the YAML language server (VS Code's
YAML extension, among others) complete keys, explain them and flag mistakes as you type.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal

from .model import SLUG_PATTERN, Course, Module, Sources, instructor_fields

SCHEMAS = {"course": Course, "sources": Sources, "module": Module}
FOLDER = "schemas"


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON Schema of a YAML file that holds one ``cls``."""
    definitions: dict[str, Any] = {}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": _first_line(cls.__doc__),
        **_object_schema(cls, definitions),
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def schema_files() -> dict[str, str]:
    """Every schema file's name and its text."""
    return {
        f"{name}.schema.json": json.dumps(json_schema(cls), indent=2, ensure_ascii=False) + "\n"
        for name, cls in SCHEMAS.items()
    }


def write_schemas(root: Path) -> list[Path]:
    """Write the schema files into ``<root>/schemas/``; the paths written."""
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0]


def _object_schema(cls: type[Any], definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for field in instructor_fields(cls):
        properties[field.name] = _value_schema(hints[field.name], field, definitions)
        if field.default is dataclasses.MISSING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "description": _first_line(cls.__doc__),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def _value_schema(
    annotation: Any, field: dataclasses.Field[Any], definitions: dict[str, Any]
) -> dict[str, Any]:
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    doc = field.metadata["doc"] + (" Markdown." if field.metadata["markdown"] else "")
    if origin in (typing.Union, types.UnionType):
        (inner,) = (argument for argument in arguments if argument is not type(None))
        schema = _value_schema(inner, field, definitions)
        return {"description": doc, "anyOf": [_without_description(schema), {"type": "null"}]}
    if origin is tuple:
        return {
            "description": doc,
            "type": "array",
            "items": _item_schema(arguments[0], field, definitions),
        }
    return {"description": doc, **_item_schema(annotation, field, definitions)}


def _item_schema(
    annotation: Any, field: dataclasses.Field[Any], definitions: dict[str, Any]
) -> dict[str, Any]:
    if dataclasses.is_dataclass(annotation):
        name = annotation.__name__
        if name not in definitions:
            definitions[name] = {}  # reserve the name before recursing
            definitions[name] = _object_schema(annotation, definitions)
        return {"$ref": f"#/$defs/{name}"}
    if typing.get_origin(annotation) is Literal:
        return {"type": "string", "enum": list(typing.get_args(annotation))}
    if annotation is str:
        if field.metadata["slug"]:
            return {"type": "string", "pattern": SLUG_PATTERN}
        if field.metadata["url"]:
            return {"type": "string", "pattern": "^https?://[^/\\s]+"}
        return {"type": "string", "pattern": r"\S"}  # not blank, as the validator asks
    if annotation is int:
        schema: dict[str, Any] = {"type": "integer"}
        if field.metadata["minimum"] is not None:
            schema["minimum"] = field.metadata["minimum"]
        return schema
    if annotation is bool:
        return {"type": "boolean"}
    raise TypeError(f"the model declares a type the schema does not know: {annotation!r}")


def _without_description(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "description"}
