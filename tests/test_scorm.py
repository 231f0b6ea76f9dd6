"""The SCORM 1.2 package in a real LMS-side runtime: scorm-again, driven in Chromium.

A platform launches one module's page (its SCO) in a frame, with a runtime for that attempt. From
there the learner can reach other modules' pages (the pager, the navigation), in the same frame:
those must never report into the attempt of the module that was launched.

scorm-again comes from npm (tools/scorm-again, pinned); without it the tests skip, except under
CI=true, where its absence fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from generator.model import Check, Curriculum, Module

from .browser import serve_folder
from .conftest import REPO, SITE_COURSE, make_project, run_curriculum

pytestmark = pytest.mark.build

SCORM_AGAIN = (
    REPO / "tools" / "scorm-again" / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
)

# The platform's page: scorm-again's SCORM 1.2 runtime as window.API, one per launch, as a platform
# opens one attempt per launch; every call the SCO makes that changes the attempt is recorded.
# `launch(href, true)` plays a platform that lets LMSInitialize open the attempt again after
# LMSFinish: it hands the frame a new runtime holding the finished attempt's data.
HARNESS = """<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<link rel="icon" href="data:,"><script src="../scorm12.js"></script><script>
window.calls = [];
function runtime(data) {
  var api = new Scorm12API({ logLevel: 5 });
  if (data) api.loadFromFlattenedJSON(data);
  ["LMSInitialize", "LMSFinish", "LMSCommit"].forEach(function (name) {
    api.on(name, function () { calls.push([name]); });
  });
  api.on("LMSSetValue.cmi.*", function (element, value) { calls.push([element, value]); });
  return api;
}
function attempt() {
  var core = API.cmi.core;
  return {
    "cmi.core.lesson_location": core.lesson_location,
    "cmi.core.lesson_status": core.lesson_status,
    "cmi.core.score.raw": core.score.raw,
    "cmi.suspend_data": API.cmi.suspend_data
  };
}
function cmi() { return JSON.parse(JSON.stringify(API.cmi)); }
function launch(href, reopens) {
  window.API = runtime();
  if (reopens) API.on("LMSFinish", function () { window.API = runtime(attempt()); });
  document.getElementById("sco").src = href;
}
</script></head><body><iframe id="sco" title="module" width="1400" height="900"></iframe>
</body></html>"""


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The package unzipped twice beside scorm-again, served: `as-exported/` and `instant/`.

    In `instant/` the sitemap names the address the package is served at, as it would if the
    package were exported for it, so that Material's instant navigation takes over its links.
    """
    if not SCORM_AGAIN.is_file():
        reason = "scorm-again needs `npm ci --prefix tools/scorm-again` (make test runs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    root = make_project(tmp_path_factory.mktemp("scorm") / "course", SITE_COURSE)
    result = run_curriculum(root, "export", "scorm")
    assert result.returncode == 0, result.stderr
    [package] = (root / "dist").glob("*-scorm12.zip")
    served = tmp_path_factory.mktemp("lms")
    shutil.copy(SCORM_AGAIN, served / "scorm12.js")
    server = serve_folder(served)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    for variant in ("as-exported", "instant"):
        with zipfile.ZipFile(package) as archive:
            archive.extractall(served / variant)
        (served / variant / "harness.html").write_text(HARNESS, encoding="utf-8")
    sitemap = served / "instant" / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    exported_at = text.split("<loc>", 1)[1].split("index.html", 1)[0]
    sitemap.write_text(text.replace(exported_at, base + "instant/"), encoding="utf-8")
    yield base
    server.shutdown()


def plain(course: Curriculum) -> list[Module]:
    """The published modules without checks, whose score is the share of their boxes ticked."""
    return [module for module in course.published if not module.checks]


class Timespan:
    """Equal to a SCORM 1.2 CMITimespan as the SCO writes it, HHHH:MM:SS.SS."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(re.fullmatch(r"\d{4}:[0-5]\d:[0-5]\d\.\d\d", other))

    def __repr__(self) -> str:
        return "<HHHH:MM:SS.SS>"


# What the launched page says as it is left before its module is completed.
SUSPENDED = [["cmi.core.session_time", Timespan()], ["cmi.core.exit", "suspend"], ["LMSFinish"]]


def local_ids(module: Module, indexes: list[int]) -> str:
    return ",".join(module.progress_items[i].item_id for i in indexes)


def score(module: Module, ticked: int) -> str:
    """The percentage done, rounded half up as JavaScript's Math.round does."""
    return str(int(100 * ticked / len(module.progress_items) + 0.5))


def launch(page: Page, url: str, module: Module, *, reopens: bool = False) -> None:
    page.set_viewport_size({"width": 1500, "height": 1000})  # wide enough for the navigation
    page.goto(url)
    page.evaluate(f"launch('modules/{module.id}.html', {str(reopens).lower()})")
    page.frame_locator("#sco").locator("input[data-progress-id]").first.wait_for()
    page.wait_for_function("calls.some(c => c[0] === 'cmi.core.lesson_status')")


def tick(page: Page, indexes: list[int]) -> None:
    boxes = page.frame_locator("#sco").locator("input[data-progress-id]")
    for index in indexes:
        boxes.nth(index).check()


def tick_all(page: Page, module: Module) -> None:
    """Tick every item of the page in the frame, once its script has bound it."""
    boxes = page.frame_locator("#sco").locator("input[data-progress-id]")
    for box in boxes.all():
        box.check()
    count = page.frame_locator("#sco").locator("[data-module-progress] [data-progress-count]")
    expect(count).to_have_text(f"{len(module.progress_items)} of {len(module.progress_items)}")


def follow(page: Page, selector: str, module: Module) -> None:
    """Follow a link of the page in the frame to ``module``'s page; wait until it is bound."""
    sco = page.frame_locator("#sco")
    sco.locator(selector).first.click()
    page.wait_for_function(
        f"document.getElementById('sco').contentWindow.location.pathname"
        f".endsWith('/modules/{module.id}.html')"
    )
    # The page's script has run once it recorded the page as the last one visited.
    page.wait_for_function(
        """id => {
          const storage = document.getElementById('sco').contentWindow.localStorage;
          const key = Object.keys(storage).find(key => key.startsWith('curriculum:'));
          return key && JSON.parse(storage.getItem(key)).last.path === `modules/${id}.html`;
        }""",
        arg=module.id,
    )


def same_window(page: Page) -> bool:
    return page.evaluate("document.getElementById('sco').contentWindow.__launched === true")


def attempt(page: Page) -> dict[str, str]:
    return page.evaluate("attempt()")


def assert_attempt_of(page: Page, module: Module, indexes: list[int]) -> None:
    assert attempt(page) == {
        "cmi.core.lesson_location": module.id,
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.score.raw": score(module, len(indexes)),
        "cmi.suspend_data": local_ids(module, indexes),
    }


NOTICE = "recorded when you open this module from the course outline in the platform"


@pytest.mark.parametrize(
    ("variant", "link"),
    [
        ("as-exported", "a.hx-next"),
        ("instant", "a.hx-next"),
        ("instant", ".md-nav--primary a.md-nav__link[href$='{id}.html']"),
    ],
)
def test_another_module_reached_from_the_launched_one_never_reports_into_it(
    page: Page, lms: str, course: Curriculum, variant: str, link: str
) -> None:
    launched, other = plain(course)[:2]
    launch(page, f"{lms}{variant}/harness.html", launched)
    tick(page, [0, 2])
    assert_attempt_of(page, launched, [0, 2])
    page.evaluate("document.getElementById('sco').contentWindow.__launched = true")
    page.evaluate("calls.splice(0)")

    follow(page, link.format(id=other.id), other)
    tick_all(page, other)

    instant = same_window(page)
    assert instant is (variant == "instant"), "the navigation was not what the test means"
    assert page.evaluate("calls.splice(0)") == ([] if instant else SUSPENDED)
    assert_attempt_of(page, launched, [0, 2])
    sco = page.frame_locator("#sco")
    expect(sco.locator("[data-module-progress] .hx-notice")).to_contain_text(NOTICE)
    if instant:  # back on the launched module's page, in the same window: it reports again
        follow(page, "a.hx-previous", launched)
        expect(sco.locator("[data-module-progress] .hx-notice")).to_have_count(0)
        expect(sco.locator("input[data-progress-id]").nth(2)).to_be_checked()
        tick(page, [1])
        assert_attempt_of(page, launched, [0, 1, 2])
        assert page.evaluate("calls.splice(0)") == [
            ["cmi.core.lesson_status", "incomplete"],
            ["cmi.suspend_data", local_ids(launched, [0, 1, 2])],
            ["cmi.core.score.raw", score(launched, 3)],
            ["LMSCommit"],
        ]


def test_a_module_opened_again_in_a_reopened_attempt_of_another_never_reports_into_it(
    page: Page, lms: str, course: Curriculum
) -> None:
    launched, other = plain(course)[:2]
    launch(page, f"{lms}as-exported/harness.html", launched, reopens=True)
    tick(page, [1])
    page.evaluate("calls.splice(0)")

    follow(page, "a.hx-next", other)
    tick_all(page, other)

    assert page.evaluate("calls.splice(0)") == [*SUSPENDED, ["LMSInitialize"], ["LMSFinish"]]
    assert_attempt_of(page, launched, [1])
    sco = page.frame_locator("#sco")
    expect(sco.locator("[data-module-progress] .hx-notice")).to_contain_text(NOTICE)


def test_a_page_reloaded_after_its_attempt_finished_reports_no_more(
    page: Page, lms: str, course: Curriculum
) -> None:
    launched = plain(course)[0]
    launch(page, f"{lms}as-exported/harness.html", launched)
    tick(page, [0])
    page.evaluate("calls.splice(0)")

    page.evaluate("document.getElementById('sco').contentWindow.location.reload()")
    page.wait_for_function("calls.length > 0")
    count = page.frame_locator("#sco").locator("[data-module-progress] [data-progress-count]")
    expect(count).to_have_text(f"1 of {len(launched.progress_items)}")  # the script has run
    tick_all(page, launched)

    assert page.evaluate("calls.splice(0)") == SUSPENDED
    assert_attempt_of(page, launched, [0])
    sco = page.frame_locator("#sco")
    expect(sco.locator("[data-module-progress] .hx-notice")).to_contain_text(NOTICE)


def checks_of(course: Curriculum) -> Module:
    """The first published module with more than one check."""
    return next(module for module in course.published if len(module.checks) > 1)


def answer(page: Page, module: Module, check: Check, verdict: str) -> None:
    """Choose the check's option of this verdict and check it (after "Try again" if answered)."""
    [option] = [option for option in check.options if option.verdict == verdict]
    box = page.frame_locator("#sco").locator(f"[data-check-id='{module.id}/{check.id}']")
    again = box.locator("[data-check-again]")
    if again.is_visible():
        again.click()
    box.locator(f"input[value='{option.id}']").check()
    box.locator("[data-check-answer]").click()
    expect(again).to_be_visible()  # the answer is saved, and told, as the button shows


def interactions(page: Page) -> list[dict[str, Any]]:
    """The attempt's cmi.interactions, in order, each with its objectives' ids as a list."""
    return page.evaluate(
        """Object.values(cmi().interactions).map(i =>
          Object.assign(i, { objectives: Object.values(i.objectives).map(o => o.id) }))"""
    )


def leave(page: Page) -> dict[str, Any]:
    """Leave the launched page; what the runtime then holds of the attempt's cmi.core."""
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")
    return page.evaluate("cmi().core")


def test_each_answer_to_a_check_is_an_interaction_and_first_answers_make_the_score(
    page: Page, lms: str, course: Curriculum
) -> None:
    module = checks_of(course)
    first, second = module.checks[:2]
    [poor] = [option for option in first.options if option.verdict == "poor"]
    launch(page, f"{lms}as-exported/harness.html", module)
    answer(page, module, first, "poor")
    answer(page, module, second, "best")

    recorded = interactions(page)
    assert [
        (i["id"], i["type"], i["student_response"], i["result"], i["objectives"]) for i in recorded
    ] == [
        (first.id, "choice", poor.id, "wrong", list(first.objectives)),
        (second.id, "choice", second.best.id, "correct", list(second.objectives)),
    ]
    assert all(re.fullmatch(r"[0-2]\d:[0-5]\d:[0-5]\d", str(i["time"])) for i in recorded)
    score = page.evaluate("cmi().core.score")
    assert score == {"raw": "50", "min": "0", "max": "100"}

    answer(page, module, first, "acceptable")  # after "Try again": recorded, but not scored
    answer(page, module, first, "best")  # the latest answers are all best now, the first not
    assert [(i["id"], i["result"]) for i in interactions(page)[2:]] == [
        (first.id, "neutral"),
        (first.id, "correct"),
    ]
    assert page.evaluate("cmi().core.score") == score
    assert attempt(page)["cmi.core.lesson_status"] == "incomplete"


def test_answers_given_before_the_launch_make_the_score_at_launch(
    page: Page, lms: str, course: Curriculum
) -> None:
    module = checks_of(course)
    page.goto(f"{lms}as-exported/harness.html")  # the module's page, outside any platform first
    page.evaluate(f"document.getElementById('sco').src = 'modules/{module.id}.html'")
    answer(page, module, module.checks[0], "best")
    launch(page, f"{lms}as-exported/harness.html", module)

    page.wait_for_function("calls.some(c => c[0] === 'LMSCommit')")
    assert page.evaluate("cmi().core.score") == {
        "raw": str(int(100 / len(module.checks) + 0.5)),
        "min": "0",
        "max": "100",
    }
    assert interactions(page) == []  # answered outside the attempt: no interaction in it


def test_a_module_left_before_it_is_completed_is_suspended_with_its_session_time(
    page: Page, lms: str, course: Curriculum
) -> None:
    module = checks_of(course)
    launch(page, f"{lms}as-exported/harness.html", module)
    answer(page, module, module.checks[0], "best")
    page.wait_for_timeout(1200)
    page.evaluate("calls.splice(0)")

    core = leave(page)

    assert page.evaluate("calls.splice(0)") == SUSPENDED
    assert core["lesson_status"] == "incomplete"
    assert core["exit"] == "suspend"
    # scorm-again keeps the time as HH:MM:SS[.SS]: at least the time waited.
    hours, minutes, seconds = str(core["session_time"]).split(":")
    assert (hours, minutes) == ("00", "00") and 1.2 <= float(seconds) < 30


@pytest.mark.parametrize("checks", [True, False], ids=["with-checks", "without-checks"])
def test_a_module_is_completed_once_every_box_is_ticked_then_exits_normally(
    page: Page, lms: str, course: Curriculum, checks: bool
) -> None:
    module = checks_of(course) if checks else plain(course)[0]
    launch(page, f"{lms}as-exported/harness.html", module)
    for check in module.checks:
        answer(page, module, check, "best")
    tick(page, [0])  # an exercise's box
    if not checks:  # the share of its boxes ticked, on the runtime's own scale
        assert attempt(page)["cmi.core.score.raw"] == score(module, 1)
        assert [call for call in page.evaluate("calls") if ".score.m" in call[0]] == []
    tick_all(page, module)
    assert attempt(page)["cmi.core.lesson_status"] == "completed"
    page.evaluate("calls.splice(0)")

    core = leave(page)

    assert page.evaluate("calls.splice(0)") == [
        ["cmi.core.session_time", Timespan()],
        ["cmi.core.exit", ""],
        ["LMSFinish"],
    ]
    assert core["lesson_status"] == "completed"
    assert core["exit"] == ""
    assert core["score"]["raw"] == "100"
