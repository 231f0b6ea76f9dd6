"""The course model: what a valid curriculum is, declared once.

The validator, the templates and the authoring documentation all read these declarations, so a
field's type, whether it is required and what it is for are stated here and nowhere else.
Every object is frozen and remembers where in which file it was written, so a check that runs after
loading (a reference to an unknown objective, say) can still point at the line.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from .i18n import SOURCE_LANGUAGE
from .problems import Location, Problem

if TYPE_CHECKING:
    from .translations import Translation

NOWHERE = Location("<unknown>", 0, 0)

# A slug names a page and a progress item: lowercase letters, digits and single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """``text`` as a slug: lowercase letters and digits, runs of anything else one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


ExerciseFormat = Literal["solo", "pair", "group"]


def spec(
    doc: str,
    *,
    default: Any = dataclasses.MISSING,
    markdown: bool = False,
    slug: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
    url: bool = False,
    translate: bool = True,
) -> Any:
    """Declare a field written by instructors: its one-line documentation and its rules.

    ``markdown`` fields are rendered as Markdown; every other text field is shown literally.
    ``slug`` applies to the value, or to each item of a list. ``minimum`` and ``maximum`` bound an integer.
    ``url`` fields take only http(s) addresses. A text field is translated in a language's overlay
    (``<file>.<lang>.yml``) unless ``translate`` is false: names, titles of published works, the
    exact words of quotes, paths.
    """
    metadata = {
        "doc": doc,
        "markdown": markdown,
        "slug": slug,
        "minimum": minimum,
        "maximum": maximum,
        "url": url,
        "translate": translate,
    }
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class Spec:
    """Base of every object read from YAML: it remembers where it and its values were written."""

    where: Location = field(default=NOWHERE, compare=False, repr=False)
    spans: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def location_of(self, key: str, index: int | None = None) -> Location:
        """Where the value of ``key`` (or its item ``index``) was written; the object itself if unknown."""
        name = key if index is None else f"{key}.{index}"
        return self.spans.get(name) or self.spans.get(key) or self.where


FieldKind = Literal["text", "integer", "boolean", "choice", "mapping"]


@dataclass(frozen=True)
class FieldType:
    """One key instructors write, as its declaration says: read once, by every stage that needs it.

    The validator, the JSON Schema and the authoring guide's field reference all read these, so a
    new kind of field is added here and nowhere else.
    """

    name: str
    doc: str
    kind: FieldKind  # of the value, or of each item when ``many``
    many: bool  # a list of such values
    nullable: bool  # may be left empty
    required: bool
    choices: tuple[str, ...] = ()  # for "choice"
    mapping: type[Spec] | None = None  # for "mapping": the model class of the value or items
    markdown: bool = False
    slug: bool = False
    url: bool = False
    minimum: int | None = None
    maximum: int | None = None
    translate: bool = False  # a text that a language's overlay translates

    @property
    def translated(self) -> bool:
        """Whether an overlay gives this field in its language (text that is neither id nor URL)."""
        return self.kind == "text" and self.translate and not self.slug and not self.url


_SCALAR_KINDS: dict[object, FieldKind] = {str: "text", int: "integer", bool: "boolean"}


def field_types(cls: type[Spec]) -> tuple[FieldType, ...]:
    """The keys instructors write in a mapping of ``cls`` (not the bookkeeping fields), in order."""
    if cls not in _FIELD_TYPES:
        _FIELD_TYPES[cls] = _declared_fields(cls)
    return _FIELD_TYPES[cls]


_FIELD_TYPES: dict[type[Spec], tuple[FieldType, ...]] = {}  # the model does not change at run time


def _declared_fields(cls: type[Spec]) -> tuple[FieldType, ...]:
    hints = typing.get_type_hints(cls)
    declared = []
    for f in dataclasses.fields(cls):
        if "doc" not in f.metadata:
            continue
        annotation, nullable, many = hints[f.name], False, False
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            (annotation,) = (a for a in typing.get_args(annotation) if a is not type(None))
            nullable = True
        if typing.get_origin(annotation) is tuple:
            annotation, many = typing.get_args(annotation)[0], True
        choices: tuple[str, ...] = ()
        mapping = None
        if typing.get_origin(annotation) is Literal:
            kind: FieldKind = "choice"
            choices = typing.get_args(annotation)
        elif isinstance(annotation, type) and issubclass(annotation, Spec):
            kind, mapping = "mapping", annotation
        elif annotation in _SCALAR_KINDS:
            kind = _SCALAR_KINDS[annotation]
        else:
            raise TypeError(f"the model declares a type no stage knows: {annotation!r}")
        declared.append(
            FieldType(
                name=f.name,
                doc=f.metadata["doc"],
                kind=kind,
                many=many,
                nullable=nullable,
                required=f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING,
                choices=choices,
                mapping=mapping,
                markdown=f.metadata["markdown"],
                slug=f.metadata["slug"],
                url=f.metadata["url"],
                minimum=f.metadata["minimum"],
                maximum=f.metadata["maximum"],
                translate=f.metadata["translate"],
            )
        )
    return tuple(declared)


@dataclass(frozen=True, kw_only=True)
class Course(Spec):
    """`curriculum/course.yml`: the course as a whole."""

    title: str = spec("The course's name, shown on every page.")
    id: str | None = spec(
        "A short name for exported files (dist/<id>-workbook.pdf…); the title's slug by default.",
        default=None,
        slug=True,
    )
    promise: str | None = spec(
        "One sentence on what the course gives, shown large on the home page.", default=None
    )
    description: str = spec("What the course is and why to take it.", markdown=True)
    audience: str | None = spec("Who the course is for.", default=None)
    outcomes: tuple[str, ...] = spec(
        "What learners will be able to do by the end, one line each.", default=()
    )
    modules: tuple[str, ...] | None = spec(
        "Module ids in learning-path order. Without it (and without units), modules follow "
        "file-name order.",
        default=None,
        slug=True,
    )
    units: tuple[Unit, ...] = spec(
        "The learning path in parts, each with a title and its modules, in order: in place of "
        "`modules`, for a course long enough to need a map. The navigation then shows the "
        "current unit's modules and the other units' titles (more than twelve units: in "
        "sections of ten).",
        default=(),
    )
    solo: bool = spec(
        "The course can be taken alone: every pair or group exercise then says how (its `solo`).",
        default=False,
    )
    skills: tuple[Skill, ...] = spec(
        "The skills learners rate themselves on, 1 to 5, at the start of the course (on the first "
        "module's page) and at the end (the Looking back page); the progress page shows both.",
        default=(),
    )
    trusted_folders: tuple[str, ...] = spec(
        "Folders outside the repository that the build may read (local copies of sources, "
        "symbolic links, templates), relative to its root: ../shared, say. Review a change here "
        "as you would a change to the workflow.",
        default=(),
        translate=False,
    )
    mastery_score: int = spec(
        "In a cmi5 package, the share of a module's scenario checks, in per cent, whose first "
        "answer must be the best response for the module to be passed.",
        default=60,
        minimum=0,
        maximum=100,
    )
    languages: tuple[str, ...] = spec(
        "The course's languages, the language of these files first: [en, de]. A translation is an "
        "overlay beside each file (modules/<id>.de.yml, course.de.yml…) holding only its text.",
        default=(),
        translate=False,
    )
    complete_languages: tuple[str, ...] = spec(
        "Translations that must be whole and current: validate --strict refuses a missing or "
        "out-of-date text in them.",
        default=(),
        translate=False,
    )

    @property
    def language(self) -> str:
        """The language the course's files are written in (English unless ``languages`` says)."""
        return self.languages[0] if self.languages else SOURCE_LANGUAGE


@dataclass(frozen=True, kw_only=True)
class Skill(Spec):
    """A skill the course trains, with what levels 1, 3 and 5 of a learner's self-rating look like."""

    id: str = spec("Stable id: a learner's ratings are kept under it.", slug=True)
    name: str = spec("The skill's name, as learners rate it.")
    level_1: str = spec("What a 1 looks like at work, in a sentence of observable behaviour.")
    level_3: str = spec("What a 3 looks like.")
    level_5: str = spec("What a 5 looks like.")


@dataclass(frozen=True, kw_only=True)
class Unit(Spec):
    """A part of the learning path: a title over the modules that belong together."""

    id: str = spec(
        "Stable id: the unit's anchor on the home page and its key in a translation.", slug=True
    )
    title: str = spec(
        "The unit's name, over its modules on the home page, in the navigation, on the progress "
        "page and in the facilitator's plans."
    )
    summary: str | None = spec(
        "One or two sentences on what the unit is about, under its title on the home page.",
        default=None,
    )
    modules: tuple[str, ...] = spec("The ids of its modules, in learning-path order.", slug=True)


@dataclass(frozen=True, kw_only=True)
class Source(Spec):
    """One work the course quotes, listed in `curriculum/sources.yml`."""

    id: str = spec("How quotes refer to this source.", slug=True)
    title: str = spec("The work's title.", translate=False)
    author: str = spec("Who wrote it: a person or an organisation.", translate=False)
    publisher: str = spec("Where it was published.", translate=False)
    kind: str = spec("What sort of work it is: article, newsletter, book, talk…")
    url: str | None = spec("Where to read it (http or https).", default=None, url=True)
    published: str | None = spec(
        'When it was published, as text: "2025-01".', default=None, translate=False
    )
    local_copy: str | None = spec(
        "A plain-text copy of the work, relative to sources.yml: quotes are checked against it.",
        default=None,
        translate=False,
    )
    quote_budget: int = spec(
        "The most of the work's words the published course may quote, in per cent (with a "
        "local_copy to count them in): quoting is not republishing.",
        default=20,
        minimum=0,
    )


@dataclass(frozen=True, kw_only=True)
class Sources(Spec):
    """`curriculum/sources.yml`: every work the course quotes."""

    sources: tuple[Source, ...] = spec("The works, each with an id that quotes refer to.")


@dataclass(frozen=True, kw_only=True)
class CasePart(Spec):
    """One part of the case pack: material an exercise can work from."""

    id: str = spec(
        "Stable id; exercises name it under `case`, and it anchors the part's heading.", slug=True
    )
    title: str = spec("The part's heading.")
    body: str = spec("The material: a backlog, messages, a draft to critique…", markdown=True)


@dataclass(frozen=True, kw_only=True)
class CasePack(Spec):
    """`curriculum/case.yml`: a fictional team to work from, for groups without real material."""

    title: str = spec("The case's name, the title of its page.")
    summary: str = spec("Who the team is and where it stands.", markdown=True)
    parts: tuple[CasePart, ...] = spec("The material, part by part.")


@dataclass(frozen=True, kw_only=True)
class Objective(Spec):
    """Something a learner will be able to do after the module."""

    id: str = spec("Stable id; exercises list it under `objectives`.", slug=True)
    text: str = spec("Starts with an observable verb: rank, draft, critique…")


@dataclass(frozen=True, kw_only=True)
class Quote(Spec):
    """The exact words of a source, attributed to whoever said them."""

    text: str = spec("The exact words, without quotation marks.", translate=False)
    source: str = spec("The id of the work in `sources.yml`.", slug=True)
    speaker: str = spec("Who said or wrote these words.", translate=False)
    context: str | None = spec("A few words on when or why it was said.", default=None)
    # A translation of the words, from a language's overlay (never written in the original).
    translation: str | None = None


@dataclass(frozen=True, kw_only=True)
class Exercise(Spec):
    """Something the learner does, timed, alone or with others."""

    id: str = spec("Stable id; it also names the exercise's progress item.", slug=True)
    title: str = spec("A short name for the exercise.")
    minutes: int = spec("How long it takes, in whole minutes.", minimum=1)
    format: ExerciseFormat = spec("Who does it: solo, pair or group.")
    instructions: str = spec("What to do and why.", markdown=True)
    objectives: tuple[str, ...] = spec(
        "Ids of this module's objectives that the exercise practises.", default=(), slug=True
    )
    steps: tuple[str, ...] = spec("Numbered steps, each an instruction.", default=())
    produces: str | None = spec("What the learner has at the end.", default=None)
    facilitator_notes: str | None = spec(
        "Timing, what to watch for and how to debrief, for whoever runs it.",
        default=None,
        markdown=True,
    )
    debrief: tuple[str, ...] = spec(
        "Questions to close the exercise with, for the facilitator guide.", default=()
    )
    example: str | None = spec(
        "A short worked example of what the exercise produces, shown labelled as an example.",
        default=None,
        markdown=True,
    )
    self_check: tuple[str, ...] = spec(
        "Three to five yes-or-no criteria the learner checks their own output against.", default=()
    )
    solo: str | None = spec(
        "For a pair or group exercise: how to do it alone, for real (not 'imagine a partner').",
        default=None,
        markdown=True,
    )
    case: str | None = spec(
        "The id of the case pack's part (curriculum/case.yml) to work from without real material.",
        default=None,
        slug=True,
    )
    core: bool = spec(
        "Whether the exercise belongs in the module's short version (the one-day cut).",
        default=True,
    )


Verdict = Literal["best", "acceptable", "poor"]


@dataclass(frozen=True, kw_only=True)
class CheckOption(Spec):
    """One response the learner may choose in a check."""

    id: str = spec(
        "Stable id, unique in its check: what a platform records as the answer.", slug=True
    )
    text: str = spec("The response, in a sentence.")
    verdict: Verdict = spec("How good a response it is: best (one per check), acceptable or poor.")
    feedback: str = spec("Why it works or does not: shown once it is chosen.", markdown=True)


@dataclass(frozen=True, kw_only=True)
class Check(Spec):
    """A situational-judgement question: a workplace scenario, a question, responses with feedback."""

    id: str = spec("Stable id; it also names the check's progress item.", slug=True)
    scenario: str = spec("The situation, in two to six sentences.", markdown=True)
    question: str = spec('What the learner decides: "What do you do first?"')
    objectives: tuple[str, ...] = spec(
        "Ids of this module's objectives that the check assesses.", default=(), slug=True
    )
    options: tuple[CheckOption, ...] = spec("Two to six responses, exactly one of them best.")

    @property
    def best(self) -> CheckOption:
        """The best response (validation makes sure there is exactly one)."""
        return next(option for option in self.options if option.verdict == "best")


@dataclass(frozen=True, kw_only=True)
class ReflectionPrompt(Spec):
    """A question the learner answers in writing after the exercises."""

    id: str = spec("Stable id; it also names the prompt's progress item.", slug=True)
    prompt: str = spec("The question.")


@dataclass(frozen=True, kw_only=True)
class ChecklistItem(Spec):
    """A progress item beyond the automatic one per exercise and per prompt."""

    id: str = spec("Stable id of the progress item.", slug=True)
    text: str = spec("What the learner ticks off.")


@dataclass(frozen=True, kw_only=True)
class Reading(Spec):
    """A work worth reading next."""

    title: str = spec("The work's title.", translate=False)
    author: str = spec("Who wrote it.", translate=False)
    year: int = spec("The year it was published.", minimum=1)
    url: str | None = spec("Where to find it, if certain (http or https).", default=None, url=True)
    note: str | None = spec("Why to read it.", default=None, markdown=True)


@dataclass(frozen=True, kw_only=True)
class Module(Spec):
    """`curriculum/modules/<module-id>.yml`: one skill, taught through exercises."""

    id: str = field(default="", metadata={"from_file": "the file name's stem"})
    title: str = spec("The module's name.")
    skill: str | None = spec(
        "The skill in a few words, shown above the title on its card.", default=None
    )
    tagline: str | None = spec(
        "The module in one line, shown on its card on the home page.", default=None
    )
    summary: str = spec("What the learner will do in this module, and why.", markdown=True)
    objectives: tuple[Objective, ...] = spec("What the learner will be able to do.")
    exercises: tuple[Exercise, ...] = spec("What the learner does to get there.")
    checks: tuple[Check, ...] = spec(
        "Situational-judgement questions, with feedback on every response.", default=()
    )
    reflection_prompts: tuple[ReflectionPrompt, ...] = spec("Questions to write about afterwards.")
    takeaways: tuple[str, ...] = spec("Short lessons to act on.")
    further_reading: tuple[Reading, ...] = spec("Works to read next.")
    quotes: tuple[Quote, ...] = spec("Exact words from the sources.", default=())
    prework: tuple[str, ...] = spec(
        "What to bring or prepare before the session, one line each.", default=()
    )
    reflection_minutes: int = spec(
        "Minutes for writing the reflections: counted in the module's time.", default=0, minimum=0
    )
    checklist: tuple[ChecklistItem, ...] = spec(
        "Progress items beyond one per exercise and per prompt.", default=()
    )
    prerequisites: tuple[str, ...] = spec("Ids of modules to take first.", default=(), slug=True)
    draft: bool = spec("A draft is checked but left out of the published site.", default=False)

    @cached_property
    def minutes(self) -> int:
        """The module's time: its exercises' minutes and the minutes for writing reflections."""
        return sum(exercise.minutes for exercise in self.exercises) + self.reflection_minutes

    @cached_property
    def core_minutes(self) -> int:
        """The time of the module's short version: its core exercises, and the reflections."""
        core = sum(exercise.minutes for exercise in self.exercises if exercise.core)
        return core + self.reflection_minutes

    @cached_property
    def item_ids(self) -> tuple[str, ...]:
        """The progress ids of the module's checklist, in order."""
        return tuple(item.progress_id for item in self.progress_items)

    @cached_property
    def progress_items(self) -> tuple[ProgressItem, ...]:
        """What the learner ticks off: each exercise, check and prompt, then the extra items."""
        return (
            tuple(ProgressItem(self.id, e.id, e.title, "exercise") for e in self.exercises)
            + tuple(ProgressItem(self.id, c.id, c.question, "check") for c in self.checks)
            + tuple(
                ProgressItem(self.id, p.id, p.prompt, "reflection") for p in self.reflection_prompts
            )
            + tuple(ProgressItem(self.id, c.id, c.text, "item") for c in self.checklist)
        )


@dataclass(frozen=True)
class ProgressItem:
    """One box on a module's progress checklist."""

    module_id: str
    item_id: str
    text: str
    kind: Literal["exercise", "check", "reflection", "item"]

    @property
    def progress_id(self) -> str:
        """The stable id saved in the learner's browser: ``<module-id>/<item-id>``."""
        return f"{self.module_id}/{self.item_id}"


@dataclass(frozen=True)
class Curriculum:
    """A whole, valid course: what every later stage works from."""

    course: Course
    sources: tuple[Source, ...]
    modules: tuple[Module, ...]  # every module, drafts included, in learning-path order
    case: CasePack | None = None  # curriculum/case.yml, if the course has one
    translations: tuple[Translation, ...] = ()  # each overlay, read
    notices: tuple[Problem, ...] = ()  # what the checks said without stopping the build
    quotes_verified: int = 0  # quotes found word for word in a local copy of their source

    @property
    def published(self) -> tuple[Module, ...]:
        """The modules on the published site, in learning-path order."""
        return tuple(module for module in self.modules if not module.draft)

    @property
    def minutes(self) -> int:
        """The time of the published course."""
        return sum(module.minutes for module in self.published)

    @property
    def id(self) -> str:
        """The course's short name: course.yml's id, or its title as a slug."""
        return self.course.id or slugify(self.course.title)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return next(source for source in self.sources if source.id == source_id)

    def case_part(self, part_id: str) -> CasePart:
        """The case pack's part with this id (validation makes sure it exists)."""
        assert self.case is not None
        return next(part for part in self.case.parts if part.id == part_id)

    def module(self, module_id: str) -> Module:
        """The module with this id."""
        return next(module for module in self.modules if module.id == module_id)

    def in_units(
        self, modules: Sequence[Module]
    ) -> tuple[tuple[Unit | None, tuple[Module, ...]], ...]:
        """``modules`` (in path order) grouped by the course's units; one group, no unit, without units.

        A unit none of whose modules is among ``modules`` (all drafts, say) is left out.
        """
        if not self.course.units:
            return ((None, tuple(modules)),)
        unit_of = {module_id: unit for unit in self.course.units for module_id in unit.modules}
        groups: list[tuple[Unit | None, list[Module]]] = []
        for module in modules:
            unit = unit_of.get(module.id)
            if not groups or groups[-1][0] is not unit:
                groups.append((unit, []))
            groups[-1][1].append(module)
        return tuple((unit, tuple(members)) for unit, members in groups)


def _remember_hashes(cls: type[Spec]) -> None:
    """Give ``cls``'s subclasses a hash computed once per object.

    The renderer keys its pages on model values (a module, the whole course): the dataclasses'
    own hash walks every nested value at each lookup, while the objects never change.
    """
    for sub in cls.__subclasses__():
        # setattr: mypy cannot type a method replaced on a class
        setattr(sub, "__hash__", _remembered(sub.__hash__))  # noqa: B010
        _remember_hashes(sub)


def _remembered(compute: Callable[[object], int]) -> Callable[[object], int]:
    def remembered(self: object) -> int:
        value: int | None = self.__dict__.get("_hash")
        if value is None:
            value = compute(self)
            object.__setattr__(self, "_hash", value)
        return value

    return remembered


_remember_hashes(Spec)
