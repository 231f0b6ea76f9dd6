"""markup.py: Markdown fields judged by the HTML they become, with the site's own Markdown set-up."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load_curriculum
from generator.markup import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_ELEMENTS,
    SAFE_SCHEMES,
    MarkdownJudge,
    is_inert,
    site_markdown_judge,
)
from generator.problems import ContentError
from generator.project import Project

from .conftest import REPO

LINK = (
    "link to an http://, https:// or mailto: address, to a page of this course "
    "(other-module.md, ../sources.md) or to a #fragment"
)
IMAGE = (
    "put the image among the course's files (content/assets/) and show it by a relative path: "
    "![what it shows](../assets/picture.png)"
)
ATTRIBUTE = (
    "HTML and attribute lists ({: … }) may set class, id and title; links href, images src and alt"
)
CODE = "pages may not run code: remove it"
MARKDOWN = "write it in Markdown; SECURITY.md lists what pages hold"
MALFORMED = (
    "close every element you open, quote attribute values, and keep blocks such as <div> or "
    "<table> out of a paragraph's line"
)
BROWSER = ": a browser reads it differently from how it is written"


def scheme(url: str, name: str) -> str:
    return f"the link {url!r} on <a> uses the scheme '{name}:'"


# (Markdown in beta.yml's summary, [(message, hint)] at curriculum/modules/beta.yml:2:10)
HOSTILE = [
    # links, however the scheme is spelt
    ("[click](javascript:alert(1))", [(scheme("javascript:alert(1)", "javascript"), LINK)]),
    ("[click](JaVaScRiPt:alert(1))", [(scheme("JaVaScRiPt:alert(1)", "javascript"), LINK)]),
    ("[click](<javascript:alert(1)>)", [(scheme("javascript:alert(1)", "javascript"), LINK)]),
    ("[x](vbscript:msgbox(1))", [(scheme("vbscript:msgbox(1)", "vbscript"), LINK)]),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", [(scheme("data:text/html;base64,PHNjcmlwdD4=", "data"), LINK)]),
    ('<a href="java&#9;script:alert(1)">x</a>', [(scheme("java\tscript:alert(1)", "javascript"), LINK)]),
    ('<a href="&#106;avascript:alert(1)">x</a>', [(scheme("javascript:alert(1)", "javascript"), LINK)]),
    ('<a href="&#x6A;&#x61;vascript:alert(1)">x</a>', [(scheme("javascript:alert(1)", "javascript"), LINK)]),
    ('<a href=" &#1;javascript:alert(1)">x</a>', [(scheme(" javascript:alert(1)", "javascript"), LINK)]),
    ("[x](//evil.example/)", [("the link '//evil.example/' on <a> leads to another site without a scheme: write https://", LINK)]),
    ("[x](/\\evil.example/)", [("the link '/\\\\evil.example/' on <a> holds a backslash, which browsers read as a slash", LINK)]),
    # images: nothing from outside the site, nothing that runs
    ("![pixel](https://tracker.example/p.gif)", [("the link 'https://tracker.example/p.gif' on <img> is outside the site: images must be files of the course", IMAGE)]),
    ("![x](javascript:alert(1))", [("the link 'javascript:alert(1)' on <img> is outside the site: images must be files of the course", IMAGE)]),
    ("<img src=x onerror=alert(1)>", [("the event-handler attribute onerror= on <img> is not allowed", CODE)]),
    # attribute lists
    ('[x](https://ok.example){: href="javascript:alert(1)" }', [(scheme("javascript:alert(1)", "javascript"), LINK)]),
    ('![x](a.png){: src="data:image/svg+xml,x" }', [("the link 'data:image/svg+xml,x' on <img> is outside the site: images must be files of the course", IMAGE)]),
    ('A paragraph.\n{: onclick="alert(1)" }', [("the event-handler attribute onclick= on <p> is not allowed", CODE)]),
    ('A paragraph.\n{: OnMouseOver="alert(1)" }', [("the event-handler attribute onmouseover= on <p> is not allowed", CODE)]),
    ('A paragraph.\n{: style="position:fixed;inset:0" }', [("the attribute style= on <p> is not allowed", ATTRIBUTE)]),
    ('[x](https://ok.example){: id="API" }', [("the attribute id= on <a> must be lowercase letters, digits, '-' and '_'", ATTRIBUTE)]),
    # reference definitions reach every link of the page, used in the field or not
    ("[x][r]\n\n[r]: javascript:alert(1)", [("the link reference [r] leads to 'javascript:alert(1)', which uses the scheme 'javascript:'", LINK)]),
    ("Nothing uses it.\n\n[r]: data:text/html,hi", [("the link reference [r] leads to 'data:text/html,hi', which uses the scheme 'data:'", LINK)]),
    # raw HTML, also inside md_in_html blocks
    ("Hi <script>alert(1)</script>", [("the HTML element <script> is not allowed", "pages may not run code: describe the step in words instead")]),
    ("<iframe src='https://example.org'></iframe>", [("the HTML element <iframe> is not allowed", "link to the page instead: [its title](https://…)")]),
    ("<object data='x.swf'></object>", [("the HTML element <object> is not allowed", "link to the file instead: [its title](https://…)")]),
    ("<style>body{display:none}</style>", [("the HTML element <style> is not allowed", "the course's styles live in its stylesheet, not in a page")]),
    ("<form action='https://evil.example'><button>Go</button></form>", [("the HTML element <form> is not allowed", "ask the question in words: learners write their answers in the journal"), ("the HTML element <button> is not allowed", MARKDOWN)]),
    ('<div markdown="1">[x](javascript:alert(1))</div>', [(scheme("javascript:alert(1)", "javascript"), LINK)]),
    ("<details open ontoggle=alert(1)><summary>s</summary>x</details>", [("the event-handler attribute ontoggle= on <details> is not allowed", CODE)]),
    # SVG and MathML
    ("<svg onload=alert(1)></svg>", [("the event-handler attribute onload= on <svg> is not allowed", CODE)]),
    ("<svg><a xlink:href='javascript:alert(1)'>x</a></svg>", [("the attribute xlink:href= on <a> is not allowed", ATTRIBUTE)]),
    ("<svg><animate attributeName=href values=javascript:alert(1) /></svg>", [("the HTML element <animate> is not allowed", MARKDOWN)]),
    ("<math><mi>x</mi></math>", [("the HTML element <math> is not allowed", MARKDOWN), ("the HTML element <mi> is not allowed", MARKDOWN)]),
    # what a browser would read differently from how it is written
    ("<b>bold", [("the HTML element <b> is not closed" + BROWSER, MALFORMED)]),
    ("</div>", [("the end tag </div> closes no element" + BROWSER, MALFORMED)]),
    ("<!--> <img src=x onerror=alert(1)> -->", [("the HTML near '> <img src=x onerror=alert(1)> ' is malformed" + BROWSER, MALFORMED)]),
    ("Text <div>a block</div> in a line", [("the HTML near '<div>' is malformed" + BROWSER, MALFORMED)]),
]  # fmt: skip

SAFE = [
    "[mail](mailto:team@example.org)",
    "[the steps](#exercise-sort)",
    "[the next module](gamma.md), [the sources](../sources.md#source-book)",
    "A paragraph with a class and an id.\n{: .hx-aside #why-it-matters }",
    "[x](https://example.org/a?b=c&d=e){: title='More' }",
    "<b>Bold</b>, <em>this</em>, <kbd>Ctrl</kbd> and <abbr title='artificial intelligence'>AI</abbr>",
    ":material-clock-outline: an icon the theme inlines",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "```\n<script>alert(1)</script>\n```",
    "`javascript:alert(1)` as code, and &lt;script&gt; as text",
    '!!! note "Try this"\n\n    A tip.',
    "<details><summary>More</summary>Hidden text.</details>",
    # a tab inside an HTML attribute is four spaces once Markdown reads it: a harmless relative link
    "<a href='java\tscript:alert(1)'>x</a>",
]


def beta(project: Path) -> Path:
    return project / "curriculum" / "modules" / "beta.yml"


def with_summary(project: Path, markdown: str) -> None:
    text = beta(project).read_text(encoding="utf-8")
    block = "summary: |-\n" + "".join(
        f"  {line}\n" if line else "\n" for line in markdown.split("\n")
    )
    beta(project).write_text(text.replace("summary: The second module.\n", block), encoding="utf-8")


def test_the_table_has_enough_cases() -> None:
    assert len(HOSTILE) >= 25 and len(SAFE) >= 4


@pytest.mark.parametrize(("markdown", "expected"), HOSTILE)
def test_hostile_markdown_is_refused_at_its_line(
    project: Path, markdown: str, expected: list[tuple[str, str]]
) -> None:
    with_summary(project, markdown)

    with pytest.raises(ContentError) as raised:
        load_curriculum(Project.at(project))

    where = "curriculum/modules/beta.yml:2:10"
    assert sorted(p.format() for p in raised.value.problems) == sorted(
        f"{where}: error: 'summary': {message}\n{where}: note: {hint}" for message, hint in expected
    )


@pytest.mark.parametrize("markdown", SAFE)
def test_safe_look_alikes_still_pass(project: Path, markdown: str) -> None:
    with_summary(project, markdown)

    assert load_curriculum(Project.at(project)).module("beta").summary == markdown


def test_the_judge_reads_the_extensions_from_mkdocs_yml(project: Path) -> None:
    """Without admonition in mkdocs.yml, `!!! note` is a paragraph; with it, a div."""
    config = project / "mkdocs.yml"
    note = '!!! note "T"\n\n    Body.'
    assert 'class="admonition note"' in site_markdown_judge(config).render(note)
    config.write_text(config.read_text(encoding="utf-8").replace("  - admonition\n", ""))

    assert "admonition" not in site_markdown_judge(config).render(note)


# --- The property: whatever validates becomes HTML a browser reads as safe -----------------------

PIECES = [
    "[", "]", "(", ")", "<", ">", "/", '"', "'", "=", "{:", "}", ":", " ", "\t", "\n", "\n\n",
    "!", "#", "&#", "&#x", ";", "106", "6A", "javascript:", "JaVaScRiPt:", "data:", "vbscript:",
    "https://ok.example/", "//evil.example", "\\", "a", "x.md", "<a href=", "<img src=", "<svg",
    "<script>", "</script>", "<!--", "-->", "<div markdown>", "</div>", "onclick=", "onerror=",
    "style=", "href=", "src=", "title=", "[r]:", "[x][r]", "![i](", "<details>", "`", "*",
]  # fmt: skip


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (tabs and newlines dropped, edges trimmed)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(chr(c) for c in range(0x21)))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


@pytest.fixture(scope="module")
def judge() -> MarkdownJudge:
    return site_markdown_judge(REPO / "mkdocs.yml")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_whatever_passes_is_safe_html(judge: MarkdownJudge, markdown: str) -> None:
    if judge.problems(markdown):
        return
    fragment = html5lib.parseFragment(judge.render(markdown), namespaceHTMLElements=False)
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag == "DOCUMENT_FRAGMENT".lower():
            continue
        assert tag in ALLOWED_ELEMENTS, (markdown, tag)
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else name[1].lower()
            assert name in ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set()), (
                markdown,
                tag,
                name,
            )
            if name in ("href", "src"):
                assert browser_scheme(value) in (SAFE_SCHEMES | {None}), (markdown, value)
                assert tag != "img" or browser_scheme(value) is None, (markdown, value)


# --- Prose the judge knows without rendering it -------------------------------------------------

# Prose and the characters nearest to markup: mostly what may be taken on sight, some that may not.
PROSE_PIECES = [
    "Title", "word", " ", "\n", "\n\n", "é", "„", "—", "…", ".", ",", "?", "!", ":", "'", '"', "(",
    ")", "/", "#", "&", "$", "%", "+", "-", "*", "_", "`", "??", "!!!", "???+ ", "---", "***",
    "* * *", "- ", "+ ", "1. ", "1) ", "    ", "  ", "**", "__", "```", ":smile:", "re:Work",
    "www.example.com", "&amp;", "&#60;", "&#x3C;script&#x3E;", "&lt;script&gt;", "$x$", "#x",
    "\u2028", "\r", "|", " | ", "\n|---|---|\n", "\n| :--- | ---: |\n", "|:-:|", "---|---",
]  # fmt: skip


TABLE = {"table", "thead", "tbody", "tr", "th", "td"}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PROSE_PIECES), max_size=16).map("".join))
def test_prose_taken_on_sight_is_what_the_judge_passes(judge: MarkdownJudge, text: str) -> None:
    """What the judge passes without rendering, it passes when it renders it, and it is plain HTML."""
    if not is_inert(text):
        return
    assert judge._judge(text) == [], text
    fragment = html5lib.parseFragment(judge.render(text), namespaceHTMLElements=False)
    elements = [
        e for e in fragment.iter() if isinstance(e.tag, str) and e.tag != "DOCUMENT_FRAGMENT"
    ]
    tags = {e.tag for e in elements}
    assert tags <= {"p", "ul", "ol", "li", "em", "strong", "code", "pre", "hr", "br", *TABLE}, (
        text,
        tags,
    )
    for element in elements:  # a table cell's alignment, nothing else
        assert set(element.attrib) <= ({"style"} if element.tag in ("th", "td") else set()), text
        assert re.fullmatch(r"(text-align: (left|right|center);)?", element.get("style", "")), text


@pytest.mark.parametrize(
    "text",
    [
        "Plain prose, with *emphasis*, `code` and a list:\n\n- one\n- two\n",
        "Zeit (25 Min.): gut.",
        "| Task | Urgent |\n|:---|---:|\n| Fuel | yes |\n",
    ],
)
def test_prose_is_taken_on_sight(text: str) -> None:
    assert is_inert(text)


@pytest.mark.parametrize(
    "text",
    ["[x](javascript:y)", "<b>x</b>", "a :smile: b", "Title\n---\n", "# Title", "!!! note",
     "??? note", "```js\nx\n```", "| :smile: |", "re:Work", "https://x.example", "x {: .c}",
     "a\tb", "- # Title", "a|b\n:---"],
)  # fmt: skip
def test_markup_is_rendered_and_judged(text: str) -> None:
    assert not is_inert(text)


def test_an_extension_the_judge_does_not_know_makes_it_render_every_field() -> None:
    """An extension outside the known list may turn any prose into markup: nothing is taken on sight."""
    known = MarkdownJudge(["toc", "pymdownx.emoji", "markdown.extensions.tables"], {})
    assert known.knows_inert_text
    for extension in ("codehilite", "pymdownx.magiclink", "pymdownx.snippets"):
        assert not MarkdownJudge(["toc", extension], {}).knows_inert_text
