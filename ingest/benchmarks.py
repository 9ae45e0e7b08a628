"""Load an office's own discretion benchmark (items, lists, profile) from YAML or JSON.

Format: see corpus/benchmarks/README.md. Every problem in a file is collected and reported at once,
each as `file:line: field: message`, so an office can fix its file without reading code.
Provisions may be written as text ("食品安全法第一百二十四条第一款第（五）项") or as mappings.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import ValidationError

from core import amounts
from core.models import TIERS, FineRule, ListEntry, Profile, Provision, StatutoryPenalty, ViolationItem
from ingest.provision_refs import find_refs
from core.records import Record

FILE_DEFAULTS = ("region", "issuer", "version", "effective")
TOP_LEVEL_KEYS = {"items", "lists", "profile", *FILE_DEFAULTS, "title", "notes"}


class BenchmarkError(ValueError):
    def __init__(self, path: Path | str, problems: list[str]):
        self.path, self.problems = str(path), problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(f"  {p}" for p in problems))


@dataclass
class BenchmarkFile:
    path: str
    items: list[ViolationItem] = field(default_factory=list)
    lists: list[ListEntry] = field(default_factory=list)
    profile: Optional[Profile] = None


# --- YAML with line numbers -------------------------------------------------------------------------

def _line_index(node: yaml.Node, path: tuple = (), out: Optional[dict] = None) -> dict[tuple, int]:
    """(key, index, …) path → 1-based line, from the composed node tree."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[path + (key,)] = k.start_mark.line + 1
            _line_index(v, path + (key,), out)
            out[path + (key,)] = k.start_mark.line + 1  # the key's own line, not its value's
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_index(v, path + (i,), out)
    return out


def _line_for(lines: dict[tuple, int], path: tuple) -> int:
    for n in range(len(path), -1, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return 1


def _plain(value: Any) -> Any:
    """Dates as ISO strings, recursively (YAML turns 2024-05-01 into a date)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- provisions written as text ---------------------------------------------------------------------

def parse_provision_text(text: str) -> Provision:
    """'《食品安全法》第一百二十四条第一款第（五）项' or '食品安全法第124条' → Provision."""
    s = text.strip()
    s = re.sub(r"第(\d+)条", lambda m: f"第{_cn(int(m.group(1)))}条", s)
    m = re.match(r"^《?(?:中华人民共和国)?([^《》第]+?)》?(第.+)$", s)
    if not m:
        raise ValueError(f"not a provision: {text!r} (write e.g. 食品安全法第一百二十四条第一款)")
    law = m.group(1)
    refs = find_refs(m.group(2), law, 0, None, [law])
    if not refs or refs[0].relative:
        raise ValueError(f"not a provision: {text!r} (write e.g. 食品安全法第一百二十四条第一款)")
    return refs[0].provision.model_copy(update={"law": law})


def _cn(n: int) -> str:
    from core.numerals import int_to_cn
    return int_to_cn(n)


def _provisions_in(raw: dict, keys: tuple[str, ...], path: tuple, problems: list[tuple[tuple, str]]) -> None:
    for key in keys:
        values = raw.get(key)
        if values is None:
            continue
        if isinstance(values, (str, dict)):
            values = [values]
            raw[key] = values
        for i, v in enumerate(values):
            if isinstance(v, str):
                try:
                    values[i] = parse_provision_text(v).model_dump()
                except ValueError as e:
                    problems.append((path + (key, i), str(e)))


# --- validation -------------------------------------------------------------------------------------

def _pydantic_problems(err: ValidationError, path: tuple) -> list[tuple[tuple, str]]:
    return [(path + tuple(e["loc"]), e["msg"]) for e in err.errors()]


def _check_item(item: ViolationItem, path: tuple) -> list[tuple[tuple, str]]:
    problems = []
    if not item.conduct.strip():
        problems.append((path + ("conduct",), "conduct (违法行为) is empty"))
    if not item.penalty_basis:
        problems.append((path + ("penalty_basis",), "an item needs at least one penalty_basis (处罚依据)"))
    for i, f in enumerate(item.penalty.fines):
        if f.min is not None and f.max is not None and f.min > f.max:
            problems.append((path + ("penalty", "fines", i), f"min {f.min} is above max {f.max}"))
        if f.kind == "multiple" and not f.base:
            problems.append((path + ("penalty", "fines", i, "base"), "a multiple fine needs a base (货值金额 …)"))
    for i, t in enumerate(item.tiers):
        if t.fine_min is not None and t.fine_max is not None and t.fine_min > t.fine_max:
            problems.append((path + ("tiers", i), f"fine_min {t.fine_min} is above fine_max {t.fine_max}"))
    return problems


def _check_profile(profile: Profile, path: tuple) -> list[tuple[tuple, str]]:
    problems = []
    if len(profile.scheme) < 3:
        problems.append((path + ("scheme",), "a tier scheme needs at least 3 tiers"))
    for tier, bounds in profile.range_fractions.items():
        if tier not in TIERS:
            problems.append((path + ("range_fractions", tier), f"unknown tier {tier!r}; use one of {TIERS}"))
        elif tier not in profile.scheme:
            problems.append((path + ("range_fractions", tier), f"tier {tier!r} is not in this profile's scheme"))
        lo, hi = bounds
        if not (0.0 <= lo <= hi <= 1.0):
            problems.append((path + ("range_fractions", tier), f"fractions must satisfy 0 <= lo <= hi <= 1, got {bounds}"))
    if not 0.0 <= profile.mitigated_floor < 1.0:
        problems.append((path + ("mitigated_floor",), "mitigated_floor must be in [0, 1)"))
    return problems


def _build(data: Any) -> tuple[list, list, Optional[Profile], list[tuple[tuple, str]]]:
    problems: list[tuple[tuple, str]] = []
    if not isinstance(data, dict):
        return [], [], None, [((), "the file must be a mapping with items / lists / profile")]
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(((key,), f"unknown top-level key; expected one of {sorted(TOP_LEVEL_KEYS)}"))
    defaults = {k: str(data[k]) for k in FILE_DEFAULTS if data.get(k) is not None}
    items, seen = [], {}
    for i, raw in enumerate(data.get("items") or []):
        path = ("items", i)
        if not isinstance(raw, dict):
            problems.append((path, "an item must be a mapping"))
            continue
        raw = {**defaults, "origin": "office", **raw}
        _provisions_in(raw, ("violated", "penalty_basis"), path, problems)
        try:
            item = ViolationItem.model_validate(raw)
        except ValidationError as e:
            problems.extend(_pydantic_problems(e, path))
            continue
        if item.item_id in seen:
            problems.append((path + ("item_id",), f"duplicate item_id {item.item_id!r} (first at item {seen[item.item_id]})"))
        seen[item.item_id] = i
        problems.extend(_check_item(item, path))
        items.append(item)
    lists = []
    for i, raw in enumerate(data.get("lists") or []):
        path = ("lists", i)
        if isinstance(raw, dict):
            _provisions_in(raw, ("provisions",), path, problems)
        try:
            lists.append(ListEntry.model_validate(raw))
        except ValidationError as e:
            problems.extend(_pydantic_problems(e, path))
    profile = None
    if data.get("profile") is not None:
        raw = data["profile"]
        if isinstance(raw, dict):
            raw = {**{k: v for k, v in defaults.items() if k != "version" or "version" not in raw}, **raw}
            for i, entry in enumerate(raw.get("lists") or []):
                if isinstance(entry, dict):
                    _provisions_in(entry, ("provisions",), ("profile", "lists", i), problems)
        try:
            profile = Profile.model_validate(raw)
            profile.lists = profile.lists + lists
            problems.extend(_check_profile(profile, ("profile",)))
        except ValidationError as e:
            problems.extend(_pydantic_problems(e, ("profile",)))
    return items, lists, profile, problems


def load_benchmark_file(path: Path | str) -> BenchmarkFile:
    """Items, lists and profile of one YAML/JSON file; BenchmarkError lists every problem with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise BenchmarkError(path, [f"{path}: cannot read: {e}"]) from e
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = _plain(yaml.safe_load(text))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise BenchmarkError(path, [f"{path}:{line}: syntax: {getattr(e, 'problem', e)}"]) from e
    lines = _line_index(node) if node is not None else {}
    items, lists, profile, problems = _build(data)
    if problems:
        raise BenchmarkError(path, [f"{path}:{_line_for(lines, p)}: {'.'.join(map(str, p)) or '(file)'}: {msg}"
                                    for p, msg in problems])
    return BenchmarkFile(path=str(path), items=items, lists=lists, profile=profile)


# --- records for indexing ---------------------------------------------------------------------------

def describe_fine(f: FineRule) -> str:
    """The clause in the compact style the index holds (5万元以上20万元以下, see core.amounts)."""
    c = f.condition
    return amounts.describe_fine(f.kind, f.min, f.max, f.base, (c.base, c.op, c.value) if c else None,
                                 style="compact")


def describe_penalty(p: StatutoryPenalty) -> str:
    parts = []
    if p.order_correction:
        parts.append("责令改正")
    if p.warning:
        parts.append("警告")
    if p.confiscate:
        parts.append("没收" + "、".join(p.confiscate))
    parts.extend(describe_fine(f) for f in p.fines)
    if p.suspend and not any("停产停业" in o or "停业" in o for o in p.other):
        parts.append("责令停产停业")
    if p.revoke and not any("吊销" in o for o in p.other):
        parts.append("吊销许可证照")
    parts.extend(p.other)
    return "；".join(parts)


def item_record_id(item_id: str) -> str:
    """The id of a violation item's record in the index."""
    return f"item:{item_id}"


def item_to_record(item: ViolationItem) -> Record:
    """A benchmark item as an indexable record: conduct, provisions and range in one Chinese line."""
    pieces = [f"违法行为：{item.conduct}"]
    if item.violated and item.violated_source != "wording":  # a rule matched by wording is not the item's words
        pieces.append("违反条款：" + "、".join(v.cite() for v in item.violated))
    if item.penalty_basis:
        pieces.append("处罚依据：" + "、".join(v.cite() for v in item.penalty_basis))
    penalty = describe_penalty(item.penalty)
    if penalty:
        pieces.append(f"法定处罚：{penalty}")
    for t in item.tiers:
        pieces.append(f"{t.tier}：{t.conditions} {t.standard}".strip())
    if item.note:
        pieces.append(f"备注：{item.note}")
    if item.rule_text:
        pieces.append(f"行为规范：{item.rule_text}")
    law = item.penalty_basis[0].law if item.penalty_basis else ""
    text = "。".join(p.rstrip("。；") for p in pieces) + "。"
    return Record(id=item_record_id(item.item_id), doc_type="benchmark", text=text,
                  title=item.conduct[:60], law=law, short_name=law, region=item.region, issuer=item.issuer,
                  version=item.version, effective=item.effective, source=item.source or item.origin,
                  meta=item.model_dump(mode="json"))
