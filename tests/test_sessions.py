"""sessions.py: the facilitator's session plans follow from the modules' times."""

from __future__ import annotations

import pytest

from generator.model import Course, Curriculum, Exercise, Module
from generator.render import Templates
from generator.sessions import cohort_sessions, consecutive_groups, workshop_day
from generator.wording import clock


def module(
    name: str, *exercises: tuple[str, int], optional: int = 0, reflection: int = 0
) -> Module:
    """A module of these (format, minutes) exercises, the last ``optional`` of them not core."""
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
                core=i < len(exercises) - optional,
            )
            for i, (form, minutes) in enumerate(exercises)
        ),
        reflection_minutes=reflection,
        prework=(f"{name} pre-work",),
        reflection_prompts=(),
        takeaways=(),
        further_reading=(),
    )


@pytest.mark.parametrize(("minutes", "expected"), [(540, "09:00"), (765, "12:45"), (1050, "17:30")])
def test_clock(minutes: int, expected: str) -> None:
    assert clock(minutes) == expected


def test_a_short_course_fits_the_day_exercise_by_exercise() -> None:
    modules = tuple(module(f"m{i}", ("pair", 60), ("solo", 30), reflection=15) for i in range(3))

    day = workshop_day(modules)

    assert day.pre_work == () and day.fits
    assert [(clock(s.starts), clock(s.ends), s.what) for s in day.slots] == [
        ("09:00", "10:00", "m0 pair 0"),
        ("10:00", "10:30", "m0 solo 1"),
        ("10:30", "10:40", "Break"),
        ("10:40", "11:40", "m1 pair 0"),
        ("11:40", "12:10", "m1 solo 1"),
        ("12:10", "12:55", "Lunch"),
        ("12:55", "13:55", "m2 pair 0"),
        ("13:55", "14:25", "m2 solo 1"),
    ]
    assert day.reflection_minutes == 45  # written after the day, not in it


def test_the_day_keeps_core_exercises_only() -> None:
    modules = (module("m", ("group", 30), ("solo", 20), ("pair", 25), optional=1),)

    day = workshop_day(modules)

    assert [s.what for s in day.slots] == ["m group 0", "m solo 1"]
    assert [(m.id, [e.title for e in left]) for m, left in day.left_out] == [("m", ["m pair 2"])]


def test_a_long_course_sets_solo_work_as_pre_work_in_order_until_it_fits() -> None:
    modules = tuple(module(f"m{i}", ("group", 50), ("solo", 30)) for i in range(6))

    day = workshop_day(modules)

    # 6 x 80 minutes, 4 breaks and lunch end at 18:25: three solo exercises must go, the first.
    assert [[e.title for e in exercises] for _, exercises in day.pre_work] == [
        [f"m{i} solo 1"] for i in range(3)
    ]
    assert [s.what for s in day.slots if s.module and s.module.id == "m5"] == [
        "m5 group 0",
        "m5 solo 1",
    ]
    assert day.fits and day.ends <= 17 * 60
    assert workshop_day(modules[:5]).pre_work == ()  # five modules fit whole, by 16:55


def test_a_course_too_long_for_a_day_says_so() -> None:
    modules = tuple(module(f"m{i}", ("group", 90)) for i in range(6))

    day = workshop_day(modules)

    assert not day.fits and day.ends > 17 * 60
    assert day.pre_work == ()  # no solo work to set as pre-work


def test_a_course_that_would_run_past_midnight_is_no_day_at_all() -> None:
    """Twenty modules of group work: the guide says how long, and prints no timetable of it."""
    modules = tuple(module(f"m{i}", ("group", 90), ("solo", 30)) for i in range(20))

    day = workshop_day(modules)

    assert day.overnight and not workshop_day(modules[:6]).overnight
    assert day.core_minutes == 20 * 120  # the pre-work's included
    guide = Templates.of().render(
        "facilitator-body.md.j2", day=day, sessions=cohort_sessions(modules), root="",
        curriculum=Curriculum(course=Course(title="T", description="d"), sources=(), modules=modules),
        units_of=lambda members: (), modules=modules, formats={}, case=None,
    )  # fmt: skip
    one_day = guide[: guide.index("{ #cohort }")]
    assert "The core exercises alone take 40 h, more than a workshop day can hold" in one_day
    assert "| Time |" not in one_day and "Before the day" not in one_day


def test_cohort_sessions_open_with_a_report_back_and_list_their_pre_work() -> None:
    modules = tuple(
        module(f"m{i}", ("pair", 40), ("solo", 20), optional=1, reflection=15) for i in range(9)
    )

    sessions = cohort_sessions(modules)

    assert len(sessions) == 8
    assert [s.report_back for s in sessions] == [0] + [10] * 7
    assert sessions[0].minutes == 40 and sessions[1].minutes == 50
    assert [m.id for s in sessions for m in s.modules] == [m.id for m in modules]
    assert sessions[0].prework == ("m0 pre-work",)
    assert [e.title for _, e in sessions[0].afterwards] == ["m0 solo 1"]
    assert sessions[0].minutes_between == 20 + 15
    assert (
        sum(len(s.modules) for s in sessions if len(s.modules) == 2) == 2
    )  # one session takes two


@pytest.mark.parametrize(
    ("times", "count", "expected"),
    [
        ([60, 75, 85, 80, 85, 85, 80, 85], 7, [[60, 75], [85], [80], [85], [85], [80], [85]]),
        ([30, 30, 30, 90], 2, [[30, 30, 30], [90]]),
        ([40, 40], 7, [[40], [40]]),
        ([], 7, []),
    ],
)
def test_groups_keep_the_order_and_the_largest_group_small(times, count, expected) -> None:
    groups = consecutive_groups(times, count)

    assert [[times[i] for i in group] for group in groups] == expected
    assert [i for group in groups for i in group] == list(range(len(times)))


def test_groups_are_as_even_as_an_exhaustive_search_finds() -> None:
    import itertools
    import random

    generator = random.Random(7)
    for _ in range(200):
        times = [generator.randint(5, 120) for _ in range(generator.randint(1, 9))]
        wanted = generator.randint(1, 5)
        count = min(wanted, len(times))
        best = min(
            max(sum(times[a:b]) for a, b in zip((0, *cuts), (*cuts, len(times)), strict=True))
            for cuts in itertools.combinations(range(1, len(times)), count - 1)
        )

        groups = consecutive_groups(times, wanted)

        assert len(groups) == count
        assert max(sum(times[i] for i in group) for group in groups) == best
