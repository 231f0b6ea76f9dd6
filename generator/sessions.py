"""Session plans for facilitators, computed from the modules' exercises and their times.

Two ways to run the course:

- **A one-day cut**: the core exercises only (those marked ``core: false`` are left out), exercise
  by exercise from 09:00, with a break between modules and lunch at the first break after noon, so
  that the day ends by 17:00. When the core exercises do not all fit, solo ones become pre-work, in
  learning-path order, until they do; the reflections are written after the day.
- **A cohort**: eight sessions (or as many as there are modules, if fewer), the modules in order.
  Each session opens with a ten-minute report-back on the practice since the last one (the first
  has none), then does the module's core exercises together; the optional exercises and the
  reflections are done between sessions. Each session lists the pre-work of its modules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .i18n import gettext_noop
from .model import Exercise, Module

DAY_STARTS = 9 * 60  # 09:00
DAY_ENDS_BY = 17 * 60  # 17:00
BREAK = 10  # minutes between modules
LUNCH = 45
LUNCH_FROM = 12 * 60  # lunch at the first break after noon
SESSIONS = 8
REPORT_BACK = 10  # minutes at the start of every cohort session but the first


@dataclass(frozen=True)
class Slot:
    """One stretch of a workshop day: an exercise of a module, a break or lunch."""

    starts: int  # minutes after midnight
    ends: int
    what: str  # the exercise's title; for a break or lunch, a message (translated where shown)
    module: Module | None = None
    exercise: Exercise | None = None


@dataclass(frozen=True)
class WorkshopDay:
    """The one-day cut: its timetable, the exercises set as pre-work to make it fit, what is left
    for afterwards."""

    slots: tuple[Slot, ...]
    pre_work: tuple[tuple[Module, tuple[Exercise, ...]], ...]  # module, its exercises done before
    left_out: tuple[tuple[Module, tuple[Exercise, ...]], ...]  # module, its optional exercises
    reflection_minutes: int  # written after the day

    @property
    def ends(self) -> int:
        """When the day ends, in minutes after midnight."""
        return _ends(self.slots)

    @property
    def fits(self) -> bool:
        """Whether the day ends by 17:00 (a course too long for a day says so in the guide)."""
        return _fits(self.slots)

    @property
    def core_minutes(self) -> int:
        """The time of the core exercises, those of the day and those set as pre-work."""
        on_the_day = sum(slot.ends - slot.starts for slot in self.slots if slot.exercise)
        return on_the_day + sum(e.minutes for _, exercises in self.pre_work for e in exercises)

    @property
    def overnight(self) -> bool:
        """Whether the day would run past midnight: no timetable can make that one day."""
        return self.ends >= 24 * 60


def workshop_day(modules: Sequence[Module]) -> WorkshopDay:
    """The course as one day of core exercises; solo ones set as pre-work until it fits."""
    core = [(module, [e for e in module.exercises if e.core]) for module in modules]
    solo = [id(e) for _, exercises in core for e in exercises if e.format == "solo"]
    # The fewest solo exercises, in path order, to set as pre-work for the day to fit: setting one
    # more never makes the day longer (a module's break or lunch can only go), so the first count
    # that fits is found by bisection, in O(n log n) rather than one timetable per exercise.
    low, high = 0, len(solo)
    if _fits(_timetable(core, set(solo))):
        while low < high:
            middle = (low + high) // 2
            if _fits(_timetable(core, set(solo[:middle]))):
                high = middle
            else:
                low = middle + 1
    else:
        low = high  # it cannot fit: every solo exercise is pre-work, and the guide says so
    before = set(solo[:low])  # id() of the exercises set as pre-work
    day = _timetable(core, before)
    return WorkshopDay(
        slots=day,
        pre_work=_by_module(core, lambda e: id(e) in before),
        left_out=_by_module(
            [(module, list(module.exercises)) for module in modules], lambda e: not e.core
        ),
        reflection_minutes=sum(module.reflection_minutes for module in modules),
    )


def _ends(slots: tuple[Slot, ...]) -> int:
    return slots[-1].ends if slots else DAY_STARTS


def _fits(slots: tuple[Slot, ...]) -> bool:
    return _ends(slots) <= DAY_ENDS_BY


def _by_module(
    exercises: list[tuple[Module, list[Exercise]]], chosen: Callable[[Exercise], bool]
) -> tuple[tuple[Module, tuple[Exercise, ...]], ...]:
    picked = ((module, tuple(e for e in listed if chosen(e))) for module, listed in exercises)
    return tuple((module, listed) for module, listed in picked if listed)


def _timetable(core: list[tuple[Module, list[Exercise]]], before: set[int]) -> tuple[Slot, ...]:
    """The day's slots from 09:00, with a break between modules and lunch at the first after noon."""
    slots: list[Slot] = []
    now = DAY_STARTS
    had_lunch = False
    for module, exercises in core:
        in_the_room = [e for e in exercises if id(e) not in before]
        if not in_the_room:
            continue
        if slots:
            if not had_lunch and now >= LUNCH_FROM:
                slots.append(Slot(now, now + LUNCH, gettext_noop("Lunch")))
                now += LUNCH
                had_lunch = True
            else:
                slots.append(Slot(now, now + BREAK, gettext_noop("Break")))
                now += BREAK
        for exercise in in_the_room:
            slots.append(Slot(now, now + exercise.minutes, exercise.title, module, exercise))
            now += exercise.minutes
    return tuple(slots)


@dataclass(frozen=True)
class Session:
    """One cohort session: its modules, done together, and what is done between sessions."""

    number: int
    modules: tuple[Module, ...]

    @property
    def report_back(self) -> int:
        """Minutes of report-back on the practice since the last session (none in the first)."""
        return REPORT_BACK if self.number > 1 else 0

    @property
    def exercises(self) -> tuple[tuple[Module, Exercise], ...]:
        """The core exercises, done in the session."""
        return tuple((m, e) for m in self.modules for e in m.exercises if e.core)

    @property
    def afterwards(self) -> tuple[tuple[Module, Exercise], ...]:
        """The optional exercises, done before the next session."""
        return tuple((m, e) for m in self.modules for e in m.exercises if not e.core)

    @property
    def prework(self) -> tuple[str, ...]:
        """What to bring or prepare: the modules' pre-work."""
        return tuple(item for module in self.modules for item in module.prework)

    @property
    def minutes(self) -> int:
        """The session's length: the report-back and the core exercises."""
        return self.report_back + sum(e.minutes for _, e in self.exercises)

    @property
    def minutes_between(self) -> int:
        """The learner's time before the next session: optional exercises and reflections."""
        optional = sum(e.minutes for _, e in self.afterwards)
        return optional + sum(module.reflection_minutes for module in self.modules)


def cohort_sessions(modules: Sequence[Module], sessions: int = SESSIONS) -> tuple[Session, ...]:
    """The modules in order, in ``sessions`` consecutive sessions (fewer if there are fewer
    modules), the longest session as short as it can be."""
    groups = consecutive_groups([_in_session(m) for m in modules], sessions)
    return tuple(
        Session(number, tuple(modules[i] for i in group))
        for number, group in enumerate(groups, start=1)
    )


def _in_session(module: Module) -> int:
    return sum(e.minutes for e in module.exercises if e.core)


def consecutive_groups(times: list[int], count: int) -> list[list[int]]:
    """Indexes of ``times`` in at most ``count`` consecutive groups (one each if there are fewer),
    the largest group's total as small as it can be."""
    count = min(count, len(times))
    if not count:
        return []
    # The smallest group total that fits the times into `count` groups, found by bisection: a
    # total is feasible when filling groups greedily needs no more than `count` of them.
    low, high = max(times), sum(times)
    while low < high:
        middle = (low + high) // 2
        if len(_fill(times, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    groups = _fill(times, low)
    # Greedy filling may need fewer groups: split the largest ones (no group gets larger).
    while len(groups) < count:
        index = max(
            (i for i, group in enumerate(groups) if len(group) > 1),
            key=lambda i: sum(times[j] for j in groups[i]),
        )
        group = groups[index]
        groups[index : index + 1] = [group[:-1], group[-1:]]
    return groups


def _fill(times: list[int], limit: int) -> list[list[int]]:
    """Indexes of ``times`` in consecutive groups, each as full as ``limit`` allows."""
    groups: list[list[int]] = [[]]
    total = 0
    for index, minutes in enumerate(times):
        if groups[-1] and total + minutes > limit:
            groups.append([])
            total = 0
        groups[-1].append(index)
        total += minutes
    return groups
