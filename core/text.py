"""Text measures shared by the floors above: CJK character bigrams, robust to wording where word splits differ."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]+")
CLAUSE_END = re.compile(r"[，,。；;！!？?\n：:、]")  # where a clause ends (a list comma and a colon too)
SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def clause_before(text: str, start: int, reach: int = 14, ends: re.Pattern[str] = CLAUSE_END) -> str:
    """The text before `start` (at most `reach` characters) back to the end of the previous clause (or of the
    previous sentence, with ends=SENTENCE_END)."""
    window = text[max(0, start - reach):start]
    return window[max((m.end() for m in ends.finditer(window)), default=0):]


def sentence_bounds(text: str, span: tuple[int, int], ends: re.Pattern[str] = SENTENCE_END) -> tuple[int, int]:
    """(start, end) of the sentence of `text` that holds `span` (from the end of the previous sentence to the end of
    this one)."""
    lo = max((m.end() for m in ends.finditer(text, 0, span[0])), default=0)
    after = ends.search(text, span[1])
    return lo, after.start() if after else len(text)


def sentence_around(text: str, span: tuple[int, int], ends: re.Pattern[str] = SENTENCE_END) -> str:
    """The sentence of `text` that holds `span` (from the end of the previous sentence to the end of this one)."""
    lo, hi = sentence_bounds(text, span, ends)
    return text[lo:hi]


def cjk_bigrams(text: str) -> set[str]:
    """Distinct CJK character bigrams of `text` (runs of Han characters; other characters break a run)."""
    return {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
