"""The engine's own words in every language it speaks: gettext catalogs, read with Babel.

Everything the templates and the learner's scripts say around a course's own text ("Your
progress", "Module 2 of 8", a notice, a plural) is written in English in the code and translated
by a catalog, ``locales/<lang>/LC_MESSAGES/curriculum.po``. ``make messages`` extracts the English
texts into ``locales/curriculum.pot`` and merges them into every catalog (babel.cfg says where
they are); a translator fills in the ``msgstr`` lines. The catalogs are read as they are, compiled
in memory: no compiled file is kept in the repository.

The pages get their words through Jinja's i18n extension (``_()``, ``ngettext()``); the scripts
get theirs as served: each file's ``var MESSAGES = {};`` holds the translations of its own texts
(see :func:`script_messages`), and its ``t()``/``tn()`` look them up, English when none is given.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "curriculum"
# The language the texts are written in, which needs no catalog.
SOURCE_LANGUAGE = "en"
# The order gettext's plural forms come in (Babel writes each language's plural rule so), and the
# categories the browser's Intl.PluralRules names them by.
_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")

Gettext = Callable[[str], str]


def catalog_path(language: str) -> Path:
    """Where the catalog of ``language`` is kept."""
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def interface_languages() -> tuple[str, ...]:
    """The languages the engine's words are available in: English, and every catalog's."""
    return (
        SOURCE_LANGUAGE,
        *sorted(
            path.name
            for path in LOCALES.iterdir()
            if path.is_dir() and catalog_path(path.name).is_file()
        ),
    )


def gettext_noop(text: str) -> str:
    """Marks a text for the catalogs where it is defined; it is translated where it is shown."""
    return text


@cache
def read_catalog(language: str) -> Any:
    """The catalog of ``language`` as Babel reads it (a ``babel.messages.Catalog``)."""
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as file:
        return read_po(file, locale=language.replace("-", "_"), domain=DOMAIN)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The engine's words in ``language``; English (the texts as written) for the source language.

    A message with no translation (or only a fuzzy one) shows in English: the catalogs' test
    (tests/test_i18n.py) fails on any, so none reaches a page.
    """
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(language), use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def plural_categories(language: str) -> tuple[str, ...]:
    """The plural categories of ``language``, in the order of its catalog's plural forms."""
    from babel import Locale

    tags = Locale.parse(language.replace("-", "_")).plural_form.tags | {"other"}
    return tuple(tag for tag in _PLURAL_ORDER if tag in tags)


@cache
def script_messages(language: str, script: str) -> dict[str, Any]:
    """The translations of the texts in ``script`` (a file name in assets/), for its MESSAGES.

    ``{english: translation}``; a plural, ``{english singular: {category: form}}`` with the
    categories of ``Intl.PluralRules``. Empty in the source language: the script's texts are its own.
    """
    if language == SOURCE_LANGUAGE:
        return {}
    categories = plural_categories(language)
    messages: dict[str, Any] = {}
    for message in read_catalog(language):
        if not message.id or message.fuzzy:
            continue
        if not any(Path(place).name == script for place, _ in message.locations):
            continue
        if isinstance(message.id, tuple):
            forms = message.string if isinstance(message.string, tuple) else ()
            if all(forms):
                messages[message.id[0]] = dict(zip(categories, forms, strict=False))
        elif message.string:
            messages[message.id] = message.string
    return messages
