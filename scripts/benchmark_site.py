"""The benchmark's measures of built sites: builds against the bare engine, memory, weight, preview.

scripts/benchmark.py runs these on its synthetic courses:

- `curriculum build` against a **bare engine build** of the same generated Markdown: MkDocs or
  Zensical with nothing of ours (no curriculum plugin, no CSP, no offline files), given the same
  navigation and site name, one build per language of the course;
- the peak resident memory of each (the largest process of its tree);
- a module page's HTML, our own JS + CSS on it, and its whole transfer gzip-compressed as GitHub
  Pages serves it (the HTML, and every script, stylesheet and image it loads from the site);
  the offline precache (every file the service worker keeps);
- the live preview: from saving a module file, or a template override, to the changed page served.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from generator.build import generate_languages
from generator.engines.settings import SCRIPTS, STYLES, engine_settings, site_pages
from generator.project import Project
from generator.render import TEMPLATES

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
OWN_FILES = (*SCRIPTS, *STYLES)  # what a plain module page loads of the engine's own
# Runs a command and prints the peak resident memory of its largest process, in KiB (Linux).
_PEAK_MEMORY = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Run ``command`` in ``cwd``: its wall time in seconds and its peak memory in KiB."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=ENV,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds, int(result.stderr.strip().splitlines()[-1])


def curriculum_build(project: Project, engine: str) -> tuple[float, int]:
    return timed([sys.executable, "-m", "generator", "build", "--engine", engine], project.root)


def bare_configs(project: Project, engine: str) -> list[Path]:
    """For each language, a configuration for the bare engine on the pages `generate` wrote.

    mkdocs.yml without the curriculum plugin, with the navigation and name the plugin would set;
    for Zensical, the same settings its adapter writes, without the adapter's work afterwards.
    """
    configs = []
    own = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    for pages in (site_pages(generation) for generation in generate_languages(project)):
        settings = engine_settings(pages)
        plugins = [p for p in own.get("plugins") or [] if p != "curriculum"]
        config: dict[str, Any] = {
            "INHERIT": project.config_file.name,
            "site_name": settings["site_name"],
            "nav": settings["nav"],
            "docs_dir": os.path.relpath(pages.content_dir, project.root),
            "site_dir": f".bare-site/{pages.site_path or 'root'}",
            "plugins": plugins,
        }
        if pages.languages:
            config["theme"] = {"language": settings["language"]}
        others = [f"*.{language}.*" for language in pages.languages[1:]]
        if others and not pages.is_translation:
            config["exclude_docs"] = "\n".join(others)
        path = project.root / f".bare-{engine}-{pages.language}.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        configs.append(path)
    return configs


class _Loader(yaml.SafeLoader):
    """mkdocs.yml read as data: its tags (!ENV, !!python/name) read as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # type: ignore[no-untyped-call]


def bare_build(project: Project, engine: str, configs: list[Path]) -> tuple[float, int]:
    """The bare engine building every language's pages: seconds in all, the peak memory."""
    seconds, memory = 0.0, 0
    for config in configs:
        shutil.rmtree(project.root / ".bare-site", ignore_errors=True)
        command = (
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
            if engine == "mkdocs"
            else [sys.executable, "-m", "zensical", "build", "-f", str(config)]
        )
        took, peak = timed(command, project.root)
        seconds, memory = seconds + took, max(memory, peak)
    return seconds, memory


class _Loads(HTMLParser):
    """The site's files a page loads: scripts, stylesheets, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"] or "")
        elif tag == "link" and found.get("rel") in ("stylesheet", "icon") and found.get("href"):
            self.urls.append(found["href"] or "")
        elif tag == "img" and found.get("src"):
            self.urls.append(found["src"] or "")


def page_weight(site: Path, page: str) -> dict[str, float]:
    """A page's HTML, our own JS + CSS, and everything it loads from the site gzipped (bytes).

    learner.js loads its parts (learner-*.js) on the pages that use them: a plain module page
    loads none.
    """
    html_file = site / page / "index.html"
    html = html_file.read_bytes()
    parser = _Loads()
    parser.feed(html.decode("utf-8"))
    loaded = {html_file}
    for url in parser.urls:
        if re.match(r"^[a-z]+:|^//", url):
            continue
        target = (html_file.parent / url.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            loaded.add(target)
    own = sum((site / path).stat().st_size for path in OWN_FILES)
    return {
        "html": len(html),
        "own": own,
        "transfer": sum(len(gzip.compress(path.read_bytes(), 9)) for path in loaded),
        "files": len(loaded),
    }


def precache(site: Path) -> tuple[int, int]:
    """The files the service worker keeps for offline reading: how many, and their bytes."""
    worker = (site / "sw.js").read_text(encoding="utf-8")
    listed = re.search(r"var FILES = (\[.*?\]);", worker, re.DOTALL)
    files = yaml.safe_load(listed.group(1)) if listed else []
    return len(files), sum((site / path).stat().st_size for path, _digest in files)


def preview_reloads(project: Project, runs: int) -> tuple[float, float, float]:
    """Seconds from saving a module's YAML to `curriculum serve` serving its changed page, from
    saving a template override to the page open in the browser served changed, and from that save
    to the last module's page served changed too (medians)."""
    override = project.templates_folder or project.root / "templates"
    override.mkdir(parents=True, exist_ok=True)
    template = override / "module.md.j2"
    source = (TEMPLATES / "module.md.j2").read_text(encoding="utf-8")
    template.write_text(source, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    site = f"http://127.0.0.1:{port}/modules/"
    url = f"{site}skill-0001/"
    # For "every page": a page the browser has not asked for (one the preview rebuilds last), a
    # new one each run; it is served changed once the preview has rebuilt every page.
    unseen = [
        f"{site}{path.stem}/" for path in sorted(project.curriculum_dir.glob("modules/*.yml"))
    ]
    module = project.curriculum_dir / "modules" / "skill-0001.yml"
    try:
        _wait_for(url, "part 1", deadline=600)
        saves = [_edit_and_wait(url, module, r"Use your (real|own) list[^.]*\.|Edited \w+ \d+", run)[0]
                 for run in range(runs)]  # fmt: skip
        templates = [_edit_and_wait(url, template, r"<!-- edited \w+ \d+ -->|\Z", run, "<!-- %s -->", unseen[-1 - run])
                     for run in range(runs)]  # fmt: skip
        return (
            statistics.median(saves),
            statistics.median(t for t, _ in templates),
            statistics.median(t for _, t in templates),
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(override, ignore_errors=True)


def _edit_and_wait(
    url: str, path: Path, pattern: str, run: int, shown: str = "%s", last: str | None = None
) -> tuple[float, float]:
    """Seconds from the edit to ``url`` served with it, and to ``last`` served with it too (then
    the next edit finds the preview idle)."""
    marker = f"Edited run {run}" if shown == "%s" else f"edited run {run}"
    text = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    path.write_text(re.sub(pattern, shown % marker, text, count=1), encoding="utf-8")
    _wait_for(url, marker, deadline=600)
    took = time.perf_counter() - start
    if last is not None:  # and the rest of the preview has caught up
        _wait_for(last, marker, deadline=600)
    settled = time.perf_counter() - start
    time.sleep(1.5)  # let the preview settle before the next edit
    return took, settled


def _wait_for(url: str, text: str, deadline: float) -> None:
    end = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as reply:
                if text in reply.read().decode("utf-8"):
                    return
        except OSError:
            pass
        if time.monotonic() > end:
            raise TimeoutError(f"the preview never showed {text!r}")
        time.sleep(0.05)


def suite_times(repo: Path) -> dict[str, float]:
    """`make check` and `make test` in ``repo`` from its warm .venv: wall seconds each."""
    times = {}
    for target in ("check", "test"):
        start = time.perf_counter()
        subprocess.run(["make", "-s", target], cwd=repo, capture_output=True, check=True, env=ENV)
        times[target] = time.perf_counter() - start
    return times
