"""translations.py and translate.py: overlays read beside their originals, drift made visible."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.cli import main
from generator.project import Project
from generator.translations import original_texts

from .conftest import REPO, SITE_COURSE, make_project


@pytest.fixture
def bilingual(tmp_path: Path) -> Path:
    """The fixture course, declared in English and German."""
    root = make_project(tmp_path / "course", SITE_COURSE)
    course = root / "curriculum" / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "modules: [", "languages: [en, de]\nmodules: [", 1
        ),
        encoding="utf-8",
    )
    return root


def run(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPO / ".venv" / "bin" / "curriculum"), "--root", str(root), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def test_translate_writes_an_overlay_of_every_text_under_its_original(bilingual: Path) -> None:
    assert run(bilingual, "translate", "framing", "de").returncode == 0
    overlay = bilingual / "curriculum" / "modules" / "framing.de.yml"
    text = overlay.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/module.overlay.schema.json\n"
    )
    assert "# en: Framing the problem\ntitle:\n" in text
    assert "  - id: frame-warm-up\n    # en: Warm up\n    title:\n" in text
    checked = subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "check-jsonschema"),
            "--schemafile",
            str(REPO / "schemas" / "module.overlay.schema.json"),
            str(overlay),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    curriculum = load_curriculum(Project.at(bilingual))
    framing = curriculum.module("framing")
    [translation] = curriculum.translations
    assert translation.texts == {}  # nothing translated yet: the original shows
    assert translation.missing(framing) == [path for path, _ in original_texts(framing)]
    report = run(bilingual, "report", "--translations").stdout
    assert "modules/framing: 29 missing (title, skill, tagline, summary, …)" in report
    assert "modules/listening: not translated" in report
    # A second run never overwrites a translation.
    again = run(bilingual, "translate", "framing", "de")
    assert again.returncode == 1 and "exists already" in again.stderr


def test_a_changed_original_makes_its_translation_stale_and_names_the_field(
    bilingual: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curriculum_dir = bilingual / "curriculum"
    assert run(bilingual, "translate", "framing", "de").returncode == 0
    overlay = curriculum_dir / "modules" / "framing.de.yml"
    text = overlay.read_text(encoding="utf-8")
    text = text.replace("title:\n", "title: Das Problem rahmen\n", 1)
    text = text.replace(
        "    # en: Warm up\n    title:\n", "    # en: Warm up\n    title: Aufwärmen\n", 1
    )
    overlay.write_text(text, encoding="utf-8")
    assert run(bilingual, "validate", "--strict").returncode == 0  # translated from this version

    original = curriculum_dir / "modules" / "framing.yml"
    original.write_text(
        original.read_text(encoding="utf-8").replace("title: Warm up", "title: Warm up first"),
        encoding="utf-8",
    )
    stale = run(bilingual, "validate")
    assert stale.returncode == 0
    assert (
        "curriculum/modules/framing.de.yml:22:12: note: the de translation is out of date: the "
        "original's exercises.frame-warm-up.title changed since it was translated"
    ) in stale.stderr
    # For a language marked complete it is a warning, and --strict refuses it.
    course = curriculum_dir / "course.yml"
    course.write_text(
        course.read_text(encoding="utf-8").replace(
            "languages: [en, de]", "languages: [en, de]\ncomplete_languages: [de]"
        ),
        encoding="utf-8",
    )
    strict = run(bilingual, "validate", "--strict")
    assert strict.returncode == 1
    assert "error: the de translation is out of date" in strict.stderr
    assert "error: the de translation, which course.yml marks complete, lacks" in strict.stderr
    assert "has no modules/listening.de.yml" in strict.stderr
    # Once the translator has caught up, --mark-current records it.
    assert run(bilingual, "translate", "framing", "de", "--mark-current").returncode == 0
    assert "out of date" not in run(bilingual, "validate").stderr
    assert main(["--root", str(bilingual), "report", "--translations"]) == 0
    assert "de (marked complete): 2 of" in capsys.readouterr().out


def test_an_overlay_s_markdown_is_judged_as_the_original_s(bilingual: Path) -> None:
    overlay = bilingual / "curriculum" / "modules" / "framing.de.yml"
    overlay.write_text(
        'summary: "Hallo <script>alert(1)</script>"\n'
        + json.dumps({"title": "Ein Titel"})[1:-1].replace('"title": ', "title: ")
        + "\n",
        encoding="utf-8",
    )

    result = run(bilingual, "validate")

    assert result.returncode == 1
    assert "curriculum/modules/framing.de.yml:1:10: error: summary: " in result.stderr


def test_the_course_in_german_keeps_the_original_s_structure_and_exact_quotes() -> None:
    from generator.localize import localized

    curriculum = load_curriculum(Project.at(REPO))
    german = localized(curriculum, "de")

    assert localized(curriculum, "en").curriculum is curriculum
    assert german.untranslated == frozenset()  # de is complete
    for original, translated in zip(curriculum.modules, german.curriculum.modules, strict=True):
        assert translated.item_ids == original.item_ids  # one learner's progress in both
        assert translated.minutes == original.minutes
        assert translated.title != original.title
        assert [e.format for e in translated.exercises] == [e.format for e in original.exercises]
        for quote, kept in zip(translated.quotes, original.quotes, strict=True):
            assert quote.text == kept.text and quote.speaker == kept.speaker  # verbatim
            assert quote.translation and quote.translation != quote.text
    prioritisation = german.curriculum.module("prioritisation")
    assert prioritisation.title == "Priorisierung und strategische Entscheidungen"


def test_a_missing_translation_falls_back_to_the_original_and_is_listed(bilingual: Path) -> None:
    from generator.localize import localized

    overlay = bilingual / "curriculum" / "modules" / "framing.de.yml"
    overlay.write_text("title: Das Problem rahmen\n", encoding="utf-8")
    curriculum = load_curriculum(Project.at(bilingual))

    german = localized(curriculum, "de")

    framing = german.curriculum.module("framing")
    assert framing.title == "Das Problem rahmen"
    assert framing.summary == curriculum.module("framing").summary
    assert german.is_translated("modules/framing", "title")
    assert not german.is_translated("modules/framing", "summary")
    assert not german.is_translated("modules/listening", "title")  # no overlay at all
