"""What instructors' text and paths may not carry into a published page or a build.

A course is built from YAML that contributors change through pull requests and is published on the
open web, so the validator refuses, at their file and line: web addresses that are not http(s);
paths that lead out of the repository (except into the folders course.yml trusts); and anywhere
in a file, the invisible bidirectional control characters that make text display other than it
reads. Markdown fields are judged by the HTML they become, in ``markup.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

# Characters that reorder text when it is displayed (the "Trojan Source" characters).
BIDI_CONTROLS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
_BIDI = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def web_address_problem(url: str) -> str | None:
    """Why ``url`` may not be linked to (None if it may): only absolute http(s) addresses."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"{url!r} is not a web address: only http:// and https:// links are allowed"
    return None


def bidi_controls(text: str) -> list[tuple[int, str]]:
    """The offset and name of each bidirectional control character in ``text``."""
    return [(match.start(), BIDI_CONTROLS[match.group()]) for match in _BIDI.finditer(text)]


def outside_problem(path: Path, root: Path, trusted: tuple[Path, ...] = ()) -> str | None:
    """Why the build may not read ``path`` (None if it may): the one rule for paths.

    A path, with every symbolic link on the way followed, must lead inside the repository
    (``root``) or inside one of the ``trusted`` folders course.yml names.
    """
    real = path.resolve()
    if any(real.is_relative_to(folder.resolve()) for folder in (root, *trusted)):
        return None
    return "leads outside the repository" + (
        " and outside the folders course.yml trusts" if trusted else ""
    )
