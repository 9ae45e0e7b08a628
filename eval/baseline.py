"""The naive pipeline we measure against: whole law texts cut by LangChain's
RecursiveCharacterTextSplitter, embedded by the same model into Chroma, dense search only."""
from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from datetime import date

from langchain_core.embeddings import Embeddings

from core.settings import Settings

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50


class EmbedderAdapter(Embeddings):
    def __init__(self, embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def law_documents(retriever, on: str) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(short_name, full text, [(offset, article)]) for every law version in force on `on`."""
    by_doc: dict[str, list] = defaultdict(list)
    for r in retriever.store.iter_records("law"):
        if r.article is not None and r.in_force_on(on):
            by_doc[r.short_name].append(r)
    docs = []
    for short, records in sorted(by_doc.items()):
        records.sort(key=lambda r: (r.article, r.article_suffix, r.part))
        parts, offsets, pos = [], [], 0
        for r in records:
            offsets.append((pos, r.article))
            parts.append(r.text)
            pos += len(r.text) + 2
        docs.append((short, "\n\n".join(parts), offsets))
    return docs


class NaiveBaseline:
    def __init__(self, store, offsets: dict[str, list[tuple[int, int]]]):
        self.vs = store
        self.offsets = offsets

    @classmethod
    def build(cls, settings: Settings, retriever, on: str | None = None) -> "NaiveBaseline":
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        on = on or date.today().isoformat()
        docs = law_documents(retriever, on)
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                                  add_start_index=True)
        texts, metas = [], []
        for short, text, _ in docs:
            for chunk in splitter.create_documents([text], metadatas=[{"law": short}]):
                texts.append(chunk.page_content)
                metas.append(chunk.metadata)
        digest = hashlib.sha1("".join(texts).encode()).hexdigest()[:12]
        path = settings.home / "eval" / f"baseline-{digest}"
        client = chromadb.PersistentClient(path=str(path))
        store = Chroma(client=client, collection_name="naive", embedding_function=EmbedderAdapter(retriever.dense.embedder))
        if store._collection.count() != len(texts):
            client.delete_collection("naive")
            store = Chroma(client=client, collection_name="naive",
                           embedding_function=EmbedderAdapter(retriever.dense.embedder))
            for i in range(0, len(texts), 256):
                store.add_texts(texts[i:i + 256], metadatas=metas[i:i + 256])
        return cls(store, {short: offs for short, _, offs in docs})

    def search(self, query: str, k: int = 10) -> list[tuple[str, int]]:
        keys, seen = [], set()
        for doc in self.vs.similarity_search(query, k=k):
            law, start = doc.metadata["law"], doc.metadata["start_index"]
            offs = self.offsets[law]
            starts = [o for o, _ in offs]
            first = max(0, bisect.bisect_right(starts, start) - 1)
            last = max(0, bisect.bisect_right(starts, start + len(doc.page_content)) - 1)
            for _, article in offs[first:last + 1]:
                if (law, article) not in seen:
                    seen.add((law, article))
                    keys.append((law, article))
        return keys
