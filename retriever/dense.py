"""Dense vectors in Chroma: an embedded PersistentClient, or a server when SHUOLI_CHROMA_URL is set.

Vectors are computed by our own embedder (never Chroma's default, which downloads a model) and
written in batches within the client's `get_max_batch_size()`.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from ingest.records import Record
from ingest.settings import Settings
from retriever.filters import SearchFilter, validity

COLLECTION = "shuoli_records"


class DenseIndexError(RuntimeError):
    pass


def index_text(record: Record) -> str:
    """What is embedded and tokenised: the text with the context a bare article lacks."""
    if record.doc_type == "law":
        head = " ".join([record.short_name, *record.chapter_path])
        return f"{head}\n{record.text}"
    return f"{record.title}\n{record.text}" if record.title and not record.text.startswith(record.title) else record.text


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
    return {"doc_type": record.doc_type, "short_name": record.short_name or "", "region": record.region,
            "visibility": record.visibility, "valid_from": valid_from, "valid_to": valid_to,
            "article": record.article or 0, "hash": record.content_hash}


class DenseIndex:
    def __init__(self, settings: Settings, embedder=None):
        from retriever.embeddings import ChromaEmbeddingFunction, get_embedder

        self.embedder = embedder or get_embedder(settings)
        self.client = make_client(settings)
        self.collection = self.client.get_or_create_collection(
            COLLECTION, embedding_function=ChromaEmbeddingFunction(self.embedder),
            configuration={"hnsw": {"space": "cosine"}})

    def count(self) -> int:
        return self.collection.count()

    def existing_hashes(self) -> dict[str, str]:
        """id → content hash of every vector held, so a changed record is re-embedded."""
        out: dict[str, str] = {}
        offset, page = 0, 5000
        while True:
            got = self.collection.get(include=["metadatas"], limit=page, offset=offset)
            out.update((rid, (meta or {}).get("hash", "")) for rid, meta in zip(got["ids"], got["metadatas"]))
            if len(got["ids"]) < page:
                return out
            offset += page

    def upsert(self, records: list[Record], *, progress=None) -> None:
        batch = max(1, min(self.client.get_max_batch_size(), 256))
        for start in range(0, len(records), batch):
            chunk = records[start:start + batch]
            vectors = self.embedder.embed_passages([index_text(r) for r in chunk])
            self.collection.upsert(ids=[r.id for r in chunk], embeddings=[v.tolist() for v in vectors],
                                   metadatas=[metadata(r) for r in chunk])
            if progress:
                progress(len(chunk))

    def delete(self, ids: list[str]) -> None:
        batch = max(1, self.client.get_max_batch_size())
        for start in range(0, len(ids), batch):
            self.collection.delete(ids=ids[start:start + batch])

    def search(self, query: str, k: int, flt: SearchFilter, *, query_vector=None) -> list[tuple[str, float]]:
        if self.collection.count() == 0:
            return []
        vector = query_vector if query_vector is not None else self.embedder.embed_query(query)
        res = self.collection.query(query_embeddings=[vector.tolist()], n_results=k, where=flt.chroma_where(),
                                    include=["distances"])
        return [(rid, 1.0 - dist) for rid, dist in zip(res["ids"][0], res["distances"][0])]


def chroma_path(settings: Settings) -> Path:
    return settings.index_dir / "chroma"
