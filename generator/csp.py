"""The Content-Security-Policy every built page carries, as a ``<meta>`` tag in its ``<head>``.

GitHub Pages cannot send headers, so the policy travels in the page. It allows scripts from the
site's own origin and, of the scripts written into the page, exactly those the page holds: the
themes write small ones whose text differs from page to page (the relative address of the site's
root), so each is allowed by the SHA-256 hash of its text, computed from the final HTML. An
injected ``<script>``, event-handler attribute or foreign ``<base>`` does not run (SECURITY.md).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from .version import __version__

GENERATOR = f"curriculum-engine {__version__}"

# The `type` values a browser runs (a classic script, a module, an import map, speculation rules);
# any other value, such as application/json, makes a data block, which is never run.
_RUN_TYPES = frozenset(
    {
        "",
        "module",
        "importmap",
        "speculationrules",
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)


def content_security_policy(
    inline_scripts: Iterable[str], *, connect_anywhere: bool = False
) -> str:
    """The policy of a page whose inline scripts have the given texts (SECURITY.md says why).

    ``connect_anywhere``: the page's own scripts may send requests to any address, as a cmi5 AU's
    must (the platform names its record store only at launch, often on another origin).
    """
    hashes = "".join(f" '{_sha256(text)}'" for text in dict.fromkeys(inline_scripts))
    return "; ".join(
        (
            "default-src 'self'",
            *(["connect-src 'self' http: https:"] if connect_anywhere else []),
            f"script-src 'self'{hashes}",
            # Zensical's search dialog writes its stylesheet into a <style> element.
            "style-src 'self' 'unsafe-inline'",
            # Material's icons in its stylesheets (admonitions, lists) are data: URLs.
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


def with_policy(html: str, *, connect_anywhere: bool = False) -> str:
    """The page with its policy as the first tag of its head (after ``<meta charset>``).

    A policy already there is replaced, so applying this twice changes nothing more. ValueError:
    the page has no ``<head>`` for the policy to go into.
    """
    page = _PageParser(html)
    if page.policy_at is None:
        raise ValueError("the page has no <head> to carry its Content-Security-Policy")
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{content_security_policy(page.inline_scripts, connect_anywhere=connect_anywhere)}">'
        # and which engine built the page (the theme names itself in a generator tag of its own)
        f'<meta name="generator" content="{GENERATOR}">'
    )
    edits = sorted([(page.policy_at, page.policy_at, meta)] + [(*s, "") for s in page.policies])
    pieces, cursor = [], 0
    for start, end, replacement in edits:
        pieces += [html[cursor:start], replacement]
        cursor = end
    return "".join(pieces) + html[cursor:]


def add_policy_to_site(site_dir: Path) -> None:
    """Give every HTML page of a built site its policy. ValueError names a page that has no head."""
    for path in sorted(site_dir.rglob("*.html")):
        try:
            # As bytes, so that the page's line ends (and so its scripts' hashes) stay as they are.
            html = path.read_bytes().decode("utf-8")
            secured = with_policy(html)
        except ValueError as error:  # UnicodeDecodeError is one too
            raise ValueError(f"{path.relative_to(site_dir).as_posix()}: {error}") from None
        if secured != html:
            path.write_bytes(secured.encode("utf-8"))


def _sha256(script: str) -> str:
    """A script's CSP hash source, of its text as the browser's HTML parser hands it over."""
    text = script.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


# The start tags the policy reads: where it goes, policies already there, scripts; the elements
# whose text is raw or escapable (whatever looks like a tag in them is not one).
_READ_TAGS = frozenset({"head", "meta", "script", "style", "title", "textarea"})
_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*")


class _PageParser(HTMLParser):
    """Where a page's policy goes, the policies it already has, and the text of its inline scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._at = 0  # where the token being read starts, in the page
        self.policy_at: int | None = None  # an offset in the page
        self.policies: list[tuple[int, int]] = []  # the spans of <meta> tags with a policy
        self.inline_scripts: list[str] = []
        self._script: list[str] | None = None  # the text so far of the inline script being read
        self._after_head = False  # the head has just begun: a <meta charset> stays first
        self.feed(html)
        self.close()

    def parse_starttag(self, i: int) -> int:
        """A start tag: read whole only if it is one the policy depends on (it is the parser's cost).

        Any other tag is stepped over as the parser would read it; <style> keeps its raw text.
        """
        name = _TAG_NAME.match(self.rawdata, i + 1)
        if name and name.group(0).lower() not in _READ_TAGS:
            end = self.check_for_whole_start_tag(i)
            if end >= 0:
                self.lasttag = name.group(0).lower()
            return int(end)
        return int(super().parse_starttag(i))

    def updatepos(self, i: int, j: int) -> int:
        """Keep the offset reached in the page, not its line and column (a cost on every token)."""
        if i < j:
            self._at = j
        return j

    def _span(self) -> tuple[int, int]:
        return self._at, self._at + len(self.get_starttag_text() or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        after_head, self._after_head = self._after_head, False
        if tag == "head" and self.policy_at is None:
            self.policy_at, self._after_head = self._span()[1], True
        elif tag == "meta":
            if attributes.get("http-equiv", "").strip().lower() == "content-security-policy":
                self.policies.append(self._span())
            elif attributes.get("content", "") == GENERATOR:
                self.policies.append(self._span())
            elif after_head and "charset" in attributes:
                self.policy_at = self._span()[1]
        elif tag == "script" and "src" not in attributes:
            kind = attributes.get("type", "").split(";")[0].strip().lower()
            self._script = [] if kind in _RUN_TYPES else None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None
