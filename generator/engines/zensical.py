"""The Zensical engine: the same course, built by Material's successor.

Zensical reads mkdocs.yml but runs no MkDocs plugins, so what the plugin does happens here: the
pages are already generated; a configuration that inherits mkdocs.yml adds the site's name and
navigation from the curriculum, the engine's styles and script, and Zensical's partial overrides
from the engine (Material's would replace Zensical's own templates); once Zensical has built the
site, the engine's files are copied in and every page gets the site's Content-Security-Policy
(generator/csp.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from ..build import SitePages
from ..csp import add_policy_to_site
from ..project import Project
from ..write import write_atomically
from . import EngineError
from .settings import SCRIPTS, STYLES, THEME_OVERRIDES, engine_settings, served_files

# Beside mkdocs.yml, because Zensical resolves every path in a configuration from its folder; one
# per language, whose builds run side by side (workers.py).
CONFIG_NAME = ".zensical.generated.yml"


def config_name(pages: SitePages) -> str:
    """The name of the configuration written for the build of ``pages``' language."""
    if not pages.is_translation:
        return CONFIG_NAME
    return CONFIG_NAME.removesuffix(".yml") + f".{pages.language}.yml"


def build_with_engine(project: Project, pages: SitePages, site_dir: Path) -> None:
    """Build the site of ``pages``' language into ``site_dir`` with Zensical, in strict mode."""
    from mkdocs.utils.yaml import yaml_load

    settings = engine_settings(pages)
    with project.config_file.open("rb") as file:
        own = yaml_load(file) or {}
    if own.get("nav"):
        del settings["nav"]  # the maintainer's own navigation wins, as it does with MkDocs
    theme: dict[str, Any] = {"custom_dir": str(THEME_OVERRIDES["zensical"])}
    if pages.languages:
        theme["language"] = settings["language"]
    config: dict[str, Any] = {
        "INHERIT": project.config_file.name,
        "site_name": settings["site_name"],
        **({"nav": settings["nav"]} if "nav" in settings else {}),
        "docs_dir": os.path.relpath(pages.content_dir, project.root),
        "site_dir": os.path.relpath(site_dir, project.root),
        "theme": theme,
        # The lists of the configuration it inherits are replaced, not extended: repeat them.
        "extra_css": [  # the engine's first, as with MkDocs: a course's own styles win
            *(p for p in STYLES if p not in (own.get("extra_css") or [])),
            *(own.get("extra_css") or []),
        ],
        "extra_javascript": [
            *(own.get("extra_javascript") or []),
            *(p for p in SCRIPTS if p not in (own.get("extra_javascript") or [])),
        ],
    }
    if settings["alternate"]:
        config["extra"] = {"alternate": settings["alternate"]}
    if pages.is_translation and own.get("site_url"):
        config["site_url"] = f"{str(own['site_url']).rstrip('/')}/{pages.language}/"
    others = [f"*.{language}.*" for language in pages.languages[1:]]
    if others and not pages.is_translation:  # a translation's files are its own site's
        config["exclude_docs"] = "\n".join(
            [*str(own.get("exclude_docs") or "").splitlines(), *others]
        )
    config_file = project.root / config_name(pages)
    header = "# Written by `curriculum build --engine zensical` for each build: do not edit.\n"
    write_atomically(config_file, (header + yaml.safe_dump(config, sort_keys=False)).encode())
    try:
        result = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config_file)],
            cwd=project.root,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    except OSError as error:
        raise EngineError(f"Zensical could not be started: {error}") from None
    sys.stderr.write(result.stdout + result.stderr)
    if result.returncode != 0:
        if "No module named zensical" in result.stderr:
            raise EngineError(
                "Zensical is not installed: install the project with its `zensical` extra "
                "(`make test` does)"
            )
        raise EngineError(f"Zensical could not build the site (exit code {result.returncode})")
    for path, content in served_files(pages).items():
        if not (pages.content_dir / path).exists():  # a course's own file wins
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_bytes(content)
    try:
        add_policy_to_site(site_dir)
    except ValueError as error:
        raise EngineError(f"the pages cannot carry the Content-Security-Policy: {error}") from None
