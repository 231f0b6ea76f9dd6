"""Where a course project keeps its files, as its mkdocs.yml says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Where the generator keeps each translation's pages (beside the content folder, never edited).
LANGUAGES_FOLDER = ".languages"


@dataclass(frozen=True)
class Project:
    """The folders of one course project, all under its root (the folder with mkdocs.yml)."""

    root: Path
    curriculum_dir: Path  # what instructors edit: course.yml, sources.yml and modules/
    content_dir: Path  # MkDocs' docs_dir: hand-written pages plus the generated ones
    templates_folder: Path | None = None  # templates that replace built-in ones, if it has any
    strict_alignment: bool = False  # alignment warnings are errors in every run

    @classmethod
    def at(cls, root: Path, content_dir: Path | None = None) -> Project:
        """The project whose root is ``root``, laid out as its mkdocs.yml's plugin options say.

        OptionsError: the options are wrong.
        """
        from .options import read_options

        root = root.resolve()
        options, docs_dir = read_options(root / "mkdocs.yml")
        return cls(
            root=root,
            curriculum_dir=root / options.curriculum_dir,
            content_dir=content_dir or root / (docs_dir or "docs"),
            templates_folder=root / options.templates_dir,
            strict_alignment=options.strict_alignment,
        )

    @property
    def templates_dir(self) -> Path | None:
        """The project's own templates, replacing built-in ones of the same name (if it has any)."""
        folder = self.templates_folder
        return folder if folder is not None and folder.is_dir() else None

    def language_dir(self, language: str) -> Path:
        """The content folder of a translation: the generator's own, rebuilt at every build."""
        return self.root / LANGUAGES_FOLDER / language

    @property
    def site_dir(self) -> Path:
        """The built site."""
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        """The site engine's configuration."""
        return self.root / "mkdocs.yml"
