"""Turn a course described in YAML into a course site.

The pipeline is load → validate → model → render → write (one module each), run by ``build.py``;
the ``curriculum`` command, the MkDocs plugin and the engines are thin adapters over it.
"""

from .build import Generation, SitePages, build_site, generate, load_curriculum
from .model import Course, Curriculum, Module, Source
from .problems import ContentError, Location, Problem
from .project import Project
from .version import __version__

__all__ = [
    "__version__",
    "ContentError",
    "Course",
    "Curriculum",
    "Generation",
    "Location",
    "Module",
    "Problem",
    "Project",
    "SitePages",
    "Source",
    "build_site",
    "generate",
    "load_curriculum",
]
