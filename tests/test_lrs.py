"""The cmi5 tests' platform (tests/lrs.py): a launch as cmi5 says, and Ralph behind the LMS's xAPI."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit
from uuid import uuid4

import pytest

from .lms import LMS, LoggedRequest, serve_package
from .lrs import (
    CMI5_CATEGORY,
    LAUNCH_DATA,
    LAUNCH_MODE,
    LAUNCH_URL,
    LAUNCHED,
    LMS_ACTIVITIES,
    MASTERY_SCORE,
    MOVE_ON,
    SESSION_ID,
    Ralph,
    ralph,
)

__all__ = ["ralph"]  # the fixture, imported for the tests below

AU_ID = "https://courses.example.test/a-course/modules/first"
ACTOR = {
    "objectType": "Agent",
    "name": "A Learner",
    "account": {"homePage": "https://lms.example.test", "name": "learner-1"},
}
INITIALIZED = "http://adlnet.gov/expapi/verbs/initialized"


@pytest.fixture
def served_lms(ralph: Ralph, tmp_path: Path) -> Iterator[LMS]:
    """The LMS serving a package of one page, index.html."""
    (tmp_path / "index.html").write_text("<!doctype html><title>First</title>", encoding="utf-8")
    lms = serve_package(tmp_path, ralph)
    yield lms
    lms.close()


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, bytes]:
    """An xAPI request as an AU makes it: its status, headers and body."""
    sent = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
    if token is not None:
        sent["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={**sent, **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def launch(lms: LMS, registration: str) -> dict[str, str]:
    """Launch the first AU; the launch URL's parameters."""
    url = lms.launch(
        "index.html",
        AU_ID,
        actor=ACTOR,
        registration=registration,
        mastery_score=0.8,
        move_on="CompletedAndPassed",
    )
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def fetch_token(parameters: dict[str, str]) -> str:
    """The auth-token, from the launch's fetch URL."""
    status, _, body = http("POST", parameters["fetch"])
    assert status == 200
    token: str = json.loads(body)["auth-token"]
    return token


def statement(parameters: dict[str, str], verb: str = INITIALIZED) -> dict[str, Any]:
    """A cmi5-allowed statement of the launched AU, with its id and timestamp."""
    return {
        "id": str(uuid4()),
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "actor": json.loads(parameters["actor"]),
        "verb": {"id": verb},
        "object": {"objectType": "Activity", "id": parameters["activityId"]},
        "context": {"registration": parameters["registration"]},
    }


def state_url(lms: LMS, parameters: dict[str, str], state_id: str, **agent: Any) -> str:
    """The State API's URL of a document of the launch."""
    actor = json.dumps(agent or ACTOR)
    return (
        f"{lms.endpoint}activities/state?activityId={quote(parameters['activityId'], safe='')}"
        f"&agent={quote(actor, safe='')}&registration={parameters['registration']}"
        f"&stateId={quote(state_id, safe='')}"
    )


def test_a_launch_records_launched_and_writes_the_launch_data(
    ralph: Ralph, served_lms: LMS
) -> None:
    registration = str(uuid4())
    parameters = launch(served_lms, registration)

    assert list(parameters) == ["endpoint", "fetch", "actor", "registration", "activityId"]
    assert parameters["endpoint"] == served_lms.endpoint
    assert json.loads(parameters["actor"]) == ACTOR
    activity_id = parameters["activityId"]
    assert activity_id.startswith(LMS_ACTIVITIES) and activity_id != AU_ID
    assert served_lms.activity_id_of(AU_ID, registration) == activity_id
    (launched,) = ralph.statements(registration=registration, verb=LAUNCHED)
    assert ralph.statements(activity=activity_id, registration=registration) == [launched]
    # The AU's id in cmi5.xml finds it through the statement's publisher grouping.
    assert ralph.statements(activity=AU_ID, registration=registration) == []
    assert ralph.statements(activity=AU_ID, related_activities=True, registration=registration) == [
        launched
    ]
    assert launched["object"]["id"] == activity_id
    assert launched["actor"] == ACTOR
    context = launched["context"]
    assert context["contextActivities"] == {
        "category": [{"id": CMI5_CATEGORY}],
        "grouping": [{"id": AU_ID}],
    }
    assert context["extensions"] == {
        SESSION_ID: served_lms.last_session_id,
        LAUNCH_MODE: "Normal",
        LAUNCH_URL: f"{served_lms.origin}/course/index.html",
        MOVE_ON: "CompletedAndPassed",
        MASTERY_SCORE: 0.8,
    }

    token = fetch_token(parameters)
    status, headers, body = http("GET", state_url(served_lms, parameters, LAUNCH_DATA), token=token)
    assert (status, headers["X-Experience-API-Version"]) == (200, "1.0.3")
    assert json.loads(body) == {
        "contextTemplate": {
            "contextActivities": {"grouping": [{"id": AU_ID}]},
            "extensions": {SESSION_ID: served_lms.last_session_id},
        },
        "launchMode": "Normal",
        "moveOn": "CompletedAndPassed",
        "masteryScore": 0.8,
        "returnURL": served_lms.return_url,
    }

    page = urllib.request.urlopen(served_lms.launches[-1].url, timeout=10)
    assert b"<title>First</title>" in page.read()
    assert LoggedRequest("GET", "/course/index.html", page.url.split("?")[1], 200) in (
        served_lms.requests
    )

    first_session = served_lms.last_session_id
    assert launch(served_lms, registration)["activityId"] == activity_id
    assert served_lms.last_session_id != first_session
    assert len(ralph.statements(registration=registration, verb=LAUNCHED)) == 2


def test_a_statement_posted_through_the_lms_is_stored_in_ralph(
    ralph: Ralph, served_lms: LMS
) -> None:
    parameters = launch(served_lms, str(uuid4()))
    token = fetch_token(parameters)
    initialized = statement(parameters)

    status, headers, body = http(
        "POST", f"{served_lms.endpoint}statements", token=token, body=initialized
    )

    assert (status, json.loads(body)) == (200, [initialized["id"]])
    assert headers["X-Experience-API-Version"] == "1.0.3"
    stored = ralph.statements(registration=parameters["registration"])
    assert [each["verb"]["id"] for each in stored] == [LAUNCHED, INITIALIZED]
    assert stored[1]["id"] == initialized["id"]
    assert stored[1]["authority"]["account"]["name"] == ralph.credentials[0]
    assert LoggedRequest("POST", "/xapi/statements", "", 200) in served_lms.requests

    # One statement by its id is the statement, as xAPI answers (Ralph wraps it in a result).
    status, _, body = http(
        "GET", f"{served_lms.endpoint}statements?statementId={initialized['id']}", token=token
    )
    assert (status, json.loads(body)["id"]) == (200, initialized["id"])
    terminated = statement(parameters, "http://adlnet.gov/expapi/verbs/terminated")
    status, _, _ = http(
        "PUT",
        f"{served_lms.endpoint}statements?statementId={terminated['id']}",
        token=token,
        body=terminated,
    )
    assert status == 204
    assert len(ralph.statements(registration=parameters["registration"])) == 3


def test_the_fetch_url_gives_its_token_once(served_lms: LMS) -> None:
    parameters = launch(served_lms, str(uuid4()))
    fetch_token(parameters)

    status, headers, body = http("POST", parameters["fetch"])

    assert (status, headers["Content-Type"]) == (200, "application/json")
    assert json.loads(body)["error-code"] == "1"
    assert served_lms.fetch_calls[served_lms.launches[-1].fetch_key] == 2
    assert http("GET", parameters["fetch"])[0] == 405
    _, _, unknown = http("POST", f"{served_lms.origin}/fetch/not-a-launch")
    assert json.loads(unknown)["error-code"] == "2"


def test_state_documents_round_trip_and_merge(served_lms: LMS) -> None:
    parameters = launch(served_lms, str(uuid4()))
    token = fetch_token(parameters)
    url = state_url(served_lms, parameters, "progress")

    assert http("GET", url, token=token)[0] == 404
    assert http("PUT", url, token=token, body={"read": ["one"]})[0] == 204
    assert http("POST", url, token=token, body={"answers": 3})[0] == 204

    status, _, body = http("GET", url, token=token)
    assert (status, json.loads(body)) == (200, {"read": ["one"], "answers": 3})
    # The agent is its account, whatever else its JSON says.
    same_learner = state_url(served_lms, parameters, "progress", account=ACTOR["account"])
    assert json.loads(http("GET", same_learner, token=token)[2]) == json.loads(body)
    assert served_lms.state(
        parameters["activityId"], ACTOR, parameters["registration"], "progress"
    ) == {"read": ["one"], "answers": 3}
    other_registration = url.replace(parameters["registration"], str(uuid4()))
    assert http("GET", other_registration, token=token)[0] == 404
    assert http("POST", url, token=token, body=["not", "an", "object"])[0] == 400
    assert http("DELETE", url, token=token)[0] == 204
    assert http("GET", url, token=token)[0] == 404


def test_agent_profiles_keep_xapi_concurrency(served_lms: LMS) -> None:
    parameters = launch(served_lms, str(uuid4()))
    token = fetch_token(parameters)
    served_lms.put_agent_profile(ACTOR, "cmi5LearnerPreferences", {"languagePreference": "de"})
    url = (
        f"{served_lms.endpoint}agents/profile?agent={quote(json.dumps(ACTOR), safe='')}"
        "&profileId=cmi5LearnerPreferences"
    )

    status, headers, body = http("GET", url, token=token)

    assert (status, json.loads(body)) == (200, {"languagePreference": "de"})
    preferences = {"languagePreference": "en-US", "audioPreference": "off"}
    assert http("PUT", url, token=token, body=preferences)[0] == 409
    assert http("PUT", url, token=token, body=preferences, headers={"If-Match": '"0"'})[0] == 412
    changed = http("PUT", url, token=token, body=preferences, headers={"If-Match": headers["ETag"]})
    assert changed[0] == 204
    assert json.loads(http("GET", url, token=token)[2]) == preferences


def test_requests_without_the_launch_token_are_refused(ralph: Ralph, served_lms: LMS) -> None:
    parameters = launch(served_lms, str(uuid4()))
    token = fetch_token(parameters)
    statements = f"{served_lms.endpoint}statements"

    assert http("POST", statements, body=statement(parameters))[0] == 401
    assert http("POST", statements, token="bm90Omlzc3VlZA==", body=statement(parameters))[0] == 401
    raw = {"Authorization": token}  # the token alone, not as RFC 1945's Basic credentials
    assert http("POST", statements, body=statement(parameters), headers=raw)[0] == 401
    assert http("GET", state_url(served_lms, parameters, LAUNCH_DATA))[0] == 401
    unversioned = {"X-Experience-API-Version": ""}
    assert http("POST", statements, token=token, headers=unversioned)[0] == 400
    stored = ralph.statements(registration=parameters["registration"])
    assert [each["verb"]["id"] for each in stored] == [LAUNCHED]

    status, headers, _ = http("OPTIONS", statements)
    assert status == 204 and "POST" in headers["Allow"]
    assert http("GET", f"{served_lms.endpoint}about")[0] == 200


def test_the_lms_answers_503_while_ralph_is_down(ralph: Ralph, served_lms: LMS) -> None:
    registration = str(uuid4())
    parameters = launch(served_lms, registration)
    token = fetch_token(parameters)
    statements = f"{served_lms.endpoint}statements"
    before, after = statement(parameters), statement(parameters, "http://example.test/verbs/read")
    assert http("POST", statements, token=token, body=before)[0] == 200
    url = ralph.url

    ralph.stop()
    try:
        assert http("POST", statements, token=token, body=after)[0] == 503
        assert http("GET", f"{statements}?registration={registration}", token=token)[0] == 503
    finally:
        ralph.start()

    assert ralph.url == url
    launched, *stored = ralph.statements(registration=registration)
    assert [each["id"] for each in stored] == [before["id"]]
    assert http("POST", statements, token=token, body=after)[0] == 200
    launched, *stored = ralph.statements(registration=registration)
    assert [each["id"] for each in stored] == [before["id"], after["id"]]


def test_statements_follows_more_links(ralph: Ralph) -> None:
    registration = str(uuid4())
    parameters = {"activityId": f"{LMS_ACTIVITIES}paged", "registration": registration}
    parameters["actor"] = json.dumps(ACTOR)
    posted = [statement(parameters) for _ in range(5)]
    ralph.post(*posted)

    found = ralph.statements(registration=registration, limit="2")

    assert [each["id"] for each in found] == [each["id"] for each in posted]
