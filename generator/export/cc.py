"""An IMS Common Cartridge 1.3: the course as web content for Canvas, Moodle and other platforms.

Every file of the site is inside the cartridge, under web_resources/ (the folder an importer that
takes only the shared files, such as Open edX's cc2olx, copies), links between them relative, as
in the site (links are to files, not folders). The organisation has one folder per module in
learning-path order under its root item: the module's page, a web-content resource, then, for a
module with checks, their QTI 1.2 assessment (see qti.py) in a folder of its own.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from xml.etree import ElementTree

from ..build import Generation
from ..markup import site_markdown_judge
from ..model import Curriculum, Module
from ..project import Project
from . import Package, module_page, write_package
from .qti import Render, checks_assessment, checks_title

CC = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOMIMSCC = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{CC} http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd "
    f"{LOMIMSCC} http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd"
)
WEB_RESOURCES = "web_resources/"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"


def export_cc(project: Project) -> list[Path]:
    """Write dist/<course-id>.imscc (and dist/<course-id>.<lang>.imscc per translation)."""
    render = site_markdown_judge(project.config_file).render
    return write_package(project, "{id}{lang}.imscc", partial(cc_package, render=render))


def cc_package(generation: Generation, files: list[str], *, render: Render) -> Package:
    """The site under web_resources/, an assessment per module with checks, and the manifest."""
    curriculum, language = generation.curriculum, generation.language
    assessments = {
        assessment_file(module): checks_assessment(module, render, language)
        for module in curriculum.published
        if module.checks
    }
    return Package(cc_manifest(curriculum, files, language), WEB_RESOURCES, assessments)


def assessment_file(module: Module) -> str:
    """Where the module's assessment is in the cartridge: a folder of its own, named as its resource."""
    return f"checks-{module.id}/assessment_qti.xml"


def cc_manifest(curriculum: Curriculum, files: list[str], language: str = "en") -> bytes:
    """imsmanifest.xml: a folder per module with its page and its checks, and the shared files.

    The cartridge's language is its LOM's general/language, and its title's.
    """
    ElementTree.register_namespace("", CC)
    ElementTree.register_namespace("lomimscc", LOMIMSCC)
    ElementTree.register_namespace("xsi", XSI)
    manifest = ElementTree.Element(
        f"{{{CC}}}manifest",
        {"identifier": f"{curriculum.id}-cc", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS},
    )
    metadata = ElementTree.SubElement(manifest, f"{{{CC}}}metadata")
    ElementTree.SubElement(metadata, f"{{{CC}}}schema").text = "IMS Common Cartridge"
    ElementTree.SubElement(metadata, f"{{{CC}}}schemaversion").text = "1.3.0"
    lom = ElementTree.SubElement(metadata, f"{{{LOMIMSCC}}}lom")
    general = ElementTree.SubElement(lom, f"{{{LOMIMSCC}}}general")
    lom_title = ElementTree.SubElement(general, f"{{{LOMIMSCC}}}title")
    ElementTree.SubElement(
        lom_title, f"{{{LOMIMSCC}}}string", {"language": language}
    ).text = curriculum.course.title
    ElementTree.SubElement(general, f"{{{LOMIMSCC}}}language").text = language
    organisations = ElementTree.SubElement(manifest, f"{{{CC}}}organizations")
    organisation = ElementTree.SubElement(
        organisations,
        f"{{{CC}}}organization",
        {"identifier": "course", "structure": "rooted-hierarchy"},
    )
    root = ElementTree.SubElement(organisation, f"{{{CC}}}item", {"identifier": "root"})
    resources = ElementTree.SubElement(manifest, f"{{{CC}}}resources")
    for module in curriculum.published:
        # In a cartridge, an item that opens a resource has no items of its own: the module is a
        # folder, its page and its checks the items in it.
        folder = ElementTree.SubElement(
            root, f"{{{CC}}}item", {"identifier": f"module-{module.id}"}
        )
        ElementTree.SubElement(folder, f"{{{CC}}}title").text = module.title
        _item(folder, f"item-{module.id}", f"page-{module.id}", module.title)
        href = WEB_RESOURCES + module_page(module)
        resource = ElementTree.SubElement(
            resources,
            f"{{{CC}}}resource",
            {"identifier": f"page-{module.id}", "type": "webcontent", "href": href},
        )
        ElementTree.SubElement(resource, f"{{{CC}}}file", {"href": href})
        ElementTree.SubElement(resource, f"{{{CC}}}dependency", {"identifierref": "site"})
        if module.checks:
            title = checks_title(module, language)
            _item(folder, f"item-{module.id}-checks", f"checks-{module.id}", title)
            assessment = ElementTree.SubElement(
                resources,
                f"{{{CC}}}resource",
                {"identifier": f"checks-{module.id}", "type": ASSESSMENT},
            )
            ElementTree.SubElement(assessment, f"{{{CC}}}file", {"href": assessment_file(module)})
    shared = ElementTree.SubElement(
        resources, f"{{{CC}}}resource", {"identifier": "site", "type": "webcontent"}
    )
    for name in files:
        ElementTree.SubElement(shared, f"{{{CC}}}file", {"href": WEB_RESOURCES + name})
    ElementTree.indent(manifest)
    return bytes(ElementTree.tostring(manifest, encoding="utf-8", xml_declaration=True))


def _item(parent: ElementTree.Element, identifier: str, resource: str, title: str) -> None:
    item = ElementTree.SubElement(
        parent, f"{{{CC}}}item", {"identifier": identifier, "identifierref": resource}
    )
    ElementTree.SubElement(item, f"{{{CC}}}title").text = title
