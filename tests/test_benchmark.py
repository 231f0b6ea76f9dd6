"""The benchmark runs (at its smallest size) so that it cannot rot; no timing is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import benchmark

# It synthesises its courses from a module of the shipped course (scripts/benchmark.py's SAMPLE).
pytestmark = [pytest.mark.build, pytest.mark.course]


def test_the_benchmark_runs_at_its_smallest_size(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"

    code = benchmark.main(
        [
            *("--sizes", "10", "--runs", "1", "--build-runs", "1"),
            *("--two-language-sizes", "10", "--preview-size", "10", "--unpruned-size", "10"),
            *("--no-suite", "--output", str(output)),
        ]
    )

    assert code == 0
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    for measure in (
        "validate",
        "generate (from scratch)",
        "regenerate after a body edit",
        "regenerate after a title edit",
        *(
            f"curriculum build --engine {engine}, {languages}"
            for engine in ("mkdocs", "zensical")
            for languages in ("1 language", "2 languages")
        ),
        "curriculum build --engine mkdocs, 1 language, without navigation.prune",
        "preview: save a module → its page served",
        "preview: save a template override → the open page served",
        "preview: save a template override → every page served",
        "module page HTML",
        "module page transfer, gzip",
        "offline precache",
        "peak memory, curriculum build --engine mkdocs, 2 languages",
    ):
        assert f"| 10 | {measure} |" in text, measure
    assert "× the bare engine (" in text
    assert "| 10 | regenerate after a body edit | " in text and "1 file(s) rewritten" in text
