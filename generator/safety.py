"""What instructors' text may not carry into a published page.

A course is built from YAML that contributors change through pull requests and is published on the
open web, so the validator refuses, at their file and line: links that are not http(s); in Markdown
fields, raw HTML outside a safe set (no <script>, <style>, <iframe>, <object>, <embed>, <form>, no
event-handler attributes, no javascript: or data: links, in HTML or in Markdown, and no event
handlers slipped in through attribute lists such as `{: onclick=... }`); and anywhere in a file,
the invisible bidirectional control characters that make text display other than it reads.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements that run code, load other documents or restyle the page.
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
     "input", "button", "textarea", "select", "meta", "link", "base", "svg", "math", "template"}
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", ""})

# Characters that reorder text when it is displayed (the "Trojan Source" characters).
BIDI_CONTROLS = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
_BIDI = re.compile("[" + "".join(BIDI_CONTROLS) + "]")
# Markdown link targets: inline [text](target) and reference definitions [id]: target.
_MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M
)
# Attribute lists (attr_list): { ... } after a block or an inline element.
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}\n]*\}")
_EVENT_HANDLER = re.compile(r"(?<![\w-])on[a-z]+\s*=", re.IGNORECASE)


def web_address_problem(url: str) -> str | None:
    """Why ``url`` may not be linked to (None if it may): only absolute http(s) addresses."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"{url!r} is not a web address: only http:// and https:// links are allowed"
    return None


def markdown_problems(text: str) -> list[str]:
    """What in a Markdown field is not allowed in a published page."""
    problems = []
    for target in (m.group(1) or m.group(2) for m in _MARKDOWN_TARGET.finditer(text)):
        if _scheme(target) not in SAFE_SCHEMES:
            problems.append(f"the link {target!r} uses a scheme that is not allowed")
    for attributes in _ATTRIBUTE_LIST.findall(text):
        if _EVENT_HANDLER.search(attributes):
            problems.append(f"the attribute list {attributes!r} sets an event handler")
    checker = _HTMLChecker()
    checker.feed(text)
    checker.close()
    return problems + checker.problems


def bidi_controls(text: str) -> list[tuple[int, str]]:
    """The offset and name of each bidirectional control character in ``text``."""
    return [(match.start(), BIDI_CONTROLS[match.group()]) for match in _BIDI.finditer(text)]


def _scheme(url: str) -> str:
    # Browsers ignore control characters and whitespace inside a scheme: "java\tscript:" counts.
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


class _HTMLChecker(HTMLParser):
    """Collects the raw HTML that is not allowed: forbidden elements, handlers, unsafe links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"the HTML element <{tag}> is not allowed")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(
                    f"the event-handler attribute {name}= on <{tag}> is not allowed"
                )
            elif name in URL_ATTRIBUTES and value and _scheme(value) not in SAFE_SCHEMES:
                self.problems.append(
                    f"the link {value!r} on <{tag}> uses a scheme that is not allowed"
                )
            elif name == "style" and value and re.search(r"url\s*\(|expression\s*\(", value, re.I):
                self.problems.append(f"the style attribute on <{tag}> loads or runs something")

    handle_startendtag = handle_starttag
