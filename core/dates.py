"""Dates, read and written in one place: partial precision ('2024', '2024-05', '2024-05-16', '2024年5月16日',
'二〇二四年七月四日') as used in case facts, records and filters.

A month-precision date stands for a whole month; callers say which end they need so that a doubt
is resolved on purpose (e.g. the limitation period starts at the *latest* possible act date)."""
from __future__ import annotations

import calendar
import re
from datetime import date

from core.numerals import cn_to_int

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_CN = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")
# A date written anywhere in a text: 2024-7-4, 2024/7/4, 2024.7.4, 2024年7月4日 (or 4号, as said), 2024年7月, 二〇二四年七月四日.
_WRITTEN = re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?)?")
_WRITTEN_CN = re.compile(r"(?P<y>[零〇○一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                         r"(?:(?P<d>[一二三四五六七八九十]{1,3})[日号])?")


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


def read_date(text: str) -> str | None:
    """The first date written in `text` as ISO of its precision: '2024年7月4日' / '2024/7/4' / '二〇二四年七月四日'
    → '2024-07-04'; '2024年7月' → '2024-07'; '2024' (alone) → '2024'. None when there is none (or it is impossible)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    m = _WRITTEN.search(text) or _WRITTEN_CN.search(text)
    if not m:
        return None
    y, mo = cn_to_int(m.group("y")), cn_to_int(m.group("m"))
    d = cn_to_int(m.group("d")) if m.group("d") else None
    if not (1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else "")


def full_date(year: str, month: str, day: str) -> str:
    """ISO date from its parts in digits or Chinese numerals (二〇二一, 四, 二十九); '' when impossible."""
    try:
        return date(cn_to_int(year), cn_to_int(month), cn_to_int(day)).isoformat()
    except ValueError:
        return ""


def iso_day(on: date | str) -> str:
    """A date or an ISO string as an ISO string (ISO strings compare in date order)."""
    return on.isoformat() if isinstance(on, date) else str(on)


def date_int(value: str | date | None, default: int) -> int:
    """yyyymmdd as an int (partial dates padded with zeros: '2024-05' → 20240500); `default` when empty or bad."""
    if not value:
        return default
    digits = iso_day(value).replace("-", "")[:8].ljust(8, "0")
    return int(digits) if digits.isdigit() else default


# Festivals people date things by (清明前装的, 国庆期间, 双十一搞活动): the latest month each can fall in (the lunar
# ones move between two months; the later one keeps a comparison "not later than" on the safe side).
FESTIVAL_MONTHS = {"元旦": 1, "春节": 2, "过年": 2, "元宵": 3, "妇女节": 3, "清明": 4, "五一": 5, "劳动节": 5, "端午": 6,
                   "儿童节": 6, "618": 6, "七夕": 8, "中秋": 10, "国庆": 10, "双十一": 11, "双11": 11, "双十二": 12,
                   "双12": 12, "圣诞": 12}
_FESTIVAL = re.compile(r"(?<![\d一二三四五六七八九十])(?:"
                       + "|".join(sorted(map(re.escape, FESTIVAL_MONTHS), key=len, reverse=True)) + r")(?!\d)")


def festival_months(text: str) -> list[tuple[int, int]]:
    """(position, month) of each festival named in `text`, in order."""
    return [(m.start(), FESTIVAL_MONTHS[m.group(0)]) for m in _FESTIVAL.finditer(text)]
