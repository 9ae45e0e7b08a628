"""Fine arithmetic: which fine clause applies to the amounts, its statutory range in yuan, and
where a discretion tier puts the fine inside (or, for 减轻, below) that range.

Tier → range (profile.range_fractions, fractions of [statutory min, statutory max]):
  从轻 lower part, 一般 middle, 从重 upper part;
  减轻 below the statutory minimum: [mitigated_floor × min, min − 1 yuan];
  不予处罚 / 免予处罚 / 移送 → no fine (None).
Clauses marked 情节严重 are a separate statutory range, used only when `serious=True`."""
from __future__ import annotations

import math

from core.amounts import holds, threshold_words, yuan
from core.models import FineRange, FineRule, Profile, StatutoryPenalty, Threshold

DEFAULT_RANGE_FRACTIONS: dict[str, tuple[float, float]] = {
    "从轻": (0.0, 0.3), "一般": (0.3, 0.7), "从重": (0.7, 1.0)}
NO_FINE_TIERS = ("不予处罚", "免予处罚", "移送", "不适用")



def _holds(condition: Threshold, amounts: dict[str, float]) -> bool | None:
    """Whether the clause's threshold holds for the amounts; None when its base amount is not known."""
    if condition.base not in amounts:
        return None
    return holds(condition.op, condition.value, amounts[condition.base])


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
        elif holds and (rule.kind == "fixed" or (rule.base or "") in amounts):
            return rule, []
        elif holds and rule.base:
            return None, [_needs_base_question(rule.base)]
    if questions:
        return None, questions
    unconditioned = [r for r in rules if r.condition is None]
    for rule in unconditioned:
        if rule.kind == "multiple" and rule.base in amounts:
            return rule, []
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
    base = amounts.get(rule.base or "")
    if base is None:
        return None
    return (rule.min or 0.0) * base, rule.max * base


def penalty_bounds(penalty: StatutoryPenalty, amounts: dict[str, float], *,
                   serious: bool = False) -> tuple[float, float] | None:
    rule, _ = select_fine_rule(penalty, amounts, serious=serious)
    return statutory_bounds(rule, amounts) if rule else None


def _describe(rule: FineRule, amounts: dict[str, float], lo: float, hi: float) -> str:
    clause = rule.text.strip() or ""
    if rule.kind == "multiple":
        base = amounts[rule.base or ""]
        calc = (f"{rule.base}{_yuan(base)}×{_num(rule.min or 0)}–{_num(rule.max or 0)}倍"
                f"＝{_yuan(lo)}–{_yuan(hi)}")
    else:
        calc = f"{_yuan(lo)}–{_yuan(hi)}"
    cond = ""
    if rule.condition:
        c = rule.condition
        tier = threshold_words(c.base, c.op, c.value, "figures").removesuffix("的，")
        cond = f"（{c.base}{_yuan(amounts[c.base])}，适用“{tier}”一档）"
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
