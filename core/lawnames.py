"""Law titles: the one rule that turns a national law's full title into the short name the project keys laws by.

The alias resolver (abbreviations, common names, regional titles) lives in retriever/law_names.py and uses this."""
from __future__ import annotations

PRC = "中华人民共和国"


def short_law_name(name: str) -> str:
    """中华人民共和国食品安全法 → 食品安全法; other titles unchanged (surrounding spaces dropped). The prefix alone
    is not a law name and stays as it is. Book-title marks are the caller's: strip them first where they occur."""
    s = name.strip()
    return s[len(PRC):].strip() if s.startswith(PRC) and len(s) > len(PRC) else s
