"""The options a course sets for the engine, under the plugin's name in mkdocs.yml.

```yaml
plugins:
  - search
  - curriculum:
      curriculum_dir: curriculum
      strict_alignment: true
```

They follow MkDocs' ``config_options`` conventions, so MkDocs itself checks them when it loads the
plugin; the ``curriculum`` command reads the same declarations from the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

PLUGIN_NAME = "curriculum"


class CurriculumOptions(base.Config):
    """The plugin's options."""

    # The folder instructors edit (course.yml, sources.yml, modules/), relative to mkdocs.yml.
    curriculum_dir = c.Type(str, default="curriculum")
    # Templates that replace the built-in ones of the same name, relative to mkdocs.yml.
    templates_dir = c.Type(str, default="templates")
    # Alignment warnings (an objective no exercise practises…) stop every build, as CI wants.
    strict_alignment = c.Type(bool, default=False)
    # The live preview shows draft modules, marked as drafts (`curriculum serve --no-drafts`: no).
    preview_drafts = c.Type(bool, default=True)
    # The language the live preview shows (`curriculum serve --language de`): the originals' by
    # default. A build makes every language's site and ignores it.
    preview_language = c.Optional(c.Type(str))


class OptionsError(Exception):
    """mkdocs.yml's options for the engine are wrong; the message says which and why."""


def read_options(config_file: Path) -> tuple[CurriculumOptions, str | None]:
    """The plugin's options in ``config_file`` (defaults without one), and its docs_dir if set."""
    options = CurriculumOptions(config_file_path=str(config_file))
    raw: dict[str, Any] = {}
    if config_file.is_file():
        from mkdocs.utils.yaml import yaml_load

        with config_file.open("rb") as file:
            raw = yaml_load(file) or {}
    given = next(
        (
            entry[PLUGIN_NAME] or {}
            for entry in raw.get("plugins") or []
            if isinstance(entry, dict) and PLUGIN_NAME in entry
        ),
        {},
    )
    options.load_dict(given)
    errors, _warnings = options.validate()
    if errors:
        raise OptionsError(
            "; ".join(f"plugins: {PLUGIN_NAME}: {name}: {error}" for name, error in errors)
        )
    docs_dir = raw.get("docs_dir")
    return options, docs_dir if isinstance(docs_dir, str) else None


def uses_plugin(config_file: Path) -> bool:
    """Whether mkdocs.yml names the engine's plugin under ``plugins:``."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as file:
        raw = yaml_load(file) or {}
    return any(
        entry == PLUGIN_NAME or (isinstance(entry, dict) and PLUGIN_NAME in entry)
        for entry in raw.get("plugins") or []
    )
