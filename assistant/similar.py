"""Comparable cases (dense + lexical over facts, boosted by shared provisions) and the 类案同罚 check."""
from __future__ import annotations

from core.models import CaseRecord, Consistency, Provision, SimilarCase, ViolationMatch
from core.lawnames import short_law_name
from retriever.filters import SearchFilter

# The order of severity used to compare outcomes; 移送, 调解 and 混合 are not on this scale.
SEVERITY = {"不予处罚": 0, "免予处罚": 1, "减轻": 2, "从轻": 3, "一般": 4, "从重": 5}
PROVISION_BOOST = 0.5


def _keys(provisions: list[Provision]) -> set[tuple[str, int]]:
    return {(short_law_name(p.law), p.article) for p in provisions}


def _case_keys(case: CaseRecord) -> set[tuple[str, int]]:
    return _keys(case.provisions.violated) | _keys(case.provisions.penalty_basis)


def find_similar_cases(facts: str, retriever, *, k: int = 5, violations: list[ViolationMatch] | None = None,
                       visibility: tuple[str, ...] = ("public", "internal"),
                       region: str | None = None) -> list[SimilarCase]:
    flt = SearchFilter(doc_types=("case",), visibility=visibility)
    hits = retriever.search(facts, k=max(20, k * 4), flt=flt)
    wanted = set()
    for v in violations or []:
        wanted |= _keys(v.violated) | _keys(v.penalty_basis)
    out: list[SimilarCase] = []
    for rank, hit in enumerate(hits):
        try:
            case = CaseRecord.model_validate(hit.record.meta)
        except Exception:
            continue
        shared = sorted(_case_keys(case) & wanted)
        score = 1.0 / (rank + 1) + PROVISION_BOOST * len(shared) + (0.1 if region and region in case.region else 0)
        why = []
        if shared:
            why.append("同涉" + "、".join(f"《{law}》第{art}条" for law, art in shared))
        why.append(f"案情相近（检索排名第{rank + 1}）")
        out.append(SimilarCase(case_id=case.case_id, source_id=case.source_id, title=case.title, region=case.region,
                               date=case.date, tier=case.tier, penalty=case.penalty, provisions=case.provisions,
                               score=round(score, 4), why="；".join(why)))
    out.sort(key=lambda c: c.score, reverse=True)
    return out[:k]


def check_consistency(tier: str, cases: list[SimilarCase], *, fine: float | None = None) -> Consistency:
    """Where a proposed tier (and fine) lies against the comparable cases' outcomes."""
    graded = [c for c in cases if c.tier in SEVERITY]
    if tier not in SEVERITY or not graded:
        return Consistency(verdict="no_comparable",
                           message="没有可比较的同类已决案件（或拟处理为移送/调解），无法作类案同罚比对。")
    levels = [SEVERITY[c.tier] for c in graded]
    mine = SEVERITY[tier]
    ids = [c.case_id for c in graded]
    fines = [c.penalty.fine for c in graded if c.penalty.fine]
    if mine < min(levels):
        verdict, msg = "below", f"拟处理档次“{tier}”轻于全部可比案件（{_span(graded)}），请说明从宽理由。"
    elif mine > max(levels):
        verdict, msg = "above", f"拟处理档次“{tier}”重于全部可比案件（{_span(graded)}），请说明从严理由。"
    else:
        verdict, msg = "inside", f"拟处理档次“{tier}”处于可比案件的处理范围内（{_span(graded)}）。"
    if fine is not None and fines and verdict == "inside":
        if fine < min(fines):
            verdict, msg = "below", msg + f"但拟罚款{fine:,.0f}元低于可比案件罚款（{min(fines):,.0f}–{max(fines):,.0f}元）。"
        elif fine > max(fines):
            verdict, msg = "above", msg + f"但拟罚款{fine:,.0f}元高于可比案件罚款（{min(fines):,.0f}–{max(fines):,.0f}元）。"
    return Consistency(verdict=verdict, message=msg, cases=ids)


def _span(cases: list[SimilarCase]) -> str:
    return "；".join(f"{c.title[:18]}：{c.tier}" for c in cases[:5])
