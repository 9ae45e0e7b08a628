"""Fine arithmetic: which fine clause applies to the amounts, its statutory range in yuan, and
where a discretion tier puts the fine inside (or, for 减轻, below) that range.

Tier → range (profile.range_fractions, fractions of [statutory min, statutory max]):
  从轻 lower part, 一般 middle, 从重 upper part;
  减轻 below the statutory minimum: [mitigated_floor × min, min − 1 yuan];
  不予处罚 / 免予处罚 / 移送 → no fine (None).
Clauses marked 情节严重 are a separate statutory range, used only when `serious=True`."""
from __future__ import annotations

import math
import re

from core.amounts import holds, threshold_words, yuan
from core.numerals import parse_amount
from core.models import FineRange, FineRule, Profile, StatutoryPenalty, Threshold

DEFAULT_RANGE_FRACTIONS: dict[str, tuple[float, float]] = {
    "从轻": (0.0, 0.3), "一般": (0.3, 0.7), "从重": (0.7, 1.0)}
NO_FINE_TIERS = ("不予处罚", "免予处罚", "移送", "不适用")
# amounts[base + BELOW]: the base is known only to lie below this figure (货值不足一万元; discretion.amounts_from)
BELOW = "<"


def _known(base: str, amounts: dict[str, float]) -> bool:
    """Whether the base amount is a figure (not only a bound it lies below)."""
    return base in amounts and base + BELOW not in amounts


def _holds(condition: Threshold, amounts: dict[str, float]) -> bool | None:
    """Whether the clause's threshold holds for the amounts; None when its base amount is not known. An amount known
    only to lie below B holds a threshold below Y (< / <=) and fails one at or above Y (>= / >) whenever B <= Y."""
    if condition.base + BELOW in amounts:
        bound = amounts[condition.base + BELOW]
        if bound > condition.value:
            return None
        return condition.op in ("<", "<=")
    if condition.base not in amounts:
        return None
    return holds(condition.op, condition.value, amounts[condition.base])


# a statute's clause for a base that cannot be counted (广告费用无法计算或者明显偏低的，处十万元以上二十万元以下的罚款)
_UNCOUNTABLE = re.compile(r"无法计算|难以计算|明显偏低")


def _is_serious(rule: FineRule) -> bool:
    return "情节严重" in rule.text


def _needs_base_question(base: str) -> str:
    return f"{base}是多少？（计算法定罚款幅度需要）"


def select_fine_rule(penalty: StatutoryPenalty, amounts: dict[str, float], *,
                     serious: bool = False) -> tuple[FineRule | None, list[str]]:
    """The fine clause that governs these amounts, or None plus the questions that would decide it.
    A clause whose threshold holds wins; then a multiple whose base is known; then a plain fixed range."""
    rules = [r for r in penalty.fines if _is_serious(r) == serious] or list(penalty.fines)
    questions: list[str] = []
    for rule in rules:
        if rule.condition is None:
            continue
        holds = _holds(rule.condition, amounts)
        if holds is None:
            q = _needs_base_question(rule.condition.base)
            if q not in questions:
                questions.append(q)
        elif holds and (rule.kind == "fixed" or _known(rule.base or "", amounts)):
            return rule, []
        elif holds and rule.base:
            return None, [_needs_base_question(rule.base)]
    if questions:
        return None, questions
    unconditioned = [r for r in rules if r.condition is None]
    for rule in unconditioned:
        if rule.kind == "multiple" and _known(rule.base or "", amounts):
            # nothing to take a multiple of (广告费用 0): the clause for a base that cannot be counted, where there is one
            fallback = next((r for r in unconditioned if r.kind == "fixed" and _UNCOUNTABLE.search(r.text or "")
                             and (rule.base or "") in (r.text or "")), None) if amounts[rule.base or ""] <= 0 else None
            return (fallback or rule), []
    multiples = [r for r in unconditioned if r.kind == "multiple"]
    if multiples:
        return None, [_needs_base_question(multiples[0].base or "计罚基数")]
    fixed = [r for r in unconditioned if r.kind == "fixed"]
    return (fixed[0], []) if fixed else (None, [])


def statutory_bounds(rule: FineRule, amounts: dict[str, float]) -> tuple[float, float] | None:
    """[min, max] in yuan of one clause; a missing minimum is 0. None when the max is unbounded
    or the base amount is unknown."""
    if rule.max is None:
        return None
    if rule.kind == "fixed":
        return float(rule.min or 0.0), float(rule.max)
    base = amounts.get(rule.base or "") if _known(rule.base or "", amounts) else None
    if base is None:
        return None
    base = max(base, rule.base_floor or 0.0)  # 按…计算 (with_computation_floor)
    return (rule.min or 0.0) * base, rule.max * base


def penalty_bounds(penalty: StatutoryPenalty, amounts: dict[str, float], *,
                   serious: bool = False) -> tuple[float, float] | None:
    rule, _ = select_fine_rule(penalty, amounts, serious=serious)
    return statutory_bounds(rule, amounts) if rule else None


def _describe(rule: FineRule, amounts: dict[str, float], lo: float, hi: float) -> str:
    clause = rule.text.strip() or ""
    if rule.kind == "multiple":
        base = amounts[rule.base or ""]
        counted = f"（按{_yuan(rule.base_floor)}计算）" if rule.base_floor and base < rule.base_floor else ""
        calc = (f"{rule.base}{_yuan(base)}{counted}×{_num(rule.min or 0)}–{_num(rule.max or 0)}倍"
                f"＝{_yuan(lo)}–{_yuan(hi)}")
    else:
        calc = f"{_yuan(lo)}–{_yuan(hi)}"
    cond = ""
    if rule.condition:
        c = rule.condition
        tier = threshold_words(c.base, c.op, c.value, "figures").removesuffix("的，")
        stated = (f"不足{_yuan(amounts[c.base + BELOW])}" if c.base + BELOW in amounts else _yuan(amounts[c.base]))
        cond = f"（{c.base}{stated}，适用“{tier}”一档）"
    quoted = f"“{clause}”" if clause else ""
    return f"法定罚款幅度{quoted}{cond}：{calc}"


def _num(x: float) -> str:
    return f"{x:g}"


def _yuan(x: float) -> str:
    return yuan(x, "figures")


def fine_range(penalty: StatutoryPenalty, tier: str, profile: Profile, amounts: dict[str, float], *,
               serious: bool = False) -> FineRange | None:
    """The fine the tier allows, in whole yuan, with the computation spelled out in `basis`.
    None for no-fine tiers, when the amounts needed are missing (see fine_questions), when the
    clause has no upper bound, or for 减轻 where the clause has no minimum to go below."""
    if tier in NO_FINE_TIERS:
        return None
    rule, _ = select_fine_rule(penalty, amounts, serious=serious)
    bounds = statutory_bounds(rule, amounts) if rule else None
    if rule is None or bounds is None:
        return None
    smin, smax = bounds
    statutory = _describe(rule, amounts, smin, smax)
    if tier == "减轻":
        if smin <= 0:
            return None
        floor = profile.mitigated_floor
        lo, hi = math.ceil(smin * floor - 1e-6), max(math.ceil(smin) - 1, 0)
        basis = (f"{statutory}。减轻处罚在法定最低罚款以下裁量：不低于法定最低额的{floor:.0%}"
                 f"（{profile.display_name}），即{_yuan(lo)}–{_yuan(hi)}。")
        return FineRange(min=float(lo), max=float(hi), basis=basis)
    fractions = profile.range_fractions.get(tier)
    source = profile.display_name
    if fractions is None:
        fractions, source = DEFAULT_RANGE_FRACTIONS[tier], "默认比例"
    a, b = fractions
    lo, hi = round(smin + a * (smax - smin)), round(smin + b * (smax - smin))
    basis = (f"{statutory}。“{tier}”阶次取法定幅度的{a:.0%}–{b:.0%}（{source}），"
             f"即{_yuan(lo)}–{_yuan(hi)}。")
    return FineRange(min=float(lo), max=float(hi), basis=basis)


def fine_questions(penalty: StatutoryPenalty | None, amounts: dict[str, float], *,
                   serious: bool = False) -> list[str]:
    """What must be asked before the fine range can be computed (e.g. 货值金额是多少？)."""
    if penalty is None or not penalty.fines:
        return []
    return select_fine_rule(penalty, amounts, serious=serious)[1]


# A penalty clause that computes its multiple from a floor when the base is small (药品管理法第一百一十七条: 违法生产、
# 批发的药品货值金额不足十万元的，按十万元计算，违法零售的药品货值金额不足一万元的，按一万元计算).
_FLOOR = re.compile(r"(?:违法(?P<who>[^，。；的]{1,10})的)?[^，。；]{0,6}?(?P<base>货值金额|违法所得|销售额|违法经营额)不足"
                    r"(?P<amount>[零〇一二两三四五六七八九十百千万亿0-9.]+元)的?，按(?P=amount)计算")
# who the party is, by the words of the facts: the floor of the actor the facts show
_ACTORS = {"零售": re.compile(r"零售|药店|药房|门店|分店|连锁|诊所|卫生室|卫生院|超市|便利店|小卖部"), "批发": re.compile(r"批发|经销商|配送"),
           "生产": re.compile(r"生产|厂|制剂")}


def with_computation_floor(penalty: StatutoryPenalty | None, facts: str, amounts: dict[str, float]
                           ) -> tuple[StatutoryPenalty | None, list[str], list[str]]:
    """(penalty, reasons, questions): the penalty with the floor its clause sets for a multiple's base (按…计算) on the
    rules of that base (FineRule.base_floor), so every statutory range computed from it — the fine, the 减轻 test of
    起罚点过高 — counts the base as at least the floor; the case's amounts stay as they are. Where the clause sets floors
    per actor (生产、批发 / 零售), the floor of the actor the facts show; none or several shown: the lowest, and the officer
    is asked. The reasons say it where the case's amount is below the floor."""
    if penalty is None or not penalty.text or not any(f.kind == "multiple" for f in penalty.fines):
        return penalty, [], []
    floors = []
    for m in _FLOOR.finditer(penalty.text):
        value = parse_amount(m.group("amount"))
        if value:
            floors.append((m.group("base"), value, m.group("who") or "", m.group(0)))
    chosen_floor: dict[str, float] = {}
    reasons, questions = [], []
    for base in dict.fromkeys(b for b, _, _, _ in floors):
        if base not in amounts:
            continue
        mine = [f for f in floors if f[0] == base]
        shown = [f for f in mine if f[2] and any(rx.search(facts) for word, rx in _ACTORS.items() if word in f[2])]
        _, floor, _, words = (shown if len(shown) == 1 else sorted(mine, key=lambda f: f[1]))[0]
        if len(mine) > 1 and len(shown) != 1:
            questions.append(f"当事人属于{'还是'.join(f[2] for f in mine if f[2])}？（法定罚款按“{'；'.join(f[3] for f in mine)}”计算，"
                             f"本系统暂按{yuan(floor)}计算）")
        chosen_floor[base] = floor
        if amounts[base] < floor:
            reasons.append(f"{base}{yuan(amounts[base], 'figures')}，依处罚条款“{words}”，罚款按{yuan(floor)}计算。")
    if not chosen_floor:
        return penalty, reasons, questions
    fines = [f.model_copy(update={"base_floor": chosen_floor[f.base]}) if f.kind == "multiple" and f.base in chosen_floor else f
             for f in penalty.fines]
    return penalty.model_copy(update={"fines": fines}), reasons, questions
