"""A module's checks as a QTI 1.2 assessment, in the Common Cartridge 1.3 profile of QTI.

One item per check, multiple choice with one response (`cc.multiple_choice.v0p1`): the scenario and
the question as HTML, the options as plain text, a score of 100 for the best option, and each
option's feedback shown once it is chosen; the general feedback names the best response. The
response processing is laid out as Canvas exports and imports it: the general feedback and each
option's feedback are shown and processing goes on, then the best option's condition sets the score
and stops.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from xml.etree import ElementTree

from ..i18n import SOURCE_LANGUAGE, translations
from ..model import Check, Module

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{QTI} http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_qtiasiv1p2p1_v1p0.xsd"
RESPONSE = "response1"  # the one response of each item, which the conditions test
GENERAL_FEEDBACK = "fb_general"  # shown whatever the choice; no option id (a slug) can clash

# Markdown as HTML, as the site's Markdown engine renders it.
Render = Callable[[str], str]


def checks_title(module: Module, language: str = SOURCE_LANGUAGE) -> str:
    """The assessment's title, as a platform lists it beside the module's page."""
    _ = translations(language).gettext
    return _("%(module)s: check your judgement") % {"module": module.title}


def checks_assessment(module: Module, render: Render, language: str = SOURCE_LANGUAGE) -> bytes:
    """The QTI document of the module's checks: one assessment, one section, an item per check."""
    ElementTree.register_namespace("", QTI)
    ElementTree.register_namespace("xsi", XSI)
    root = _element(None, "questestinterop", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    assessment = _element(
        root,
        "assessment",
        {"ident": f"{module.id}-checks", "title": checks_title(module, language)},
    )
    # The assessment fields and values the profile allows: a practice check, not a graded exam.
    _metadata(
        assessment,
        {
            "cc_profile": "cc.exam.v0p1",
            "qmd_assessmenttype": "Examination",
            "qmd_scoretype": "Percentage",
            "qmd_feedbackpermitted": "Yes",
            "cc_maxattempts": "unlimited",
        },
    )
    section = _element(assessment, "section", {"ident": f"{module.id}-checks-section"})
    for check in module.checks:
        _item(section, f"{module.id}-{check.id}", check, render, language)
    ElementTree.indent(root)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))


def _item(
    section: ElementTree.Element, ident: str, check: Check, render: Render, language: str
) -> None:
    item = _element(section, "item", {"ident": ident, "title": check.question})
    _metadata(
        _element(item, "itemmetadata"),
        {"cc_profile": "cc.multiple_choice.v0p1", "qmd_computerscored": "Yes"},
    )
    presentation = _element(item, "presentation")
    _material(presentation, render(check.scenario) + f"<p>{html.escape(check.question)}</p>")
    response = _element(presentation, "response_lid", {"ident": RESPONSE, "rcardinality": "Single"})
    choices = _element(response, "render_choice")
    for option in check.options:
        _material(_element(choices, "response_label", {"ident": option.id}), option.text, "plain")
    processing = _element(item, "resprocessing")
    outcomes = _element(processing, "outcomes")
    _element(
        outcomes,
        "decvar",
        {"varname": "SCORE", "vartype": "Decimal", "minvalue": "0", "maxvalue": "100"},
    )
    _condition(processing, None, GENERAL_FEEDBACK)
    for option in check.options:
        _condition(processing, option.id, f"{option.id}_fb")
    best = _element(processing, "respcondition", {"continue": "No"})
    _element(_element(best, "conditionvar"), "varequal", {"respident": RESPONSE}, check.best.id)
    _element(best, "setvar", {"varname": "SCORE", "action": "Set"}, "100")
    best_words = translations(language).gettext("Best response: %(option)s")
    _feedback(
        item, GENERAL_FEEDBACK, f"<p>{best_words % {'option': html.escape(check.best.text)}}</p>"
    )
    for option in check.options:
        _feedback(item, f"{option.id}_fb", render(option.feedback))


def _condition(processing: ElementTree.Element, option_id: str | None, feedback: str) -> None:
    """Show ``feedback`` when ``option_id`` is chosen (None: whatever is chosen), and go on."""
    condition = _element(processing, "respcondition", {"continue": "Yes"})
    test = _element(condition, "conditionvar")
    if option_id is None:
        _element(test, "other")
    else:
        _element(test, "varequal", {"respident": RESPONSE}, option_id)
    _element(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})


def _feedback(item: ElementTree.Element, ident: str, text: str) -> None:
    feedback = _element(item, "itemfeedback", {"ident": ident})
    _material(_element(feedback, "flow_mat"), text)


def _material(parent: ElementTree.Element, text: str, kind: str = "html") -> None:
    material = _element(parent, "material")
    _element(material, "mattext", {"texttype": f"text/{kind}"}, text)


def _metadata(parent: ElementTree.Element, fields: dict[str, str]) -> None:
    metadata = _element(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _element(metadata, "qtimetadatafield")
        _element(field, "fieldlabel", text=label)
        _element(field, "fieldentry", text=entry)


def _element(
    parent: ElementTree.Element | None,
    tag: str,
    attributes: dict[str, str] | None = None,
    text: str | None = None,
) -> ElementTree.Element:
    """A QTI element, under ``parent`` if given."""
    name = f"{{{QTI}}}{tag}"
    element = (
        ElementTree.Element(name, attributes or {})
        if parent is None
        else ElementTree.SubElement(parent, name, attributes or {})
    )
    element.text = text
    return element
