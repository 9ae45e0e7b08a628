"""The chromadb embedding function over an Embedder (built on first use: chromadb costs ~1 s to import)."""
from __future__ import annotations

import threading
from typing import Any

from retriever.embeddings.encoder import Embedder, cached_embedder, get_embedder

_LOCK = threading.Lock()
_chroma_class: type | None = None


def _build_chroma_class() -> type:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
        """chromadb embedding function over an Embedder: passages on add, "query: " on query."""

        def __init__(self, embedder: Embedder | None = None) -> None:
            self.embedder = embedder or get_embedder()

        def __call__(self, input: Documents) -> Embeddings:
            return list(self.embedder.embed_passages(list(input)))

        def embed_query(self, input: Documents) -> Embeddings:
            return list(self.embedder.embed_queries(list(input)))

        @staticmethod
        def name() -> str:
            return "shuoli-embedder"

        def get_config(self) -> dict[str, Any]:
            return {"model": self.embedder.model, "backend": self.embedder.backend}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
            return ChromaEmbeddingFunction(cached_embedder(config["model"], config.get("backend", "torch")))

        def default_space(self) -> str:
            return "cosine"

        def supported_spaces(self) -> list[str]:
            return ["cosine", "ip", "l2"]

    return ChromaEmbeddingFunction


def chroma_embedding_function_class() -> type:
    """The registered chromadb EmbeddingFunction class, built once."""
    global _chroma_class
    with _LOCK:
        if _chroma_class is None:
            _chroma_class = _build_chroma_class()
    return _chroma_class
