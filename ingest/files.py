"""Load files a user points at (`shuoli ingest PATH...`, the app's upload) into records.

PDF (pypdf), DOCX (python-docx), TXT/MD (encoding detected). A text that looks like a law is split
by article (parse_law_text); anything else into passages of about 300–600 characters.
A bad file raises `FileLoadError` with a reason the user can act on, never any other exception.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from ingest.markdown_laws import ARTICLE_RE, DECISION_TITLE_RE, HEADING_RE, LawParseError, parse_law_text
from core.dates import full_date
from core.numerals import CN_NUMERAL_CHARS
from core.records import NATIONAL, Record, Visibility

LoadDocType = Literal["auto", "law", "guidance", "case"]

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
MAX_FILE_BYTES = 100 * 1024 * 1024
PASSAGE_MIN, PASSAGE_MAX = 300, 600
MIN_ARTICLE_LINES = 3
# Below this many visible characters per page a PDF is taken as a scan without a text layer.
MIN_CHARS_PER_PAGE = 10


class FileLoadError(Exception):
    """A file that cannot be loaded; `reason` is Chinese + English, fit to show to the user."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class FileFailure:
    path: Path
    reason: str


# ---------------------------------------------------------------- character and line normalisation

# Some PDF exports store ，。； as Yi syllables and 《》 as guillemets.
_PUNCT_MAP = {ord("ꎬ"): "，", ord("ꎮ"): "。", ord("ꎻ"): "；", ord("«"): "《", ord("»"): "》"}
_CHAR_MAP = _PUNCT_MAP | {c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B))
                          for c in range(*r)}  # full-width digits and letters → ASCII
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40" \
       "\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026"
_SPACES_RE = re.compile(r"[ \t\u3000\u00a0]+")
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}\d])|(?<=\d) (?=[{_CJK}])")
# The space after an article label or a 编/章/节 number is a separator the law parser needs.
_LABEL_PREFIX_RE = re.compile(rf"^(#*\s*)(第(?: ?[{CN_NUMERAL_CHARS}])+ ?(?:[编章节]|条(?:之[一二三四五六七八九十]+)?)) (?=\S)")
# Full-width figures whose decimal point the PDF export dropped: １８１ ８９ 万户 = 181.89万户.
_LOST_DECIMAL_RE = re.compile(r"(?<![０-９])([０-９]+) ([０-９]{1,2}) ?(?=[万亿])")
_HTML_TAG_RE = re.compile(r"</?(?:p|br|div|span|strong|b|em|font)\b[^>]*>", re.I)


def normalise_line(line: str) -> str:
    """Map PDF punctuation, full-width digits/letters → ASCII, drop spaces inside Chinese text."""
    line = _LOST_DECIMAL_RE.sub(r"\1.\2", line).translate(_CHAR_MAP)
    line = _SPACES_RE.sub(" ", line).strip()
    m = _LABEL_PREFIX_RE.match(line)
    if m:
        return f"{m.group(1)}{m.group(2).replace(' ', '')} {_CJK_GAP_RE.sub('', line[m.end():])}"
    return _CJK_GAP_RE.sub("", line)


# ---------------------------------------------------------------- PDF layout cleaning

_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－~·]*\s*\d{1,4}\s*[-—–－~·]*|第\d+页(?:[,，/]?共\d+页)?|共\d+页[,，]?第\d+页|\d+\s*/\s*\d+"
    r"|page\s*\d+(?:\s*of\s*\d+)?)$", re.I)
_SENTENCE_END = "。；：！？”’」』…）)!?;:"
_BLOCK_START_RE = re.compile(
    rf"^(?:第[{CN_NUMERAL_CHARS}]+[条编章节]|[（(][{CN_NUMERAL_CHARS}\d]+[）)]|[一二三四五六七八九十]+、"
    r"|\d+[.、．](?!\d)|#|[（(]\d{4}年|[【〔\[]|附件|附：|目录|目 录)")
_EDGE_LINES = 3  # header/footer candidates: this many lines at the top and bottom of a page
_MIN_WRAP_WIDTH = 20  # narrower texts (lists, tables) are never re-joined


def _width(line: str) -> int:
    """Display width: CJK counts 2, ASCII 1 (UTF-8 length is 3 and 1)."""
    return (len(line.encode("utf-8", "replace")) + len(line)) // 2


def _typical_width(probes: list[str]) -> int:
    widths = sorted(_width(p) for p in probes if p)
    return widths[int(0.8 * (len(widths) - 1))] if widths else 0


def _repeated_edge_lines(pages: list[list[str]]) -> set[str]:
    """Keys (digits masked) of lines near a page edge that recur on most pages: headers and footers."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for probes in pages:
        lines = [p for p in probes if p]
        edge = set(lines[:_EDGE_LINES] + lines[-_EDGE_LINES:])
        for key in {re.sub(r"\d+", "#", p) for p in edge}:
            counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n >= 2 and n > len(pages) / 2 and not ARTICLE_RE.match(k)}


def _clean_pages(pages: list[str]) -> list[tuple[int, str]]:
    """(page number, logical line) after header/footer/page-number removal and re-joining."""
    raw_pages = [[ln.translate(_PUNCT_MAP).strip() for ln in page.splitlines()] for page in pages]
    probe_pages = [[normalise_line(ln) for ln in page] for page in raw_pages]
    repeated = _repeated_edge_lines(probe_pages)
    items: list[tuple[int, str, str]] = []  # (page, probe, raw); probe "" marks a blank line
    for page_no, (raws, probes) in enumerate(zip(raw_pages, probe_pages), start=1):
        nonblank = [i for i, p in enumerate(probes) if p]
        edges = set(nonblank[:_EDGE_LINES] + nonblank[-_EDGE_LINES:])
        for i, (raw, probe) in enumerate(zip(raws, probes)):
            if probe and (_PAGE_NUMBER_RE.match(probe)
                          or (i in edges and re.sub(r"\d+", "#", probe) in repeated)):
                continue
            items.append((page_no, probe, raw))
    return _join_lines(items)


def _blank_lines_are_layout(items: list[tuple[int, str, str]]) -> bool:
    """True for double-spaced extractions where a blank line follows nearly every layout line."""
    nonblank = sum(1 for _, p, _ in items if p)
    gaps = sum(1 for a, b in zip(items, items[1:]) if a[1] and not b[1])
    return nonblank >= 4 and gaps >= 0.7 * (nonblank - 1)


def _join_lines(items: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
    typical = _typical_width([p for _, p, _ in items])
    layout_blanks = _blank_lines_are_layout(items)
    out: list[tuple[int, list[str]]] = []  # (page, raw pieces of one logical line)
    open_line, last = False, ""
    for page, probe, raw in items:
        if not probe:
            open_line = open_line and layout_blanks
            continue
        if open_line and not _BLOCK_START_RE.match(probe):
            if last[-1].isascii() and last[-1].isalnum() and probe[0].isascii() and probe[0].isalnum():
                out[-1][1].append(" ")
            out[-1][1].append(raw)
        else:
            out.append((page, [raw]))
        last = probe
        # A line is broken by the layout when it is full width and does not end a sentence.
        open_line = (typical >= _MIN_WRAP_WIDTH and _width(probe) >= 0.8 * typical
                     and probe[-1] not in _SENTENCE_END)
    return [(page, line) for page, pieces in out if (line := normalise_line("".join(pieces)))]


def clean_pdf_text(text: str) -> str:
    """Clean text extracted from a Chinese PDF; pages may be separated by form feeds (\\f).

    Drops page numbers and headers/footers repeated on most pages, re-joins lines the layout broke
    mid-sentence, normalises width and PDF punctuation, and removes spaces inside Chinese text.
    """
    return "\n".join(line for _, line in _clean_pages(text.split("\f")))


def _looks_hard_wrapped(text: str) -> bool:
    """A plain text pasted from a PDF: many full-width lines that end mid-sentence."""
    probes = []
    for line in text.splitlines():
        if line.strip():
            probes.append(normalise_line(line[:2000]))
            if len(probes) >= 400:
                break
    if len(probes) < 5:
        return False
    typical = _typical_width(probes)
    if typical < _MIN_WRAP_WIDTH:
        return False
    open_lines = sum(1 for p in probes[:-1] if _width(p) >= 0.85 * typical and p[-1] not in _SENTENCE_END)
    return open_lines >= 0.3 * len(probes)


# ---------------------------------------------------------------- extraction per format

def _read_pdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    with path.open("rb") as f:
        if b"%PDF" not in f.read(1024):
            raise FileLoadError(path, "不是有效的 PDF 文件 (not a PDF: no %PDF header)")
    try:
        reader = PdfReader(path, strict=False)
        encrypted = reader.is_encrypted
    except Exception as e:
        raise FileLoadError(path, f"PDF 文件损坏或不完整 (corrupt or truncated PDF: {e})") from e
    if encrypted:
        try:
            decrypted = bool(reader.decrypt(""))
        except Exception:
            decrypted = False
        if not decrypted:
            raise FileLoadError(path, "PDF 已加密，需要密码 (encrypted PDF: remove the password and upload again)")
    try:
        pages = list(reader.pages)
    except Exception as e:
        raise FileLoadError(path, f"PDF 文件损坏或不完整 (corrupt or truncated PDF: {e})") from e
    if not pages:
        raise FileLoadError(path, "PDF 没有页面 (PDF has no pages)")
    texts, failed = [], 0
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:
            texts.append("")
            failed += 1
    if failed == len(pages):
        raise FileLoadError(path, "PDF 文件损坏，无法提取文字 (corrupt PDF: text extraction failed on every page)")
    return texts


def _read_docx(path: Path) -> str:
    import docx
    from docx.table import Table

    if not zipfile.is_zipfile(path):
        raise FileLoadError(path, "DOCX 文件损坏或为旧版 .doc 格式 (corrupt DOCX: not a zip package; "
                                  "if it is an old .doc, save it as .docx)")
    try:
        document = docx.Document(str(path))
    except Exception as e:
        raise FileLoadError(path, f"DOCX 文件损坏 (corrupt DOCX: {e})") from e
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                if cells:
                    lines.append(" | ".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:100_000]
    return len(_CONTROL_RE.findall(sample)) > max(2, len(sample) // 100)


def decode_text(raw: bytes) -> str | None:
    """Decode with BOM, then UTF-8, then GB18030, then chardet's guess; None when nothing fits."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            candidates = [encoding]
            break
    else:
        candidates = ["utf-8"]
        if raw.count(0) > len(raw) // 5:  # UTF-16 without BOM: ASCII code units have a zero byte
            zeros_at_odd = raw[1::2].count(0) > raw[0::2].count(0)
            candidates.append("utf-16-le" if zeros_at_odd else "utf-16-be")
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text
    import chardet

    guess = chardet.detect(raw[:200_000])
    if guess.get("encoding") and (guess.get("confidence") or 0) >= 0.5:
        try:
            text = raw.decode(guess["encoding"])
        except (UnicodeDecodeError, LookupError):
            return None
        if not _looks_binary(text):
            return text
    return None


def _read_text(path: Path) -> str:
    text = decode_text(path.read_bytes())
    if text is None:
        raise FileLoadError(path, "无法识别文本编码或不是文本文件 (undecodable text: not UTF-8, GB18030 or "
                                  "UTF-16, or a binary file)")
    return _HTML_TAG_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _repair_markdown(text: str) -> str:
    """Headings without a space (`##第一章总则`), articles written as headings or in bold."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^(#+)\s*(.*)$", line)
        if m:
            hashes, content = m.groups()
            if ARTICLE_RE.match(_repair_article_start(content)):
                line = content
            else:
                content = re.sub(rf"^(第[{CN_NUMERAL_CHARS}]+[编章节])(?=\S)", r"\1 ", content)
                line = f"{hashes} {content}"
        out.append(line)
    return "\n".join(out)


_LABEL = rf"第[{CN_NUMERAL_CHARS}]+条(?:之[一二三四五六七八九十]+)?"
_MARKED_LABEL_RE = re.compile(rf"^(?:\*\*\s*({_LABEL})\s*\*\*\s*[：:]?|({_LABEL})\s*[：:])\s*(?=\S)")


def _repair_article_start(line: str) -> str:
    """`**第一条** 内容` / `第一条：内容` → `第一条 内容`. A bare `第一条内容` stays: it may be a cross-reference."""
    m = _MARKED_LABEL_RE.match(line) if line.startswith(("第", "*")) else None
    return f"{m.group(1) or m.group(2)} {line[m.end():]}" if m else line


# ---------------------------------------------------------------- records

_DECISION_ITEM_RE = re.compile(r"^[一二三四五六七八九十百]+、")  # the numbered changes of an amendment decision
_STEM_DATE_RE = re.compile(r"^(?P<name>.+?)\s*[(（](?P<date>\d{4}-\d{1,2}-\d{1,2})[)）]$")
_TEXT_DATE_RE = re.compile(r"(\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                           r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")


def _version_of(path: Path, lines: list[str]) -> str:
    m = _STEM_DATE_RE.match(path.stem)
    if m and (iso := full_date(*m.group("date").split("-"))):
        return iso
    for line in [ln for ln in lines if ln.strip()][:10]:
        for found in _TEXT_DATE_RE.finditer(line):
            if iso := full_date(*found.groups()):
                return iso
    return ""


def _title_of(path: Path, lines: list[str]) -> str:
    first = next((ln.strip().lstrip("#").strip() for ln in lines if ln.strip().lstrip("#").strip()), "")
    if 2 <= len(first) <= 60 and not ARTICLE_RE.match(first) and first[-1] not in "。；;":
        return first
    m = _STEM_DATE_RE.match(path.stem)
    return m.group("name") if m else path.stem


_SENTENCE_RE = re.compile(r"[^。！？；!?\n]*(?:[。！？；!?]+[”’」』）)]*|\n|$)")


def _sentences(text: str) -> Iterable[str]:
    """Sentences no longer than PASSAGE_MAX; an endless sentence is cut at a comma or at the limit."""
    for m in _SENTENCE_RE.finditer(text):
        s = m.group().strip()
        if not s:
            continue
        start = 0
        while len(s) - start > PASSAGE_MAX:
            cut = max(s.rfind(c, start + PASSAGE_MIN, start + PASSAGE_MAX) for c in "，,、 ")
            end = cut + 1 if cut > 0 else start + PASSAGE_MAX
            yield s[start:end]
            start = end
        if start < len(s):
            yield s[start:]


def split_passages(paragraphs: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Pack paragraphs (text, page) into passages of ~PASSAGE_MIN–PASSAGE_MAX characters, breaking at
    paragraph ends once long enough and inside a paragraph only at sentence ends."""
    passages: list[tuple[str, int | None]] = []
    parts: list[str] = []
    size, page = 0, None

    def emit() -> None:
        nonlocal parts, size
        if parts:
            passages.append(("".join(parts).strip(), page))
        parts, size = [], 0

    for text, para_page in paragraphs:
        if size >= PASSAGE_MIN:
            emit()
        first = True
        for unit in ([text] if len(text) <= PASSAGE_MAX else _sentences(text)):
            if parts and size + len(unit) > PASSAGE_MAX:
                emit()
            if not parts:
                page = para_page
            elif first:
                unit = "\n" + unit
            parts.append(unit)
            size += len(unit)
            first = False
    emit()
    if len(passages) > 1 and len(passages[-1][0]) < 100 and \
            len(passages[-2][0]) + len(passages[-1][0]) <= PASSAGE_MAX + 100:
        tail = passages.pop()
        passages[-1] = (passages[-1][0] + "\n" + tail[0], passages[-1][1])
    return passages


def _law_records(path: Path, lines: list[str], title: str, pages: dict[str, int]) -> list[Record]:
    body = [ln for ln in lines if ln.strip()]
    if ARTICLE_RE.match(body[0]) or HEADING_RE.match(body[0]):
        body.insert(0, title)  # parse_law_text takes the first line as the title block
    parsed = parse_law_text("\n".join(body), version=_version_of(path, lines), source=str(path),
                            fallback_title=title)
    for record in parsed.records:
        if record.article_label in pages:
            record.meta = {**record.meta, "page": pages[record.article_label]}
    return parsed.records


def _load(path: Path, doc_type: LoadDocType, visibility: Visibility, region: str) -> list[Record]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise FileLoadError(path, "文件不存在 (no such file)")
    if path.is_dir():
        raise FileLoadError(path, "这是文件夹，不是文件 (is a directory; load_many and `shuoli ingest DIR` read folders)")
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileLoadError(path, f"不支持的文件类型 {suffix or '(无扩展名)'} (unsupported file type; "
                                  f"use .pdf, .docx, .txt or .md)")
    size = path.stat().st_size
    if size == 0:
        raise FileLoadError(path, "空文件 (empty file, 0 bytes)")
    if size > MAX_FILE_BYTES:
        raise FileLoadError(path, f"文件过大 (file larger than {MAX_FILE_BYTES // 2**20} MB)")

    line_pages: list[tuple[int | None, str]]
    if suffix == ".pdf":
        pages = _read_pdf(path)
        line_pages = list(_clean_pages(pages))
        visible = sum(len(line) - line.count(" ") for _, line in line_pages)
        if visible < max(20, MIN_CHARS_PER_PAGE * len(pages)):
            raise FileLoadError(path, "扫描件无文字层 (scanned PDF without a text layer; OCR it first)")
    else:
        if suffix == ".docx":
            text = _read_docx(path)
        elif suffix == ".md":
            text = _repair_markdown(_read_text(path))
        else:
            text = _read_text(path)
        if suffix == ".txt" and _looks_hard_wrapped(text):
            line_pages = [(None, ln) for ln in clean_pdf_text(text).split("\n")]
        else:
            line_pages = [(None, normalise_line(ln)) for ln in text.split("\n")]
    line_pages = [(p, _repair_article_start(ln)) for p, ln in line_pages if ln]
    if not line_pages:
        raise FileLoadError(path, "文件没有可读文字 (no readable text)")

    lines = [ln for _, ln in line_pages]
    title = _title_of(path, lines)
    article_pages: dict[str, int] = {}
    for page, line in line_pages:
        if (m := ARTICLE_RE.match(line)) and page:
            article_pages.setdefault(re.sub(r"[ \u3000]+", "", m.group().strip()), page)
    looks_like_law = (sum(1 for ln in lines if ARTICLE_RE.match(ln)) >= MIN_ARTICLE_LINES
                      or bool(DECISION_TITLE_RE.search(title) and any(_DECISION_ITEM_RE.match(ln) for ln in lines)))
    if doc_type == "law" or (doc_type == "auto" and looks_like_law):
        try:
            records = _law_records(path, lines, title, article_pages)
        except LawParseError as e:
            if doc_type == "law":
                raise FileLoadError(path, f"未找到法规条文 (no articles found: {e})") from e
            records = []
        if records:
            for record in records:
                record.region, record.visibility, record.doc_type = region, visibility, "law"
            return records

    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
    passage_type = "case" if doc_type == "case" else "guidance"
    if suffix == ".md":  # heading markers are noise in a passage
        line_pages = [(p, stripped) for p, ln in line_pages if (stripped := ln.lstrip("#").strip())]
    return [Record(id=f"file:{path.stem}:{digest}:{n}", doc_type=passage_type, text=text, title=title,
                   region=region, visibility=visibility, source=str(path),
                   meta={"page": page} if page else {})
            for n, (text, page) in enumerate(split_passages([(ln, p) for p, ln in line_pages]), start=1)]


def load_user_file(path: Path | str, *, doc_type: LoadDocType = "auto", visibility: Visibility = "public",
                   region: str = NATIONAL) -> list[Record]:
    """Records from one .pdf/.docx/.txt/.md file. doc_type "auto" splits law-like texts by article
    and anything else into guidance passages. Raises FileLoadError (only) for a bad file."""
    if doc_type not in ("auto", "law", "guidance", "case"):
        raise ValueError(f"doc_type must be auto, law, guidance or case, not {doc_type!r}")
    if visibility not in ("public", "internal"):
        raise ValueError(f"visibility must be public or internal, not {visibility!r}")
    path = Path(path)
    try:
        return _load(path, doc_type, visibility, region)
    except FileLoadError:
        raise
    except OSError as e:
        raise FileLoadError(path, f"无法读取文件 (cannot read file: {e.strerror or e})") from e
    except Exception as e:  # a parser bug or a pathological file must not take the whole batch down
        raise FileLoadError(path, f"文件无法解析 (unreadable file: {type(e).__name__}: {e})") from e


def expand_paths(paths: Iterable[Path | str], failures: list[FileFailure], *,
                 suffixes: Iterable[str] = SUPPORTED_SUFFIXES) -> Iterable[Path]:
    """The given files, and the files of the given folders (walked recursively, hidden entries and Office lock
    files skipped) whose suffix is one of `suffixes`; each path once. An unreadable folder is a failure."""
    suffixes = {s.lower() for s in suffixes}
    seen: set[Path] = set()
    for given in paths:
        given = Path(given)
        if not given.is_dir():
            candidates = [given]
        else:
            candidates = []

            def unreadable(e: OSError) -> None:
                failures.append(FileFailure(Path(e.filename or given), f"无法读取文件夹 (cannot read folder: {e.strerror})"))

            for root, dirs, files in os.walk(given, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                candidates += [Path(root) / f for f in sorted(files)
                               if Path(f).suffix.lower() in suffixes and not f.startswith((".", "~$"))]
            if not candidates:
                failures.append(FileFailure(given, "文件夹中没有可读取的文件 (no supported files in this folder: "
                                                   + ", ".join(sorted(suffixes)) + ")"))
        for path in candidates:
            key = path.resolve() if path.exists() else path
            if key not in seen:
                seen.add(key)
                yield path


def load_many(paths: Iterable[Path | str], *, doc_type: LoadDocType = "auto", visibility: Visibility = "public",
              region: str = NATIONAL) -> tuple[list[Record], list[FileFailure]]:
    """Load every file (folders walked for supported types); bad files are collected, never fatal."""
    records: list[Record] = []
    failures: list[FileFailure] = []
    for path in expand_paths(paths, failures):
        try:
            records.extend(load_user_file(path, doc_type=doc_type, visibility=visibility, region=region))
        except FileLoadError as e:
            failures.append(FileFailure(e.path, e.reason))
    return records, failures
