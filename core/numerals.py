"""Chinese numerals ↔ integers (article labels such as 第一百零一条) and money amounts in case facts.

`cn_to_int` / `int_to_cn` handle integers; `parse_amount`, `find_amounts` and `find_thresholds` read
amounts such as 货值金额3000元, 违法所得2.04万余元 or 货值金额不足一万元 (values in yuan).

Why not cn2an (0.5.24, checked 2026-12-02 against tests/test_numerals.py): its an2cn drops the 零 after an empty
万 group above 亿 (3634200007578 → …亿七千五百七十八) and stops at 16 digits; its cn2an reads 一万五 in "normal"
mode and rejects 两百 in "strict" — neither is the rule here (1万5 and 一万五 are not article numbers); it also
costs 1.7 s to import. The grammar below stays the one home of these rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple, Optional

from core.text import PHRASE_END, clause_before

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "肆": 4, "伍": 5,
           "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZEROS = "零〇○"
CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)

# Full-width digits and the full-width full stop map one-to-one, so spans stay valid after translation.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def normalize_digits(text: str) -> str:
    """Full-width digits → ASCII; the result has the same length as `text`."""
    return text.translate(_FULLWIDTH)


def _tokens(s: str) -> list[tuple[str, float]] | None:
    """Split a numeral into ("n", value) / ("u", unit) / ("z", 0) tokens; None if a char is foreign."""
    out: list[tuple[str, float]] = []
    i = 0
    while i < len(s):
        m = _ARABIC_RE.match(s, i)
        if m:
            out.append(("n", float(m.group().replace(",", ""))))
            i = m.end()
            continue
        c = s[i]
        if c in _ZEROS:
            out.append(("z", 0))
        elif c in _DIGITS:
            out.append(("d", _DIGITS[c]))
        elif c in _UNITS:
            out.append(("u", _UNITS[c]))
        elif c in _BIG:
            out.append(("u", _BIG[c]))
        else:
            return None
        i += 1
    return out


_ARABIC_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _evaluate(tokens: list[tuple[str, float]], colloquial: bool, bare_units: bool = False) -> float | None:
    """Evaluate numeral tokens; None when the sequence is not a well-formed number.

    `colloquial` reads a trailing bare digit after a unit as the next lower unit (一万五 = 15000).
    `bare_units` lets 百/千 stand for 一百/一千 (十 always may: 十二); amounts keep it off, since
    百万元 / 千元 there are vague rather than 1,000,000 / 1,000.
    """
    if not tokens:
        return None
    total = 0.0  # completed 亿 groups
    group = 0.0  # completed 万 part inside the current 亿 group
    section = 0.0  # part below 万
    digit: float | None = None
    digit_kind = ""
    last_unit = 0  # the last small/big unit applied, for the colloquial trailing digit
    after_zero = False
    for kind, value in tokens:
        if kind in ("n", "d"):
            if digit is not None:
                return None  # two numbers in a row: 两三万, 1五
            digit, digit_kind = value, kind
        elif kind == "z":
            if digit is not None:
                return None
            after_zero = True
        else:
            unit = int(value)
            if unit < 10_000:
                if digit is None:
                    if unit != 10 and not bare_units:
                        return None
                    digit = 1
                if last_unit and unit >= last_unit and not (last_unit >= 10_000):
                    return None  # 十百, 百千 …
                section += digit * unit
                last_unit = unit
            elif unit == 10_000:
                part = section + (digit or 0)
                if part == 0 or group:
                    return None
                group = part * 10_000
                section, last_unit = 0.0, 10_000
            else:
                part = group + section + (digit or 0)
                if part == 0 or total:
                    return None
                total = part * 100_000_000
                group = section = 0.0
                last_unit = 100_000_000
            digit, after_zero = None, False
    if digit is not None:
        if last_unit > 10 and not after_zero:
            if not colloquial or digit_kind != "d":
                return None  # 1万5 is ambiguous; 一万五 is colloquial 15000
            digit = digit * last_unit / 10
        section += digit
    return round(total + group + section, 4)  # 106.09万 is 1060899.9999… in binary floats


def cn_to_int(text: str) -> int:
    """'一百零一' → 101, '十二' → 12, '二〇二一' → 2021, '123' → 123, '１２' → 12, '3千' → 3000.

    Raises ValueError for anything that is not a whole non-negative number.
    """
    s = normalize_digits(text.strip()).replace(",", "")
    if not s:
        raise ValueError("empty numeral")
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) > 1 and all(c in _DIGITS and c != "两" for c in s):  # digit-by-digit form: 二〇二一
        return int("".join(str(_DIGITS[c]) for c in s))
    tokens = _tokens(s)
    value = _evaluate(tokens, colloquial=False, bare_units=True) if tokens else None
    if value is None and tokens == [("z", 0)]:
        value = 0
    if value is None or value != int(value):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    return int(value)


def cn_to_int_or_zero(text: str) -> int:
    """cn_to_int, with 0 for what is no whole numeral (一百二一 in a badly typed text): for numbers read from free text."""
    try:
        return cn_to_int(text)
    except ValueError:
        return 0


_CN = "零一二三四五六七八九"


def _below_10000(n: int) -> str:
    out, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(_CN[d] + name)
        elif out:
            zero = True
    return "".join(out)


def int_to_cn(n: int) -> str:
    """101 → '一百零一', 12 → '十二', 10 → '十', 10010 → '一万零一十', 100000 → '十万'.

    A leading 一十 is written 十 (the form laws use for article numbers: 第十二条).
    """
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "零"
    parts: list[str] = []
    need_zero = False
    for unit, name in ((100_000_000, "亿"), (10_000, "万"), (1, "")):
        chunk, n = divmod(n, unit) if unit > 1 else (n, 0)
        if unit == 100_000_000 and chunk >= 10_000:
            parts.append(int_to_cn(chunk) + name)  # 一万亿 and above
            need_zero = False
            continue
        if chunk:
            if parts and (need_zero or chunk < 1000):
                parts.append("零")
            parts.append(_below_10000(chunk) + name)
            need_zero = False
        elif parts:
            need_zero = True
    s = "".join(parts)
    return s[1:] if s.startswith("一十") else s


# ---------------------------------------------------------------- amounts

_CN_NUM = "[零〇○一二两三四五六七八九十百千万亿壹贰貳叁肆伍陆陸柒捌玖拾佰仟萬億]"
_NUM_CORE = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?{_CN_NUM}*|{_CN_NUM}+)"
# One money amount: [约|近|大约] [人民币|¥] number [余|多] [万|亿] [余|多] 元 [整|左右]
_AMOUNT_RE = re.compile(
    rf"(?P<pre>(?:大约|约合|约|近)?)"
    rf"(?P<cur>(?:人民币|RMB|[¥￥])?\s?)"
    rf"(?P<num>{_NUM_CORE})"
    rf"(?P<mid>[余多来几]?)"  # 十几万, 六十几万: 几 after a round number is "some", as 多
    rf"(?P<big>[万亿萬億]?)"
    rf"(?P<post>[余多来]?)"
    rf"(?P<yuan>元|圆|块钱|块(?![0-9]))?"
    rf"(?P<tail>整|左右|上下)?"
)

# Amount kinds, longest first; synonyms map to the canonical label.
LABELS = ("货值金额", "货值", "违法所得", "罚款", "罚没", "销售额", "违法经营额", "广告费用", "获利",
          "营业额", "赔偿", "退还")
_LABEL_SYNONYMS = {"销售金额": "销售额", "销售收入": "销售额", "违法经营数额": "违法经营额", "经营额": "违法经营额",
                   "非法经营额": "违法经营额", "非法经营数额": "违法经营额", "违法经营金额": "违法经营额", "广告费": "广告费用",
                   "罚没款": "罚没", "赔偿金": "赔偿",
                   # what publishing an advertisement cost (印制费用约六百元, 投放费用达43万元, 传单印制及推送费用约9600元):
                   # its 广告费用, the base of 广告法's fines — unless the party received it (收取印制费1.2万元: a printer's
                   # income, _RECEIVED)
                   **{word: "广告费用" for word in ("印制费用", "印制费", "印刷费用", "印刷费", "投放费用", "投放费", "推广费用",
                                                 "推广费", "推送费用", "发布费用", "发布费", "刊播费用", "刊播费")},
                   # the goods counted at their price is their value (市场监督管理行政处罚程序规定: 按标价或者实际售价计算)
                   "按售价算": "货值", "按售价计算": "货值", "按标价算": "货值", "按标价计算": "货值",
                   "按零售价算": "货值", "按零售价计算": "货值", "按实际售价计算": "货值"}
_LABEL_RE = re.compile("|".join(sorted(list(LABELS) + list(_LABEL_SYNONYMS), key=len, reverse=True)))
_LABEL_REACH = 12
_CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\n：:（）()]")
# Words that may stand between two amounts of one range/threshold chain (1万元至5万元, 一万元以上不满五万元).
_CHAIN_GAP = re.compile(r"^\s*(?:以上|以下|以内|及以上|及以下|[、至到和及或与\-－~～—]|或者|以及|"
                        r"不满|不足|不超过|未超过|超过|低于|高于|(?:且|并且|但)?)*\s*$")
# A digit or 元 between a label and an amount means another amount sits between them.
_LABEL_GAP_BAD = re.compile(r"\d|元")
# After a bare (no 元) number these characters show it is not money: 件, 个, 人, 克 …
_BARE_OK_NEXT = set("的以及或和与至到并且等罚，,。；;、）) \n\t")
_VAGUE_BEFORE = set("数几")  # 数十万元, 几千元 are vague
_MONEY_CUE = re.compile(r"金额|货款|价款|收入|营业额|流水|进账|价值|卖了|卖出|赚了|挣了|多收|售价|进价|标价|算下来|算起来")
_MONEY_CUE_ENDS = PHRASE_END  # a colon does not part 金额 from its amount (金额：五十万)
_NOT_MONEY_AFTER_YUAN = set("化素件器论宵组次方")
# A bare figure right after a word that only money follows (收了1340, 挣了1200多, 货款合计3600): money, said the way
# people say it without 元
_MONEY_WORD_BEFORE = re.compile(r"(?:收了|收取了?|赚了|挣了|多收了?|退了|货款|价款|金额|营业额|流水|进账)"
                                r"(?:约|大概|大约|一共|共|合计|总共|共计|总计|了)?$")


@dataclass(frozen=True)
class Amount:
    value: float  # yuan
    span: tuple[int, int]
    text: str
    approx: bool = False
    label: str = ""  # 货值金额 / 违法所得 / 罚款 … or ""
    label_span: Optional[tuple[int, int]] = None


class Threshold(NamedTuple):
    base: str  # the amount kind compared, e.g. 货值金额, or "" when not named
    op: str  # "<", "<=", ">", ">="
    value: float
    span: tuple[int, int]


def _num_value(num: str, big: str, colloquial: bool = True) -> float | None:
    tokens = _tokens(num + big)
    return _evaluate(tokens, colloquial) if tokens else None


def parse_number(text: str) -> float | None:
    """A bare number in figures or in Chinese numerals, or None: '398' → 398, '4.5' → 4.5, '七十八' → 78, '两' → 2."""
    return _num_value(normalize_digits(text.strip()), "", colloquial=False)


def parse_amount(text: str) -> float | None:
    """Value in yuan of one amount expression, or None: '8.6万元' → 86000, '一万元' → 10000,
    '五十万' → 500000, '106.09万余元' → 1060900, '1,234.5元' → 1234.5, '2.4倍' → None."""
    s = normalize_digits(text.strip())
    m = _AMOUNT_RE.fullmatch(s)
    if not m or not re.search(r"[\d零〇○一二两三四五六七八九十壹贰貳叁肆伍陆陸柒捌玖拾]", m["num"]):
        return None
    if m["mid"] and m["post"]:
        return None
    return _num_value(m["num"], m["big"])


def _is_approx(m: re.Match) -> bool:
    return bool(m["pre"] or m["mid"] or m["post"] or m["tail"] in ("左右", "上下"))


# A label glossed by another in brackets right before the figure (违法经营额（货值）三万六千元): the first names it.
_GLOSSED = re.compile(r"(?P<outer>" + _LABEL_RE.pattern + r")?[（(](?P<inner>" + _LABEL_RE.pattern + r")[）)]"
                      r"\s*(?:为|是|约|达|共计|合计|计)?\s*$")


def _preceding_label(text: str, start: int) -> tuple[str, tuple[int, int]] | None:
    """The nearest label ending within reach before `start`, in the same clause, no amount between."""
    lo = max(0, start - _LABEL_REACH - 6)
    window = text[lo:start]
    glossed = _GLOSSED.search(window)
    if glossed:
        group = "outer" if glossed.group("outer") else "inner"
        word = glossed.group(group)
        return _LABEL_SYNONYMS.get(word, word), (lo + glossed.start(group), lo + glossed.end(group))
    best = None
    for m in _LABEL_RE.finditer(window):
        gap = window[m.end():]
        if len(gap) > _LABEL_REACH or _CLAUSE_BREAK.search(gap) or _LABEL_GAP_BAD.search(gap):
            continue
        best = m
    if best is None:
        # worth, said plainly right before the figure (算下来值1860块, 大概值三千二百块; not 库存价值800元)
        worth = _WORTH.search(text, max(0, start - 5), start)
        return ("货值", worth.span()) if worth else None
    word = best.group()
    label = _LABEL_SYNONYMS.get(word, word)
    if label == "广告费用" and word not in ("广告费用", "广告费") and _RECEIVED.search(window[:best.start()]):
        return None
    return label, (lo + best.start(), lo + best.end())


_RECEIVED = re.compile(r"(?:收取|收了|收到|收|赚取|获得)(?:了)?(?:对方|客户|委托方)?(?:的)?$")
_WORTH = re.compile(r"(?<![数峰均阈限差产分比净估最增总市价测称准定检])值(?:约|大概|大约|了|是|为|共)?$")
# An interview record asks for an amount and the answer gives the figure alone (问：这批货值多少？答：一千块出头 /
# 问：收了多少印制费？答：一万二): the figure takes the question's label, the first in the answer only.
_ASKED = re.compile(r"问[：:]([^问答]{0,60}?)(?:\n|\s)*答[：:]([^问]*)$")
_ASKED_LABELS = ((re.compile(r"货值|货物?(?:的)?价值|值多少|值(?:个)?多少钱"), "货值"),
                 (re.compile(r"违法所得|挣了?多少|赚了?多少|获利|收了?多少|收取了?多少|多收了?多少|收入多少|提成"), "违法所得"),
                 # (问：做了多长时间、卖了多少？答：…账上一共4.6万): what the goods sold for
                 (re.compile(r"卖了?多少|卖出(?:去)?(?:了)?多少|销售额|销售金额|营业额|流水(?:有)?多少|一共卖"), "销售额"))


# The measure words goods are counted and priced in (96盒, 每斤22元, 一台800元): one list for the readers of
# quantities, unit prices and totals.
GOODS_UNITS = "公斤|千克|斤|盒|件|瓶|个|袋|箱|台|辆|双|包|桶|只|条|支|份|套|张|块|罐|顶|副|卷|把"
# a price for one unit (每包12元, 单价6块, 一包6块, 一个卖30多) — not a total said with 一 (一共72元), nor 一块, which is money
_ONE_UNIT = "一(?:" + "|".join(u for u in GOODS_UNITS.split("|") if u != "块") + ")"
_PER_UNIT = re.compile(rf"(?:(?:每|单价)[^，,。；;0-9一二两三四五六七八九十]{{0,4}}?|{_ONE_UNIT})(?:[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千]+)(?:元|块)")
_PER_UNIT_END = re.compile(rf"(?:(?:每|单价)[^，,。；;0-9]{{0,4}}|{_ONE_UNIT}(?:卖|售|要|合)?)$")
# the price of one told after the figure (22块一个, 5.8元/袋)
_PER_UNIT_AFTER = re.compile(rf"[0-9０-９.一二两三四五六七八九十百千万]+(?:元|块)(?:钱)?(?:一|每|/)(?:{GOODS_UNITS})")


def _asked_label(text: str, start: int) -> tuple[str, tuple[int, int]] | None:
    """The label a question right before this answer asks for, when the figure is the answer's first amount."""
    m = _ASKED.search(text, max(0, start - 140), start)
    if m is None or _PER_UNIT_END.search(m.group(2)) or _PER_UNIT_AFTER.match(text, start):
        return None  # a unit price (采购价每包12元，共72元; 22块一个): the total is what was asked
    if re.search(r"[0-9０-９]+(?:\.[0-9]+)?(?:元|块|万)|[一二两三四五六七八九十百千万]+(?:元|块)", _PER_UNIT.sub("", m.group(2))):
        return None
    for pattern, label in _ASKED_LABELS:
        found = pattern.search(m.group(1))
        if found:
            at = m.start(1) + found.start()
            return label, (at, at + len(found.group()))
    return None


def _label_before(text: str, start: int) -> tuple[str, tuple[int, int]] | None:
    """The label of the figure at `start`: a label right before it, or the one the interview question asks for."""
    return _preceding_label(text, start) or _asked_label(text, start)


_FOLLOW_LABEL_RE = re.compile(r"(?:的|之|以上|以下|以内)?(" + _LABEL_RE.pattern + ")"
                              # or named in a clause of its own right after it (…2.4万，认定为违法所得)
                              r"|[，,]?\s*(?:都|均|全部|这些|这笔钱?)?(?:算|算作|算是|认定为|认定是|计为|计入|属于|系|是)(?:其)?("
                              + _LABEL_RE.pattern + ")"
                              # goods worth the figure (一共一千八百七十二块的货, 三万多元的货)
                              r"|(的货)(?![款币物源主])")


def _following_label(text: str, end: int) -> tuple[str, tuple[int, int]] | None:
    m = _FOLLOW_LABEL_RE.match(text, end)
    if not m:
        return None
    group = next(g for g in (1, 2, 3) if m.group(g))
    word = m.group(group)
    return ("货值" if group == 3 else _LABEL_SYNONYMS.get(word, word)), (m.start(group), m.end(group))


def _candidate_ok(text: str, m: re.Match, has_yuan: bool) -> bool:
    start = m.start("num")
    num = m["num"]
    if start > 0:
        before = text[start - 1]
        if before in _VAGUE_BEFORE or before == "第":
            return False
        if (before.isascii() and before.isalnum()) or before in ".":
            return False
        if num[0] in CN_NUMERAL_CHARS and before in CN_NUMERAL_CHARS:
            return False
    if has_yuan:
        after = text[m.end("yuan"):m.end("yuan") + 1]
        return not (after and after in _NOT_MONEY_AFTER_YUAN)
    return True


def _range_unit(m: re.Match) -> int:
    tail = re.search("[万萬亿億]+$", m["num"] + m["big"])
    if not tail:
        return 1
    return 100_000_000 if tail.group()[-1] in "亿億" else 10_000


def find_amounts(text: str) -> list[Amount]:
    """Money amounts in running text, in order. A number counts as money when it carries 元 (or
    ¥/人民币), or when it sits right after an amount label (罚款5万, 货值金额为3000)."""
    norm = normalize_digits(text)
    raw: list[tuple[re.Match, float]] = []
    for m in _AMOUNT_RE.finditer(norm):
        if not re.search(r"[\d零〇○一二两三四五六七八九十壹贰貳叁肆伍陆陸柒捌玖拾]", m["num"]):
            continue
        if m["mid"] and m["post"]:
            continue
        if not _candidate_ok(norm, m, bool(m["yuan"])):
            continue
        value = _num_value(m["num"], m["big"])
        if value is None:
            continue
        if m["yuan"] == "块" and value < 10 and re.match(r"[\u4e00-\u9fff]", norm[m.end("yuan"):m.end("yuan") + 1] or "x"):
            continue  # 两块蛋糕, 3块豆腐: a measure word; 1500块, 一千七百块左右, 5块钱 are money
        raw.append((m, value))

    # Range forms borrow 元 from the second amount: 5万至10万元.
    amounts: list[Amount] = []
    pending: list[tuple[re.Match, float]] = []
    for idx, (m, value) in enumerate(raw):
        has_money = bool(m["yuan"] or m["cur"].strip())
        if not has_money:
            nxt = raw[idx + 1][0] if idx + 1 < len(raw) else None
            gap = norm[m.end():nxt.start()] if nxt else ""
            has_unit = bool(re.search("[十拾百佰千仟万萬亿億]", m["num"] + m["big"]))
            borrow = bool(nxt is not None and (nxt["yuan"] or nxt["cur"].strip())
                          and re.fullmatch(r"\s*[至到\-－~～—]\s*", gap or "x"))
            if borrow and not has_unit:
                # 1-5万元 reads as 1万 to 5万; 2000-5万元 as 2000 yuan to 5万.
                unit = _range_unit(nxt)
                next_value = raw[idx + 1][1]
                if unit > 1 and value * unit <= next_value:
                    value *= unit
            label_near = _label_before(norm, m.start())
            next_char = norm[m.end():m.end() + 1]
            # the figure ends where a word or a sentence may (not 30个, 5千克); a spoken particle may follow
            spoken_end = not next_char or next_char in _BARE_OK_NEXT or next_char in "吧啊呢"
            money_before = bool(_MONEY_CUE.search(clause_before(norm, m.start(), 10, _MONEY_CUE_ENDS)))
            # A bare Chinese numeral needs a unit: 罚款一并缴纳 is not one yuan.
            bare_ok = (label_near is not None and (not next_char or next_char in _BARE_OK_NEXT)
                       and (has_unit or m["num"][0].isdigit()))
            # 万 or 亿 said without 元 after a word of money in the same clause (金额五十来万, 货款三万多)
            # (a colloquial figure with a trailing digit counts: 四万一, 六万二, 一万三千二)
            bare_ok = bare_ok or (bool(m["big"] or re.search("[万萬亿億]$|[万萬亿億][一二两三四五六七八九]$", m["num"]))
                                  and spoken_end and money_before)
            # a colloquial figure in words with 千 or 百 after a word of money (按售价算总共三千六, 算下来六千八百二)
            bare_ok = bare_ok or (not m["num"][0].isdigit() and bool(re.search("[千仟百佰]", m["num"])) and spoken_end
                                  and money_before)
            bare_ok = bare_ok or (m["num"][0].isdigit() and len(m["num"].split(".")[0]) >= 2 and spoken_end
                                  and bool(_MONEY_WORD_BEFORE.search(norm[max(0, m.start() - 8):m.start()])))
            # an amount named after it (2.4万，认定为违法所得; 1500块算违法所得)
            bare_ok = bare_ok or (bool(m["big"] or re.search("[万萬亿億]$", m["num"]))
                                  and _following_label(norm, m.end()) is not None)
            if not (borrow or bare_ok):
                continue
        pending.append((m, value))

    prev: Amount | None = None
    for m, value in pending:
        start, end = m.start(), m.end()
        if not m["pre"]:
            start = m.start("cur") if m["cur"].strip() else m.start("num")
        while end > start and norm[end - 1].isspace():
            end -= 1
        label = _label_before(norm, m.start())
        if label is None and prev is not None and _CHAIN_GAP.match(norm[prev.span[1]:start]):
            if prev.label:
                label = (prev.label, prev.label_span)
        amount = Amount(value=value, span=(start, end), text=text[start:end], approx=_is_approx(m),
                        label=label[0] if label else "", label_span=label[1] if label else None)
        amounts.append(amount)
        prev = amount
    # A chain with no label before it may take one right after it: 处5万元以上10万元以下罚款.
    i = 0
    while i < len(amounts):
        j = i
        while j + 1 < len(amounts) and _CHAIN_GAP.match(norm[amounts[j].span[1]:amounts[j + 1].span[0]]):
            j += 1
        if not any(a.label for a in amounts[i:j + 1]):
            follow = _following_label(norm, amounts[j].span[1])
            if follow:
                for k in range(i, j + 1):
                    a = amounts[k]
                    amounts[k] = Amount(a.value, a.span, a.text, a.approx, follow[0], follow[1])
        i = j + 1
    return amounts


_OPS_BEFORE = [("不超过", "<="), ("未超过", "<="), ("不高于", "<="), ("不多于", "<="),
               ("不低于", ">="), ("不少于", ">="), ("未达到", "<"), ("未达", "<"),
               ("不足", "<"), ("不满", "<"), ("未满", "<"), ("低于", "<"), ("少于", "<"), ("小于", "<"),
               ("超过", ">"), ("超出", ">"), ("高于", ">"), ("多于", ">"), ("大于", ">"), ("逾", ">"),
               ("达到", ">="), ("满", ">=")]
_OPS_AFTER = [("及以上", ">="), ("及以下", "<="), ("以上", ">="), ("以下", "<="), ("以内", "<=")]


def find_thresholds(text: str) -> list[Threshold]:
    """Comparisons against money amounts: 货值金额不足一万元 → ('货值金额', '<', 10000, span);
    货值金额一万元以上 → ('货值金额', '>=', 10000, …). 以上/以下/以内 include the number, 不足/超过 do not."""
    norm = normalize_digits(text)
    out: list[Threshold] = []
    for a in find_amounts(text):
        start, end = a.span
        op = ""
        for word, sym in _OPS_BEFORE:
            if start - len(word) >= 0 and norm.startswith(word, start - len(word)):
                op, start = sym, start - len(word)
                break
        if not op:
            for word, sym in _OPS_AFTER:
                if norm.startswith(word, end):
                    op, end = sym, end + len(word)
                    break
        if not op:
            continue
        if a.label_span and a.label_span[1] <= start and not norm[a.label_span[1]:start].strip(" 为在是"):
            start = a.label_span[0]
        out.append(Threshold(a.label, op, a.value, (start, end)))
    return out


def provision_label(article: int, suffix: int = 0, paragraph: int | None = None, item: int | None = None) -> str:
    """第一百二十四条之一第一款第（五）项: a provision written the way laws write it."""
    out = f"第{int_to_cn(article)}条"
    if suffix:
        out += f"之{int_to_cn(suffix)}"
    if paragraph:
        out += f"第{int_to_cn(paragraph)}款"
    if item:
        out += f"第（{int_to_cn(item)}）项"
    return out

