"""The engine's own words: every catalog complete and current, placeholders kept, scripts served theirs."""

from __future__ import annotations

import json
import re

import pytest

from generator.engines.settings import ASSETS, served
from generator.i18n import (
    SOURCE_LANGUAGE,
    catalog_path,
    interface_languages,
    plural_categories,
    read_catalog,
    script_messages,
    translations,
)
from generator.wording import duration
from scripts.messages import TEMPLATE, extracted

TRANSLATED = interface_languages()[1:]
# A text's placeholders: Python's %(name)s (the templates and the generator) and the scripts' {name}.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


@pytest.fixture(scope="module")
def texts() -> dict[object, list[tuple[str, int | None]]]:
    """Every text the sources show now, with where each is."""
    return {message.id: message.locations for message in extracted() if message.id}


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def test_the_engine_speaks_german() -> None:
    assert "de" in TRANSLATED
    assert catalog_path("de").is_file()


def test_the_catalogs_template_lists_what_the_sources_show(texts: dict) -> None:
    """`make messages` was run after the last change of a text (else a translator misses it)."""
    from babel.messages.pofile import read_po

    with TEMPLATE.open("rb") as file:
        template = {message.id for message in read_po(file) if message.id}
    assert not set(texts) - template, "new texts: run `make messages`"
    assert not template - set(texts), "texts no longer shown: run `make messages`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated_in_every_catalog(language: str, texts: dict) -> None:
    catalog = read_catalog(language)
    missing, fuzzy = [], []
    for text, places in texts.items():
        message = catalog.get(text)
        strings = (
            message.string
            if message and isinstance(message.string, tuple)
            else ((message.string,) if message else ())
        )
        if not strings or not all(strings):
            missing.append((text, places[0][0]))
        elif message.fuzzy:
            fuzzy.append(text)
    assert not missing, f"{len(missing)} texts have no {language} translation: {missing[:20]}"
    assert not fuzzy, f"translations to check (marked fuzzy) in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_translation_keeps_every_placeholder_of_its_text(language: str) -> None:
    wrong = []
    for message in read_catalog(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = placeholders(ids[-1]) | placeholders(ids[0])
        for string in strings:
            # a singular may leave out the count ("one item" for "%(num)d item")
            if not placeholders(string) <= wanted or not placeholders(ids[0]) - {
                "num",
                "n",
            } <= placeholders(string):
                wrong.append((ids[0], string))
    assert not wrong, wrong


def test_a_plural_is_served_by_the_categories_the_browser_names() -> None:
    assert plural_categories("de") == ("one", "other")
    assert plural_categories("en") == ("one", "other")
    # French's plural rule has three forms; Babel's gettext order is one, many, other.
    assert plural_categories("fr") == ("one", "many", "other")


def test_the_source_language_needs_no_catalog() -> None:
    assert interface_languages()[0] == SOURCE_LANGUAGE
    assert translations(SOURCE_LANGUAGE).gettext("Your progress") == "Your progress"
    assert script_messages(SOURCE_LANGUAGE, "learner.js") == {}


def test_durations_are_said_in_the_pages_language() -> None:
    german = translations("de").gettext
    assert [duration(m) for m in (45, 60, 75)] == ["45 min", "1 h", "1 h 15 min"]
    assert [duration(m, german) for m in (45, 60, 75)] == ["45 Min.", "1 Std.", "1 Std. 15 Min."]


@pytest.mark.parametrize("script", sorted(ASSETS))
def test_each_script_is_served_with_its_own_words_and_no_others(script: str) -> None:
    """The German learner-checks.js holds the checks' words, and none of the dashboard's."""
    source = ASSETS[script]
    english = served(source).decode()
    assert "var MESSAGES={};" in english  # English: the texts as written (minified)
    german = served(source, "de").decode()
    start = german.index("var MESSAGES=") + len("var MESSAGES=")
    messages, _ = json.JSONDecoder().raw_decode(german, start)
    assert messages == script_messages("de", source.name)
    own = {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in read_catalog("de")
        if any(place.endswith("/" + source.name) for place, _ in message.locations)
    }
    assert set(messages) == own
    assert own, f"{source.name} shows no words of its own?"


def test_a_translations_script_keeps_its_state_with_the_course() -> None:
    """The scripts of /de/ key the learner's state by the course's root, one folder up."""
    learner = ASSETS["assets/learner.js"]
    assert 'var COURSE_PATH="./";' in served(learner).decode()
    assert 'var COURSE_PATH="../";' in served(learner, "de", "../").decode()
