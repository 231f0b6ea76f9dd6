"""Times as people write them: what the pages, the reports and the command line all say."""

from __future__ import annotations


def duration(minutes: int) -> str:
    """Minutes as people say them: '45 min', '1 h', '1 h 15 min'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 570 -> '09:30'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
