"""Offline: the published site as an installable web app that works without the network.

``curriculum build`` (the site that is published) finishes with :func:`make_offline`, whichever
engine built it: it writes a web app manifest with icons made from the course's logo and colour,
and a service worker at the site's root holding the list of every file of the build with a hash
of its content, and links each page to the manifest; learner.js registers the worker on pages
that have that link. The live preview and the exports (SCORM, Common Cartridge, PDF) never run
this step, so they have no worker.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .build import SitePages

PACKAGE = Path(__file__).resolve().parent
WORKER = "sw.js"
# What the preview serves as sw.js: it retires a published site's worker left on its address.
RETIRING_WORKER = PACKAGE / "assets" / "service-worker-off.js"
MANIFEST = "manifest.webmanifest"
ICON_SIZES = (192, 512)
# Files the worker does not keep: itself (the browser fetches it), and compressed copies.
_NOT_KEPT = re.compile(r"^sw\.js$|\.gz$")
# Material's named primary colours (its palette's `primary`), for the theme colour and icons.
MATERIAL_PRIMARY = {
    "red": "#ef5552", "pink": "#e92063", "purple": "#ab47bd", "deep-purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light-green": "#8bc34b", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep-orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue-grey": "#546d78", "black": "#000000",
    "white": "#ffffff",
}  # fmt: skip
_CSS_PRIMARY = re.compile(r"--md-primary-fg-color:\s*(#[0-9a-fA-F]{6})\s*;")


def make_offline(site_dir: Path, sites: Sequence[SitePages], config_file: Path) -> None:
    """Make the built site in ``site_dir`` installable and readable offline, in every language.

    Each language's site has its manifest (its own name, language and start page); one worker at
    the root keeps every language's files.
    """
    theme = _theme(config_file)
    colour = _primary_colour(theme)
    icons = _write_icons(site_dir, colour, _logo_path(theme))
    translations = {pages.site_path for pages in sites if pages.site_path}
    for pages in sites:
        folder = site_dir / pages.site_path
        up = "../" if pages.site_path else ""
        manifest = {
            "name": pages.title,
            "short_name": pages.title[:30],
            "description": pages.description,
            "lang": pages.language,
            "start_url": "./",
            "scope": "./",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": colour,
            "icons": [{**icon, "src": up + icon["src"]} for icon in icons],
        }
        (folder / MANIFEST).write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        skipped = set() if pages.site_path else translations
        _link_pages(folder, colour, skipped)
    files = _kept_files(site_dir)
    version = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    worker = (PACKAGE / "assets" / "service-worker.js").read_text(encoding="utf-8")
    worker = worker.replace("var FILES = [];", f"var FILES = {json.dumps(files)};", 1)
    worker = worker.replace('var VERSION = "";', f'var VERSION = "{version}";', 1)
    (site_dir / WORKER).write_text(worker, encoding="utf-8")


def _kept_files(site_dir: Path) -> list[list[str]]:
    """Every file of the site but the worker, as [path from the root, hash of its content]."""
    files = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if _NOT_KEPT.search(relative):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        files.append([relative, digest])
    return files


def _link_pages(site_dir: Path, colour: str, skipped: set[str]) -> None:
    """Each page names the manifest (relative to itself, so that a sub-path works).

    ``skipped``: the folders of translations, whose pages name their own.
    """
    for page in site_dir.rglob("*.html"):
        parts = page.relative_to(site_dir).parts
        if parts[0] in skipped:
            continue
        depth = len(parts) - 1
        href = "../" * depth + MANIFEST
        head = (
            f'<link rel="manifest" href="{href}"><meta name="theme-color" content="{colour}">'
        ).encode()
        text = page.read_bytes()
        if b'rel="manifest"' not in text and b"</head>" in text:
            page.write_bytes(text.replace(b"</head>", head + b"</head>", 1))


def _theme(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml's theme settings (its tags, !ENV and Python names, read as nothing)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
    except (OSError, yaml.YAMLError):
        return {}
    theme = config.get("theme") if isinstance(config, dict) else None
    return theme if isinstance(theme, dict) else {}


def _primary_colour(theme: dict[str, Any]) -> str:
    """The theme's primary colour: a Material name, or the engine's own (course.css)."""
    palette = theme.get("palette")
    first = palette[0] if isinstance(palette, list) and palette else palette
    name = first.get("primary") if isinstance(first, dict) else None
    if isinstance(name, str) and name.replace(" ", "-").lower() in MATERIAL_PRIMARY:
        return MATERIAL_PRIMARY[name.replace(" ", "-").lower()]
    found = _CSS_PRIMARY.search((PACKAGE / "assets" / "course.css").read_text(encoding="utf-8"))
    return found.group(1) if found else "#000000"


def _logo_path(theme: dict[str, Any]) -> str | None:
    """The path data of the theme's logo icon (``theme.icon.logo``), if it is one Material has."""
    icon = theme.get("icon")
    logo = icon.get("logo") if isinstance(icon, dict) else None
    if not isinstance(logo, str) or not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", logo):
        return None
    try:
        import material

        svg = (Path(material.__file__).parent / "templates" / ".icons" / f"{logo}.svg").read_text(
            encoding="utf-8"
        )
    except (ImportError, OSError):
        return None
    paths = re.findall(r'<path d="([^"]+)"', svg)
    return " ".join(paths) if paths and 'viewBox="0 0 24 24"' in svg else None


def _write_icons(site_dir: Path, colour: str, logo: str | None) -> list[dict[str, str]]:
    """The app's icons: PNGs in the theme's colour, and the logo on it as an SVG."""
    folder = site_dir / "assets" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    icons = []
    for size in ICON_SIZES:
        (folder / f"icon-{size}.png").write_bytes(_png(size, colour))
        icons.append(
            {"src": f"assets/icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
        )
    if logo:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
            f'<rect width="24" height="24" rx="4" fill="{colour}"/>'
            f'<path transform="translate(4.8 4.8) scale(0.6)" fill="#fff" d="{logo}"/></svg>\n'
        )
        (folder / "icon.svg").write_text(svg, encoding="utf-8")
        icons.append({"src": "assets/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"})
    return icons


def _png(size: int, colour: str) -> bytes:
    """A square PNG in ``colour`` with a white ring in its middle (no imaging library needed)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    background, white = bytes((red, green, blue)), b"\xff\xff\xff"
    centre, outer, inner = size / 2, size * 0.3, size * 0.2
    rows = []
    for y in range(size):
        dy = y + 0.5 - centre
        row = bytearray(background * size)
        if abs(dy) < outer:
            half_outer = (outer * outer - dy * dy) ** 0.5
            half_inner = (inner * inner - dy * dy) ** 0.5 if abs(dy) < inner else 0.0
            for start, end in (
                (centre - half_outer, centre - half_inner),
                (centre + half_inner, centre + half_outer),
            ):
                first, last = round(start), round(end)
                row[first * 3 : last * 3] = white * (last - first)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
