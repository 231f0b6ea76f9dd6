"""The Zensical engine: the same course, built by Material's successor.

Zensical reads mkdocs.yml but runs no MkDocs hooks, so what the hook does happens here: the pages are
already generated, a configuration that inherits mkdocs.yml adds the site's name and navigation
from the curriculum, and once Zensical has built the site, every page gets the site's
Content-Security-Policy (generator/csp.py). It also swaps Material's partial overrides
(``overrides/material``) for Zensical's (``overrides/zensical``): their templates differ, and an
override written for one would replace the other's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from ..csp import add_policy_to_site
from ..model import Curriculum
from ..project import Project
from ..render import engine_settings
from ..write import hand_written_pages, write_atomically
from . import EngineError

# Beside mkdocs.yml, because Zensical resolves every path in a configuration from its folder.
CONFIG_NAME = ".zensical.generated.yml"


def build_with_engine(project: Project, curriculum: Curriculum, site_dir: Path) -> None:
    """Build the project's site into ``site_dir`` with Zensical, in strict mode."""
    settings = engine_settings(curriculum, hand_written_pages(project.content_dir))
    mkdocs_yml = project.config_file.read_text(encoding="utf-8")
    if re.search(r"^nav:", mkdocs_yml, re.MULTILINE):
        del settings["nav"]  # the maintainer's own navigation wins, as it does with MkDocs
    config = {
        "INHERIT": project.config_file.name,
        **settings,
        "site_dir": os.path.relpath(site_dir, project.root),
        "theme": {"custom_dir": "overrides/zensical"},
    }
    config_file = project.root / CONFIG_NAME
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
    try:
        add_policy_to_site(site_dir)
    except ValueError as error:
        raise EngineError(f"the pages cannot carry the Content-Security-Policy: {error}") from None
