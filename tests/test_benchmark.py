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
            "--sizes",
            "10",
            "--runs",
            "1",
            "--build-sizes",
            "10",
            "--preview-size",
            "10",
            "--output",
            str(output),
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
        "curriculum build --engine mkdocs",
        "curriculum build --engine zensical",
        "preview: save → changed page served",
        "module page weight",
    ):
        assert f"| 10 | {measure} |" in text, measure
    assert "| 10 | regenerate after a body edit | " in text and "1 file(s) rewritten" in text
