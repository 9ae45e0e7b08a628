"""The discretion engine: from circumstances (情节) to a penalty tier (裁量阶次), with the rule that
produced it, the provisions it rests on, the reasons in Chinese and the facts still to be asked.

Before the rules: an aggravating circumstance whose words define the violation itself (故意拖延 in
消费者权益保护法第五十六条第一款第（八）项, 拒不改正 where the fine only follows a refusal) is an element of
the offence and is not weighed again (_drop_elements); a repetition stated with its period (五年内第二次)
is read against the penalty law's own rule (statutory_repeat in corpus/rules/sector_rules.yaml: 商标法第六十条第二款, 广告法第五十五条) and,
where met, is a mandatory aggravation (step 8a).

The grounds follow SAMR《关于规范市场监督管理行政处罚裁量权的指导意见》(国市监法规〔2022〕2号, GUIDANCE_GROUNDS):
第十一条 应当不予, 第十二条 首违可以不予, 第十三条 应当从轻或者减轻, 第十四条 可以从轻或者减轻 (积极配合并主动
提供证据, 轻微且社会危害性较小, 次要作用, 生活确有困难), 第十五条 应当从重 (突发事件期间), 第十六条 可以从重 (严重
后果, 教唆, 一年内再犯, 阻碍执法, 转移查封财物, 伪造证据; not again once that act was punished: _punished_once),
第十七条 mixed. 初次违法, 及时改正, 无危害后果 and 进货查验 are no grounds for 从轻 by themselves (they decide 不予 /
免予 under 第三十三条 and the sector rules, nothing else). Each tier cites 第十条 for what it means (TIER_DEFINITION).

Rules, in order; the first that decides wins (decide_tier):
  0. 不适用 — not an administrative-penalty matter (civil_matter: labour or contract-debt dispute, a sale between
     non-traders): no tier of a penalty, the party is told where to go.
  1. 移送 — 行政处罚法第二十七条: any criminal suspicion → 移送 (mandatory). It comes first because
     the administrative exemptions below (时效, 无过错, 轻微) do not bar criminal liability, and a fine
     must never stand in for a referral (不得以罚代刑). The penalty law's own referral clause
     (商标法第六十一条, 食品安全法第一百二十一条) is cited beside it.
  1a. 一事不再罚 — 第二十九条: the same act already fined (already_fined: by another authority, an earlier
     decision) → no second fine, 不予处罚 (mandatory); the officer confirms it is the same act.
  2. 时效 — 第三十六条: not discovered within 2 years (5 years where the act 涉及公民生命健康安全、
     金融安全 and has harmful consequences) → 不予处罚 (mandatory). The period runs from the act
     date, or from its end where the act is continuing (连续或者继续状态). A violation of a law in
     life_health_laws (corpus/rules/sector_rules.yaml: 食品安全法, 特种设备安全法 …) 涉及生命健康安全 whatever the wording; where the
     five-year period keeps a case open, 第三十六条 is cited in the basis of the tier finally chosen.
  3. 责任能力 — 第三十条 under 14 → 不予处罚 (责令监护人加以管教); 第三十一条 unable to recognise or
     control one's conduct at the time → 不予处罚. (14–18 and 尚未完全丧失 are mitigation: step 7/10.)
  4. 无主观过错 — where the penalty law has its own rule it displaces 第三十三条第二款 ("法律、行政法规
     另有规定的，从其规定"): 食品安全法第一百三十六条 (进货查验 + 证明不知道 + 说明来源 → 可以免予处罚,
     但没收不符合标准的食品) and 商标法第六十条第二款 (不知道 + 合法取得 + 说明提供者 → 责令停止销售,
     no fine), 产品质量法第五十五条 (for 第四十九至五十三条: 不知道 + 说明来源 → 可以从轻或者减轻, so 从轻)
     and 反不正当竞争法第二十三条第二款 (from 2025-10-15: 不知道 + 合法取得 + 说明提供者 → 不予处罚).
     A sector rule may be limited to penalty articles and to acts from its effective date
     (SectorExemption.articles / since). Otherwise evidence of no subjective fault → 不予处罚
     (第三十三条第二款, mandatory).
  5. 第三十三条第一款前段: 违法行为轻微 + 及时改正 + 没有造成危害后果 → 不予处罚 (mandatory).
     违法行为轻微 is rarely written. It is read (_infer_minor), conservatively, only when ALL hold:
       (a) the facts state a correction (on the spot, within the time an order set, or on the party's own
           initiative) and nothing says it was late or refused (not_corrected) or that harm was left
           unremedied (harm_not_mitigated);
       (b) the facts state no harm (harm_none), and no harm of any degree;
       (c) a small scale: a stated count of at most circumstances.MINOR_COUNT goods/places (“5种”),
           个别/少量/零星, 金额较小, or a case value ≤ MINOR_AMOUNT yuan; or, failing those, a light
           statutory penalty (no minimum and a maximum fine ≤ LIGHT_PENALTY_MAX, e.g. 电子商务法第七十六条);
           or no amount and no length of the act stated at all (no value, income, sales or fee: the act
           stayed within the fault itself);
       (d) no aggravating circumstance, no prior record, and the conduct does not touch life and
           health or financial safety (a life_health_laws violation, a life_health or finance_safety
           circumstance, or goods of that kind unless only not_life_health_laws are broken: _touches_life_health)
           — there even a small quantity may be grave, and the officer decides; unless the penalty rule itself
           names 违法行为轻微 among its situations (sector_rules.yaml minor_situations: 食品经营许可和备案管理办法
           第五十二条第三款第（三）项), which is then cited beside 第三十三条.
     Before 5: a fine the law conditions on 逾期未改正 / 拒不改正 that did not occur (_conditional_fine), and a clause
     that orders a correction only, punishing only 情节严重 (产品质量法第五十四条, _order_only) → 不予处罚.
     The inferred circumstance quotes the span it rests on and the reasons say it was inferred, so
     the officer can strike it (override minor_violation=False). Otherwise the engine keeps asking.
  6. 第三十三条第一款后段: 初次违法 + 危害后果轻微 (or none) + 及时改正 → 可以不予处罚 (mandatory=False);
     免予处罚 when the profile's 首违不罚 list covers the conduct. Without a list entry (指导意见第十二条 makes
     the lists the way the 可以 is exercised), where the conduct touches life and health (5(d)), 不予 is decided
     only for a small violation (the scale signs of 5(c), _small_scale); otherwise the met conditions weigh as
     a discretionary mitigating ground (first_offence_exemptible, 指导意见第十二条: what may go unpunished may be
     punished lightly), and the reasons and a question leave the exemption to the officer.
     Steps 5–6 are withheld while any aggravating circumstance stands.
  7. 应当从轻或者减轻 — 第三十二条 grounds and 第三十条 (14–18), and a penalty rule's own 从轻、减轻 (statutory_mitigation in
     corpus/rules/sector_rules.yaml, a ground of 第三十二条第（五）项; where the rule makes its situation one of low gravity,
     a prompt correction without harm reads as 违法行为轻微 for step 5): 从轻, or 减轻 under the reduction rule.
     An aggravating circumstance does not displace a statutory 应当; it is weighed inside the tier, which is then 从轻
     (never 减轻 below the minimum beside an aggravation). An act aimed at a
     vulnerable group (targets_vulnerable) is asked about, never weighed: the guidance does not list it.
  8a. a mandatory aggravation of the penalty law (statutory_repeat) → 从重 (rule "法定从重"), with any
     discretionary mitigation weighed inside the tier.
  4b. a fine the law conditions on 逾期未改正 / 拒不改正, with the correction made after an order → 不予处罚
     (罚款条件未成就).
  8. mixed — discretionary mitigating + aggravating → 一般 (rule "从轻从重情节并存·综合考虑", 指导意见第十七条
     综合考虑; seed case C11).
  9. aggravating only (一年内同一性质违法, 故意, 拒不配合/伪造证据, 严重后果, 特殊群体) → 从重.
 10. discretionary mitigating only → 从轻 (可以), or 减轻 under the reduction rule.
 11. otherwise → 一般.

Reduction rule (减轻 rather than 从轻), ReductionPolicy: (a) the statutory minimum fine exceeds
`disproportion_ratio` × the case value (货值金额, else 违法经营额/销售额; not the profit) — the 起罚点过高 /
小过重罚 case (seed: a 25-yuan case facing a 5万 floor); or (b) a statutory ground (step 7) plus at
least `extra_mitigators` further distinct mitigating circumstances (seed C13).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.circumstances import KINDS, ON_THE_SPOT_VALUE, ON_THE_SPOT_WORDS, is_bound_only, make_circumstance
from core.dates import add_years, parse_date, read_date
from core.amounts import FINE_BASE_OF_CIRCUMSTANCE
from core.lawnames import short_law_name
from assistant.fines import BELOW, NO_FINE_TIERS, fine_questions, penalty_bounds
from assistant.fines import fine_range as fine_range  # re-exported: part of this module's API
from assistant.lawversions import applicable_version as applicable_version  # re-exported
from core.models import Circumstance, ListEntry, Numbering, Profile, Provision, StatutoryPenalty, Tier
from core.settings import REPO_ROOT

LAW = "行政处罚法"
GUIDANCE = "关于规范市场监督管理行政处罚裁量权的指导意见"


# Names of the weighing rules (TierDecision.rule), in Chinese with the article that carries them.
RULE_MIXED = f"从轻从重情节并存·综合考虑（《{GUIDANCE}》第十七条）"
RULE_AGGRAVATE = f"可以从重（《{GUIDANCE}》第十六条）"
RULE_MITIGATE = f"可以从轻（《{GUIDANCE}》第十四条）"
RULE_REDUCE = f"可以减轻（《{GUIDANCE}》第十四条）"
RULE_GENERAL = "一般（无从轻、减轻、从重情节）"


class TierDecision(BaseModel):
    tier: Tier
    rule: str  # 行政处罚法33.1, 食品安全法136, mixed->一般 …
    basis: list[Provision] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)  # facts to ask; never guessed
    mandatory: bool = False  # 应当 (True) vs 可以 (False)
    follow_up: list[str] = Field(default_factory=list)  # 教育、责令改正、没收、移交线索 …
    # circumstances the rules established on the way (违法行为轻微 inferred, 进货来源 from the records, the law's own
    # 从重, 已过追责期限), each with the words it rests on: shown beside those read from the facts
    derived: list[Circumstance] = Field(default_factory=list)
    # the law's condition on the fine (逾期未改正 / 拒不改正) where the facts show it has not yet been met: the
    # range applies only once it is (FineRange.condition)
    fine_condition: str = ""


class NumberedProvision(Provision, Numbering):
    """A provision a rule cites, in the numbering of the versions named (Numbering)."""


class SectorExemption(Numbering):
    """A law's own no-fault rule, displacing 行政处罚法第三十三条第二款 for that law's violations."""
    rule: str
    laws: list[str]  # short names of the penalty laws it governs
    articles: list[int] = Field(default_factory=list)  # penalty articles it governs; empty = the whole law
    # [article, 项] pairs it governs where it names items (医疗器械条例第八十七条: 第八十六条第一项和第三项); empty = every item
    items: list[tuple[int, int]] = Field(default_factory=list)
    since: str = ""  # ISO date the rule took effect; acts before it are not governed
    basis: list[Provision]
    requires: dict[str, str]  # circumstance key → question to ask when it is not established
    tier: Tier
    mandatory: bool
    consequence: str
    follow_up: list[str] = Field(default_factory=list)
    # whether not knowing may be presumed from documented diligence and a defect only testing finds (_deemed_no_fault):
    # by default only where the exemption is 可以 (the officer still weighs it); a rule whose 应当 rests on the same
    # evidence (药品管理法实施条例第八十六条: 进货检查验收 done, 充分证据证明不知道) says so
    presumable: bool | None = None

    @property
    def presumes_no_fault(self) -> bool:
        return (not self.mandatory) if self.presumable is None else self.presumable


class ReductionPolicy(BaseModel):
    """When mitigation goes below the statutory minimum (减轻) instead of to its lower part (从轻).
    Belongs in the regional Profile; kept here until models.Profile carries it."""
    disproportion_ratio: float = 10.0
    extra_mitigators: int = 2


DEFAULT_REDUCTION = ReductionPolicy()



class RepeatRule(Numbering):
    """A penalty law's own rule on repetition within a period (商标法第六十条第二款 五年内两次以上 → 应当从重)."""
    laws: list[str]
    articles: list[int] = Field(default_factory=list)  # penalty articles it governs; empty = the whole law
    years: int
    times: int
    basis: Provision
    text: str
    # words that show an earlier penalty was under this law (商标法: 商标, 假冒, 侵权); the law's name without 法 always counts
    subjects: list[str] = Field(default_factory=list)


class AggravationRule(Numbering):
    """A penalty law's own 应当从重 for what the goods are or what the act caused (药品管理法第一百三十七条: 以孕产妇、儿童为主要
    使用对象的假药、劣药; 造成人身伤害后果): met when one of `keys` was read, its quote holding one of `words` if any."""
    laws: list[str]
    articles: list[int] = Field(default_factory=list)  # penalty articles it governs; empty = the whole law
    keys: list[str]
    words: list[str] = Field(default_factory=list)
    basis: Provision
    text: str


class MitigationRule(Numbering):
    """A penalty rule's own 从轻、减轻 for what the facts show (食品经营许可和备案管理办法第五十二条第三款: 经营项目变化但食品安全
    风险等级未升高 → 依照行政处罚法第三十二条、第三十三条从轻、减轻或者不予处罚): met when one of `keys` was read. A ground of
    行政处罚法第三十二条第（五）项 (其他依法应当从轻或者减轻), cited with the rule that makes it."""
    laws: list[str]
    articles: list[int] = Field(default_factory=list)  # penalty articles it governs; empty = the whole law
    keys: list[str]
    basis: Provision
    text: str
    # the situation is one of low gravity by the rule's own design: with a prompt correction and no harm it is read as
    # 违法行为轻微, so that 第三十三条第一款 (不予) applies, as the rule's 依照第三十三条 allows
    low_gravity: bool = False


class MinorSituation(Numbering):
    """A penalty rule that names 违法行为轻微、未造成危害后果 among its own lighter situations (食品经营许可和备案管理办法
    第五十二条第三款第（三）项): for the violations it governs 违法行为轻微 is read from the facts as in a matter not touching
    life and health (rule 5), since the rule itself allows it there; the rule is cited beside 第三十三条."""
    laws: list[str]
    articles: list[int] = Field(default_factory=list)  # penalty articles it governs; empty = the whole law
    paragraph: int | None = None  # the paragraph of those articles it governs; None: all
    basis: Provision
    text: str


class ReferralIP(BaseModel):
    """Where the suspicion of an intellectual-property crime is enough to transfer (移送规定第三条第二款)."""
    laws: set[str]
    basis: Provision


class SectorRules(BaseModel):
    """The penalty laws' own sector rules (corpus/rules/sector_rules.yaml): no-fault exemptions, repetition,
    referral clauses, and the laws whose violations touch life and health by their nature."""
    sector_exemptions: list[SectorExemption]
    statutory_repeat: list[RepeatRule] = Field(default_factory=list)
    statutory_aggravation: list[AggravationRule] = Field(default_factory=list)
    statutory_mitigation: list[MitigationRule] = Field(default_factory=list)
    minor_situations: list[MinorSituation] = Field(default_factory=list)
    referral_clauses: dict[str, list[NumberedProvision]] = Field(default_factory=dict)
    referral_basis: Provision | None = None
    referral_ip: ReferralIP | None = None
    life_health_laws: set[str] = Field(default_factory=set)
    life_health_articles: dict[str, list[int]] = Field(default_factory=dict)
    not_life_health_laws: set[str] = Field(default_factory=set)


SECTOR_RULES = REPO_ROOT / "corpus" / "rules" / "sector_rules.yaml"


@lru_cache(maxsize=4)
def load_sector_rules(path: Path = SECTOR_RULES) -> SectorRules:
    """The sector rules file, validated; a malformed entry is a ValueError naming the file and the entry."""
    import yaml
    from pydantic import ValidationError

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return SectorRules.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ValueError(f"{path}: {where}: {first['msg']}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None


# 违法行为轻微 read from the facts (rule 5, see the module docstring). Defaults of this project, not national
# rules; models.Profile has no field for them yet, so a region that reads 轻微 differently changes them here.
MINOR_AMOUNT = 500.0  # yuan: a case value (货值金额、违法所得 …) at or below this is a small scale
LIGHT_PENALTY_MAX = 10_000.0  # yuan: a clause with no minimum and at most this maximum fine is a light one
MINOR_MAX_DAYS = 90  # a stated duration of the act longer than a quarter is no 轻微 (the project's default, no national rule)
MINOR_SHORT_DAYS = 30  # a stated duration of at most a month is a small scale, like a small amount (the project's default)

STATUTORY_GROUNDS: dict[str, Provision] = {
    "mitigated_harm": Provision(law=LAW, article=32, item=1),
    "coerced": Provision(law=LAW, article=32, item=2),
    "confessed_unknown": Provision(law=LAW, article=32, item=3),
    "reported_merits": Provision(law=LAW, article=32, item=4),
    "minor_14_to_18": Provision(law=LAW, article=30),
    "statutory_mitigation": Provision(law=LAW, article=32, item=5),
}
# 指导意见 (国市监法规〔2022〕2号) article and item of each ground: 第十三条 应当从轻或者减轻, 第十四条 可以,
# 第十五条 应当从重, 第十六条 可以从重. Cited beside the statute in every tier that weighs them.
GUIDANCE_GROUNDS: dict[str, Provision] = {
    "minor_14_to_18": Provision(law=GUIDANCE, article=13, item=1),
    "mitigated_harm": Provision(law=GUIDANCE, article=13, item=2),
    "coerced": Provision(law=GUIDANCE, article=13, item=3),
    "confessed_unknown": Provision(law=GUIDANCE, article=13, item=4),
    "reported_merits": Provision(law=GUIDANCE, article=13, item=5),
    "statutory_mitigation": Provision(law=GUIDANCE, article=13, item=6),
    "mental_partial": Provision(law=GUIDANCE, article=14, item=1),
    "cooperated": Provision(law=GUIDANCE, article=14, item=2),
    "minor_violation": Provision(law=GUIDANCE, article=14, item=3),
    "first_offence_exemptible": Provision(law=GUIDANCE, article=12),
    "minor_role": Provision(law=GUIDANCE, article=14, item=4),
    "hardship": Provision(law=GUIDANCE, article=14, item=5),
    "emergency_period": Provision(law=GUIDANCE, article=15, item=1),
    "harm_serious": Provision(law=GUIDANCE, article=16, item=1),
    "instigated_others": Provision(law=GUIDANCE, article=16, item=2),
    "repeat_within_year": Provision(law=GUIDANCE, article=16, item=3),
    "refused": Provision(law=GUIDANCE, article=16, item=4),
    "evidence_tampering": Provision(law=GUIDANCE, article=16, item=6),
    "intent": Provision(law=GUIDANCE, article=16, item=7),
}
# 指导意见第十条: what each tier means (减轻 第（二）项, 从轻 第（三）项 lowest 30 %, 从重 第（四）项 highest 30 %).
TIER_DEFINITION: dict[str, Provision] = {
    "不予处罚": Provision(law=GUIDANCE, article=10, item=1), "减轻": Provision(law=GUIDANCE, article=10, item=2),
    "从轻": Provision(law=GUIDANCE, article=10, item=3), "从重": Provision(law=GUIDANCE, article=10, item=4)}
# Grounds 指导意见第十六条 lists in items (四) to (六): no longer aggravating once the act was itself punished.
PUNISHED_ONCE = ("refused", "evidence_tampering")
HARM_KEYS = ("harm_none", "harm_minor", "reach_small", "harm_occurred", "harm_serious", "harm_not_serious")
_CONTRADICTS = {
    "first_offence": {"not_first_offence", "repeat_within_year", "repeat_offence", "repeat_in_period", "statutory_repeat"},
    "corrected": {"not_corrected"},
    "purchase_checked": {"purchase_check_failed"},
    "source_explained": {"source_unexplained"},
    "no_fault": {"no_fault_unproven", "intent", "fault_shown"},
    "harm_none": {"harm_minor", "harm_occurred", "harm_serious"},
    "harm_minor": {"harm_serious"},
    "criminal_suspicion": {"no_crime"},
    "cooperated": {"refused"},
}
_AMOUNT_BASES = FINE_BASE_OF_CIRCUMSTANCE  # circumstance key → fine base (core.amounts)
_CASE_VALUE_ORDER = ("货值金额", "违法经营额", "销售额", "违法所得")
# The scale of the act a statutory minimum is weighed against (the 小过重罚 test of _reduction): what was sold or
# offered, not the profit (违法所得 is a part of it: a 5万 floor against 3,599元 of profit on a larger turnover is no 小过)
_SCALE_ORDER = ("货值金额", "违法经营额", "销售额")
_EDUCATE = "对当事人进行教育（行政处罚法第三十三条第三款）"
_CORRECT = "责令当事人改正或者限期改正违法行为（行政处罚法第二十八条第一款）"


def _contradicted(key: str) -> set[str]:
    out = set(_CONTRADICTS.get(key, set()))
    out |= {k for k, v in _CONTRADICTS.items() if key in v}
    return out


def apply_overrides(circumstances: list[Circumstance], overrides: dict[str, bool] | None) -> list[Circumstance]:
    """The officer's findings win over the text: True adds the circumstance (and drops the ones it
    contradicts), False drops it."""
    out = list(circumstances)
    for key, present in (overrides or {}).items():
        if key not in KINDS:
            raise KeyError(f"unknown circumstance key: {key}")
        out = [c for c in out if c.key != key]
        if present:
            out = [c for c in out if c.key not in _contradicted(key)]
            out.append(make_circumstance(key, source="officer"))
    return out


def amounts_from(circumstances: list[Circumstance]) -> dict[str, float]:
    """Fine bases stated in the facts (货值金额 …), largest when stated more than once. An amount said only to lie
    below a figure (货值不足一万元) stands as that figure for the tests an upper bound serves (起罚点过高), and is marked
    under `base + BELOW` so that a fine band is chosen by the bound (不足一万元 → the band below 一万元), never as if
    the amount were the figure itself."""
    exact: dict[str, float] = {}
    below: dict[str, float] = {}
    for c in circumstances:
        base = _AMOUNT_BASES.get(c.key)
        if base and isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
            if is_bound_only(c):
                below[base] = min(below.get(base, float(c.value)), float(c.value))
            else:
                exact[base] = max(exact.get(base, 0.0), float(c.value))
    out = dict(exact)
    for base, bound in below.items():
        if base not in exact:
            out[base] = bound
            out[base + BELOW] = bound
    # Goods sold are valued at what they sold for (货值金额按实际售价计算): where the facts give no goods value but the money
    # taken by selling them (一共卖了约1.16万元), that is the 货值金额 of the goods sold — what a 货值金额 multiple or band
    # is taken of, the unsold goods being none the facts tell of (sold_as_goods_value says so)
    sold = sold_amount(circumstances)
    if sold is not None and not {"货值金额", "违法经营额"} & set(out):
        out["货值金额"] = sold
    return out


# the money a selling verb brought in (卖了…元, 销售收入, 售出…): the goods' selling price, read as 违法所得 or 销售额
_SOLD_QUOTE = re.compile(r"^(?:[^，,。；]{0,6}?)(?:卖|售出|出售|销售|营业收入|销售收入)")


def sold_amount(circumstances: list[Circumstance]) -> float | None:
    """What the goods sold brought in, where the facts say it with a selling word (一共卖了约1.16万元, 销售额3200元) and
    stated exactly; None otherwise."""
    values = [float(c.value) for c in circumstances
              if c.key in ("sales", "illegal_income") and isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
              and not is_bound_only(c) and (c.key == "sales" or _SOLD_QUOTE.match(c.quote or ""))]
    return max(values) if values else None


def _short_law(name: str) -> str:
    return short_law_name(name.strip("《》 "))


class _Case:
    """The circumstances of one case, indexed, plus what the rules have noted so far."""

    def __init__(self, circumstances: list[Circumstance]):
        self.items = circumstances
        self.keys = {c.key for c in circumstances}
        self.reasons: list[str] = []
        self.questions: list[str] = []
        self.extra_basis: list[Provision] = []  # provisions applied on the way that did not decide the tier
        self.mandatory_aggravation: dict[str, Provision] = {}  # key → the law's own 应当从重 rule
        self.mitigation_basis: list[Provision] = []  # the penalty rule's own 从轻、减轻 (statutory_mitigation)
        self.low_gravity: Circumstance | None = None  # its situation, where the rule makes it one of low gravity
        self.denied: set[str] = set()  # keys the officer ruled out (officer_overrides False): never presumed
        self.added: list[Circumstance] = []  # established by the rules, not read from the facts
        self.fine_condition = ""  # TierDecision.fine_condition

    def has(self, *keys: str) -> bool:
        return any(k in self.keys for k in keys)

    def first(self, key: str) -> Circumstance | None:
        return next((c for c in self.items if c.key == key), None)

    def value(self, key: str) -> str | None:
        c = self.first(key)
        return str(c.value) if c and isinstance(c.value, str) else None

    def cite(self, key: str) -> str:
        c = self.first(key)
        if c is None:
            return KINDS[key].label
        if c.source == "officer":
            return f"{c.label}（执法人员认定）"
        return f"{c.label}（“{c.quote}”）" if c.quote and c.quote != c.label else c.label

    def ask(self, question: str) -> None:
        if question not in self.questions:
            self.questions.append(question)

    def of_effect(self, effect: str) -> list[str]:
        seen: list[str] = []
        for c in self.items:
            if c.effect == effect and c.key not in seen:
                seen.append(c.key)
        return seen

    def add(self, circumstance: Circumstance) -> None:
        if circumstance.key in self.denied:  # the officer struck it: a rule never establishes it again
            return
        self.items.append(circumstance)
        self.keys.add(circumstance.key)
        self.added.append(circumstance)

    def decide(self, tier: Tier, rule: str, basis: list[Provision], reason: str, *, mandatory: bool,
               follow_up: list[str] | None = None) -> TierDecision:
        basis = basis + [p for p in self.extra_basis if p not in basis]
        if tier in TIER_DEFINITION and rule not in ("行政处罚法30", "行政处罚法31", "行政处罚法33.1", "行政处罚法33.2", "行政处罚法36"):
            basis = basis + [TIER_DEFINITION[tier]]
        return TierDecision(tier=tier, rule=rule, basis=basis, reasons=self.reasons + [reason],
                            questions=list(self.questions), mandatory=mandatory, follow_up=follow_up or [],
                            derived=list(self.added), fine_condition=self.fine_condition)


# Readings that tell of a violation having happened: with any of them a settled complaint is still a penalty matter.
_VIOLATION_SHOWN = ("corrected", "not_corrected", "ordered_correction", "refused", "intent", "not_first_offence",
                    "repeat_within_year", "repeat_offence", "visible_defect", "hidden_defect", "illegal_income",
                    "harm_occurred", "harm_serious", "evidence_tampering", "purchase_check_failed", "source_unexplained")


# circumstances that answer a charge of violation (第三十二条's grounds, the party's plea of not knowing): a civil dispute
# read beside one is no ground to leave the matter out of the penalty procedure (a shop's papers in order, 证照齐全,
# answer no charge: a wage dispute stays one)
_DEFENCE_OF_A_VIOLATION = ("coerced", "confessed_unknown", "reported_merits", "minor_role", "instigated_others",
                           "no_fault_claimed")


# readings that tell of a violation beyond any dispute between the parties (the money gained by it, a defect of the goods,
# a record of violations, an order defied, evidence destroyed)
_BEYOND_A_DISPUTE = ("illegal_income", "not_corrected", "refused", "repeat_within_year", "repeat_offence", "not_first_offence",
                     "evidence_tampering", "visible_defect", "hidden_defect", "purchase_check_failed", "source_unexplained",
                     "intent")


# a civil-matter reading that says the seller is no trader at all (不是经营者, 自己用过的, 个人之间的买卖): a sale's price is
# then no illegal income
_NO_TRADER = re.compile(r"经营者|个人之间|个人卖家|自用|自己用|自个儿?用|用过|用旧|闲置|不是开店|不是做生意|不做生意|不卖东西|不从事|"
                        r"没有从事|并非从事|村民|邻居|亲戚|朋友|熟人|老乡|私人")


def _not_applicable(case: _Case) -> TierDecision | None:
    """Not an administrative-penalty matter: a labour or contract-debt dispute, a sale between people who are
    not traders (消费者权益保护法第三条: 经营者 only). Only where nothing points to a criminal or a regulatory
    violation being at stake beyond the dispute (a referral is decided first)."""
    if case.has("criminal_suspicion"):
        return None
    no_trader = any(c.key == "civil_matter" and _NO_TRADER.search(c.quote) for c in case.items)
    # the money in dispute read as gained (代收费和团购佣金约2.6万元一分没分给他: the partners' money, inside the dispute's
    # own words) tells of no violation beyond it
    disputes = [c.span for c in case.items if c.key == "civil_matter" and c.span]
    beyond = [k for k in _BEYOND_A_DISPUTE if any(
        c.key == k and not (c.span and any(lo <= c.span[0] and c.span[1] <= hi for lo, hi in disputes)) for c in case.items)]
    if case.has("civil_matter") and beyond and not no_trader:
        # a wage or rent owed beside money taken from consumers, a defect or a record (拖欠教练工资…仍向会员收取预付款
        # 2.76万元): the dispute is the background; the violation is weighed
        shown = beyond[0]
        case.reasons.append(f"{case.cite('civil_matter')}系违法行为的背景，事实中另有违法行为的记载（{case.cite(shown)}），"
                            f"仍按行政处罚事项裁量。")
        return None
    if case.has("civil_matter") and case.has(*_DEFENCE_OF_A_VIOLATION):
        # a debt or a contract beside a defence against the violation (被逼着收下抵账的货, 不知道没有备案): the dispute
        # is the background of a violation, not the whole matter
        case.reasons.append(f"{case.cite('civil_matter')}系违法行为的背景，事实中另有针对违法行为的情节"
                            f"（{'、'.join(KINDS[k].label for k in _DEFENCE_OF_A_VIOLATION if case.has(k))}），仍按行政处罚事项裁量。")
        return None
    if not case.has("civil_matter"):
        # a complaint settled between the parties where the check found the trader in order, and nothing in the
        # facts tells of a violation (a correction, an order, a record, a defect): a consumer dispute
        if not (case.has("mediated") and case.has("found_compliant")) or case.has(*_VIOLATION_SHOWN) or case.of_effect("aggravating"):
            return None
        return case.decide("不适用", "非行政处罚事项", [],
                           f"{case.cite('found_compliant')}，{case.cite('mediated')}：核查未发现违法行为，属于消费纠纷，"
                           f"不进入行政处罚裁量；按投诉调解处理，告知消费者协商、调解、仲裁或者诉讼的途径。",
                           mandatory=True, follow_up=["按投诉调解程序结案并告知投诉人"])
    return case.decide("不适用", "非行政处罚事项", [],
                       f"{case.cite('civil_matter')}：该事项属于民事争议或者当事人不是经营者，不属于市场监督管理行政处罚事项，"
                       f"不进入行政处罚裁量；告知当事人通过协商、调解、仲裁或者诉讼解决，或者向有权机关反映。",
                       mandatory=True, follow_up=["告知投诉人、举报人救济途径或者有权处理的机关"])


def _fined_already(case: _Case) -> TierDecision | None:
    """行政处罚法第二十九条: 对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚 — the same act fined before (by
    another authority or an earlier decision) is not fined again. The officer confirms it is the same act."""
    if not case.has("already_fined"):
        return None
    return case.decide("不予处罚", "行政处罚法29", [Provision(law=LAW, article=29)],
                       f"当事人{case.cite('already_fined')}，依《行政处罚法》第二十九条"
                       "“对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚”，不再给予罚款。", mandatory=True,
                       follow_up=["核实前次处罚决定（文号、认定的事实和期间、处罚内容）与本案系同一违法行为；"
                                  "前次处罚后又实施的，属新的违法行为，另行立案"])


def _punished_once(case: _Case) -> None:
    """指导意见第十六条第二款: an obstruction (or tampering) already punished (e.g. 公安机关行政拘留) is no longer
    an aggravating circumstance of the market-regulation penalty."""
    if not case.has("obstruction_punished"):
        return
    for key in PUNISHED_ONCE:
        if case.has(key):
            dropped = case.cite(key)
            case.items = [c for c in case.items if c.key != key]
            case.keys.discard(key)
            case.reasons.append(f"{dropped}已被行政处罚（{case.cite('obstruction_punished')}），依《{GUIDANCE}》第十六条"
                                f"“当事人因前款第四至六项所涉行为已被行政处罚的，该行为不再作为从重行政处罚情节”，不再据此从重。")
            case.extra_basis.append(Provision(law=GUIDANCE, article=16))


_CONDITIONAL_FINE = re.compile(r"逾期(?:仍)?(?:未|不)(?:改正|整改|办理|申请|改)|拒不(?:改正|整改|改)")


FINE_CONDITION_NOTE = "罚款以逾期未改正或者拒不改正为条件，事实中尚未见该条件成就，该幅度仅在条件成就时适用。"
# the same fine where the facts show the party put it right (你们指出来后我马上…收回重蒸): the condition did not occur, and
# what the law gives without it (a warning) stands
FINE_CONDITION_UNMET = "罚款以逾期未改正或者拒不改正为条件，事实显示当事人已改正，该条件未成就，不处罚款；该幅度仅在条件成就时适用。"


def fine_is_conditional(penalty: StatutoryPenalty | None, warning_too: bool = False) -> bool:
    """Whether every fine of `penalty` waits for 逾期未改正 / 拒不改正 (with `warning_too`, a warning alone that does:
    拒不改正的，给予警告)."""
    if penalty is None:
        return False
    if penalty.fines:
        return all(_CONDITIONAL_FINE.search(f.text or "") or _after_condition(penalty.text or "", f.text or "")
                   for f in penalty.fines)
    if not (warning_too and penalty.warning):
        return False
    condition, warning = _CONDITIONAL_FINE.search(penalty.text or ""), (penalty.text or "").find("警告")
    return condition is not None and warning >= condition.start()


def _after_condition(clause: str, fine: str) -> bool:
    """Whether `fine` stands in `clause` after 逾期不改正 / 拒不改正 in the same sentence (责令限期改正；逾期不改正的，没收…；
    货值金额不足1万元的，并处1万元以上5万元以下罚款: the fine waits for the overrun as the confiscation does)."""
    condition = _CONDITIONAL_FINE.search(clause)
    at = clause.find(fine.strip()[:12]) if fine.strip() else -1
    return condition is not None and at > condition.start() and "。" not in clause[condition.start():at]


def _warning_first(penalty: StatutoryPenalty | None) -> bool:
    """A warning given outright and every fine waiting for a refusal to correct (食品安全法第一百二十六条第一款)."""
    return penalty is not None and bool(penalty.warning) and bool(penalty.fines) and fine_is_conditional(penalty)


def fine_condition(penalty: StatutoryPenalty | None, circumstances: list[Circumstance]) -> str:
    """What the fine range must say when every fine of `penalty` is conditioned on 逾期未改正 / 拒不改正: not due yet
    where the facts show neither a correction nor a refusal (FINE_CONDITION_NOTE), not due at all where they show a
    correction and no refusal (FINE_CONDITION_UNMET); "" otherwise."""
    if penalty is None or not penalty.fines or not fine_is_conditional(penalty):
        return ""
    keys = {c.key for c in circumstances}
    if keys & {"not_corrected", "refused"}:
        return ""
    return FINE_CONDITION_UNMET if "corrected" in keys else FINE_CONDITION_NOTE


def fine_waits_for_refusal(penalty: StatutoryPenalty | None, circumstances: list[Circumstance]) -> bool:
    """Whether every fine of `penalty` is conditioned on 逾期未改正 / 拒不改正 and the facts show neither a correction
    nor a refusal: the fine is not due yet."""
    return fine_condition(penalty, circumstances) == FINE_CONDITION_NOTE


def _conditional_fine(case: _Case, penalty: StatutoryPenalty | None, provisions: list[Provision]) -> TierDecision | None:
    """A fine the law conditions on 逾期未改正 / 拒不改正: corrected within the time set (or on the spot) → the
    condition did not occur, no fine (the law itself); the officer is told why."""
    # a correction made on the spot once the officers pointed the flaw out leaves no time to overrun and nothing
    # refused, whether or not a written order is in the facts
    on_the_spot = any(c.key == "corrected" and c.value == ON_THE_SPOT_VALUE for c in case.items)
    if case.fine_condition == FINE_CONDITION_NOTE:
        # the fine waits for a refusal the facts do not show: say so, and ask
        case.reasons.append(f"法定罚款以“逾期未改正”或者“拒不改正”为条件（{(penalty.fines[0].text or '').strip()[:40]}），"
                            f"事实中未见当事人逾期未改正或者拒不改正：应先责令改正，条件成就后方可处以罚款。")
        case.ask("当事人是否已在责令改正的期限内改正？（罚款以逾期未改正或者拒不改正为条件）")
    if (penalty is None or not (penalty.fines or penalty.warning) or not case.has("corrected")
            or not (case.has("ordered_correction") or on_the_spot) or case.has("not_corrected")):
        return None
    # (a warning alone, 拒不改正的，给予警告: the condition must stand before the warning)
    if not fine_is_conditional(penalty, warning_too=True):
        return None
    basis = provisions[-1:]  # the penalty clause whose condition did not occur
    return case.decide("不予处罚", "罚款条件未成就" if penalty.fines else "警告条件未成就", basis,
                       f"法定{'罚款' if penalty.fines else '警告'}以“逾期未改正”或者“拒不改正”为条件"
                       f"（{(penalty.fines[0].text if penalty.fines else penalty.text).strip()[:40]}），"
                       f"当事人{case.cite('corrected')}，处罚条件未成就，不给予{'罚款' if penalty.fines else '警告'}处罚。", mandatory=True, follow_up=[_EDUCATE])


def _order_only(case: _Case, penalty: StatutoryPenalty | None, provisions: list[Provision]) -> TierDecision | None:
    """A clause that gives the conduct 责令改正 only, a penalty only where the act is 情节严重 (产品质量法第五十四条: 产品标识
    不符合第二十七条规定的，责令改正；…情节严重的，…并处罚款): with no 情节严重 in the facts there is no penalty to weigh — an
    order to correct is no administrative penalty (行政处罚法第九条、第二十八条第一款). The officer is asked whether it is
    serious."""
    if (penalty is None or penalty.fines or penalty.warning or penalty.suspend or penalty.revoke
            or not penalty.order_correction or not penalty.other
            or not all(o.startswith("情节严重") for o in penalty.other)
            or case.has("harm_serious", "harm_occurred", "not_corrected", "refused") or case.of_effect("aggravating")):
        return None
    case.ask("违法行为是否属于情节严重？（该条款仅对情节严重的规定处罚）")
    clause = provisions[-1:]
    return case.decide("不予处罚", "法定仅责令改正", clause + [Provision(law=LAW, article=28, paragraph=1)],
                       f"{clause[0].cite() if clause else '处罚条款'}对该违法行为规定责令改正，仅情节严重的才处以罚款等处罚；"
                       f"事实中未见情节严重，责令改正不属于行政处罚，不予行政处罚，依法责令当事人改正。",
                       mandatory=True, follow_up=[])


def _cite_together(provisions: list[Provision]) -> str:
    """和《规定》第三条第一款、第二款: the provisions after the first of the same law by their numbers only."""
    out, last = "", None
    for p in provisions:
        if last is not None and p.law == last.law:
            same = Provision(law=p.law, article=p.article, article_suffix=p.article_suffix).label()
            label = p.label()
            out += "、" + (label[len(same):] if p.article == last.article and label.startswith(same) else label)
        else:
            out += f"和{p.cite()}"
        last = p
    return out


def _referral(case: _Case, laws: set[str], provisions: list[Provision]) -> TierDecision | None:
    if not case.has("criminal_suspicion"):
        return None
    rules = load_sector_rules()
    sector = [_numbered_for(rules.referral_clauses[law], law, provisions) for law in sorted(laws)
              if law in rules.referral_clauses]
    sector = [p for p in sector if p is not None]
    duty = [rules.referral_basis] if rules.referral_basis else []
    if rules.referral_ip and laws & rules.referral_ip.laws:
        duty.append(rules.referral_ip.basis)
    return case.decide("移送", "行政处罚法27", [Provision(law=LAW, article=27, paragraph=1)] + duty + sector,
                       f"当事人{case.cite('criminal_suspicion')}，依《行政处罚法》第二十七条第一款"
                       + _cite_together(duty)
                       + "，应当及时将案件移送司法机关，"
                       f"不得以行政处罚代替刑事处罚。", mandatory=True,
                       follow_up=["及时移送公安机关或者司法机关", "依法不需要追究刑事责任或者免予刑事处罚但应当给予行政处罚的，待移回后再行裁量"])


def _numbered_for(clauses: list[NumberedProvision], law: str, provisions: list[Provision]) -> Provision | None:
    """The clause in the numbering of the case's provisions of `law` (the first listed where none of them is numbered
    by any), as a plain provision."""
    own = [p for p in provisions if _short_law(p.law) == law]
    chosen = next((c for c in clauses if any(c.numbers(p) for p in own)), clauses[0] if clauses else None)
    return Provision.model_validate(chosen.model_dump(include=set(Provision.model_fields))) if chosen else None


def _touches_life_health(case: _Case, laws: set[str], rules: SectorRules, provisions=()) -> bool:
    """Whether the violation 涉及生命健康安全或者金融安全 (第三十三条, 第三十六条): a life_health_laws violation or one of
    life_health_articles (产品质量法第十三条、第四十九条: goods short of the standards that 保障人体健康和人身、财产安全), a
    life_health or finance_safety circumstance, or goods of a life-and-health kind (life_health_domain: 食品, 药品,
    电梯 …) — unless every law broken is one of not_life_health_laws (prices, registration, what a trader shows: a food
    shop's licence not shown online concerns food, but its rule does not protect health)."""
    if laws & rules.life_health_laws or case.has("life_health", "finance_safety"):
        return True
    if any(p.article in rules.life_health_articles.get(_short_law(p.law), ()) for p in provisions):
        return True
    return case.has("life_health_domain") and not (laws and laws <= rules.not_life_health_laws)


def _limitation(case: _Case, act_date: str | None, discovery_date: str | None,
                decision_date: str | None, sensitive: bool = False) -> TierDecision | None:
    act_end = case.value("act_end_date")
    start_text = act_end or act_date
    if start_text is None:
        case.ask("违法行为发生（或者终了）的日期是哪天？（用于第三十六条追责时效和第三十七条从旧兼从轻）")
        return _stated_limitation(case)
    if case.has("continuing") and not act_end:
        if any("至今" in c.quote for c in case.items if c.key == "continuing"):
            return None
        case.ask("违法行为是否处于连续或者继续状态？何时终了？（第三十六条第二款从行为终了之日起计算）")
        return _stated_limitation(case)
    start = parse_date(start_text, end=True)  # the latest possible day: never bar on a doubt
    found_text = discovery_date or case.value("discovery_date") or case.value("filing_date")
    found = parse_date(found_text) if found_text else None
    if start is None:
        return _stated_limitation(case)
    if found is None:
        decided = parse_date(decision_date) if decision_date else None
        if decided is None or decided > add_years(start, 2):
            case.ask("违法行为何时被发现（接到举报、检查发现或者立案的日期）？（第三十六条）")
        return _stated_limitation(case)
    harmed = case.has("harm_minor", "harm_occurred", "harm_serious", "harm_not_serious")
    harm_unknown = not case.has(*HARM_KEYS)
    if found <= add_years(start, 2):
        return None
    if sensitive and harm_unknown and found <= add_years(start, 5):
        case.ask("是否造成危害后果？（涉及公民生命健康安全、金融安全且有危害后果的，追责期限为五年）")
        return None
    years = 5 if sensitive and harmed else 2
    if found <= add_years(start, years):
        case.extra_basis.append(Provision(law=LAW, article=36, paragraph=1))
        case.reasons.append(f"违法行为涉及公民生命健康安全或者金融安全且有危害后果，追责期限延长至五年，"
                            f"自{start_text}起至{found_text}被发现未超过五年。")
        return None
    basis = [Provision(law=LAW, article=36, paragraph=1)]
    how = "自违法行为发生之日起算"
    if act_end:
        basis.append(Provision(law=LAW, article=36, paragraph=2))
        how = "违法行为有连续或者继续状态，自行为终了之日起算"
    if "limitation_expired" in case.denied:
        case.reasons.append(f"按事实中的日期（{start_text}起至{found_text}）已逾追责期限，但执法人员认定未过期限，依执法人员认定继续裁量。")
        return None
    shown = case.first("act_end_date") if act_end else case.first("act_date")
    expired = make_circumstance("limitation_expired", value=found_text, span=shown.span if shown else None,
                                quote=shown.quote if shown else "")
    expired.label = f"{KINDS['limitation_expired'].label}（{start_text}起至{found_text}被发现，已逾{'五' if years == 5 else '二'}年）"
    case.add(expired)
    return case.decide("不予处罚", "行政处罚法36", basis,
                       f"违法行为（{start_text}，{how}）至{found_text}才被发现，已超过{'五' if years == 5 else '二'}年，"
                       f"依《行政处罚法》第三十六条不再给予行政处罚。", mandatory=True)


def _stated_limitation(case: _Case) -> TierDecision | None:
    """The facts say the period has run (早已超过法定的追责时限) and their dates neither show it nor contradict it: the
    officer's finding is followed, said so, and the dates asked for (dates that show the period open win: this is
    reached only where they do not decide)."""
    if not case.has("limitation_stated") or "limitation_expired" in case.denied:
        return None
    case.ask("请核实违法行为终了之日和发现之日，确认已超过第三十六条规定的追责期限。")
    return case.decide("不予处罚", "行政处罚法36", [Provision(law=LAW, article=36, paragraph=1)],
                       f"事实中载明{case.cite('limitation_stated')}，事实中的日期不足以另作认定，依《行政处罚法》第三十六条"
                       f"不再给予行政处罚（以执法人员核实的日期为准）。", mandatory=True)


def _capacity(case: _Case) -> TierDecision | None:
    if case.has("minor_under_14"):
        return case.decide("不予处罚", "行政处罚法30", [Provision(law=LAW, article=30)],
                           f"当事人系{case.cite('minor_under_14')}，依《行政处罚法》第三十条不予行政处罚。",
                           mandatory=True, follow_up=["责令监护人加以管教"])
    if case.has("mental_incapable"):
        return case.decide("不予处罚", "行政处罚法31", [Provision(law=LAW, article=31)],
                           f"当事人系{case.cite('mental_incapable')}，依《行政处罚法》第三十一条不予行政处罚。",
                           mandatory=True, follow_up=["责令其监护人严加看管和治疗"])
    if case.has("mental_illness"):
        case.ask("当事人违法时能否辨认或者控制自己的行为？（第三十一条）")
    if case.has("mental_lucid"):
        case.reasons.append("间歇性精神病人在精神正常时有违法行为的，应当给予行政处罚（第三十一条）。")
    return None


def _governs(laws: list[str], articles: list[int], provisions: list[Provision],
             numbering: Numbering | None = None, *, paragraph: int | None = None,
             items: list[tuple[int, int]] | None = None) -> bool:
    """Whether a rule of `laws` (limited to `articles`, to one `paragraph` of them, or to [article, 项] `items`, and to
    the versions `numbering` names) governs one of the case's provisions."""
    return any(_short_law(p.law) in laws and (not articles or p.article in articles)
               and (paragraph is None or p.paragraph == paragraph) and (not items or (p.article, p.item) in items)
               and (numbering is None or numbering.numbers(p)) for p in provisions)


def _source_from_records(case: _Case) -> None:
    """能如实说明进货来源 read from the purchase records when not stated: the records the seller's 进货查验 duty
    keeps name the supplier (食品安全法第五十三条、第六十五条: 供货者名称、地址、联系方式; 进货单、台账、供货商资质),
    so a seller who checked its purchase can say where the goods came from. Not where the facts say the source is
    unknown or the officer ruled it out; the reasons say it was inferred."""
    if not case.has("purchase_checked") or case.has("source_explained", "source_unexplained", "purchase_check_failed"):
        return
    if "source_explained" in case.denied:
        return
    checked = case.first("purchase_checked")
    source = make_circumstance("source_explained", span=checked.span, quote=checked.quote)
    source.label = f"{KINDS['source_explained'].label}（据进货查验记录认定）"
    case.add(source)
    case.reasons.append(f"事实未直接表述进货来源：当事人{case.cite('purchase_checked')}，进货查验记录载明供货者名称、联系方式，"
                        f"据此认定其能如实说明进货来源；如有相反证据，请执法人员否定该情节。")


def _no_fault(case: _Case, laws: set[str], exemptions: list[SectorExemption],
              provisions: list[Provision] | None = None, act_date: str | None = None) -> TierDecision | None:
    # knowing, or papers forged or evidence hidden (伪造进货台账): no diligence or innocence can rest on them
    faulty = case.has("intent", "fault_shown", "evidence_tampering")
    _source_from_records(case)
    displaced = False
    for ex in exemptions:
        if provisions is not None and (ex.articles or ex.from_version or ex.before_version):
            if not _governs(ex.laws, ex.articles, provisions, ex, items=ex.items):
                continue
        elif not laws & set(ex.laws):
            continue
        if ex.since and act_date and act_date < ex.since:
            continue
        displaced = True
        present = [k for k in ex.requires if case.has(k)]
        claimed = ("no_fault" in ex.requires and "no_fault" not in present and case.has("no_fault_claimed")
                   and "no_fault" not in case.denied and all(k in present for k in ex.requires if k != "no_fault"))
        if claimed:
            # the party's word that it did not know, with the lawful source documented: the sector rule's condition
            # is met on the documents; the officer confirms the claim
            present.append("no_fault")
            case.ask(ex.requires["no_fault"] + f"（{case.cite('no_fault_claimed')}，请执法人员结合进货价格、凭证核实）")
        deemed = _deemed_no_fault(case, ex, present)
        if deemed:
            present.append("no_fault")
        elif _knowing_unproven(case, ex, present):
            # the investigation found nothing showing it knew (未发现当事人明知侵权的证据), the lawful source and the
            # supplier proven: a seller's not knowing, as 商标法第六十条第二款 reads it, stands on those findings
            present.append("no_fault")
            case.ask(ex.requires["no_fault"] + f"（调查{case.cite('no_intent')}，请执法人员确认）")
        if len(present) == len(ex.requires) and not faulty:
            if deemed:
                case.ask(ex.requires["no_fault"] + "（本系统据进货查验和来源说明推定当事人不知道，请执法人员确认）")
                case.reasons.append(f"事实未直接表述当事人不知道：{case.cite('hidden_defect')}属于经检验才能发现的问题，"
                                    f"当事人{case.cite('purchase_checked')}、{case.cite('source_explained')}，"
                                    f"依{ex.rule}{'的“可以”规定' if not ex.mandatory else ''}，推定其不知道，供执法人员确认。")
            cited = "；".join(case.cite(k) for k in ex.requires)
            aggravating = case.of_effect("aggravating")
            if ex.tier in ("从轻", "减轻") and not ex.mandatory and aggravating:
                # a rule's 可以从轻或者减轻 (产品质量法第五十五条) is a discretionary ground: beside an aggravating one the
                # two are weighed (指导意见第十七条), as any mitigating and aggravating circumstances are
                agg_text = "、".join(case.cite(k) for k in aggravating)
                return case.decide("一般", RULE_MIXED, [Provision(law=GUIDANCE, article=17)] + ex.basis + _grounds(aggravating),
                                   f"{cited}，依{ex.rule}可以从轻或者减轻处罚；但当事人{agg_text}，依《{GUIDANCE}》第十七条"
                                   f"结合案件情况综合考虑，给予一般处罚。", mandatory=False, follow_up=ex.follow_up)
            return case.decide(ex.tier, ex.rule, ex.basis,
                               f"{cited}。{ex.consequence}（{'、'.join(p.cite() for p in ex.basis)}）。",
                               mandatory=ex.mandatory, follow_up=ex.follow_up + ([_EDUCATE] if ex.tier == "不予处罚" else []))
        if present and not faulty:
            for k, question in ex.requires.items():
                if not case.has(k, *_contradicted(k)):  # known either way: nothing to ask
                    case.ask(question)
    if (not displaced and not faulty and not case.has("no_fault") and case.has("no_fault_claimed") and not case.has("no_fault_unproven", "fault_shown") and "no_fault" not in case.denied
            and case.has("source_explained") and case.has("hidden_defect") and not case.has("visible_defect")
            and not case.has("purchase_check_failed")):  # (no paper asked for at the buying: no diligence to rest on)
        # the party's word backed by a documented lawful source, for a defect only testing reveals: the evidence
        # 第三十三条第二款 asks for, as the sector rules read it; the officer confirms
        case.ask(f"{case.cite('no_fault_claimed')}，{case.cite('source_explained')}，{case.cite('hidden_defect')}："
                 f"请执法人员确认上述证据足以证明其没有主观过错（第三十三条第二款）。")
        return case.decide("不予处罚", "行政处罚法33.2", [Provision(law=LAW, article=33, paragraph=2)],
                           f"{case.cite('no_fault_claimed')}，且{case.cite('source_explained')}，不合格情形须经检验才能发现"
                           f"（{case.cite('hidden_defect')}），证据足以证明其没有主观过错，依《行政处罚法》第三十三条第二款不予行政处罚。",
                           mandatory=True, follow_up=[_EDUCATE])
    if displaced or faulty or not case.has("no_fault"):
        if not displaced and not faulty and case.has("no_fault_claimed"):
            case.ask(f"{case.cite('no_fault_claimed')}：是否有证据足以证明其没有主观过错？（第三十三条第二款，本人陈述不足以证明）")
        elif not displaced and not faulty and case.has("purchase_checked", "source_explained"):
            case.ask("是否有证据足以证明当事人没有主观过错？（第三十三条第二款）")
        return None
    if not laws:
        for ex in exemptions:
            case.ask(f"违法行为是否适用《{ex.laws[0]}》？若适用，应依{ex.rule}的特别规定处理。")
    return case.decide("不予处罚", "行政处罚法33.2", [Provision(law=LAW, article=33, paragraph=2)],
                       f"当事人{case.cite('no_fault')}，有证据足以证明没有主观过错，依《行政处罚法》第三十三条第二款不予行政处罚。",
                       mandatory=True, follow_up=[_EDUCATE])


_FINDING = re.compile(r"^(?:未|没有|没|并未|均未)(?:发现|查见|见)|(?:无|没有|现无|尚无)(?:任何)?证据")


def _knowing_unproven(case: _Case, ex: SectorExemption, present: list[str]) -> bool:
    """For a rule that exempts a seller who did not know (商标法第六十条第二款, 不予 and mandatory): the officers' finding
    that no evidence shows the party knew (no_intent read from 未发现…明知的证据), with every other requirement met."""
    intent_denied = case.first("no_intent")
    return (ex.mandatory and "no_fault" in ex.requires and "no_fault" not in present and "no_fault" not in case.denied
            and all(k in present for k in ex.requires if k != "no_fault")
            and intent_denied is not None and bool(_FINDING.search(intent_denied.quote or ""))
            and not case.has("intent", "fault_shown", "no_fault_unproven"))


def _deemed_no_fault(case: _Case, ex: SectorExemption, present: list[str]) -> bool:
    """A seller's not knowing (食品安全法第一百三十六条, 食用农产品办法第四十八条, 化妆品条例第六十八条: 可以免予)
    presumed from its documented diligence: the defect could be found only by testing (hidden_defect: 检出, 超标,
    抽检不合格), the seller checked its purchase and names its source, and nothing says it knew or could see the
    defect (过期, 腐败变质, 无标签 are visible: visible_defect). Only for an exemption the law makes 可以, or one that
    says it may be presumed (SectorExemption.presumable), and the officer is asked to confirm."""
    return (ex.presumes_no_fault and "no_fault" in ex.requires and "no_fault" not in present
            and all(k in present for k in ex.requires if k != "no_fault")
            and "no_fault" not in case.denied
            and case.has("hidden_defect") and not case.has("visible_defect", "intent", "fault_shown", "no_fault_unproven"))


def _list_match(profile: Profile, kind: str, provisions: list[Provision], conduct: str) -> ListEntry | None:
    wanted = {(_short_law(p.law), p.article) for p in provisions}
    for entry in profile.lists:
        if entry.list_kind != kind:
            continue
        if any((_short_law(p.law), p.article) in wanted for p in entry.provisions):
            return entry
        if conduct and entry.keywords and all(k in conduct for k in entry.keywords):
            return entry
    return None


_PRIOR_RECORD = ("not_first_offence", "repeat_offence", "repeat_within_year", "repeat_in_period", "statutory_repeat")


def _infer_minor(case: _Case, penalty: StatutoryPenalty | None, amounts: dict[str, float],
                 sensitive: bool) -> None:
    """违法行为轻微 read from the facts when not stated (see the module docstring, rule 5): an immediate
    correction, no harm, and a small scale — a stated small count/quantity (small_scale), a small amount
    (amount_small, or a case value ≤ MINOR_AMOUNT), a short stated duration (≤ MINOR_SHORT_DAYS), or a light
    statutory penalty (no minimum, maximum fine ≤ LIGHT_PENALTY_MAX). Never where the conduct touches life and
    health, an aggravating circumstance or a prior record stands; the inferred circumstance quotes the span it
    rests on."""
    # a prior record blocks the reading, except one more than a year old (repeat_not_within_year): 第三十三条第一款
    # 前段 does not ask for a first offence, only the inference is kept conservative
    old_record_only = case.has("repeat_not_within_year") and not case.has(*[k for k in _PRIOR_RECORD if k != "not_first_offence"])
    if case.low_gravity is not None and not case.has("minor_violation") and "minor_violation" not in case.denied:
        _minor_by_rule(case)
    # a penalty whose every fine waits for a refusal to correct (责令改正，给予警告；拒不改正的，处…罚款) is the law's own
    # lightest grade, food and drugs included: there a small thing put right at once is read as the rest are
    if (case.has("minor_violation") or (sensitive and not _warning_first(penalty)) or case.of_effect("aggravating")
            or (case.has(*_PRIOR_RECORD) and not old_record_only)):
        return
    if "minor_violation" in case.denied:  # the officer struck it: never inferred again
        return
    if case.has("not_corrected", "harm_not_mitigated"):
        return
    if case.has("mitigated_harm"):  # harm made good (退款, 召回) was harm done: not 没有造成危害后果, whatever else is told
        return
    lasted = [c for c, days in _durations(case) if days > MINOR_MAX_DAYS]
    if lasted:  # 持续时间长 (过了七个多月): not 轻微, whatever the scale
        case.reasons.append(f"违法行为持续{lasted[0].value}（“{lasted[0].quote}”），超过{MINOR_MAX_DAYS}天，不认定为违法行为轻微。")
        return
    # 及时改正: a correction stated in the facts (on the spot, within the time an order set, or on the party's
    # own initiative after the discovery); a late one is written as such (未及时改正, 逾期, 拒不) and read as
    # not_corrected above. The on-the-spot form is preferred as the quote.
    corrected = next((c for c in case.items if c.key == "corrected" and c.quote.startswith(ON_THE_SPOT_WORDS)), None)
    corrected = corrected or case.first("corrected")
    if corrected is None or not case.has("harm_none") or case.has("harm_minor", "harm_occurred", "harm_serious"):
        return
    small = _small_scale(case, penalty, amounts, corrected)
    if small is None and not any(v > 0 for v in amounts.values()) and not _durations(case) and not case.has("large_count"):
        # nothing counted at all (no value, income or fee stated) in a matter not touching life and health, put
        # right at once and without harm: the act stayed within the fault itself (the project's default)
        small = corrected, "违法行为不涉及生命健康安全，未涉及货值金额、违法所得等数额，亦无持续时间较长的记载"
    if small is None:
        return
    scale, why = small
    minor = make_circumstance("minor_violation", span=scale.span, quote=scale.quote)
    minor.label = f"违法行为轻微（{why}；{corrected.quote}；{case.first('harm_none').quote}）"
    case.add(minor)
    case.reasons.append(f"事实中未直接表述“违法行为轻微”：依本系统的认定规则，违法行为已及时改正、未造成危害后果且规模很小（{why}）的，"
                        f"认定为违法行为轻微；如有相反证据，请执法人员否定该情节。")


def _durations(case: _Case, *, longest: bool = False) -> list[tuple[Circumstance, int]]:
    """Each stated length of the act in days: a count ("20天") or a period of dates, at the fewest days it can mean
    (2025年11月至2026年4月: from the last day of the start to the first day of the end) or, with `longest`, the most
    (2026年3月至4月: up to 61 days) — a long act is read at its shortest, a short one at its longest."""
    out = []
    for c in case.items:
        if c.key != "duration" or not isinstance(c.value, str):
            continue
        if c.value.endswith("天") and c.value[:-1].isdigit():
            days = int(c.value[:-1])
            more = _MORE_THAN.search(c.quote or "") if longest else None
            if more:  # 一个多月: up to 59 days; 两周多: up to 20; 二十多天: up to 29
                days += 29 if more.group("unit") == "月" else 6 if more.group("unit") in ("周", "星期") else 9
            out.append((c, days))
            continue
        start, end = case.value("act_date"), case.value("act_end_date")
        first = parse_date(start, end=not longest) if start else None
        last = parse_date(end, end=longest) if end else None
        if first and last and last > first:
            out.append((c, (last - first).days))
    return out


# a count of time told as more than it (一个多月, 二十余天, 两个来月): at its longest, nearly one unit more
_MORE_THAN = re.compile(r"[0-9一二两三四五六七八九十](?:个)?(?:多|余|来)(?:个)?(?P<unit>天|日|周|星期|月)")


def _small_scale(case: _Case, penalty: StatutoryPenalty | None, amounts: dict[str, float],
                 corrected: Circumstance | None) -> tuple[Circumstance, str] | None:
    """The sign that a violation is small, with the circumstance that shows it and why: a stated small count or
    quantity (small_scale), a small amount (amount_small, or a case value ≤ MINOR_AMOUNT), a short stated duration
    (≤ MINOR_SHORT_DAYS), or a light statutory penalty (no minimum, maximum fine ≤ LIGHT_PENALTY_MAX; shown by the
    correction `corrected`)."""
    scale = case.first("small_scale") or case.first("amount_small")
    if scale is not None:
        return scale, f"“{scale.quote}”"
    value = _case_value(amounts)
    if value and 0 < value[1] <= MINOR_AMOUNT:  # (none gained, 违法所得 0, tells nothing of the scale)
        scale = next((c for c in case.items if _AMOUNT_BASES.get(c.key) == value[0]), None)
        if scale is not None:
            return scale, f"{value[0]}{value[1]:,.0f}元，不超过{MINOR_AMOUNT:,.0f}元"
    # 贴了五天, 当天早上刚贴的 — not where a count of what was sold says the scale (9天卖出去186件)
    short = [c for c, days in _durations(case, longest=True) if days <= MINOR_SHORT_DAYS]
    if short and not case.has("large_count"):
        return short[0], f"违法行为仅持续{short[0].value}（“{short[0].quote}”）"
    if corrected is not None and _warning_first(penalty):
        return corrected, "法定处罚为警告，罚款以拒不改正为条件，属立法上较轻的违法行为"
    if corrected is not None and penalty is not None and penalty.fines:
        tops = [f.max for f in penalty.fines if f.kind == "fixed"]
        if all(f.kind == "fixed" and not f.min and f.max is not None and f.max <= LIGHT_PENALTY_MAX for f in penalty.fines):
            return corrected, f"法定罚款仅为{max(tops):,.0f}元以下，属立法上较轻的违法行为"
    return None


def _minor_exemptions(case: _Case, profile: Profile, provisions: list[Provision], conduct: str,
                      penalty: StatutoryPenalty | None, amounts: dict[str, float], sensitive: bool) -> TierDecision | None:
    aggravating = case.of_effect("aggravating")
    harm_none, harm_ok = case.has("harm_none"), case.has("harm_none", "harm_minor", "reach_small")
    corrected = case.has("corrected")
    light_entry = _list_match(profile, "轻微免罚", provisions, conduct)
    minor = case.has("minor_violation") or light_entry is not None
    if aggravating:
        if (corrected and harm_ok) or case.has("first_offence"):
            case.reasons.append(f"存在从重情节（{'、'.join(KINDS[k].label for k in aggravating)}），"
                                f"不适用《行政处罚法》第三十三条第一款不予处罚的规定。")
        return None
    if minor and corrected and harm_none:
        why = f"依{profile.display_name}轻微免罚清单{light_entry.number}认定违法行为轻微；" if light_entry else ""
        return case.decide("不予处罚", "行政处罚法33.1", [Provision(law=LAW, article=33, paragraph=1), Provision(law=GUIDANCE, article=11, item=3)] + case.mitigation_basis,
                           f"{why}{case.cite('minor_violation') if case.has('minor_violation') else '违法行为轻微'}，"
                           f"{case.cite('corrected')}，{case.cite('harm_none')}，依《行政处罚法》第三十三条第一款前段应当不予行政处罚。",
                           mandatory=True, follow_up=[_EDUCATE])
    known_uncorrected = case.has("not_corrected")
    known_harm = case.has("harm_occurred", "harm_serious")
    if not case.has("minor_violation") and light_entry is None and not known_uncorrected and not known_harm:
        case.ask("违法行为是否轻微？（轻微并及时改正、没有造成危害后果的，依第三十三条第一款应当不予处罚）")
    if not corrected and not known_uncorrected:
        case.ask("是否已及时改正？")
    if not case.has(*HARM_KEYS):
        case.ask("是否造成危害后果？后果是否轻微？")
    first = case.has("first_offence")
    if not case.has("first_offence", *_PRIOR_RECORD):
        case.ask("是否初次违法？（此前是否因同一性质违法行为受过处罚）")
    if not (first and harm_ok and corrected):
        return None
    harm = next(k for k in ("harm_none", "harm_minor", "reach_small") if case.has(k))
    facts = f"{case.cite('first_offence')}，{case.cite(harm)}，{case.cite('corrected')}"
    basis = [Provision(law=LAW, article=33, paragraph=1), Provision(law=GUIDANCE, article=12)]
    entry = _list_match(profile, "首违不罚", provisions, conduct)
    if entry:
        basis += entry.provisions
        return case.decide("免予处罚", "行政处罚法33.1后段+首违不罚清单", basis,
                           f"{facts}，符合《行政处罚法》第三十三条第一款后段及{profile.display_name}首违不罚清单"
                           f"{entry.number}“{entry.conduct}”，免予行政处罚。", mandatory=False, follow_up=[_EDUCATE])
    # 可以不予 without a list entry (指导意见第十二条 leaves it to the lists): where the conduct touches life and
    # health, decided only for a small violation; otherwise the tier is weighed and the officer told that the
    # exemption is open to them
    small = _small_scale(case, penalty, amounts, case.first("corrected")) if sensitive else None
    if sensitive and small is None:
        if "first_offence_exemptible" in case.denied:  # the officer ruled the ground out: weighed without it
            case.reasons.append(f"{facts}；执法人员认定不适用《行政处罚法》第三十三条第一款后段，亦不据此从轻，依其他情节衡量。")
            return None
        # the law allows not punishing at all, so it allows punishing lightly (举重以明轻): 可以从轻, weighed
        shown = case.first("first_offence")
        ground = make_circumstance("first_offence_exemptible", span=shown.span if shown else None,
                                   quote=shown.quote if shown else "")
        case.add(ground)
        case.reasons.append(f"{facts}，依《行政处罚法》第三十三条第一款后段可以不予行政处罚；但违法行为涉及生命健康安全，"
                            f"未列入首违不罚清单，事实中亦无显示其规模很小的情节，本系统不据此认定不予处罚，按可以从轻（举重以明轻）"
                            f"衡量，是否不予处罚由执法人员裁量。")
        case.ask("是否依《行政处罚法》第三十三条第一款后段（初次违法、危害后果轻微并及时改正）不予处罚？")
        return None
    why = f"，违法行为涉及生命健康安全，但{small[1]}" if small else ""
    return case.decide("不予处罚", "行政处罚法33.1后段", basis,
                       f"{facts}{why}，依《行政处罚法》第三十三条第一款后段可以不予行政处罚（裁量决定，非应当）。",
                       mandatory=False, follow_up=[_EDUCATE])


def _minor_by_rule(case: _Case) -> None:
    """违法行为轻微 where the penalty rule makes the situation one of low gravity (statutory_mitigation low_gravity:
    食品经营许可和备案管理办法第五十二条第三款), the act put right at once and without harm — even where the conduct touches
    life and health, since the rule itself weighs that. Not with an aggravating circumstance or a prior record."""
    if case.of_effect("aggravating") or case.has(*_PRIOR_RECORD) or case.has("not_corrected", "harm_not_mitigated"):
        return
    corrected, harmless = case.first("corrected"), case.first("harm_none")
    if corrected is None or harmless is None or case.has("harm_minor", "harm_occurred", "harm_serious"):
        return
    lasted = [c for c, days in _durations(case) if days > MINOR_MAX_DAYS]
    if lasted:  # 持续时间长: the rule lowers the gravity of the change, not of an act that went on for months
        case.reasons.append(f"违法行为持续{lasted[0].value}（“{lasted[0].quote}”），超过{MINOR_MAX_DAYS}天，不认定为违法行为轻微。")
        return
    situation = case.low_gravity
    rule = f"属于{case.mitigation_basis[-1].cite()}所列情形"
    minor = make_circumstance("minor_violation", span=situation.span, quote=situation.quote)
    minor.label = f"违法行为轻微（{rule}；{corrected.quote}；{harmless.quote}）"
    case.add(minor)
    case.reasons.append(f"事实中未直接表述“违法行为轻微”：{rule}（“{situation.quote}”），已及时改正且未造成危害后果，依该规定认定为"
                        f"违法行为轻微；如有相反证据，请执法人员否定该情节。")


def _case_value(amounts: dict[str, float], order: tuple[str, ...] = _CASE_VALUE_ORDER) -> tuple[str, float] | None:
    for base in order:
        if base in amounts:
            return base, amounts[base]
    return None


def _reduction(case: _Case, penalty: StatutoryPenalty | None, amounts: dict[str, float],
               policy: ReductionPolicy, statutory: list[str]) -> str | None:
    """Why the mitigation goes below the statutory minimum (减轻), or None for 从轻."""
    bounds = penalty_bounds(penalty, amounts) if penalty else None
    value = _case_value(amounts, _SCALE_ORDER)
    if bounds and value and value[1] > 0 and bounds[0] > policy.disproportion_ratio * value[1]:
        stated = "不足" if value[0] + BELOW in amounts else ""  # (an upper bound: the amount is smaller still)
        return (f"法定最低罚款{bounds[0]:,.0f}元超过{value[0]}{stated}{value[1]:,.0f}元的{policy.disproportion_ratio:g}倍，"
                f"起罚点明显过高，按最低额处罚仍过罚失当，适用减轻处罚（避免“小过重罚”）。")
    others = [k for k in case.of_effect("mitigating") if k not in statutory]
    if statutory and len(others) >= policy.extra_mitigators:
        return (f"除法定应当从轻或者减轻情节外，另有{'、'.join(KINDS[k].label for k in others)}等"
                f"{len(others)}项从轻情节，适用减轻处罚。")
    return None


def _weighing(case: _Case, penalty: StatutoryPenalty | None, amounts: dict[str, float],
              policy: ReductionPolicy) -> TierDecision:
    mitigating = case.of_effect("mitigating")
    aggravating = case.of_effect("aggravating")
    statutory = [k for k in mitigating if k in STATUTORY_GROUNDS]
    agg_text = "、".join(case.cite(k) for k in aggravating)
    mit_text = "、".join(case.cite(k) for k in mitigating)
    if statutory:
        # an aggravating ground beside it is weighed inside the tier: the penalty goes no lower than the minimum
        reduce = None if aggravating else _reduction(case, penalty, amounts, policy, statutory)
        basis = ([STATUTORY_GROUNDS[k] for k in statutory] + [GUIDANCE_GROUNDS[k] for k in statutory if k in GUIDANCE_GROUNDS]
                 + case.mitigation_basis)
        rule = "行政处罚法32" if any(STATUTORY_GROUNDS[k].article == 32 for k in statutory) else "行政处罚法30"
        grounds = "、".join(f"{case.cite(k)}（{STATUTORY_GROUNDS[k].cite()}）" for k in statutory)
        if aggravating:
            case.reasons.append(f"虽有从重情节（{agg_text}），但法定应当从轻或者减轻的情节不因从重情节而排除，"
                                f"从重情节在所选阶次幅度内酌情考虑，不再减轻处罚。")
        return case.decide("减轻" if reduce else "从轻", rule, basis,
                           f"当事人{grounds}，依法应当从轻或者减轻行政处罚。" + (reduce or "适用从轻处罚。"),
                           mandatory=True)
    mandatory_agg = [k for k in aggravating if k in case.mandatory_aggravation]
    if mandatory_agg:
        basis = [case.mandatory_aggravation[k] for k in mandatory_agg]
        also = f"；另有从轻情节（{mit_text}），在从重幅度内酌情考虑" if mitigating else ""
        return case.decide("从重", "法定从重", basis,
                           f"当事人{agg_text}，依{'、'.join(p.cite() for p in basis)}应当从重处罚{also}。", mandatory=True)
    if mitigating and aggravating:
        return case.decide("一般", RULE_MIXED,
                           [Provision(law=GUIDANCE, article=17)] + _grounds(mitigating + aggravating),
                           f"当事人既有从轻情节（{mit_text}），又有从重情节（{agg_text}），依《{GUIDANCE}》第十七条"
                           f"结合案件情况综合考虑，给予一般处罚。", mandatory=False)
    if aggravating:
        grounds = _grounds(aggravating)
        return case.decide("从重", RULE_AGGRAVATE, grounds,
                           f"当事人{agg_text}，无从轻、减轻情节，属于《{GUIDANCE}》"
                           f"{'、'.join(p.label() for p in grounds) or '第十六条'}规定的可以从重处罚情形，给予从重处罚。",
                           mandatory=False)
    if mitigating:
        grounds = _grounds(mitigating)
        basis = ([Provision(law=LAW, article=31)] if "mental_partial" in mitigating else []) + grounds
        reduce = _reduction(case, penalty, amounts, policy, [])
        return case.decide("减轻" if reduce else "从轻", RULE_REDUCE if reduce else RULE_MITIGATE, basis,
                           f"当事人{mit_text}，属于《{GUIDANCE}》{'、'.join(p.label() for p in grounds) or '第十四条'}"
                           f"规定的可以从轻或者减轻处罚的情形。" + (reduce or "给予从轻处罚。"),
                           mandatory=False)
    note = ""
    if case.has("first_offence"):
        note = f"初次违法本身不是从轻或者减轻处罚的情节（首违不罚还须危害后果轻微并及时改正，《{GUIDANCE}》第十二条）；"
    return case.decide("一般", RULE_GENERAL, [],
                       f"{note}未发现《行政处罚法》第三十二条及《{GUIDANCE}》第十三条至第十六条规定的从轻、减轻、从重情节，给予一般处罚。",
                       mandatory=False)


def _grounds(keys: list[str]) -> list[Provision]:
    out: list[Provision] = []
    for k in keys:
        p = GUIDANCE_GROUNDS.get(k)
        if p and p not in out:
            out.append(p)
    return out


def _drop_elements(items: list[Circumstance], conduct: str,
                   penalty: StatutoryPenalty | None) -> tuple[list[Circumstance], list[str]]:
    """An aggravating circumstance that the violation itself is defined by (故意拖延 in 消费者权益保护法第五十六条
    第一款第（八）项, 拒不改正 where the fine only follows a refusal) is an element of the offence, not a reason
    to aggravate it: the same fact is not weighed twice (过罚相当, 行政处罚法第五条)."""
    texts = [conduct] + ([f.text for f in penalty.fines if f.text] if penalty else [])
    kept, notes = [], []
    for c in items:
        if c.effect == "aggravating" and c.source == "text" and c.quote and any(c.quote in t for t in texts):
            notes.append(f"“{c.quote}”是该违法行为的构成要件，不再作为从重情节重复评价。")
            continue
        kept.append(c)
    return kept, notes


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}


_LEADING_DATE = re.compile(r"\d{4}年\d{1,2}月")  # a prior record told with its date first (2023年5月曾因…)


def _repeat_rules(case: _Case, provisions: list[Provision], decided: str | None = None) -> None:
    """repeat_in_period (五年内第二次 …) against the penalty law's own repetition rule: where it is met the
    law's 从重 applies (mandatory); otherwise ask whether the earlier penalty lies within one year. A dated prior
    penalty is measured from the act (its end, or the discovery); with none of them dated, from the decision
    (`decided`): the act comes before it, so a prior penalty within the period before the decision is within it
    before the act too."""
    for c in [c for c in case.items if c.key == "repeat_in_period"]:
        numbers = [int(ch) if ch.isdigit() else _CN_DIGITS.get(ch, 0) for ch in re.findall(r"[0-9一二两三四五六]", c.quote)]
        if len(numbers) < 2:
            continue
        years, times = numbers[0], numbers[-1]
        for rule in load_sector_rules().statutory_repeat:
            if _governs(rule.laws, rule.articles, provisions, rule) and years <= rule.years and times >= rule.times:
                hit = make_circumstance("statutory_repeat", value=c.quote, span=c.span, quote=c.quote)
                hit.label = f"{rule.text}（{rule.basis.cite()}）"
                case.add(hit)
                case.mandatory_aggravation["statutory_repeat"] = rule.basis
                break
        else:
            case.ask("前次因同一性质违法行为受到行政处罚是否在一年以内？（一年内再次违法的从重处罚）")
    if "statutory_repeat" in case.mandatory_aggravation:
        return
    # a dated prior penalty on the rule's own subject (2023年9月曾因销售侵犯…注册商标专用权的运动服被罚款) within the
    # rule's period before the act: this act is the second (商标法第六十条第二款: 五年内两次以上)
    reference = parse_date(case.value("act_end_date") or case.value("act_date") or case.value("discovery_date")
                           or decided or "", end=True)
    for c in [c for c in case.items if c.key in ("repeat_not_within_year", "repeat_within_year", "repeat_offence", "not_first_offence")
              and (isinstance(c.value, str) or _LEADING_DATE.match(c.quote or ""))]:
        # a prior record the facts date but no act date measured (2023年5月曾因卖假冒…被县局罚过): its own date
        when = c.value if isinstance(c.value, str) else read_date(c.quote)
        prior = parse_date(when)
        if reference is None or prior is None or prior > reference:
            continue
        for rule in load_sector_rules().statutory_repeat:
            subject = [law[:-1] for law in rule.laws if law.endswith("法")] + rule.subjects
            if (rule.times <= 2 and _governs(rule.laws, rule.articles, provisions, rule)
                    and any(word in c.quote for word in subject) and prior >= add_years(reference, -rule.years)):
                hit = make_circumstance("statutory_repeat", value=when, span=c.span, quote=c.quote)
                hit.label = f"{rule.text}（{rule.basis.cite()}；前次{when}）"
                case.add(hit)
                case.mandatory_aggravation["statutory_repeat"] = rule.basis
                return


def _aggravation_rules(case: _Case, provisions: list[Provision]) -> None:
    """The penalty law's own 应当从重 (statutory_aggravation in corpus/rules/sector_rules.yaml) where its facts were read."""
    for rule in load_sector_rules().statutory_aggravation:
        if not _governs(rule.laws, rule.articles, provisions, rule):
            continue
        shown = next((c for c in case.items if c.key in rule.keys and c.source == "text"
                      and (not rule.words or any(w in c.quote for w in rule.words))), None)
        if shown is not None:
            hit = make_circumstance("statutory_aggravation", value=shown.quote, span=shown.span, quote=shown.quote)
            hit.label = f"{rule.text}（{rule.basis.cite()}）"
            case.add(hit)
            case.mandatory_aggravation["statutory_aggravation"] = rule.basis
            return


def _mitigation_rules(case: _Case, provisions: list[Provision]) -> None:
    """The penalty rule's own 从轻、减轻 (statutory_mitigation in corpus/rules/sector_rules.yaml) where its facts were read:
    a ground of 行政处罚法第三十二条第（五）项, labelled with the rule that makes it."""
    for rule in load_sector_rules().statutory_mitigation:
        if not _governs(rule.laws, rule.articles, provisions, rule):
            continue
        shown = next((c for c in case.items if c.key in rule.keys and c.source == "text"), None)
        if shown is not None and not case.has("statutory_mitigation"):
            hit = make_circumstance("statutory_mitigation", value=shown.quote, span=shown.span, quote=shown.quote)
            hit.label = f"{rule.text}（{rule.basis.cite()}）"
            case.add(hit)
            case.mitigation_basis.append(rule.basis)
            if rule.low_gravity:
                case.low_gravity = hit
            return


def _fit_scheme(decision: TierDecision, profile: Profile) -> TierDecision:
    """A 5-tier scheme may lack 不予 or 免予; name the tier as the profile does, and say so."""
    if decision.tier in profile.scheme or decision.tier in ("移送", "不适用") or not profile.scheme:
        return decision
    swap = {"不予处罚": "免予处罚", "免予处罚": "不予处罚"}.get(decision.tier)
    if swap and swap in profile.scheme:
        note = f"本地裁量阶次（{profile.display_name}）未单列“{decision.tier}”，按“{swap}”表述。"
        return decision.model_copy(update={"tier": swap, "reasons": decision.reasons + [note]})
    return decision


def decide_tier(circumstances: list[Circumstance], *, penalty: StatutoryPenalty | None, profile: Profile,
                act_date: str | None = None, decision_date: str | None = None,
                discovery_date: str | None = None, provisions: list[Provision] | None = None,
                conduct: str = "", amounts: dict[str, float] | None = None,
                sector_exemptions: list[SectorExemption] | None = None,
                officer_overrides: dict[str, bool] | None = None,
                policy: ReductionPolicy = DEFAULT_REDUCTION) -> TierDecision:
    """The tier for one violation. `provisions` are the violated / penalty-basis provisions (they
    select sector rules and list entries); `amounts` (货值金额 …) default to those in the facts;
    dates default to those read from the facts."""
    items = apply_overrides(circumstances, officer_overrides)
    provisions = provisions or []
    items, element_notes = _drop_elements(items, conduct, penalty)
    case = _Case(items)
    case.denied = {k for k, v in (officer_overrides or {}).items() if not v}
    case.reasons += element_notes
    case.fine_condition = fine_condition(penalty, items)
    amounts = {**amounts_from(items), **(amounts or {})}
    laws = {_short_law(p.law) for p in provisions}
    _repeat_rules(case, provisions, decision_date or case.value("decision_date"))
    _aggravation_rules(case, provisions)
    _mitigation_rules(case, provisions)
    rules = load_sector_rules()
    exemptions = rules.sector_exemptions if sector_exemptions is None else sector_exemptions
    act = act_date or case.value("act_date")
    decided = decision_date or case.value("decision_date")
    sensitive = _touches_life_health(case, laws, rules, provisions)
    _punished_once(case)
    if case.has("emergency_period"):
        case.mandatory_aggravation["emergency_period"] = GUIDANCE_GROUNDS["emergency_period"]
    decision = (_not_applicable(case)
                or _referral(case, laws, provisions)
                or _fined_already(case)
                or _limitation(case, act, discovery_date, decided, sensitive)
                or _capacity(case)
                or _no_fault(case, laws, exemptions, provisions, act))
    if decision is None:
        decision = _conditional_fine(case, penalty, provisions) or _order_only(case, penalty, provisions)
    if decision is None:
        situation = next((m for m in rules.minor_situations
                          if _governs(m.laws, m.articles, provisions, m, paragraph=m.paragraph)), None)
        # the rule itself allows 轻微 in its matter (not the first-offence exemption, which stays weighed as food)
        _infer_minor(case, penalty, amounts, sensitive and situation is None)
        if situation is not None and case.has("minor_violation") and case.has("harm_none"):
            case.mitigation_basis.append(situation.basis)
            case.reasons.append(f"违法行为轻微且未造成危害后果，属于{situation.basis.cite()}所列情形（{situation.text}）。")
        decision = _minor_exemptions(case, profile, provisions, conduct, penalty, amounts, sensitive) or _weighing(case, penalty, amounts, policy)
    if case.has("targets_vulnerable") and decision.tier not in ("从重", "移送", "不适用"):
        shown = case.first("targets_vulnerable")
        decision = decision.model_copy(update={"questions": decision.questions + [
            f"违法行为以特殊群体为主要对象（“{shown.quote}”）：《{GUIDANCE}》第十六条未列此情形（第（七）项“其他依法可以从重”须有"
            f"法律依据），本系统未据此从重；本地裁量基准如列为从重情形，请据以裁量。"]})
    if decision.tier not in NO_FINE_TIERS:
        extra = [q for q in fine_questions(penalty, amounts) if q not in decision.questions]
        decision = decision.model_copy(update={
            "questions": decision.questions + extra,
            "follow_up": decision.follow_up + [_CORRECT] + (["没收违法所得（第二十八条第二款）"] if "违法所得" in amounts else [])})
    elif decision.tier not in ("移送", "不适用"):
        decision = decision.model_copy(update={"follow_up": decision.follow_up + [_CORRECT]})
    return _fit_scheme(decision, profile)
