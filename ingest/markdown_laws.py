"""Split a Markdown law text (LawRefBook and extra/ layouts) into one record per article.

Structure kept: 编/章/节 path from headings (with or without `#`), 款 as paragraphs, 项 inside.
Articles start only at a line start; mid-line cross-references (第X条第X款) never split.
Amendment decisions and 修正案 are not split into the amended law's articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.numerals import CN_NUMERAL_CHARS, cn_to_int
from core.lawnames import short_law_name
from core.records import Record, law_record_id

ARTICLE_RE = re.compile(rf"^第([{CN_NUMERAL_CHARS}]+)条(?:之([一二三四五六七八九十]+))?(?:[ \u3000]+|$)")
HEADING_RE = re.compile(rf"^(?:#+\s*)?(第[{CN_NUMERAL_CHARS}]+)\s*([编章节])(?:\s+|$)(.*)$")
FILE_NAME_RE = re.compile(r"^(?P<name>.+?)\((?P<date>\d{4}-\d{2}-\d{2})\)$")
EFFECTIVE_RE = re.compile(r"<!--\s*EFFECTIVE_FROM:\s*(\d{4}-\d{2}-\d{2})\s*-->")
HEADER_END_RE = re.compile(r"<!--\s*(INFO END|LEGAL_HEADER_END)\s*-->")
DECISION_TITLE_RE = re.compile(r"(关于修改.*的决定|修正案)")
# A paragraph longer than this is split by 款 into several records, the header repeated.
MAX_RECORD_CHARS = 1800
_RANK = {"编": 0, "章": 1, "节": 2}


class LawParseError(ValueError):
    """The file is not a law text we can split (no title, no articles, unreadable)."""


@dataclass
class ParsedLaw:
    title: str
    short_name: str
    version: str
    effective: str = ""
    is_amendment: bool = False
    history: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


def short_name_of(title: str) -> str:
    return short_law_name(title)


def _clean_heading(text: str) -> str:
    return re.sub(r"[ \u3000]+", " ", text).strip()


def _normalise_heading(number: str, kind: str, rest: str) -> str:
    rest = re.sub(r"[ \u3000]+", "", rest)
    return f"{number}{kind} {rest}".strip()


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    if not raw.strip():
        raise LawParseError("empty file")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LawParseError("not UTF-8 or GB18030 text")


def parse_law_file(path: Path | str, *, level: str = "", issuer: str = "", effective: str = "",
                   source: str = "", version: str = "") -> ParsedLaw:
    """`version` defaults to the date in the file name (名称(YYYY-MM-DD).md)."""
    path = Path(path)
    m = FILE_NAME_RE.match(path.stem)
    version = version or (m.group("date") if m else "")
    return parse_law_text(read_text(path), version=version, level=level, issuer=issuer,
                          effective=effective, source=source or str(path),
                          fallback_title=m.group("name") if m else path.stem)


def parse_law_text(text: str, *, version: str, level: str = "", issuer: str = "", effective: str = "",
                   source: str = "", fallback_title: str = "") -> ParsedLaw:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = next((ln.lstrip("#").strip() for ln in lines if ln.startswith("# ")), "") or fallback_title
    if not title:
        raise LawParseError("no title")
    title = re.sub(r"[ \u3000]+", "", title)
    m = EFFECTIVE_RE.search(text)
    law = ParsedLaw(title=title, short_name=short_name_of(title), version=version,
                    effective=effective or (m.group(1) if m else ""),
                    is_amendment=bool(DECISION_TITLE_RE.search(title)))
    body_start = next((i + 1 for i, ln in enumerate(lines) if HEADER_END_RE.search(ln)), None)
    if body_start is None:  # a few files lack the marker: the body starts at the first heading or article
        body_start = next((i for i, ln in enumerate(lines)
                           if i > 0 and (HEADING_RE.match(ln.strip()) or ARTICLE_RE.match(ln.strip()))), 1)
    law.history = [ln.strip() for ln in lines[1:body_start] if re.match(r"^\d{4}年", ln.strip())]
    body = [ln for ln in lines[body_start:] if not ln.strip().startswith("<!--")]
    common = dict(law=title, short_name=law.short_name, level=level, issuer=issuer, version=version,
                  effective=law.effective, source=source)
    if law.is_amendment:
        law.records = _split_decision(body, common)
    else:
        law.records = _split_articles(body, common)
    if not law.records:
        raise LawParseError("no articles found")
    return law


# A document without 第X条 structure (a notice, an interpretation by 一、二、, a report) is split by its
# headings and then by paragraphs into passages of about this size.
SECTION_MAX_CHARS = 600
_NUMBERED_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）)\S{1,30}$")


def parse_document_file(path: Path | str, *, level: str = "", issuer: str = "", effective: str = "",
                        version: str = "") -> ParsedLaw:
    path = Path(path)
    m = FILE_NAME_RE.match(path.stem)
    return parse_document_text(read_text(path), version=version or (m.group("date") if m else ""), level=level,
                               issuer=issuer,
                               effective=effective, source=str(path),
                               fallback_title=m.group("name") if m else path.stem)


def parse_document_text(text: str, *, version: str, level: str = "", issuer: str = "", effective: str = "",
                        source: str = "", fallback_title: str = "") -> ParsedLaw:
    """A text with no articles, kept as a document: one `guidance` record per passage, each with the
    headings above it (chapter_path). Raises LawParseError only for a file with no text at all."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = next((ln.lstrip("#").strip() for ln in lines if ln.startswith("# ")), "") or fallback_title
    title = re.sub(r"[ \u3000]+", "", title)
    if not title:
        raise LawParseError("no title")
    m = EFFECTIVE_RE.search(text)
    doc = ParsedLaw(title=title, short_name=short_name_of(title), version=version,
                    effective=effective or (m.group(1) if m else ""))
    body_start = next((i + 1 for i, ln in enumerate(lines) if HEADER_END_RE.search(ln)), None)
    if body_start is None:
        body_start = 1 if lines and lines[0].startswith("# ") else 0
    doc.history = [ln.strip() for ln in lines[1:body_start] if re.match(r"^\d{4}年", ln.strip())]
    common = dict(law=title, short_name=doc.short_name, level=level, issuer=issuer, version=version,
                  effective=doc.effective, source=source, doc_type="guidance", title=title)
    headings: list[tuple[int, str]] = []
    sections: list[tuple[list[str], list[str]]] = []  # (heading path, paragraphs)
    for raw in lines[body_start:]:
        line = raw.strip()
        if not line or line.startswith("<!--") or re.sub(r"[ \u3000#]+", "", line) == title:
            continue
        if raw.startswith("#") or HEADING_RE.match(line) or _NUMBERED_HEADING_RE.match(line):
            level_ = len(raw) - len(raw.lstrip("#")) if raw.startswith("#") else 6
            headings = [h for h in headings if h[0] < level_] + [(level_, _clean_heading(line.lstrip("#")))]
            sections.append(([h[1] for h in headings], []))
            continue
        if not sections:
            sections.append(([], []))
        sections[-1][1].append(line)
    n = 0
    for path_, paragraphs in sections:
        chunk: list[str] = []
        for para in paragraphs + [None]:
            if para is None or (chunk and sum(map(len, chunk)) + len(para) > SECTION_MAX_CHARS):
                if chunk:
                    n += 1
                    doc.records.append(Record(id=f"{doc.short_name}@{version}#s{n}", text="\n".join(chunk),
                                              chapter_path=path_, part=n, **common))
                chunk = []
            if para is not None:
                chunk.append(para)
    if not doc.records and doc.history:  # the source holds only the title and its history lines
        doc.records.append(Record(id=f"{doc.short_name}@{version}#s1", text="\n".join([title, *doc.history]),
                                  meta={"body_missing": True}, **common))
    if not doc.records:
        raise LawParseError("no text")
    return doc


def _split_articles(body: list[str], common: dict) -> list[Record]:
    path: list[tuple[int, str]] = []  # (rank, heading)
    current: dict | None = None
    paragraphs: list[str] = []
    out: list[Record] = []

    def flush() -> None:
        if current is not None:
            out.extend(_article_records(current, paragraphs, common))

    for raw in body:
        line = raw.strip()
        if not line:
            continue
        h = HEADING_RE.match(line)
        if h and (raw.startswith("#") or len(line) <= 40) and not ARTICLE_RE.match(line):
            rank = _RANK[h.group(2)]
            path = [p for p in path if p[0] < rank] + [(rank, _normalise_heading(*h.groups()))]
            continue
        if raw.startswith("#"):  # other headings (附则 without number, 目录 …)
            continue
        a = ARTICLE_RE.match(line)
        if a:
            flush()
            current = {"number": cn_to_int(a.group(1)),
                       "suffix": cn_to_int(a.group(2)) if a.group(2) else 0,
                       "label": line[:a.end()].strip(),
                       "chapters": [p[1] for p in path]}
            paragraphs = [line]
            continue
        if current is not None:
            paragraphs.append(line)
    flush()
    return _dedupe_ids(out)


def _article_records(article: dict, paragraphs: list[str], common: dict) -> list[Record]:
    label = re.sub(r"[ \u3000]+", "", article["label"])
    base = dict(common, article=article["number"], article_suffix=article["suffix"], article_label=label,
                chapter_path=article["chapters"])
    text = "\n".join(paragraphs)
    if len(text) <= MAX_RECORD_CHARS or len(paragraphs) == 1:
        return [Record(id=law_record_id(common["short_name"], common["version"], article["number"],
                                        article["suffix"]), text=text, **base)]
    parts, size = [[]], 0
    for p in paragraphs:
        if parts[-1] and size + len(p) > MAX_RECORD_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(p)
        size += len(p)
    records = []
    for i, chunk in enumerate(parts, start=1):
        body = "\n".join(chunk)
        if i > 1:
            body = f"{label}（续{i - 1}）\n{body}"
        records.append(Record(id=law_record_id(common["short_name"], common["version"], article["number"],
                                               article["suffix"], i), text=body, part=i, **base))
    return records


def _dedupe_ids(records: list[Record]) -> list[Record]:
    """A repeated article number (a typo in a source) keeps both texts under distinct ids."""
    seen: dict[str, int] = {}
    for r in records:
        n = seen.get(r.id, 0)
        seen[r.id] = n + 1
        if n:
            r.id = f"{r.id}~{n}"
    return records


_DECISION_ITEM_RE = re.compile(r"^([一二三四五六七八九十百]+)、")


def _split_decision(body: list[str], common: dict) -> list[Record]:
    """An amendment decision: one record per numbered change (一、二、…), kept apart from the law."""
    items: list[list[str]] = [[]]
    for raw in body:
        line = raw.strip()
        if not line or raw.startswith("#"):
            continue
        if _DECISION_ITEM_RE.match(line) and items[-1]:
            items.append([])
        items[-1].append(line)
    out = []
    for n, lines in enumerate(items):
        text = "\n".join(lines)
        out.append(Record(id=f"{common['short_name']}@{common['version']}#d{n}", text=text, article_label=
                          "" if n == 0 else f"{lines[0].split('、')[0]}、", meta={"amendment": True}, **common))
    return out
