"""Markdown fields judged by the HTML they become.

Each Markdown field is rendered with the site's own Markdown engine, extensions and settings (read
from mkdocs.yml by MkDocs' own loader, so there is no second list to keep in step), and the HTML is
checked against an allowlist of elements, attributes and link targets. The check reads the HTML
twice: with Python's HTML parser, which names what is wrong, and through nh3 (the Rust sanitizer
ammonia, built on the html5ever parser that follows browsers' parsing rules) with the same
allowlist. A field passes only when both read the same document: whatever a browser would read
differently from how it is written (an unclosed attribute, a stray end tag, a block inside a
paragraph) is refused too, so what was checked is what the browser gets. Plain prose, which can
become nothing else than allowed HTML, is passed on sight (``is_inert``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .memo import Memo

if TYPE_CHECKING:
    import markdown

# What Markdown, its extensions and safe raw HTML produce; nothing that runs code, loads another
# document, submits a form or restyles the page.
ALLOWED_ELEMENTS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
     "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
     "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
     "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
     "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
     # The icons pymdownx.emoji inlines (:material-clock-outline:): a path, no script, no links.
     "svg", "path"}
)  # fmt: skip
VOID_ELEMENTS = frozenset({"br", "col", "hr", "img", "wbr"})
_EVERYWHERE = frozenset({"class", "id", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES = {
    "*": _EVERYWHERE,
    "a": frozenset({"href", "rel", "target"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"style", "colspan", "rowspan", "align"}),
    "th": frozenset({"style", "colspan", "rowspan", "align", "scope"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "svg": frozenset({"xmlns", "viewbox", "width", "height"}),
    "path": frozenset({"d"}),
}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src"})

HINT_LINK = (
    "link to an http://, https:// or mailto: address, to a page of this course "
    "(other-module.md, ../sources.md) or to a #fragment"
)
HINT_IMAGE = (
    "put the image among the course's files (content/assets/) and show it by a relative path: "
    "![what it shows](../assets/picture.png)"
)
HINT_ATTRIBUTE = (
    "HTML and attribute lists ({: … }) may set class, id and title; links href, images src and alt"
)
_ELEMENT_HINTS = {
    "script": "pages may not run code: describe the step in words instead",
    "style": "the course's styles live in its stylesheet, not in a page",
    "iframe": "link to the page instead: [its title](https://…)",
    "object": "link to the file instead: [its title](https://…)",
    "embed": "link to the file instead: [its title](https://…)",
    "form": "ask the question in words: learners write their answers in the journal",
    "input": "the progress checklist and the journal are added by the generator",
    "textarea": "the progress checklist and the journal are added by the generator",
}

# Lowercase ids cannot name the globals pages use (window.API, #__config…).
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CLASSES = re.compile(r"^[A-Za-z0-9_ -]*$")
_TABLE_ALIGN = re.compile(r"^text-align:\s*(?:left|right|center);?$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop ASCII tab and newline anywhere in a URL, and spaces and control characters around it.
_URL_NOISE = re.compile(r"[\t\n\r]")
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


def link_problem(url: str, *, image: bool = False) -> str | None:
    """Why ``url`` may not be a link target (None if it may), read as a browser reads it."""
    cleaned = _URL_EDGES.sub("", _URL_NOISE.sub("", url))
    if "\\" in cleaned:
        return "holds a backslash, which browsers read as a slash"
    scheme = _SCHEME.match(cleaned)
    if scheme:
        if image:
            return "is outside the site: images must be files of the course"
        name = scheme.group(1).lower()
        return None if name in SAFE_SCHEMES else f"uses the scheme '{name}:'"
    if cleaned.startswith("//"):
        return "leads to another site without a scheme: write https://"
    return None


def attribute_problem(element: str, name: str, value: str) -> str | None:
    """Why the attribute may not stand on the element (None if it may)."""
    if name not in _EVERYWHERE and name not in ALLOWED_ATTRIBUTES.get(element, ()):
        return "is not allowed"
    if name in URL_ATTRIBUTES:
        return link_problem(value, image=element == "img")
    if name == "id" and not _ID.match(value):
        return "must be lowercase letters, digits, '-' and '_'"
    if name == "class" and not _CLASSES.match(value):
        return "must be class names: letters, digits, '-' and '_'"
    if name == "style" and not _TABLE_ALIGN.match(value.strip()):
        return "may only align a table cell (text-align)"
    if name == "target" and value != "_blank":
        return "may only be _blank"
    return None


# Prose that no Markdown extension below turns into anything but paragraphs, lists, emphasis, code
# spans, indented code and tables: every element and attribute it can become is on the allowlist,
# and the serializer writes it as a browser reads it, so its verdict is known without rendering it
# (a millisecond or more a field; nine in ten of a course's fields are such prose). Left out is
# whatever makes other markup: ASCII's <>[]{}\\=~^@, controls and line separators (raw HTML,
# links, attribute lists, marks, fences), a colon before a word or a slash (emoji, addresses)
# except in a table's rule line (|:---|), "!!!" and "??" (admonitions, details), "```" (fences),
# lines (or list items) that open with "#" or ":" (headings, definitions) and lines of only -=_*
# (setext headings, rules). Headings are out because their ids come from a slugify function that
# a configuration may change.
_INERT_CHARACTERS = re.compile(r"[^\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029<>\[\]{}\\=~^@]*")
_TABLE_RULE = re.compile(r"^(?=.*\|)[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|?)+[ \t]*$", re.MULTILINE)
_MARKUP = re.compile(
    r"!!!|\?\?|```|:[\w+/-]|^[ \t]*(?:(?:[-+*]|\d+[.)])[ \t]+)*[#:]|^[ \t]*[-=_*][-=_* \t]*$",
    re.MULTILINE,
)
# The extensions whose every syntax needs one of the characters or lines left out above (by the
# module that defines them); with any other, every field is rendered and judged.
_INERT_SAFE_EXTENSIONS = frozenset(
    {f"markdown.extensions.{name}" for name in (
        "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
        "tables", "toc", "nl2br", "sane_lists", "smarty", "wikilinks")}
    | {f"pymdownx.{name}" for name in (
        "details", "emoji", "tasklist", "tilde", "caret", "mark", "betterem", "saneheaders")}
)  # fmt: skip


def _extension_module(extension: Any) -> str:
    """The module that defines an extension given as MkDocs gives it: a name or an instance."""
    if not isinstance(extension, str):
        return type(extension).__module__
    name = extension.split(":", 1)[0]
    return name if "." in name else f"markdown.extensions.{name}"


def is_inert(text: str) -> bool:
    """Whether ``text`` is prose that Markdown turns into nothing a page may not hold."""
    if _INERT_CHARACTERS.fullmatch(text) is None:
        return False
    return _MARKUP.search(_TABLE_RULE.sub("|", text)) is None


@dataclass(frozen=True)
class MarkdownProblem:
    """What is wrong with a Markdown field, and what to write instead."""

    message: str
    hint: str


class MarkdownJudge:
    """Renders Markdown as the site does and says what in the HTML a page may not hold."""

    def __init__(
        self, extensions: list[Any], extension_configs: dict[str, Any], key: str = ""
    ) -> None:
        import markdown

        self._markdown: markdown.Markdown = markdown.Markdown(
            extensions=extensions, extension_configs=extension_configs
        )
        self.key = key  # the configuration's content: judges with the same key judge alike
        self.knows_inert_text = all(
            _extension_module(extension) in _INERT_SAFE_EXTENSIONS for extension in extensions
        )
        self._verdicts: Memo[str, tuple[MarkdownProblem, ...]] = Memo(limit=100_000)

    def problems(self, text: str) -> tuple[MarkdownProblem, ...]:
        """Everything in the HTML ``text`` becomes that a published page may not hold."""
        if self.knows_inert_text and is_inert(text):
            return ()
        return self._verdicts.get(text, lambda: tuple(self._judge(text)))

    def render(self, text: str) -> str:
        """``text`` as the site's Markdown engine renders it."""
        self._markdown.reset()
        return self._markdown.convert(text)

    def _judge(self, text: str) -> list[MarkdownProblem]:
        html = self.render(text)
        problems = []
        # Reference definitions apply to the whole page the field is shown on, used here or not.
        refused = set()
        for label, (url, _title) in sorted(self._markdown.references.items()):
            if reason := link_problem(url):
                refused.add(url)
                problems.append(
                    MarkdownProblem(
                        f"the link reference [{label}] leads to {url!r}, which {reason}", HINT_LINK
                    )
                )
        tokens = _tokens(html)
        problems += _allowlist_problems(tokens, already=refused)
        if not problems and (difference := _read_differently(html, tokens)):
            problems.append(
                MarkdownProblem(
                    f"{difference}: a browser reads it differently from how it is written",
                    "close every element you open, quote attribute values, and keep blocks "
                    "such as <div> or <table> out of a paragraph's line",
                )
            )
        return problems


def _allowlist_problems(tokens: list[Token], already: set[str]) -> Iterator[MarkdownProblem]:
    """The elements and attributes outside the allowlist (links in ``already`` are reported)."""
    for kind, tag, attributes in tokens:
        if kind != "start":
            continue
        if tag not in ALLOWED_ELEMENTS:
            yield MarkdownProblem(
                f"the HTML element <{tag}> is not allowed",
                _ELEMENT_HINTS.get(tag, "write it in Markdown; SECURITY.md lists what pages hold"),
            )
            continue
        for name, value in attributes:
            reason = attribute_problem(tag, name, value)
            if reason is None or (name in URL_ATTRIBUTES and value in already):
                continue
            if name in URL_ATTRIBUTES and name in ALLOWED_ATTRIBUTES.get(tag, ()):
                hint = HINT_IMAGE if tag == "img" else HINT_LINK
                yield MarkdownProblem(f"the link {value!r} on <{tag}> {reason}", hint)
            elif name.startswith("on"):
                yield MarkdownProblem(
                    f"the event-handler attribute {name}= on <{tag}> is not allowed",
                    "pages may not run code: remove it",
                )
            else:
                yield MarkdownProblem(
                    f"the attribute {name}= on <{tag}> {reason}",
                    HINT_ATTRIBUTE,
                )


def _read_differently(html: str, tokens: list[Token]) -> str | None:
    """Where a browser's reading of ``html`` (through nh3) departs from ours; None if nowhere.

    Only documents that pass the allowlist get here: their attribute values were judged already,
    so nh3 needs the same elements and attributes, not the rules for each value.
    """
    import nh3

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_ELEMENTS),
        attributes=_NH3_ATTRIBUTES,
        strip_comments=False,
        link_rel=None,
        url_schemes=set(SAFE_SCHEMES),
    )
    if cleaned == html:
        return None
    ours, theirs = list(_canonical(tokens)), list(_canonical(_tokens(cleaned)))
    if ours == theirs:
        return None
    index = next(
        (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    open_elements = _open_elements(ours[:index])
    if index < len(ours):
        kind, name, _ = ours[index]
        if kind == "end" and name not in open_elements:
            return f"the end tag </{name}> closes no element"
        if kind == "end" and open_elements[-1] != name:
            return f"the HTML element <{open_elements[-1]}> is not closed"
        return f"the HTML near {_shown(ours[index])!r} is malformed"
    return f"the HTML element <{(open_elements or ['p'])[-1]}> is not closed"


def _open_elements(tokens: list[Token]) -> list[str]:
    """The elements still open after ``tokens``, outermost first."""
    stack: list[str] = []
    for kind, name, _ in tokens:
        if kind == "start" and name not in VOID_ELEMENTS:
            stack.append(name)
        elif kind == "end" and name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
    return stack


# html5ever restores the case of SVG's attributes (viewBox); Python's parser lowers it.
_NH3_ATTRIBUTES = {
    tag: {"viewBox" if name == "viewbox" else name for name in names}
    for tag, names in ALLOWED_ATTRIBUTES.items()
}

Token = tuple[str, str, tuple[tuple[str, str], ...]]


def _canonical(tokens: list[Token]) -> Iterator[Token]:
    """The document as tokens that do not depend on how it was serialised."""
    text = ""
    for token in tokens:
        if token[0] == "text":
            text += token[1]
            continue
        if text.strip():
            yield ("text", " ".join(text.split()), ())
        text = ""
        if token[0] == "end" and token[1] in VOID_ELEMENTS:
            continue
        yield token
    if text.strip():
        yield ("text", " ".join(text.split()), ())


def _shown(token: Token) -> str:
    kind, name, attributes = token
    if kind == "start":
        return f"<{name}" + "".join(f' {k}="{v}"' for k, v in attributes) + ">"
    if kind == "end":
        return f"</{name}>"
    return name[:60]


def _tokens(html: str) -> list[Token]:
    parser = _Tokenizer()
    parser.feed(html)
    parser.close()
    return parser.tokens


class _Tokenizer(HTMLParser):
    """Python's HTML parser, collecting start and end tags, text and comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.tokens.append(("end", tag, ()))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, ()))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("text", data, ()))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data, ()))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("declaration", decl, ()))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(("processing instruction", data, ()))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(("declaration", data, ()))


# One judge per site configuration (by its bytes): a long preview reuses it, an edited mkdocs.yml
# gets a new one.
_judges: Memo[str, MarkdownJudge] = Memo(limit=1)


def site_markdown_judge(config_file: Path) -> MarkdownJudge:
    """The judge for the site configured by ``config_file`` (mkdocs.yml), read as MkDocs reads it.

    Without a configuration, MkDocs' own default extensions.
    """
    try:
        data = config_file.read_bytes()
    except OSError:
        data = b""
    key = f"{config_file}:{hashlib.sha256(data).hexdigest()}"
    return _judges.get(key, lambda: _judge_for(config_file if data else None, key))


def _judge_for(config_file: Path | None, key: str) -> MarkdownJudge:
    from mkdocs.config.config_options import MarkdownExtensions
    from mkdocs.utils.yaml import yaml_load

    raw: dict[str, Any] = {}
    if config_file is not None:
        with config_file.open("rb") as file:
            raw = yaml_load(file)
    # The option MkDocs itself validates markdown_extensions with: the same built-ins, the same
    # per-extension settings.
    option = MarkdownExtensions(builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs")
    extensions: list[Any] = option.validate(  # type: ignore[no-untyped-call]  # MkDocs is untyped
        raw.get("markdown_extensions") or []
    )
    return MarkdownJudge(extensions, option.configdata, key)
