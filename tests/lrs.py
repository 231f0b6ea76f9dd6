"""A learning record store and an LMS for the cmi5 package's tests: Ralph, and a small LMS before it.

Ralph (tools/ralph/, in a virtualenv of its own) serves the xAPI Statements API only, so the LMS
here plays the rest of the platform, all on one origin of 127.0.0.1 (the AU needs no CORS):

- ``/course/…``: the unzipped cmi5 package;
- ``POST /fetch/<key>``: a launch's one-time fetch URL (cmi5 8.2), which hands out its token;
- ``/xapi/activities/state`` and ``/xapi/agents/profile``: the State and Agent Profile APIs, kept
  in memory (the LMS writes each launch's ``LMS.LaunchData`` there, cmi5 10);
- ``/xapi/statements``: forwarded to Ralph with the LMS's own credentials; 503 while it is down.

Every xAPI request needs ``Authorization: Basic <auth-token>`` (RFC 1945's scheme, as cmi5 8.2.1
says) with a token the LMS issued, and an ``X-Experience-API-Version`` header, as an LRS demands.

Without tools/ralph/.venv (`make tools/ralph/.venv/.ready`) the tests that use Ralph skip, except
under CI=true, where they fail.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import secrets
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha1
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urljoin, urlsplit
from uuid import uuid4

import pytest

REPO = Path(__file__).resolve().parent.parent
RALPH_VENV = REPO / "tools" / "ralph" / ".venv"
RALPH_PYTHON = RALPH_VENV / "bin" / "python"
RALPH_SERVER = REPO / "tools" / "ralph" / "serve.py"
XAPI_VERSION = "1.0.3"

LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
LAUNCH_MODE = "https://w3id.org/xapi/cmi5/context/extensions/launchmode"
LAUNCH_URL = "https://w3id.org/xapi/cmi5/context/extensions/launchurl"
MOVE_ON = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
LAUNCH_DATA = "LMS.LaunchData"
# The LMS's own activity ids (cmi5 8.1: never the AU's id from cmi5.xml) and its identity.
LMS_HOME = "https://lms.example.test"
LMS_ACTIVITIES = f"{LMS_HOME}/launch/"


def _require_ralph() -> None:
    ready = RALPH_VENV / ".ready"
    if ready.exists():
        return
    reason = f"Ralph is not installed: `make {ready.relative_to(REPO)}` installs it"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _query_value(value: str | bool | dict[str, Any]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, dict) else value


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class Ralph:
    """Ralph's LRS on a free port of 127.0.0.1, its statements and users file in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.credentials = ("lms", secrets.token_urlsafe(16))
        """The LMS's Basic-auth user, with the statements/read and statements/write scopes."""
        self._users = folder / "users.json"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The xAPI base URL, with its trailing slash."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        """Start Ralph (again: on the same port, with the same statements) and wait for it."""
        _require_ralph()
        if self._process is not None:
            return
        if not self._users.exists():
            self._add_user()
        with (self.folder / "ralph.log").open("ab") as log:
            self._process = subprocess.Popen(
                [
                    str(RALPH_PYTHON),
                    str(RALPH_SERVER),
                    *("--port", str(self.port), "--data", "statements", "--auth", "users.json"),
                ],
                cwd=self.folder,  # Ralph reads a .env file in its working folder
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()

    def stop(self) -> None:
        """Stop Ralph; its statements stay for the next start()."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self) -> Ralph:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def post(self, *statements: dict[str, Any]) -> list[str]:
        """Store statements as the LMS, returning their ids."""
        answer = self._request("statements", json.dumps(statements).encode())
        ids: list[str] = json.loads(answer) if answer else []  # none if all were stored already
        return ids

    def statements(self, **query: str | bool | dict[str, Any]) -> list[dict[str, Any]]:
        """The statements matching an xAPI query (``registration=``, ``verb=``…), oldest first.

        Follows the `more` links; ``agent=`` takes the agent itself.
        """
        found: list[dict[str, Any]] = []
        parameters = {name: _query_value(value) for name, value in query.items()}
        page = f"statements?{urlencode(parameters)}"
        while page:
            result = json.loads(self._request(page))
            found.extend(result["statements"])
            # `more` is a path from the server's root: /xAPI/statements?…
            page = urljoin(self.url, result["more"]) if result.get("more") else ""
        # The fs backend answers in the order of its file either way `ascending` says: sort.
        return sorted(found, key=lambda statement: datetime.fromisoformat(statement["stored"]))

    def _request(self, path: str, body: bytes | None = None) -> bytes:
        request = urllib.request.Request(
            urljoin(self.url, path),
            data=body,
            headers={
                "Authorization": _basic(*self.credentials),
                "X-Experience-API-Version": XAPI_VERSION,
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            content: bytes = response.read()
            return content

    def _add_user(self) -> None:
        user, password = self.credentials
        added = subprocess.run(
            [
                str(RALPH_PYTHON),
                *("-m", "ralph", "auth", "--write-to-disk"),
                *("--username", user, "--password", password),
                *("--scope", "statements/read", "--scope", "statements/write"),
                *("--agent-ifi-account", user, LMS_HOME, "--agent-name", "The test LMS"),
            ],
            cwd=self.folder,
            # `ralph auth` loads the LRS backends too, and the default one (es) is not installed.
            env={
                **os.environ,
                "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_AUTH_FILE": str(self._users),
            },
            capture_output=True,
            text=True,
        )
        if added.returncode != 0:
            raise RuntimeError(f"`ralph auth` could not add the LMS's user:\n{added.stderr}")

    def _wait_until_up(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = (self.folder / "ralph.log").read_text(encoding="utf-8", errors="replace")
                self._process = None
                raise RuntimeError(f"Ralph exited before it answered:\n{log[-3000:]}")
            try:
                self._request("/whoami")  # up, and taking the LMS's credentials
                return
            except urllib.error.HTTPError as error:
                self.stop()
                raise RuntimeError(f"Ralph refused the LMS's credentials: {error}") from error
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Ralph did not answer on port {self.port} within 30 s")


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """Ralph, started once for the test module and stopped after it."""
    with Ralph(tmp_path_factory.mktemp("ralph")) as lrs:
        yield lrs


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
                "Authorization": _basic(*self.lms.ralph.credentials),
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
        "Access-Control-Allow-Origin": lms.origin,
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
