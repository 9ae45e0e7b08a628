"""Field parsers for case documents: yuan amounts, dates, law citations and the outcome tier."""
from __future__ import annotations

import re
from typing import Optional

from core.dates import read_date
from core.models import Provision
from core.numerals import CN_NUMERAL_CHARS, cn_to_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_EMPTY = {"", "-", "—", "/", "无", "无。", "暂无", "不适用", "未罚款", "0元", "none", "null", "n/a"}
_NUM = rf"(?:\d[\d,，]*(?:\.\d+)?|[{CN_NUMERAL_CHARS}点]+)"
AMOUNT_RE = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>亿|万|千)?\s*(?:余|多)?\s*(?:元|圆)?")


class FieldError(ValueError):
    """A value that cannot be parsed; the message says which and why."""


def normalise_text(text: str) -> str:
    """Full-width digits → ASCII, and the full-width point between digits (８．６ → 8.6)."""
    return re.sub(r"(?<=\d)．(?=\d)", ".", text.translate(_FULLWIDTH))


def _number(token: str) -> float:
    token = token.replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if "点" in token:  # 八点六万 → 86000
        whole, frac = token.split("点", 1)
        unit = 1.0
        while frac and frac[-1] in "万亿":
            unit *= 1e4 if frac[-1] == "万" else 1e8
            frac = frac[:-1]
        digits = "".join(str(cn_to_int(c)) for c in frac) or "0"
        return (cn_to_int(whole or "零") + float("0." + digits)) * unit
    return float(cn_to_int(token))


def parse_yuan(value: object) -> Optional[float]:
    """'8.6万元' → 86000.0, '86,000元' → 86000.0, '捌万陆仟元' → 86000.0, '' / '无' → None."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = normalise_text(str(value)).strip().replace("人民币", "").replace(" ", "").replace("，", ",")
    if text.lower() in _EMPTY:
        return None
    m = AMOUNT_RE.search(text)
    if not m or not re.search(r"\d|[一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]", m.group("num")):
        raise FieldError(f"not an amount: {value!r}")
    try:
        amount = _number(m.group("num"))
    except ValueError as exc:
        raise FieldError(f"not an amount: {value!r}") from exc
    amount *= {"亿": 1e8, "万": 1e4, "千": 1e3}.get(m.group("unit") or "", 1)
    return round(amount, 2)


def normalise_date(value: object) -> str:
    """'2024年7月4日' / '2024/7/4' / '二〇二四年七月四日' → '2024-07-04'; '2024年7月' → '2024-07'; '2024' → '2024'."""
    if value is None:
        return ""
    text = normalise_text(str(value)).strip()
    if not text:
        return ""
    found = read_date(text)
    if found is None:
        raise FieldError(f"not a date: {value!r}")
    return found


_CN = rf"[{CN_NUMERAL_CHARS}\d]+"
_LAW_RE = re.compile(r"《(?:中华人民共和国)?(?P<law>[^》]{2,40})》")
_ARTICLE_RE = re.compile(
    rf"第(?P<art>{_CN})条(?:之(?P<suf>[一二三四五六七八九十]))?(?:第(?P<para>{_CN})款)?"
    rf"(?:第?[（(](?P<item>{_CN})[)）]项|第(?P<item2>{_CN})项)?")


def _int(token: Optional[str]) -> Optional[int]:
    return cn_to_int(token) if token else None


def parse_citations(text: str) -> list[Provision]:
    """All provisions cited in a text: 《食品安全法》第一百二十四条第一款第（五）项、第一百三十六条 → two Provisions.

    An article without a preceding 《law》 in the same sentence is skipped (it may refer to anything)."""
    text = normalise_text(text or "")
    found: list[Provision] = []
    laws = list(_LAW_RE.finditer(text))
    for i, law_m in enumerate(laws):
        end = laws[i + 1].start() if i + 1 < len(laws) else len(text)
        span = re.split(r"[。；;]|规定|之规定", text[law_m.end():end], maxsplit=1)[0]
        for art in _ARTICLE_RE.finditer(span):
            try:
                found.append(Provision(law=law_m.group("law"), article=cn_to_int(art.group("art")),
                                       article_suffix=_int(art.group("suf")) or 0,
                                       paragraph=_int(art.group("para")),
                                       item=_int(art.group("item") or art.group("item2"))))
            except ValueError:
                continue
    return found


TIER_CUES: tuple[tuple[str, str], ...] = (
    ("移送", r"移送(?:公安|司法|检察)"), ("不予处罚", r"不予(?:行政)?处罚"), ("免予处罚", r"免予(?:行政)?处罚|首违不罚"),
    ("减轻", r"减轻(?:行政)?处罚"), ("从重", r"从重(?:行政)?处罚"), ("从轻", r"从轻(?:行政)?处罚"),
)


def infer_tier(*texts: str, default: str = "一般") -> str:
    """The tier named in an outcome text (不予处罚 / 免予处罚 / 减轻 / 从轻 / 从重 / 移送); `default` otherwise."""
    joined = "\n".join(t for t in texts if t)
    for tier, pattern in TIER_CUES:
        if re.search(pattern, joined):
            return tier
    return default
