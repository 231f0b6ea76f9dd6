"""Times as people write them: what the pages, the reports and the command line all say."""

from __future__ import annotations

from collections.abc import Callable


def _as_written(text: str) -> str:
    return text


def duration(minutes: int, gettext: Callable[[str], str] = _as_written) -> str:
    """Minutes as people say them: '45 min', '1 h', '1 h 15 min' (in a page's language, ``gettext``)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return gettext("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return gettext("%(hours)d h") % {"hours": hours}
    return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 570 -> '09:30'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
