"""Case-workflow evaluation: comparable-case top-1 on paraphrased seed cases, tier accuracy and
provision recall on the written scenarios, and assess/draft latency. `python -m eval.cases`."""
from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from core.lawnames import short_law_name
from eval.retrieval import percentile

GOLD = Path(__file__).parent / "gold"


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (GOLD / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def _key(p) -> tuple[str, int]:
    law = p["law"] if isinstance(p, dict) else p.law
    article = p["article"] if isinstance(p, dict) else p.article
    return short_law_name(law), int(article)


def case_top1(retriever) -> dict:
    from assistant.assess import match_violations
    from assistant.similar import find_similar_cases

    rows = _rows("case_paraphrases.jsonl")
    top1 = top3 = 0
    for row in rows:
        violations = match_violations(row["facts"], retriever, on=date.today().isoformat(), region=None,
                                      visibility=("public", "internal"))
        found = [c.source_id for c in find_similar_cases(row["facts"], retriever, k=5, violations=violations)]
        top1 += bool(found) and found[0] == row["expected_source_id"]
        top3 += row["expected_source_id"] in found[:3]
    return {"paraphrases": len(rows), "top1": round(top1 / len(rows), 3), "top3": round(top3 / len(rows), 3)}


def scenarios(retriever) -> tuple[dict, list[dict]]:
    from assistant.assess import assess
    from assistant.draft import draft_reasoning
    from assistant.verify import StoreResolver

    resolver = StoreResolver(retriever.store, retriever.law_names)
    rows = _rows("scenarios.jsonl")
    right, recall_hits, recall_total = 0, 0, 0
    assess_ms, draft_ms, misses = [], [], []
    for row in rows:
        t = time.perf_counter()
        a = assess(row["facts"], retriever=retriever, act_date=row.get("act_date"),
                   discovery_date=row.get("discovery_date"),
                   as_of=row.get("decision_date") or date.today().isoformat())
        assess_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        draft_reasoning(a, resolver=resolver)
        draft_ms.append((time.perf_counter() - t) * 1000)
        ok_tiers = set(row.get("acceptable_tiers") or []) | {row["expected_tier"]}
        right += a.tier in ok_tiers
        found = {_key(p) for v in a.violations for p in v.violated + v.penalty_basis} | {_key(p) for p in a.tier_basis}
        wanted = {_key(p) for p in row.get("expected_violated", []) + row.get("expected_penalty_basis", [])}
        recall_hits += len(wanted & found)
        recall_total += len(wanted)
        if a.tier not in ok_tiers:
            misses.append({"id": row["id"], "expected": row["expected_tier"], "got": a.tier, "rule": a.tier_rule,
                           "questions": a.questions[:2]})
    n = len(rows)
    return ({"scenarios": n, "tier_accuracy": round(right / n, 3),
             "provision_recall": round(recall_hits / max(1, recall_total), 3),
             "assess_ms": {"p50": percentile(assess_ms, 50), "p95": percentile(assess_ms, 95)},
             "draft_ms": {"p50": percentile(draft_ms, 50), "p95": percentile(draft_ms, 95)}}, misses)


def run(as_json: bool = False, show_misses: bool = False) -> dict:
    from retriever.search import Retriever

    retriever = Retriever()
    retriever.search("预热", 3)
    report = {"date": date.today().isoformat(), "cases": case_top1(retriever)}
    report["scenarios"], misses = scenarios(retriever)
    if show_misses:
        report["misses"] = misses
    print(json.dumps(report, ensure_ascii=False, indent=None if as_json else 2))
    return report


if __name__ == "__main__":
    import sys
    run(show_misses="--misses" in sys.argv)
