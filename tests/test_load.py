"""load.py: hostile or odd YAML is refused with a clear message, in bounded time, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_curriculum
from generator.load import MAX_DEPTH, MAX_FILE_BYTES, load_yaml
from generator.problems import ContentError
from generator.project import Project
from generator.validate import MAX_VALUES

from .conftest import make_project


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_yaml(path, path.name)
    return [line for problem in raised.value.problems for line in problem.format().splitlines()]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yml"
    path.write_text("a: " + "[" * 500 + "]" * 500, encoding="utf-8")

    [message] = problems_of(path)

    assert (
        message
        == f"deep.yml:1:{3 + MAX_DEPTH}: error: the values nest more than {MAX_DEPTH} levels deep"
    )


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_very_deep_nesting_is_refused_not_a_crash(tmp_path: Path, opening: str) -> None:
    # libyaml's own composer recurses in C and kills the interpreter on input like this.
    path = tmp_path / "deep.yml"
    path.write_text("a:\n  " + opening * 200_000, encoding="utf-8")

    [message] = problems_of(path)

    assert message.startswith("deep.yml:")
    assert ": error: " in message


def test_oversized_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("title: " + "x" * MAX_FILE_BYTES, encoding="utf-8")

    [message, note] = problems_of(path)

    assert message.startswith("big.yml:1:1: error: the file is ")
    assert note == "big.yml:1:1: note: split the module into smaller ones"


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yml"
    path.write_text("a: &loop\n  - *loop\n", encoding="utf-8")

    assert problems_of(path) == [
        "loop.yml:2:5: error: the alias *loop refers to a value that contains it"
    ]


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "merge.yml"
    path.write_text("base: &b {x: 1}\nother:\n  <<: *b\n", encoding="utf-8")

    assert problems_of(path)[0] == "merge.yml:3:3: error: merge keys ('<<') are not supported"


def test_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    path = tmp_path / "windows.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: Hello\r\nsummary: World\r\n")

    node = load_yaml(path, "windows.yml")

    assert [(k.value, v.value, v.start_mark.line) for k, v in node.value] == [
        ("title", "Hello", 0),
        ("summary", "World", 1),
    ]


def test_nul_bytes_are_refused_with_their_place(tmp_path: Path) -> None:
    path = tmp_path / "nul.yml"
    path.write_bytes(b"title: ok\nsummary: a\x00b\n")

    [message] = problems_of(path)

    assert message.startswith("nul.yml:2:11: error: the file holds a character YAML does not allow")


def test_alias_bombs_stop_at_the_value_limit(tmp_path: Path) -> None:
    # 1,000 aliases of one exercise whose steps are 1,000 items: a million values from 8 KB.
    steps = "&steps [" + ", ".join(["step"] * 1000) + "]"
    exercise = f"&e {{id: x, title: t, minutes: 1, format: solo, instructions: i, steps: {steps}}}"
    root = make_project(tmp_path / "course")
    module = root / "curriculum" / "modules" / "beta.yml"
    text = module.read_text(encoding="utf-8")
    start, end = text.index("exercises:"), text.index("reflection_prompts:")
    module.write_text(
        text[:start] + f"exercises: [{exercise}" + ", *e" * 999 + "]\n" + text[end:],
        encoding="utf-8",
    )

    with pytest.raises(ContentError) as raised:
        load_curriculum(Project.at(root))

    assert [p.format() for p in raised.value.problems] == [
        f"curriculum/modules/beta.yml:1:1: error: the file expands to more than {MAX_VALUES:,} values"
        "\ncurriculum/modules/beta.yml:1:1: note: remove the YAML aliases (*name) that repeat large values"
    ]
