"""export/: the PDFs, the SCORM 1.2 package and the Common Cartridge, checked as their users would."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.model import Curriculum, Module

from .browser import serve_folder
from .conftest import SITE_COURSE, make_project, run_curriculum

# Every export builds the site; the PDFs are printed by Chromium.
pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course, exported in every kind, without SITE_URL (as a package usually is)."""
    root = make_project(tmp_path_factory.mktemp("export") / "course", SITE_COURSE)
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("SITE_URL", raising=False)
        for kind in ("pdf", "scorm", "cc"):
            result = run_curriculum(root, "export", kind)
            assert result.returncode == 0, result.stderr
    return root


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is needed to check the PDFs")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_text(path: Path) -> str:
    text = subprocess.run(
        [poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return squeeze(text)


def squeeze(text: str) -> str:
    """Text as compared with a PDF's: no whitespace, no hyphens (lines break at either)."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def pages(path: Path) -> int:
    info = subprocess.run(
        [poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_the_workbook_holds_every_module_exercise_and_prompt(
    exported: Path, course: Curriculum
) -> None:
    workbook = exported / "dist" / f"{course.id}-workbook.pdf"
    text = pdf_text(workbook)

    for module in course.published:
        assert squeeze(module.title) in text, module.title
        for exercise in module.exercises:
            assert squeeze(exercise.title) in text, exercise.title
        for prompt in module.reflection_prompts:
            assert squeeze(prompt.prompt) in text, prompt.prompt
        for exercise in module.exercises:
            for criterion in exercise.self_check:  # with boxes to tick against one's own work
                assert squeeze(criterion) in text, criterion
        for item in module.prework:
            assert squeeze(item) in text, item
        for check in module.checks:  # each with its options and room for a reason, no verdicts
            assert squeeze(check.question) in text, check.question
            for option in check.options:
                assert squeeze(option.text) in text, option.text
    assert squeeze("Check your judgement") in text and "Best:" not in text
    assert squeeze("Contents") in text
    # The skills with their anchors, to rate on paper; the case pack, every part of it.
    for skill in course.course.skills:
        assert squeeze(skill.name) in text and squeeze(skill.level_5) in text, skill.name
    assert course.case is not None
    for part in course.case.parts:
        assert squeeze(part.title) in text, part.title
    assert squeeze("Work from the case pack") in text
    assert len(course.published) + 2 <= pages(workbook) <= 20 * len(course.published)


def test_the_facilitator_guide_holds_plans_timings_and_notes(
    exported: Path, course: Curriculum
) -> None:
    guide = exported / "dist" / f"{course.id}-facilitator-guide.pdf"
    text = pdf_text(guide)

    sessions = len(course.published)  # fewer modules than eight: one session each
    for heading in (
        "A one-day workshop",
        f"A cohort of {sessions} sessions",
        "Notes for every exercise",
    ):
        assert squeeze(heading) in text
    assert squeeze("report-back on the practice since the last session") in text
    for module in course.published:
        for exercise in module.exercises:
            assert squeeze(f"{exercise.title} · {exercise.format}") in text
            if exercise.facilitator_notes:
                assert (
                    squeeze(exercise.facilitator_notes.split("\n")[0][:40].replace("*", "")) in text
                )
        for check in module.checks:  # the answer key, for the debrief
            assert squeeze(check.question) in text, check.question
            assert squeeze(f"Best: {check.best.text}") in text, check.best.text
    assert squeeze("Checks: the answer key") in text
    assert 3 <= pages(guide) <= 20 * len(course.published)


def test_a_page_renders_and_is_not_blank(
    exported: Path, course: Curriculum, tmp_path: Path
) -> None:
    workbook = exported / "dist" / f"{course.id}-workbook.pdf"
    subprocess.run(
        [
            poppler("pdftoppm"),
            "-gray",
            "-r",
            "20",
            "-f",
            "3",
            "-l",
            "3",
            str(workbook),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    [image] = tmp_path.glob("page*.pgm")
    data = image.read_bytes()
    header_end = data.index(b"255\n") + 4
    pixels = data[header_end:]
    assert sum(1 for value in pixels if value < 128) > 100  # text on the page (a blank one: 0)


def test_letter_paper_on_request(tmp_path: Path, course: Curriculum) -> None:
    root = make_project(tmp_path / "course", SITE_COURSE)
    assert run_curriculum(root, "export", "pdf", "--paper", "letter").returncode == 0
    info = subprocess.run(
        [poppler("pdfinfo"), str(root / "dist" / f"{course.id}-workbook.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "612 x 792 pts (letter)" in info


def test_the_site_offers_the_pdfs_once_built(exported: Path, course: Curriculum) -> None:
    assert run_curriculum(exported, "build").returncode == 0
    home = (exported / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/{course.id}-workbook.pdf"' in home
    assert (exported / "site" / "downloads" / f"{course.id}-workbook.pdf").is_file()


def manifest_of(package: Path) -> tuple[ElementTree.Element, zipfile.ZipFile]:
    archive = zipfile.ZipFile(package)
    return ElementTree.fromstring(archive.read("imsmanifest.xml")), archive


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize(
    ("name", "namespace", "schema", "version"),
    [
        ("{id}-scorm12.zip", "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "ADL SCORM", "1.2"),
        (
            "{id}.imscc",
            "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
            "IMS Common Cartridge",
            "1.3.0",
        ),
    ],
)
def test_the_packages_are_complete_and_self_contained(
    exported: Path, course: Curriculum, name: str, namespace: str, schema: str, version: str
) -> None:
    manifest, archive = manifest_of(exported / "dist" / name.format(id=course.id))
    names = set(archive.namelist())

    assert manifest.tag == f"{{{namespace}}}manifest"
    assert manifest.find(f"{{{namespace}}}metadata/{{{namespace}}}schema").text == schema
    assert manifest.find(f"{{{namespace}}}metadata/{{{namespace}}}schemaversion").text == version
    assert "schemaLocation" in " ".join(manifest.attrib)
    pages = {
        resource.get("identifier")
        for resource in manifest.iter(f"{{{namespace}}}resource")
        if resource.get("type") == "webcontent"
    }
    items = [
        item.find(f"{{{namespace}}}title").text
        for item in manifest.iter(f"{{{namespace}}}item")
        if item.get("identifierref") in pages
    ]
    assert items == [module.title for module in course.published]
    hrefs = [element.get("href") for element in manifest.iter() if element.get("href")]
    assert hrefs and [href for href in hrefs if href not in names] == []
    outside = []
    for page in (n for n in names if n.endswith(".html")):
        soup = BeautifulSoup(archive.read(page), "html.parser")
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("source", "src"),
        ):
            for element in soup.find_all(tag):
                url = element.get(attribute) or ""
                if (
                    tag == "link"
                    and "stylesheet" not in (element.get("rel") or [])
                    and "icon" not in (element.get("rel") or [])
                ):
                    continue
                if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I) and not url.startswith("data:"):
                    outside.append(f"{page}: {url}")
    for stylesheet in (n for n in names if n.endswith(".css")):
        for url in re.findall(
            r"url\(\s*['\"]?([^'\")]+)", archive.read(stylesheet).decode("utf-8", "replace")
        ):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I) and not url.startswith("data:"):
                outside.append(f"{stylesheet}: {url}")
    assert outside == []


CC = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p3/assessment"


def cc(tag: str) -> str:
    return f"{{{CC}}}{tag}"


def qti(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def text_of(mattext: ElementTree.Element) -> str:
    """What a platform shows of a QTI text: its HTML's text, or the plain text as it is."""
    if mattext.get("texttype") == "text/html":
        return " ".join(BeautifulSoup(mattext.text or "", "html.parser").get_text().split())
    return mattext.text or ""


def module_folders(manifest: ElementTree.Element) -> list[ElementTree.Element]:
    [root] = manifest.findall(f"{cc('organizations')}/{cc('organization')}/{cc('item')}")
    return root.findall(cc("item"))


def test_the_cartridge_keeps_the_site_under_web_resources(
    exported: Path, course: Curriculum
) -> None:
    manifest, archive = manifest_of(exported / "dist" / f"{course.id}.imscc")
    names = set(archive.namelist())
    assessments = {
        file.get("href")
        for resource in manifest.iter(cc("resource"))
        if resource.get("type") == ASSESSMENT
        for file in resource.iter(cc("file"))
    }

    assert sorted(n for n in names if not n.startswith("web_resources/")) == sorted(
        {"imsmanifest.xml", *assessments}
    )
    page_hrefs = [
        resource.get("href")
        for resource in manifest.iter(cc("resource"))
        if resource.get("identifier", "").startswith("page-")
    ]
    assert page_hrefs == [f"web_resources/modules/{m.id}.html" for m in course.published]
    linked = set()
    for page in page_hrefs:
        soup = BeautifulSoup(archive.read(page), "html.parser")
        urls = [e.get("href") for e in soup.find_all("link", rel=["stylesheet", "icon"])]
        urls += [e.get("src") for e in soup.find_all(["script", "img", "source"], src=True)]
        for url in urls:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", url, re.I), f"{page}: {url}"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("?")[0]))
            assert target.startswith("web_resources/") and target in names, f"{page}: {url}"
            linked.add(target)
    assert any(name.endswith(".css") for name in linked)
    assert "web_resources/assets/learner.js" in linked


def test_the_cartridge_has_an_assessment_of_each_module_s_checks(
    exported: Path, course: Curriculum
) -> None:
    manifest, archive = manifest_of(exported / "dist" / f"{course.id}.imscc")
    resources = {resource.get("identifier"): resource for resource in manifest.iter(cc("resource"))}
    folders = module_folders(manifest)
    with_checks = [module for module in course.published if module.checks]
    assert with_checks, "the fixture course has checks"

    assert [folder.find(cc("title")).text for folder in folders] == [
        module.title for module in course.published
    ]
    assert len([r for r in resources.values() if r.get("type") == ASSESSMENT]) == len(with_checks)
    for module, folder in zip(course.published, folders, strict=True):
        linked = [resources[item.get("identifierref")] for item in folder.findall(cc("item"))]
        if not module.checks:
            assert [r.get("type") for r in linked] == ["webcontent"], module.id
            continue
        assert [r.get("type") for r in linked] == ["webcontent", ASSESSMENT], module.id
        [file] = linked[1].findall(cc("file"))
        assert_checks_assessment(ElementTree.fromstring(archive.read(file.get("href"))), module)


def assert_checks_assessment(document: ElementTree.Element, module: Module) -> None:
    """The QTI of the module's checks, as the Common Cartridge profile of QTI 1.2 has it."""
    assert document.tag == qti("questestinterop")
    assert document.get(f"{{{XSI}}}schemaLocation").split()[0] == QTI
    [assessment] = document.findall(qti("assessment"))
    fields = {
        field.findtext(qti("fieldlabel")): field.findtext(qti("fieldentry"))
        for field in assessment.findall(f"{qti('qtimetadata')}/{qti('qtimetadatafield')}")
    }
    assert fields["cc_profile"] == "cc.exam.v0p1"
    assert fields["cc_maxattempts"] == "unlimited"
    items = assessment.findall(f"{qti('section')}/{qti('item')}")
    assert len(items) == len(module.checks)
    for item, check in zip(items, module.checks, strict=True):
        profile = item.find(f"{qti('itemmetadata')}/{qti('qtimetadata')}/{qti('qtimetadatafield')}")
        assert profile.findtext(qti("fieldlabel")) == "cc_profile"
        assert profile.findtext(qti("fieldentry")) == "cc.multiple_choice.v0p1"
        presentation = item.find(qti("presentation"))
        [question] = presentation.findall(f"{qti('material')}/{qti('mattext')}")
        assert question.get("texttype") == "text/html"
        paragraphs = BeautifulSoup(question.text, "html.parser").find_all("p")
        assert [" ".join(p.get_text().split()) for p in paragraphs] == [
            " ".join(check.scenario.split()),
            check.question,
        ]
        [response] = presentation.findall(qti("response_lid"))
        assert (response.get("ident"), response.get("rcardinality")) == ("response1", "Single")
        labels = response.findall(f"{qti('render_choice')}/{qti('response_label')}")
        assert [
            (label.get("ident"), text_of(label.find(f".//{qti('mattext')}"))) for label in labels
        ] == [(option.id, option.text) for option in check.options]
        conditions = item.findall(f"{qti('resprocessing')}/{qti('respcondition')}")
        tested = [v for c in conditions for v in c.iter(qti("varequal"))]
        assert {v.get("respident") for v in tested} == {"response1"}
        scored = [
            (condition.findtext(f"{qti('conditionvar')}/{qti('varequal')}"), setvar.text)
            for condition in conditions
            for setvar in condition.findall(qti("setvar"))
        ]
        assert scored == [(check.best.id, "100")]
        shown = {d.get("linkrefid") for c in conditions for d in c.findall(qti("displayfeedback"))}
        feedback = {
            f.get("ident"): text_of(f.find(f".//{qti('mattext')}"))
            for f in item.findall(qti("itemfeedback"))
        }
        assert shown == set(feedback)
        for option in check.options:
            assert feedback[f"{option.id}_fb"] == option.feedback.replace("*", ""), option.id
        assert feedback["fb_general"] == f"Best response: {check.best.text}"


@pytest.mark.parametrize("name", ["{id}-scorm12.zip", "{id}.imscc"])
def test_packages_built_without_site_url_link_to_no_preview_address(
    exported: Path, course: Curriculum, name: str
) -> None:
    archive = zipfile.ZipFile(exported / "dist" / name.format(id=course.id))
    pages = [n for n in archive.namelist() if n.endswith(".html")]

    assert len(pages) > len(course.published)
    canonical = [
        f"{page}: {link.get('href')}"
        for page in pages
        for link in BeautifulSoup(archive.read(page), "html.parser").find_all(
            "link", rel="canonical"
        )
    ]
    assert canonical == []


def test_a_package_built_with_a_site_url_keeps_its_canonical_links(
    tmp_path: Path, course: Curriculum
) -> None:
    root = make_project(tmp_path / "course", SITE_COURSE)
    url = "https://courses.example.org/fixture/"
    result = run_curriculum(root, "export", "cc", env={"SITE_URL": url})
    assert result.returncode == 0, result.stderr
    archive = zipfile.ZipFile(root / "dist" / f"{course.id}.imscc")

    for module in course.published:
        page = archive.read(f"web_resources/modules/{module.id}.html")
        [link] = BeautifulSoup(page, "html.parser").find_all("link", rel="canonical")
        assert link.get("href") == f"{url}modules/{module.id}.html"


# A recording stub of a platform that accepts every call (LMSInitialize again after LMSFinish too):
# the exact calls the SCO makes. tests/test_scorm.py runs the package in a real runtime.
HARNESS = """<!doctype html><html><head><meta charset="utf-8"><title>LMS</title><script>
var stored = {};
window.calls = [];
window.API = {
  LMSInitialize: function (a) { calls.push(["LMSInitialize", a]); return "true"; },
  LMSGetValue: function (k) { calls.push(["LMSGetValue", k]); return stored[k] || ""; },
  LMSSetValue: function (k, v) { calls.push(["LMSSetValue", k, v]); stored[k] = v; return "true"; },
  LMSCommit: function (a) { calls.push(["LMSCommit", a]); return "true"; },
  LMSFinish: function (a) { calls.push(["LMSFinish", a]); return "true"; },
  LMSGetLastError: function () { return "0"; },
  LMSGetErrorString: function () { return ""; },
  LMSGetDiagnostic: function () { return ""; }
};
</script></head><body><iframe id="sco" title="module" width="1000" height="800"></iframe></body></html>"""


def test_the_scorm_runtime_reports_progress_in_a_real_browser(
    exported: Path, course: Curriculum, browser: Browser, tmp_path: Path
) -> None:
    folder = tmp_path / "lms"
    with zipfile.ZipFile(exported / "dist" / f"{course.id}-scorm12.zip") as package:
        package.extractall(folder)
    (folder / "harness.html").write_text(HARNESS, encoding="utf-8")

    server = serve_folder(folder)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    module = next(module for module in course.published if not module.checks)  # scored by ticks
    ids = [item.item_id for item in module.progress_items]
    try:
        page = browser.new_page()
        page.goto(base + "harness.html")
        page.evaluate(f"document.getElementById('sco').src = 'modules/{module.id}.html'")
        sco = page.frame_locator("#sco")
        boxes = sco.locator("input[data-progress-id]")
        boxes.first.wait_for()
        page.wait_for_function("calls.length >= 6")
        first_visit = page.evaluate("calls.splice(0)")
        for box in boxes.all():
            box.check()
        ticking = page.evaluate("calls.splice(0)")
        page.evaluate("document.getElementById('sco').src = 'about:blank'")
        page.wait_for_function("calls.some(c => c[0] === 'LMSFinish')")
        leaving = page.evaluate("calls.splice(0)")
        page.evaluate(f"document.getElementById('sco').src = 'modules/{module.id}.html'")
        page.wait_for_function(
            "calls.some(c => c[0] === 'LMSGetValue' && c[1] === 'cmi.core.lesson_status')"
        )
        coming_back = page.evaluate("calls.splice(0)")
        restored = [box.is_checked() for box in sco.locator("input[data-progress-id]").all()]
        page.close()
    finally:
        server.shutdown()

    assert first_visit == [
        ["LMSInitialize", ""],
        ["LMSGetValue", "cmi.core.lesson_location"],
        ["LMSSetValue", "cmi.core.lesson_location", module.id],
        ["LMSGetValue", "cmi.suspend_data"],
        ["LMSGetValue", "cmi.core.lesson_status"],
        ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
    ]
    sets = [call for call in ticking if call[0] == "LMSSetValue"]
    assert sets[-3:] == [
        ["LMSSetValue", "cmi.suspend_data", ",".join(ids)],
        ["LMSSetValue", "cmi.core.score.raw", "100"],
        ["LMSSetValue", "cmi.core.lesson_status", "completed"],
    ]
    one_done = int(100 / len(ids) + 0.5)  # rounded half up, as JavaScript's Math.round does
    assert ["LMSSetValue", "cmi.core.score.raw", str(one_done)] in ticking
    assert ticking.count(["LMSCommit", ""]) == len(ids)
    assert leaving[-1] == ["LMSFinish", ""]
    assert coming_back == [
        ["LMSInitialize", ""],
        ["LMSGetValue", "cmi.core.lesson_location"],
        ["LMSGetValue", "cmi.suspend_data"],
        ["LMSGetValue", "cmi.core.lesson_status"],
    ]
    assert restored == [True] * len(ids)
