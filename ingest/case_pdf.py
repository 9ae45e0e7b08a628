"""PDF penalty decisions (行政处罚决定书) → CaseRecord, read by the headings and cue phrases such decisions use."""
from __future__ import annotations

import re
from pathlib import Path

from core.models import CaseRecord
from ingest.case_fields import FieldError, infer_tier, normalise_date, normalise_text, parse_citations, parse_yuan


class CaseLoadError(Exception):
    """A case file or PDF that cannot be loaded at all; the message gives the path and the reason."""


DOC_NO_RE = re.compile(r"[\u4e00-\u9fff]{1,20}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*[\u4e00-\u9fff]{0,4}\d+\s*号")
PARTY_RE = re.compile(r"当事人(?:名称|姓名)?\s*[:：]\s*(?P<party>[^\n]+)")
FACTS_START_RE = re.compile(r"(?:一、\s*)?(?:违法事实(?:及证据)?|案件事实)\s*[:：]?\s*\n|经查[，,:：]")
FACTS_END_RE = re.compile(r"(?:二、|三、)\s*(?:相关)?(?:证据|处罚依据|法律依据)|上述事实[，,]?(?:主要)?有(?:以下)?证据|以上事实[，,]|"
                          r"(?:本局|本机关|我局)认为|当事人的?上述行为")
EVIDENCE_RE = re.compile(r"(?:证据(?:如下|材料)?[:：]|有以下证据(?:证明|为证)?[:：]?)(?P<body>.*?)"
                         r"(?=(?:本局|本机关|我局)认为|当事人的?上述行为|[三四]、|$)", re.S)
VIOLATION_RE = re.compile(r"违反了?(?P<text>.*?)(?:的规定|规定)")
BASIS_RE = re.compile(r"(?:依据|根据|依照)(?P<text>《[^。]*?)(?:的规定|规定)")
DECISION_RE = re.compile(r"(?:决定如下|作出如下(?:行政)?处罚(?:决定)?|处罚(?:决定|内容)\s*[:：])\s*[:：]?(?P<body>.*?)"
                         r"(?=当事人应当?自收到|如不服|当事人如对|$)", re.S)
FINE_RE = re.compile(r"罚款(?:人民币)?\s*(?P<amount>[\d,，.]+\s*万?元|[零〇一二三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]+元)")
INCOME_RE = re.compile(r"没收违法所得(?:人民币)?\s*(?P<amount>[\d,，.]+\s*万?元|[零〇一二三四五六七八九十百千万]+元)")
GOODS_RE = re.compile(r"没收(?!违法所得)(?P<goods>[^；;。\n]+)")
DATE_RE = re.compile(r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)")
AUTHORITY_RE = re.compile(r"(?P<region>[\u4e00-\u9fff]{2,20}?)(?:市场监督管理局|市场监管局|市场监督管理委员会)")


def extract_pdf_text(path: Path) -> str:
    """The text layer of a PDF. Raises CaseLoadError for unreadable, encrypted or text-less files."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise CaseLoadError(f"{path}: corrupt or not a PDF ({exc})") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # pypdf raises several types for unsupported encryption
            raise CaseLoadError(f"{path}: encrypted PDF, cannot decrypt ({exc})") from exc
        if not opened:
            raise CaseLoadError(f"{path}: encrypted PDF (password required)")
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # damaged content streams surface as many error types
        raise CaseLoadError(f"{path}: corrupt PDF content ({exc})") from exc
    text = "\n".join(pages)
    if not pages:
        raise CaseLoadError(f"{path}: PDF has no pages")
    if len(re.sub(r"\s", "", text)) < 20:
        raise CaseLoadError(f"{path}: no text layer (scanned image?); run OCR first")
    return text


def _section(text: str, start: re.Pattern, end: re.Pattern) -> str:
    m = start.search(text)
    if not m:
        return ""
    rest = text[m.end():]
    stop = end.search(rest)
    return (rest[: stop.start()] if stop else rest).strip()


def _join_lines(text: str) -> str:
    """Undo the hard line breaks of PDF text inside Chinese sentences."""
    return re.sub(r"(?<=[\u4e00-\u9fff\d，、（）()])\n(?=[\u4e00-\u9fff\d（(《])", "", text).strip()


def parse_decision_text(text: str, *, source: str = "", fallback_id: str = "") -> CaseRecord:
    """A 行政处罚决定书's text → CaseRecord. Raises CaseLoadError when no facts section is found."""
    text = normalise_text(text).replace("\r", "")
    doc_no = DOC_NO_RE.search(text)
    party_m = PARTY_RE.search(text)
    party = party_m.group("party").strip() if party_m else ""
    facts = _join_lines(_section(text, FACTS_START_RE, FACTS_END_RE))
    if not facts:
        raise CaseLoadError(f"{source}: no 违法事实 / 经查 section found")
    flat = _join_lines(text)
    violation_m = VIOLATION_RE.search(flat)
    basis_m = BASIS_RE.search(flat[violation_m.end():] if violation_m else flat)
    decision_m = DECISION_RE.search(flat)
    decision = decision_m.group("body").strip() if decision_m else ""
    evidence_m = EVIDENCE_RE.search(flat)
    evidence = [e.strip(" 。；;\n") for e in re.split(r"\s*(?:\d+[.．、]|；|;)\s*", evidence_m.group("body"))
                if len(e.strip(" 。；;\n")) > 1] if evidence_m else []
    try:
        fine_m, income_m = FINE_RE.search(decision or flat), INCOME_RE.search(decision or flat)
        fine = parse_yuan(fine_m.group("amount")) if fine_m else None
        income = parse_yuan(income_m.group("amount")) if income_m else None
    except FieldError as exc:
        raise CaseLoadError(f"{source}: {exc}") from exc
    goods_m = GOODS_RE.search(decision)
    dates = DATE_RE.findall(text)
    authority = AUTHORITY_RE.search(text)
    title = next((line.strip() for line in text.splitlines() if "决定书" in line), "行政处罚决定书")
    if party:
        title = f"{party}{'：' if title else ''}{title}"
    return CaseRecord(
        case_id="pdf:" + re.sub(r"\s", "", doc_no.group(0)) if doc_no else fallback_id,
        title=title,
        region=authority.group("region") if authority else "",
        date=normalise_date(dates[-1]) if dates else "",
        facts=f"当事人：{party}。{facts}" if party and party not in facts else facts,
        evidence=evidence,
        provisions={"violated": parse_citations(violation_m.group("text")) if violation_m else [],
                    "penalty_basis": parse_citations(basis_m.group("text")) if basis_m else []},
        tier=infer_tier(flat),
        penalty={"fine": fine, "confiscated_income": income,
                 "confiscated_goods": goods_m.group("goods").strip() if goods_m else ""},
        outcome=decision[:500],
        visibility="internal",
        source=source,
    )


def load_case_pdf(path: str | Path) -> CaseRecord:
    """Read one PDF penalty decision. Raises CaseLoadError (encrypted, no text layer, corrupt, no facts)."""
    path = Path(path)
    if not path.is_file():
        raise CaseLoadError(f"{path}: no such file")
    text = extract_pdf_text(path)
    from ingest.privacy import mask_personal_data

    case = parse_decision_text(text, source=str(path), fallback_id=f"pdf:{path.stem}")
    data = case.model_dump()
    for field in ("title", "facts", "outcome"):
        data[field] = mask_personal_data(data[field])
    data["evidence"] = [mask_personal_data(e) for e in data["evidence"]]
    data["penalty"]["confiscated_goods"] = mask_personal_data(data["penalty"]["confiscated_goods"])
    return CaseRecord.model_validate(data)
