"""An IMS Common Cartridge 1.3: the course as web content for Canvas, Moodle and other platforms.

The modules are web-content resources, organised in learning-path order under one root item; every
file of the site is inside the cartridge (links are to files, not folders).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from ..project import Project
from . import write_package

CC = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOMIMSCC = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{CC} http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd "
    f"{LOMIMSCC} http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd"
)


def export_cc(project: Project) -> Path:
    """Write dist/<course-id>.imscc."""
    return write_package(project, "{id}.imscc", cc_manifest)


def cc_manifest(
    course_id: str, title: str, modules: list[tuple[str, str, str]], files: list[str]
) -> bytes:
    """imsmanifest.xml of a Common Cartridge 1.3 with one web-content item per module."""
    ElementTree.register_namespace("", CC)
    ElementTree.register_namespace("lomimscc", LOMIMSCC)
    ElementTree.register_namespace("xsi", XSI)
    manifest = ElementTree.Element(
        f"{{{CC}}}manifest",
        {"identifier": f"{course_id}-cc", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS},
    )
    metadata = ElementTree.SubElement(manifest, f"{{{CC}}}metadata")
    ElementTree.SubElement(metadata, f"{{{CC}}}schema").text = "IMS Common Cartridge"
    ElementTree.SubElement(metadata, f"{{{CC}}}schemaversion").text = "1.3.0"
    lom = ElementTree.SubElement(metadata, f"{{{LOMIMSCC}}}lom")
    general = ElementTree.SubElement(lom, f"{{{LOMIMSCC}}}general")
    lom_title = ElementTree.SubElement(general, f"{{{LOMIMSCC}}}title")
    ElementTree.SubElement(lom_title, f"{{{LOMIMSCC}}}string", {"language": "en"}).text = title
    organisations = ElementTree.SubElement(manifest, f"{{{CC}}}organizations")
    organisation = ElementTree.SubElement(
        organisations,
        f"{{{CC}}}organization",
        {"identifier": "course", "structure": "rooted-hierarchy"},
    )
    root = ElementTree.SubElement(organisation, f"{{{CC}}}item", {"identifier": "root"})
    resources = ElementTree.SubElement(manifest, f"{{{CC}}}resources")
    for module_id, module_title, href in modules:
        item = ElementTree.SubElement(
            root,
            f"{{{CC}}}item",
            {"identifier": f"item-{module_id}", "identifierref": f"page-{module_id}"},
        )
        ElementTree.SubElement(item, f"{{{CC}}}title").text = module_title
        resource = ElementTree.SubElement(
            resources,
            f"{{{CC}}}resource",
            {"identifier": f"page-{module_id}", "type": "webcontent", "href": href},
        )
        ElementTree.SubElement(resource, f"{{{CC}}}file", {"href": href})
        ElementTree.SubElement(resource, f"{{{CC}}}dependency", {"identifierref": "site"})
    shared = ElementTree.SubElement(
        resources, f"{{{CC}}}resource", {"identifier": "site", "type": "webcontent"}
    )
    for name in files:
        ElementTree.SubElement(shared, f"{{{CC}}}file", {"href": name})
    ElementTree.indent(manifest)
    return bytes(ElementTree.tostring(manifest, encoding="utf-8", xml_declaration=True))
