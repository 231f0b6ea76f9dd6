"""The benchmark: how the generator's cost grows with the course, and what it adds to a site build.

`make benchmark` synthesises courses of 10, 100, 300 and 1,000 modules from a real module of this
course and measures, each figure the median of several runs:

- `validate`, against a plain pure-Python `yaml.safe_load` of the same files (the ratio);
- `generate` from scratch, and a full `curriculum build` with MkDocs (and Zensical where installed):
  the generator's share of the build;
- after editing one module's body, and its title: the files rewritten and the time to regenerate;
- the live preview: from saving a YAML file to the changed page being served, at 100 modules;
- the weight of a module page, and of our own JavaScript and CSS;
- how validate and generate grow from 100 to 1,000 modules.

It prints a table and writes it, with a description of the machine, to benchmarks/RESULTS.md
(`--output` elsewhere). `--sizes 10 --runs 1` is the smoke test that `make test` runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml

from generator.build import forget_earlier_runs, generate, load_curriculum
from generator.engines.settings import SCRIPTS, STYLES
from generator.project import Project
from generator.write import OWNED_FILES, OWNED_FOLDERS

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "curriculum" / "modules" / "prioritisation.yml"
# What a module page loads of the engine's own (tests/test_design.py checks it is all it loads).
MODULE_PAGE_FILES = (*SCRIPTS.values(), *STYLES.values())


def synthesise(root: Path, modules: int) -> Project:
    """A course project of ``modules`` copies of a real module, each with its own id and title."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
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
    course = course[: path.start()] + "modules:\n" + "".join(f"  - {i}\n" for i in ids)
    (curriculum / "course.yml").write_text(course, encoding="utf-8")
    if (REPO / "curriculum" / "case.yml").is_file():  # the exercises name its parts
        shutil.copy(REPO / "curriculum" / "case.yml", curriculum / "case.yml")
    sample = SAMPLE.read_text(encoding="utf-8")
    for index, module_id in enumerate(ids, start=1):
        text = sample.replace(
            "title: Prioritisation and strategic decisions",
            f"title: Prioritisation and strategic decisions, part {index}",
        )
        # Every module's text its own, as in a real course: nothing judged once serves them all.
        text = text.replace(" the ", f" the{index} ")
        (curriculum / "modules" / f"{module_id}.yml").write_text(text, encoding="utf-8")
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


def curriculum_build(project: Project, engine: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--engine", engine],
        cwd=project.root,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


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


def preview_reload(project: Project, runs: int) -> float:
    """Seconds from saving a module's YAML to `curriculum serve` serving the changed page."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}/modules/skill-0001/"
    path = project.curriculum_dir / "modules" / "skill-0001.yml"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=10) as reply:
                return reply.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 300
        while text not in page():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the preview never showed {text!r}")
            time.sleep(0.05)

    try:
        wait_for("part 1")
        times = []
        for run in range(runs):
            marker = f"Edited in run {run}"
            text = path.read_text(encoding="utf-8")
            start = time.perf_counter()
            path.write_text(
                re.sub(r"Use your (real|own) list[^.]*\.|Edited in run \d+", marker, text, count=1),
                encoding="utf-8",
            )
            wait_for(marker)
            times.append(time.perf_counter() - start)
            time.sleep(1.5)  # let the preview settle before the next edit
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(timeout=30)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build-sizes", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--preview-size", type=int, default=100)
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    arguments = parser.parse_args(argv)
    engines = ["mkdocs"] + (["zensical"] if has_zensical() else [])
    rows: list[tuple[str, ...]] = []
    figures: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            project = synthesise(Path(folder) / f"course-{size}", size)
            validate = median_seconds(
                partial(load_curriculum, project), arguments.runs, partial(forgotten, project)
            )
            baseline = median_seconds(partial(plain_yaml_load, project), arguments.runs)
            full = median_seconds(
                partial(generate, project), arguments.runs, partial(cold, project)
            )
            figures[("validate", size)], figures[("generate", size)] = validate, full
            rows.append(
                (
                    f"{size}",
                    "validate",
                    f"{validate:.3f} s",
                    f"{validate / baseline:.2f} × pure-Python yaml.safe_load ({baseline:.3f} s)",
                )
            )
            rows.append(
                (
                    f"{size}",
                    "generate (from scratch)",
                    f"{full:.3f} s",
                    f"{full / size * 1000:.1f} ms per module",
                )
            )
            for name, (written, seconds) in one_module_edits(project, arguments.runs).items():
                rows.append(
                    (
                        f"{size}",
                        f"regenerate after a {name} edit",
                        f"{seconds:.3f} s",
                        f"{written} file(s) rewritten; {seconds / full:.0%} of a full generate",
                    )
                )
            if size in arguments.build_sizes:
                for engine in engines:
                    build = median_seconds(
                        partial(curriculum_build, project, engine), arguments.runs
                    )
                    rows.append(
                        (
                            f"{size}",
                            f"curriculum build --engine {engine}",
                            f"{build:.2f} s",
                            f"generate is {full / build:.1%} of it",
                        )
                    )
            if size == arguments.preview_size:
                reload = preview_reload(project, arguments.runs)
                build = median_seconds(partial(curriculum_build, project, "mkdocs"), 1)
                rows.append(
                    (
                        f"{size}",
                        "preview: save → changed page served",
                        f"{reload:.2f} s",
                        f"{reload / build:.0%} of a full MkDocs build ({build:.2f} s)",
                    )
                )
            if size == min(arguments.sizes):
                curriculum_build(project, "mkdocs")
                page = project.site_dir / "modules" / "skill-0001" / "index.html"
                assets = sum(path.stat().st_size for path in MODULE_PAGE_FILES)
                rows.append(
                    (
                        f"{size}",
                        "module page weight",
                        f"{page.stat().st_size / 1024:.1f} KB",
                        f"HTML; our own JS + CSS {assets / 1024:.1f} KB of the 40 KB budget",
                    )
                )
    for stage in ("validate", "generate"):
        if (stage, 100) in figures and (stage, 1000) in figures:
            growth = figures[(stage, 1000)] / figures[(stage, 100)]
            rows.append(
                (
                    "100 → 1000",
                    f"{stage} growth",
                    f"{growth:.1f} ×",
                    "for 10 × the modules (linear: 10 ×)",
                )
            )
    table = ["| Modules | Measure | Figure | Ratio / note |", "| --- | --- | --- | --- |"]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    report = "\n".join(table)
    print(report)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    previous = arguments.output.read_text(encoding="utf-8") if arguments.output.is_file() else ""
    notes = previous.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in previous else "\n"
    arguments.output.write_text(
        "# Benchmark results\n\n"
        f"`make benchmark` ({arguments.runs} runs each, medians), {time.strftime('%Y-%m-%d')}.\n\n"
        f"Machine: {machine()}.\n\n{report}\n\n<!-- notes -->{notes}",
        encoding="utf-8",
    )
    print(f"\nwrote {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
