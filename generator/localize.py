"""The course in one of its languages: the model with each overlay's texts put in place.

:func:`localized` gives the curriculum as a language shows it: every text its overlay translates
in that language, every other text as the original (and listed, so that a page can mark it "not
yet translated"). Ids, times, order and everything structural are the original's, which is what
keeps one learner's progress the same in every language. Quotes keep their exact words; an
overlay's translation of one rides beside it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Curriculum, Quote, Spec, field_types
from .translations import QUOTE_TRANSLATION, original_texts, originals_of


@dataclass(frozen=True)
class Localized:
    """The curriculum in ``language``, and the texts still shown in the original's language."""

    curriculum: Curriculum
    language: str
    untranslated: frozenset[str]  # "<target>:<path>", e.g. "modules/framing:title"

    def is_translated(self, target: str, path: str) -> bool:
        """Whether the text at ``path`` of ``target`` shows in this language."""
        return f"{target}:{path}" not in self.untranslated


def localized(curriculum: Curriculum, language: str) -> Localized:
    """The curriculum as ``language`` shows it (the originals' language gives it as it is)."""
    languages = curriculum.course.languages
    if not languages or language == languages[0]:
        return Localized(curriculum, language, frozenset())
    if language not in languages:
        raise ValueError(f"the course is not in {language!r}: {', '.join(languages)}")
    overlays = {t.target: t for t in curriculum.translations if t.language == language}
    untranslated: set[str] = set()

    def apply(target: str, spec: Spec) -> Any:
        translation = overlays.get(target)
        texts = translation.texts if translation else {}
        untranslated.update(
            f"{target}:{path}" for path, _ in original_texts(spec) if path not in texts
        )
        return _replaced(spec, texts, "") if texts else spec

    shown = {target: apply(target, spec) for target, spec in originals_of(curriculum).items()}
    return Localized(
        dataclasses.replace(
            curriculum,
            course=shown["course"],
            sources=shown["sources"].sources,
            modules=tuple(shown[f"modules/{module.id}"] for module in curriculum.modules),
            case=shown.get("case"),
        ),
        language,
        frozenset(untranslated),
    )


def _replaced(spec: Spec, texts: Mapping[str, str], prefix: str) -> Any:
    """``spec`` with the translated texts under ``prefix`` put in place."""
    changes: dict[str, Any] = {}
    for rule in field_types(type(spec)):
        value = getattr(spec, rule.name)
        path = f"{prefix}{rule.name}"
        if value is None or value == ():
            continue
        if rule.translated and rule.many:
            items = tuple(texts.get(f"{path}.{index}", item) for index, item in enumerate(value))
            if items != value:
                changes[rule.name] = items
        elif rule.translated:
            if path in texts:
                changes[rule.name] = texts[path]
        elif rule.kind == "mapping":
            many = value if rule.many else (value,)
            replaced = tuple(
                _replaced(item, texts, f"{path}.{getattr(item, 'id', None) or index}.")
                if rule.many
                else _replaced(item, texts, f"{path}.")
                for index, item in enumerate(many)
            )
            if replaced != many:
                changes[rule.name] = replaced if rule.many else replaced[0]
    if isinstance(spec, Quote) and f"{prefix}{QUOTE_TRANSLATION}" in texts:
        changes["translation"] = texts[f"{prefix}{QUOTE_TRANSLATION}"]
    return dataclasses.replace(spec, **changes) if changes else spec
