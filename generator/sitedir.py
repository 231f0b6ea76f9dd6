"""The built site's folder: replaced in one step, and by one build at a time.

A build writes the new site beside ``site/`` and then exchanges the two folders with one system
call (Linux's renameat2 with RENAME_EXCHANGE), so that a build killed at any moment leaves either
the old site or the new one, complete. Where the exchange is not available, two renames are used
and an interrupted swap is repaired by the next build. A lock file makes a second build started
meanwhile wait for the first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

LOCK_NAME = ".site.lock"
# A build's folders beside site/ until it is done (the next build removes any a killed one left).
STAGING_PREFIX = ".site-new-"
WAIT_SECONDS = 600

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """Linux's renameat2(2) through the C library, declared, or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).renameat2
    except (OSError, AttributeError):  # no C library found, or one too old to have renameat2
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return cast("Callable[[int, bytes, int, bytes, int], int]", function)


_RENAMEAT2 = _renameat2()
# What renameat2 says when it cannot exchange here (an old kernel, a file system without it): the
# two renames below are used instead. Any other error is a real one.
_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


class BuildLockTimeout(Exception):
    """Another build of the same course did not finish in time."""


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the course's build lock; a second build waits (and says so) until the first is done."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds are not serialised there
        yield
        return
    with open(root / LOCK_NAME, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                "curriculum: another build of this course is running; waiting for it",
                file=sys.stderr,
            )
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BuildLockTimeout(
                            f"another build of this course has run for over {WAIT_SECONDS} s; "
                            f"if none is running, delete {LOCK_NAME}"
                        ) from None
                    time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def tidy(root: Path, site: Path) -> None:
    """Repair a swap that a killed build left half done, and remove folders killed builds left."""
    retired = sorted(root.glob(".site-old-*"), key=lambda path: path.stat().st_mtime)
    if not site.exists() and retired:
        retired.pop().rename(site)
    for leftover in [*retired, *root.glob(f"{STAGING_PREFIX}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def replace_folder(target: Path, replacement: Path) -> None:
    """Put ``replacement`` where ``target`` is, in one step where the system allows it."""
    if not target.exists():
        replacement.rename(target)
        return
    if _RENAMEAT2 is not None:
        result = _RENAMEAT2(
            _AT_FDCWD, os.fsencode(replacement), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE
        )
        if result == 0:
            shutil.rmtree(replacement, ignore_errors=True)  # now the old site
            return
        error = ctypes.get_errno()
        if error not in _NO_EXCHANGE:
            raise OSError(error, os.strerror(error), str(target))
    # Two renames: a build killed between them leaves the old site as .site-old-*, which the
    # next build puts back (see tidy).
    retired = replacement.with_name(replacement.name.replace(STAGING_PREFIX, ".site-old-"))
    target.rename(retired)
    replacement.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
