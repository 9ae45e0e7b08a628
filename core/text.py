"""Text measures shared by the floors above: CJK character bigrams, robust to wording where word splits differ."""
from __future__ import annotations

import re
from datetime import date

_CJK = re.compile(r"[\u4e00-\u9fff]+")
CLAUSE_END = re.compile(r"[，,。；;！!？?\n：:、]")  # where a clause ends (a list comma and a colon too)
SENTENCE_END = re.compile(r"[。；;！!？?\n]")
# A phrase runs between commas and sentence ends; a list comma and a colon do not part it (不涉及生命健康安全、金融安全;
# 金额：五十万)
PHRASE_END = re.compile(r"[，,。；;！!？?\n]")
PHRASE = re.compile(r"[^，,。；;！!？?\n]+")


# A space or a run of spaces between words of Chinese text is a clause break where a chat or a quick note leaves out
# the commas (压根不知道要办证 但这个不能算没过错吧); not a space inside a figure with its unit (2 个, GB 2760).
_SPACE_BREAK = re.compile(r"(?<=[\u4e00-\u9fff）)】”\"%0-9])[ \t\u3000]+(?=[\u4e00-\u9fff（(【“])")
_UNIT_AFTER_FIGURE = re.compile(r"[个件元块斤克天月年日次瓶盒箱袋只台辆份人名家倍万千百]")


def spaces_as_clause_breaks(text: str) -> str:
    """`text` of the same length with each space that separates two clauses written as a comma (the first character
    of the run; the rest stay spaces), so that spans and positions still point into the original."""
    def comma(m: re.Match) -> str:
        before, after = text[m.start() - 1], text[m.end()] if m.end() < len(text) else ""
        if before.isdigit() and _UNIT_AFTER_FIGURE.match(after):
            return m.group(0)
        return "，" + m.group(0)[1:]
    return _SPACE_BREAK.sub(comma, text)


_SPAN_TO = r"到|至|-|—|~|～"  # the word between the two ends of a span of months (1到3月, 3-5月)
_SHORT_YEAR = re.compile(rf"(?<![\d.年])([0-3]\d)年(?=\d{{1,2}}(?:月|[.．]\d|(?:{_SPAN_TO})\d{{1,2}}月)|底|初|末|[上下]半年)")
# a span of months with 月 said once (2026年1到3月 → 2026年1月到3月)
_MONTH_SPAN = re.compile(rf"(?<=年)(\d{{1,2}})({_SPAN_TO})(?=\d{{1,2}}月)")
_DOTTED_FULL = re.compile(r"(?<![\d.])((?:19|20)?\d\d)[.．/]([01]?\d)[.．/]([0-3]?\d)(?![\d.])")
_DOTTED_DAY = re.compile(r"(?:(?<=[年于在从自至到是即—\-~～，,。；;：:\s])|^)([01]?\d)[.．]([0-3]?\d)(?![\d.．%％])(?![万千百元块倍个件斤克米吨升毫瓶盒袋箱只台辆份人次度])"
                         # a price per unit (12.8一袋, 8.5每斤) is no date
                         r"(?![一每](?:个|件|斤|袋|瓶|盒|包|箱|只|台|条|支|份|罐|桶|张|双|套|公斤|千克))")


# Dialect words of the parties' own speech (西南官话 没得/莫得 for 没有, 啥子 for 什么; Cantonese 冇, 佢, 嘅, 咗, 喺, 唔;
# Hakka 𠊎) read as the common words the readers know: 没得人说贵 is 没有人说贵, 佢即刻将啲过期奶粉搬落嚟 is
# 他立即将些过期奶粉搬下来. Only words that are not Mandarin words of another sense (not 系, 食, 呢 alone, 落 alone).
_DIALECT_WORDS = {"没得": "没有", "莫得": "没有", "冇得": "没有", "冇": "没有", "啥子": "什么",
                  "佢哋": "他们", "我哋": "我们", "你哋": "你们", "佢": "他", "𠊎": "我", "嘅": "的", "咗": "了", "喺": "在",
                  "唔": "不", "嗰": "那", "啲": "些", "畀": "给", "揾": "找", "睇": "看", "嚟": "来", "即刻": "立即",
                  "乜嘢": "什么", "点解": "为什么", "呢个": "这个", "呢次": "这次", "呢间": "这间", "呢批": "这批",
                  "老细": "老板", "揸车": "开车", "收转": "收回", "退转": "退回", "拎不出": "拿不出", "拎唔出": "拿不出",
                  "今朝": "今天", "下昼": "下午", "第二日": "第二天", "寻日": "昨天", "听日": "明天", "搬落": "搬下"}
_DIALECT = re.compile("|".join(sorted(_DIALECT_WORDS, key=len, reverse=True)))


def reading_view(text: str, today_year: int | None = None) -> tuple[str, list[int]]:
    """`text` as the readers of circumstances expect it, and for each of its characters the position in `text` it
    comes from: spaces that stand for commas written as commas; a two-digit year written in full (25年9月 →
    2025年9月, 09年6月生 → 2009年6月生); a span of months with 月 said once (2026年1到3月 → 2026年1月到3月); a dotted
    date written in words (2026.2.10 → 2026年2月10日, 年9.26 → 年9月26日); a dialect word as the common one (没得 → 没有)."""
    if today_year is None:
        today_year = date.today().year
    view = spaces_as_clause_breaks(text)
    back = list(range(len(view)))

    def rewrite(pattern: re.Pattern[str], make) -> None:
        nonlocal view, back
        out, where, last = [], [], 0
        for m in pattern.finditer(view):
            new = make(m)
            if new is None:
                continue
            out.append(view[last:m.start()])
            where += back[last:m.start()]
            width = m.end() - m.start()
            out.append(new)
            where += [back[m.start() + min(i * width // max(1, len(new)), width - 1)] for i in range(len(new))]
            last = m.end()
        if out:
            out.append(view[last:])
            where += back[last:]
            view, back = "".join(out), where

    def short_year(m: re.Match) -> str | None:
        year = int(m.group(1))
        century = 2000 if year <= today_year % 100 + 1 else 1900
        return f"{century + year}年"

    def full(m: re.Match) -> str | None:
        month, day = int(m.group(2)), int(m.group(3))
        year = m.group(1) if len(m.group(1)) == 4 else short_year(m)[:-1]
        return f"{year}年{month}月{day}日" if 1 <= month <= 12 and 1 <= day <= 31 else None

    def day(m: re.Match) -> str | None:
        month, d = int(m.group(1)), int(m.group(2))
        return f"{month}月{d}日" if 1 <= month <= 12 and 1 <= d <= 31 else None

    rewrite(_SHORT_YEAR, short_year)
    rewrite(_MONTH_SPAN, lambda m: f"{m.group(1)}月{m.group(2)}" if 1 <= int(m.group(1)) <= 12 else None)
    rewrite(_DOTTED_FULL, full)
    rewrite(_DOTTED_DAY, day)
    rewrite(_DIALECT, lambda m: _DIALECT_WORDS[m.group(0)])
    return view, back


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
