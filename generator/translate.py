"""`curriculum translate` and `curriculum report --translations`: starting and keeping overlays.

``translate <target> <lang>`` writes the overlay of a module (by id), of ``course``, ``case`` or
``sources``: every text to translate, the original above each as a comment, the value left empty
(an empty value shows the original on the site until it is filled in), and the ``translated_from``
block that records which version of each original it translates. With ``--mark-current`` it
records, after a translator has brought an overlay up to date, that its texts translate the
originals as they are now.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .model import Curriculum, Quote, Sources, Spec, field_types
from .project import Project
from .translations import (
    QUOTE_TRANSLATION,
    RECORD,
    Translation,
    original_texts,
    originals_of,
    text_hash,
)


class TranslateError(Exception):
    """What stops `curriculum translate`, in a sentence for the user."""


@dataclass(frozen=True)
class Target:
    """What an overlay translates: its name on the command line, its original and its path."""

    name: str  # "course", "case", "sources" or a module id
    key: str  # as translations name it: "course", "modules/<id>"…
    original: Spec
    folder: Path  # where the original file is, relative to the curriculum folder


def target(curriculum: Curriculum, name: str) -> Target:
    """The target called ``name`` on the command line."""
    if name == "course":
        return Target(name, "course", curriculum.course, Path("."))
    if name == "case" and curriculum.case is not None:
        return Target(name, "case", curriculum.case, Path("."))
    if name == "sources":
        return Target(name, "sources", Sources(sources=curriculum.sources), Path("."))
    for module in curriculum.modules:
        if module.id == name:
            return Target(name, f"modules/{name}", module, Path("modules"))
    known = ["course", "sources", *(("case",) if curriculum.case else ())]
    known += [module.id for module in curriculum.modules]
    raise TranslateError(f"nothing called {name!r} to translate: {', '.join(known)}")


def overlay_path(project: Project, chosen: Target, language: str) -> Path:
    """Where the overlay of ``chosen`` in ``language`` is: beside its original."""
    return project.curriculum_dir / chosen.folder / f"{chosen.name}.{language}.yml"


def start_translation(project: Project, curriculum: Curriculum, name: str, language: str) -> Path:
    """Write the overlay skeleton of ``name`` in ``language``; its path."""
    if language not in curriculum.course.languages[1:]:
        raise TranslateError(
            f"course.yml does not declare {language!r}: add it to languages: "
            f"[{', '.join(curriculum.course.languages or ('en',))}, {language}]"
        )
    chosen = target(curriculum, name)
    path = overlay_path(project, chosen, language)
    if path.exists():
        raise TranslateError(
            f"{path.name} exists already: translate what it lacks by hand "
            "(curriculum report --translations lists it), then record it with --mark-current"
        )
    original_language = curriculum.course.languages[0]
    up = "../" * (len(chosen.folder.parts) + 1)
    kind = "module" if chosen.folder == Path("modules") else chosen.key
    lines = [
        f"# yaml-language-server: $schema={up}schemas/{kind}.overlay.schema.json",
        f"# The {language} translation of {(chosen.folder / chosen.name).as_posix()}.yml: only "
        "text. Ids, times, formats and order come from the original.",
        f"# Each value is empty until translated: the original ({original_language}) shows meanwhile.",
        *_skeleton(chosen.original, "", original_language),
        *_record_block(dict(original_texts(chosen.original))),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mark_current(project: Project, curriculum: Curriculum, name: str, language: str) -> Path:
    """Record that the overlay's texts translate the originals as they are now."""
    chosen = target(curriculum, name)
    path = overlay_path(project, chosen, language)
    found = [
        t for t in curriculum.translations if t.target == chosen.key and t.language == language
    ]
    if not path.exists() or not found:
        raise TranslateError(f"there is no {path.name} to mark: start it with curriculum translate")
    current = {p: t for p, t in original_texts(chosen.original) if p in found[0].texts}
    block = "\n".join(_record_block(current)) + "\n"
    text = path.read_text(encoding="utf-8")
    existing = re.compile(rf"^{RECORD}:[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*#[^\n]*|[ \t]*)\n)*", re.M)
    if existing.search(text):
        text = existing.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n" + block
    path.write_text(text, encoding="utf-8")
    return path


def _record_block(texts: dict[str, str]) -> list[str]:
    return [
        "# Written by curriculum translate: the version of each original text translated here.",
        f"{RECORD}:",
        *(f"  {json.dumps(path)}: {json.dumps(text_hash(text))}" for path, text in texts.items()),
    ]


def _comment(text: str, indent: str, language: str) -> list[str]:
    lines = text.strip("\n").splitlines() or [""]
    return [f"{indent}# {language}: {lines[0]}", *(f"{indent}#     {line}" for line in lines[1:])]


def _skeleton(spec: Spec, indent: str, language: str) -> list[str]:
    """The overlay's lines for ``spec``: its texts, empty, each under the original as a comment."""
    lines: list[str] = []
    for rule in field_types(type(spec)):
        value = getattr(spec, rule.name)
        if value is None or value == ():
            continue
        if rule.translated and not rule.many:
            lines += [*_comment(value, indent, language), f"{indent}{rule.name}:"]
        elif rule.translated:
            lines.append(f"{indent}{rule.name}:")
            for item in value:
                lines += [*_comment(item, indent + "  ", language), f"{indent}  -"]
        elif rule.kind == "mapping":
            items = value if rule.many else (value,)
            inner = [(_skeleton(item, indent + "    ", language), item) for item in items]
            if not any(body for body, _ in inner) and not isinstance(items[0], Quote):
                continue
            lines.append(f"{indent}{rule.name}:")
            for body, item in inner:
                if isinstance(item, Quote):
                    body = [
                        *body,
                        *_comment(item.text, indent + "    ", language),
                        f"{indent}    {QUOTE_TRANSLATION}:",
                    ]
                item_id = getattr(item, "id", None)
                head = f"{indent}  - id: {item_id}" if item_id else f"{indent}  -"
                lines += [head, *body]
    return lines


def translations_report(curriculum: Curriculum) -> str:
    """Per language: each file's missing and stale texts."""
    translated = originals_of(curriculum)
    lines = []
    for language in curriculum.course.languages[1:]:
        mine: dict[str, Translation] = {
            t.target: t for t in curriculum.translations if t.language == language
        }
        total = missing = stale = 0
        rows = []
        for key, original in translated.items():
            texts = len(list(original_texts(original)))
            total += texts
            translation = mine.get(key)
            if translation is None:
                missing += texts
                rows.append(f"  {key}: not translated ({texts} texts)")
                continue
            lacking, old = translation.missing(original), translation.stale(original)
            missing += len(lacking)
            stale += len(old)
            if lacking or old:
                detail = ", ".join(
                    part
                    for part in (
                        f"{len(lacking)} missing" * bool(lacking),
                        f"{len(old)} stale" * bool(old),
                    )
                    if part
                )
                shown = ", ".join((old + lacking)[:4])
                rows.append(f"  {key}: {detail} ({shown}{', …' if len(old + lacking) > 4 else ''})")
        complete = " (marked complete)" if language in curriculum.course.complete_languages else ""
        lines.append(
            f"{language}{complete}: {total - missing} of {total} texts translated, {stale} stale"
        )
        lines += rows or ["  every text translated and current"]
    return "\n".join(lines) if lines else "the course has no translations (course.yml: languages)"
