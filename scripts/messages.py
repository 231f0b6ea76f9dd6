"""`make messages`: the engine's English texts into locales/curriculum.pot and every catalog.

Run it after adding or changing a text the templates, the learner's scripts or the generator
show; then translate the new or changed entries in each ``generator/locales/<lang>/LC_MESSAGES/
curriculum.po`` (a changed text comes back marked ``#, fuzzy`` with its old translation, to be
checked). tests/test_i18n.py fails while any catalog lacks a translation or is out of date.

To add a language: ``python -m scripts.messages <lang>`` starts its catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.i18n import DOMAIN, LOCALES, catalog_path, interface_languages
from generator.render import TEMPLATE_EXTENSIONS

ROOT = Path(__file__).resolve().parent.parent
# Where the texts are, and how each kind of file is read.
METHODS = [
    ("generator/templates/**.j2", "jinja2"),
    ("generator/assets/**.js", "javascript"),
    ("generator/**.py", "python"),
]
OPTIONS = {
    "generator/templates/**.j2": {
        "extensions": ",".join(TEMPLATE_EXTENSIONS),
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    },
}
# gettext's own names, the scripts' t("text") and tn("one", "many", count), and the model's
# spec("doc", ...): the authoring guide shows each field's doc in the page's language.
KEYWORDS: dict[str, Any] = {
    **DEFAULT_KEYWORDS,
    "t": None,
    "tn": (1, 2),
    "gettext_noop": None,
    "spec": None,
}
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
HEADER: dict[str, Any] = {
    "project": "curriculum-engine",
    "copyright_holder": "the curriculum-engine authors",
    "msgid_bugs_address": "the project's issue tracker",
    "last_translator": "the curriculum-engine authors",
    "language_team": "the curriculum-engine authors",
}


def extracted() -> Catalog:
    """Every text the engine shows, as the sources have it now."""
    catalog = Catalog(domain=DOMAIN, charset="utf-8", **HEADER)
    for path, line, message, comments, context in extract_from_dir(
        ROOT,
        method_map=METHODS,
        options_map=OPTIONS,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(path, line)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, sort_output=True, include_lineno=False)


def update(languages: tuple[str, ...]) -> None:
    """Write the template, then merge it into the catalog of each of ``languages``."""
    template = extracted()
    _write(template, TEMPLATE)
    for language in languages:
        path = catalog_path(language)
        if path.is_file():
            with path.open("rb") as file:
                catalog = read_po(file, locale=language.replace("-", "_"), domain=DOMAIN)
        else:
            catalog = Catalog(
                locale=language.replace("-", "_"), domain=DOMAIN, charset="utf-8", **HEADER
            )
        catalog.update(template, update_header_comment=False)
        catalog.fuzzy = False  # the header: a catalog is complete when every message is
        for key, value in HEADER.items():
            setattr(catalog, key, value)
        catalog.obsolete.clear()  # texts no longer in the sources
        _write(catalog, path)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


if __name__ == "__main__":
    update(tuple(sorted({*interface_languages()[1:], *sys.argv[1:]})))
