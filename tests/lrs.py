"""A learning record store for the cmi5 package's tests: Ralph, and the cmi5 words both sides use.

Ralph (tools/ralph/, in a virtualenv of its own) serves the xAPI Statements API only, so the
test's LMS (tests/lms.py) plays the rest of the platform in front of it.

Without tools/ralph/.venv (`make tools/ralph/.venv/.ready`) the tests that use Ralph skip, except
under CI=true, where they fail.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urljoin

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _query_value(value: str | bool | dict[str, Any]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, dict) else value


def basic_credentials(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class Ralph:
    """Ralph's LRS on a free port of 127.0.0.1, its statements and users file in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
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
                "Authorization": basic_credentials(*self.credentials),
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
