"""Comparable cases (类案) and the 类案同罚 check.

A case is comparable only when it concerns the same conduct. In order:
1. conduct: the case's 违反条款 (provisions.violated) match a violated provision of the matched violation
   items ("violated"), else its 处罚依据 match the items' penalty clause with no conflicting 违反条款
   ("penalty_basis"); a case that cites no specific provision at all may still match on its facts alone when
   they are very close (dense similarity ≥ FACTS_ONLY_FLOOR, "facts"). Two provisions match when law and article
   are the same and neither 款 nor 项 differ where both state one.
2. circumstances shared (Jaccard over circumstance keys: the case's `circumstances`, else read from its facts);
3. amounts close (log scale, same kind of amount preferred);
4. dense similarity of the facts, as a tie-breaker only.
A case below the floor is not returned: no comparable case is an answer ("未找到可比案件"), a far case is not.
A referral (移送) case or a case with 涉嫌犯罪 is a peer only when the facts point there too.
"""
from __future__ import annotations

import math
import threading
from functools import lru_cache

from assistant.circumstances import KINDS, find_circumstances
from core.amounts import yuan
from core.lawnames import laws_of, short_law_name
from core.models import CaseRecord, Circumstance, Consistency, Provision, SimilarCase, ViolationMatch
from core.numerals import find_thresholds
from retriever.filters import SearchFilter

# The order of severity used to compare outcomes; 移送, 调解 and 混合 are not on this scale.
SEVERITY = {"不予处罚": 0, "免予处罚": 1, "减轻": 2, "从轻": 3, "一般": 4, "从重": 5}
NO_COMPARABLE = "未找到可比案件"

# Conduct levels (the first criterion) and the weights of the later ones; a later criterion never lifts
# a case over a better conduct level (their weights sum to less than one level).
CONDUCT_LEVEL = {"retold": 5.0, "violated": 3.0, "penalty_basis": 2.0, "facts": 1.0}
SECONDARY_ITEM = 0.5  # at most this is lost when matched through the 2nd/3rd candidate item (see _item_lags)
ITEM_BEHIND = 0.3  # an item this far behind the best (share of its score) is no candidate at all
ITEM_LAG = 10.0  # … per share of the best item's match score it falls behind (10% behind → the full 0.5 is lost)
W_CIRCUMSTANCES = 0.45
W_AMOUNT = 0.3
W_DENSE = 0.2
FACTS_ONLY_FLOOR = 0.93  # dense cosine a case without a matching provision needs to count as comparable
# The same case told again: the nearest case by dense similarity, this close and this far ahead of the next one,
# is the same conduct whatever the matched items say (set on the odd paraphrases, eval/gold/case_paraphrases).
PRIMARY_SUPPORT_RANK = 40  # the best item's cases must be among this many nearest cases by dense similarity
SUPPORT_RANK = 20  # a 2nd/3rd candidate item's cases must be among this many nearest cases by dense similarity
ANCHOR_FLOOR = 0.905  # the nearest case names a conduct rule when its dense cosine reaches this
NEIGHBOUR_DISCOUNT = 0.0  # a rule named only by the nearest case weighs as much as one named by the matched item
AGREEMENT = 0.5  # … and adds this when both name it
RETOLD_FLOOR = 0.905
RETOLD_SPREADS = 2.0  # … and ahead of the second by this many standard deviations of the cloud (see _cloud)
CLOUD = 30
SUPPORT_SPREADS = 1.4  # cases matched through the items alone need one of them this far above the cloud's mean
MIN_SPREAD = 0.001
DENSE_SPREADS = 4.0  # the tie-breaker is full for a case this many standard deviations above the cloud's mean
AMOUNT_DECADES = 2.0  # amounts two orders of magnitude apart are not "close" at all
GENERIC_LAWS = ("行政处罚法", "市场监督管理行政处罚程序规定", "行政强制法")
_AMOUNT_KEYS = ("goods_value", "illegal_income", "business_volume", "sales", "ad_fee", "case_value")
_NOT_COMPARED = {"act_date", "act_end_date", "discovery_date", "filing_date", "decision_date", *_AMOUNT_KEYS}
REFERRAL_KEYS = {"criminal_suspicion"}


def _law(name: str) -> str:
    return short_law_name(name.strip("《》 "))


def _specific(provisions: list[Provision]) -> list[Provision]:
    return [p for p in provisions if _law(p.law) not in GENERIC_LAWS]


def same_provision(a: Provision, b: Provision) -> bool:
    """Same law and article; 款 and 项 must agree where both state one."""
    if _law(a.law) != _law(b.law) or a.article != b.article or a.article_suffix != b.article_suffix:
        return False
    if a.paragraph is not None and b.paragraph is not None and a.paragraph != b.paragraph:
        return False
    return not (a.item is not None and b.item is not None and a.item != b.item)


def _shared(mine: list[Provision], theirs: list[Provision]) -> list[Provision]:
    return [t for t in theirs if any(same_provision(m, t) for m in mine)]


def conduct_match(violation: ViolationMatch, case: CaseRecord) -> tuple[str, list[Provision]]:
    """("violated" | "penalty_basis" | "", the case's provisions that match) for one violation item."""
    item_violated, case_violated = _specific(violation.violated), _specific(case.provisions.violated)
    shared = _shared(item_violated, case_violated)
    if shared:
        return "violated", shared
    if item_violated and any(_law(c.law) in {_law(i.law) for i in item_violated} for c in case_violated):
        return "", []  # both state the violated rule of the same law, and the rules differ: another conduct
    shared = _shared(_specific(violation.penalty_basis), _specific(case.provisions.penalty_basis))
    return ("penalty_basis", shared) if shared else ("", [])


# ------------------------------------------------------------------ the case base, held per retriever

class _CaseBase:
    def __init__(self, retriever):
        self.cases: dict[str, CaseRecord] = {}
        for record in retriever.store.iter_records("case"):
            try:
                self.cases[record.id] = CaseRecord.model_validate(record.meta)
            except Exception:  # a record that is not a case (or an older shape) is skipped
                continue
        self.profiles: dict[str, tuple[set[str], dict[str, float]]] = {}
        self.lock = threading.Lock()

    def profile(self, rid: str) -> tuple[set[str], dict[str, float]]:
        """(circumstance keys, amounts) of a case: its stated keys, else those read from its facts; amounts
        are always read from the facts."""
        with self.lock:
            if rid not in self.profiles:
                case = self.cases[rid]
                found = find_circumstances(case.facts)
                keys = {k for k in case.circumstances if k in KINDS} or {c.key for c in found}
                self.profiles[rid] = (keys - _NOT_COMPARED, _amounts(found, case.facts))
            return self.profiles[rid]


_BASES: dict[int, tuple[object, _CaseBase]] = {}
_BASES_LOCK = threading.Lock()


def case_base(retriever) -> _CaseBase:
    """Every indexed case, loaded once per retriever (a few hundred to a few thousand records)."""
    with _BASES_LOCK:
        held = _BASES.get(id(retriever))
        if held is None or held[0] is not retriever:
            held = (retriever, _CaseBase(retriever))
            _BASES[id(retriever)] = held
        return held[1]


def _amounts(circumstances: list[Circumstance], text: str = "") -> dict[str, float]:
    """The amounts of the act, by kind. A figure inside an upper bound (货值未超过500元, 不足一万元, 5000元以下)
    states a threshold the amount stays under, not the amount, and is left out."""
    bounds = [t.span for t in find_thresholds(text) if t.op in ("<", "<=")] if text else []
    out: dict[str, float] = {}
    for c in circumstances:
        if c.key in _AMOUNT_KEYS and isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and c.value > 0:
            if c.span and any(c.span[0] < hi and lo < c.span[1] for lo, hi in bounds):
                continue
            out[c.key] = max(out.get(c.key, 0.0), float(c.value))
    return out


def amount_closeness(mine: dict[str, float], theirs: dict[str, float]) -> tuple[float, str, float, float]:
    """(closeness 0..1, kind, my amount, their amount): the closest pair on a log scale, same kind first."""
    if not mine or not theirs:
        return 0.0, "", 0.0, 0.0
    same = [(k, mine[k], theirs[k]) for k in mine if k in theirs]
    pairs = same or [(k, a, b) for k, a in mine.items() for b in theirs.values()]
    kind, a, b = min(pairs, key=lambda t: abs(math.log10(t[1] / t[2])))
    close = max(0.0, 1.0 - abs(math.log10(a / b)) / AMOUNT_DECADES)
    return (close if same else close * 0.5), kind, a, b


def _dense_cosines(facts: str, retriever, flt: SearchFilter, n: int) -> dict[str, float]:
    dense = getattr(retriever, "dense", None)
    if dense is None or n == 0:
        return {}
    try:
        return dict(dense.search(facts, n, flt, allowed=retriever._allowed(flt)))
    except Exception:
        return {}


def _item_lags(violations: list[ViolationMatch]) -> list[float]:
    """What matching through each candidate item costs: nothing for the best; for a later one, in proportion to
    how far its match score falls behind the best (a near tie costs little), at most SECONDARY_ITEM."""
    if not violations:
        return []
    best = max(violations[0].score, 1e-9)
    lags = [max(0.0, best - v.score) / best for v in violations]
    return [0.0] + [min(SECONDARY_ITEM, ITEM_LAG * x) if x <= ITEM_BEHIND else math.inf for x in lags[1:]]


def _cloud(ranked: list[tuple[float, str]]) -> tuple[float, float]:
    """(mean, standard deviation) of the cosines of the nearest cases after the first (CLOUD of them): how alike
    this embedder finds cases of this kind of facts. Cosines of one embedder crowd into a narrow band whose
    place moves with the wording, so a case counts as near by how far it stands out of that cloud."""
    values = [c for c, _ in ranked[1:CLOUD + 1]]
    if len(values) < 2:
        return (values[0] if values else 0.0), 1.0
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return mean, max(spread, MIN_SPREAD)


def _yuan(x: float) -> str:
    return yuan(x, "figures")


def _labels(keys) -> str:
    return "、".join(KINDS[k].label for k in sorted(keys, key=list(KINDS).index) if k in KINDS)


def _same_law(case, item: ViolationMatch) -> bool:
    """Whether the case cites a law of the matched item's provisions (or cites none to compare)."""
    theirs = laws_of(case.provisions.violated + case.provisions.penalty_basis)
    mine = laws_of(item.violated + item.penalty_basis)
    return not theirs or not mine or bool(theirs & mine)


def find_similar_cases(facts: str, retriever, *, k: int = 5, violations: list[ViolationMatch] | None = None,
                       visibility: tuple[str, ...] = ("public", "internal"), region: str | None = None,
                       circumstances: list[Circumstance] | None = None, tier: str | None = None) -> list[SimilarCase]:
    """The comparable cases for the facts, best first; [] when none reaches the floor (see the module doc).
    `violations`: the matched violation items, best first (the officer's confirmed ones when there are);
    `circumstances`: those of the facts (read from them when not given); `tier`: the proposed tier
    (移送 admits referral cases as peers)."""
    base = case_base(retriever)
    allowed = {rid for rid, c in base.cases.items() if c.visibility in visibility}
    if not allowed or not (facts or "").strip():
        return []
    found = circumstances if circumstances is not None else find_circumstances(facts)
    my_keys = {c.key for c in found} - _NOT_COMPARED
    my_amounts = _amounts(found, facts)
    criminal = tier == "移送" or bool(my_keys & REFERRAL_KEYS)
    flt = SearchFilter(doc_types=("case",), visibility=visibility)
    cosines = _dense_cosines(facts, retriever, flt, len(base.cases))
    ranked = sorted(((c, r) for r, c in cosines.items() if r in allowed), reverse=True)
    centre, spread = _cloud(ranked)
    retold = ranked[0][1] if ranked and ranked[0][0] >= RETOLD_FLOOR and \
        (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= RETOLD_SPREADS * spread) else None
    dense_rank = {r: i for i, (_, r) in enumerate(ranked)}
    # The nearest case, when near enough, names a conduct rule too: its own violated provisions.
    anchor = base.cases[ranked[0][1]] if ranked and ranked[0][0] >= ANCHOR_FLOOR else None
    if anchor is not None and violations and not _same_law(anchor, violations[0]):
        anchor = None  # the nearest case under another law than the matched conduct's (a food case beside a fertiliser's)
    anchor_rule = ViolationMatch(item_id="case", conduct="", violated=anchor.provisions.violated,
                                 penalty_basis=anchor.provisions.penalty_basis) if anchor else None
    lag = _item_lags(violations or [])
    through_item: dict[str, tuple[int, str]] = {}  # case → (item, level) it is comparable through, when through an item alone
    support: dict[tuple[int, str], float] = {}  # (item, level) → how far the nearest of its cases stands out of the cloud
    out: list[SimilarCase] = []
    for rid in allowed:
        case = base.cases[rid]
        case_keys, case_amounts = base.profile(rid)
        if not criminal and (case.tier == "移送" or case_keys & REFERRAL_KEYS):
            continue
        cosine = cosines.get(rid, 0.0)
        level, shared, conduct, items_only = "", [], 0.0, False
        for i, v in enumerate(violations or []):
            if dense_rank.get(rid, len(dense_rank)) >= (SUPPORT_RANK if i else PRIMARY_SUPPORT_RANK):
                continue  # an item's cases count only where the facts also read somewhat alike
            got, provs = conduct_match(v, case)
            if got:
                support[i, got] = max(support.get((i, got), -math.inf), (cosine - centre) / spread)
            if got and CONDUCT_LEVEL[got] - lag[i] > conduct:
                level, shared, conduct, items_only = got, provs, CONDUCT_LEVEL[got] - lag[i], True
                through = i, got
        if anchor is not None:
            got, provs = conduct_match(anchor_rule, case)
            itself = rid == ranked[0][1]
            if itself and not got:
                got = "penalty_basis"  # the nearest case itself, where it names no specific rule
            if got:
                # the nearest case is its own conduct, whichever provisions it happens to cite
                via_anchor = CONDUCT_LEVEL["violated" if itself else got] - NEIGHBOUR_DISCOUNT
                if level:
                    conduct += AGREEMENT  # the matched item and the nearest case point to the same rule
                    items_only = False
                elif via_anchor > conduct:
                    level, shared, conduct, items_only = got, provs, via_anchor, False
        if rid == retold:
            level, shared, conduct, items_only = "retold", [], CONDUCT_LEVEL["retold"], False
        elif not level:
            if _specific(case.provisions.violated) or _specific(case.provisions.penalty_basis) \
                    or cosine < FACTS_ONLY_FLOOR:
                continue  # a case that names its conduct rule and shares none is another conduct
            level, conduct = "facts", CONDUCT_LEVEL["facts"]
        if items_only:
            through_item[case.case_id] = through
        both = my_keys & case_keys
        union = my_keys | case_keys
        circ = len(both) / len(union) if union else 0.0
        close, kind, mine, theirs = amount_closeness(my_amounts, case_amounts)
        dense = min(1.0, max(0.0, (cosine - centre) / (DENSE_SPREADS * spread)))
        score = (conduct + W_CIRCUMSTANCES * circ + W_AMOUNT * close
                 + W_DENSE * dense + (0.05 if region and region in case.region else 0.0))
        why = []
        if level == "retold":
            why.append("案情与本案高度一致（疑为同一案件或同一行为）")
        elif level == "facts":
            why.append("案情高度相近（未载明违反条款）")
        else:
            what = "违反" if level == "violated" else "处罚依据同为"
            why.append(f"同一违法行为（{what}{'、'.join(p.cite() for p in shared)}）")
        if both:
            why.append(f"共同情节：{_labels(both)}")
        if kind:
            why.append(f"{KINDS[kind].label}本案{_yuan(mine)}、类案{_yuan(theirs)}")
        out.append(SimilarCase(case_id=case.case_id, source_id=case.source_id, title=case.title, region=case.region,
                               date=case.date, tier=case.tier, penalty=case.penalty, provisions=case.provisions,
                               score=round(score, 4), why="；".join(why), domain=case.domain, source=case.source,
                               circumstances=sorted(case_keys), match=level))
    # An item none of whose cases reads like the facts is not borne out by the cases' own text (a wrongly matched
    # item, or conduct the case base does not hold): the cases comparable through it alone are left out.
    out = [c for c in out if c.case_id not in through_item
           or support.get(through_item[c.case_id], -math.inf) >= SUPPORT_SPREADS]
    out.sort(key=lambda c: (-c.score, c.case_id))
    return out[:k]


# ------------------------------------------------------------------ 类案同罚

MITIGATING = ("mitigating", "exempting")
_ARTICLE_33_FACTS = ("first_offence", "corrected", "not_corrected", "harm_none", "harm_minor", "reach_small", "harm_occurred")


def _difference(my_keys: set[str], case: SimilarCase) -> str:
    """Circumstances that tell the two apart: "本案及时改正、未造成危害后果；类案一年内…"."""
    # Neutral for the tier bands (指导意见: 初次违法、及时改正、无危害 alone are no ground for 从轻), but the facts
    # 行政处罚法第三十三条 turns on, so they tell a 不予处罚 case from a penalised one.
    relevant = {k for k in KINDS if KINDS[k].effect != "neutral" or k in _ARTICLE_33_FACTS}
    mine = (my_keys - set(case.circumstances)) & relevant
    theirs = (set(case.circumstances) - my_keys) & relevant
    parts = []
    if mine:
        parts.append("本案" + _labels(mine))
    if theirs:
        parts.append("类案" + _labels(theirs))
    return "；".join(parts)


def check_consistency(tier: str, cases: list[SimilarCase], *, fine: float | None = None,
                      circumstances: list[Circumstance] | None = None) -> Consistency:
    """Where a proposed tier (and fine) lies against the comparable cases' outcomes, with the
    circumstances that explain a difference. `cases` must be comparable cases (find_similar_cases)."""
    graded = [c for c in cases if c.tier in SEVERITY]
    if tier not in SEVERITY or not graded:
        return Consistency(verdict="no_comparable",
                           message=f"{NO_COMPARABLE}（或拟处理为移送/调解），不作类案同罚比对。")
    my_keys = {c.key for c in circumstances or []} - _NOT_COMPARED
    levels = [SEVERITY[c.tier] for c in graded]
    mine = SEVERITY[tier]
    ids = [c.case_id for c in graded]
    if mine < min(levels):
        verdict, msg = "below", f"拟处理档次“{tier}”轻于可比案件（{_span(graded)}）。"
    elif mine > max(levels):
        verdict, msg = "above", f"拟处理档次“{tier}”重于可比案件（{_span(graded)}）。"
    else:
        verdict, msg = "inside", f"拟处理档次“{tier}”处于可比案件的处理范围内（{_span(graded)}）。"
    same_tier_fines = [c.penalty.fine for c in graded if c.penalty.fine and c.tier == tier]
    if fine is not None and same_tier_fines and verdict == "inside":
        lo, hi = min(same_tier_fines), max(same_tier_fines)
        if fine < lo:
            verdict, msg = "below", msg + f"但拟罚款{fine:,.0f}元低于同档次可比案件罚款（{lo:,.0f}–{hi:,.0f}元）。"
        elif fine > hi:
            verdict, msg = "above", msg + f"但拟罚款{fine:,.0f}元高于同档次可比案件罚款（{lo:,.0f}–{hi:,.0f}元）。"
    if verdict != "inside":
        differing = [c for c in graded if SEVERITY[c.tier] != mine] or graded
        notes = [f"与“{c.title}”（{c.tier}）相比：{d}" for c in differing[:3] if (d := _difference(my_keys, c))]
        way = "从宽" if verdict == "below" else "从严"
        if notes:
            msg += "情节差异：" + "；".join(notes) + f"。请核实上述差异是否足以说明{way}的理由。"
        else:
            msg += f"未发现可解释差异的情节，请说明{way}的理由。"
    return Consistency(verdict=verdict, message=msg, cases=ids)


def _span(cases: list[SimilarCase]) -> str:
    return "；".join(f"{c.title}：{c.tier}" for c in cases[:5])
