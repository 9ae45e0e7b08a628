"""Conversation evaluation: `python -m eval.conversations [--file F] [--json]`.

Each line of eval/conversations.jsonl is a two- or three-turn conversation (officer or merchant) with the
articles expected for its LAST turn (any of them among the first 5 sources counts) and, where the last turn
is a case, the expected tier. Reports the share of conversations passing, and each failure.
"""
from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT = HERE / "conversations.jsonl"
TOP = 5


def check(row: dict, answers: list) -> dict:
    last = answers[-1]
    top = [(s.get("short_name") or s.get("law"), s.get("article")) for s in last.sources[:TOP]]
    expect = {(law, article) for law, article in row["expect"]}
    hit = any(t in expect for t in top)
    tier = last.assessment.tier if last.assessment is not None else None
    tier_ok = row.get("tier") is None or tier == row["tier"]
    return {"id": row["id"], "ok": hit and tier_ok, "article_hit": hit, "tier": tier, "tier_expected": row.get("tier"),
            "top": top, "queries": [a.reading.query for a in answers]}


def run(path: Path = DEFAULT, as_json: bool = False, as_of: str | None = None) -> dict:
    from assistant.conversation import Conversation
    from core.settings import get_settings
    from retriever.search import Retriever

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    retriever = Retriever(get_settings())
    as_of = as_of or date.today().isoformat()
    results, times = [], []
    for row in rows:
        conv = Conversation(retriever, persona=row.get("persona", "officer"), as_of=as_of)
        answers = []
        for turn in row["turns"]:
            t0 = time.perf_counter()
            answers.append(conv.ask(turn))
            times.append(time.perf_counter() - t0)
        results.append(check(row, answers))
    n = len(results)
    ok = sum(r["ok"] for r in results)
    tiers = [r for r in results if r["tier_expected"]]
    times.sort()
    summary = {"conversations": n, "passed": ok, "share": round(ok / n, 3) if n else 0.0,
               "article_hit": round(sum(r["article_hit"] for r in results) / n, 3) if n else 0.0,
               "tier_cases": len(tiers), "tier_ok": sum(r["tier"] == r["tier_expected"] for r in tiers),
               "turn_p50_ms": round(times[len(times) // 2] * 1000) if times else 0,
               "turn_p95_ms": round(times[int(len(times) * 0.95)] * 1000) if times else 0,
               "failures": [r for r in results if not r["ok"]]}
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"conversations {n} · passed {ok} · share {summary['share']:.3f} · article in top {TOP} "
              f"{summary['article_hit']:.3f} · tiers {summary['tier_ok']}/{len(tiers)} · turn p50/p95 "
              f"{summary['turn_p50_ms']}/{summary['turn_p95_ms']} ms")
        for r in summary["failures"]:
            print(f"  ✗ {r['id']}: top {r['top']} tier {r['tier']} (expected {r['tier_expected']}); "
                  f"queries {r['queries']}")
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument("--as-of", default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    run(args.file, args.json, args.as_of)


if __name__ == "__main__":
    main()
