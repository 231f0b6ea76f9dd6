"""Write: put the rendered pages into the content folder, touching only what changed.

The generator owns the pages in ``OWNED_FILES`` and the folders in ``OWNED_FOLDERS`` under the
content folder (the home page, sources, progress, journal, authoring and facilitator guides, the
case pack, Looking back, the certificate, the cohort view, the manifest, ``modules/`` and ``print/``), but only the files in them that carry its mark: a hand-written file standing in the way is reported and left
alone, and nothing is written at all until every page has been checked.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .problems import ContentError, Location, Problem, shown_path
from .render import GENERATED_MARK, RenderedPage

# Where generated pages live, relative to the content folder.
OWNED_FILES = (
    "index.md",
    "sources.md",
    "progress.md",
    "journal.md",
    "authoring.md",
    "facilitator.md",
    "case.md",
    "looking-back.md",
    "certificate.md",
    "facilitator/cohort.md",
    "manifest.json",
)
OWNED_FOLDERS = ("modules", "print")


@dataclass(frozen=True)
class WriteReport:
    """What writing the pages changed on disk, as paths relative to the content folder."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def is_generated(path: Path) -> bool:
    """Whether the file at ``path`` was written by the generator (and so may be replaced).

    Pages carry the mark on the first line of their front matter; the manifest, in its first key.
    """
    try:
        with path.open("rb") as file:
            return _carries_mark(file.read(len(GENERATED_MARK) + 24))
    except OSError:
        return False


def _carries_mark(text: bytes) -> bool:
    mark = GENERATED_MARK.encode()
    return text.startswith((b"---\n" + mark, b"---\r\n" + mark)) or text.startswith(
        b'{\n "generated": "' + mark[2:]
    )


def generated_files(content_dir: Path, leaving: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The generated pages now in the content folder, relative to it (but those in ``leaving``)."""
    candidates = [content_dir / name for name in OWNED_FILES]
    for folder in OWNED_FOLDERS:
        candidates += sorted((content_dir / folder).rglob("*.md"))
    relative = ((path, path.relative_to(content_dir).as_posix()) for path in candidates)
    return tuple(
        name
        for path, name in relative
        if name not in leaving and path.is_file() and not path.is_symlink() and is_generated(path)
    )


def hand_written_pages(content_dir: Path) -> tuple[str, ...]:
    """The Markdown pages in the content folder that the generator did not write."""
    generated = set(generated_files(content_dir))
    return tuple(
        path
        for path in sorted(p.relative_to(content_dir).as_posix() for p in content_dir.rglob("*.md"))
        if path not in generated
    )


def write_pages(pages: tuple[RenderedPage, ...], content_dir: Path, root: Path) -> WriteReport:
    """Write the pages that changed, remove generated pages no longer produced; never a hand-written one."""
    inside = _inside(content_dir)
    conflicts = []
    on_disk: dict[str, bytes | None] = {}  # each page's file as it is now (None: no file)
    for page in pages:
        target = content_dir / page.path
        if not inside(target):
            conflicts.append(
                Problem(
                    Location(shown_path(target, root), 1, 1),
                    "the generator writes only inside the content folder, and this page's path "
                    "leads out of it (through a symbolic link)",
                    "replace the symbolic link with a folder",
                )
            )
            continue
        try:
            now: bytes | None = target.read_bytes()
        except OSError:  # none there, or a folder, a broken link, a file it may not read
            now = None
        if (now is None and (target.exists() or target.is_symlink())) or (
            now is not None and not _carries_mark(now)
        ):
            conflicts.append(
                Problem(
                    Location(shown_path(target, root), 1, 1),
                    "a hand-written file stands where the generator writes a page; "
                    "it was left untouched",
                    f"move or rename it: the generator owns {', '.join(OWNED_FILES)} and "
                    f"{', '.join(f + '/' for f in OWNED_FOLDERS)} in the content folder",
                )
            )
        on_disk[page.path] = now
    if conflicts:
        raise ContentError(conflicts)

    removed = generated_files(content_dir, leaving=frozenset(on_disk))
    for path in removed:
        (content_dir / path).unlink()

    written = []
    for page in pages:
        data = page.text.encode("utf-8")
        if on_disk[page.path] == data:
            continue
        write_atomically(content_dir / page.path, data)
        written.append(page.path)
    return WriteReport(tuple(written), removed, len(pages) - len(written))


def _inside(content_dir: Path) -> Callable[[Path], bool]:
    """Whether a path in the content folder stays in it once its symbolic links are followed.

    Each folder is resolved once: the pages are in a few.
    """
    base = content_dir.resolve()
    folders: dict[Path, bool] = {}

    def inside(target: Path) -> bool:
        if target.is_symlink():
            return target.resolve().is_relative_to(base)
        folder = target.parent
        if folder not in folders:
            folders[folder] = folder.resolve().is_relative_to(base)
        return folders[folder]

    return inside


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` so that readers see the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# A file in a language of its own: `page.de.md`, `workbook.de.pdf` (the language before the suffix).
_LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2,3}(?:-[A-Za-z0-9]+)*)(\.[^./]+)$")


def language_of(name: str, languages: tuple[str, ...]) -> str | None:
    """The translation a file of the content folder belongs to, by its name (``x.de.md``), if any."""
    match = _LANGUAGE_SUFFIX.search(name)
    return match.group(1) if match and match.group(1) in languages[1:] else None


def mirror_content(
    content_dir: Path, folder: Path, language: str, languages: tuple[str, ...]
) -> None:
    """Make ``folder`` hold the content folder's hand-written files as ``language`` shows them.

    A page's translation (``page.de.md``) stands in for the page (``page.md``); another file in a
    language of its own (``downloads/x.de.pdf``) goes only into that language's folder; every other
    file is copied as it is. Generated pages are left out (the translation's own are written next),
    and so is anything the folder holds from an earlier run that the content folder no longer has.
    """
    generated = set(generated_files(content_dir))
    wanted: dict[str, Path] = {}
    for path in sorted(content_dir.rglob("*")):
        name = path.relative_to(content_dir).as_posix()
        if not path.is_file() or name in generated:
            continue
        own = language_of(path.name, languages)
        if own is None:
            wanted.setdefault(name, path)
        elif own == language:
            shown = (
                name[: -len(path.suffix) - len(own) - 1] + path.suffix
                if path.suffix == ".md"
                else name
            )
            wanted[shown] = path
    for path in sorted(folder.rglob("*"), reverse=True):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in wanted and not is_generated(path):
            path.unlink()
    for name, source in wanted.items():
        target = folder / name
        data = source.read_bytes()
        if not (target.is_file() and target.read_bytes() == data):
            write_atomically(target, data)
