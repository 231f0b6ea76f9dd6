"""The journal's commitments as a calendar file (learner-calendar.js), in a real browser on both
engines' builds: dates picked up from answers or set beside them, and the .ics file they make."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Download, Page, expect

from generator.model import Curriculum, Module, ReflectionPrompt

from .browser import ONE_ENGINE, serious_violations
from .test_learner import STORAGE_KEY, follow_instantly, stored

# The day the browser's clock shows in the tests that pick up dates without a year.
TODAY = datetime.datetime(2026, 6, 10, 12, 0)
# An answer with what iCalendar's TEXT must escape, characters of two to four octets in UTF-8,
# and more than 75 octets on a line, so that folding meets them.
AWKWARD = (
    "Ask Zoë, Łukasz and 田中さん to read it back; then ship it on 2026-12-15 \\ no later.\n"
    "Second line, with a comma; a semicolon and an emoji 🎯 among the accents: éèêë àâä ôö ûü."
)


def last_prompts(course: Curriculum) -> list[tuple[Module, ReflectionPrompt]]:
    """Each published module and its last reflection prompt: the one that asks for a date."""
    return [(module, module.reflection_prompts[-1]) for module in course.published]


def date_input(page: Page, module: Module, prompt: ReflectionPrompt):
    return page.locator(f"input[data-commitment='{module.id}/{prompt.id}']")


def open_journal(
    page: Page,
    site_url: str,
    answers: dict[str, str],
    commitments: dict[str, str] | None = None,
) -> None:
    """The journal, with these answers (and dates set beside them) in the learner's state."""
    state = {
        "format": 1,
        "progress": {},
        "journal": {id: {"text": text, "at": 1} for id, text in answers.items()},
        "commitments": {id: {"date": day, "at": 1} for id, day in (commitments or {}).items()},
    }
    page.goto(f"{site_url}journal/")
    page.evaluate(f"localStorage.setItem({STORAGE_KEY!r}, {json.dumps(json.dumps(state))})")
    page.reload()
    expect(page.locator("[data-calendar]")).to_be_visible()


def download_calendar(page: Page) -> tuple[Download, bytes]:
    with page.expect_download() as download:
        page.locator("[data-calendar]").click()
    return download.value, Path(download.value.path()).read_bytes()


def events(raw: bytes) -> dict[str, icalendar.Event]:
    """The file's events by the module their URL leads to."""
    calendar = icalendar.Calendar.from_ical(raw)
    found = {str(event["url"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "two events link to one module"
    return found


def next_day(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


@ONE_ENGINE
def test_the_calendar_file_has_an_all_day_event_per_dated_commitment(
    page: Page, site_url: str, course: Curriculum
) -> None:
    (awkward, a), (short, b), (kept, c), (set_here, d), (undated, e) = last_prompts(course)
    first = awkward.reflection_prompts[0]
    open_journal(
        page,
        site_url,
        {
            f"{awkward.id}/{first.id}": "Not a commitment, though dated 2026-11-11.",
            f"{awkward.id}/{a.id}": AWKWARD,
            f"{short.id}/{b.id}": "Present the charter in the retro on 3 Dec 2026.",
            f"{kept.id}/{c.id}": "I first said 2026-10-01.",
            f"{set_here.id}/{d.id}": "Open the next one-to-one with an observation.",
            f"{undated.id}/{e.id}": "Keep listening, some time next week.",
        },
        {f"{kept.id}/{c.id}": "2027-05-05"},  # set beside the answer: it wins over the answer's
    )
    date_input(page, set_here, d).fill("2027-02-01")

    download, raw = download_calendar(page)

    assert download.suggested_filename == f"{course.id}-commitments.ics"
    expect(page.locator("[data-calendar-message]")).to_have_text(
        "Your calendar file holds 4 commitments. Left out, with no date yet: 1 answer"
        " (set its date beside it)."
    )
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["version"] == "2.0" and calendar["prodid"]
    assert calendar["calscale"] == "GREGORIAN" and calendar["method"] == "PUBLISH"
    found = events(raw)
    expected = {
        awkward: datetime.date(2026, 12, 15),
        short: datetime.date(2026, 12, 3),
        kept: datetime.date(2027, 5, 5),
        set_here: datetime.date(2027, 2, 1),
    }
    assert set(found) == {f"{site_url}modules/{module.id}/" for module in expected}
    for module, day in expected.items():
        event = found[f"{site_url}modules/{module.id}/"]
        assert event.decoded("dtstart") == day and event.decoded("dtend") == next_day(day)
        assert event["dtstart"].params["VALUE"] == "DATE"  # all day, in no time zone
        assert str(event["summary"]).startswith(f"{module.title}: ")
        stamp = event.decoded("dtstamp")
        assert stamp.utcoffset() == datetime.timedelta(0), stamp
    assert str(found[f"{site_url}modules/{awkward.id}/"]["description"]) == AWKWARD
    assert str(found[f"{site_url}modules/{short.id}/"]["summary"]) == (
        f"{short.title}: Present the charter in the retro on 3 Dec 2026."
    )


@ONE_ENGINE
def test_the_calendar_file_is_written_as_rfc_5545_says(
    page: Page, site_url: str, course: Curriculum
) -> None:
    (module, prompt), (other, other_prompt) = last_prompts(course)[:2]
    open_journal(
        page,
        site_url,
        {f"{module.id}/{prompt.id}": AWKWARD, f"{other.id}/{other_prompt.id}": "On 1/2/2027."},
    )

    _, raw = download_calendar(page)
    _, again = download_calendar(page)

    lines = raw.split(b"\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n") and lines[-1] == b""
    assert b"\n" not in raw.replace(b"\r\n", b"") and b"\r" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no character split between two lines
    assert any(line.startswith(b" ") for line in lines), "the long description is not folded"
    # Escaped as TEXT, so that the comma and the semicolon are not read as list or value separators.
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "DESCRIPTION:Ask Zoë\\, Łukasz and 田中さん to read it back\\; then" in unfolded
    assert "\\\\ no later.\\nSecond line" in unfolded
    # Each event's UID is its own and the same in every file: a calendar updates, not doubles.
    uids = [str(event["uid"]) for event in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    assert len(set(uids)) == 2
    assert uids == [str(e["uid"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")]
    assert all(f"{module.id}/{prompt.id}" in uid or f"{other.id}/" in uid for uid in uids)
    assert events(raw)[f"{site_url}modules/{other.id}/"].decoded("dtstart") == datetime.date(
        2027, 2, 1
    )  # day first: 1 February


# What an answer's date is read as: each answer, and the date picked up from it ("": none).
ANSWERS = [
    ("I will try it on 2026-12-15, in the team meeting.", "2026-12-15"),
    ("On 15 December 2026, in the retro.", "2026-12-15"),
    ("By 15 Dec 2026 at the latest.", "2026-12-15"),
    ("Starting December 15, 2026.", "2026-12-15"),
    ("Booked for 15/12/2026 with Sam.", "2026-12-15"),
    ("On the 3rd of March 2027.", "2027-03-03"),
    # No year: the next such day from today (the page's clock shows TODAY, 10 June 2026).
    ("At the offsite on 15 December.", "2026-12-15"),
    ("Dec 15, after the review.", "2026-12-15"),
    ("On 10 June, today.", "2026-06-10"),
    ("Jan 5, when we are back.", "2027-01-05"),
    ("On 9 June.", "2027-06-09"),
    # The first real date: 31 February is none; 12/15 is no month, as day first.
    ("Not 31/02/2027 but 2027-03-01; or 2027-04-01.", "2027-03-01"),
    ("12/15/2026", ""),
    ("Next Friday, or some time next week.", ""),
    ("In December 2026, with the team.", ""),
    ("", ""),
]


@ONE_ENGINE
def test_a_date_in_the_answer_is_picked_up_and_said_to_be(
    page: Page, site_url: str, course: Curriculum
) -> None:
    page.clock.set_fixed_time(TODAY)
    prompts = last_prompts(course)
    # As many answers on each showing of the journal as it has prompts that ask for a date.
    for start in range(0, len(ANSWERS), len(prompts)):
        shown = list(zip(prompts, ANSWERS[start : start + len(prompts)], strict=False))
        open_journal(page, site_url, {f"{m.id}/{p.id}": answer for (m, p), (answer, _) in shown})
        for (module, prompt), (answer, picked_up) in shown:
            field = date_input(page, module, prompt)
            expect(field, answer).to_have_value(picked_up)
            description = re.escape(prompt.prompt) + (
                " Picked up from your answer" if picked_up else ""
            )
            expect(field, answer).to_have_accessible_description(re.compile(f"^{description}$"))
            expect(field, answer).to_have_accessible_name("Date of this commitment")


def test_a_date_written_on_a_module_page_is_picked_up_after_instant_navigation(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module, prompt = last_prompts(course)[3]
    page.goto(f"{site_url}modules/{module.id}/")
    page.evaluate("window.__stillTheSamePage = true")
    page.locator(f"textarea[data-journal-id='{module.id}/{prompt.id}']").fill("On 15/12/2026.")

    follow_instantly(page, site_url, "journal/")

    expect(date_input(page, module, prompt)).to_have_value("2026-12-15")
    _, raw = download_calendar(page)
    event = events(raw)[f"{site_url}modules/{module.id}/"]
    assert event.decoded("dtstart") == datetime.date(2026, 12, 15)


@ONE_ENGINE
def test_a_date_set_beside_the_answer_is_kept_and_cleared(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module, prompt = last_prompts(course)[2]
    id = f"{module.id}/{prompt.id}"
    page.goto(f"{site_url}modules/{module.id}/")
    page.locator(f"textarea[data-journal-id='{id}']").fill("Run the next decision meeting myself.")
    page.goto(f"{site_url}journal/")
    field = date_input(page, module, prompt)
    expect(field).to_have_value("")

    field.fill("2027-03-04")
    assert stored(page)["commitments"][id]["date"] == "2027-03-04"
    page.reload()
    expect(field).to_have_value("2027-03-04")
    expect(field).to_have_accessible_description(prompt.prompt)  # set, not picked up

    field.fill("")
    assert id not in stored(page)["commitments"]
    page.reload()
    expect(field).to_have_value("")


@ONE_ENGINE
def test_a_cleared_date_falls_back_to_the_answer_s(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module, prompt = last_prompts(course)[0]
    id = f"{module.id}/{prompt.id}"
    open_journal(page, site_url, {id: "On 2026-12-15."}, {id: "2027-01-20"})
    field = date_input(page, module, prompt)
    expect(field).to_have_value("2027-01-20")

    field.fill("")
    field.blur()

    assert id not in stored(page)["commitments"]
    expect(field).to_have_value("2026-12-15")
    expect(field).to_have_accessible_description(re.compile("Picked up from your answer$"))


@ONE_ENGINE
def test_without_a_dated_commitment_no_file_is_made_and_the_page_says_why(
    page: Page, site_url: str, course: Curriculum
) -> None:
    (module, prompt), (other, _) = last_prompts(course)[:2]
    open_journal(
        page,
        site_url,
        {
            f"{module.id}/{prompt.id}": "Soon.",
            f"{other.id}/{other.reflection_prompts[0].id}": "1/2/2027",
        },
        {f"{other.id}/{other.reflection_prompts[-1].id}": "2027-02-02"},  # a date, no answer
    )
    downloads: list[Download] = []
    page.on("download", lambda download: downloads.append(download))

    page.locator("[data-calendar]").click()

    expect(page.locator("[data-calendar-message]")).to_have_text(
        "No answer to a last prompt has a date yet, so there is no calendar file to make."
        " Left out, with no date yet: 1 answer (set its date beside it)."
        " Left out, with no answer yet: 1 date."
    )
    page.wait_for_timeout(300)
    assert downloads == []


def test_the_dates_and_the_button_are_reached_and_used_by_keyboard(
    page: Page, site_url: str, course: Curriculum
) -> None:
    module, prompt = last_prompts(course)[0]
    open_journal(page, site_url, {f"{module.id}/{prompt.id}": "On 2026-12-15."})
    wanted = {f"{m.id}/{p.id}" for m, p in last_prompts(course)} | {"calendar"}
    reached = set()
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(e => e.dataset.commitment || ('calendar' in e.dataset ? 'calendar' : ''))"
            "(document.activeElement)"
        )
        if focused and focused not in reached:
            reached.add(focused)
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", focused
            if focused == "calendar":
                with page.expect_download() as download:
                    page.keyboard.press("Enter")
                assert download.value.suggested_filename.endswith(".ics")
        if reached == wanted:
            break
    assert reached == wanted


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_journal_with_its_dates_is_accessible(
    page: Page, site_url: str, course: Curriculum, scheme: str
) -> None:
    (module, prompt), (other, other_prompt) = last_prompts(course)[:2]
    page.emulate_media(color_scheme=scheme)
    open_journal(
        page,
        site_url,
        {f"{module.id}/{prompt.id}": "On 2026-12-15.", f"{other.id}/{other_prompt.id}": "Soon."},
    )
    expect(date_input(page, module, prompt)).to_have_value("2026-12-15")
    page.locator("[data-calendar]").click()
    expect(page.locator("[data-calendar-message]")).not_to_be_empty()
    # At rest, as the other pages are checked: a focused or hovered button takes the theme's
    # accent colours, the same for every button of the site.
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(0, 400)
    page.wait_for_timeout(300)

    assert serious_violations(page) == []
