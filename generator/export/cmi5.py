"""A cmi5 package: the course as assignable units that report to the learning platform's LRS.

`curriculum export cmi5` writes ``dist/<id>-cmi5.zip``: the site (links to files, as in the SCORM
package) with a ``cmi5.xml`` course structure at its root. Each module is one AU, in learning-path
order, with no blocks (a course of a few modules is one level deep, as the learner sees it on the
home page): its title and description, the objectives it serves, its page's URL relative to the
package, and its ``moveOn``: ``Completed`` when every checklist item is ticked, or
``CompletedAndPassed`` for a module with scenario checks, passed when the share of checks whose
first answer was the best response reaches ``masteryScore`` (course.yml's ``mastery_score``, in
per cent, 60 unless it says otherwise).

In the platform, the page's script (learner-cmi5.js, loaded only when the page was launched with
cmi5's launch parameters) sends the statements to the LRS itself. Ids are IRIs under the course's
address: ``SITE_URL`` when it is set (an AU's id is then its module's page on the published site),
``urn:curriculum:<course id>`` otherwise.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from ..build import Generation
from ..markup import site_markdown_judge
from ..model import Curriculum, Module
from ..project import Project
from . import Package, module_page, write_package
from .qti import Render

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MANIFEST = "cmi5.xml"


def export_cmi5(project: Project) -> list[Path]:
    """Write dist/<course-id>-cmi5.zip (and dist/<course-id>-cmi5.<lang>.zip per translation)."""
    render = site_markdown_judge(project.config_file).render

    def package(generation: Generation, files: list[str]) -> Package:
        structure = course_structure(generation.curriculum, generation.language, render)
        return Package(structure, manifest_name=MANIFEST, connect_anywhere=True)

    return write_package(project, "{id}-cmi5{lang}.zip", package)


def course_iri(curriculum: Curriculum) -> str:
    """The course's id: its published address, or a URN of its own."""
    address = os.environ.get("SITE_URL")
    return address.rstrip("/") + "/" if address else f"urn:curriculum:{curriculum.id}"


def au_iri(curriculum: Curriculum, module: Module) -> str:
    """A module's AU id (the publisher's id that statements are grouped by)."""
    base = course_iri(curriculum)
    return f"{base}modules/{module.id}/" if base.endswith("/") else f"{base}:modules:{module.id}"


def objective_iri(curriculum: Curriculum, module: Module, objective_id: str) -> str:
    return f"{au_iri(curriculum, module)}#objective-{objective_id}"


def mastery(curriculum: Curriculum) -> str:
    """The course's mastery score as cmi5 writes it: a decimal from 0 to 1."""
    return f"{curriculum.course.mastery_score / 100:g}"


def course_structure(curriculum: Curriculum, language: str, render: Render) -> bytes:
    """cmi5.xml: the course, its objectives, and an AU per published module."""
    ElementTree.register_namespace("", CMI5)
    root = ElementTree.Element(f"{{{CMI5}}}courseStructure")
    course = _element(root, "course", {"id": course_iri(curriculum)})
    _langstring(course, "title", curriculum.course.title, language)
    _langstring(course, "description", text_of(render(curriculum.course.description)), language)
    modules = curriculum.published
    objectives = _element(root, "objectives")
    for module in modules:
        for objective in module.objectives:
            entry = _element(
                objectives, "objective", {"id": objective_iri(curriculum, module, objective.id)}
            )
            _langstring(entry, "title", objective.text, language)
            _langstring(entry, "description", objective.text, language)
    for module in modules:
        attributes = {
            "id": au_iri(curriculum, module),
            "moveOn": "CompletedAndPassed" if module.checks else "Completed",
            "launchMethod": "AnyWindow",
        }
        if module.checks:
            attributes["masteryScore"] = mastery(curriculum)
        au = _element(root, "au", attributes)
        _langstring(au, "title", module.title, language)
        _langstring(au, "description", text_of(render(module.summary)), language)
        served = _element(au, "objectives")
        for objective in module.objectives:
            _element(
                served, "objective", {"idref": objective_iri(curriculum, module, objective.id)}
            )
        _element(au, "url").text = module_page(module)
    ElementTree.indent(root)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))


def _element(
    parent: ElementTree.Element, name: str, attributes: dict[str, str] | None = None
) -> ElementTree.Element:
    return ElementTree.SubElement(parent, f"{{{CMI5}}}{name}", attributes or {})


def _langstring(parent: ElementTree.Element, name: str, text: str, language: str) -> None:
    _element(_element(parent, name), "langstring", {"lang": language}).text = text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    """The words of an HTML fragment (a Markdown field, rendered), as one line of plain text."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.parts).split())
