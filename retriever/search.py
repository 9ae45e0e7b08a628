"""Hybrid search: an exact citation in the query first, then lexical and dense results fused by RRF,
all under one filter (doc type, region, visibility, and the version in force on the as-of date)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ingest.records import Record
from ingest.settings import Settings, get_settings
from retriever import lexical
from retriever.filters import OPEN_END, SearchFilter, date_int, validity
from retriever.indexer import lexical_root, store_path
from retriever.store import RecordStore
from retriever.tokenize import expand_query

# Tuned on eval/gold/dev_questions.jsonl (see README, "Evaluation").
RRF_K = 60
DEPTH = 50
WEIGHTS = {"lexical": 1.0, "dense": 1.0}


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
            start, end = validity(Record(id=rid, text="", doc_type=doc_type, effective=effective or "",
                                         expires=expires or "", repealed=bool(repealed)))
            cols["valid_from"][i], cols["valid_to"][i] = start, end
            cols["doc_type"][i], cols["region"][i], cols["visibility"][i] = doc_type, region, visibility
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
        c = self._columns
        day = date_int(flt.as_of, OPEN_END)
        m = (c["valid_from"] <= day) & (day < c["valid_to"])
        if flt.doc_types:
            m &= np.isin(c["doc_type"], list(flt.doc_types))
        if flt.regions:
            m &= np.isin(c["region"], list(flt.regions) + ["全国"])
        m &= np.isin(c["visibility"], list(flt.visibility))
        return m

    def search(self, query: str, k: int = 10, flt: SearchFilter | None = None, *, mode: str = "hybrid",
               query_vector=None) -> list[Hit]:
        flt = flt or SearchFilter()
        query = (query or "").strip()[:2000]
        if not query:
            return []
        cited = self.cited_records(query, flt) if mode == "hybrid" else []
        ranked: dict[str, float] = {}
        via: dict[str, dict] = {}
        if mode in ("hybrid", "lexical") and self.lexical:
            for rank, (rid, _) in enumerate(self.lexical.search(expand_query(query), DEPTH, self.mask(flt))):
                ranked[rid] = ranked.get(rid, 0.0) + WEIGHTS["lexical"] / (RRF_K + rank + 1)
                via.setdefault(rid, {})["lexical"] = rank + 1
        if mode in ("hybrid", "dense") and self.dense is not None:
            for rank, (rid, _) in enumerate(self.dense.search(query, DEPTH, flt, query_vector=query_vector)):
                ranked[rid] = ranked.get(rid, 0.0) + WEIGHTS["dense"] / (RRF_K + rank + 1)
                via.setdefault(rid, {})["dense"] = rank + 1
        order = sorted(ranked, key=ranked.get, reverse=True)
        hits = [Hit(r, 1.0 + 1.0 / (i + 1), {"citation": True}) for i, r in enumerate(cited)]
        seen = {h.record.id for h in hits}
        need = [rid for rid in order if rid not in seen][: max(0, k - len(hits))]
        hits += [Hit(r, ranked[r.id], via[r.id]) for r in self.store.get(need)]
        return hits[:k]

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
                if r.visibility in flt.visibility and r not in out:
                    out.append(r)
        return out

    def article(self, law: str, number: int, *, suffix: int = 0, on: str | date | None = None,
                version: str = "") -> list[Record]:
        resolved = self.law_names.resolve(law) or law
        return self.store.article(self.law_names.short(resolved), number, suffix=suffix,
                                  on=on or date.today().isoformat(), version=version)

    def close(self) -> None:
        self.store.close()
