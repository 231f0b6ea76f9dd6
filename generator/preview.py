"""What the live preview adds to MkDocs' server (used by the plugin, plugin.py).

A save shows sooner: the server looks for saved files more often, keeps the theme's compiled
templates from one rebuild to the next, and, when a save changes many pages (an edit to a
template override changes every module's), rebuilds the pages the browser shows first and the
others in the rebuild after.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from contextlib import suppress
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files

# MkDocs looks for saved files every half second (by polling: the systems' own notifications miss
# saves on some mounted folders); a fifth of a second takes a quarter of a second off a save's
# reload on average, for a few milliseconds of looking at the course's files each time.
POLL_SECONDS = 0.2
# A save that changes more pages than this rebuilds the ones the browser asked for last (up to
# SEEN_PAGES: tabs side by side) first, and the others DEFER_SECONDS after that build.
MOST_PAGES_AT_ONCE = 10
SEEN_PAGES = 4
DEFER_SECONDS = 1.0


def poll_often(server: LiveReloadServer) -> None:
    """Make the preview's watcher look for changes every POLL_SECONDS, before it starts.

    Through MkDocs' own watch() again, on a new observer; left as it is if MkDocs' server does not
    keep its watches as this version does.
    """
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if not isinstance(watched, dict) or not isinstance(refs, dict) or server.observer.is_alive():
        return
    paths = list(watched)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    watched.clear()
    refs.clear()
    for path in paths:
        server.watch(path)


def remember_requests(server: LiveReloadServer, seen: deque[str]) -> None:
    """Keep in ``seen`` the pages the browser asks for, last last, by their URLs as MkDocs'
    files give them (``modules/alpha/``, ``./`` for the home page)."""
    serve = server.get_app()
    if serve is None:  # MkDocs' server has its app by now; another has nothing to watch
        return
    mount = server.mount_path

    def remembering(environ: dict[str, Any], start_response: Any) -> Any:
        path = str(environ.get("PATH_INFO", ""))
        if path.startswith(mount) and path.endswith(("/", ".html")):
            url = path[len(mount) :].removesuffix("index.html") or "./"
            with suppress(ValueError):  # another thread's request may have just moved it
                seen.remove(url)
            seen.append(url)
        return serve(environ, start_response)

    server.set_app(remembering)


def leave_for_later(files: Files, changed: set[str], seen: set[str]) -> list[Path]:
    """Make this dirty build leave the changed pages not in ``seen`` as they are: their Markdown
    gets their HTML's time (MkDocs renders again a page whose Markdown is newer). Returns their
    Markdown files, for :class:`LaterPages`. A page not built yet is built now."""
    if len(changed) <= MOST_PAGES_AT_ONCE:
        return []
    left = []
    for file in files.documentation_pages():
        source = file.abs_src_path
        if source and file.src_uri in changed and file.url not in seen:
            try:
                built = os.stat(file.abs_dest_path).st_mtime_ns
            except OSError:  # not built yet
                continue
            os.utime(source, ns=(built, built))
            left.append(Path(source))
    return left


class LaterPages:
    """The pages a build left for the next one (:func:`leave_for_later`), marked changed again
    DEFER_SECONDS after that build ends, so that the next build renders them, and never while a
    build runs.

    Not at once: MkDocs serves no page while it builds, and the browser is reloading the pages the
    build that just ended changed. Never during a build: a dirty build reads a page's Markdown only
    if it is newer than its HTML, and later renders the page if it is newer then, so a page marked
    changed between the two would be rendered unread (MkDocs stops the rebuild on it).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._building = False
        self._waiting: list[Path] = []

    def build_starts(self) -> None:
        with self._lock:
            self._building = True

    def leave(self, left: list[Path]) -> None:
        """The pages this build leaves for the next."""
        with self._lock:
            self._waiting.extend(left)

    def build_ends(self) -> None:
        """After a build (one stopped by an error too)."""
        with self._lock:
            self._building = False
            if self._waiting:
                timer = threading.Timer(DEFER_SECONDS, self._touch)
                timer.daemon = True
                timer.start()

    def _touch(self) -> None:
        with self._lock:
            if self._building:  # the build's end sets another timer for them
                return
            for path in self._waiting:
                with suppress(OSError):  # removed meanwhile: nothing to rebuild
                    path.touch()
            self._waiting = []


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, by template name and source (Jinja checks the source).

    MkDocs makes the theme's Jinja environment afresh for every rebuild, which compiles every
    template again; with this as its bytecode cache a template is compiled once a session.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
