"""The query adapter: training moves questions toward their gold articles, the file round-trips, a file that
does not fit the model is refused, and the retriever applies it only where laws are searched (real index,
real model, real Chroma)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from retriever.embeddings.adapter import QueryAdapter, load_adapter, train_adapter


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_training_moves_questions_toward_their_gold_documents():
    rng = np.random.default_rng(0)
    docs = _unit(rng.normal(size=(200, 32)).astype(np.float32))
    turn = np.linalg.qr(rng.normal(size=(32, 32)))[0].astype(np.float32)  # questions say it differently
    targets = list(range(0, 200, 2))
    questions = _unit(docs[targets] @ turn + 0.1 * rng.normal(size=(100, 32)).astype(np.float32))

    def top1(q):
        return float(np.mean((q @ docs.T).argmax(axis=1) == np.array(targets)))

    weights = train_adapter(questions, targets, docs, epochs=200, weight_decay=0.0, learning_rate=1e-2)
    adapted = QueryAdapter(weights, shrink=1.0).apply(questions)
    assert top1(questions) < 0.2 and top1(adapted) > 0.8
    assert np.allclose(np.linalg.norm(adapted, axis=1), 1.0, atol=1e-5)


def test_adapter_file_round_trips_and_a_misfit_is_refused(tmp_path):
    path = tmp_path / "query_adapter.npz"
    assert load_adapter(path) is None  # none built: the plain model
    w = np.eye(8, dtype=np.float32) * 0.5
    QueryAdapter(w, 0.5, {"model": "m"}).save(path)
    got = load_adapter(path, dim=8, model="m")
    assert np.allclose(got.weights, w) and got.shrink == 0.5 and got.info["model"] == "m"
    assert np.allclose(got.apply(np.ones(8)), _unit(np.ones(8)))  # (1 + 0.25)·v, normalised
    with pytest.raises(ValueError, match="384-dimensional|the model gives 384"):
        load_adapter(path, dim=384)
    with pytest.raises(ValueError, match="trained for 'm'"):
        load_adapter(path, dim=8, model="other")
    path.write_bytes(b"not an adapter")
    with pytest.raises(ValueError, match="not a query adapter"):
        load_adapter(path)


def test_build_adapter_on_the_real_index_and_search_uses_it_for_laws_only(retriever, tmp_path):
    from retriever.adapt import adapter_current, build_adapter
    from retriever.filters import SearchFilter

    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "Q001", "query": "卖过期的酸奶会被怎么罚", "gold": [{"law": "中华人民共和国食品安全法", "article": 124}]},
        {"id": "Q002", "query": "这一条不该被用上", "gold": [{"law": "中华人民共和国食品安全法", "article": 34}]},
        {"id": "Q003", "query": "店门口海报写全市第一", "gold": [{"law": "中华人民共和国广告法", "article": 9}]},
    ]), encoding="utf-8")
    out = tmp_path / "query_adapter.npz"
    report = build_adapter(retriever, [(questions, "odd")], out=out, epochs=2)
    assert out.exists() and report.pairs["q.jsonl:odd"] == 2  # the even id is left out
    assert report.pairs.get("items", 0) > 0 and report.documents > 100
    # Known current while its inputs are unchanged; stale once a question file (or the corpus, the pair mining …)
    # would give other pairs, and stale for another training length.
    assert adapter_current(retriever, [(questions, "odd")], epochs=2, path=out)
    assert not adapter_current(retriever, [(questions, "all")], epochs=2, path=out)
    assert not adapter_current(retriever, [(questions, "odd")], epochs=3, path=out)
    assert not adapter_current(retriever, [(questions, "odd")], epochs=2, path=tmp_path / "none.npz")

    adapter = load_adapter(out, dim=retriever.dense.embedder.dim, model=retriever.dense.embedder.name)
    plain = retriever.dense.embedder.embed_query("卖过期的酸奶会被怎么罚")
    saved = retriever._adapter
    try:
        retriever._adapter = adapter
        laws = retriever.query_vector("卖过期的酸奶会被怎么罚", SearchFilter())
        cases = retriever.query_vector("卖过期的酸奶会被怎么罚", SearchFilter(doc_types=("case",)))
        assert not np.allclose(laws, plain) and np.allclose(cases, plain)
        assert abs(float(np.linalg.norm(laws)) - 1.0) < 1e-5
        hits = retriever.search("卖过期的酸奶会被怎么罚", 10)
        assert hits and any(h.record.short_name == "食品安全法" for h in hits[:5])
    finally:
        retriever._adapter = saved


def test_a_bad_question_file_is_a_clear_error(tmp_path):
    from retriever.adapt import question_source, read_questions

    assert question_source("a/b.jsonl:odd") == (tmp_path.__class__("a/b.jsonl"), "odd")
    assert question_source("a/b.jsonl") == (tmp_path.__class__("a/b.jsonl"), "all")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "Q1", "query": "x", "gold": []}\n{"query": "no gold"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        read_questions(bad)


def test_the_direct_answer_check_reads_the_plain_vector(retriever):
    """The adapter learned from the violation items: the evidence a direct answer rests on must not move
    with it (a random adapter changes the search, not the evidence). The worked questions are compared in the
    adapted space on purpose (measured: in the plain space the answers quote a gold article first less often and
    one wrong direct answer returns), so the property is checked with that bridge off."""
    from assistant.answer import gather, search_filter

    question = "销售过期食品货值不足一万元怎么罚"
    flt = search_filter("officer", "2026-12-01", None)
    saved, saved_worked = retriever._adapter, retriever._worked
    try:
        retriever._worked = None
        retriever._adapter = None
        plain = gather(question, retriever, flt)
        rng = np.random.default_rng(1)
        retriever._adapter = QueryAdapter(rng.normal(size=(retriever.dense.embedder.dim,) * 2).astype(np.float32), 1.0)
        moved = [h.record.id for h in retriever.search(question, 10)]
        adapted = gather(question, retriever, flt)
        assert moved != [h.record.id for h in retriever.search(question, 10, adapt=False)]
        assert adapted.matched == plain.matched
        assert [i["id"] for i in adapted.items] == [i["id"] for i in plain.items]
    finally:
        retriever._adapter, retriever._worked = saved, saved_worked
