"""References between objects, checked once each file's types are right.

Ids are unique where they must be; exercises name objectives of their module; quotes name sources;
course.yml's learning path names existing modules, and lists them all; prerequisites exist, come
earlier in the path, and are published when the module that needs them is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from .load import Documents
from .model import SLUG, CasePack, Check, Course, Exercise, Module, Source
from .problems import Location, Problem, did_you_mean


class Identified(Protocol):
    """Something instructors name with an id: an objective, an exercise, a module, a source…"""

    @property
    def id(self) -> str: ...

    def location_of(self, key: str, index: int | None = None) -> Location: ...


def check_unique_ids(items: Iterable[Identified], kind: str) -> list[Problem]:
    """Each id used once among ``items``."""
    problems = []
    first: dict[str, Identified] = {}
    for item in items:
        item_id = item.id
        if item_id in first:
            problems.append(
                Problem(
                    item.location_of("id"),
                    f"duplicate {kind} id {item_id!r} (first used on line "
                    f"{first[item_id].location_of('id').line})",
                )
            )
        else:
            first[item_id] = item
    return problems


def check_module(module: Module, sources: tuple[Source, ...] | None) -> list[Problem]:
    """A module's ids are unique, and its objectives and sources exist (if sources.yml could be read)."""
    # Objectives, exercises, prompts and checklist items share one namespace: progress ids are
    # <module-id>/<item-id>, so two of them with the same id would share a box.
    items: tuple[Identified, ...] = (
        *module.objectives,
        *module.exercises,
        *module.checks,
        *module.reflection_prompts,
        *module.checklist,
    )
    # In the order they are written, so that the one reported is the later of the two.
    problems = check_unique_ids(sorted(items, key=lambda item: item.location_of("id")), "item")
    objective_ids = [objective.id for objective in module.objectives]
    users: list[tuple[str, Exercise | Check]] = [
        *(("exercise", exercise) for exercise in module.exercises),
        *(("check", check) for check in module.checks),
    ]
    for what, user in users:
        for index, objective_id in enumerate(user.objectives):
            if objective_id not in objective_ids:
                problems.append(
                    Problem(
                        user.location_of("objectives", index),
                        f"{what} {user.id!r} names an unknown objective {objective_id!r}",
                        did_you_mean(objective_id, objective_ids)
                        or f"this module's objectives: {', '.join(objective_ids) or 'none'}",
                    )
                )
    for check in module.checks:
        problems += check_options(check)
    for exercise in module.exercises:
        if exercise.self_check and not 3 <= len(exercise.self_check) <= 5:
            problems.append(
                Problem(
                    exercise.location_of("self_check"),
                    f"exercise {exercise.id!r} has {len(exercise.self_check)} self_check "
                    f"criteri{'on' if len(exercise.self_check) == 1 else 'a'}: give three to five",
                    "each a yes-or-no question the learner can answer about their own output",
                )
            )
    if sources is None:
        return problems
    source_ids = [source.id for source in sources]
    for quote in module.quotes:
        if quote.source not in source_ids:
            problems.append(
                Problem(
                    quote.location_of("source"),
                    f"unknown source {quote.source!r}",
                    did_you_mean(quote.source, source_ids)
                    or f"add it to curriculum/sources.yml (known: {', '.join(source_ids) or 'none'})",
                )
            )
    return problems


def check_solo_paths(course: Course, modules: Iterable[Module]) -> list[Problem]:
    """When course.yml says the course can be taken alone, each pair or group exercise says how."""
    if not course.solo:
        return []
    return [
        Problem(
            exercise.location_of("format"),
            f"exercise {exercise.id!r} is a {exercise.format} exercise and course.yml says the "
            "course can be taken alone (solo: true), but it has no 'solo' path",
            "add 'solo:' saying how to do it alone, for real: with one colleague by message, "
            "say, not 'imagine a partner'",
        )
        for module in modules
        for exercise in module.exercises
        if exercise.format != "solo" and not exercise.solo
    ]


def check_case_parts(
    case: CasePack | None, case_file: str | None, modules: Iterable[Module]
) -> list[Problem]:
    """Each exercise's ``case`` names a part of the case pack, and the case pack's ids are unique.

    ``case_file`` is case.yml as shown to the user, when it exists (it may exist and not be valid:
    its own problems are reported then, not every reference to it).
    """
    problems = check_unique_ids(case.parts, "case part") if case is not None else []
    part_ids = [part.id for part in case.parts] if case is not None else []
    for module in modules:
        for exercise in module.exercises:
            if exercise.case is None or exercise.case in part_ids:
                continue
            if case is None and case_file is not None:
                continue
            problems.append(
                Problem(
                    exercise.location_of("case"),
                    f"exercise {exercise.id!r} names the case part {exercise.case!r}, "
                    + (
                        "and the course has no case pack"
                        if case is None
                        else "which case.yml lacks"
                    ),
                    "write the case pack in curriculum/case.yml (curriculum schema writes its schema)"
                    if case is None
                    else did_you_mean(exercise.case, part_ids)
                    or f"the case pack's parts: {', '.join(part_ids)}",
                )
            )
    return problems


def check_options(check: Check) -> list[Problem]:
    """Two to six options with distinct ids, exactly one of them best."""
    problems = check_unique_ids(check.options, "option")
    count = len(check.options)
    if not 2 <= count <= 6:
        problems.append(
            Problem(
                check.location_of("options"),
                f"check {check.id!r} has {count} option{'s' if count != 1 else ''}: "
                "a check needs two to six",
                "give the plausible responses a newcomer might choose, each with its feedback",
            )
        )
    best = [option for option in check.options if option.verdict == "best"]
    if not best and check.options:
        problems.append(
            Problem(
                check.location_of("options"),
                f"check {check.id!r} has no best option",
                "mark exactly one option 'verdict: best'",
            )
        )
    for extra in best[1:]:
        problems.append(
            Problem(
                extra.location_of("verdict"),
                f"check {check.id!r} has more than one best option: {extra.id!r} and "
                f"{best[0].id!r} (line {best[0].location_of('verdict').line})",
                "keep one 'best'; mark the others 'acceptable'",
            )
        )
    return problems


def learning_path(
    course: Course, modules: list[Module], files: dict[str, str], documents: Documents
) -> tuple[tuple[Module, ...], list[Problem]]:
    """The valid modules in learning-path order: course.yml's list (or its units'), or file-name
    order without one.

    ``files`` maps the id of every module file, readable and valid or not, to its path as shown, so
    that a module with problems of its own is neither reported as unknown nor as missing.
    """
    listed = _listed_modules(course)
    if listed is None:
        return tuple(modules), []
    problems = _unit_problems(course)
    by_id = {module.id: module for module in modules}
    ids = [module_id for module_id, _ in listed]
    for module_id, count in Counter(ids).items():
        if count > 1:
            where = next(where for listed_id, where in reversed(listed) if listed_id == module_id)
            problems.append(
                Problem(where, f"module {module_id!r} is listed {count} times in the learning path")
            )
    for module_id, where in listed:
        if module_id not in files:
            problems.append(
                Problem(
                    where,
                    f"no module {module_id!r}: there is no curriculum/modules/{module_id}.yml",
                    did_you_mean(module_id, files) or "create the file, or remove the line",
                )
            )
    assert documents.course is not None
    end = documents.course.root.end_mark
    # Where the missing line would go: below the last line of a modules: list; at a unit's last
    # module (a unit's list is often written [a, b]).
    last = listed[-1][1] if listed else None
    if last is None:
        where = Location(documents.course.shown_as, end.line + 1, 1)
    else:
        where = last if course.units else Location(last.path, last.line + 1, last.column)
    place = "a unit's modules: list" if course.units else "the modules: list"
    in_path = set(ids)
    for module_id, shown_as in sorted(files.items()):
        # A file whose name is no valid id has its own problem: listing it would not help.
        if module_id not in in_path and SLUG.match(module_id):
            problems.append(
                Problem(
                    where,
                    f"module {module_id!r} ({shown_as}) is not in the learning path",
                    f"add the line '- {module_id}' to {place} in {documents.course.shown_as}",
                )
            )
    return tuple(
        by_id[module_id] for module_id in dict.fromkeys(ids) if module_id in by_id
    ), problems


def _listed_modules(course: Course) -> list[tuple[str, Location]] | None:
    """The learning path as written: each module id and where; None if course.yml gives none."""
    if course.units:
        return [
            (module_id, unit.location_of("modules", index))
            for unit in course.units
            for index, module_id in enumerate(unit.modules)
        ]
    if course.modules is None:
        return None
    return [
        (module_id, course.location_of("modules", i)) for i, module_id in enumerate(course.modules)
    ]


def _unit_problems(course: Course) -> list[Problem]:
    """The learning path is given once, and each unit has an id of its own and modules."""
    problems = []
    if course.units and course.modules is not None:
        problems.append(
            Problem(
                course.location_of("modules"),
                "the learning path is given twice, as modules: and as units:",
                "keep units: (each lists its modules) and remove modules:, or the other way round",
            )
        )
    seen: set[str] = set()
    for unit in course.units:
        if unit.id in seen:
            problems.append(
                Problem(unit.location_of("id"), f"a second unit with the id {unit.id!r}")
            )
        seen.add(unit.id)
        if not unit.modules:
            problems.append(
                Problem(
                    unit.location_of("modules"),
                    f"unit {unit.id!r} has no modules",
                    "list the ids of its modules, or remove the unit",
                )
            )
    return problems


def check_prerequisites(modules: tuple[Module, ...], module_ids: list[str]) -> list[Problem]:
    """Prerequisites exist, come earlier in the learning path, and are published if the module is.

    A prerequisite whose file exists but could not be read is not checked: its file has problems
    of its own.
    """
    problems = []
    position = {module.id: index for index, module in enumerate(modules)}
    for module in modules:
        for index, required in enumerate(module.prerequisites):
            where = module.location_of("prerequisites", index)
            if required not in position and required in module_ids:
                continue
            if required not in position:
                problems.append(
                    Problem(
                        where,
                        f"unknown prerequisite {required!r}",
                        did_you_mean(required, module_ids) or "name the id of another module",
                    )
                )
            elif position[required] >= position[module.id]:
                problems.append(
                    Problem(
                        where,
                        f"prerequisite {required!r} does not come before {module.id!r} "
                        "in the learning path",
                        "move it earlier in course.yml's modules: list, or drop the prerequisite",
                    )
                )
            elif modules[position[required]].draft and not module.draft:
                problems.append(
                    Problem(
                        where,
                        f"published module {module.id!r} requires {required!r}, which is a draft",
                        f"publish {required!r} (remove 'draft: true') or drop the prerequisite",
                    )
                )
    return problems
