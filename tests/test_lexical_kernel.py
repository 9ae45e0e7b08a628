"""The lexical scorer gives bm25s's own scores, and a filter applied by index gives the masked reference ranking."""
from __future__ import annotations

import numpy as np
import pytest

from eval.synthetic import synthetic_records
from retriever import lexical
from retriever.dense import index_text
from retriever.tokenize import tokenize

QUERIES = ("销售超过保质期的食品怎么处罚", "虚假原价 价格欺诈", "电梯未经定期检验", "商标 运动鞋 非法经营额", "无关的词语组合")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    records = list(synthetic_records(3000, seed=5))
    root = tmp_path_factory.mktemp("lexical")
    lexical.build(root, [r.id for r in records], [index_text(r) for r in records])
    return lexical.LexicalIndex.load(root)


def reference(index, query, k, mask):
    tokens = [t for t in tokenize(query) if t in index.model.vocab_dict]
    if not tokens:
        return []
    scores = index.model.get_scores(tokens)  # bm25s itself
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    order = np.argsort(-scores, kind="stable")[:k]
    return [(index.ids[i], float(scores[i])) for i in order if scores[i] > 0]


def test_top_positive_with_bulk_ties():
    rng = np.random.default_rng(4)
    scores = rng.choice(np.array([0, 0, 0, 1.5, 2.25, 3.0], dtype=np.float32), 50_000)
    for rows in (None, np.flatnonzero(rng.random(50_000) < 0.1)):
        top, values = lexical.top_positive(scores, 30, rows)
        ok = np.ones(50_000, bool) if rows is None else np.isin(np.arange(50_000), rows)
        ref = [i for i in np.argsort(-np.where(ok, scores, 0), kind="stable")[:30] if scores[i] > 0]
        assert top.tolist() == ref and values.tolist() == scores[ref].tolist()
    assert lexical.top_positive(np.zeros(10, np.float32), 5)[0].tolist() == []


def test_scores_equal_bm25s(index):
    for q in QUERIES:
        tokens = [t for t in tokenize(q) if t in index.model.vocab_dict]
        if tokens:
            assert np.array_equal(index.scores(tokens), index.model.get_scores(tokens))


@pytest.mark.parametrize("share", [None, 0.9, 0.05, 0.01, 0.002, 0.0])
def test_masked_search_matches_reference(index, share):
    rng = np.random.default_rng(2)
    mask = None if share is None else rng.random(len(index.ids)) < share
    for q in QUERIES:
        got = index.search(q, 20, mask)
        want = reference(index, q, 20, mask)
        assert got == want  # the same ids, scores and order (ties by position, as a stable sort)
        if mask is not None:
            position = {rid: i for i, rid in enumerate(index.ids)}
            assert all(mask[position[rid]] for rid, _ in got)


def test_scores_of_a_few_rows_equal_the_full_scores(index):
    rng = np.random.default_rng(7)
    rows = np.sort(rng.choice(len(index.ids), 40, replace=False))
    for q in QUERIES:
        tokens = [t for t in tokenize(q) if t in index.model.vocab_dict]
        if tokens:
            assert np.array_equal(index.scores_of(tokens, rows), index.scores(tokens)[rows])
