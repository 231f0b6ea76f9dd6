"""Constructive alignment: every objective practised by an exercise, every exercise serving one.

A gap is a warning, not an error: a module in progress may have one. `--strict` (which CI uses)
turns warnings into errors. `alignment_table` is what `curriculum report` prints.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Module
from .problems import Problem
from .wording import duration


def alignment_warnings(modules: Iterable[Module]) -> list[Problem]:
    """A warning at each objective no exercise practises and each exercise that names none."""
    warnings = []
    for module in modules:
        practised = {
            objective for exercise in module.exercises for objective in exercise.objectives
        }
        for objective in module.objectives:
            if objective.id not in practised:
                warnings.append(
                    Problem(
                        objective.location_of("id"),
                        f"objective {objective.id!r} is practised by no exercise",
                        "list it under the 'objectives' of the exercise that practises it",
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
    """The module's objectives × exercises matrix and its time budget, as plain text."""
    columns = [f"E{index}" for index in range(1, len(module.exercises) + 1)]
    width = max([len(objective.id) for objective in module.objectives] + [9])
    lines = [f"{module.id}: {module.title} ({duration(module.minutes)})"]
    lines.append("  " + "objective".ljust(width) + "  " + "  ".join(columns))
    for objective in module.objectives:
        marks = [
            "x".center(len(column))
            if objective.id in exercise.objectives
            else ".".center(len(column))
            for column, exercise in zip(columns, module.exercises, strict=True)
        ]
        gap = "" if "x" in "".join(marks) else "   <- practised by no exercise"
        lines.append(("  " + objective.id.ljust(width) + "  " + "  ".join(marks)).rstrip() + gap)
    lines.append("")
    for column, exercise in zip(columns, module.exercises, strict=True):
        unaligned = "" if exercise.objectives else "   <- serves no objective"
        lines.append(
            f"  {column:<3} {exercise.minutes:>3} min  {exercise.format:<5}  {exercise.title}{unaligned}"
        )
    by_format = {
        form: sum(e.minutes for e in module.exercises if e.format == form)
        for form in ("solo", "pair", "group")
    }
    budget = ", ".join(
        f"{form} {duration(minutes)}" for form, minutes in by_format.items() if minutes
    )
    lines.append(f"  time: {duration(module.minutes)} ({budget})")
    return "\n".join(lines)
