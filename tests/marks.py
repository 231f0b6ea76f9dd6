"""The suite's marks, kept true: `browser`, `build` and `course` (pyproject.toml declares them).

`make check` runs every test that needs neither a browser nor a site build
(`-m "not browser and not build"`), so a test has to say when it needs one:

- a test that uses the browser fixtures (tests/browser.py) is marked `browser` here, and `build`
  too when it uses the served site, which is built for it;
- a test without the `build` mark fails, saying so, when a `curriculum build`, `serve` or `export`
  it runs through conftest's run_curriculum succeeds (one stopped by a content or usage error built
  nothing), or when it starts one with tests/test_reliability.py's start_build.

Tests that build in other ways (plain `mkdocs build`, the benchmark, the export API in-process, a
new course's `make`) are marked by hand. Under xdist's `--dist loadgroup` (the Makefile's), the
tests that share a built site (the served site of one engine, a module's built or exported course)
run on one worker, which builds it once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

BROWSER_FIXTURES = frozenset({"browser", "page", "site_url"})
BUILT_FIXTURES = frozenset({"site_url"})
BUILDING_COMMANDS = frozenset({"build", "serve", "export"})
# Fixtures that build for every test of their scope: tests/browser.py's site_url (the session's), and
# the `site`, `exported`, `package`, `lms` and `printable` of test modules.
SHARED_BUILDS = ("site_url", "site", "exported", "package", "lms", "printable")

_running: pytest.Item | None = None


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects, and before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & BUILT_FIXTURES:
            item.add_marker(pytest.mark.build)
        group = shared_build(item)
        if group and config.pluginmanager.hasplugin("xdist"):
            item.add_marker(pytest.mark.xdist_group(group))


def shared_build(item: pytest.Item) -> str | None:
    """What the test shares a built site with other tests by, if it does: a fixture and its param."""
    fixtures = getattr(item, "fixturenames", ())
    params = getattr(getattr(item, "callspec", None), "params", {})
    for name in SHARED_BUILDS:
        if name in fixtures:
            scope = "" if name == "site_url" else f"{item.module.__name__}."  # type: ignore[attr-defined]
            return f"{scope}{name}[{params.get(name, '')}]"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    global _running
    _running = item
    try:
        return (yield)
    finally:
        _running = None


def require_build_mark_for(arguments: Sequence[str]) -> None:
    """Fail the running test unless it is marked `build`, if ``curriculum <arguments>`` builds."""
    if arguments and arguments[0] in BUILDING_COMMANDS:
        require_build_mark(f"`curriculum {' '.join(arguments)}`")


def require_build_mark(what: str) -> None:
    """Fail the running test, with how to fix it, unless it is marked `build`: it runs ``what``."""
    if _running is not None and _running.get_closest_marker("build") is None:
        pytest.fail(
            f"{_running.nodeid} runs {what} but is not marked `build`: add "
            "`@pytest.mark.build` (or `pytestmark = pytest.mark.build` for its module), so that "
            "`make check` leaves it out",
            pytrace=False,
        )
