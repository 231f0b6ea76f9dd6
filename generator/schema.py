"""JSON Schemas for editors, generated from the model (never written by hand).

Each kind of YAML file gets one schema in ``schemas/``; each YAML file names its schema on its first
line (``# yaml-language-server: $schema=…``), so editors that use the YAML language server (VS Code's
YAML extension, among others) complete keys, explain them and flag mistakes as you type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import (
    SLUG_PATTERN,
    CasePack,
    Course,
    FieldType,
    Module,
    Quote,
    Sources,
    Spec,
    field_types,
)
from .translations import QUOTE_TRANSLATION, RECORD

SCHEMAS = {"course": Course, "sources": Sources, "module": Module, "case": CasePack}
FOLDER = "schemas"


def json_schema(cls: type[Spec]) -> dict[str, Any]:
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


def overlay_schema(cls: type[Spec]) -> dict[str, Any]:
    """The JSON Schema of a translation of a file that holds one ``cls``: its texts only."""
    definitions: dict[str, Any] = {}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"A translation: {_first_line(cls.__doc__)}",
        **_overlay_object(cls, definitions, top=True),
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def _overlay_object(
    cls: type[Spec], definitions: dict[str, Any], top: bool = False
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    fields = field_types(cls)
    if not top and any(f.name == "id" for f in fields):
        properties["id"] = {
            "description": "The id of the original's item this translates.",
            "type": "string",
        }
    for field in fields:
        if field.translated:
            text = {"anyOf": [{"type": "string"}, {"type": "null"}]}
            properties[field.name] = (
                {"description": field.doc, "type": "array", "items": text}
                if field.many
                else {"description": field.doc, **text}
            )
        elif field.kind == "mapping":
            assert field.mapping is not None
            name = f"{field.mapping.__name__}Translation"
            if name not in definitions:
                definitions[name] = {}
                definitions[name] = _overlay_object(field.mapping, definitions)
            item = {"$ref": f"#/$defs/{name}"}
            properties[field.name] = (
                {"description": field.doc, "type": "array", "items": item}
                if field.many
                else {"description": field.doc, **item}
            )
    if cls is Quote:
        properties[QUOTE_TRANSLATION] = {
            "description": "A translation of the quote, shown beside the verbatim original.",
            "anyOf": [{"type": "string"}, {"type": "null"}],
        }
    if top:
        properties[RECORD] = {
            "description": "Written by curriculum translate: the version of each original text.",
            "type": "object",
            "additionalProperties": {"type": "string"},
        }
    return {"type": "object", "properties": properties, "additionalProperties": False}


def schema_files() -> dict[str, str]:
    """Every schema file's name and its text: each file's, and its translations'."""
    files = {f"{name}.schema.json": json_schema(cls) for name, cls in SCHEMAS.items()}
    files |= {f"{name}.overlay.schema.json": overlay_schema(cls) for name, cls in SCHEMAS.items()}
    return {
        name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for name, schema in files.items()
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


def _object_schema(cls: type[Spec], definitions: dict[str, Any]) -> dict[str, Any]:
    fields = field_types(cls)
    schema: dict[str, Any] = {
        "description": _first_line(cls.__doc__),
        "type": "object",
        "properties": {field.name: _value_schema(field, definitions) for field in fields},
        "additionalProperties": False,
    }
    required = [field.name for field in fields if field.required]
    if required:
        schema["required"] = required
    return schema


def _value_schema(field: FieldType, definitions: dict[str, Any]) -> dict[str, Any]:
    doc = field.doc + (" Markdown." if field.markdown else "")
    schema = _item_schema(field, definitions)
    if field.many:
        schema = {"type": "array", "items": schema}
    if field.nullable:
        return {"description": doc, "anyOf": [schema, {"type": "null"}]}
    return {"description": doc, **schema}


def _item_schema(field: FieldType, definitions: dict[str, Any]) -> dict[str, Any]:
    if field.kind == "mapping":
        assert field.mapping is not None
        name = field.mapping.__name__
        if name not in definitions:
            definitions[name] = {}  # reserve the name before recursing
            definitions[name] = _object_schema(field.mapping, definitions)
        return {"$ref": f"#/$defs/{name}"}
    if field.kind == "choice":
        return {"type": "string", "enum": list(field.choices)}
    if field.kind == "text":
        if field.slug:
            return {"type": "string", "pattern": SLUG_PATTERN}
        if field.url:
            return {"type": "string", "pattern": "^https?://[^/\\s]+"}
        return {"type": "string", "pattern": r"\S"}  # not blank, as the validator asks
    if field.kind == "integer":
        schema: dict[str, Any] = {"type": "integer"}
        if field.minimum is not None:
            schema["minimum"] = field.minimum
        if field.maximum is not None:
            schema["maximum"] = field.maximum
        return schema
    return {"type": "boolean"}
