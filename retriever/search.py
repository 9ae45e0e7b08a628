"""Hybrid search: an exact citation in the query first, then lexical and dense results fused by RRF,
all under one filter (doc type, region, visibility, and the version in force on the as-of date)."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from core.records import NATIONAL, Record, normalise_region
from core.settings import Settings, get_settings
from retriever import lexical
from retriever.filters import OPEN_END, SearchFilter, date_int, validity_of
from retriever.indexer import lexical_root, store_path
from retriever.store import RecordStore
from retriever.tokenize import expand_query

# Tuned on eval/gold/dev_questions.jsonl (see README, "Evaluation").
RRF_K = 20
DEPTH = 50
ITEM_DEPTH = 5
WEIGHTS = {"lexical": 1.5, "dense": 1.0, "paragraphs": 0.5, "items": 0.5, "items_penalty": 1.0}
# A question about what happens to a conduct: the violation items are then the best bridge.
PENALTY_QUESTION = re.compile(r"罚|处罚|处理|怎么办|会怎样|违法吗|违规吗|后果|责任")
NAMED_LAW_BOOST = 1.3


@dataclass
class Hit:
    record: Record
    score: float
    via: dict = field(default_factory=dict)  # {"citation": True} / {"lexical": rank, "dense": rank}

    def to_dict(self, as_of: str) -> dict:
        r = self.record
        return {"id": r.id, "doc_type": r.doc_type, "law": r.law, "short_name": r.short_name,
                "article": r.article, "article_label": r.article_label, "version": r.version,
                "effective": r.effective, "expires": r.expires, "status": r.status_on(as_of) if r.doc_type in
                ("law", "benchmark") else "", "title": r.title, "region": r.region, "visibility": r.visibility,
                "chapter": " / ".join(r.chapter_path), "text": r.text, "score": round(self.score, 6),
                "via": self.via, "meta": r.meta}


class Retriever:
    """Loads the indexes once; safe to share between threads (searches only read)."""

    def __init__(self, settings: Settings | None = None, *, dense: bool = True):
        self.settings = settings or get_settings()
        self.store = RecordStore(store_path(self.settings), readonly=True)
        self.lexical = lexical.LexicalIndex.load(lexical_root(self.settings))
        self._use_dense = dense
        self._dense = None
        self._lock = threading.Lock()
        self._law_names = None
        self._short_names = None
        self._rowpos: dict = {}  # matrix row → lexical position, shared by every filter
        self._masks: dict = {}
        self._columns = self._filter_columns()

    # ------------------------------------------------------------------ loading
    def _filter_columns(self) -> dict[str, np.ndarray]:
        rows = {r[0]: r for r in self.store.filter_columns()}
        ids = self.lexical.ids if self.lexical else []
        n = len(ids)
        cols = {"valid_from": np.zeros(n, np.int64), "valid_to": np.full(n, OPEN_END, np.int64),
                "doc_type": np.empty(n, object), "region": np.empty(n, object), "visibility": np.empty(n, object)}
        for i, rid in enumerate(ids):
            row = rows.get(rid)
            if row is None:  # in the lexical index but gone from the store: never return it
                cols["valid_to"][i] = 0
                continue
            _, doc_type, effective, expires, repealed, region, visibility = row
            start, end = validity_of(doc_type, effective or "", expires or "", bool(repealed))
            cols["valid_from"][i], cols["valid_to"][i] = start, end
            cols["doc_type"][i], cols["region"][i], cols["visibility"][i] = doc_type, normalise_region(region), visibility
        return cols

    @property
    def dense(self):
        if self._dense is None and self._use_dense:
            with self._lock:
                if self._dense is None:
                    from retriever.dense import DenseIndex
                    self._dense = DenseIndex(self.settings)
        return self._dense

    @property
    def law_names(self):
        if self._law_names is None:
            from retriever.law_names import LawNames
            self._law_names = LawNames.from_titles([law for law, _ in self.store.law_names()])
        return self._law_names

    # ------------------------------------------------------------------ search
    def mask(self, flt: SearchFilter) -> np.ndarray:
        """Which lexical positions pass `flt` (cached: a few filters serve almost every query)."""
        cached = self._masks.get(flt)
        if cached is None:
            cached = self._compute_mask(flt)
            if len(self._masks) > 64:
                self._masks.clear()
            self._masks[flt] = cached
        return cached

    def _compute_mask(self, flt: SearchFilter) -> np.ndarray:
        c = self._columns
        day = date_int(flt.as_of, OPEN_END)
        m = (c["valid_from"] <= day) & (day < c["valid_to"])
        if flt.doc_types:
            m &= np.isin(c["doc_type"], list(flt.doc_types))
        m &= np.isin(c["region"], list(flt.regions) + [NATIONAL]) | (c["doc_type"] == "case")
        m &= np.isin(c["visibility"], list(flt.visibility))
        return m

    def _fuse(self, query: str, flt: SearchFilter, mode: str, query_vector, ranked: dict, via: dict,
              weight: float = 1.0, tag: str = "") -> None:
        if mode in ("hybrid", "lexical") and self.lexical:
            for rank, (rid, _) in enumerate(self.lexical.search(expand_query(query), DEPTH, self.mask(flt))):
                ranked[rid] = ranked.get(rid, 0.0) + weight * WEIGHTS["lexical"] / (RRF_K + rank + 1)
                via.setdefault(rid, {})[tag + "lexical"] = rank + 1
        if mode in ("hybrid", "dense") and self.dense is not None:
            allowed = self._allowed(flt)
            for rank, (rid, _) in enumerate(self.dense.search(query, DEPTH, flt, query_vector=query_vector,
                                                              allowed=allowed)):
                ranked[rid] = ranked.get(rid, 0.0) + weight * WEIGHTS["dense"] / (RRF_K + rank + 1)
                via.setdefault(rid, {})[tag + "dense"] = rank + 1
        if mode == "hybrid" and self.dense is not None and (not flt.doc_types or "law" in flt.doc_types):
            for rank, (rid, _) in enumerate(self.dense.search_paragraphs(query_vector, DEPTH, flt,
                                                                         allowed=self._allowed(flt))):
                ranked[rid] = ranked.get(rid, 0.0) + weight * WEIGHTS["paragraphs"] / (RRF_K + rank + 1)
                via.setdefault(rid, {})[tag + "paragraph"] = rank + 1

    def _allowed(self, flt: SearchFilter):
        """An in-memory filter for dense results (None when the lexical index is missing)."""
        if not self.lexical:
            return None
        from retriever.dense import RowFilter
        return RowFilter(self.mask(flt), self.lexical.position, self._rowpos, ids=self.lexical.ids, key=flt)

    def search(self, query: str, k: int = 10, flt: SearchFilter | None = None, *, mode: str = "hybrid",
               query_vector=None) -> list[Hit]:
        flt = flt or SearchFilter()
        query = (query or "").strip()[:2000]
        if not query:
            return []
        if mode in ("hybrid", "dense") and self.dense is not None and query_vector is None:
            query_vector = self.dense.embedder.embed_query(query)
        cited = self.cited_records(query, flt) if mode == "hybrid" else []
        ranked: dict[str, float] = {}
        via: dict[str, dict] = {}
        self._fuse(query, flt, mode, query_vector, ranked, via)
        if mode == "hybrid" and (not flt.doc_types or "law" in flt.doc_types):
            self._bridge_through_items(query, flt, query_vector, ranked, via)
        self._boost_named_laws(query, ranked)
        order = sorted(ranked, key=ranked.get, reverse=True)
        hits = [Hit(r, 1.0 + 1.0 / (i + 1), {"citation": True}) for i, r in enumerate(cited)]
        seen = {h.record.id for h in hits}
        need = [rid for rid in order if rid not in seen][: max(0, k - len(hits))]
        hits += [Hit(r, ranked[r.id], via[r.id]) for r in self.store.get(need)]
        return hits[:k]

    def _bridge_through_items(self, query: str, flt: SearchFilter, query_vector, ranked: dict, via: dict) -> None:
        """A question about a conduct ("没办许可证就开饭馆怎么罚") matches a violation item's wording
        better than the statute's; the item's 违反条款 and 处罚依据 then count as found."""
        weight = WEIGHTS["items_penalty" if PENALTY_QUESTION.search(query) else "items"]
        items: dict[str, float] = {}
        self._fuse(query, replace(flt, doc_types=("benchmark",)), "hybrid", query_vector, items, {})
        top = sorted(items, key=items.get, reverse=True)[:ITEM_DEPTH]
        credited: set[str] = set()
        for rank, record in enumerate(self.store.get(top)):
            meta = record.meta or {}
            for p in (meta.get("penalty_basis") or []) + (meta.get("violated") or []):
                short = self.law_names.short(self.law_names.resolve(p.get("law", "")) or p.get("law", ""))
                for law in self.store.article(short, int(p.get("article", 0)), suffix=p.get("article_suffix", 0),
                                              on=flt.as_of):
                    if law.visibility in flt.visibility and _in_regions(law, flt) and law.id not in credited:
                        credited.add(law.id)
                        ranked[law.id] = ranked.get(law.id, 0.0) + weight / (RRF_K + rank + 1)
                        via.setdefault(law.id, {})["item"] = rank + 1

    def _boost_named_laws(self, query: str, ranked: dict) -> None:
        """A law named in the question ("价格法怎么罚") lifts that law's articles."""
        named = [short for short in self.short_names if short in query]
        if not named:
            return
        longest = {s for s in named if not any(s != o and s in o for o in named)}
        for rid in ranked:
            if rid.split("@", 1)[0] in longest:
                ranked[rid] *= NAMED_LAW_BOOST

    @property
    def short_names(self) -> list[str]:
        if self._short_names is None:
            self._short_names = sorted({short for _, short in self.store.law_names() if short}, key=len, reverse=True)
        return self._short_names

    def cited_records(self, query: str, flt: SearchFilter) -> list[Record]:
        """The article a citation in the query names (食安法136条 …), in the version in force."""
        from retriever.citations import find_citations, parse_query_citation

        cites = find_citations(query) or ([c] if (c := parse_query_citation(query)) else [])
        out: list[Record] = []
        for c in cites:
            law = self.law_names.resolve(c.law or c.short_name or c.law_text) if (c.law or c.short_name or c.law_text) else None
            if not law:
                continue
            short = self.law_names.short(law)
            for r in self.store.article(short, c.article, suffix=c.article_suffix, on=flt.as_of):
                if r.visibility in flt.visibility and (_in_regions(r, flt) or not flt.regions) and r not in out:
                    out.append(r)
        return out

    def article(self, law: str, number: int, *, suffix: int = 0, on: str | date | None = None,
                version: str = "") -> list[Record]:
        resolved = self.law_names.resolve(law) or law
        return self.store.article(self.law_names.short(resolved), number, suffix=suffix,
                                  on=on or date.today().isoformat(), version=version)

    def close(self) -> None:
        self.store.close()


def _in_regions(record: Record, flt: SearchFilter) -> bool:
    """A record found through a violation item obeys the region filter too."""
    return flt.region_allows(record.doc_type, record.region)
