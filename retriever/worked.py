"""Worked questions and worked cases: questions people ask (corpus/worked_questions/*.jsonl) and case facts as
officers, parties and complainants write them (corpus/worked_cases/*.jsonl), each with the provisions an officer
cites for it, used as a bridge from everyday words to the statutes.

A new question close in meaning to a worked one ("卖过期月饼咋罚" ~ "超市卖了过期面包会怎么处理") gets the worked
question's provisions credited in the fused ranking, the way a violation item's 违反条款 and 处罚依据 are
(retriever/search.py). The bank is data: questions written in the askers' own words, gold provisions checked
against the corpus texts; an office may add its own file. Nothing is answered from the bank alone: it only
raises articles that the search then shows with their text.

The vectors are the embedding model's, computed once per bank and model and kept next to the index
(`worked_questions.npz`, rebuilt when a file or the model changes), and read through the query adapter when
the index has one, like the question itself. The worked cases serve the matching of a case's facts to its
violation item (assistant/assess.py) the same way; their vectors are kept in `worked_cases.npz`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

@dataclass(frozen=True)
class BankKind:
    """Where a bank lives and which fields of a line it reads."""
    folder: str  # under the project corpus
    text: str  # the field compared with a new question or case
    gold: tuple[str, ...]  # fields holding [{law, article}] lists
    cache: str  # the vectors' file next to the index
    what: str  # for messages


QUESTIONS = BankKind("worked_questions", "query", ("gold",), "worked_questions.npz", "worked question")
CASES = BankKind("worked_cases", "facts", ("violated", "penalty_basis"), "worked_cases.npz", "worked case")
CACHE_FILE = QUESTIONS.cache


@dataclass(frozen=True)
class WorkedQuestion:
    query: str  # the question, or a worked case's facts
    gold: tuple[tuple[str, int], ...]  # (law as written in the file, article)
    source: str  # file:id
    # (law, article) → the paragraphs the entry names for it (款, `para`); an article named without one is absent
    paragraphs: tuple[tuple[tuple[str, int], tuple[int, ...]], ...] = ()

    def paragraphs_of(self, law: str, article: int) -> tuple[int, ...]:
        """The paragraphs named for (law, article); empty when the entry names the whole article."""
        return next((paras for key, paras in self.paragraphs if key == (law, article)), ())


def closeness(sim: float, floor: float, full: float) -> float:
    """The share of credit a cosine earns: nothing at `floor` or below, all from `full`, linear between."""
    return min(1.0, max(0.0, (sim - floor) / max(1e-6, full - floor)))


def bank_dir(settings, kind: BankKind = QUESTIONS) -> Path:
    return settings.project_corpus / kind.folder


def read_bank(folder: Path, kind: BankKind = QUESTIONS) -> list[WorkedQuestion]:
    """Every entry of the folder's JSON-lines files; a malformed line is a clear error naming it."""
    out: list[WorkedQuestion] = []
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                named = [((str(g["law"]), int(g["article"])), g.get("para")) for f in kind.gold for g in row[f]]
                gold = tuple(dict.fromkeys(key for key, _ in named))
                whole = {key for key, para in named if para is None}
                paras: dict[tuple[str, int], set[int]] = {}
                for key, para in named:
                    if para is not None and key not in whole:
                        paras.setdefault(key, set()).add(int(para))
                query = str(row[kind.text]).strip()
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                fields = ", ".join(f"'{f}' [{{law, article}}]" for f in kind.gold)
                raise ValueError(f"{path}:{n}: not a {kind.what} with '{kind.text}' and {fields} ({exc})") from exc
            if query and gold:
                out.append(WorkedQuestion(query, gold, f"{path.name}:{row.get('id', n)}",
                                          tuple((k, tuple(sorted(v))) for k, v in paras.items())))
    return out


def _digest(questions: list[WorkedQuestion], model: str) -> str:
    from retriever.embeddings.encoder import ENCODING

    h = hashlib.sha1(f"{model}|{ENCODING}".encode())
    for q in questions:
        h.update(f"\n{q.query}".encode())
    return h.hexdigest()


class WorkedBank:
    """The worked questions with their (unadapted) vectors."""

    def __init__(self, questions: list[WorkedQuestion], vectors: np.ndarray):
        self.questions = questions
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self._adapted: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.questions)

    def nearest(self, vector, k: int, adapter=None) -> list[tuple[WorkedQuestion, float]]:
        """The k worked questions closest to `vector` (a question vector, adapted when `adapter` is given)."""
        if not self.questions:
            return []
        matrix = self.vectors
        if adapter is not None:
            matrix = self._adapted.get(id(adapter))
            if matrix is None:
                matrix = self._adapted[id(adapter)] = adapter.apply(self.vectors)
        # an elementwise product, not BLAS: a matrix-vector product this small waits on BLAS threads that the
        # embedding model's threads keep busy (5 ms instead of 0.3 ms, measured in the search)
        sims = (matrix * np.asarray(vector, dtype=np.float32)).sum(axis=1)
        top = np.argsort(-sims)[:k]
        return [(self.questions[i], float(sims[i])) for i in top]


_VECTORS: dict[str, np.ndarray] = {}  # digest → vectors, for every index of this process


def load_bank(settings, embedder, kind: BankKind = QUESTIONS) -> WorkedBank:
    """The bank of `settings`' corpus with vectors from `embedder`, read from the cache next to the index
    when it was built from the same entries and model, else embedded and cached."""
    questions = read_bank(bank_dir(settings, kind), kind)
    model = getattr(embedder, "name", "") or ""
    digest = _digest(questions, model)
    cache = settings.index_dir / kind.cache
    if not questions:
        return WorkedBank([], np.zeros((0, getattr(embedder, "dim", 0) or 0), dtype=np.float32))
    if digest in _VECTORS:
        return WorkedBank(questions, _VECTORS[digest])
    try:
        with np.load(cache, allow_pickle=False) as data:
            if str(data["digest"]) == digest:
                _VECTORS[digest] = np.asarray(data["vectors"], dtype=np.float32)
                return WorkedBank(questions, _VECTORS[digest])
    except (OSError, KeyError, ValueError):
        pass
    vectors = _VECTORS[digest] = np.asarray(embedder.embed_queries([q.query for q in questions]), dtype=np.float32)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + ".tmp.npz")
        np.savez(tmp, vectors=vectors, digest=np.array(digest))
        tmp.replace(cache)
    except OSError:  # a read-only index: the vectors serve this process only
        pass
    return WorkedBank(questions, vectors)
