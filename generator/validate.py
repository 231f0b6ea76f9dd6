"""Validate: turn YAML node trees into the model, reporting every problem with its place.

The checks are driven by the declarations in ``model.py`` (``field_types``): a field's kind, whether
it is required and its rules (slug, minimum, Markdown) say what is allowed, so there is no second list of rules to keep
in step. Each file's problems are collected, never stopping at the first, and references between
objects (objectives, modules, sources) are checked once every file's types are right.
"""

from __future__ import annotations

from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .alignment import alignment_warnings
from .load import Document, Documents, location
from .markup import MarkdownJudge
from .memo import Memo
from .model import (
    SLUG,
    CasePack,
    Course,
    Curriculum,
    FieldType,
    Module,
    Source,
    Sources,
    field_types,
    slugify,
)
from .problems import ContentError, Location, Problem, closest_match, did_you_mean
from .quotes import check_quotes
from .references import (
    check_case_parts,
    check_module,
    check_prerequisites,
    check_solo_paths,
    check_unique_ids,
    learning_path,
)
from .safety import web_address_problem
from .translations import Translation, check_translations, originals, read_overlay

# Aliases can make a small file stand for a huge tree; stop expanding past this many values.
MAX_VALUES = 100_000

_CONSTRUCT = SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_WHAT_TAG_READS_AS = {
    "bool": "true/false",
    "int": "a number",
    "float": "a decimal number",
    "null": "empty",
    "timestamp": "a date",
    "seq": "a list",
    "map": "a mapping",
    "str": "text",
}


# What an error calls each kind of file, where its class's name would not do.
_FILE_KINDS: dict[type, str] = {CasePack: "case pack"}


class _Invalid:
    """Marks a value that had problems (already reported)."""


_INVALID = _Invalid()


class _TooManyValues(Exception):
    pass


def validate(documents: Documents, judge: MarkdownJudge) -> Curriculum:
    """The curriculum the documents describe, or ContentError with every problem found.

    ``judge`` renders Markdown fields as the site does and says what their HTML may not hold.
    """
    problems = list(documents.problems)
    course = (
        _read_spec(documents.course, Course, problems, judge)
        if documents.course is not None
        else None
    )
    sources: tuple[Source, ...] | None = None
    read: Sources | None = None
    if documents.sources is not None:
        read = _read_spec(documents.sources, Sources, problems, judge)
        if read is not None:
            sources = read.sources
            problems += check_unique_ids(sources, "source")
    case = (
        _read_spec(documents.case, CasePack, problems, judge)
        if documents.case is not None
        else None
    )
    module_ids = [_module_id(document.shown_as) for document in documents.modules]
    modules: list[Module] = []
    for document, module_id in zip(documents.modules, module_ids, strict=True):
        if not SLUG.match(module_id):
            problems.append(
                Problem(
                    Location(document.shown_as, 1, 1),
                    f"the file name {module_id!r} is not a valid module id",
                    f"rename the file to {_suggest_slug(module_id)}.yml: lowercase letters, "
                    "digits and hyphens",
                )
            )
            continue
        module = _read_spec(document, Module, problems, judge, id=module_id)
        if module is not None:
            problems += check_module(module, sources)
            modules.append(module)
    if course is None:
        _read_before.sweep()
        raise ContentError(problems)
    # Checks across files run on whatever could be read, so they come out in the same run; a
    # module file that could not be read still exists, and has its own problem.
    files = {
        _module_id(shown): shown
        for shown in (*(d.shown_as for d in documents.modules), *documents.unreadable_modules)
    }
    ordered, order_problems = learning_path(course, modules, files, documents)
    problems += order_problems
    problems += check_prerequisites(ordered, list(files))
    problems += check_solo_paths(course, modules)
    problems += check_case_parts(case, documents.case_file, modules)
    problems += check_unique_ids(course.skills, "skill")
    quotes = check_quotes(modules, sources or (), documents)
    problems += quotes.problems
    translations, translation_notices = _translations(
        documents, judge, problems, course, read, case, modules
    )
    _read_before.sweep()
    if problems or sources is None:
        raise ContentError(problems)
    return Curriculum(
        course=course,
        sources=sources,
        modules=ordered,
        case=case,
        translations=tuple(translations),
        notices=(*quotes.notes, *alignment_warnings(ordered), *translation_notices),
        quotes_verified=quotes.verified,
    )


def _translations(
    documents: Documents,
    judge: MarkdownJudge,
    problems: list[Problem],
    course: Course,
    sources: Sources | None,
    case: CasePack | None,
    modules: list[Module],
) -> tuple[list[Translation], list[Problem]]:
    """Each overlay read beside its original, and what is stale or missing in them."""
    translated = originals(course, sources, case, modules)
    translations = [
        read_overlay(overlay, translated[overlay.target], judge, problems)
        for overlay in documents.overlays
        if overlay.target in translated and overlay.language in course.languages[1:]
    ]
    errors, notices = check_translations(course, translated, translations, documents.overlays)
    problems += errors
    return translations, notices


def _module_id(shown_as: str) -> str:
    """A module's id: its file name without the extension."""
    return shown_as.rsplit("/", 1)[-1].rsplit(".", 1)[0]


# --- Reading one file against the model ---------------------------------------------------------


# What reading each file gave, by its text (and what the reading depends on): in a long preview, an
# unchanged file's model object is reused rather than built again.
_read_before: Memo[tuple[Any, ...], tuple[Any, tuple[Problem, ...]]] = Memo()


def _read_spec(
    document: Document,
    cls: type[Any],
    problems: list[Problem],
    judge: MarkdownJudge,
    **known: Any,
) -> Any | None:
    """Read a whole file as an instance of ``cls``; None if it had problems (added to ``problems``)."""

    def read() -> tuple[Any, tuple[Problem, ...]]:
        own: list[Problem] = []
        value = _read_spec_afresh(document, cls, own, known, judge)
        return value, tuple(own)

    key = (document.shown_as, document.text, cls, tuple(sorted(known.items())), judge.key)
    value, own = _read_before.get(key, read)
    problems += own
    return value


def _read_spec_afresh(
    document: Document,
    cls: type[Any],
    problems: list[Problem],
    known: dict[str, Any],
    judge: MarkdownJudge,
) -> Any | None:
    reader = _Reader(document.shown_as, judge)
    try:
        value = reader.read_spec(document.root, cls, known)
    except _TooManyValues:
        reader.problems.append(
            Problem(
                Location(document.shown_as, 1, 1),
                f"the file expands to more than {MAX_VALUES:,} values",
                "remove the YAML aliases (*name) that repeat large values",
            )
        )
        value = _INVALID
    problems += reader.problems
    return None if value is _INVALID or reader.problems else value


class _Reader:
    """Converts the nodes of one file, collecting its problems."""

    def __init__(self, shown_as: str, judge: MarkdownJudge) -> None:
        self.shown_as = shown_as
        self.judge = judge
        self.problems: list[Problem] = []
        self.values = 0

    def at(self, node: Node) -> Location:
        return location(self.shown_as, node.start_mark)

    def report(self, node: Node, message: str, hint: str | None = None) -> _Invalid:
        self.problems.append(Problem(self.at(node), message, hint))
        return _INVALID

    def read_spec(self, node: Node, cls: type[Any], known: dict[str, Any], what: str = "") -> Any:
        """A mapping node as an instance of the model class ``cls``."""
        what = what or f"the {_FILE_KINDS.get(cls, cls.__name__.lower())} file"
        if not isinstance(node, MappingNode):
            return self.report(
                node, f"{what} must be a mapping of keys to values, not {_reads_as(node)}"
            )
        rules = {field_type.name: field_type for field_type in field_types(cls)}
        values: dict[str, Any] = dict(known)
        spans: dict[str, Location] = {}
        seen: dict[str, Node] = {}
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == _TAG + "str"):
                self.report(key_node, f"keys must be names, not {_reads_as(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                self.report(
                    key_node,
                    f"duplicate key {key!r} (first written on line {seen[key].start_mark.line + 1})",
                    "YAML keeps only one of them: merge the two or delete one",
                )
                continue
            seen[key] = key_node
            rule = rules.get(key)
            if rule is None:
                match = closest_match(key, rules)
                if match:
                    suggested.add(match)
                self.report(
                    key_node,
                    f"unknown key {key!r} in {what}",
                    f"did you mean {match!r}?" if match else f"allowed keys: {', '.join(rules)}",
                )
                continue
            value = self.read_value(value_node, rule, spans)
            if value is not _INVALID:
                values[key] = value
                spans[key] = self.at(value_node)
        missing = [rule.name for rule in rules.values() if rule.required and rule.name not in seen]
        # A key missing because it was misspelt is reported once, at the misspelling.
        for name in missing:
            if name not in suggested:
                self.report(node, f"{what} is missing the required key {name!r}")
        if any(rule.name in seen and rule.name not in values for rule in rules.values()) or missing:
            return _INVALID
        return cls(**values, where=self.at(node), spans=spans)

    def read_value(self, node: Node, rule: FieldType, spans: dict[str, Location]) -> Any:
        """A node as the value of the field ``rule`` describes."""
        if rule.nullable and _is_null(node):
            return None
        if not rule.many:
            return self.read_item(node, rule)
        if not isinstance(node, SequenceNode):
            return self.report(
                node,
                f"{rule.name!r} must be a list, not {_reads_as(node)}",
                "start each item on its own line with '- '",
            )
        items = []
        for index, item_node in enumerate(node.value):
            items.append(self.read_item(item_node, rule))
            spans[f"{rule.name}.{index}"] = self.at(item_node)
        if any(value is _INVALID for value in items):
            return _INVALID
        return tuple(items)

    def read_item(self, node: Node, rule: FieldType) -> Any:
        """A node as one value of the kind ``rule`` declares (the value, or one item of a list)."""
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooManyValues
        key = rule.name
        if rule.kind == "mapping":
            assert rule.mapping is not None
            return self.read_spec(node, rule.mapping, {}, what=f"an item of {key!r}")
        if rule.kind == "choice":
            return self.read_choice(node, rule.choices, key)
        if rule.kind == "text":
            return self.read_text(node, rule, key)
        if rule.kind == "integer":
            return self.read_int(node, rule, key)
        if isinstance(node, ScalarNode) and node.tag == _TAG + "bool":
            return _CONSTRUCT.construct_yaml_bool(node)
        return self.report(node, f"{key!r} must be true or false, not {_reads_as(node)}")

    def read_text(self, node: Node, rule: FieldType, key: str) -> Any:
        if not (isinstance(node, ScalarNode) and node.tag == _TAG + "str"):
            if isinstance(node, ScalarNode) and node.tag != _TAG + "null":
                return self.report(
                    node,
                    f"{key!r} must be text, but {node.value!r} reads as {_reads_as(node)} in YAML",
                    f'put it in quotes: "{node.value}"',
                )
            return self.report(node, f"{key!r} must be text, not {_reads_as(node)}")
        text = node.value
        if not text.strip():
            return self.report(node, f"{key!r} is empty")
        if rule.slug and not SLUG.match(text):
            return self.report(
                node,
                f"{text!r} is not a valid id",
                f"use lowercase letters, digits and hyphens, like {_suggest_slug(text)!r}",
            )
        if rule.url and (address_problem := web_address_problem(text)):
            return self.report(node, f"{key!r}: {address_problem}")
        if rule.markdown and (problems := self.judge.problems(text)):
            for problem in problems:
                self.report(node, f"{key!r}: {problem.message}", problem.hint)
            return _INVALID
        return text

    def read_int(self, node: Node, rule: FieldType, key: str) -> Any:
        if not (isinstance(node, ScalarNode) and node.tag == _TAG + "int"):
            hint = "remove the quotes" if _looks_like_int(node) else None
            return self.report(node, f"{key!r} must be a whole number, not {_reads_as(node)}", hint)
        number = _CONSTRUCT.construct_yaml_int(node)
        if rule.minimum is not None and number < rule.minimum:
            return self.report(node, f"{key!r} must be at least {rule.minimum}, not {number}")
        if rule.maximum is not None and number > rule.maximum:
            return self.report(node, f"{key!r} must be at most {rule.maximum}, not {number}")
        return number

    def read_choice(self, node: Node, choices: tuple[str, ...], key: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == _TAG + "str" and node.value in choices:
            return node.value
        shown = node.value if isinstance(node, ScalarNode) else _reads_as(node)
        return self.report(
            node,
            f"{key!r} must be one of {', '.join(choices)}, not {shown!r}",
            did_you_mean(str(shown), choices),
        )


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "null"


def _looks_like_int(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value.strip().isdigit()


def _reads_as(node: Node) -> str:
    """What a node is, in words: 'a list', 'a date', 'text'…"""
    return _WHAT_TAG_READS_AS.get(node.tag.removeprefix(_TAG), node.tag)


def _suggest_slug(text: str) -> str:
    return slugify(text) or "my-module"
