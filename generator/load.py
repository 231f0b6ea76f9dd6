"""Load: read a YAML file into a tree of nodes that remember their line and column.

Only the parse happens here: no value is constructed, so no tag can run code, and a later stage can
point at the exact place of a wrong value. libyaml's C parser is used when PyYAML has it (it is
several times faster than the pure-Python one and keeps positions too).

The nodes are composed here rather than by PyYAML's composer, because libyaml's composer recurses
in C and crashes the interpreter on deeply nested input; this one uses a list as its stack and stops
at ``MAX_DEPTH``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .memo import Memo
from .problems import ContentError, Location, Problem, shown_path
from .safety import bidi_controls, outside_problem

# Limits that keep a hostile or broken file from exhausting time or memory.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64

# The tags of YAML's core schema, plus the timestamp PyYAML resolves unquoted dates to (the
# validator reports a date where text is expected, with a hint to quote it).
_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()


class Mark(Protocol):
    """Where PyYAML (or libyaml) read something: 0-based."""

    line: int
    column: int


def location(shown_as: str, mark: Mark | None) -> Location:
    """The 1-based location of a PyYAML mark (libyaml's and PyYAML's own have the same fields)."""
    if mark is None:
        return Location(shown_as, 1, 1)
    return Location(shown_as, mark.line + 1, mark.column + 1)


@dataclass(frozen=True)
class Document:
    """One YAML file: the path shown to the user, its root node and the text it was read from."""

    shown_as: str
    root: Node
    text: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class Overlay:
    """A translation of one file into one language: ``modules/<id>.<lang>.yml`` and the like."""

    document: Document
    target: str  # what it translates: "course", "sources", "case" or "modules/<id>"
    language: str


# <name>.<language>.yml: a language tag as BCP 47 writes the common ones (de, pt-BR).
OVERLAY_NAME = re.compile(r"^(?P<name>[^.]+)\.(?P<language>[a-z]{2,3}(?:-[A-Z]{2})?)\.yml$")


@dataclass(frozen=True)
class Documents:
    """Every YAML file of a curriculum that could be read, and the problems of those that could not."""

    folder: Path  # the curriculum folder the files were read from
    root: Path  # the repository's root
    trusted: tuple[Path, ...]  # folders outside the repository that course.yml trusts
    course: Document | None
    sources: Document | None
    case: Document | None  # case.yml, the case pack, when the course has one (and it could be read)
    case_file: str | None  # case.yml as shown to the user, when it exists
    modules: tuple[Document, ...]  # the module files that could be read, in file-name order
    overlays: tuple[Overlay, ...]  # translations: <file>.<lang>.yml beside each file
    unreadable_modules: tuple[str, ...]  # the module files that could not, as shown to the user
    problems: tuple[Problem, ...]


def load_documents(curriculum_dir: Path, root: Path) -> Documents:
    """Read course.yml, sources.yml, case.yml (if there is one) and every modules/*.yml; paths are shown relative to ``root``."""
    problems: list[Problem] = []
    trusted: tuple[Path, ...] = ()

    def read(path: Path) -> Document | None:
        shown_as = shown_path(path, root)
        if reason := outside_problem(path, root, trusted):
            problems.append(
                Problem(
                    Location(shown_as, 1, 1),
                    f"the file is a symbolic link that {reason}",
                    "copy the file into the repository instead",
                )
            )
            return None
        try:
            text = _read_text(path, shown_as)
            return Document(shown_as, parse_yaml(text, shown_as), text)
        except ContentError as error:
            problems.extend(error.problems)
            return None

    # course.yml itself must be inside the repository; it names the folders outside it to trust.
    course = read(curriculum_dir / "course.yml")
    trusted = trusted_folders(course, root)
    sources = read(curriculum_dir / "sources.yml")
    case_path = curriculum_dir / "case.yml"
    case_exists = case_path.exists() or case_path.is_symlink()
    case = read(case_path) if case_exists else None
    overlays: list[Overlay] = []
    for path in sorted(curriculum_dir.glob("*.*.yml")):
        named = OVERLAY_NAME.match(path.name)
        if named and named["name"] in ("course", "sources", "case"):
            if (document := read(path)) is not None:
                overlays.append(Overlay(document, named["name"], named["language"]))
    modules_dir = curriculum_dir / "modules"
    modules: list[Document] = []
    unreadable: list[str] = []
    for path in sorted(modules_dir.glob("*.y*ml")):
        if named := OVERLAY_NAME.match(path.name):
            if (document := read(path)) is not None:
                overlays.append(Overlay(document, f"modules/{named['name']}", named["language"]))
        elif path.suffix == ".yaml":
            problems.append(
                Problem(
                    Location(shown_path(path, root), 1, 1),
                    "module files end in .yml",
                    f"rename it to {path.stem}.yml",
                )
            )
        elif (document := read(path)) is not None:
            modules.append(document)
        else:
            unreadable.append(shown_path(path, root))
    if not modules_dir.is_dir():
        problems.append(
            Problem(
                Location(shown_path(modules_dir, root), 1, 1),
                "the modules folder is missing",
                "create it and add a module: curriculum/modules/<module-id>.yml",
            )
        )
    _parsed.sweep()  # files that are gone, or changed since, are not held on to
    return Documents(
        curriculum_dir,
        root,
        trusted,
        course,
        sources,
        case,
        shown_path(case_path, root) if case_exists else None,
        tuple(modules),
        tuple(overlays),
        tuple(unreadable),
        tuple(problems),
    )


def trusted_folders(course: Document | None, root: Path) -> tuple[Path, ...]:
    """The folders course.yml's ``trusted_folders`` names, relative to the repository's root.

    Read from the node tree before validation, because the files that follow depend on it; the
    validator checks the key like any other.
    """
    if course is None or not isinstance(course.root, MappingNode):
        return ()
    for key, value in course.root.value:
        if key.value == "trusted_folders" and isinstance(value, SequenceNode):
            return tuple(
                root / item.value
                for item in value.value
                if isinstance(item, ScalarNode) and item.tag == _CORE + "str" and item.value.strip()
            )
    return ()


# The node tree of each file's text: in a long preview, a file that did not change is not parsed
# again. Trees are never modified after composing, so sharing them is safe.
_parsed: Memo[tuple[str, str], Node] = Memo()


def load_yaml(path: Path, shown_as: str) -> Node:
    """Read one YAML file into its root node, or raise ContentError saying what is wrong and where."""
    return parse_yaml(_read_text(path, shown_as), shown_as)


def parse_yaml(text: str, shown_as: str) -> Node:
    """The root node of a YAML file's text, or ContentError saying what is wrong and where."""
    return _parsed.get((shown_as, text), lambda: _parse(text, shown_as))


def _parse(text: str, shown_as: str) -> Node:
    if not text.strip() or _only_comments(text):
        raise ContentError([Problem(Location(shown_as, 1, 1), "the file is empty")])
    if hidden := bidi_controls(text):
        raise ContentError(
            Problem(
                _position_of(text, offset, shown_as),
                f"the file holds the invisible character U+{ord(text[offset]):04X} ({name}), "
                "which makes text display differently from what it is",
                "delete it (many editors show it only with invisible characters turned on)",
            )
            for offset, name in hidden
        )
    try:
        return _compose(text, shown_as)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax: {error.problem or error.context}"
        if error.context and error.problem:
            message = f"YAML syntax: {error.problem} ({error.context})"
        hint = None
        if "mapping values are not allowed" in message:
            hint = "a value that contains ': ' must be put in quotes"
        raise ContentError([Problem(location(shown_as, mark), message, hint)]) from None
    except yaml.reader.ReaderError as error:
        where = _position_of(text, error.position, shown_as)
        raise ContentError(
            [
                Problem(
                    where,
                    f"the file holds a character YAML does not allow: {chr(error.character)!r}",
                )
            ]
        ) from None


def _read_text(path: Path, shown_as: str) -> str:
    """The file's text, decoded as UTF-8 (a leading byte-order mark is dropped)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                [
                    Problem(
                        Location(shown_as, 1, 1),
                        f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                        "split the module into smaller ones",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as error:
        raise ContentError(
            [Problem(Location(shown_as, 1, 1), f"cannot read the file: {error.strerror}")]
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError(
            [
                Problem(
                    Location(shown_as, line, column),
                    f"the file is not UTF-8 text: byte {data[error.start]:#04x} cannot be decoded",
                    "save the file with UTF-8 encoding",
                )
            ]
        ) from None


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _position_of(text: str, index: int, shown_as: str) -> Location:
    line = text.count("\n", 0, index) + 1
    return Location(shown_as, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _compose(text: str, shown_as: str) -> Node:
    """Build the node tree of the file's one document from the parser's events."""
    parser = _Parser(text)
    try:
        root: Node | None = None
        stack: list[tuple[Node, list[Node]]] = []  # open collections, each with its items so far
        anchors: dict[str, Node] = {}
        while (event := parser.get_event()) is not None:
            if isinstance(event, DocumentStartEvent) and root is not None:
                raise ContentError(
                    [
                        Problem(
                            location(shown_as, event.start_mark),
                            "the file holds a second YAML document; keep one per file",
                        )
                    ]
                )
            if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                closed, items = stack.pop()
                closed.value = (
                    items
                    if isinstance(closed, SequenceNode)
                    else list(zip(items[0::2], items[1::2], strict=True))
                )
                closed.end_mark = event.end_mark
                continue
            node = _node_for(event, anchors, shown_as)
            if node is None:
                continue
            if isinstance(event, AliasEvent) and any(node is open_node for open_node, _ in stack):
                raise ContentError(
                    [
                        Problem(
                            location(shown_as, event.start_mark),
                            f"the alias *{event.anchor} refers to a value that contains it",
                        )
                    ]
                )
            if stack:
                stack[-1][1].append(node)
            else:
                root = node
            if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise ContentError(
                        [
                            Problem(
                                location(shown_as, event.start_mark),
                                f"the values nest more than {MAX_DEPTH} levels deep",
                            )
                        ]
                    )
                stack.append((node, []))
        assert root is not None  # the file holds text, so the parser produced a document
        return root
    finally:
        parser.dispose()


def _mark(mark: object) -> yaml.Mark | None:
    """A parser's mark as the nodes take it: libyaml's marks have the same fields as PyYAML's."""
    return cast("yaml.Mark | None", mark)


def _node_for(event: yaml.Event, anchors: dict[str, Node], shown_as: str) -> Node | None:
    """The node an event starts, with its tag resolved and checked; None for stream events."""
    if isinstance(event, AliasEvent):
        if event.anchor not in anchors:
            raise ContentError(
                [Problem(location(shown_as, event.start_mark), f"unknown alias *{event.anchor}")]
            )
        return anchors[event.anchor]
    if isinstance(event, ScalarEvent):
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(  # type: ignore[no-untyped-call]  # PyYAML's stubs lack it
                ScalarNode, event.value, event.implicit
            )
        start, end = _mark(event.start_mark), _mark(event.end_mark)
        node: Node = ScalarNode(tag, event.value, start, end, event.style)
    elif isinstance(event, SequenceStartEvent):
        tag = _CORE + "seq" if event.tag in (None, "!") else event.tag
        node = SequenceNode(tag, [], _mark(event.start_mark), None, event.flow_style)
    elif isinstance(event, MappingStartEvent):
        tag = _CORE + "map" if event.tag in (None, "!") else event.tag
        node = MappingNode(tag, [], _mark(event.start_mark), None, event.flow_style)
    else:
        return None
    if node.tag == _CORE + "merge":
        raise ContentError(
            [
                Problem(
                    location(shown_as, event.start_mark),
                    "merge keys ('<<') are not supported",
                    "write the keys out in full",
                )
            ]
        )
    if node.tag not in ALLOWED_TAGS:
        shown_tag = node.tag.replace(_CORE, "!!")
        raise ContentError(
            [
                Problem(
                    location(shown_as, event.start_mark),
                    f"the tag {shown_tag!r} is not allowed",
                    "write plain YAML values: text, numbers, true/false, lists and mappings",
                )
            ]
        )
    if event.anchor is not None:
        anchors[event.anchor] = node
    return node
