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
        k = min(k, len(self.ids))
        scores = self.model.get_scores(tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


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
