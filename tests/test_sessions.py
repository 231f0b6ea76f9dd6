"""sessions.py: the facilitator's session plans follow from the modules' times."""

from __future__ import annotations

import pytest

from generator.model import Exercise, Module
from generator.sessions import cohort_weeks, workshop_day
from generator.wording import clock


def module(name: str, *exercises: tuple[str, int]) -> Module:
    return Module(
        id=name,
        title=name.title(),
        summary="s",
        objectives=(),
        exercises=tuple(
            Exercise(
                id=f"e{i}",
                title=f"{name} {form} {i}",
                minutes=minutes,
                format=form,
                instructions="i",
            )
            for i, (form, minutes) in enumerate(exercises)
        ),
        reflection_prompts=(),
        takeaways=(),
        further_reading=(),
    )


@pytest.mark.parametrize(("minutes", "expected"), [(540, "09:00"), (765, "12:45"), (1050, "17:30")])
def test_clock(minutes: int, expected: str) -> None:
    assert clock(minutes) == expected


def test_a_short_course_fits_the_day_with_breaks_and_lunch() -> None:
    modules = tuple(module(f"m{i}", ("pair", 60), ("solo", 30)) for i in range(3))

    day = workshop_day(modules)

    assert day.pre_work == ()
    assert [(clock(s.starts), clock(s.ends), s.what) for s in day.slots] == [
        ("09:00", "10:30", "M0"),
        ("10:30", "10:40", "Break"),
        ("10:40", "12:10", "M1"),
        ("12:10", "12:55", "Lunch"),
        ("12:55", "14:25", "M2"),
    ]


def test_a_long_course_sets_solo_work_as_pre_work() -> None:
    modules = tuple(module(f"m{i}", ("group", 50), ("solo", 60)) for i in range(6))

    day = workshop_day(modules)

    assert [titles for _, titles in day.pre_work] == [(f"m{i} solo 1",) for i in range(6)]
    assert [s.ends - s.starts for s in day.slots if s.module] == [50] * 6
    assert day.ends <= 17 * 60 + 30


@pytest.mark.parametrize(
    ("times", "weeks", "expected"),
    [
        ([60, 75, 85, 80, 85, 85, 80, 85], 7, [[60, 75], [85], [80], [85], [85], [80], [85]]),
        ([30, 30, 30, 90], 2, [[30, 30, 30], [90]]),
        ([40, 40], 7, [[40], [40]]),
        ([], 7, []),
    ],
)
def test_cohort_weeks_keep_the_order_and_the_longest_week_short(times, weeks, expected) -> None:
    modules = tuple(module(f"m{i}", ("solo", t)) for i, t in enumerate(times))

    plan = cohort_weeks(modules, weeks)

    assert [[m.minutes for m in week] for week in plan] == expected
    assert [m for week in plan for m in week] == list(modules)


def test_cohort_weeks_are_as_even_as_an_exhaustive_search_finds() -> None:
    import itertools
    import random

    generator = random.Random(7)
    for _ in range(200):
        times = [generator.randint(5, 120) for _ in range(generator.randint(1, 9))]
        weeks = generator.randint(1, 5)
        modules = tuple(module(f"m{i}", ("solo", t)) for i, t in enumerate(times))
        count = min(weeks, len(times))
        best = min(
            max(sum(times[a:b]) for a, b in zip((0, *cuts), (*cuts, len(times)), strict=True))
            for cuts in itertools.combinations(range(1, len(times)), count - 1)
        )

        plan = cohort_weeks(modules, weeks)

        assert len(plan) == count
        assert max(sum(m.minutes for m in week) for week in plan) == best
