"""Dates of partial precision ('2024', '2024-05', '2024-05-16', '2024年5月16日') as used in case facts.

A month-precision date stands for a whole month; callers say which end they need so that a doubt
is resolved on purpose (e.g. the limitation period starts at the *latest* possible act date)."""
from __future__ import annotations

import calendar
import re
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_CN = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str | date | None, *, end: bool = False) -> date | None:
    """The first (or, with end=True, the last) day the text can mean; None when unparseable."""
    if text is None:
        return None
    if isinstance(text, date):
        return text
    s = text.strip()
    m = _ISO.match(s) or _CN.match(s)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(m.group(3)) if m.group(3) else (last if end else 1)
    if not 1 <= day <= last:
        return None
    return date(year, month, day)


def add_years(d: date, years: int) -> date:
    """Same day N years later; 29 February falls back to 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)
