"""schema.py: the editors' JSON Schemas come from the model and accept every shipped file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.schema import FOLDER, schema_files

from .conftest import REPO, VALID

SCHEMA_OF = {"course": "course", "sources": "sources", "case": "case"}


def shipped_yaml() -> list[Path]:
    """Every YAML file of the shipped course, its translations included."""
    curriculum = REPO / "curriculum"
    return [*sorted(curriculum.glob("*.yml")), *sorted(curriculum.glob("modules/*.yml"))]


def schema_name(path: Path) -> str:
    """The schema a file names: its kind's, or its kind's overlay for a translation (x.de.yml)."""
    stem, *language = path.name.removesuffix(".yml").split(".")
    return SCHEMA_OF.get(stem, "module") + (".overlay" if language else "")


def schema_for(path: Path) -> dict:
    return json.loads(
        (REPO / FOLDER / f"{schema_name(path)}.schema.json").read_text(encoding="utf-8")
    )


def test_the_committed_schemas_are_what_the_model_generates() -> None:
    for name, text in schema_files().items():
        committed = (REPO / FOLDER / name).read_text(encoding="utf-8")
        assert committed == text, f"{FOLDER}/{name} is stale: run `curriculum schema` and commit it"


@pytest.mark.parametrize("path", shipped_yaml(), ids=lambda path: path.name)
@pytest.mark.course
def test_every_shipped_file_validates_and_names_its_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    named = (path.parent / first.split("=", 1)[1]).resolve()
    assert named == (REPO / FOLDER / f"{schema_name(path)}.schema.json").resolve()

    jsonschema.Draft202012Validator(schema_for(path)).validate(yaml.safe_load(text))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (
            lambda module: module.update(exercices=module.pop("exercises")),
            "'exercices' was unexpected",
        ),
        (lambda module: module["exercises"][0].update(format="groups"), "'groups' is not one of"),
        (
            lambda module: module["exercises"][0].update(minutes=0),
            "0 is less than the minimum of 1",
        ),
        (lambda module: module["objectives"][0].update(id="Not A Slug"), "does not match"),
        (lambda module: module.pop("title"), "'title' is a required property"),
    ],
)
def test_the_schema_flags_mistakes_as_the_validator_does(change, complaint: str) -> None:
    module = yaml.safe_load((VALID / "modules" / "beta.yml").read_text(encoding="utf-8"))
    change(module)
    validator = jsonschema.Draft202012Validator(schema_for(Path("module.yml")))

    messages = [error.message for error in validator.iter_errors(module)]

    assert any(complaint in message for message in messages), messages
