"""The officer's case workflow: facts → violation items → circumstances → tier and fine range →
comparable cases and the 类案同罚 check. Retrieval finds the data; the rules decide."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from assistant.circumstances import find_circumstances
from assistant.discretion import amounts_from, apply_overrides, decide_tier, fine_range
from assistant.fines import fine_questions
from assistant.lawversions import LawVersion, applicable_version
from assistant.models import Assessment, Profile, Statement, ViolationItem, ViolationMatch
from assistant.similar import check_consistency, find_similar_cases
from ingest.settings import REPO_ROOT
from retriever.filters import SearchFilter

PROFILES = REPO_ROOT / "corpus" / "profiles"
MAX_VIOLATIONS = 3


@lru_cache(maxsize=16)
def load_profile(region: str | None = None, folder: Path = PROFILES) -> Profile:
    """The region's profile when an office has loaded one, else the national default."""
    from ingest.benchmarks import load_benchmark_file

    national = None
    for path in sorted(folder.glob("*.y*ml")):
        profile = load_benchmark_file(path).profile
        if profile is None:
            continue
        if region and profile.region == region:
            return profile
        if profile.profile_id.startswith("national") or (national is None and profile.region == "全国"):
            national = national or profile
    if national is None:
        raise FileNotFoundError(f"no national profile in {folder}")
    return national


def match_violations(facts: str, retriever, *, on: str, region: str | None,
                     visibility: tuple[str, ...]) -> list[ViolationMatch]:
    flt = SearchFilter(as_of=on, doc_types=("benchmark",), regions=(region,) if region else (),
                       visibility=visibility)
    out: list[ViolationMatch] = []
    for hit in retriever.search(facts, k=12, flt=flt):
        try:
            item = ViolationItem.model_validate(hit.record.meta)
        except Exception:
            continue
        out.append(ViolationMatch(item_id=item.item_id, conduct=item.conduct, violated=item.violated,
                                  penalty_basis=item.penalty_basis, penalty=item.penalty,
                                  score=round(hit.score, 5), region=item.region, origin=item.origin))
    # Items that carry a fine rule and an office's own items are the useful ones; keep the order otherwise.
    out.sort(key=lambda v: (not v.penalty.fines and not v.penalty.warning, v.origin == "derived"))
    return out[:MAX_VIOLATIONS]


def _versions_of_penalty(retriever, violation: ViolationMatch) -> list[LawVersion]:
    """Every version of the penalty clause, for 从旧兼从轻 (行政处罚法第三十七条)."""
    from ingest.penalty_parse import parse_penalty

    if not violation.penalty_basis:
        return []
    basis = violation.penalty_basis[0]
    short = retriever.law_names.short(retriever.law_names.resolve(basis.law) or basis.law)
    out = []
    for version, effective, _, _ in retriever.store.versions(short):
        records = retriever.store.article(short, basis.article, suffix=basis.article_suffix, version=version)
        text = "\n".join(r.text for r in records)
        out.append(LawVersion(version=version, effective=effective, penalty=parse_penalty(text) if text else None))
    return out


def answer_statements(statements: list[str], assessment_keys: set[str]) -> list[Statement]:
    """Each point of the party's 陈述申辩: adopted where the engine already relied on the circumstance
    it asserts, otherwise left for the officer to verify against the evidence (never decided here)."""
    out = []
    for point in (s.strip() for s in statements):
        if not point:
            continue
        claimed = {c.key for c in find_circumstances(point) if c.effect in ("mitigating", "exempting")}
        accepted = claimed & assessment_keys
        if accepted:
            out.append(Statement(point=point, adopted=True, reason="所述情节已经查证属实，并已在裁量中予以考虑。"))
        elif claimed:
            out.append(Statement(point=point, adopted=None,
                                 reason="所述情节尚无证据证实，需结合调查取得的证据核实后决定是否采纳。"))
        else:
            out.append(Statement(point=point, adopted=None, reason="该意见不涉及裁量情节，需由办案机构结合证据复核。"))
    return out


def assess(facts: str, *, retriever, act_date: str | None = None, as_of: str | None = None,
           region: str | None = None, statements: list[str] | None = None,
           overrides: dict[str, bool] | None = None, profile: Profile | None = None,
           visibility: tuple[str, ...] = ("public", "internal"), case_id: str = "") -> Assessment:
    as_of = as_of or date.today().isoformat()
    found = find_circumstances(facts)
    circumstances = apply_overrides(found, overrides)
    stated_act = next((str(c.value) for c in circumstances if c.key == "act_date"), None)
    act_date = act_date or stated_act
    profile = profile or load_profile(region)
    violations = match_violations(facts, retriever, on=act_date or as_of, region=region, visibility=visibility)
    primary = violations[0] if violations else None
    penalty = primary.penalty if primary else None
    amounts = amounts_from(circumstances)
    provisions = (primary.violated + primary.penalty_basis) if primary else []
    version_note = []
    if primary and act_date:
        versions = _versions_of_penalty(retriever, primary)
        if len(versions) > 1:
            choice = applicable_version(act_date, versions, decision_date=as_of, amounts=amounts)
            chosen = next((v for v in versions if v.version == choice.version), None)
            if chosen and chosen.penalty is not None:
                penalty = chosen.penalty
            version_note.append(choice.reason)
    decision = decide_tier(circumstances, penalty=penalty, profile=profile, act_date=act_date,
                           decision_date=as_of, provisions=provisions, conduct=primary.conduct if primary else "",
                           amounts=amounts)
    fines = fine_range(penalty, decision.tier, profile, amounts) if penalty else None
    questions = list(decision.questions)
    if not violations:
        questions.insert(0, "未能匹配到违法行为事项：请补充违法行为的具体表现（经营何种商品/服务、违反何种义务）。")
    for q in fine_questions(penalty, amounts):
        if q not in questions:
            questions.append(q)
    cases = find_similar_cases(facts, retriever, k=5, violations=violations, visibility=visibility, region=region)
    comparable = [c for c in cases if "同涉" in c.why] or cases[:3]
    consistency = check_consistency(decision.tier, comparable,
                                    fine=(fines.min + fines.max) / 2 if fines and fines.min is not None
                                    and fines.max is not None else None)
    confiscation = list(penalty.confiscate) if penalty and decision.tier not in ("不予处罚", "移送") else []
    keys = {c.key for c in circumstances}
    return Assessment(id=case_id, facts=facts, act_date=act_date or "", as_of=as_of, region=region or "全国",
                      violations=violations, circumstances=circumstances, tier=decision.tier,
                      tier_rule=decision.rule, tier_basis=decision.basis,
                      reasons=decision.reasons + version_note + decision.follow_up, mandatory=decision.mandatory,
                      fine_range=fines, confiscation=confiscation, questions=questions, similar_cases=cases,
                      consistency=consistency, statements=answer_statements(statements or [], keys))


def proposed_check(assessment: Assessment, tier: str, fine: float | None) -> dict:
    """The 类案同罚 check for a penalty the officer proposes instead of the recommended one."""
    comparable = [c for c in assessment.similar_cases if "同涉" in c.why] or assessment.similar_cases[:3]
    return check_consistency(tier, comparable, fine=fine).model_dump()
