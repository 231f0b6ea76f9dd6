"""Run Ralph's LRS (its Statements API) on 127.0.0.1, storing statements in files, for the tests.

    tools/ralph/.venv/bin/python tools/ralph/serve.py --port 8100 --data DIR --auth FILE

Each option falls back to the environment variable Ralph itself reads (RALPH_RUNSERVER_PORT,
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH, RALPH_AUTH_FILE). The users file is the one
`ralph auth --write-to-disk` writes. Runs until SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def main() -> None:
    """Configure Ralph from the command line, then serve it with uvicorn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=os.environ.get("RALPH_RUNSERVER_PORT"))
    parser.add_argument(
        "--data",
        type=Path,
        default=os.environ.get("RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"),
        help="the folder of the statements file (fs_lrs.jsonl)",
    )
    parser.add_argument("--auth", type=Path, default=os.environ.get("RALPH_AUTH_FILE"))
    options = parser.parse_args()
    if options.port is None or options.data is None or options.auth is None:
        parser.error("--port, --data and --auth (or their environment variables) are required")
    data = options.data.resolve()

    # Ralph reads its settings from the environment once, when its modules are first imported,
    # so they are set before any import of ralph.
    os.environ.update(
        {
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
            "RALPH_AUTH_FILE": str(options.auth.resolve()),
            # The fs backend notes every file it reads or writes in a history file, by default in
            # the user's ~/.config/ralph/: keep it with the data.
            "RALPH_HISTORY_FILE": str(data / "history.json"),
        }
    )

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    # The fs backend writes every POST into the one statements file, and by default it creates
    # that file (refusing to overwrite it), so every write after the first fails. The operation
    # type is a class attribute, not a setting: appending keeps all statements.
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND

    # Ralph's API hands the fs backend the query's verb and activity as IRI model objects, which
    # no statement's id (a string) equals, so `verb=` and `activity=` found nothing; and its
    # flags as the query's strings, so `related_activities=false` was true.
    query_statements = FSLRSBackend.query_statements

    def query_statements_as_sent(self: Any, params: Any, target: str | None = None) -> Any:
        for name in ("verb", "activity"):
            if getattr(params, name) is not None:
                setattr(params, name, str(getattr(params, name)))
        for name in ("related_activities", "related_agents"):
            setattr(params, name, getattr(params, name) in (True, "true"))
        return query_statements(self, params, target)

    FSLRSBackend.query_statements = query_statements_as_sent

    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=options.port, log_level="warning")


if __name__ == "__main__":
    main()
