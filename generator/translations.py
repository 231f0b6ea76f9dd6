"""Translations: overlays that give a file's text in another language, keyed by the original's ids.

A translation of ``modules/<id>.yml`` into German is ``modules/<id>.de.yml`` (and ``course.de.yml``,
``case.de.yml``, ``sources.de.yml`` beside theirs). It holds only text: ids, times, formats,
verdicts, order, everything structural comes from the original, and an overlay that sets such a key,
adds or renames an id, or changes a list's length is an error at its line. Lists of mappings with
ids are matched by id; other lists, by position. A quote stays verbatim; its overlay may add a
``translation``.

Each text's place is a path like ``exercises.pre-mortem.steps.2``. An overlay's ``translated_from``
block (written by ``curriculum translate``) records a short hash of each original text it
translates: when the original changes, the translation of that text is stale, and validate names
it. A text the overlay lacks is missing, and falls back to the original on the site.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .i18n import interface_languages
from .load import Overlay, location
from .markup import MarkdownJudge
from .model import (
    CasePack,
    Course,
    Curriculum,
    FieldType,
    Module,
    Quote,
    Sources,
    Spec,
    field_types,
)
from .problems import Location, Problem, closest_match

LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
RECORD = "translated_from"  # the overlay's block of the originals' hashes
_TAG = "tag:yaml.org,2002:"
# What a quote's overlay may add: its translation, shown beside the verbatim original.
QUOTE_TRANSLATION = "translation"
_KINDS = {Module: "module", Course: "course file", Sources: "sources file", CasePack: "case pack"}


def text_hash(text: str) -> str:
    """A short hash of an original text, as ``translated_from`` records it."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def original_texts(spec: Spec, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every translatable text of ``spec`` with its path, in file order."""
    for rule in field_types(type(spec)):
        value = getattr(spec, rule.name)
        path = f"{prefix}{rule.name}"
        if value is None or value == ():
            continue
        if rule.translated:
            if rule.many:
                for index, item in enumerate(value):
                    yield f"{path}.{index}", item
            else:
                yield path, value
        elif rule.kind == "mapping":
            for index, item in enumerate(value if rule.many else (value,)):
                key = getattr(item, "id", None) or str(index)
                yield from original_texts(item, f"{path}.{key}." if rule.many else f"{path}.")


def originals(
    course: Course, sources: Sources | None, case: CasePack | None, modules: Iterable[Module]
) -> dict[str, Spec]:
    """What an overlay can translate, by the name translations give it: ``course``, ``sources``,
    ``case`` and ``modules/<id>`` (what is missing, or could not be read, is not there)."""
    found: dict[str, Spec] = {"course": course}
    if sources is not None:
        found["sources"] = sources
    if case is not None:
        found["case"] = case
    found.update((f"modules/{module.id}", module) for module in modules)
    return found


def originals_of(curriculum: Curriculum) -> dict[str, Spec]:
    """What an overlay can translate in a valid curriculum, by name (see :func:`originals`)."""
    return originals(
        curriculum.course, Sources(sources=curriculum.sources), curriculum.case, curriculum.modules
    )


@dataclass(frozen=True)
class Translation:
    """One overlay, read: its texts by path, and the hashes of the originals it records."""

    target: str  # "course", "sources", "case" or "modules/<id>"
    language: str
    shown_as: str
    texts: Mapping[
        str, str
    ]  # path: the translated text (a quote's translation at quotes.N.translation)
    recorded: Mapping[str, str] = field(default_factory=dict)  # path: the original's hash then
    where: Mapping[str, Location] = field(default_factory=dict, compare=False)

    def missing(self, original: Spec) -> list[str]:
        """The original's texts this overlay does not translate, by path."""
        return [path for path, _ in original_texts(original) if path not in self.texts]

    def stale(self, original: Spec) -> list[str]:
        """The texts translated from an earlier version of the original, by path."""
        return [
            path
            for path, text in original_texts(original)
            if path in self.texts and self.recorded.get(path) != text_hash(text)
        ]


def read_overlay(
    overlay: Overlay, original: Spec, judge: MarkdownJudge, problems: list[Problem]
) -> Translation:
    """The overlay's texts; its structural mistakes go to ``problems``, at their lines."""
    reader = _OverlayReader(overlay.document.shown_as, judge, _KINDS.get(type(original), "file"))
    texts: dict[str, str] = {}
    recorded: dict[str, str] = {}
    root = overlay.document.root
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value == RECORD:
                recorded.update(reader.record(value))
        root = MappingNode(
            root.tag,
            [
                (k, v)
                for k, v in root.value
                if not (isinstance(k, ScalarNode) and k.value == RECORD)
            ],
            root.start_mark,
            root.end_mark,
        )
    reader.mapping(root, original, "", texts)
    problems += reader.problems
    return Translation(
        overlay.target,
        overlay.language,
        overlay.document.shown_as,
        texts,
        recorded,
        reader.where,
    )


class _OverlayReader:
    """Walks an overlay's nodes beside the original's model object."""

    def __init__(self, shown_as: str, judge: MarkdownJudge, kind: str) -> None:
        self.shown_as = shown_as
        self.judge = judge
        self.kind = kind
        self.problems: list[Problem] = []
        self.where: dict[str, Location] = {}

    def report(self, node: Node, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(location(self.shown_as, node.start_mark), message, hint))

    def record(self, node: Node) -> dict[str, str]:
        if not isinstance(node, MappingNode):
            self.report(node, f"'{RECORD}' must be a mapping of paths to hashes")
            return {}
        return {
            key.value: value.value
            for key, value in node.value
            if isinstance(key, ScalarNode) and isinstance(value, ScalarNode)
        }

    def mapping(self, node: Node, original: Spec, path: str, texts: dict[str, str]) -> None:
        if not isinstance(node, MappingNode):
            self.report(
                node, f"a translation of {path.rstrip('.') or 'the file'} must be a mapping"
            )
            return
        rules = {rule.name: rule for rule in field_types(type(original))}
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key == "id" and path:
                continue  # matched by the caller
            if isinstance(original, Quote) and key == QUOTE_TRANSLATION:
                self.text(value, f"{path}{key}", markdown=False, texts=texts)
                continue
            rule = rules.get(key or "")
            if rule is None:
                match = closest_match(key or "", [r.name for r in rules.values() if _allowed(r)])
                self.report(
                    key_node,
                    f"unknown key {key!r} in a translation",
                    f"did you mean {match!r}?" if match else None,
                )
            elif rule.translated:
                self.field(value, rule, getattr(original, rule.name), f"{path}{key}", texts)
            elif rule.kind == "mapping" and getattr(original, rule.name) not in (None, ()):
                self.items(value, rule, getattr(original, rule.name), f"{path}{key}", texts)
            elif rule.kind == "mapping":
                self.report(key_node, f"{key!r} is not in the original {self.kind}")
            else:
                self.report(
                    key_node,
                    f"{key!r} is set in the original {self.kind}, not in a translation",
                    "a translation holds only text: remove it here",
                )

    def field(
        self, node: Node, rule: FieldType, original: Any, path: str, texts: dict[str, str]
    ) -> None:
        if original is None or original == ():
            self.report(node, f"{rule.name!r} is not in the original {self.kind}")
            return
        if not rule.many:
            self.text(node, path, markdown=rule.markdown, texts=texts)
            return
        if not isinstance(node, SequenceNode):
            self.report(node, f"{rule.name!r} must be a list, as in the original")
            return
        if not self.same_items(node, rule, original):
            return
        for index, item in enumerate(node.value):
            self.text(item, f"{path}.{index}", markdown=rule.markdown, texts=texts)

    def items(
        self, node: Node, rule: FieldType, original: Any, path: str, texts: dict[str, str]
    ) -> None:
        if not rule.many:
            self.mapping(node, original, f"{path}.", texts)
            return
        if not isinstance(node, SequenceNode):
            self.report(node, f"{rule.name!r} must be a list, as in the original")
            return
        by_id = {item.id: item for item in original if getattr(item, "id", None)}
        if not by_id:  # matched by position
            if not self.same_items(node, rule, original):
                return
            for index, (item, kept) in enumerate(zip(node.value, original, strict=True)):
                self.mapping(item, kept, f"{path}.{index}.", texts)
            return
        seen: set[str] = set()
        for item in node.value:
            item_id = _id_of(item)
            if item_id is None:
                self.report(item, f"each item of {rule.name!r} starts with the id it translates")
            elif item_id not in by_id:
                match = closest_match(item_id, by_id)
                self.report(
                    item,
                    f"{rule.name!r} has no item {item_id!r} in the original: a translation "
                    "neither adds nor renames ids",
                    f"did you mean {match!r}?" if match else f"the original's: {', '.join(by_id)}",
                )
            elif item_id in seen:
                self.report(item, f"{item_id!r} is translated twice in {rule.name!r}")
            else:
                seen.add(item_id)
                self.mapping(item, by_id[item_id], f"{path}.{item_id}.", texts)

    def same_items(self, node: SequenceNode, rule: FieldType, original: Any) -> bool:
        """Whether a list matched by position has as many items as the original's."""
        if len(node.value) == len(original):
            return True
        self.report(
            node,
            f"{rule.name!r} has {len(node.value)} items here and {len(original)} in the "
            "original: a translation has the same items, in the same order",
        )
        return False

    def text(self, node: Node, path: str, *, markdown: bool, texts: dict[str, str]) -> None:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "null":
            return  # not translated yet: the original shows
        if not (isinstance(node, ScalarNode) and node.tag == _TAG + "str"):
            self.report(node, f"the translation of {path} must be text")
            return
        if not node.value.strip():
            return
        if markdown:
            for problem in self.judge.problems(node.value):
                self.report(node, f"{path}: {problem.message}", problem.hint)
        texts[path] = node.value
        self.where[path] = location(self.shown_as, node.start_mark)


def _allowed(rule: FieldType) -> bool:
    return rule.translated or rule.kind == "mapping"


def _id_of(node: Node) -> str | None:
    if not isinstance(node, MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
            return str(value.value)
    return None


def check_translations(
    course: Course,
    originals: Mapping[str, Spec],
    translations: list[Translation],
    overlays: tuple[Overlay, ...],
) -> tuple[list[Problem], list[Problem]]:
    """Languages declared, overlays of files that exist; stale and missing texts.

    Returns the problems (errors) and the notices: for a language course.yml marks complete, a
    stale or missing text is a warning (an error under --strict); for another, a stale one is a note.
    """
    problems: list[Problem] = []
    notices: list[Problem] = []
    where = course.location_of("languages")
    spoken = interface_languages()
    for index, language in enumerate(course.languages):
        if not LANGUAGE.match(language):
            problems.append(
                Problem(
                    course.location_of("languages", index),
                    f"{language!r} is not a language tag",
                    "write it as BCP 47 does: en, de, pt-BR",
                )
            )
        elif language not in spoken:
            problems.append(
                Problem(
                    course.location_of("languages", index),
                    f"the engine's own words (headings, buttons, notices) are not translated "
                    f"into {language!r}: it speaks {', '.join(spoken)}",
                    "a catalog for it is added to the engine (generator/locales/, see "
                    "scripts/messages.py)",
                )
            )
    for index, language in enumerate(course.complete_languages):
        if language not in course.languages[1:]:
            problems.append(
                Problem(
                    course.location_of("complete_languages", index),
                    f"{language!r} is not one of the course's translations (languages: "
                    f"{', '.join(course.languages) or 'none'}, the first being the originals')",
                )
            )
    for overlay in overlays:
        if overlay.language not in course.languages[1:]:
            problems.append(
                Problem(
                    Location(overlay.document.shown_as, 1, 1),
                    f"a translation into {overlay.language!r}, which course.yml does not declare",
                    f"add it to course.yml's languages: [{', '.join(course.languages or ('en',))}, "
                    f"{overlay.language}]",
                )
            )
        elif overlay.target not in originals:
            problems.append(
                Problem(
                    Location(overlay.document.shown_as, 1, 1),
                    f"a translation of {overlay.target}.yml, which does not exist",
                )
            )
    for translation in translations:
        original = originals.get(translation.target)
        if original is None or translation.language not in course.languages[1:]:
            continue
        complete = translation.language in course.complete_languages
        stale = translation.stale(original)
        if stale:
            notices.append(
                Problem(
                    translation.where.get(stale[0], Location(translation.shown_as, 1, 1)),
                    f"the {translation.language} translation is out of date: the original's "
                    f"{_listed(stale)} changed since it was translated",
                    f"update the translation, then record it: curriculum translate "
                    f"{_target_name(translation.target)} {translation.language} --mark-current",
                    "warning" if complete else "note",
                )
            )
        missing = translation.missing(original)
        if missing and complete:
            notices.append(
                Problem(
                    Location(translation.shown_as, 1, 1),
                    f"the {translation.language} translation, which course.yml marks complete, "
                    f"lacks {_listed(missing)}",
                    "curriculum report --translations lists what is missing",
                    "warning",
                )
            )
    for language in course.complete_languages:
        have = {t.target for t in translations if t.language == language}
        for target in originals:
            if target not in have:
                notices.append(
                    Problem(
                        where,
                        f"the {language} translation, which course.yml marks complete, has no "
                        f"{target}.{language}.yml",
                        f"write one: curriculum translate {_target_name(target)} {language}",
                        "warning",
                    )
                )
    return problems, notices


def _listed(paths: list[str], most: int = 5) -> str:
    shown = ", ".join(paths[:most])
    return shown + (f" and {len(paths) - most} more" if len(paths) > most else "")


def _target_name(target: str) -> str:
    return target.removeprefix("modules/")
