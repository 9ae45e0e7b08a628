"""The dense kernel: exact search gives the same top-k as a plain numpy float32 reference, filters are applied
by index, and the HNSW path (large collections, broad filters) returns only allowed ids with a measured recall."""
from __future__ import annotations

import numpy as np
import pytest

from core.settings import Settings
from retriever import dense
from retriever.dense import DenseIndex, RowFilter, exact_top
from retriever.filters import SearchFilter

DIM = 384


def unit_rows(rng, n: int) -> np.ndarray:
    m = rng.standard_normal((n, DIM)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def reference(keys, matrix, vector, ok, k):
    """Plain numpy float32: every row scored, disallowed rows masked, full sort, best row per key."""
    scores = np.where(ok, matrix.astype(np.float32) @ vector.astype(np.float32), -np.inf)
    out: dict[str, float] = {}
    for i in np.argsort(-scores, kind="stable"):
        if not ok[i]:
            break
        out.setdefault(keys[i], float(scores[i]))
        if len(out) == k:
            break
    return list(out.items())


@pytest.mark.parametrize("share", [1.0, 0.5, 0.01])
def test_exact_top_matches_numpy_reference(share):
    rng = np.random.default_rng(7)
    matrix = unit_rows(rng, 5000)
    keys = [f"r{i}" for i in range(len(matrix))]
    ok = rng.random(len(matrix)) < share if share < 1 else np.ones(len(matrix), bool)
    rows = None if ok.all() else np.flatnonzero(ok)
    for _ in range(20):
        q = unit_rows(rng, 1)[0]
        got = exact_top(keys, matrix, q, 50, 50, rows)
        want = reference(keys, matrix, q, ok, 50)
        assert [key for key, _ in got] == [key for key, _ in want]
        assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-6)
        assert all(ok[int(key[1:])] for key, _ in got)


def test_exact_top_keeps_each_keys_best_row():
    """Paragraph rows share their article's key: a key appears once, with its best row's score."""
    rng = np.random.default_rng(3)
    matrix = unit_rows(rng, 3000)
    keys = [f"art{i // 4}" for i in range(len(matrix))]  # four paragraphs per article
    ok = np.ones(len(matrix), bool)
    q = unit_rows(rng, 1)[0]
    got = exact_top(keys, matrix, q, 30, 10)
    want = reference(keys, matrix, q, ok, 10)
    assert [key for key, _ in got] == [key for key, _ in want][:len(got)]
    assert len({key for key, _ in got}) == len(got)


def test_exact_top_edge_cases():
    rng = np.random.default_rng(1)
    matrix = unit_rows(rng, 5)
    keys = list("abcde")
    q = matrix[2]
    assert exact_top(keys, matrix, q, 50, 10)[0][0] == "c"  # fetch larger than the matrix
    assert len(exact_top(keys, matrix, q, 50, 10)) == 5
    assert exact_top(keys, matrix, q, 10, 10, np.array([], dtype=np.int64)) == []
    assert [key for key, _ in exact_top(keys, matrix, q, 10, 10, np.array([0, 4]))] in (["a", "e"], ["e", "a"])


def test_row_filter_selection_is_by_index_and_cached():
    ids = [f"id{i}" for i in range(10)]
    position = {rid: i for i, rid in enumerate(ids)}
    mask = np.array([i % 3 == 0 for i in range(10)])
    cache: dict = {}
    keys = ["id9", "id1", "id3", "gone", "id3"]  # matrix rows in another order, a key unknown to the filter
    f = RowFilter(mask, position, cache, ids=ids, key="f")
    sel = f.selection(keys, "coll")
    assert sel.tolist() == [0, 2, 4] and f.count == 4
    assert RowFilter(mask, position, cache, ids=ids, key="f").selection(keys, "coll") is sel  # reused
    everyone = RowFilter(np.ones(10, bool), position, cache, ids=ids, key="all")
    assert everyone.selection(ids, "coll2") is None


class VectorsOnly:
    """The index is fed vectors directly here; text embedding is never asked for."""
    model, backend, name = "vectors-only", "none", "vectors-only"

    def embed_passages(self, texts):
        raise AssertionError("no text is embedded in this test")

    embed_queries = embed_query = embed_passages


@pytest.fixture(scope="module")
def random_index(tmp_path_factory):
    rng = np.random.default_rng(11)
    base = unit_rows(rng, 60)  # clustered like the bench's load vectors: reused real vectors plus noise
    noise = rng.standard_normal((3000, DIM)).astype(np.float32)
    noise *= 0.35 / np.linalg.norm(noise, axis=1, keepdims=True)
    vectors = base[np.arange(3000) % 60] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"case:{i:05d}" for i in range(len(vectors))]
    settings = Settings(home=tmp_path_factory.mktemp("dense-home"), chroma_url="")
    index = DenseIndex(settings, embedder=VectorsOnly())
    for start in range(0, len(ids), 1000):
        index.collection.upsert(ids=ids[start:start + 1000], embeddings=vectors[start:start + 1000],
                                metadatas=[{"doc_type": "case"}] * len(ids[start:start + 1000]))
    return index, ids, vectors, rng


def fresh(index):
    for cache in ("_matrices", "_subsets", "_counts"):
        index.__dict__.pop(cache, None)


def test_dense_paths_agree_with_reference(random_index, monkeypatch):
    index, ids, vectors, rng = random_index
    position = {rid: i for i, rid in enumerate(ids)}
    broad = np.ones(len(ids), bool)
    narrow = rng.random(len(ids)) < 0.05
    queries = vectors[rng.choice(len(ids), 20, replace=False)] + 0.05 * unit_rows(rng, 20)
    flt = SearchFilter()

    def run(mask, key):
        cache: dict = {}
        return [index.search("", 10, flt, query_vector=q / np.linalg.norm(q),
                             allowed=RowFilter(mask, position, cache, ids=ids, key=key)) for q in queries]

    def want(mask):
        return [[rid for rid, _ in reference(ids, vectors, q / np.linalg.norm(q), mask, 10)] for q in queries]

    # small collection: held in memory, exact for any filter
    fresh(index)
    for mask, key in ((broad, "broad"), (narrow, "narrow")):
        assert [[rid for rid, _ in hits] for hits in run(mask, key)] == want(mask)
    # large collection: a selective filter is exact over its subset ...
    monkeypatch.setattr(dense, "IN_MEMORY_LIMIT", 100)
    fresh(index)
    assert [[rid for rid, _ in hits] for hits in run(narrow, "narrow")] == want(narrow)
    # ... a broad one goes through HNSW: only allowed ids, recall@10 against exact search reported
    monkeypatch.setattr(dense, "SUBSET_LIMIT", 100)
    half = rng.random(len(ids)) < 0.5
    for mask, key in ((broad, "broad"), (half, "half")):
        got = run(mask, key)
        assert all(mask[position[rid]] for hits in got for rid, _ in hits)
        recall = np.mean([len({r for r, _ in g} & set(w)) / 10 for g, w in zip(got, want(mask))])
        assert recall >= 0.9, recall
