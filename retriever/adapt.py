"""Build the query adapter (retriever/embeddings/adapter.py) for an index: mine (question, gold article) pairs,
look up the article vectors the index already holds, train, save next to the index.

Pairs, each naming a national article in force on the build date:
- violation items (`benchmark` records): the conduct in words → its 违反条款 and its 处罚依据;
- published cases (`case` records): the facts in our own words → the violated and penalty provisions;
- question files (JSON lines with `query` and `gold` [{law, article}]), optionally one half only by the
  parity of the digits in `id` (the public set's tuning half is `:odd`).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from core.models import own_penalty_basis
from core.records import NATIONAL
from retriever.dense import LAYOUT
from retriever.embeddings.adapter import EPOCHS, SHRINK, QueryAdapter, adapter_path, train_adapter
from retriever.embeddings.encoder import ENCODING


@dataclass
class AdapterReport:
    path: Path
    pairs: dict[str, int] = field(default_factory=dict)  # source → pairs used
    documents: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # source → gold articles not in the index


def question_source(spec: str) -> tuple[Path, str]:
    """'path' or 'path:odd' / 'path:even' → (path, half)."""
    path, _, half = spec.rpartition(":") if spec.endswith((":odd", ":even")) else (spec, "", "all")
    return Path(path), half or "all"


def one_half(rows: list[dict], half: str) -> list[dict]:
    """The rows of one half of a set by the parity of the digits in `id` ('odd', 'even'; 'all' keeps all)."""
    if half == "all":
        return rows
    want = 1 if half == "odd" else 0
    return [r for r in rows if int(re.sub(r"\D", "", str(r.get("id", ""))) or 0) % 2 == want]


def read_questions(path: Path, half: str = "all") -> list[tuple[str, list[dict]]]:
    """(query, gold) pairs from a JSON-lines question file; a bad line is a clear error naming it."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append({"id": row.get("id", ""), "query": str(row["query"]), "gold": list(row["gold"])})
            if not all(isinstance(g, dict) for g in rows[-1]["gold"]):
                raise TypeError("each gold provision is an object {law, article}")
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{n}: not a question with 'query' and 'gold' ({exc})") from exc
    return [(r["query"], r["gold"]) for r in one_half(rows, half)]


def mine_pairs(retriever, laws: list, questions: list[tuple[Path, str]] = (), *, pairs: dict | None = None,
               skipped: dict | None = None) -> tuple[list[str], list[int]]:
    """(text, row of its article in `laws`) pairs: violation items (conduct → 违反条款 and 处罚依据), published cases
    (facts → provisions) and question files (query → gold). Counts per source go to `pairs`, and gold provisions
    not among `laws` to `skipped`, when given. Used by the adapter and by eval/finetune_probe.py."""
    pairs = {} if pairs is None else pairs
    skipped = {} if skipped is None else skipped
    row_of: dict[tuple[str, int], int] = {}
    for i, r in enumerate(laws):
        row_of.setdefault((r.short_name, int(r.article)), i)  # the first part of the article stands for it

    def rows(provisions) -> list[int]:
        keys = (retriever.provision_key(p) for p in provisions or [])  # keyed as the statute graph keys them
        return list(dict.fromkeys(row_of[k] for k in keys if k in row_of))

    texts: list[str] = []
    targets: list[int] = []

    def add(source: str, text: str, provisions) -> None:
        found = rows(provisions)
        skipped[source] = skipped.get(source, 0) + max(0, len(provisions or []) - len(found))
        for row in found:
            texts.append(text)
            targets.append(row)
            pairs[source] = pairs.get(source, 0) + 1

    for r in retriever.store.iter_records("benchmark"):
        meta = r.meta or {}
        add("items", meta.get("conduct") or r.title, (meta.get("violated") or []) + own_penalty_basis(meta))
    for r in retriever.store.iter_records("case"):
        meta = r.meta or {}
        provisions = meta.get("provisions") or {}
        add("cases", meta.get("facts") or r.text,
            (provisions.get("violated") or []) + (provisions.get("penalty_basis") or []))
    for path, half in questions:
        for query, gold in read_questions(path, half):
            add(f"{path.name}:{half}", query, gold)
    return texts, targets


def _training_set(retriever, questions, on: str, report: AdapterReport, epochs: int = EPOCHS):
    """(laws, pair texts, pair targets, fingerprint): what a training on `on` would learn from — the national articles
    in force that the index holds vectors of, and the pairs mined for them. The fingerprint covers the model, the
    articles and their content, the pairs and the training constants, so an adapter is known stale when any of them
    changed (a newer corpus, items, question files or pair mining). No vector is read here."""
    laws = [r for r in retriever.store.iter_records("law") if r.region == NATIONAL and r.article and r.in_force_on(on)]
    held: set[str] = set()
    for start in range(0, len(laws), 2000):
        held.update(retriever.dense.collection.get(ids=[r.id for r in laws[start:start + 2000]], include=[])["ids"])
    laws = [r for r in laws if r.id in held]
    if not laws:
        raise ValueError("the index holds no article vectors in force; build it first (`shuoli ingest`)")
    report.documents = len(laws)
    texts, targets = mine_pairs(retriever, laws, questions, pairs=report.pairs, skipped=report.skipped)
    h = hashlib.sha1()
    h.update(f"{getattr(retriever.dense.embedder, 'name', '')}|{ENCODING}|{LAYOUT}|{epochs}|{SHRINK}\n".encode())
    for r in laws:
        h.update(f"{r.id}:{r.content_hash}\n".encode())
    for text, row in zip(texts, targets):
        h.update(f"{row}\t{text}\n".encode())
    return laws, texts, targets, h.hexdigest()


def adapter_current(retriever, questions: list[tuple[Path, str]] = (), *, on: str | None = None,
                    epochs: int = EPOCHS, path: Path | None = None) -> bool:
    """Whether the index's adapter (or the one at `path`) was trained on exactly what a training now would use."""
    from retriever.embeddings.adapter import load_adapter

    path = path or adapter_path(retriever.settings)
    if retriever.dense is None or not path.exists():
        return False
    try:
        held = load_adapter(path)
    except ValueError:  # unreadable: retrain
        return False
    if held is None:
        return False
    try:
        *_, fingerprint = _training_set(retriever, questions, on or date.today().isoformat(),
                                        AdapterReport(path), epochs)
    except ValueError:
        return False
    return held.info.get("inputs") == fingerprint


def build_adapter(retriever, questions: list[tuple[Path, str]] = (), *, on: str | None = None,
                  epochs: int = EPOCHS, out: Path | None = None, progress=None) -> AdapterReport:
    """Train and save the adapter of `retriever`'s index (or to `out`); returns what it was trained on."""
    say = progress or (lambda _msg: None)
    if retriever.dense is None:
        raise ValueError("the query adapter needs the dense index (embedding model); none is configured")
    on = on or date.today().isoformat()
    report = AdapterReport(out or adapter_path(retriever.settings))
    laws, texts, targets, fingerprint = _training_set(retriever, questions, on, report, epochs)
    if not targets:
        raise ValueError("no training pairs: the index has no items or cases and no question file was given")
    say(f"{len(targets)} pairs over {len(laws)} articles in force; embedding the questions …")
    embedded = np.asarray(retriever.dense.embedder.embed_queries(texts), dtype=np.float32)
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(laws), 2000):
        got = retriever.dense.collection.get(ids=[r.id for r in laws[start:start + 2000]], include=["embeddings"])
        vectors.update(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))
    documents = np.stack([vectors[r.id] for r in laws])
    say(f"training ({epochs} passes) …")
    weights = train_adapter(embedded, targets, documents, epochs=epochs)
    model = getattr(retriever.dense.embedder, "name", "")
    QueryAdapter(weights, SHRINK, {"model": model, "pairs": report.pairs, "documents": len(laws), "on": on,
                                   "epochs": epochs, "inputs": fingerprint}).save(report.path)
    return report
