"""Comparable cases: precision@3 on new facts whose comparable cases are known, the share of correct
"未找到可比案件" on conduct the case base does not hold, and top-1 on re-told seed cases.

    python -m eval.comparable [--json] [--misses]

eval/gold/comparable.jsonl: {"id", "facts", "expected": [case ids with the same conduct]} — `expected` empty
means the right answer is "no comparable case". Rows are split by the parity of their number (cmp-001 odd …):
the odd half may be used to set the weights and floors of assistant/similar.py, the even half is the honest
estimate. precision@3 = mean over rows with expected cases of (right cases among the first three returned) /
(number returned, at most 3); a row that returns nothing scores 0. hit@1 = the first case is right.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

GOLD = Path(__file__).parent / "gold"


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (GOLD / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def _odd(row_id: str) -> bool:
    numbers = re.findall(r"\d+", row_id)
    return bool(numbers) and int(numbers[-1]) % 2 == 1


def _similar(facts: str, retriever) -> list:
    from assistant.assess import match_violations
    from assistant.similar import find_similar_cases

    violations = match_violations(facts, retriever, on=date.today().isoformat(), region=None,
                                  visibility=("public", "internal"))
    return find_similar_cases(facts, retriever, k=5, violations=violations)


def _summary(results: list[dict]) -> dict:
    positive = [r for r in results if r["expected"]]
    negative = [r for r in results if not r["expected"]]
    out = {"rows": len(results), "with_comparable": len(positive), "no_comparable": len(negative)}
    if positive:
        out["precision_at_3"] = round(sum(r["p3"] for r in positive) / len(positive), 3)
        out["hit_at_1"] = round(sum(r["hit1"] for r in positive) / len(positive), 3)
        out["found_none"] = round(sum(not r["found"] for r in positive) / len(positive), 3)
    if negative:
        out["no_comparable_correct"] = round(sum(not r["found"] for r in negative) / len(negative), 3)
    return out


def comparable(retriever) -> tuple[dict, list[dict]]:
    results = []
    for row in _rows("comparable.jsonl"):
        found = [c.case_id for c in _similar(row["facts"], retriever)]
        expected = set(row.get("expected") or [])
        top = found[:3]
        p3 = (sum(c in expected for c in top) / len(top)) if top else 0.0
        results.append({"id": row["id"], "expected": sorted(expected), "found": top, "p3": p3,
                        "hit1": bool(top) and top[0] in expected})
    report = {"all": _summary(results), "odd": _summary([r for r in results if _odd(r["id"])]),
              "even": _summary([r for r in results if not _odd(r["id"])])}
    misses = [r for r in results if (r["expected"] and r["p3"] < 1) or (not r["expected"] and r["found"])]
    return report, misses


def retold(retriever) -> dict:
    """Top-1 on seed cases told again in other words (eval/gold/case_paraphrases.jsonl): -1 rows odd, -2 even."""
    rows = _rows("case_paraphrases.jsonl")
    hits = {"odd": [], "even": []}
    for row in rows:
        found = [c.source_id for c in _similar(row["facts"], retriever)]
        half = "odd" if row["id"].endswith("-1") else "even"
        hits[half].append(bool(found) and found[0] == row["expected_source_id"])
    every = hits["odd"] + hits["even"]
    return {"paraphrases": len(every), "top1": round(sum(every) / len(every), 3),
            "top1_odd": round(sum(hits["odd"]) / max(1, len(hits["odd"])), 3),
            "top1_even": round(sum(hits["even"]) / max(1, len(hits["even"])), 3)}


def run(as_json: bool = False, show_misses: bool = False) -> dict:
    from retriever.search import Retriever

    retriever = Retriever()
    report = {"date": date.today().isoformat(), "cases_indexed": retriever.store.count("case")}
    report["comparable"], misses = comparable(retriever)
    report["retold"] = retold(retriever)
    if show_misses:
        report["misses"] = misses
    print(json.dumps(report, ensure_ascii=False, indent=None if as_json else 2))
    return report


if __name__ == "__main__":
    run(as_json="--json" in sys.argv, show_misses="--misses" in sys.argv)
