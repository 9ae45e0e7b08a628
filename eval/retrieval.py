"""Retrieval evaluation: Recall@1/5/10 and MRR@10 on the gold questions for lexical, dense, hybrid
and a naive LangChain baseline, plus warm search latency. `shuoli eval` / `python -m eval.retrieval`."""
from __future__ import annotations

import json
import platform
import time
from datetime import date
from pathlib import Path

from core.settings import get_settings

GOLD_DIR = Path(__file__).parent / "gold"
KS = (1, 5, 10)


def load_gold(name: str) -> list[dict]:
    files = {"dev": ["dev_questions.jsonl"], "test": ["test_questions.jsonl"],
             "all": ["dev_questions.jsonl", "test_questions.jsonl"]}[name]
    out = []
    for f in files:
        out += [json.loads(line) for line in (GOLD_DIR / f).read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def first_gold_rank(ranked: list[tuple[str, int | None]], gold: list[dict]) -> int | None:
    """1-based rank of the first (law, article) in `ranked` that is gold; None if absent."""
    wanted = {(g["law"], g["article"]) for g in gold}
    for i, key in enumerate(ranked, 1):
        if key in wanted:
            return i
    return None


def metrics(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    out = {f"R@{k}": sum(1 for r in ranks if r and r <= k) / n for k in KS}
    out["MRR@10"] = sum(1 / r for r in ranks if r and r <= 10) / n
    return {k: round(v, 3) for k, v in out.items()}


def _article_keys(hits) -> list[tuple[str, int | None]]:
    keys, seen = [], set()
    for h in hits:
        key = (h.record.short_name, h.record.article)
        if key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def evaluate_modes(retriever, questions: list[dict], modes=("lexical", "dense", "hybrid")) -> tuple[dict, dict]:
    from retriever.filters import SearchFilter

    flt = SearchFilter(as_of=date.today().isoformat(), doc_types=("law",))
    results, latencies = {}, {}
    retriever.search("预热 warm up", 10, flt)  # load models and memory maps before timing
    for mode in modes:
        ranks, times = [], []
        for q in questions:
            t = time.perf_counter()
            hits = retriever.search(q["query"], 10, flt, mode=mode)
            times.append((time.perf_counter() - t) * 1000)
            ranks.append(first_gold_rank(_article_keys(hits), q["gold"]))
        results[mode] = metrics(ranks)
        latencies[mode] = times
    return results, latencies


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 1)


def run(gold_set: str = "dev", baseline: bool = True, as_json: bool = False) -> dict:
    from retriever.search import Retriever

    settings = get_settings()
    questions = load_gold(gold_set)
    retriever = Retriever(settings)
    results, latencies = evaluate_modes(retriever, questions)
    if baseline:
        from eval.baseline import NaiveBaseline
        try:
            base = NaiveBaseline.build(settings, retriever)
        except ModuleNotFoundError as exc:
            raise SystemExit(f"the naive baseline needs the eval extra: pip install -e '.[eval]' "
                             f"(or run with --no-baseline): {exc}") from exc
        ranks, times = [], []
        for q in questions:
            t = time.perf_counter()
            keys = base.search(q["query"], 10)
            times.append((time.perf_counter() - t) * 1000)
            ranks.append(first_gold_rank(keys, q["gold"]))
        results["naive baseline"] = metrics(ranks)
        latencies["naive baseline"] = times
    report = {"set": gold_set, "questions": len(questions), "date": date.today().isoformat(),
              "machine": f"{platform.machine()} {platform.processor() or ''} {_cores()} cores".strip(),
              "results": results,
              "latency_ms": {m: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for m, v in latencies.items()}}
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_table(report))
    return report


def _cores() -> int:
    import os
    return os.cpu_count() or 0


def format_table(report: dict) -> str:
    lines = [f"{report['set']} set, {report['questions']} questions, {report['date']}, {report['machine']}",
             "| method | R@1 | R@5 | R@10 | MRR@10 | p50 ms | p95 ms |", "|---|---|---|---|---|---|---|"]
    for mode, m in report["results"].items():
        lat = report["latency_ms"][mode]
        lines.append(f"| {mode} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | {m['MRR@10']:.3f} | "
                     f"{lat['p50']} | {lat['p95']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    run(gold_set=sys.argv[1] if len(sys.argv) > 1 else "dev")
