"""A query adapter for the embedding model: a linear map learned on the question side only.

e5-small places a question in everyday words ("没办证就卖吃的") far from the statute that governs it; the
document vectors are right, the question vector points the wrong way. The adapter learns one 384×384 matrix W
and reads a question vector q as normalise(q + shrink · q·W): W starts at zero (the plain model), is trained
with a softmax over every article vector in force (the gold article against all others, as in contrastive
fine-tuning, but with the document side frozen), weight decay keeps it near the identity, and `shrink` halves
what was learned at use. Nothing in the index is re-embedded: training takes seconds on two cores, and the
result is one small file next to the index (`query_adapter.npz`), rebuilt with `shuoli adapt`.

Pairs come from the corpus and from question files (retriever/adapt.py): violation items (conduct → its
违反条款 and 处罚依据), published cases (facts → provisions), and questions with gold provisions (the project's
own development set, the tuning half of the public set). The defaults were chosen by two-fold cross-validation
on the public set's odd ids (docs in README "Query adapter").
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ADAPTER_FILE = "query_adapter.npz"
# Training defaults (see the module docstring): weight decay on W, passes over the pairs, softmax temperature
# (e5's own training temperature is 0.01–0.05), Adam step, batch, and the share of W applied at use.
WEIGHT_DECAY = 0.01
EPOCHS = 25
TEMPERATURE = 0.05
LEARNING_RATE = 1e-3
BATCH = 256
SHRINK = 0.5


def adapter_path(settings) -> Path:
    """Where the adapter of the index under `settings` lives."""
    return settings.index_dir / ADAPTER_FILE


@dataclass
class QueryAdapter:
    weights: np.ndarray  # (dim, dim), float32
    shrink: float = SHRINK
    info: dict = field(default_factory=dict)  # model, pairs by source, epochs … as written at training

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Adapted, unit-length question vectors (one vector or a batch)."""
        v = np.asarray(vectors, dtype=np.float32)
        single = v.ndim == 1
        v = np.atleast_2d(v)
        out = v + self.shrink * (v @ self.weights)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out[0] if single else out

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, weights=self.weights.astype(np.float32), shrink=np.float32(self.shrink),
                 info=np.array(json.dumps(self.info, ensure_ascii=False)))
        tmp.replace(path)


def load_adapter(path: Path, *, dim: int | None = None, model: str | None = None) -> QueryAdapter | None:
    """The adapter at `path`, or None when there is none. A file that does not fit the embedding model in use
    (another dimension or model) is a clear error: it must be rebuilt (`shuoli adapt`), never applied."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            weights = np.asarray(data["weights"], dtype=np.float32)
            shrink = float(data["shrink"])
            info = json.loads(str(data["info"]))
    except (OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path}: not a query adapter ({exc}); rebuild it with `shuoli adapt`") from exc
    if weights.ndim != 2 or weights.shape[0] != weights.shape[1]:
        raise ValueError(f"{path}: the adapter's matrix is {weights.shape}, not square; rebuild it with `shuoli adapt`")
    if dim is not None and weights.shape[0] != dim:
        raise ValueError(f"{path}: the adapter is for {weights.shape[0]}-dimensional vectors, the model gives {dim}; "
                         f"rebuild it with `shuoli adapt`")
    if model is not None and info.get("model") not in (None, model):
        raise ValueError(f"{path}: the adapter was trained for {info.get('model')!r}, the index uses {model!r}; "
                         f"rebuild it with `shuoli adapt`")
    return QueryAdapter(weights, shrink, info)


def train_adapter(questions: np.ndarray, targets: list[int], documents: np.ndarray, *,
                  weight_decay: float = WEIGHT_DECAY, epochs: int = EPOCHS, temperature: float = TEMPERATURE,
                  learning_rate: float = LEARNING_RATE, batch: int = BATCH, seed: int = 0) -> np.ndarray:
    """W for question vectors `questions` whose gold document is row `targets[i]` of `documents` (unit
    vectors; every other row is a negative). Deterministic for a given seed."""
    import torch

    if len(questions) != len(targets) or not len(targets):
        raise ValueError("train_adapter: one target row per question, and at least one pair")
    torch.manual_seed(seed)
    q = torch.tensor(np.asarray(questions, dtype=np.float32))
    docs = torch.tensor(np.asarray(documents, dtype=np.float32))
    gold = torch.tensor(targets, dtype=torch.long)
    weights = torch.zeros(q.shape[1], q.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([weights], lr=learning_rate)
    order = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        perm = torch.randperm(len(gold), generator=order)
        for start in range(0, len(gold), batch):
            rows = perm[start:start + batch]
            z = q[rows] + q[rows] @ weights
            z = z / z.norm(dim=1, keepdim=True)
            loss = torch.nn.functional.cross_entropy(z @ docs.T / temperature, gold[rows])
            loss = loss + weight_decay * (weights ** 2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return weights.detach().numpy().astype(np.float32)
