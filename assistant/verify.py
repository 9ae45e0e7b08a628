"""Citation verifier for every draft and answer: each 《…》第N条(第N款)(第N项) in a text is checked
against the law texts in force on the act date.

A citation is `ok` when the law is known, the article exists in the version in force on that date,
and a cited 款/项 exists in it. Anything else is a problem that `annotate` flags inline
(【未核实：…】), so an unverified citation is never shown silently.

款 are the article's lines that do not start with an item marker; 项 are the lines starting with
（一）（二）…, counted inside the 款 they follow.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Iterable, Literal, NamedTuple, Optional, Protocol, Sequence

from pydantic import BaseModel, Field

from core.numerals import int_to_cn
from core.records import NOT_YET, Record, in_force
from retriever.citations import Citation, find_citations
from retriever.law_names import LawNames
from retriever.store import RecordStore

Status = Literal["ok", "unknown_law", "not_in_corpus", "no_such_article", "no_such_paragraph",
                 "no_such_item", "not_in_force_on_date"]

ITEM_RE = re.compile(r"^[（(][一二三四五六七八九十百]+[)）]")
_LABEL_RE = re.compile(r"^第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?[ \u3000]*")
_CONTINUED_RE = re.compile(r"^第[一二三四五六七八九十百千零〇]+条(?:之[一二三四五六七八九十]+)?（续\d+）$")


class LawVersion(NamedTuple):
    law: str  # full title
    short_name: str
    version: str
    effective: str
    expires: str
    repealed: bool


class VerifiedArticle(BaseModel):
    """One article as it reads in one version, with its 款 and 项."""
    law: str
    short_name: str
    article: int
    suffix: int = 0
    article_label: str
    version: str
    effective: str = ""
    expires: str = ""
    repealed: bool = False
    text: str  # the whole article, label included (第一百三十六条 食品经营者…)

    def body(self) -> str:
        """The article text without its leading label."""
        return _LABEL_RE.sub("", self.text, count=1)

    def paragraphs(self) -> list[list[str]]:
        """款 as lists of lines: [款 line, its item lines…]; the label is stripped from the first."""
        out: list[list[str]] = []
        for line in (ln.strip() for ln in self.body().split("\n")):
            if not line:
                continue
            if ITEM_RE.match(line) and out:
                out[-1].append(line)
            else:
                out.append([line])
        return out

    def paragraph_count(self) -> int:
        return len(self.paragraphs())

    def item_count(self, paragraph: Optional[int] = None) -> int:
        """Items in the given 款, or the most items of any 款 when none is given."""
        paras = self.paragraphs()
        if paragraph is not None:
            return len(paras[paragraph - 1]) - 1 if 0 < paragraph <= len(paras) else 0
        return max((len(p) - 1 for p in paras), default=0)

    def label(self, paragraph: Optional[int] = None, item: Optional[int] = None) -> str:
        s = self.article_label
        if paragraph:
            s += f"第{int_to_cn(paragraph)}款"
        if item:
            s += f"第（{int_to_cn(item)}）项"
        return s

    def version_note(self) -> str:
        """（2021-04-29版本，自2021-04-29起施行）"""
        eff = f"，自{self.effective}起施行" if self.effective else ""
        return f"（{self.version}版本{eff}）" if self.version else ""


class ArticleResolver(Protocol):
    def resolve(self, law_name: str, article: int, suffix: int, on: str) -> VerifiedArticle | None:
        """The article in the version of `law_name` in force on `on`, or None."""

    def versions(self, law_name: str) -> list[LawVersion]:
        """Every version of `law_name` the resolver holds, oldest first ([] = law not held)."""


def _article_from_records(records: Sequence[Record]) -> VerifiedArticle:
    parts = sorted(records, key=lambda r: r.part)
    lines: list[str] = []
    for r in parts:
        for line in r.text.split("\n"):
            if not _CONTINUED_RE.match(line.strip()):  # header repeated on split parts
                lines.append(line)
    first = parts[0]
    return VerifiedArticle(law=first.law, short_name=first.short_name, article=first.article or 0,
                           suffix=first.article_suffix, article_label=first.article_label,
                           version=first.version, effective=first.effective, expires=first.expires,
                           repealed=first.repealed, text="\n".join(lines))


def _latest_version(records: Iterable[Record]) -> list[Record]:
    """When more than one version answers (overlapping dates in the data), keep the newest."""
    by_version: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_version[r.version].append(r)
    return by_version[max(by_version)] if by_version else []


class StoreResolver:
    """ArticleResolver over the real record store; names are resolved with LawNames."""

    def __init__(self, store: RecordStore, law_names: LawNames):
        self.store = store
        self.law_names = law_names

    def _short(self, law_name: str) -> str:
        full = self.law_names.resolve(law_name) or law_name
        return LawNames.short(full)

    def versions(self, law_name: str) -> list[LawVersion]:
        short = self._short(law_name)
        titles = {s: law for law, s in self.store.law_names()}
        title = titles.get(short, self.law_names.resolve(law_name) or law_name)
        return [LawVersion(title, short, v, e, x, r) for v, e, x, r in self.store.versions(short)]

    def resolve(self, law_name: str, article: int, suffix: int, on: str) -> VerifiedArticle | None:
        records = _latest_version(self.store.article(self._short(law_name), article, suffix=suffix, on=on))
        return _article_from_records(records) if records else None


class MemoryResolver:
    """ArticleResolver over a list of Records (tests, or a caller without an index).

    `chain=True` lets each version expire when the next one of the same law takes effect,
    as the ingestion catalogue does, for records that carry no `expires`."""

    def __init__(self, records: Iterable[Record], *, chain: bool = True):
        self._records: dict[str, list[Record]] = defaultdict(list)
        for r in records:
            if r.doc_type == "law" and r.article:
                self._records[r.short_name].append(r.model_copy())  # chaining sets `expires`
        if chain:
            self._chain()
        self.law_names = LawNames.from_titles({r.law for rs in self._records.values() for r in rs})

    def _chain(self) -> None:
        for recs in self._records.values():
            starts = sorted({(r.version, r.effective or r.version) for r in recs})
            for r in recs:
                later = [eff for ver, eff in starts if ver > r.version]
                if not r.expires and later:
                    r.expires = min(later)

    def _short(self, law_name: str) -> str:
        return LawNames.short(self.law_names.resolve(law_name) or law_name)

    def versions(self, law_name: str) -> list[LawVersion]:
        seen = {(r.law, r.short_name, r.version, r.effective, r.expires, r.repealed)
                for r in self._records.get(self._short(law_name), [])}
        return [LawVersion(*v) for v in sorted(seen, key=lambda v: v[2])]

    def resolve(self, law_name: str, article: int, suffix: int, on: str) -> VerifiedArticle | None:
        records = _latest_version(r for r in self._records.get(self._short(law_name), [])
                                  if r.article == article and r.article_suffix == suffix and r.in_force_on(on))
        return _article_from_records(records) if records else None


class CheckedCitation(BaseModel):
    raw: str
    span: tuple[int, int]
    law_text: str = ""
    law: str = ""
    article: int
    article_suffix: int = 0
    paragraph: Optional[int] = None
    item: Optional[int] = None
    label: str = ""  # 第一百二十四条第一款第（五）项
    on: str = ""  # the date it was checked for
    status: Status
    message: str
    version: str = ""  # the version the citation resolved to (ok) …
    effective: str = ""
    in_force_version: str = ""  # … or, when not in force, the version in force that day ("" = none)
    note: str = ""  # e.g. a later version is already adopted

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class VerifyReport(BaseModel):
    on: str
    citations: list[CheckedCitation] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.citations)

    @property
    def problems(self) -> list[CheckedCitation]:
        return [c for c in self.citations if not c.ok]

    def _located(self, text: str, offset: int) -> list[tuple[int, int, CheckedCitation]]:
        """Problem citations with their span inside `text` (a slice of the verified text at `offset`).
        If `text` is not quite the verified text, a citation is looked up by its wording instead."""
        out, taken = [], set()
        for c in self.problems:
            start, end = c.span[0] - offset, c.span[1] - offset
            if not (0 <= start and end <= len(text)):
                continue  # outside this slice
            if text[start:end] != c.raw:
                start = text.find(c.raw)
                while start in taken:
                    start = text.find(c.raw, start + 1)
                end = start + len(c.raw)
            if start >= 0:
                taken.add(start)
                out.append((start, end, c))
        return sorted(out, key=lambda t: t[0])

    def annotate(self, text: str, *, offset: int = 0) -> str:
        """`text` with 【未核实：…】 after each unresolved citation. `offset`: where `text` starts in the
        verified text, so a paragraph of a longer document can be annotated on its own."""
        out, pos = [], 0
        for start, end, c in self._located(text, offset):
            out.append(text[pos:end])
            out.append(f"【未核实：{c.message}】")
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def strip_unverified(self, text: str, *, offset: int = 0, marker: str = "【未核实的引用已删除】") -> str:
        """`text` with each unresolved citation replaced by `marker` (visible, never silent)."""
        out, pos = [], 0
        for start, end, _ in self._located(text, offset):
            out.append(text[pos:start])
            out.append(marker)
            pos = end
        out.append(text[pos:])
        return "".join(out)


def verify_text(text: str, *, on: str, resolver: ArticleResolver, default_law: str = "",
                law_dates: dict[str, str] | None = None, exclude: Sequence[tuple[int, int]] = (),
                names: LawNames | None = None) -> VerifyReport:
    """Check every citation in `text` for the act date `on`.

    law_dates: short name (or "short name#article") → date for laws applied as of another date
    (procedural law applies as of the decision: 行政复议法, 行政诉讼法 …). exclude: spans not checked (verbatim statute quotes, whose own
    cross-references such as 本法第一百二十三条 belong to the quoted law)."""
    on = on or date.today().isoformat()
    names = names or getattr(resolver, "law_names", None) or LawNames.default()
    law_dates = law_dates or {}
    report = VerifyReport(on=on)
    for cite in find_citations(text, default_law=default_law, names=names):
        if any(a <= cite.span[0] < b for a, b in exclude):
            continue
        day = law_dates.get(f"{cite.short_name}#{cite.article}", law_dates.get(cite.short_name, on))
        report.citations.append(check_citation(cite, on=day, resolver=resolver))
    return report


def check_citation(cite: Citation, *, on: str, resolver: ArticleResolver) -> CheckedCitation:
    base = dict(raw=cite.raw, span=cite.span, law_text=cite.law_text, law=cite.law, article=cite.article,
                article_suffix=cite.article_suffix, paragraph=cite.paragraph, item=cite.item,
                label=cite.label(), on=on)
    written = cite.law or cite.law_text or "（未指明法律）"
    if not cite.law:
        return CheckedCitation(**base, status="unknown_law",
                               message=f"法规库中没有名为《{cite.law_text or '？'}》的法律法规")
    versions = resolver.versions(cite.law)
    if not versions:
        return CheckedCitation(**base, status="not_in_corpus",
                               message=f"《{written}》名称有效，但法规库未收录其文本，{cite.label()}无法核实")
    title = versions[-1].law or cite.law
    found = resolver.resolve(cite.law, cite.article, cite.article_suffix, on)
    if found is None:
        return _not_found(base, title, cite, versions, on, resolver)
    ver = dict(version=found.version, effective=found.effective, note=_later_version_note(found, versions))
    if cite.paragraph and cite.paragraph > found.paragraph_count():
        return CheckedCitation(**base, **ver, status="no_such_paragraph",
                               message=f"《{title}》{found.article_label}（{found.version}版本）只有"
                                       f"{found.paragraph_count()}款，没有第{int_to_cn(cite.paragraph)}款")
    if cite.item and cite.item > found.item_count(cite.paragraph):
        where = f"第{int_to_cn(cite.paragraph)}款" if cite.paragraph else ""
        return CheckedCitation(**base, **ver, status="no_such_item",
                               message=f"《{title}》{found.article_label}{where}（{found.version}版本）"
                                       f"只有{found.item_count(cite.paragraph)}项，没有第（{int_to_cn(cite.item)}）项")
    eff = f"，{found.effective}起施行" if found.effective else ""
    return CheckedCitation(**base, **ver, status="ok", in_force_version=found.version,
                           message=f"《{title}》{cite.label()}，{on}有效版本为{found.version}版本{eff}")


def _version_in_force(versions: list[LawVersion], on: str) -> LawVersion | None:
    hits = [v for v in versions if in_force(v.effective, v.expires, v.repealed, on)]
    return hits[-1] if hits else None


def _later_version_note(found: VerifiedArticle, versions: list[LawVersion]) -> str:
    later = [v for v in versions if v.version > found.version]
    if not later:
        return ""
    v = later[-1]
    return f"另有{v.version}版本" + (f"（{v.effective}起施行）" if v.effective else "")


def _not_found(base: dict, title: str, cite: Citation, versions: list[LawVersion], on: str,
               resolver: ArticleResolver) -> CheckedCitation:
    """The article is not in the version in force on `on`: say which version is, and where it exists."""
    holders = [v for v in versions
               if resolver.resolve(cite.law, cite.article, cite.article_suffix, v.effective or v.version)]
    current = _version_in_force(versions, on)
    label = cite.label()
    if not holders:
        have = f"（{on}有效版本为{current.version}版本）" if current else ""
        return CheckedCitation(**base, status="no_such_article", in_force_version=current.version if current else "",
                               message=f"《{title}》没有{_article_label(cite)}{have}")
    where = "、".join(f"{v.version}版本" for v in holders)
    if current is None:
        if all(v.effective > on for v in versions if v.effective):
            first = versions[0]
            why = f"{NOT_YET}：《{title}》{first.version}版本自{first.effective}起施行，{on}尚未生效"
        else:
            why = f"《{title}》在{on}已失效或已废止"
        return CheckedCitation(**base, status="not_in_force_on_date", message=why)
    newer = [v for v in holders if v.version > current.version]
    if newer:
        v = newer[0]
        why = (f"{NOT_YET}：{label}见于{where}，该版本自{v.effective}起施行；{on}有效的是"
               f"{current.version}版本，其中无此条")
    else:
        why = f"{label}只见于已失效的{where}；{on}有效的是{current.version}版本，其中无此条"
    return CheckedCitation(**base, status="not_in_force_on_date", in_force_version=current.version, message=why)


def _article_label(cite: Citation) -> str:
    return f"第{int_to_cn(cite.article)}条" + (f"之{int_to_cn(cite.article_suffix)}" if cite.article_suffix else "")


def verify_cli_payload(report: VerifyReport, text: str | None = None) -> dict:
    """JSON payload of `shuoli verify … --json`; with `text`, the annotated text too."""
    payload: dict = {
        "on": report.on,
        "ok": report.ok,
        "count": len(report.citations),
        "problems": len(report.problems),
        "citations": [c.model_dump() | {"ok": c.ok} for c in report.citations],
    }
    if text is not None:
        payload["annotated"] = report.annotate(text)
    return payload
