"""The cmi5 package: its course structure as the specification gives it, and its AUs, launched as an
LMS launches them, leaving a correct cmi5 record in a real learning record store (Ralph).

The test plays the LMS (tests/lrs.py): it writes LMS.LaunchData, hands out the token at the fetch
URL, serves the AU's state documents and forwards statements to Ralph, all on one origin.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from uuid import uuid4
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.model import Check, Curriculum, Module

from .browser import serve_folder
from .conftest import SITE_COURSE, make_project, run_curriculum
from .lms import LMS, serve_package
from .lrs import CMI5_CATEGORY, LAUNCH_DATA, SESSION_ID, Ralph, ralph

__all__ = ["ralph"]  # the fixture, for the tests below
MOVE_ON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY_SCORE_EXTENSION = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"

pytestmark = pytest.mark.build
NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
# cmi5 §13.1's moveOn and launchMethod vocabularies.
MOVE_ON = {"Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"}
LAUNCH_METHODS = {"OwnWindow", "AnyWindow"}
# An IRI as RFC 3987 writes one: a scheme, then no spaces or characters IRIs exclude.
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course exported as a cmi5 package, unzipped."""
    root = make_project(tmp_path_factory.mktemp("cmi5") / "course", SITE_COURSE)
    result = run_curriculum(root, "export", "cmi5")
    assert result.returncode == 0, result.stderr
    folder = root / "unzipped"
    with zipfile.ZipFile(root / "dist" / "fixture-course-cmi5.zip") as archive:
        archive.extractall(folder)
    return folder


def structure(package: Path) -> ElementTree.Element:
    return ElementTree.parse(package / "cmi5.xml").getroot()


def langstrings(element: ElementTree.Element, name: str) -> list[tuple[str, str]]:
    holder = element.find(f"{NS}{name}")
    assert holder is not None, f"{element.tag} has no {name}"
    strings = [
        (s.get("lang", ""), (s.text or "").strip()) for s in holder.findall(f"{NS}langstring")
    ]
    assert strings and all(language and text for language, text in strings), strings
    return strings


def test_the_course_structure_has_the_elements_and_attributes_cmi5_requires(
    package: Path, course: Curriculum
) -> None:
    root = structure(package)
    assert root.tag == f"{NS}courseStructure"
    # course, then objectives, then the AUs (the schema's sequence)
    assert [child.tag.removeprefix(NS) for child in root][:2] == ["course", "objectives"]
    course_element = root.find(f"{NS}course")
    assert IRI.match(course_element.get("id"))
    assert langstrings(course_element, "title") == [("en", course.course.title)]
    langstrings(course_element, "description")

    objective_ids = {o.get("id") for o in root.find(f"{NS}objectives")}
    assert all(IRI.match(objective) for objective in objective_ids)
    for objective in root.find(f"{NS}objectives"):
        langstrings(objective, "title")
        langstrings(objective, "description")

    aus = root.findall(f"{NS}au")
    assert [child.tag.removeprefix(NS) for child in root][2:] == ["au"] * len(aus)
    assert [langstrings(au, "title")[0][1] for au in aus] == [m.title for m in course.published]
    ids = [au.get("id") for au in aus]
    assert len(set(ids)) == len(ids) and all(IRI.match(identifier) for identifier in ids)
    for au, module in zip(aus, course.published, strict=True):
        assert au.get("moveOn") in MOVE_ON and au.get("launchMethod") in LAUNCH_METHODS
        if module.checks:
            assert au.get("moveOn") == "CompletedAndPassed"
            assert au.get("masteryScore") == "0.6"  # course.yml's mastery_score, 60 by default
        else:
            assert au.get("moveOn") == "Completed" and au.get("masteryScore") is None
        # title, description, objectives, url: in the schema's order
        assert [child.tag.removeprefix(NS) for child in au] == [
            "title",
            "description",
            "objectives",
            "url",
        ]
        served = {o.get("idref") for o in au.find(f"{NS}objectives")}
        assert len(served) == len(module.objectives) and served <= objective_ids
        url = au.find(f"{NS}url").text
        assert not urlsplit(url).scheme and not url.startswith("/")  # relative, into the package
        assert (package / url).is_file()


def test_the_package_holds_the_site_and_no_other_platform_s_manifest(package: Path) -> None:
    assert (package / "cmi5.xml").is_file() and not (package / "imsmanifest.xml").exists()
    assert (package / "assets" / "learner-cmi5.js").is_file()
    assert not (package / "sw.js").exists()  # a package is never cached by the published worker


# --- Launched as an LMS launches them, reporting to Ralph


ACTOR = {
    "objectType": "Agent",
    "name": "A Learner",
    "account": {"homePage": "https://lms.example.com", "name": "learner-1"},
}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DURATION = re.compile(r"^PT\d+(?:\.\d+)?S$")
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}


@pytest.fixture(scope="module")
def lms(package: Path, ralph: Ralph) -> Iterator[LMS]:
    with serve_package(package, ralph) as running:
        yield running


def au_of(package: Path, module: Module) -> ElementTree.Element:
    return next(
        au
        for au in structure(package).findall(f"{NS}au")
        if au.find(f"{NS}url").text == f"modules/{module.id}.html"
    )


def launch(lms: LMS, package: Path, module: Module, registration: str) -> str:
    au = au_of(package, module)
    mastery = au.get("masteryScore")
    return lms.launch(
        au.find(f"{NS}url").text,
        au.get("id"),
        actor=ACTOR,
        registration=registration,
        mastery_score=float(mastery) if mastery is not None else None,
        move_on=au.get("moveOn"),
    )


def verb(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[-1]


def record(ralph: Ralph, registration: str, until: Callable[[list[str]], bool]) -> list[dict]:
    """The registration's statements in the LRS, by timestamp, once ``until(verbs)`` holds."""
    deadline = time.monotonic() + 20
    while True:
        found = sorted(
            ralph.statements(registration=registration),
            key=lambda s: datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00")),
        )
        if until([verb(s) for s in found]):
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"the LRS holds {[verb(s) for s in found]}")
        time.sleep(0.2)


def opened(browser: Browser, url: str, context: BrowserContext | None = None) -> Page:
    """The launch URL in a new page (of a new browser, unless ``context`` is given)."""
    page = (context or browser.new_context(service_workers="block")).new_page()
    page.goto(url)
    expect(page.locator("[data-module-progress]")).to_be_visible()
    return page


def answer(page: Page, module: Module, check: Check, verdict: str) -> None:
    [option] = [option for option in check.options if option.verdict == verdict]
    box = page.locator(f"[data-check-id='{module.id}/{check.id}']")
    box.locator(f"input[value='{option.id}']").check()
    box.locator("[data-check-answer]").click()
    expect(box.locator("[data-check-again]")).to_be_visible()


def tick_everything(page: Page) -> None:
    for box in page.locator("[data-module-progress] input[data-progress-id]").all():
        if not box.is_checked():
            box.check()


def leave(page: Page, lms: LMS) -> None:
    """The learner goes back to the platform: the page is left (pagehide)."""
    page.goto(lms.return_url)


def test_a_learner_who_does_everything_leaves_a_correct_cmi5_record(
    browser: Browser, lms: LMS, ralph: Ralph, package: Path, course: Curriculum
) -> None:
    module = next(m for m in course.published if m.checks)
    registration = str(uuid4())
    page = opened(browser, launch(lms, package, module, registration))
    record(ralph, registration, lambda verbs: "initialized" in verbs)
    for check in module.checks:
        answer(page, module, check, "best")
    tick_everything(page)
    leave(page, lms)
    found = record(ralph, registration, lambda verbs: "terminated" in verbs)

    verbs = [verb(s) for s in found]
    assert verbs[:2] == ["launched", "initialized"] and verbs[-1] == "terminated"
    assert sorted(verbs[2:-1]) == sorted(
        ["answered"] * len(module.checks) + ["completed", "passed"]
    )
    au_id = au_of(package, module).get("id")
    activity = lms.activity_id_of(au_id, registration)
    session = lms.last_session_id
    assert lms.fetch_calls[lms.launches[-1].fetch_key] == 1  # the token, fetched once
    for statement in found[1:]:
        name = verb(statement)
        context = statement["context"]
        assert UUID.match(statement["id"]) and statement["actor"]["account"] == ACTOR["account"]
        assert statement["timestamp"].endswith("Z")
        assert context["registration"] == registration
        assert context["extensions"][SESSION_ID] == session
        assert {"id": au_id} in context["contextActivities"]["grouping"]  # the publisher's id
        categories = [c["id"] for c in context["contextActivities"].get("category", [])]
        result = statement.get("result", {})
        if name in DEFINED:
            assert statement["object"]["id"] == activity
            assert CMI5_CATEGORY in categories
            judged = "completion" in result or "success" in result
            assert (MOVE_ON_CATEGORY in categories) == judged, name
        else:  # answered: a cmi5 "allowed" statement
            assert CMI5_CATEGORY not in categories and MOVE_ON_CATEGORY not in categories
        if name in {"completed", "passed", "terminated"}:
            assert DURATION.match(result["duration"]), result
    by_verb = {verb(s): s for s in found}
    assert "result" not in by_verb["initialized"]
    assert by_verb["completed"]["result"]["completion"] is True
    assert "success" not in by_verb["completed"]["result"]
    passed = by_verb["passed"]
    assert passed["result"]["success"] is True and passed["result"]["score"] == {"scaled": 1}
    assert passed["context"]["extensions"][MASTERY_SCORE_EXTENSION] == 0.6
    assert set(by_verb["terminated"]["result"]) == {"duration"}

    answers = [s for s in found if verb(s) == "answered"]
    for statement, check in zip(answers, module.checks, strict=True):
        definition = statement["object"]["definition"]
        assert statement["object"]["id"] == f"{au_id.rstrip('/')}/checks/{check.id}"
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == "choice"
        assert definition["correctResponsesPattern"] == [check.best.id]
        assert [choice["id"] for choice in definition["choices"]] == [o.id for o in check.options]
        assert definition["name"] == {"en": check.question}
        assert statement["result"] == {"response": check.best.id, "success": True}
        assert statement["context"]["contextActivities"]["parent"] == [{"id": activity}]

    # The next launch, in another browser: the ticks come back from the platform, and what is sent
    # once per registration (completed, passed) is not sent again.
    again = opened(browser, launch(lms, package, module, registration))
    boxes = again.locator("[data-module-progress] input[data-progress-id]")
    for box in boxes.all():
        expect(box).to_be_checked()
    leave(again, lms)
    verbs = [verb(s) for s in record(ralph, registration, lambda v: v.count("terminated") == 2)]
    assert verbs.count("initialized") == 2 and verbs.count("launched") == 2
    assert verbs.count("completed") == 1 and verbs.count("passed") == 1


def test_what_is_done_while_the_lrs_is_away_is_kept_and_delivered_once(
    browser: Browser, lms: LMS, ralph: Ralph, package: Path, course: Curriculum
) -> None:
    module = next(m for m in course.published if m.checks)
    registration = str(uuid4())
    context = browser.new_context(service_workers="block")
    page = opened(browser, launch(lms, package, module, registration), context)
    record(ralph, registration, lambda verbs: "initialized" in verbs)
    first_session = lms.last_session_id
    ralph.stop()
    try:
        answer(page, module, module.checks[0], "poor")
        expect(page.locator("[data-cmi5-away]")).to_be_visible()
        tick_everything(page)  # the page keeps working
        leave(page, lms)
    finally:
        ralph.start()
    # The next launch, in the same browser, sends what waited first.
    again = opened(browser, launch(lms, package, module, registration), context)
    record(ralph, registration, lambda verbs: verbs.count("initialized") == 2)
    expect(again.locator("[data-cmi5-away]")).to_have_count(0)
    leave(again, lms)
    found = record(ralph, registration, lambda verbs: verbs.count("terminated") == 2)

    ids = [s["id"] for s in found]
    assert len(ids) == len(set(ids))  # each statement once
    earlier = [
        verb(s) for s in found if s["context"]["extensions"].get(SESSION_ID) == first_session
    ]
    assert earlier[:2] == ["launched", "initialized"] and earlier[-1] == "terminated"
    assert "answered" in earlier and "completed" in earlier
    assert earlier.count("terminated") == 1
    # one poor answer of several checks: not yet judged (the rest have no first answer)
    assert "passed" not in earlier and "failed" not in earlier


def test_a_module_reviewed_completes_and_judges_nothing(
    browser: Browser, lms: LMS, ralph: Ralph, package: Path, course: Curriculum
) -> None:
    """In Review (or Browse) mode, cmi5 §10: the AU sends no completed, passed or failed."""
    module = next(m for m in course.published if m.checks)
    registration = str(uuid4())
    url = launch(lms, package, module, registration)
    launched = lms.launches[-1]
    data = lms.state(launched.activity_id, ACTOR, registration, LAUNCH_DATA)
    lms.put_state(
        launched.activity_id, ACTOR, registration, LAUNCH_DATA, {**data, "launchMode": "Review"}
    )
    page = opened(browser, url)
    record(ralph, registration, lambda verbs: "initialized" in verbs)
    for check in module.checks:
        answer(page, module, check, "best")
    tick_everything(page)
    leave(page, lms)
    verbs = [verb(s) for s in record(ralph, registration, lambda v: "terminated" in v)]
    assert not {"completed", "passed", "failed"} & set(verbs)
    assert verbs.count("answered") == len(module.checks)


def test_an_au_served_from_another_origin_than_the_lms_reports_there(
    browser: Browser, lms: LMS, ralph: Ralph, package: Path, course: Curriculum
) -> None:
    """As platforms often serve content: the pages on one origin, the LRS's endpoint on another.

    The package's pages let their scripts connect anywhere (SECURITY.md); the LMS allows the
    content's origin (CORS).
    """
    page_policy = (package / "modules" / "listening.html").read_text(encoding="utf-8")
    assert "connect-src 'self' http: https:" in page_policy
    module = next(m for m in course.published if not m.checks)
    content = serve_folder(package)
    origin = f"http://127.0.0.1:{content.server_address[1]}"
    lms.content_origin = origin
    try:
        registration = str(uuid4())
        url = launch(lms, package, module, registration).replace(f"{lms.origin}/course", origin)
        page = opened(browser, url)
        record(ralph, registration, lambda verbs: "initialized" in verbs)
        tick_everything(page)
        leave(page, lms)
        verbs = [verb(s) for s in record(ralph, registration, lambda v: "terminated" in v)]
        assert verbs == ["launched", "initialized", "completed", "terminated"]
    finally:
        lms.content_origin = None
        content.shutdown()
