"""Case loaders: project YAML/JSON(L) case files, office CSV/JSONL exports and PDF penalty decisions.

Every text field is passed through `mask_personal_data` on load. Bad rows do not stop a file: they are
collected as `RowError`s on the returned `CaseLoadResult` (a list of CaseRecord). Formats: corpus/cases/README.md.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional

import yaml
from pydantic import ValidationError

from core.lawnames import short_law_name
from core.models import CaseRecord, Provision
from ingest.case_fields import FieldError, infer_tier, normalise_date, parse_citations, parse_yuan
from ingest.case_pdf import CaseLoadError, load_case_pdf
from ingest.privacy import mask_names, mask_personal_data, names_in
from core.records import NATIONAL, Record

__all__ = ["CaseLoadError", "CaseLoadResult", "RowError", "DEFAULT_COLUMN_MAP", "load_case_file", "load_case_pdf",
           "load_column_map", "mask_case", "mask_personal_data", "case_to_record", "case_text", "case_domain",
           "case_files", "case_stats"]

# our field → office-export column names tried in order (first non-empty wins).
DEFAULT_COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "case_id": ("决定书文号", "处罚决定书文号", "行政处罚决定书文号", "文书号", "案件编号", "案号"),
    "title": ("案件名称", "案由", "案件标题", "标题", "违法行为类型"),
    "party": ("当事人", "当事人名称", "被处罚人", "行政相对人名称", "经营者名称"),
    "facts": ("违法事实", "主要违法事实", "案情", "案件事实", "案情简介"),
    "violated": ("违反条款", "违法依据", "违反的法律条款"),
    "penalty_basis": ("处罚依据", "处罚依据条款", "法律依据"),
    "discretion_basis": ("裁量依据", "裁量理由", "裁量情节"),
    "outcome": ("处罚结果", "处罚内容", "处罚决定", "处理结果", "处罚决定内容"),
    "tier": ("裁量阶次", "处罚阶次", "处罚种类"),
    "fine": ("罚款金额", "罚款金额（元）", "罚款金额(元)", "罚款", "罚款（万元）"),
    "confiscated_income": ("没收违法所得", "没收违法所得金额", "没收违法所得（元）", "没收违法所得(元)"),
    "confiscated_goods": ("没收物品", "没收非法财物"),
    "date": ("决定日期", "处罚日期", "处罚决定日期", "作出处罚决定日期", "作出决定日期", "立案日期"),
    "region": ("地区", "行政区划", "执法机关", "处罚机关", "作出决定机关"),
    "evidence": ("证据", "主要证据"),
    "significance": ("典型意义", "备注"),
}
TEXT_FIELDS = ("title", "facts", "outcome", "significance")
_AUTHORITY_SUFFIXES = ("市场监督管理局", "市场监督管理委员会", "市场监管局", "市场监管委", "综合行政执法局")


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line in the file (the header is line 1 in CSV)
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class CaseLoadResult(list):
    """The cases loaded from one file (a list of CaseRecord) plus the rows that could not be loaded."""

    def __init__(self, cases: Iterable[CaseRecord] = (), errors: Iterable[RowError] = (), path: str = ""):
        super().__init__(cases)
        self.errors: list[RowError] = list(errors)
        self.path = path

    @property
    def ok(self) -> bool:
        return not self.errors


def mask_case(case: CaseRecord) -> CaseRecord:
    """A copy of the case with personal data masked in every free-text field. A name found in any
    field (after 当事人 and similar cues) is masked in all of them, titles included."""
    data = case.model_dump()
    texts = [data[f] for f in TEXT_FIELDS] + data["evidence"] + data["provisions"]["discretion_basis"] + \
        [data["penalty"]["confiscated_goods"], data["penalty"]["other"]]
    names: dict[str, str] = {}
    for text in texts:
        names.update(names_in(text))

    def mask(text: str) -> str:
        return mask_names(mask_personal_data(text), names)

    for field in TEXT_FIELDS:
        data[field] = mask(data[field])
    data["evidence"] = [mask(e) for e in data["evidence"]]
    data["provisions"]["discretion_basis"] = [mask(t) for t in data["provisions"]["discretion_basis"]]
    for field in ("confiscated_goods", "other"):
        data["penalty"][field] = mask(data["penalty"][field])
    return CaseRecord.model_validate(data)


def load_column_map(mapping: Mapping[str, str] | str | Path | None) -> dict[str, tuple[str, ...]]:
    """DEFAULT_COLUMN_MAP overridden by `{our_field: their_column}` (a dict or a small YAML file)."""
    merged = dict(DEFAULT_COLUMN_MAP)
    if mapping is None:
        return merged
    if isinstance(mapping, (str, Path)):
        mapping = yaml.safe_load(Path(mapping).read_text(encoding="utf-8")) or {}
    if not isinstance(mapping, Mapping):
        raise CaseLoadError("column mapping must be a mapping {our_field: their_column}")
    for field, column in mapping.items():
        if field not in DEFAULT_COLUMN_MAP:
            raise CaseLoadError(f"unknown field in column mapping: {field!r}")
        merged[field] = (column,) if isinstance(column, str) else tuple(column)
    return merged


def _pick(row: Mapping[str, object], columns: tuple[str, ...]) -> str:
    for col in columns:
        value = row.get(col)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _region_of(value: str) -> str:
    for suffix in _AUTHORITY_SUFFIXES:
        if value.endswith(suffix) and len(value) > len(suffix):
            return value[: -len(suffix)]
    return value


def _split_list(text: str) -> list[str]:
    parts = [p.strip(" 　") for p in text.replace("；", ";").replace("\n", ";").split(";")]
    return [p for p in parts if p]


def office_row_to_case(row: Mapping[str, object], columns: Mapping[str, tuple[str, ...]], *, fallback_id: str,
                       visibility: str = "internal", source: str = "") -> CaseRecord:
    """One office-export row → CaseRecord. Raises FieldError / ValidationError with the reason."""
    get = {field: _pick(row, cols) for field, cols in columns.items()}
    if not get["facts"]:
        raise FieldError("违法事实 (facts) is empty")
    party = get["party"]
    facts = f"当事人：{party}。{get['facts']}" if party and party not in get["facts"] else get["facts"]
    title = get["title"] or (f"{party}案" if party else "")
    if not title:
        raise FieldError("案件名称/案由 (title) is empty")
    fine_text = get["fine"]
    fine = parse_yuan(fine_text)
    if fine is not None and "万元" in "".join(c for c in columns["fine"] if row.get(c)) and "万" not in fine_text:
        fine *= 10_000  # a 罚款（万元） column holds plain numbers
    violated = parse_citations(get["violated"])
    basis_text = get["penalty_basis"]
    if not violated and "违反" in basis_text and "依据" in basis_text:  # "违反了…的规定，依据…" in one cell
        head, _, basis_text = basis_text.partition("依据")
        violated = parse_citations(head)
    basis = parse_citations(basis_text)
    outcome = get["outcome"]
    data = {
        "case_id": get["case_id"] or fallback_id,
        "title": title,
        "region": _region_of(get["region"]),
        "date": normalise_date(get["date"]),
        "facts": facts,
        "evidence": _split_list(get["evidence"]),
        "provisions": {"violated": violated, "penalty_basis": basis,
                       "discretion_basis": _split_list(get["discretion_basis"])},
        "tier": get["tier"] if get["tier"] in _TIER_WORDS else infer_tier(get["tier"], outcome, get["discretion_basis"]),
        "penalty": {"fine": fine, "confiscated_income": parse_yuan(get["confiscated_income"]),
                    "confiscated_goods": get["confiscated_goods"]},
        "outcome": outcome,
        "significance": get["significance"],
        "visibility": visibility,
        "source": source,
    }
    return CaseRecord.model_validate(data)


_TIER_WORDS = {"不予处罚", "免予处罚", "减轻", "从轻", "一般", "从重", "移送", "调解", "混合"}


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc)


def _is_case_record(row: Mapping[str, object]) -> bool:
    return "case_id" in row and "facts" in row


def _rows_to_result(rows: Iterable[tuple[int, object]], path: Path, columns: Mapping[str, tuple[str, ...]],
                    visibility: str) -> CaseLoadResult:
    result = CaseLoadResult(path=str(path))
    seen: set[str] = set()
    for line, row in rows:
        try:
            if not isinstance(row, Mapping):
                raise FieldError(f"expected a mapping, got {type(row).__name__}")
            if isinstance(row.get("date"), (date, datetime)):  # unquoted YAML dates
                row = {**row, "date": row["date"].isoformat()[:10]}
            if _is_case_record(row):
                case = CaseRecord.model_validate(row)
                if not case.source:
                    case = case.model_copy(update={"source": str(path)})
            else:
                case = office_row_to_case(row, columns, fallback_id=f"{path.stem}:{line}",
                                          visibility=visibility, source=f"{path}:{line}")
            if case.case_id in seen:
                raise FieldError(f"duplicate case_id {case.case_id!r}")
            seen.add(case.case_id)
            result.append(_with_domain(mask_case(case)))
        except (FieldError, ValidationError, ValueError, TypeError) as exc:
            result.errors.append(RowError(line, _reason(exc)))
    return result


def _yaml_rows(path: Path) -> Iterator[tuple[int, object]]:
    """(line, entry) for a YAML list of cases (or {cases: [...]}); line = where the entry starts."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CaseLoadError(f"{path}: not valid YAML: {exc}") from exc
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
        root = next(v for k, v in root.value if k.value == "cases")
    if data is None:
        return
    if not isinstance(data, list):
        raise CaseLoadError(f"{path}: expected a list of cases (or a mapping with key 'cases')")
    for node, entry in zip(root.value, data):
        yield node.start_mark.line + 1, entry


def _jsonl_rows(path: Path) -> Iterator[tuple[int, object]]:
    with path.open(encoding="utf-8-sig") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except json.JSONDecodeError as exc:
                yield line_no, _Bad(f"invalid JSON: {exc.msg} (column {exc.colno})")


def _json_rows(path: Path) -> Iterator[tuple[int, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise CaseLoadError(f"{path}: not valid JSON: {exc}") from exc
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
    if not isinstance(data, list):
        raise CaseLoadError(f"{path}: expected a JSON list of cases")
    for index, entry in enumerate(data, start=1):
        yield index, entry  # JSON arrays have no useful line numbers: the entry's 1-based index


def _csv_rows(path: Path) -> Iterator[tuple[int, object]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CaseLoadError(f"{path}: neither UTF-8 nor GB18030 text")
    dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else csv.excel
    reader = csv.DictReader(text.splitlines(keepends=True), dialect=dialect)
    for row in reader:
        if None in row:  # more cells than header columns
            yield reader.line_num, _Bad(f"{len(row[None])} cell(s) more than the header has")
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        yield reader.line_num, {k.strip(): v for k, v in row.items() if k}


class _Bad(dict):
    """A row that failed before mapping; validating it raises its reason."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def load_case_file(path: str | Path, column_map: Mapping[str, str] | str | Path | None = None, *,
                   visibility: Optional[str] = None) -> CaseLoadResult:
    """Load cases from .yaml/.yml/.json/.jsonl/.csv/.tsv (or one .pdf decision).

    Returns a CaseLoadResult: a list of CaseRecord with `.errors` (line number and reason per bad row).
    Rows shaped like CaseRecord (case_id + facts) are validated as they are; other rows are office exports
    mapped through DEFAULT_COLUMN_MAP overridden by `column_map`. Office rows get `visibility` (default internal).
    Raises CaseLoadError only for a file that cannot be read at all."""
    path = Path(path)
    if not path.is_file():
        raise CaseLoadError(f"{path}: no such file")
    suffix = path.suffix.lower()
    columns = load_column_map(column_map)
    if suffix == ".pdf":
        return CaseLoadResult([_with_domain(mask_case(load_case_pdf(path)))], path=str(path))
    readers = {".yaml": _yaml_rows, ".yml": _yaml_rows, ".jsonl": _jsonl_rows, ".json": _json_rows,
               ".csv": _csv_rows, ".tsv": _csv_rows}
    if suffix not in readers:
        raise CaseLoadError(f"{path}: unsupported case file type {suffix!r}")
    rows = [(line, row) for line, row in readers[suffix](path)]
    result = CaseLoadResult(path=str(path))
    good: list[tuple[int, object]] = []
    for line, row in rows:
        if isinstance(row, _Bad):
            result.errors.append(RowError(line, row.reason))
        else:
            good.append((line, row))
    loaded = _rows_to_result(good, path, columns, visibility or "internal")
    result.extend(loaded)
    result.errors = sorted(result.errors + loaded.errors, key=lambda e: e.line)
    return result


# The domain of a case without a `domain` field (the vocabulary of corpus/cases/published): the first cited law (violated, then penalty basis) that names one.
# Generic procedure laws (行政处罚法 …) name none. Longest law name first so 食品安全法实施条例 wins over 食品安全法.
DOMAIN_BY_LAW: dict[str, str] = {
    "食品安全法": "食品", "食品安全法实施条例": "食品", "食用农产品市场销售质量安全监督管理办法": "食品",
    "农产品质量安全法": "食品", "广告法": "广告", "互联网广告管理办法": "广告", "价格法": "价格",
    "价格违法行为行政处罚规定": "价格", "明码标价和禁止价格欺诈规定": "价格", "商标法": "商标",
    "商标法实施条例": "商标", "专利法": "商标", "反不正当竞争法": "反不正当竞争", "反垄断法": "反垄断",
    "产品质量法": "产品质量", "消费者权益保护法": "消费者权益", "侵害消费者权益行为处罚办法": "消费者权益",
    "电子商务法": "网络交易", "网络交易监督管理办法": "网络交易", "特种设备安全法": "特种设备",
    "特种设备安全监察条例": "特种设备", "计量法": "计量", "计量法实施细则": "计量", "药品管理法": "药品医疗器械化妆品",
    "医疗器械监督管理条例": "药品医疗器械化妆品", "化妆品监督管理条例": "药品医疗器械化妆品", "市场主体登记管理条例": "登记",
    "公司法": "登记", "认证认可条例": "认证认可", "标准化法": "标准化", "工业产品生产许可证管理条例": "产品质量",
    "旅游法": "消费者权益", "野生动物保护法": "其他", "烟草专卖法": "其他", "网络安全法": "其他",
}
_GENERIC_LAWS = ("行政处罚法", "市场监督管理行政处罚程序规定", "行政强制法")


def case_domain(case: CaseRecord) -> str:
    """The case's domain: its `domain` field, else the domain of the first specific law it cites, else 其他."""
    if case.domain.strip():
        return case.domain.strip()
    for p in case.provisions.violated + case.provisions.penalty_basis:
        law = short_law_name(p.law.strip("《》 "))
        if law in _GENERIC_LAWS:
            continue
        if law in DOMAIN_BY_LAW:
            return DOMAIN_BY_LAW[law]
        for name in sorted(DOMAIN_BY_LAW, key=len, reverse=True):
            if name in law:
                return DOMAIN_BY_LAW[name]
    return "其他"


# Circumstance keys as some case files write them → the keys of assistant.circumstances.KINDS.
CIRCUMSTANCE_ALIASES = {
    "corrected_promptly": "corrected", "no_harm": "harm_none", "minor_harm": "harm_minor",
    "serious_harm": "harm_serious", "eliminated_harm": "mitigated_harm", "sourcing_duty_met": "purchase_checked",
    "crime_suspected": "criminal_suspicion", "confessed": "cooperated", "repeat": "repeat_offence",
}


def _with_domain(case: CaseRecord) -> CaseRecord:
    """Domain filled (stated, else from the cited law) and circumstance keys in the project's vocabulary."""
    keys = list(dict.fromkeys(CIRCUMSTANCE_ALIASES.get(k.strip(), k.strip()) for k in case.circumstances if k.strip()))
    return case.model_copy(update={"domain": case_domain(case), "circumstances": keys})


def case_files(folder: Path) -> list[Path]:
    """Every case file under a corpus case folder, sub-folders included (seed_cases.yaml, published/*.yaml …),
    in a stable order. README and other non-case files are not picked up."""
    suffixes = {".yaml", ".yml", ".jsonl"}
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and not p.name.startswith("."))


def case_stats(records: Iterable[Record]) -> dict:
    """{"cases", "with_source" (a published address, http/https), "by_tier", "by_domain"} over indexed case records."""
    out = {"cases": 0, "with_source": 0, "by_tier": {}, "by_domain": {}}
    for record in records:
        try:
            case = CaseRecord.model_validate(record.meta)
        except ValidationError:
            continue
        out["cases"] += 1
        out["with_source"] += case.source.strip().lower().startswith(("http://", "https://"))
        domain = case_domain(case)
        out["by_tier"][case.tier] = out["by_tier"].get(case.tier, 0) + 1
        out["by_domain"][domain] = out["by_domain"].get(domain, 0) + 1
    for key in ("by_tier", "by_domain"):
        out[key] = dict(sorted(out[key].items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def _cite_list(provisions: list[Provision]) -> str:
    return "、".join(p.cite() for p in provisions)


def case_text(case: CaseRecord) -> str:
    """Compact readable text for indexing: title, facts, provisions, tier and outcome."""
    lines = [case.title, case.facts]
    if case.provisions.violated:
        lines.append("违反：" + _cite_list(case.provisions.violated))
    if case.provisions.penalty_basis:
        lines.append("依据：" + _cite_list(case.provisions.penalty_basis))
    result = f"结果：{case.tier}"
    if case.outcome:
        result += "；" + case.outcome
    lines.append(result)
    return "\n".join(line for line in lines if line)


def case_to_record(case: CaseRecord) -> Record:
    """The index record of a case: doc_type case, id case:<case_id>, meta = the CaseRecord as a dict."""
    try:
        effective = normalise_date(case.date)
    except FieldError:
        effective = ""
    return Record(id=f"case:{case.case_id}", doc_type="case", text=case_text(case), title=case.title,
                  region=case.region or NATIONAL, visibility=case.visibility, effective=effective,
                  source=case.source, meta=case.model_dump())
