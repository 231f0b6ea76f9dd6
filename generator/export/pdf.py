"""The printable workbook and facilitator guide, as PDF files.

The site has a print page for each (print/workbook/, print/facilitator-guide/); the headless Chromium
that the browser tests drive prints them, with page numbers, on A4 or US Letter. The PDFs are also
copied into content/downloads/, so that the next build of the site offers them for download.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..chromium import CHROMIUM_FLAGS, find_chromium
from ..engines import EngineError
from ..project import Project
from ..render import printed_name
from . import built_site, course_languages, dist_dir, language_suffix

PAPER = {"a4": "A4", "letter": "Letter"}
DOCUMENTS = (
    ("workbook", "print/workbook/index.html"),
    ("facilitator-guide", "print/facilitator-guide/index.html"),
)
FOOTER = (
    '<div style="width:100%;font-size:8px;text-align:center;color:#555">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def export_pdf(project: Project, paper: str = "a4") -> list[Path]:
    """Write dist/<course-id>-workbook.pdf and dist/<course-id>-facilitator-guide.pdf.

    A translation's are dist/<course-id>-workbook.<lang>.pdf and so on.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise EngineError(
            "printing PDFs needs Playwright: install the project's `test` extra (make pdf does)"
        ) from None
    written = []
    for language in course_languages(project):
        written += _print(project, paper, language)
    downloads = project.content_dir / "downloads"
    downloads.mkdir(exist_ok=True)
    for pdf in written:
        shutil.copy(pdf, downloads / pdf.name)
    return written


def _print(project: Project, paper: str, language: str | None) -> list[Path]:
    from playwright.sync_api import Error, sync_playwright

    written = []
    with built_site(project, print_pages=True, language=language) as (generation, site):
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=find_chromium(), args=list(CHROMIUM_FLAGS)
                )
            except Error as error:
                raise EngineError(
                    "no Chromium to print with: install one (Debian: apt-get install chromium) "
                    f"or set CURRICULUM_BROWSER ({error.message.splitlines()[0]})"
                ) from None
            page = browser.new_page()
            for name, path in DOCUMENTS:
                target = dist_dir(project) / printed_name(
                    generation.curriculum.id, name, language_suffix(generation)
                )
                page.goto((site / path).as_uri())
                page.emulate_media(media="print")
                page.pdf(
                    path=str(target),
                    format=PAPER[paper],
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER,
                    margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                )
                written.append(target)
            browser.close()
    return written
