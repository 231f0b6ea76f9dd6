"""Session plans for facilitators, computed from the modules' durations.

Two ways to run the course: a one-day workshop (a timetable; when the whole course does not fit in
a working day, the solo exercises become pre-work and the day keeps the pair and group work), and a
seven-week cohort (the modules in order, split into weeks as evenly as their times allow).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Module

DAY_STARTS = 9 * 60  # 09:00
DAY_ENDS_BY = 17 * 60 + 30  # a workshop day should end by 17:30
BREAK = 10  # minutes between modules
LUNCH = 45
LUNCH_FROM = 12 * 60  # lunch at the first break after noon


@dataclass(frozen=True)
class Slot:
    """One stretch of a workshop day: a module, a break or lunch."""

    starts: int  # minutes after midnight
    ends: int
    what: str
    module: Module | None = None


@dataclass(frozen=True)
class WorkshopDay:
    """A one-day timetable, and the exercises set as pre-work to make it fit (if any)."""

    slots: tuple[Slot, ...]
    pre_work: tuple[tuple[Module, tuple[str, ...]], ...]  # module, titles of its solo exercises

    @property
    def ends(self) -> int:
        """When the day ends, in minutes after midnight."""
        return self.slots[-1].ends if self.slots else DAY_STARTS


def workshop_day(modules: tuple[Module, ...]) -> WorkshopDay:
    """The course as one day: everything if it fits by 17:30, otherwise solo work as pre-work."""
    day = _timetable(modules, lambda module: module.minutes)
    if not day or day[-1].ends <= DAY_ENDS_BY:
        return WorkshopDay(day, ())
    pre_work = tuple(
        (module, tuple(e.title for e in module.exercises if e.format == "solo"))
        for module in modules
        if any(e.format == "solo" for e in module.exercises)
    )
    return WorkshopDay(_timetable(modules, _minutes_in_the_room), pre_work)


def _minutes_in_the_room(module: Module) -> int:
    return sum(exercise.minutes for exercise in module.exercises if exercise.format != "solo")


def _timetable(modules: tuple[Module, ...], length: Callable[[Module], int]) -> tuple[Slot, ...]:
    """The day's slots from 09:00, with a break between modules and lunch at the first after noon."""
    slots: list[Slot] = []
    now = DAY_STARTS
    had_lunch = False
    for module in modules:
        minutes = length(module)
        if not minutes:
            continue
        if slots:
            if not had_lunch and now >= LUNCH_FROM:
                slots.append(Slot(now, now + LUNCH, "Lunch"))
                now += LUNCH
                had_lunch = True
            else:
                slots.append(Slot(now, now + BREAK, "Break"))
                now += BREAK
        slots.append(Slot(now, now + minutes, module.title, module))
        now += minutes
    return tuple(slots)


def cohort_weeks(modules: tuple[Module, ...], weeks: int = 7) -> tuple[tuple[Module, ...], ...]:
    """The modules in order, in ``weeks`` consecutive groups (fewer if there are fewer modules),
    the longest group as short as it can be."""
    count = min(weeks, len(modules))
    if not count:
        return ()
    times = [module.minutes for module in modules]
    # The smallest weekly time that fits the modules into `count` weeks, found by bisection: a
    # week's time is feasible when filling weeks greedily needs no more than `count` of them.
    low, high = max(times), sum(times)
    while low < high:
        middle = (low + high) // 2
        if len(_fill(times, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    groups = _fill(times, low)
    # Greedy filling may need fewer weeks: split the longest weeks (no week gets longer).
    while len(groups) < count:
        index = max(
            (i for i, group in enumerate(groups) if len(group) > 1),
            key=lambda i: sum(times[j] for j in groups[i]),
        )
        group = groups[index]
        groups[index : index + 1] = [group[:-1], group[-1:]]
    return tuple(tuple(modules[i] for i in group) for group in groups)


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
