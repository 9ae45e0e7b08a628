"""Dense vectors in Chroma: an embedded PersistentClient, or a server when SHUOLI_CHROMA_URL is set.

Vectors are computed by our own embedder (never Chroma's default, which downloads a model) and
written in batches within the client's `get_max_batch_size()`.
"""
from __future__ import annotations

import math
import threading
import time

import numpy as np
from urllib.parse import urlparse

from core.records import NATIONAL, Record, normalise_region
from core.settings import Settings
from retriever.filters import SearchFilter, validity

COLLECTION = "shuoli_records"
# A broad filter over a collection too large to hold goes to Chroma's HNSW index without `where`: it asks
# for OVERFETCH × (what is needed) ÷ (the share of records the filter lets through), at least HNSW_MIN_FETCH
# and at most HNSW_MAX_FETCH, and filters in memory. Chroma's own metadata filter is far slower (364 ms
# against ~2 ms at 100k). The number asked for is also the search breadth (hnswlib's ef = max(ef_search,
# n)). At 100k bench vectors, recall@10 against exact search / p50 ms of the query, one run at load 14:
# 100: 0.83 / 3.6, 200: 0.94 / 4.8, 300: 0.97 / 6.7, 500: 0.987 / 10.0 (the naive pipeline asks for 10: 0.83).
# The graph's recall falls as it grows, so the breadth grows with it: one in HNSW_SCALED_FETCH_PER records, up to
# HNSW_SCALED_FETCH_CAP. At 1M bench vectors (2026-12-03, idle 2 cores), recall@10 / p50 / p95 ms of the dense
# search: 300: 0.59 / 6.5 / 7.5, 600: 0.74 / 11.3 / 13.4, 1,000: 0.80 / 13.9 / 18.7.
OVERFETCH = 2
HNSW_MIN_FETCH = 300
HNSW_SCALED_FETCH_PER = 1_000
HNSW_SCALED_FETCH_CAP = 1_000
HNSW_MAX_FETCH = 2_000
# Up to this many vectors a reader holds the collection in memory (float32, one contiguous matrix) and
# searches it exactly: one matrix-vector product. Above it, a full scan reads too much memory per query on
# a shared 2-core machine (100k × 384 float32 = 150 MB: 50–80 ms), where an HNSW query takes a few ms.
IN_MEMORY_LIMIT = 20_000
# A filter that lets at most this many records through (laws and items among the cases) is searched
# exactly over just those vectors, fetched once per filter and kept: exact where it matters most.
SUBSET_LIMIT = 20_000
# When the HNSW over-fetch leaves too few results, a filter passing at most this many records is still
# searched exactly over its subset; only beyond it does the query fall back to Chroma's `where`.
SUBSET_FALLBACK_LIMIT = 200_000
SUBSET_CACHE_ROWS = 400_000  # rows kept over all cached subsets of one reader
COUNT_TTL = 5.0  # seconds a collection's size is reused between queries
# Each 款/项 of a multi-paragraph article also gets a vector of its own, pointing to the article:
# a question usually matches one paragraph, and a long article's single vector dilutes it.
PARAGRAPH_COLLECTION = "shuoli_paragraphs"
# Bumped when what is embedded, or how (retriever/embeddings/encoder.py ENCODING), changes, so existing vectors are
# rebuilt by the next ingest.
LAYOUT = "3"


def vector_hash(content_hash: str) -> str:
    return f"{content_hash}:{LAYOUT}"


def _current_hash(stored: str) -> str:
    content, _, layout = stored.partition(":")
    return content if layout == LAYOUT else ""


class DenseIndexError(RuntimeError):
    pass


def index_text(record: Record) -> str:
    """What is embedded and tokenised: the text with the context a bare article lacks."""
    if record.doc_type == "law":
        head = " ".join([record.short_name, *record.chapter_path])
        return f"{head}\n{record.text}"
    return f"{record.title}\n{record.text}" if record.title and not record.text.startswith(record.title) else record.text


class RowFilter:
    """Which ids pass a search filter: a boolean mask over the lexical index's positions. Callable on
    one id (for Chroma results) and vectorised over a held matrix's rows."""

    def __init__(self, mask: np.ndarray, position: dict[str, int], rowpos_cache: dict | None = None, *,
                 ids: list[str] | None = None, key=None):
        self.mask, self.position = mask, position
        self._rowpos: dict[str, np.ndarray] = rowpos_cache if rowpos_cache is not None else {}
        self.ids, self.key = ids, key  # every id in position order; a hashable name of the filter

    @property
    def count(self) -> int:
        key = ("count", self.key)
        n = self._rowpos.get(key) if self.key is not None else None
        if n is None:
            n = int(np.count_nonzero(self.mask))
            if self.key is not None:
                self._remember(key, n)
        return n

    def _remember(self, key, value) -> None:
        if len(self._rowpos) > 256:  # a few filters serve almost every query
            for old in [k for k in self._rowpos if isinstance(k, tuple)]:
                del self._rowpos[old]
        self._rowpos[key] = value

    def allowed_ids(self) -> list[str]:
        return [self.ids[i] for i in np.flatnonzero(self.mask)] if self.ids is not None else []

    def __call__(self, rid: str) -> bool:
        i = self.position.get(rid)
        return i is not None and bool(self.mask[i])

    def selection(self, keys: list[str], cache_key: str) -> np.ndarray | None:
        """Rows of a held matrix (one row per key) that pass: None when all do, else their indices in
        increasing order. Computed once per filter and matrix, so a query applies it by index."""
        key = ("rows", cache_key, self.key)
        got = self._rowpos.get(key) if self.key is not None else None
        if got is None or got[0] != len(keys):
            ok = self.rows(keys, cache_key)
            got = (len(keys), None if ok.all() else np.flatnonzero(ok))
            if self.key is not None:
                self._remember(key, got)
        return got[1]

    def rows(self, keys: list[str], cache_key: str) -> np.ndarray:
        rowpos = self._rowpos.get(cache_key)
        if rowpos is None or len(rowpos) != len(keys):
            rowpos = np.fromiter((self.position.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
            self._rowpos[cache_key] = rowpos
        ok = np.zeros(len(keys), dtype=bool)
        known = rowpos >= 0
        ok[known] = self.mask[rowpos[known]]
        return ok


def paragraph_texts(record: Record) -> list[str]:
    """One text per 款/项 of a national law article. Local regulations (searched only when their province is
    asked for, among few competitors) keep their article vector and words: their ~6,500 paragraph vectors
    would add 28% to the first build's embedding for little gain."""
    if record.doc_type != "law" or record.region != NATIONAL:
        return []
    lines = [line for line in record.text.split("\n") if line.strip()]
    if len(lines) < 2:
        return []
    return [f"{record.short_name} {record.article_label}\n{line}" for line in lines]


def make_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=chroma_settings)
        path = settings.index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # connection refused, locked or read-only folder
        where = settings.chroma_url or str(settings.index_dir / "chroma")
        raise DenseIndexError(f"cannot open the vector store at {where}: {exc}") from exc


def metadata(record: Record) -> dict:
    valid_from, valid_to = validity(record)
    return {"doc_type": record.doc_type, "short_name": record.short_name or "", "region": normalise_region(record.region),
            "visibility": record.visibility, "valid_from": valid_from, "valid_to": valid_to,
            "article": record.article or 0, "hash": vector_hash(record.content_hash)}


class DenseIndex:
    def __init__(self, settings: Settings, embedder=None):
        from retriever.embeddings import ChromaEmbeddingFunction, get_embedder

        self.embedder = embedder or get_embedder(settings)
        self.client = make_client(settings)
        self._load_lock = threading.Lock()
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=ChromaEmbeddingFunction(self.embedder),
            configuration={"hnsw": {"space": "cosine"}})
        self.paragraphs = self.client.get_or_create_collection(
            PARAGRAPH_COLLECTION, embedding_function=ChromaEmbeddingFunction(self.embedder),
            configuration={"hnsw": {"space": "cosine"}})

    def count(self) -> int:
        return self.collection.count()

    def existing_hashes(self) -> dict[str, str]:
        """id → content hash of every vector held ("" when embedded under an older layout), so a
        changed record is re-embedded."""
        out: dict[str, str] = {}
        offset, page = 0, 5000
        while True:
            got = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            out.update((rid, _current_hash((meta or {}).get("hash", ""))) for rid, meta in zip(got["ids"], got["metadatas"]))
            if len(got["ids"]) < page:
                return out
            offset += page

    def upsert(self, records: list[Record], *, progress=None) -> None:
        """Paragraph vectors go first: a record's own vector (with its hash) marks it complete, so a
        run killed in between re-embeds the record next time."""
        batch = max(1, min(self.client.get_max_batch_size(), 256))
        for start in range(0, len(records), batch):
            chunk = records[start:start + batch]
            self._upsert_paragraphs(chunk)
            vectors = self.embedder.embed_passages([index_text(r) for r in chunk])
            self.collection.upsert(ids=[r.id for r in chunk], embeddings=[v.tolist() for v in vectors],
                                   metadatas=[metadata(r) for r in chunk])
            if progress:
                progress(len(chunk))

    def _upsert_paragraphs(self, records: list[Record]) -> None:
        self.paragraphs.delete(where={"parent": {"$in": [r.id for r in records]}})
        ids, texts, metas = [], [], []
        for r in records:
            for n, text in enumerate(paragraph_texts(r)):
                ids.append(f"{r.id}¶{n}")
                texts.append(text)
                metas.append({**metadata(r), "parent": r.id})
        if not ids:
            return
        vectors = self.embedder.embed_passages(texts)
        limit = max(1, self.client.get_max_batch_size())
        for start in range(0, len(ids), limit):
            self.paragraphs.upsert(ids=ids[start:start + limit],
                                   embeddings=[v.tolist() for v in vectors[start:start + limit]],
                                   metadatas=metas[start:start + limit])

    def delete(self, ids: list[str]) -> None:
        batch = max(1, self.client.get_max_batch_size())
        for start in range(0, len(ids), batch):
            self.collection.delete(ids=ids[start:start + batch])
            self.paragraphs.delete(where={"parent": {"$in": ids[start:start + batch]}})

    def search(self, query: str, k: int, flt: SearchFilter, *, query_vector=None,
               allowed: "RowFilter | None" = None) -> list[tuple[str, float]]:
        vector = query_vector if query_vector is not None else self.embedder.embed_query(query)
        return self._query(self.collection, vector, k, flt, allowed, parent=False)

    def _matrix(self, collection, parent: bool):
        """(keys, matrix) of a collection held in memory, or None when it is too large."""
        cache = self.__dict__.setdefault("_matrices", {})
        if collection.name not in cache:
            with self._load_lock:
                if collection.name not in cache:
                    cache[collection.name] = self._load_matrix(collection, parent)
        return cache[collection.name]

    @staticmethod
    def _load_matrix(collection, parent: bool):
        total = collection.count()
        if total > IN_MEMORY_LIMIT:
            return None
        keys: list[str] = []
        rows = []
        for offset in range(0, total, 5000):
            got = collection.get(include=["embeddings", "metadatas"], limit=5000, offset=offset)
            keys += [m["parent"] for m in got["metadatas"]] if parent else list(got["ids"])
            rows.append(np.asarray(got["embeddings"], dtype=np.float32))
        return keys, _contiguous(rows)

    def _subset_matrix(self, collection, parent: bool, allowed: "RowFilter"):
        cache = self.__dict__.setdefault("_subsets", {})
        key = (collection.name, allowed.key)
        if key not in cache:
            with self._load_lock:
                if key not in cache:
                    got = self._load_subset(collection, parent, allowed.allowed_ids())
                    while cache and sum(len(m) for _, m in cache.values()) + len(got[1]) > SUBSET_CACHE_ROWS:
                        del cache[next(iter(cache))]  # the oldest filter first
                    cache[key] = got
        return cache[key]

    @staticmethod
    def _load_subset(collection, parent: bool, ids: list[str]):
        keys: list[str] = []
        rows = []
        step = 500 if parent else 5000
        for start in range(0, len(ids), step):
            chunk = ids[start:start + step]
            if parent:
                got = collection.get(where={"parent": {"$in": chunk}}, include=["embeddings", "metadatas"])
                keys += [m["parent"] for m in got["metadatas"]]
            else:
                got = collection.get(ids=chunk, include=["embeddings"])
                keys += list(got["ids"])
            if len(got["ids"]):
                rows.append(np.asarray(got["embeddings"], dtype=np.float32))
        return keys, _contiguous(rows)

    def _total(self, collection) -> int:
        """The collection's size, re-read at most every COUNT_TTL seconds (a count costs a query)."""
        cache = self.__dict__.setdefault("_counts", {})
        now = time.monotonic()
        got = cache.get(collection.name)
        if got is None or now - got[1] > COUNT_TTL:
            got = cache[collection.name] = (collection.count(), now)
        return got[0]

    def _query(self, collection, vector, k: int, flt: SearchFilter, allowed, *, parent: bool) -> list[tuple[str, float]]:
        """Nearest ids passing the filter. With `allowed` (a fast in-memory check): exact over the held
        matrix (small collections) or over the filter's subset (selective filters); otherwise Chroma's
        HNSW index without `where`, over-fetching by the filter's pass rate, falling back to the exact
        subset or to the filtered query when too few results pass."""
        include = ["metadatas", "distances"] if parent else ["distances"]
        fetch = k * (3 if parent else 1)
        vector = np.ascontiguousarray(vector, dtype=np.float32)
        if allowed is not None:
            held = self._matrix(collection, parent)
            if held is not None:
                keys, matrix = held
                if not keys:
                    return []
                return exact_top(keys, matrix, vector, fetch, k, allowed.selection(keys, collection.name))
            passing = allowed.count
            if passing == 0:
                return []
            if allowed.ids is not None and passing <= SUBSET_LIMIT:
                keys, matrix = self._subset_matrix(collection, parent, allowed)
                return exact_top(keys, matrix, vector, fetch, k) if keys else []
            total = self._total(collection)
            if total == 0:
                return []
            share = min(1.0, passing / total)
            floor = max(HNSW_MIN_FETCH, min(HNSW_SCALED_FETCH_CAP, total // HNSW_SCALED_FETCH_PER))
            n = min(total, max(floor, min(HNSW_MAX_FETCH, math.ceil(fetch * OVERFETCH / share))))
            res = collection.query(query_embeddings=[vector.tolist()], n_results=n, include=include)
            found = self._rank(res, parent, allowed, limit=k)
            if len(found) >= min(k, total) // 2:
                return found[:k]
            if allowed.ids is not None and passing <= SUBSET_FALLBACK_LIMIT:
                keys, matrix = self._subset_matrix(collection, parent, allowed)
                return exact_top(keys, matrix, vector, fetch, k) if keys else []
        if self._total(collection) == 0:
            return []
        res = collection.query(query_embeddings=[vector.tolist()], n_results=fetch, where=flt.chroma_where(),
                               include=include)
        return self._rank(res, parent, None)[:k]

    @staticmethod
    def _rank(res: dict, parent: bool, allowed, limit: int | None = None) -> list[tuple[str, float]]:
        """Allowed keys by similarity. Chroma returns the nearest first, so the scan stops at `limit` keys."""
        best: dict[str, float] = {}
        metas = res.get("metadatas") or [[None] * len(res["ids"][0])]
        for rid, meta, dist in zip(res["ids"][0], metas[0], res["distances"][0]):
            key = meta["parent"] if parent else rid
            if allowed is None or allowed(key):
                best.setdefault(key, 1.0 - dist)
                if limit is not None and len(best) >= limit:
                    break
        return sorted(best.items(), key=lambda kv: kv[1], reverse=True)

    def search_paragraphs(self, query_vector, k: int, flt: SearchFilter, *,
                          allowed: "RowFilter | None" = None) -> list[tuple[str, float]]:
        """Articles ranked by their best-matching paragraph."""
        return self._query(self.paragraphs, query_vector, k, flt, allowed, parent=True)


def _contiguous(rows: list[np.ndarray]) -> np.ndarray:
    if not rows:
        return np.zeros((0, 1), np.float32)
    return np.ascontiguousarray(np.vstack(rows), dtype=np.float32)


BLOCK_ROWS = 1024


def _matvec(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """matrix @ vector in blocks of BLOCK_ROWS rows. OpenBLAS runs a block this small on the calling
    thread; one call over the whole matrix spreads over both cores, which on a shared 2-core machine is
    twice as slow (20k × 384: 24 ms against 12 ms, load average 13), and contends with the query embedder."""
    if len(matrix) <= BLOCK_ROWS:
        return matrix @ vector
    out = np.empty(len(matrix), dtype=np.float32)
    for start in range(0, len(matrix), BLOCK_ROWS):
        np.dot(matrix[start:start + BLOCK_ROWS], vector, out=out[start:start + BLOCK_ROWS])
    return out


def exact_top(keys: list[str], matrix: np.ndarray, vector: np.ndarray, fetch: int, k: int,
              rows: np.ndarray | None = None) -> list[tuple[str, float]]:
    """Exact nearest keys by inner product (cosine on unit vectors): one float32 matrix-vector product,
    restricted to `rows` (indices of the rows that pass; None: all) by index, no per-query mask. The best
    `fetch` rows are ranked, and a key owning several rows (paragraphs) keeps its best one."""
    scores = _matvec(matrix, vector)
    if rows is not None:
        scores = scores[rows]
    size = len(scores)
    n = min(size, fetch)
    if n <= 0:
        return []
    top = np.argpartition(scores, size - n)[size - n:] if n < size else np.arange(size)
    top = top[np.argsort(-scores[top], kind="stable")]
    order = rows[top] if rows is not None else top
    best: dict[str, float] = {}
    for i, score in zip(order.tolist(), scores[top].tolist()):
        best.setdefault(keys[i], score)
    return list(best.items())[:k]
