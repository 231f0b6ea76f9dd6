"""`curriculum new`: a new module file that explains itself, added to the learning path.

The module is written as a draft, so its placeholder text is never published by accident. When
course.yml keeps a ``modules:`` list (or ``units:``, the last unit's list), the new id is added to
it by editing the text, so the file's comments and layout stay as the instructor wrote them.
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import MappingNode, SequenceNode

from .load import load_yaml
from .model import SLUG, slugify
from .project import Project
from .render import render_new_module
from .write import write_atomically


class ScaffoldError(Exception):
    """The module cannot be created as asked (a usage error: exit code 2)."""


def create_module(project: Project, module_id: str, title: str) -> tuple[Path, str | None]:
    """Write ``modules/<module_id>.yml``; the list of course.yml it was added to, if any."""
    if not SLUG.match(module_id):
        suggestion = slugify(module_id) or "my-module"
        raise ScaffoldError(
            f"{module_id!r} is not a valid module id: use lowercase letters, digits and hyphens, "
            f"like {suggestion!r}"
        )
    path = project.curriculum_dir / "modules" / f"{module_id}.yml"
    if path.exists() or path.with_suffix(".yaml").exists():
        raise ScaffoldError(f"the module id {module_id!r} is taken: {path.name} exists")
    if not title.strip():
        raise ScaffoldError("the title is empty")
    course_file = project.curriculum_dir / "course.yml"
    # Read course.yml first: if it cannot be edited, nothing is written.
    listed, course_text = _course_with_module(course_file, project, module_id)
    write_atomically(path, render_new_module(title).encode("utf-8"))
    if course_text is not None:
        write_atomically(course_file, course_text.encode("utf-8"))
    return path, listed


def _value(node: object, key: str) -> object:
    if not isinstance(node, MappingNode):
        return None
    return next((value for name, value in node.value if name.value == key), None)


def _course_with_module(
    course_file: Path, project: Project, module_id: str
) -> tuple[str | None, str | None]:
    """The list ``module_id`` goes in (the modules list, or the last unit's) and course.yml's text
    with it added at the list's end (None, None: course.yml has no such list)."""
    root = load_yaml(course_file, course_file.relative_to(project.root).as_posix())
    listed, where = _value(root, "modules"), "the modules: list"
    units = _value(root, "units")
    if listed is None and isinstance(units, SequenceNode) and units.value:
        listed = _value(units.value[-1], "modules")
        name = _value(units.value[-1], "id")
        where = f"the modules: of unit {getattr(name, 'value', '')!r}"
    if not isinstance(listed, SequenceNode):
        return None, None
    return where, _with_item(course_file, listed, module_id)


def _with_item(course_file: Path, listed: SequenceNode, module_id: str) -> str:
    """course.yml's text with ``module_id`` added at the end of the list ``listed``."""
    text = course_file.read_bytes().decode("utf-8-sig")  # as it is: CRLF line ends stay
    lines = text.splitlines(keepends=True)
    if listed.flow_style:
        # modules: [a, b] -> modules: [a, b, new]; the end mark is just past the closing bracket.
        end = listed.end_mark.index - 1
        separator = ", " if listed.value else ""
        return text[:end].rstrip() + separator + module_id + text[end:]
    last = listed.value[-1]
    line = lines[last.start_mark.line]
    prefix = line[: last.start_mark.column]  # the indentation and the "- " of the last item
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    insert_at = last.end_mark.line + (1 if last.end_mark.column else 0)
    if not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    lines.insert(insert_at, f"{prefix}{module_id}{newline}")
    return "".join(lines)
