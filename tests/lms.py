"""The LMS of the cmi5 package's tests, before Ralph (tests/lrs.py), all on one origin of 127.0.0.1
(the AU needs no CORS):

- ``/course/…``: the unzipped cmi5 package;
- ``POST /fetch/<key>``: a launch's one-time fetch URL (cmi5 8.2), which hands out its token;
- ``/xapi/activities/state`` and ``/xapi/agents/profile``: the State and Agent Profile APIs, kept
  in memory (the LMS writes each launch's ``LMS.LaunchData`` there, cmi5 10);
- ``/xapi/statements``: forwarded to Ralph with the LMS's own credentials; 503 while it is down.

Every xAPI request needs ``Authorization: Basic <auth-token>`` (RFC 1945's scheme, as cmi5 8.2.1
says) with a token the LMS issued, and an ``X-Experience-API-Version`` header, as an LRS demands.
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
import threading
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha1
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit
from uuid import uuid4

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
    XAPI_VERSION,
    Ralph,
    basic_credentials,
)


@dataclass(frozen=True)
class Launch:
    """One launch of an AU by the LMS."""

    au_id: str
    """The AU's id in cmi5.xml (the publisher id)."""
    activity_id: str
    """The LMS's activity id for the AU (one for all launches), the AU's ``activityId``."""
    registration: str
    session_id: str
    fetch_key: str
    """The key of the launch's fetch URL, ``/fetch/<key>``: ``LMS.fetch_calls[key]``."""
    url: str
    """The launch URL, with its query."""


@dataclass(frozen=True)
class LoggedRequest:
    """A request the LMS answered."""

    method: str
    path: str
    query: str
    status: int


class LMS:
    """The test's LMS on a free port of 127.0.0.1: the package in ``folder``, before ``ralph``."""

    def __init__(self, folder: Path, ralph: Ralph) -> None:
        self.folder = folder
        self.ralph = ralph
        self.content_origin: str | None = None
        """Another origin the package is served from, if any: its pages may call the LMS (CORS)."""
        self.requests: list[LoggedRequest] = []
        """Every request answered, in order."""
        self.fetch_calls: Counter[str] = Counter()
        """The POSTs to each fetch URL, by key."""
        self.launches: list[Launch] = []
        self._tokens: dict[str, str] = {}  # fetch key -> its auth-token
        self._activity_ids: dict[str, str] = {}  # AU id -> the LMS's
        self._documents: dict[tuple[str, ...], tuple[bytes, str]] = {}  # -> content, type
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_LMSHandler, self, directory=str(folder))
        )
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint the AU is given."""
        return f"{self.origin}/xapi/"

    @property
    def return_url(self) -> str:
        """The ``returnURL`` of every launch: a page of the LMS."""
        return f"{self.origin}/returned"

    @property
    def last_session_id(self) -> str:
        """The session id of the latest launch."""
        return self.launches[-1].session_id

    def activity_id_of(self, au_id: str, registration: str) -> str:
        """The LMS's activity id for the AU in the registration (KeyError before its launch)."""
        for launch in self.launches:
            if (launch.au_id, launch.registration) == (au_id, registration):
                return launch.activity_id
        raise KeyError(f"{au_id!r} was not launched in registration {registration!r}")

    def launch(
        self,
        au_url: str,
        au_id: str,
        *,
        actor: dict[str, Any],
        registration: str,
        mastery_score: float | None,
        move_on: str,
        session_id: str | None = None,
    ) -> str:
        """Launch the AU at ``au_url`` (relative to the package) as cmi5 8 and 10 say; its URL.

        Writes the launch's ``LMS.LaunchData`` and records its "launched" statement in Ralph
        first. The AU gets one activity id in every launch and registration (cmi5 8.1: it MUST
        in a registration, and SHOULD in all).
        """
        activity_id = self._activity_ids.setdefault(au_id, f"{LMS_ACTIVITIES}{uuid4()}")
        session_id = session_id or str(uuid4())
        au_address = f"{self.origin}/course/{au_url}"
        launch_data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"id": au_id}]},
                "extensions": {SESSION_ID: session_id},
            },
            "launchMode": "Normal",
            "moveOn": move_on,
            "returnURL": self.return_url,
        }
        extensions: dict[str, Any] = {
            SESSION_ID: session_id,
            LAUNCH_MODE: "Normal",
            LAUNCH_URL: au_address,
            MOVE_ON: move_on,
        }
        if mastery_score is not None:
            launch_data["masteryScore"] = extensions[MASTERY_SCORE] = mastery_score
        self.put_state(activity_id, actor, registration, LAUNCH_DATA, launch_data)
        self.ralph.post(
            {
                "id": str(uuid4()),
                "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "actor": actor,
                "verb": {"id": LAUNCHED, "display": {"en-US": "Launched"}},
                "object": {"objectType": "Activity", "id": activity_id},
                "context": {
                    "registration": registration,
                    "contextActivities": {
                        "category": [{"id": CMI5_CATEGORY}],
                        "grouping": [{"id": au_id}],
                    },
                    "extensions": extensions,
                },
            }
        )
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._tokens[key] = base64.b64encode(
                f"launch-{key}:{secrets.token_urlsafe(16)}".encode()
            ).decode("ascii")
        query = urlencode(
            [
                ("endpoint", self.endpoint),
                ("fetch", f"{self.origin}/fetch/{key}"),
                ("actor", json.dumps(actor, separators=(",", ":"))),
                ("registration", registration),
                ("activityId", activity_id),
            ],
            quote_via=quote,
        )
        url = f"{au_address}{'&' if '?' in au_url else '?'}{query}"
        self.launches.append(Launch(au_id, activity_id, registration, session_id, key, url))
        return url

    def state(
        self, activity_id: str, agent: dict[str, Any], registration: str | None, state_id: str
    ) -> Any:
        """A state document, parsed from its JSON (None if there is none)."""
        stored = self._documents.get(_state_key(activity_id, agent, registration, state_id))
        return None if stored is None else json.loads(stored[0])

    def put_state(
        self,
        activity_id: str,
        agent: dict[str, Any],
        registration: str | None,
        state_id: str,
        document: Any,
    ) -> None:
        """Store a state document as the LMS."""
        key = _state_key(activity_id, agent, registration, state_id)
        with self._lock:
            self._documents[key] = (json.dumps(document).encode(), "application/json")

    def put_agent_profile(self, agent: dict[str, Any], profile_id: str, document: Any) -> None:
        """Store an agent profile document (``cmi5LearnerPreferences``, cmi5 11) as the LMS."""
        with self._lock:
            self._documents[_profile_key(agent, profile_id)] = (
                json.dumps(document).encode(),
                "application/json",
            )

    def close(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LMS:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def serve_package(folder: Path, ralph: Ralph) -> LMS:
    """An LMS serving the unzipped package in ``folder``, its statements in ``ralph``; close() it."""
    return LMS(folder, ralph)


def _agent_key(agent: dict[str, Any]) -> str:
    # An agent is who its inverse functional identifier says, whatever else the JSON holds.
    if not isinstance(agent, dict):
        raise ValueError(f"an agent is a JSON object, not {agent!r}")
    for ifi in ("mbox", "mbox_sha1sum", "openid", "account"):
        if ifi in agent:
            return json.dumps({ifi: agent[ifi]}, sort_keys=True)
    raise ValueError(f"an agent without an identifier (mbox, account…): {agent!r}")


def _state_key(
    activity_id: str, agent: dict[str, Any], registration: str | None, state_id: str
) -> tuple[str, ...]:
    return ("state", activity_id, _agent_key(agent), registration or "", state_id)


def _profile_key(agent: dict[str, Any], profile_id: str) -> tuple[str, ...]:
    return ("profile", _agent_key(agent), profile_id)


class _XapiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _LMSHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, lms: LMS, *args: Any, **kwargs: Any) -> None:
        self.lms = lms  # before the base class, which handles the request as it is made
        super().__init__(*args, **kwargs)

    def handle(self) -> None:
        # A browser closed (or taken offline) mid-response hangs up: not the AU's fault.
        try:
            super().handle()
        except ConnectionError:
            pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        parts = urlsplit(self.path)
        status = int(code) if isinstance(code, int) else 0
        with self.lms._lock:
            self.lms.requests.append(LoggedRequest(self.command, parts.path, parts.query, status))

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        return super().translate_path(path.removeprefix("/course"))

    def _route(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/course/") and self.command in ("GET", "HEAD"):
            if self.command == "GET":
                super().do_GET()
            else:
                super().do_HEAD()
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path == "/returned" and self.command == "GET":
            self._send(200, b"<!doctype html><title>Back in the LMS</title>", "text/html")
        elif path.startswith("/fetch/"):
            self._fetch(path.removeprefix("/fetch/"))
        elif path.startswith("/xapi/"):
            self._xapi(path.removeprefix("/xapi/"), body)
        else:
            self.send_error(404)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = do_OPTIONS = _route

    def _fetch(self, key: str) -> None:
        if self.command == "OPTIONS":  # a page of another origin asks first
            self._send(204, b"", "", _cors(self.lms, "POST, OPTIONS"))
            return
        if self.command != "POST":  # cmi5 8.2.1: a GET could be cached
            self._send(405, b"", "text/plain", {"Allow": "POST"})
            return
        with self.lms._lock:
            self.lms.fetch_calls[key] += 1
            first = self.lms.fetch_calls[key] == 1
            token = self.lms._tokens.get(key)
        if token is None:
            answer = {"error-code": "2", "error-text": "This fetch URL is not one of a launch."}
        elif first:
            answer = {"auth-token": token}
        else:
            answer = {"error-code": "1", "error-text": "The token has already been returned."}
        self._send(200, json.dumps(answer).encode(), "application/json")

    def _xapi(self, resource: str, body: bytes) -> None:
        headers = {"X-Experience-API-Version": XAPI_VERSION}
        if self.command == "OPTIONS":
            methods = "GET, PUT, POST, DELETE, OPTIONS"
            self._send(204, b"", "", {**headers, "Allow": methods, **_cors(self.lms, methods)})
            return
        if resource == "about" and self.command == "GET":  # the one resource open to all
            self._send(200, json.dumps({"version": [XAPI_VERSION]}).encode(), "application/json")
            return
        try:
            self._check_request()
            if resource == "statements":
                status, content, kind = self._forward(body)
            elif resource in ("activities/state", "agents/profile"):
                status, content, kind, extra = self._document(resource, body)
                headers.update(extra)
            else:
                raise _XapiError(404, f"no xAPI resource {resource!r} here")
        except _XapiError as error:
            status, content, kind = error.status, str(error).encode(), "text/plain"
        self._send(status, content, kind, headers)

    def _check_request(self) -> None:
        version = self.headers.get("X-Experience-API-Version", "")
        if not version.startswith("1.0"):
            raise _XapiError(400, f"X-Experience-API-Version {version!r}: expected 1.0.x")
        with self.lms._lock:
            tokens = {f"Basic {token}" for token in self.lms._tokens.values()}
        if self.headers.get("Authorization") not in tokens:
            raise _XapiError(401, "Authorization is not `Basic <auth-token>` of a launch")

    def _forward(self, body: bytes) -> tuple[int, bytes, str]:
        query = urlsplit(self.path).query
        request = urllib.request.Request(
            f"{self.lms.ralph.url}statements{'?' + query if query else ''}",
            data=body if self.command in ("POST", "PUT") else None,
            method=self.command,
            headers={
                "Authorization": basic_credentials(*self.lms.ralph.credentials),
                "X-Experience-API-Version": XAPI_VERSION,
                "Content-Type": self.headers.get("Content-Type", "application/json"),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, content = response.status, response.read()
                kind = response.headers.get("Content-Type", "application/json")
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get("Content-Type", "text/plain")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            return 503, f"The LRS is away: {error}".encode(), "text/plain"
        if self.command == "GET" and status == 200:
            content = _as_lms_answer(content, "statementId" in parse_qs(query))
            if content == b"":
                return 404, b"No statement has this id", "text/plain"
        return status, content, kind

    def _document(self, resource: str, body: bytes) -> tuple[int, bytes, str, dict[str, str]]:
        query = {name: values[0] for name, values in parse_qs(urlsplit(self.path).query).items()}
        try:
            agent = json.loads(query["agent"])
            document_id = query["stateId" if resource == "activities/state" else "profileId"]
            if resource == "activities/state":
                key = _state_key(query["activityId"], agent, query.get("registration"), document_id)
            else:
                key = _profile_key(agent, document_id)
        except (KeyError, ValueError, TypeError) as error:
            raise _XapiError(400, f"missing or bad parameter: {error}") from error
        with self.lms._lock:
            stored = self.lms._documents.get(key)
            etag = f'"{sha1(stored[0]).hexdigest()}"' if stored else None
            if resource == "agents/profile" and self.command != "GET":
                _check_preconditions(self.headers, etag, self.command)
            if self.command == "GET":
                if stored is None:
                    raise _XapiError(404, f"no document {document_id!r}")
                return 200, stored[0], stored[1], {"ETag": etag} if etag else {}
            if self.command == "PUT":
                kind = self.headers.get("Content-Type", "application/octet-stream")
                self.lms._documents[key] = (body, kind)
            elif self.command == "POST":
                self.lms._documents[key] = (_merged(stored, body), "application/json")
            elif self.command == "DELETE":
                self.lms._documents.pop(key, None)
            else:
                raise _XapiError(405, f"{self.command} is not an xAPI method")
        return 204, b"", "", {}

    def _send(
        self, status: int, content: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if self.lms.content_origin and "Access-Control-Allow-Origin" not in (headers or {}):
            self.send_header("Access-Control-Allow-Origin", self.lms.content_origin)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if status != 204 and self.command != "HEAD":
            self.wfile.write(content)


def _cors(lms: LMS, methods: str) -> dict[str, str]:
    return {
        "Access-Control-Allow-Origin": lms.content_origin or lms.origin,
        "Access-Control-Allow-Methods": methods,
        "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version",
    }


def _as_lms_answer(content: bytes, by_id: bool) -> bytes:
    """Ralph's answer to a GET, as an LRS at /xapi/ gives it (empty: no such statement)."""
    result = json.loads(content)
    if by_id:  # Ralph wraps the one statement in a result; xAPI answers with the statement
        return json.dumps(result["statements"][0]).encode() if result["statements"] else b""
    if result.get("more"):
        result["more"] = result["more"].replace("/xAPI/statements", "/xapi/statements", 1)
    return json.dumps(result).encode()


def _check_preconditions(headers: Any, etag: str | None, method: str) -> None:
    """xAPI 1.0.3's concurrency rules for profile documents."""
    if_match, if_none_match = headers.get("If-Match"), headers.get("If-None-Match")
    if (if_match is not None and if_match not in ("*", etag)) or (if_match == "*" and not etag):
        raise _XapiError(412, f"If-Match {if_match!r}: the document's ETag is {etag!r}")
    if if_none_match == "*" and etag is not None:
        raise _XapiError(412, "If-None-Match *: the document exists")
    if method == "PUT" and etag is not None and if_match is None and if_none_match is None:
        raise _XapiError(409, "The document exists: PUT it with If-Match (its ETag)")


def _merged(stored: tuple[bytes, str] | None, body: bytes) -> bytes:
    """A POSTed JSON object merged into the stored one, as xAPI merges documents."""
    try:
        update = json.loads(body)
        existing = json.loads(stored[0]) if stored else {}
    except ValueError as error:
        raise _XapiError(400, f"POST merges JSON objects only: {error}") from error
    if not isinstance(update, dict) or not isinstance(existing, dict):
        raise _XapiError(400, "POST merges JSON objects only")
    return json.dumps({**existing, **update}).encode()
