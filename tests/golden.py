"""Golden files: the Markdown the generator renders for the fixture course in tests/data/valid/.

``make golden`` (``python -m tests.golden``) rewrites tests/golden/ from the current templates;
review the diff before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import load_curriculum
from generator.project import Project
from generator.render import RenderedPage, render_site

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE = Path(__file__).resolve().parent / "data" / "valid"


def render_fixture() -> tuple[RenderedPage, ...]:
    """The pages of the fixture course."""
    project = Project(root=FIXTURE.parent, curriculum_dir=FIXTURE, content_dir=GOLDEN)
    return render_site(load_curriculum(project))


def main() -> None:
    """Rewrite the golden files."""
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for page in render_fixture():
        target = GOLDEN / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
        print(
            f"wrote {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}"
        )


if __name__ == "__main__":
    main()
