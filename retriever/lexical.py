"""BM25 over jieba tokens (bm25s), persisted as immutable generations.

A writer builds a new generation folder, then swaps the `CURRENT` pointer with an atomic rename under
a file lock; readers load whatever `CURRENT` names (memory-mapped), so they see the old or the new
index, never a half-written one.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import bm25s
import numpy as np
from filelock import FileLock

from retriever.tokenize import tokenize, tokenize_many

KEEP_GENERATIONS = 2


class LexicalIndex:
    def __init__(self, model: bm25s.BM25, ids: list[str], generation: str):
        self.model = model
        self.ids = ids
        self.generation = generation
        self.position = {rid: i for i, rid in enumerate(ids)}

    @classmethod
    def load(cls, root: Path) -> "LexicalIndex | None":
        pointer = root / "CURRENT"
        for attempt in range(3):  # a writer may prune the generation between reading CURRENT and opening it
            if not pointer.exists():
                return None
            generation = pointer.read_text().strip()
            folder = root / generation
            try:
                model = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
                ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
                return cls(model, ids, generation)
            except FileNotFoundError:
                if attempt == 2:
                    raise
        return None

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        tokens = [t for t in tokenize(query) if t in self.model.vocab_dict]
        if not tokens or not self.ids:
            return []
        scores = self.scores(tokens)
        if mask is not None:
            passing, blocked = self._selection(mask)
            if passing is not None:  # a selective filter: rank only the rows it lets through
                rows = passing[scores[passing] > 0]
                if not len(rows):
                    return []
                n = min(k, len(rows))
                part = scores[rows]
                top = np.argpartition(part, len(part) - n)[len(part) - n:]
                top = top[np.argsort(-part[top], kind="stable")]
                return [(self.ids[i], float(s)) for i, s in zip(rows[top].tolist(), part[top].tolist())]
            scores[blocked] = 0.0
        k = min(k, len(self.ids))
        top = np.argpartition(scores, len(scores) - k)[len(scores) - k:]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top.tolist() if scores[i] > 0]

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 scores of every document, as bm25s's `get_scores` computes them (the same additions in the
        same order), with a plain indexed add per token instead of `np.add.at`: a token's postings name
        each document once, so the two agree, and the indexed add is several times faster."""
        model = self.model
        ids = np.asarray(model.get_tokens_ids(tokens), dtype=np.int64)
        data, indices, indptr = model.scores["data"], model.scores["indices"], model.scores["indptr"]
        scores = np.zeros(model.scores["num_docs"], dtype=np.dtype(model.dtype))
        for t in ids.tolist():
            start, end = indptr[t], indptr[t + 1]
            scores[indices[start:end]] += data[start:end]
        if model.nonoccurrence_array is not None:
            scores += model.nonoccurrence_array[ids].sum()
        return scores

    def _selection(self, mask: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """A filter mask by index, computed once per mask object: (passing rows when few pass, else None;
        blocked rows)."""
        cache = self.__dict__.setdefault("_selections", {})
        got = cache.get(id(mask))
        if got is None or got[0] is not mask:
            passing = np.flatnonzero(mask)
            got = (mask, passing if len(passing) * 4 < len(mask) else None, np.flatnonzero(~mask))
            if len(cache) > 64:
                cache.clear()
            cache[id(mask)] = got
        return got[1], got[2]


def build(root: Path, ids: list[str], texts: list[str], *, tokens: list[list[str]] | None = None) -> str:
    """Write a new generation and make it current. Returns the generation name."""
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / ".lock")):
        generation = f"gen-{time.time_ns()}"
        tmp = root / f".{generation}.tmp"
        tokens = tokens if tokens is not None else tokenize_many(texts)
        model = bm25s.BM25()
        model.index(tokens, show_progress=False)
        model.save(str(tmp))
        (tmp / "ids.json").write_text(json.dumps(ids, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, root / generation)
        pointer_tmp = root / ".CURRENT.tmp"
        pointer_tmp.write_text(generation)
        os.replace(pointer_tmp, root / "CURRENT")
        _prune(root, generation)
        return generation


def _prune(root: Path, current: str) -> None:
    gens = sorted(p for p in root.glob("gen-*") if p.is_dir())
    for old in gens[:-KEEP_GENERATIONS]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(".gen-*.tmp"):
        shutil.rmtree(tmp, ignore_errors=True)
