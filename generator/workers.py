"""A course's languages built side by side: the originals' site here, each translation's beside it.

An engine builds a site on one core and holds every page of it until the build ends (MkDocs and
its search plugin do). While this process builds the originals' site, each translation's is built
in a process of its own (at most ``jobs`` builds at once, this one's included), on another core,
holding that language's pages and none of the generator's work. A translation's site is built in
a folder of its own (an engine empties the folder it builds into) and moved under the originals'
when all are built. With one language, or one job, every site is built here, one after the other.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .memo import forget_everything
from .project import Project
from .sitedir import STAGING_PREFIX

if TYPE_CHECKING:
    from .build import Engine, SitePages

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def build_languages(
    engine: Engine,
    project: Project,
    sites: Sequence[SitePages],
    staging: Path,
    jobs: int | None = None,
) -> None:
    """Build every language's site, the originals' into ``staging`` and each translation's into
    ``staging/<language>/``, at most ``jobs`` at once (one per core by default).

    A build that fails stops the others; its error is raised (the originals' before the
    translations', these in their order).
    """
    first, translations = sites[0], sites[1:]
    workers = min(len(translations), (jobs or cores()) - 1)
    if workers < 1:
        with _engine_heap():
            for pages in sites:
                engine(project, pages, staging / pages.site_path)
        return
    folders = [
        Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{g.language}-", dir=staging.parent))
        for g in translations
    ]
    try:
        with _pool(workers) as pool:
            with _interrupts_held():
                runs: list[Future[None]] = [
                    pool.submit(_build, engine, project, pages, folder)
                    for pages, folder in zip(translations, folders, strict=True)
                ]
            with _engine_heap():
                engine(project, first, staging)
            for run in runs:
                _result(run)
        for pages, folder in zip(translations, folders, strict=True):
            folder.rename(staging / pages.site_path)  # build.py checks the content has none
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Worker processes, started afresh (sharing none of this process's memory).

    A build that fails here (an error, Ctrl-C) stops the workers' builds at once.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_follow_the_build,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:
        # Python 3.14's pool has this; before it, its processes are ended one by one.
        terminate = getattr(pool, "terminate_workers", None)
        if terminate is not None:
            terminate()
        else:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back meanwhile: a process started now has it blocked from its first instruction.

    Ctrl-C reaches every process of the terminal's group, and a worker still starting would print
    a traceback; the build's own process acts on it (and ends its workers), once it is let through.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no such signals to hold
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _result(run: Future[None]) -> None:
    from .engines import EngineError

    try:
        run.result()
    except BrokenProcessPool:
        raise EngineError(
            "the process building a translation's site stopped before it was built (out of "
            "memory, or killed)"
        ) from None


@contextmanager
def _engine_heap() -> Iterator[None]:
    """While the engine builds: without what generating kept for a next run (a build has none),
    and with what is left frozen, out of the cyclic collector's way.

    The engine makes and drops objects by the million; each of the collector's full passes walked
    the generator's caches and modules too: freezing them took 17 % off a 100-module MkDocs build,
    and forgetting the caches a fifth of its memory (benchmarks/RESULTS.md).
    """
    forget_everything()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _follow_the_build(build: int) -> None:
    """In a worker, first: Ctrl-C is for the build (process ``build``) to act on, and the worker
    ends with it.

    Where the system can say so (Linux), a worker whose build was killed is killed too, rather
    than finishing a site nobody will use; one whose build was killed while it started ends here.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != build:
        os._exit(1)


def _build(engine: Engine, project: Project, pages: SitePages, folder: Path) -> None:
    """In a worker: build one translation's site."""
    with _engine_heap():
        engine(project, pages, folder)
