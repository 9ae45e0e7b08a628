"""Typed records of the discretion domain: provisions, statutory penalties, violation items,
regional profiles, cases, circumstances and assessments. Pure data; rules live elsewhere."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

from core.records import NATIONAL

WORDING_CHECK = "违反条款系据条文用语匹配，请办案人员核对"  # shown beside a conduct rule matched by wording
# The internal six-tier scale plus referral. Regional 4/5-tier schemes map onto it (see Profile).
# 不适用 is no tier of a penalty: the matter is not an administrative-penalty matter at all (a consumer dispute
# for mediation, a labour or B2B debt dispute, a private sale between non-traders).
Tier = Literal["不予处罚", "免予处罚", "减轻", "从轻", "一般", "从重", "移送", "不适用"]
TIERS: tuple[str, ...] = ("不予处罚", "免予处罚", "减轻", "从轻", "一般", "从重", "移送", "不适用")
NON_PENALTY_OUTCOMES: tuple[str, ...] = ("不适用",)


class Provision(BaseModel):
    """A pointer into a law: 《食品安全法》第一百二十四条第一款第（五）项."""
    law: str  # short name (食品安全法) or full title; resolved against the corpus when checked
    article: int
    article_suffix: int = 0  # 之一
    paragraph: Optional[int] = None  # 款
    item: Optional[int] = None  # 项
    version: str = ""  # filled when resolved for an act date

    def label(self) -> str:
        from core.numerals import provision_label  # local import keeps models dependency-free at import time
        return provision_label(self.article, self.article_suffix, self.paragraph, self.item)

    def cite(self) -> str:
        return f"《{self.law}》{self.label()}"


class Numbering(BaseModel):
    """The versions of a law whose article numbers a rule is written in (商标法 2019: 第六十条第二款; the 2026 revision,
    in force 2027-01-01: 第七十四条第二款): a rule governs a provision of one of those versions only. `from_version`
    and `before_version` are version dates; none = every version. A provision of no version (an authored item in its
    own numbering) is of the oldest: it is governed by a rule with no `from_version`."""
    from_version: str = ""
    before_version: str = ""

    def numbers(self, p: Provision) -> bool:
        if self.from_version and (not p.version or p.version < self.from_version):
            return False
        return not (self.before_version and p.version and p.version >= self.before_version)


FineBase = Literal["货值金额", "违法所得", "违法经营额", "销售额", "广告费用", "营业额", "标的额", "价款"]


class Threshold(BaseModel):
    """A condition on an amount, e.g. 货值金额不足一万元 → base=货值金额, op='<', value=10000."""
    base: FineBase
    op: Literal["<", "<=", ">=", ">"]
    value: float


class FineRule(BaseModel):
    """One fine clause. Either a fixed yuan range or a multiple of a base amount."""
    kind: Literal["fixed", "multiple"]
    min: Optional[float] = None  # yuan (fixed) or multiple (multiple)
    max: Optional[float] = None
    base: Optional[FineBase] = None  # for kind == multiple
    condition: Optional[Threshold] = None  # applies only when the threshold holds
    text: str = ""  # the clause as written
    base_floor: Optional[float] = None  # a multiple's base counts as at least this (…不足一万元的，按一万元计算)


class StatutoryPenalty(BaseModel):
    """法定处罚种类和幅度, parsed from a 法律责任 clause."""
    warning: bool = False
    fines: list[FineRule] = Field(default_factory=list)
    confiscate: list[str] = Field(default_factory=list)  # 违法所得, 违法生产经营的食品, 工具 …
    suspend: bool = False  # 责令停产停业
    revoke: bool = False  # 吊销许可证 / 营业执照
    order_correction: bool = False  # 责令改正
    other: list[str] = Field(default_factory=list)
    text: str = ""


class TierStandard(BaseModel):
    """One row of a benchmark item: 裁量阶次 → 适用条件 → 裁量标准."""
    tier: Tier
    conditions: str = ""
    standard: str = ""
    fine_min: Optional[float] = None
    fine_max: Optional[float] = None


class ViolationItem(BaseModel):
    """A discretion benchmark item (违法行为 → 违反条款 → 处罚依据 → 法定幅度 → 阶次)."""
    item_id: str
    conduct: str  # 违法行为
    violated: list[Provision] = Field(default_factory=list)  # 违反条款
    # where 违反条款 comes from when the clause does not name it: "" (the statute or the author), "decisions"
    # (published decisions cite the pair), "wording" (matched by the statute's wording: shown, to be checked)
    violated_source: Literal["", "decisions", "wording"] = ""
    penalty_basis: list[Provision] = Field(default_factory=list)  # 处罚依据
    penalty: StatutoryPenalty = Field(default_factory=StatutoryPenalty)  # 法定处罚种类和幅度
    tiers: list[TierStandard] = Field(default_factory=list)
    note: str = ""  # 备注
    # the words of the rule a conduct named only by reference breaks (经营者违反本法第七条规定实施混淆行为 → 第七条's
    # text): searched with the item so that the conduct is found in the words people use; never shown as the conduct
    rule_text: str = ""
    region: str = NATIONAL
    issuer: str = ""
    version: str = ""
    effective: str = ""
    origin: Literal["derived", "authored", "office"] = "derived"
    source: str = ""


class ListEntry(BaseModel):
    """An entry of an office's 首违不罚 / 轻微免罚 / 从轻减轻 list."""
    list_kind: Literal["首违不罚", "轻微免罚", "从轻减轻", "不予强制"]
    number: str = ""
    conduct: str
    provisions: list[Provision] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class Profile(BaseModel):
    """A region's discretion profile: tier scheme, how a tier maps into the statutory range, its lists."""
    profile_id: str
    region: str = NATIONAL
    issuer: str = ""
    version: str = ""
    effective: str = ""
    scheme: list[Tier]  # 5 or 6 tiers (plus 移送 implicitly)
    # Fractions of the statutory range [min, max] that each tier may use: 从轻 [0, 0.3] …
    range_fractions: dict[str, tuple[float, float]] = Field(default_factory=dict)
    # 减轻: fraction of the statutory minimum that a reduced fine may go down to (e.g. 0.1 → ≥10% of min).
    mitigated_floor: float = 0.0
    lists: list[ListEntry] = Field(default_factory=list)
    notes: str = ""

    @property
    def display_name(self) -> str:
        """How an officer reads the profile's name in a reason: its issuer, else its region's 裁量基准."""
        return self.issuer or f"{self.region}裁量基准"


class CaseProvisions(BaseModel):
    violated: list[Provision] = Field(default_factory=list)
    penalty_basis: list[Provision] = Field(default_factory=list)
    discretion_basis: list[str] = Field(default_factory=list)  # provisions or named documents, as text


class CasePenalty(BaseModel):
    fine: Optional[float] = None  # yuan
    confiscated_income: Optional[float] = None
    confiscated_goods: str = ""
    other: str = ""


class CaseRecord(BaseModel):
    case_id: str
    source_id: str = ""  # C01 … for the seed cases
    title: str
    region: str = ""
    date: str = ""  # YYYY-MM-DD or YYYY-MM
    facts: str
    evidence: list[str] = Field(default_factory=list)
    provisions: CaseProvisions = Field(default_factory=CaseProvisions)
    tier: str  # one of TIERS, or 调解 / 混合 for the cases that are no penalty decision
    penalty: CasePenalty = Field(default_factory=CasePenalty)
    outcome: str = ""
    significance: str = ""
    visibility: Literal["public", "internal"] = "public"
    synthetic: bool = False
    source: str = ""  # where the case was published (URL) or the file it came from
    domain: str = ""  # 食品安全, 广告, 价格 … (empty: derived from the cited law, see ingest.cases.case_domain)
    circumstances: list[str] = Field(default_factory=list)  # circumstance keys (assistant.circumstances.KINDS)


class Circumstance(BaseModel):
    """A fact that matters for discretion, with the text span it was read from."""
    key: str  # first_offence, harm_none, harm_minor, harm_serious, corrected, no_fault, …
    label: str  # 初次违法 …
    value: Optional[float | bool | str] = True
    span: tuple[int, int] | None = None
    quote: str = ""
    effect: Literal["mitigating", "aggravating", "exempting", "neutral", "referral", "not_applicable"] = "neutral"
    source: Literal["text", "officer"] = "text"


class FineRange(BaseModel):
    """The recommended fine, in yuan, with how it was computed."""
    min: Optional[float] = None
    max: Optional[float] = None
    unit: str = "元"
    basis: str = ""
    # where the law conditions the fine on an event the facts do not yet show (逾期未改正 / 拒不改正): said beside
    # the range, which applies only once it occurs
    condition: str = ""


class ViolationMatch(BaseModel):
    """A violation item matched to the facts."""
    item_id: str
    conduct: str
    violated: list[Provision] = Field(default_factory=list)
    violated_source: str = ""  # "wording": 违反条款 matched by the statute's wording, to be checked (ViolationItem)
    penalty_basis: list[Provision] = Field(default_factory=list)
    penalty: StatutoryPenalty = Field(default_factory=StatutoryPenalty)
    score: float = 0.0
    region: str = NATIONAL
    origin: str = "derived"

    @property
    def rule_to_check(self) -> bool:
        return bool(self.violated) and self.violated_source == "wording"


def own_penalty_basis(meta: dict) -> list[dict]:
    """An item's penalty clauses less the other law's clause a derived item cites beside its own (依照《食品安全法》第
    一百二十六条第一款的规定给予处罚): that one says what the penalty is, not what the conduct is, and the statute
    graph links it through `referred_provisions`."""
    basis = meta.get("penalty_basis") or []
    return basis[:1] if meta.get("origin", "derived") == "derived" else basis


class ItemOutcome(BaseModel):
    """What the rules decide if a candidate violation item other than the first is the one established."""
    item_id: str
    tier: Tier
    rule: str = ""


class SimilarCase(BaseModel):
    case_id: str
    source_id: str = ""
    title: str
    region: str = ""
    date: str = ""
    tier: str = ""
    penalty: CasePenalty = Field(default_factory=CasePenalty)
    provisions: CaseProvisions = Field(default_factory=CaseProvisions)
    score: float = 0.0
    why: str = ""  # shared provisions / items / circumstances, in Chinese
    domain: str = ""
    source: str = ""
    circumstances: list[str] = Field(default_factory=list)  # the case's circumstance keys (stated or read)
    match: str = ""  # how the conduct matched: violated / penalty_basis / facts


class Consistency(BaseModel):
    """类案同罚: where a tier and amount lie against comparable cases."""
    verdict: Literal["inside", "above", "below", "no_comparable"]
    message: str = ""
    cases: list[str] = Field(default_factory=list)  # case ids that show it


class Statement(BaseModel):
    """One point of the party's 陈述申辩 and the answer to it."""
    point: str
    adopted: Optional[bool] = None
    reason: str = ""


class Assessment(BaseModel):
    """Everything the officer's case workflow produces for one set of facts."""
    id: str = ""
    facts: str
    act_date: str = ""
    as_of: str = ""
    region: str = NATIONAL
    party: str = ""
    evidence: list[str] = Field(default_factory=list)
    violations: list[ViolationMatch] = Field(default_factory=list)  # candidates, best first
    confirmed: list[str] = Field(default_factory=list)  # item_ids the officer confirmed
    # the first item is no clear choice: a candidate punished by another article scored close to it (ITEM_MARGIN);
    # the officer is asked to confirm the item, and told the tier each close candidate would give
    item_uncertain: bool = False
    alternatives: list[ItemOutcome] = Field(default_factory=list)
    circumstances: list[Circumstance] = Field(default_factory=list)
    tier: Tier = "一般"
    tier_rule: str = ""
    tier_basis: list[Provision] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    mandatory: bool = False
    fine_range: Optional[FineRange] = None
    confiscation: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    similar_cases: list[SimilarCase] = Field(default_factory=list)
    consistency: Optional[Consistency] = None
    statements: list[Statement] = Field(default_factory=list)
    # 行政处罚法第三十七条 但书: the laws whose later, lighter version applies (short name → the decision date, on which
    # their text is read); every other law is read as in force on the act date
    laws_as_of: dict[str, str] = Field(default_factory=dict)

    def established(self) -> list[ViolationMatch]:
        """The violations a decision may state: those the officer confirmed, else the best match only."""
        if self.confirmed:
            return [v for v in self.violations if v.item_id in self.confirmed]
        return self.violations[:1]

