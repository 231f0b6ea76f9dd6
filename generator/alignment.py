"""Constructive alignment: every objective practised by an exercise or assessed by a check, and
every exercise serving one.

A gap is a warning, not an error: a module in progress may have one. `--strict` (which CI uses)
turns warnings into errors. `alignment_table` is what `curriculum report` prints.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Module
from .problems import Problem
from .wording import duration


def alignment_warnings(modules: Iterable[Module]) -> list[Problem]:
    """A warning at each objective that nothing practises or assesses, and at each exercise that
    names none."""
    warnings = []
    for module in modules:
        covered = {o for exercise in module.exercises for o in exercise.objectives}
        covered |= {o for check in module.checks for o in check.objectives}
        for objective in module.objectives:
            if objective.id not in covered:
                warnings.append(
                    Problem(
                        objective.location_of("id"),
                        f"objective {objective.id!r} is practised by no exercise"
                        + (" and assessed by no check" if module.checks else ""),
                        "list it under the 'objectives' of the exercise that practises it"
                        + (" or the check that assesses it" if module.checks else ""),
                        severity="warning",
                    )
                )
        for exercise in module.exercises:
            if not exercise.objectives:
                warnings.append(
                    Problem(
                        exercise.location_of("id"),
                        f"exercise {exercise.id!r} names no objective",
                        "add 'objectives: [<objective-id>]' to say what it practises",
                        severity="warning",
                    )
                )
    return warnings


def alignment_table(module: Module) -> str:
    """The module's objectives × exercises (E1…) and checks (C1…) matrix and its time budget."""
    users = [(f"E{n}", e.objectives) for n, e in enumerate(module.exercises, 1)]
    users += [(f"C{n}", c.objectives) for n, c in enumerate(module.checks, 1)]
    width = max([len(objective.id) for objective in module.objectives] + [9])
    lines = [f"{module.id}: {module.title} ({duration(module.minutes)})"]
    lines.append("  " + "objective".ljust(width) + "  " + "  ".join(name for name, _ in users))
    for objective in module.objectives:
        marks = [
            ("x" if objective.id in objectives else ".").center(len(name))
            for name, objectives in users
        ]
        gap = "" if "x" in "".join(marks) else "   <- practised by no exercise"
        if gap and module.checks:
            gap += " and assessed by no check"
        lines.append(("  " + objective.id.ljust(width) + "  " + "  ".join(marks)).rstrip() + gap)
    lines.append("")
    for (column, _), exercise in zip(users, module.exercises, strict=False):
        unaligned = "" if exercise.objectives else "   <- serves no objective"
        lines.append(
            f"  {column:<3} {exercise.minutes:>3} min  {exercise.format:<5}  {exercise.title}{unaligned}"
        )
    for number, check in enumerate(module.checks, 1):
        unassessed = "" if check.objectives else "   <- assesses no objective"
        lines.append(f"  C{number:<3} check        {check.question}{unassessed}")
    by_format = {
        form: sum(e.minutes for e in module.exercises if e.format == form)
        for form in ("solo", "pair", "group")
    }
    by_format["reflection"] = module.reflection_minutes
    budget = ", ".join(
        f"{form} {duration(minutes)}" for form, minutes in by_format.items() if minutes
    )
    lines.append(f"  time: {duration(module.minutes)} ({budget})")
    return "\n".join(lines)
