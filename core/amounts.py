"""Amounts in Chinese: money, multiples, thresholds and fine ranges, worded in one place for the whole project,
plus the one table of amount words (货值 / 获利 / 营业额 …) and the one threshold check.

What an amount is decides how it is written (`Style`), once, here:
  "statute"  — amounts of a rule as the statute writes them: 一万元, 五万元以上十万元以下, 十倍 (answers);
  "figures"  — computed sums, exact to the fen: 86,000元, 1,234.50元 (fine ranges, drafts);
  "compact"  — the benchmark items' indexed text: 5万元以上20万元以下, 10倍, 50%. It is what the lexical and dense
               indexes hold, so moving it to "statute" means re-indexing and re-measuring retrieval.
"""
from __future__ import annotations

from typing import Literal, Optional

from core.numerals import int_to_cn

Style = Literal["statute", "figures", "compact"]

# ------------------------------------------------------------------ the words for amounts

# An amount's label as written in facts or questions → (circumstance key, the fine base it stands for).
AMOUNT_LABELS: dict[str, tuple[str, str]] = {
    "货值金额": ("goods_value", "货值金额"), "货值": ("goods_value", "货值金额"),
    "违法所得": ("illegal_income", "违法所得"), "获利": ("illegal_income", "违法所得"),
    "违法经营额": ("business_volume", "违法经营额"),
    "销售额": ("sales", "销售额"), "营业额": ("sales", "营业额"),
    "广告费用": ("ad_fee", "广告费用"),
}
# Label → the fine base a threshold or multiple of a statute compares (货值 → 货值金额, 获利 → 违法所得).
FINE_BASE_OF_LABEL: dict[str, str] = {label: base for label, (_, base) in AMOUNT_LABELS.items()}
# Label → circumstance key (罚款/罚没/赔偿/退还 describe outcomes, not the act: they have none).
CIRCUMSTANCE_OF_LABEL: dict[str, str] = {label: key for label, (key, _) in AMOUNT_LABELS.items()}
# Circumstance key → the fine base (the first label of a key names its base).
FINE_BASE_OF_CIRCUMSTANCE: dict[str, str] = {}
for _key, _base in AMOUNT_LABELS.values():
    FINE_BASE_OF_CIRCUMSTANCE.setdefault(_key, _base)
# Words statutes use for the amount a multiple is taken of → core.models.FineBase.
STATUTE_BASE_WORDS: dict[str, str] = {
    "货值金额": "货值金额", "违法所得": "违法所得", "违法收入": "违法所得", "违法经营额": "违法经营额",
    "违法销售额": "销售额", "销售额": "销售额", "营业额": "营业额", "广告费用": "广告费用",
    "标的额": "标的额", "标的金额": "标的额", "价款": "价款",
}

# ------------------------------------------------------------------ amounts and multiples


def yuan(value: float, style: Style = "statute") -> str:
    """10000 → 一万元 (statute) / 10,000元 (figures) / 1万元 (compact)."""
    if style == "figures":
        return f"{value:,.0f}元" if float(value).is_integer() else f"{value:,.2f}元"
    if style == "compact":
        return f"{value / 10_000:g}万元" if value >= 10_000 and value % 1_000 == 0 else f"{value:g}元"
    if value >= 10_000 and value % 10_000 == 0:
        return f"{int_to_cn(int(value // 10_000))}万元"
    return f"{int_to_cn(int(value))}元" if value == int(value) else f"{value:g}元"


def times(value: float, style: Style = "statute") -> str:
    """A multiple: 10 → 十倍 (statute) / 10倍 (figures, compact); compact writes a fraction as a percentage."""
    if style == "compact" and value < 1:
        return f"{value * 100:g}%"
    if style == "statute" and value == int(value):
        return f"{int_to_cn(int(value))}倍"
    return f"{value:g}倍"


# ------------------------------------------------------------------ thresholds

_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def holds(op: str, limit: float, value: float, stated_op: str = "=") -> bool:
    """Whether `value` (an amount; with `stated_op` a bound: 不足一万元 is '<' 10000) meets the threshold
    `op limit`. A stated bound is probed just inside it, so 不足一万元 meets '<' 10000 and not '>=' 10000."""
    probe = {"<": value * 0.999, "<=": value, ">": value * 1.001, ">=": value, "=": value}[stated_op]
    return _OPS[op](probe, limit)


def threshold_words(base: str, op: str, value: float, style: Style = "statute") -> str:
    """The condition of a fine clause: 货值金额不足一万元的，/ 违法所得一万元以上的，/ 没有违法所得的，"""
    if op == "<=" and value == 0:
        return f"没有{base}的，"
    amount = yuan(value, style)
    words = {"<": f"不足{amount}", "<=": f"不超过{amount}", ">": f"超过{amount}", ">=": f"{amount}以上"}[op]
    return f"{base}{words}的，"


# ------------------------------------------------------------------ fine ranges


def fine_words(kind: str, lo: Optional[float], hi: Optional[float], base: Optional[str] = None,
               style: Style = "statute") -> str:
    """A fine from its numbers: 五万元以上十万元以下罚款 / 货值金额十倍以上二十倍以下罚款 / 一万元以下罚款."""
    unit = yuan if kind == "fixed" else times
    lead = (base or "") if kind == "multiple" else ""
    if lo is not None and hi is not None:
        amount = unit(lo, style) if lo == hi else f"{unit(lo, style)}以上{unit(hi, style)}以下"
    elif hi is not None:
        amount = f"{unit(hi, style)}以下"
    elif lo is not None:
        amount = f"{unit(lo, style)}以上"
    else:
        amount = ""
    return f"{lead}{amount}罚款"


def describe_fine(kind: str, lo: Optional[float], hi: Optional[float], base: Optional[str] = None,
                  condition: Optional[tuple[str, str, float]] = None, style: Style = "statute") -> str:
    """A whole fine clause: 货值金额不足一万元的，处五万元以上十万元以下罚款 (condition = (base, op, value))."""
    cond = threshold_words(*condition, style=style) if condition else ""
    return f"{cond}处{fine_words(kind, lo, hi, base, style)}"

