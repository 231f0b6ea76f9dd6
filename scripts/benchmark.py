"""The benchmark: what the generator costs, against the engine it feeds, as the course grows.

`make benchmark` synthesises courses of 30, 100, 300 and 1,000 modules from a real module of this
course (in units of ten, the theme's navigation.prune on: what a long course would use), in one
language and in two, and measures, each figure a median:

- `validate`, against a plain pure-Python `yaml.safe_load` of the same files (the ratio);
- `generate` from scratch, and after editing one module's body and its title;
- `curriculum build` with MkDocs and Zensical against the bare engine building the same generated
  Markdown (scripts/benchmark_site.py), and the peak memory of both at the largest size;
- how a module page's HTML and the engine's time per module grow with the course; the same at
  300 modules without navigation.prune, to show what that lever does;
- what a learner downloads: a module page's own JS + CSS, its whole transfer gzipped, and the
  offline precache;
- the live preview at 300 modules: from saving a module file, or a template override, to the
  changed page served;
- `make check` and `make test` (skipped with --no-suite).

It prints a table and writes it, with a description of the machine, to benchmarks/RESULTS.md
(`--output` elsewhere); the notes below the table's marker there are kept. The smallest settings
(`--sizes 10 --runs 1 --no-suite`…) are the smoke test that `make test` runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from generator.build import forget_earlier_runs, generate, load_curriculum
from generator.project import Project
from generator.write import OWNED_FILES, OWNED_FOLDERS

from . import benchmark_site as site

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "curriculum" / "modules" / "prioritisation.yml"
UNIT_SIZE = 10  # modules per unit in the synthetic courses
Row = tuple[str, str, str, str]


def synthesise(root: Path, modules: int, *, languages: int = 1, prune: bool = True) -> Project:
    """A course project of ``modules`` copies of a real module, each with its own id and title.

    In units of ten; in two languages, each module with the German overlay of its sample; with
    navigation.prune in mkdocs.yml unless ``prune`` is false.
    """
    root.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if prune:
        config = config.replace(
            "    - navigation.indexes\n", "    - navigation.indexes\n    - navigation.prune\n", 1
        )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    curriculum = root / "curriculum"
    (curriculum / "modules").mkdir(parents=True)
    sources = (REPO / "curriculum" / "sources.yml").read_text(encoding="utf-8")
    copy = re.search(r"local_copy: (.+)", sources)
    if copy:  # keep quote verification on: point at the real copy from the new place
        absolute = (REPO / "curriculum" / copy.group(1)).resolve()
        sources = sources.replace(copy.group(1), str(absolute))
    (curriculum / "sources.yml").write_text(sources, encoding="utf-8")
    ids = [f"skill-{index:04d}" for index in range(1, modules + 1)]
    course = (REPO / "curriculum" / "course.yml").read_text(encoding="utf-8")
    path = re.search(r"^(units|modules):", course, re.MULTILINE)
    assert path, "course.yml has no learning path to replace"
    units = [ids[i : i + UNIT_SIZE] for i in range(0, len(ids), UNIT_SIZE)]
    course = (
        course[: path.start()]
        + "units:\n"
        + "".join(
            f"  - id: unit-{n}\n    title: Unit {n}\n    modules: [{', '.join(unit)}]\n"
            for n, unit in enumerate(units, start=1)
        )
    )
    course = re.sub(r"^complete_languages:.*\n", "", course, flags=re.MULTILINE)
    if languages == 1:
        course = re.sub(r"^languages:.*\n", "", course, flags=re.MULTILINE)
    (curriculum / "course.yml").write_text(course, encoding="utf-8")
    if (REPO / "curriculum" / "case.yml").is_file():  # the exercises name its parts
        shutil.copy(REPO / "curriculum" / "case.yml", curriculum / "case.yml")
    sample = SAMPLE.read_text(encoding="utf-8")
    overlay = SAMPLE.with_suffix(".de.yml").read_text(encoding="utf-8")
    for index, module_id in enumerate(ids, start=1):
        text = sample.replace(
            "title: Prioritisation and strategic decisions",
            f"title: Prioritisation and strategic decisions, part {index}",
        )
        # Every module's text its own, as in a real course: nothing judged once serves them all.
        text = text.replace(" the ", f" the{index} ")
        (curriculum / "modules" / f"{module_id}.yml").write_text(text, encoding="utf-8")
        if languages == 2:
            (curriculum / "modules" / f"{module_id}.de.yml").write_text(overlay, encoding="utf-8")
    return Project.at(root)


def median_seconds(
    action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
) -> float:
    """The median wall-clock time of ``action`` over ``runs`` runs, ``before`` run untimed each time."""
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def forgotten(project: Project) -> None:
    """Nothing remembered in this process, from the same heap each time."""
    forget_earlier_runs()
    gc.collect()


def cold(project: Project) -> None:
    """A first run: nothing generated on disk, nothing remembered in this process."""
    clear_generated(project)
    forget_earlier_runs()
    gc.collect()  # start from the same heap each time


def clear_generated(project: Project) -> None:
    for name in OWNED_FILES:
        (project.content_dir / name).unlink(missing_ok=True)
    for folder in OWNED_FOLDERS:
        shutil.rmtree(project.content_dir / folder, ignore_errors=True)


def plain_yaml_load(project: Project) -> None:
    """The baseline: PyYAML's pure-Python safe_load of every file validate reads."""
    for path in [
        project.curriculum_dir / "course.yml",
        project.curriculum_dir / "sources.yml",
        *sorted((project.curriculum_dir / "modules").glob("*.yml")),
    ]:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def edit(project: Project, old: str, new: str) -> Callable[[], None]:
    """An edit of the first module, toggled back and forth at each call."""
    path = project.curriculum_dir / "modules" / "skill-0001.yml"
    state = {"edited": False}

    def toggle() -> None:
        text = path.read_text(encoding="utf-8")
        before, after = (new, old) if state["edited"] else (old, new)
        path.write_text(text.replace(before, after, 1), encoding="utf-8")
        state["edited"] = not state["edited"]

    return toggle


def one_module_edits(project: Project, runs: int) -> dict[str, tuple[int, float]]:
    """Files rewritten and seconds to regenerate after editing one module's body, then its title."""
    results = {}
    edits = {
        "body": edit(
            project, "Use your real list, not a tidy hypothetical one.", "Use your own list."
        ),
        "title": edit(project, "part 1\n", "part 1, revised\n"),
    }
    for name, toggle in edits.items():
        generate(project)
        written: list[int] = []
        seconds = median_seconds(partial(_count_rewritten, project, written), runs, toggle)
        results[name] = (max(written), seconds)
    return results


def _count_rewritten(project: Project, counts: list[int]) -> None:
    counts.append(len(generate(project).report.written))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = names[0] if names else cpu
    packages = []
    for package in ("PyYAML", "Jinja2", "mkdocs", "mkdocs-material", "zensical"):
        try:
            packages.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            packages.append(f"{package} (not installed)")
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}), "
        f"Python {platform.python_version()}, libyaml {'yes' if yaml.__with_libyaml__ else 'no'}; "
        + ", ".join(packages)
    )


def has_zensical() -> bool:
    try:
        version("zensical")
        return True
    except PackageNotFoundError:
        return False


def pipeline_rows(project: Project, size: int, runs: int) -> tuple[list[Row], float]:
    """validate, generate and regenerate after an edit; also generate's time from scratch."""
    validate = median_seconds(partial(load_curriculum, project), runs, partial(forgotten, project))
    baseline = median_seconds(partial(plain_yaml_load, project), runs)
    full = median_seconds(partial(generate, project), runs, partial(cold, project))
    rows: list[Row] = [
        (f"{size}", "validate", f"{validate:.3f} s",
         f"{validate / baseline:.2f} × pure-Python yaml.safe_load ({baseline:.3f} s; target ≤ 0.5 ×)"),
        (f"{size}", "generate (from scratch)", f"{full:.3f} s", f"{full / size * 1000:.1f} ms per module"),
    ]  # fmt: skip
    for name, (written, seconds) in one_module_edits(project, runs).items():
        rows.append(
            (f"{size}", f"regenerate after a {name} edit", f"{seconds:.3f} s",
             f"{written} file(s) rewritten; {seconds / full:.0%} of a full generate")
        )  # fmt: skip
    return rows, validate


def build_rows(
    project: Project, size: int, languages: int, engines: list[str], runs: int
) -> tuple[list[Row], dict[str, tuple[float, float, int, int]]]:
    """`curriculum build` against the bare engine; per engine (ours, bare, our peak, bare peak)."""
    rows: list[Row] = []
    figures = {}
    label = "1 language" if languages == 1 else f"{languages} languages"
    for engine in engines:
        try:
            ours = [site.curriculum_build(project, engine) for _ in range(runs)]
            configs = site.bare_configs(project, engine)
            bare = [site.bare_build(project, engine, configs) for _ in range(runs)]
        except RuntimeError as error:  # the engine refused the course: that is the figure
            reason = str(error).strip().splitlines()  # the engine's own error first, then ours
            shown = next((line for line in reason if line.startswith("RuntimeError")), reason[-1])
            rows.append(
                (f"{size}", f"curriculum build --engine {engine}, {label}", "failed", shown[:300])
            )
            continue
        seconds = statistics.median(t for t, _ in ours)
        bare_seconds = statistics.median(t for t, _ in bare)
        peak, bare_peak = max(m for _, m in ours), max(m for _, m in bare)
        figures[engine] = (seconds, bare_seconds, peak, bare_peak)
        rows.append(
            (f"{size}", f"curriculum build --engine {engine}, {label}", f"{seconds:.2f} s",
             f"{seconds / bare_seconds:.2f} × the bare engine ({bare_seconds:.2f} s; target ≤ 1.05 ×); "
             f"{bare_seconds / size * 1000:.0f} ms per module bare")
        )  # fmt: skip
    return rows, figures


def weight_rows(project: Project, size: int, note: str = "") -> tuple[list[Row], float]:
    """A built module page's weight, its transfer and the precache; the page's HTML in bytes."""
    weight = site.page_weight(project.site_dir, "modules/skill-0001")
    files, cached = site.precache(project.site_dir)
    return [
        (f"{size}", f"module page HTML{note}", f"{weight['html'] / 1024:.1f} KiB",
         f"our own JS + CSS {weight['own'] / 1024:.1f} KiB (target ≤ 32 KiB)"),
        (f"{size}", f"module page transfer, gzip{note}", f"{weight['transfer'] / 1024:.1f} KiB",
         f"the HTML and the {weight['files'] - 1} files it loads from the site, as GitHub Pages serves them"),
        (f"{size}", f"offline precache{note}", f"{cached / 1024 / 1024:.1f} MiB",
         f"{files} files the service worker keeps after the first visit"),
    ], weight["html"]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 100, 300, 1000])
    parser.add_argument("--runs", type=int, default=3, help="of validate and generate")
    parser.add_argument("--build-runs", type=int, default=1, help="of each build")
    parser.add_argument("--two-language-sizes", type=int, nargs="+", default=[30, 300, 1000])
    parser.add_argument("--preview-size", type=int, default=300)
    parser.add_argument("--unpruned-size", type=int, default=300)
    parser.add_argument("--no-suite", action="store_true", help="skip timing make check/test")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    arguments = parser.parse_args(argv)
    # MkDocs last: the site left in site/ is MkDocs', whose pages are weighed
    engines = (["zensical"] if has_zensical() else []) + ["mkdocs"]
    rows: list[Row] = []
    validated: dict[int, float] = {}
    bare_per_module: dict[int, float] = {}
    html: dict[int, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            project = synthesise(Path(folder) / f"course-{size}", size)
            found, validated[size] = pipeline_rows(project, size, arguments.runs)
            rows += found
            found, figures = build_rows(project, size, 1, engines, arguments.build_runs)
            rows += found
            bare_per_module[size] = figures["mkdocs"][1] / size if "mkdocs" in figures else 0
            found, html[size] = weight_rows(project, size)
            rows += found
            if size == max(arguments.sizes):
                rows += memory_rows(size, "1 language", figures)
            if size == arguments.unpruned_size:
                plain = synthesise(Path(folder) / f"course-{size}-unpruned", size, prune=False)
                found, _ = build_rows(plain, size, 1, ["mkdocs"], arguments.build_runs)
                rows += [(s, m + ", without navigation.prune", f, n) for s, m, f, n in found]
                rows += weight_rows(plain, size, ", without navigation.prune")[0][:1]
                shutil.rmtree(plain.root)
            if size == arguments.preview_size:
                save, template, settled = site.preview_reloads(project, arguments.runs)
                rows += [
                    (f"{size}", "preview: save a module → its page served", f"{save:.2f} s", "target ≤ 1 s"),
                    (f"{size}", "preview: save a template override → the open page served", f"{template:.2f} s", "target ≤ 3 s"),
                    (f"{size}", "preview: save a template override → every page served", f"{settled:.2f} s", "the other pages rebuilt after the open one"),
                ]  # fmt: skip
            shutil.rmtree(project.root)
            write_results(arguments, rows, time.perf_counter() - started)  # so far
            if size in arguments.two_language_sizes:
                project = synthesise(Path(folder) / f"course-{size}-de", size, languages=2)
                found, figures = build_rows(project, size, 2, engines, arguments.build_runs)
                rows += found
                if size == max(arguments.sizes):
                    rows += memory_rows(size, "2 languages", figures)
                shutil.rmtree(project.root)
                write_results(arguments, rows, time.perf_counter() - started)
    rows += growth_rows(arguments.sizes, validated, bare_per_module, html)
    if not arguments.no_suite:
        times = site.suite_times(REPO)
        rows.append(("–", "make check", f"{times['check']:.0f} s", "target ≤ 60 s"))
        rows.append(("–", "make test", f"{times['test'] / 60:.1f} min", "target ≤ 5 min; from a warm .venv"))  # fmt: skip
    write_results(arguments, rows, time.perf_counter() - started)
    return 0


def memory_rows(
    size: int, label: str, figures: dict[str, tuple[float, float, int, int]]
) -> list[Row]:
    return [
        (f"{size}", f"peak memory, curriculum build --engine {engine}, {label}", f"{peak / 1024:.0f} MiB",
         f"{peak / bare_peak:.2f} × the bare engine ({bare_peak / 1024:.0f} MiB; target ≤ 1.2 ×)")
        for engine, (_, _, peak, bare_peak) in figures.items()
    ]  # fmt: skip


def growth_rows(
    sizes: list[int], validated: dict[int, float], bare: dict[int, float], html: dict[int, float]
) -> list[Row]:
    rows: list[Row] = []
    small, large = min(sizes), max(sizes)
    if small == large:
        return rows
    middle = 100 if 100 in sizes else small
    rows.append(
        (f"{middle} → {large}", "engine time per module (bare MkDocs)",
         f"{bare[large] / bare[middle]:.2f} ×", "target ≤ 1.3 ×")
    )  # fmt: skip
    rows.append(
        (f"{small} → {large}", "module page HTML", f"{html[large] / html[small]:.2f} ×", "target ≤ 1.5 ×")
    )  # fmt: skip
    rows.append(
        (f"{middle} → {large}", "validate", f"{validated[large] / validated[middle]:.1f} ×",
         f"for {large / middle:.0f} × the modules")
    )  # fmt: skip
    return rows


def write_results(arguments: argparse.Namespace, rows: list[Row], seconds: float) -> None:
    """The table so far into the results file (its notes kept), and printed."""
    table = ["| Modules | Measure | Figure | Ratio / note |", "| --- | --- | --- | --- |"]
    table += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    report = "\n".join(table)
    print(report, flush=True)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    previous = arguments.output.read_text(encoding="utf-8") if arguments.output.is_file() else ""
    notes = previous.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in previous else "\n"
    arguments.output.write_text(
        "# Benchmark results\n\n"
        f"`make benchmark`, {time.strftime('%Y-%m-%d')}, in {seconds / 60:.0f} minutes: validate "
        f"and generate the median of {arguments.runs} runs, each build of {arguments.build_runs}.\n\n"
        f"Machine: {machine()}.\n\n{report}\n\n<!-- notes -->{notes}",
        encoding="utf-8",
    )
    print(f"\nwrote {arguments.output}")


if __name__ == "__main__":
    raise SystemExit(main())
