"""Dense vectors in Chroma: an embedded PersistentClient, or a server when SHUOLI_CHROMA_URL is set.

Vectors are computed by our own embedder (never Chroma's default, which downloads a model) and
written in batches within the client's `get_max_batch_size()`.
"""
from __future__ import annotations

import threading

import numpy as np
from urllib.parse import urlparse

from core.records import Record, normalise_region
from core.settings import Settings
from retriever.filters import SearchFilter, validity

COLLECTION = "shuoli_records"
OVERFETCH = 2
# Up to this many vectors a reader keeps a copy in memory and searches it exactly (a matrix product
# takes well under a millisecond here); above it, queries go to Chroma's HNSW index.
IN_MEMORY_LIMIT = 200_000
# Above it, a filter that lets few records through (laws and items among a million cases) is searched
# exactly over just those vectors, fetched once per filter; Chroma's own metadata filter is far slower.
SUBSET_LIMIT = 50_000
# Each 款/项 of a multi-paragraph article also gets a vector of its own, pointing to the article:
# a question usually matches one paragraph, and a long article's single vector dilutes it.
PARAGRAPH_COLLECTION = "shuoli_paragraphs"
# Bumped when what is embedded changes, so existing vectors are rebuilt by the next ingest.
LAYOUT = "2"


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
        return int(self.mask.sum())

    def allowed_ids(self) -> list[str]:
        return [self.ids[i] for i in np.flatnonzero(self.mask)] if self.ids is not None else []

    def __call__(self, rid: str) -> bool:
        i = self.position.get(rid)
        return i is not None and bool(self.mask[i])

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
    if record.doc_type != "law":
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
        matrix = np.vstack(rows) if rows else np.zeros((0, 1), np.float32)
        return keys, matrix

    def _subset_matrix(self, collection, parent: bool, allowed: "RowFilter"):
        cache = self.__dict__.setdefault("_subsets", {})
        key = (collection.name, allowed.key)
        if key not in cache:
            with self._load_lock:
                if key not in cache:
                    if len(cache) > 8:
                        cache.clear()
                    cache[key] = self._load_subset(collection, parent, allowed.allowed_ids())
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
        return keys, (np.vstack(rows) if rows else np.zeros((0, 1), np.float32))

    def _query(self, collection, vector, k: int, flt: SearchFilter, allowed, *, parent: bool) -> list[tuple[str, float]]:
        """Nearest ids passing the filter. With `allowed` (a fast in-memory check) the query runs
        unfiltered and over-fetches, which is much faster than Chroma's metadata filter; it falls back
        to the filtered query when too few results pass."""
        include = ["metadatas", "distances"] if parent else ["distances"]
        fetch = k * (3 if parent else 1)
        held = self._matrix(collection, parent) if allowed is not None else None
        if held is not None:
            keys, matrix = held
            if not keys:
                return []
            return _exact(keys, matrix, allowed.rows(keys, cache_key=collection.name), vector, fetch, k)
        if allowed is not None and allowed.ids is not None and allowed.count <= SUBSET_LIMIT:
            if allowed.count == 0:
                return []
            keys, matrix = self._subset_matrix(collection, parent, allowed)
            return _exact(keys, matrix, np.ones(len(keys), dtype=bool), vector, fetch, k) if keys else []
        if collection.count() == 0:
            return []
        if allowed is not None:
            res = collection.query(query_embeddings=[vector.tolist()], n_results=fetch * OVERFETCH, include=include)
            found = self._rank(res, parent, allowed)
            if len(found) >= min(k, collection.count()) // 2:
                return found[:k]
        res = collection.query(query_embeddings=[vector.tolist()], n_results=fetch, where=flt.chroma_where(),
                               include=include)
        return self._rank(res, parent, None)[:k]

    @staticmethod
    def _rank(res: dict, parent: bool, allowed) -> list[tuple[str, float]]:
        best: dict[str, float] = {}
        metas = res.get("metadatas") or [[None] * len(res["ids"][0])]
        for rid, meta, dist in zip(res["ids"][0], metas[0], res["distances"][0]):
            key = meta["parent"] if parent else rid
            if allowed is None or allowed(key):
                best.setdefault(key, 1.0 - dist)
        return sorted(best.items(), key=lambda kv: kv[1], reverse=True)

    def search_paragraphs(self, query_vector, k: int, flt: SearchFilter, *,
                          allowed: "RowFilter | None" = None) -> list[tuple[str, float]]:
        """Articles ranked by their best-matching paragraph."""
        return self._query(self.paragraphs, query_vector, k, flt, allowed, parent=True)


def _exact(keys: list[str], matrix: np.ndarray, ok: np.ndarray, vector, fetch: int, k: int) -> list[tuple[str, float]]:
    """Exact nearest keys among the rows `ok` lets through (a key may own several rows: paragraphs)."""
    if not ok.any():
        return []
    scores = np.where(ok, matrix @ np.asarray(vector, dtype=np.float32), -np.inf)
    n = min(int(ok.sum()), fetch)
    top = np.argpartition(-scores, n - 1)[:n]
    best: dict[str, float] = {}
    for i in top[np.argsort(-scores[top])]:
        best.setdefault(keys[i], float(scores[i]))
    return list(best.items())[:k]

