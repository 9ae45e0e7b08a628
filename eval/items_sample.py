#!/usr/bin/env python3
"""Derived discretion items: counts per law, a reproducible verification sample, and its accuracy.

The sample (50 items, seeded, stratified across laws) was checked by hand against the clause text;
eval/gold/items_verification.jsonl records for each item whether the conduct, the range and the basis
were right, and the correct fine rules. This script re-derives the items and compares the parsed fines
with the recorded ones, so a change to the extractor shows up as a change in accuracy.

Usage:
    .venv/bin/python eval/items_sample.py                  # counts + accuracy against the gold file
    .venv/bin/python eval/items_sample.py --draw 50        # print a fresh sample to verify (for the gold file)
    .venv/bin/python eval/items_sample.py --show 食品安全法@2025-09-12#124-1-5
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.models import FineRule, ViolationItem  # noqa: E402
from ingest.catalog import SourceList, discover, resolve_versions, select  # noqa: E402
from ingest.penalty_clauses import derive_items  # noqa: E402
from core.records import Record  # noqa: E402
from core.settings import get_settings  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "items_verification.jsonl"
REFERENCE_DATE = "2026-11-22"  # the date the retrieval gold sets use
SEED = 20240521

MARKET_LAWS = [
    # 法律
    "食品安全法", "广告法", "产品质量法", "价格法", "消费者权益保护法", "反不正当竞争法", "商标法", "电子商务法",
    "特种设备安全法", "计量法", "标准化法", "农产品质量安全法",
    # 行政法规
    "食品安全法实施条例", "市场主体登记管理条例", "价格违法行为行政处罚规定", "消费者权益保护法实施条例",
    "计量法实施细则", "工业产品生产许可证管理条例", "认证认可条例", "无证无照经营查处办法", "特种设备安全监察条例",
    "商标法实施条例", "直销管理条例", "禁止传销条例", "企业信息公示暂行条例", "化妆品监督管理条例",
    "乳品质量安全监督管理条例", "国务院关于加强食品等产品安全监督管理的特别规定", "缺陷汽车产品召回管理条例",
    # 部门规章
    "明码标价和禁止价格欺诈规定", "网络交易监督管理办法", "侵害消费者权益行为处罚办法",
    "食用农产品市场销售质量安全监督管理办法", "特种设备安全监督检查办法", "食品生产经营监督检查管理办法",
    "市场主体登记管理条例实施细则", "家用汽车产品修理更换退货责任规定", "化妆品生产经营监督管理办法",
]


def load_law_records(names: list[str] = MARKET_LAWS, on: str = REFERENCE_DATE) -> list[Record]:
    """Records of the version of each law in force on `on` (the latest one when none is yet)."""
    docs = [d for d in resolve_versions(select(discover(get_settings()), SourceList(names, [], {})))
            if not d.is_amendment]
    chosen = {}
    for d in sorted(docs, key=lambda d: (d.version, d.effective)):
        if d.effective <= on or d.short_name not in chosen:
            chosen[d.short_name] = d
    return [r for d in chosen.values() for r in d.load().records]


def derive_market_items() -> list[ViolationItem]:
    return derive_items(load_law_records())


def draw_sample(items: list[ViolationItem], n: int = 50, seed: int = SEED) -> list[ViolationItem]:
    """Stratified: items are dealt round-robin from shuffled per-law pools, laws in shuffled order."""
    rng = random.Random(seed)
    pools: dict[str, list[ViolationItem]] = defaultdict(list)
    for it in sorted(items, key=lambda i: i.item_id):
        pools[it.item_id.split("@")[0]].append(it)
    for pool in pools.values():
        rng.shuffle(pool)
    laws = sorted(pools)
    rng.shuffle(laws)
    sample: list[ViolationItem] = []
    while len(sample) < n and any(pools.values()):
        for law in laws:
            if pools[law] and len(sample) < n:
                sample.append(pools[law].pop())
    return sample


def fine_key(f: FineRule | dict) -> tuple:
    d = f if isinstance(f, dict) else f.model_dump()
    cond = d.get("condition") or {}
    return (d["kind"], d.get("min"), d.get("max"), d.get("base"),
            cond.get("base"), cond.get("op"), cond.get("value"))


def show(item: ViolationItem) -> str:
    p = item.penalty
    lines = [f"{item.item_id}  basis={[b.cite() for b in item.penalty_basis]}",
             f"  conduct : {item.conduct}",
             f"  violated: {[v.cite() for v in item.violated]}",
             f"  fines   : {[fine_key(f) for f in p.fines]}",
             f"  warning={p.warning} confiscate={p.confiscate} suspend={p.suspend} revoke={p.revoke}",
             f"  other   : {p.other}", f"  note    : {item.note}", f"  text    : {p.text}"]
    return "\n".join(lines)


def evaluate(items: list[ViolationItem], gold_path: Path = GOLD) -> dict:
    by_id = {i.item_id: i for i in items}
    rows = [json.loads(l) for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    found = range_match = 0
    missing, mismatched = [], []
    for row in rows:
        item = by_id.get(row["item_id"])
        if item is None:
            missing.append(row["item_id"])
            continue
        found += 1
        expected = sorted(fine_key(f) for f in row["expected_fines"])
        got = sorted(fine_key(f) for f in item.penalty.fines)
        if expected == got:
            range_match += 1
        else:
            mismatched.append((row["item_id"], expected, got))
    n = len(rows)
    return {
        "checked": n, "found": found,
        "range_auto": range_match / n if n else 0.0,
        "conduct_ok": sum(r["conduct_ok"] for r in rows) / n if n else 0.0,
        "range_ok_manual": sum(r["range_ok"] for r in rows) / n if n else 0.0,
        "basis_ok": sum(r["basis_ok"] for r in rows) / n if n else 0.0,
        "missing": missing, "mismatched": mismatched,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draw", type=int, default=0, help="print a fresh sample of N items")
    ap.add_argument("--show", nargs="*", default=[], help="print these items")
    args = ap.parse_args(argv)
    items = derive_market_items()
    counts = Counter(i.item_id.split("#")[0] for i in items)
    for key, n in sorted(counts.items()):
        print(f"{n:5d}  {key}")
    print(f"{len(items):5d}  items in all")
    by_id = {i.item_id: i for i in items}
    for iid in args.show:
        print(show(by_id[iid]) if iid in by_id else f"{iid}: not derived")
    if args.draw:
        for item in draw_sample(items, args.draw):
            print(show(item))
        return 0
    if GOLD.exists():
        r = evaluate(items)
        print(f"\nverification sample: {r['checked']} items, {r['found']} re-derived")
        print(f"  parsed fines equal the recorded correct fines: {r['range_auto']:.0%}")
        print(f"  manual check — conduct ok {r['conduct_ok']:.0%}, range ok {r['range_ok_manual']:.0%}, "
              f"basis ok {r['basis_ok']:.0%}")
        for iid in r["missing"]:
            print(f"  missing: {iid}")
        for iid, exp, got in r["mismatched"]:
            print(f"  mismatch {iid}\n    expected {exp}\n    got      {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
