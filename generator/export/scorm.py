"""A SCORM 1.2 package: the course for learning platforms (Moodle, Cornerstone, Workday…).

One organisation, one item per module in learning-path order; each module's page is a SCO. Every
file of the site is inside the package (links are to files, not folders). In a platform, the page's
script finds the SCORM API and reports the module's checklist: `cmi.core.lesson_status` becomes
`incomplete` on the first visit and `completed` when every item is ticked, `cmi.suspend_data` keeps
the ticks for the next visit and `cmi.core.score.raw` the percentage done.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from ..build import Generation
from ..model import Curriculum
from ..project import Project
from . import Package, module_page, write_package

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
SCHEMA_LOCATIONS = (
    f"{CP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd"
)


def export_scorm(project: Project) -> list[Path]:
    """Write dist/<course-id>-scorm12.zip (and dist/<course-id>-scorm12.<lang>.zip per translation)."""
    return write_package(project, "{id}-scorm12{lang}.zip", scorm_package)


def scorm_package(generation: Generation, files: list[str]) -> Package:
    """The site at the package's root, with its manifest."""
    return Package(scorm_manifest(generation.curriculum, files, generation.language))


def scorm_manifest(curriculum: Curriculum, files: list[str], language: str = "en") -> bytes:
    """imsmanifest.xml: an item and a SCO per module, and one shared resource with every file.

    The package's language is in its metadata (IMS LOM's general/language, which SCORM 1.2's
    manifests carry inline under imsmd).
    """
    ElementTree.register_namespace("", CP)
    ElementTree.register_namespace("adlcp", ADLCP)
    ElementTree.register_namespace("xsi", XSI)
    ElementTree.register_namespace("imsmd", IMSMD)
    manifest = ElementTree.Element(
        f"{{{CP}}}manifest",
        {
            "identifier": f"{curriculum.id}-scorm12",
            "version": "1.0",
            f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS,
        },
    )
    metadata = ElementTree.SubElement(manifest, f"{{{CP}}}metadata")
    ElementTree.SubElement(metadata, f"{{{CP}}}schema").text = "ADL SCORM"
    ElementTree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.2"
    lom = ElementTree.SubElement(metadata, f"{{{IMSMD}}}lom")
    general = ElementTree.SubElement(lom, f"{{{IMSMD}}}general")
    title = ElementTree.SubElement(general, f"{{{IMSMD}}}title")
    ElementTree.SubElement(
        title, f"{{{IMSMD}}}langstring", {"xml:lang": language}
    ).text = curriculum.course.title
    ElementTree.SubElement(general, f"{{{IMSMD}}}language").text = language
    organisations = ElementTree.SubElement(
        manifest, f"{{{CP}}}organizations", {"default": "course"}
    )
    organisation = ElementTree.SubElement(
        organisations, f"{{{CP}}}organization", {"identifier": "course"}
    )
    ElementTree.SubElement(organisation, f"{{{CP}}}title").text = curriculum.course.title
    resources = ElementTree.SubElement(manifest, f"{{{CP}}}resources")
    for module in curriculum.published:
        href = module_page(module)
        item = ElementTree.SubElement(
            organisation,
            f"{{{CP}}}item",
            {
                "identifier": f"item-{module.id}",
                "identifierref": f"sco-{module.id}",
                "isvisible": "true",
            },
        )
        ElementTree.SubElement(item, f"{{{CP}}}title").text = module.title
        resource = ElementTree.SubElement(
            resources,
            f"{{{CP}}}resource",
            {
                "identifier": f"sco-{module.id}",
                "type": "webcontent",
                f"{{{ADLCP}}}scormtype": "sco",
                "href": href,
            },
        )
        ElementTree.SubElement(resource, f"{{{CP}}}file", {"href": href})
        ElementTree.SubElement(resource, f"{{{CP}}}dependency", {"identifierref": "site"})
    shared = ElementTree.SubElement(
        resources,
        f"{{{CP}}}resource",
        {"identifier": "site", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"},
    )
    for name in files:
        ElementTree.SubElement(shared, f"{{{CP}}}file", {"href": name})
    ElementTree.indent(manifest)
    return bytes(ElementTree.tostring(manifest, encoding="utf-8", xml_declaration=True))
