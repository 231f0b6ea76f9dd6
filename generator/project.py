"""Where a course project keeps its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of one course project, all under its root (the folder with mkdocs.yml)."""

    root: Path
    curriculum_dir: Path  # what instructors edit: course.yml, sources.yml and modules/
    content_dir: Path  # MkDocs' docs_dir: hand-written pages plus the generated ones

    @classmethod
    def at(cls, root: Path, content_dir: Path | None = None) -> Project:
        """The project whose root is ``root``, laid out as this repository is."""
        root = root.resolve()
        return cls(root, root / "curriculum", content_dir or root / "content")

    @property
    def templates_dir(self) -> Path | None:
        """The project's own templates, replacing built-in ones of the same name (if it has any)."""
        folder = self.root / "templates"
        return folder if folder.is_dir() else None

    @property
    def site_dir(self) -> Path:
        """The built site."""
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        """The site engine's configuration."""
        return self.root / "mkdocs.yml"
