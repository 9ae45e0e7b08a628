"""Worked questions (retriever/worked.py): the bank is read as data with clear errors, its vectors are cached
next to the index, and a question close to a worked one has the worked question's provisions credited in the
search (real index, real model, real Chroma)."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from retriever.worked import CACHE_FILE, load_bank, read_bank


def _write(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bank.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")


def test_the_shipped_bank_reads_and_every_provision_names_an_article():
    from core.settings import REPO_ROOT

    bank = read_bank(REPO_ROOT / "corpus" / "worked_questions")
    assert len(bank) >= 500
    assert all(q.query and q.gold and all(isinstance(n, int) and n > 0 for _, n in q.gold) for q in bank)


def test_a_malformed_line_is_a_clear_error_naming_it(tmp_path):
    folder = tmp_path / "worked_questions"
    folder.mkdir()
    (folder / "x.jsonl").write_text('{"query": "卖过期面包怎么罚", "gold": [{"law": "食品安全法", "article": 124}]}\n'
                                    '{"query": "没有条号", "gold": [{"law": "食品安全法"}]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.jsonl:2"):
        read_bank(folder)


def test_vectors_are_cached_next_to_the_index_and_rebuilt_when_the_bank_changes(retriever, tmp_path):
    settings = SimpleNamespace(project_corpus=tmp_path / "corpus", index_dir=tmp_path / "index")
    _write(tmp_path / "corpus" / "worked_questions",
           [{"id": "W1", "query": "超市里卖过期面包会怎么处理", "gold": [{"law": "中华人民共和国食品安全法", "article": 124}]}])
    first = load_bank(settings, retriever.dense.embedder)
    assert len(first) == 1 and (tmp_path / "index" / CACHE_FILE).exists()
    _write(tmp_path / "corpus" / "worked_questions",
           [{"id": "W1", "query": "超市里卖过期面包会怎么处理", "gold": [{"law": "中华人民共和国食品安全法", "article": 124}]},
            {"id": "W2", "query": "海报上写全市销量第一行不行", "gold": [{"law": "中华人民共和国广告法", "article": 9}]}])
    second = load_bank(settings, retriever.dense.embedder)
    assert len(second) == 2 and second.vectors.shape[0] == 2


def test_a_question_close_to_a_worked_one_gets_its_provisions(small_settings, built_index, tmp_path):
    from retriever.filters import SearchFilter
    from retriever.search import Retriever

    settings = SimpleNamespace(project_corpus=tmp_path / "corpus", index_dir=tmp_path / "index")
    _write(tmp_path / "corpus" / "worked_questions", [
        {"id": "W1", "query": "店里的面包过了保质期还在卖，会被怎么罚", "gold": [
            {"law": "中华人民共和国食品安全法", "article": 34}, {"law": "中华人民共和国食品安全法", "article": 124}]},
        {"id": "W2", "query": "店门口海报写全市销量第一行不行", "gold": [{"law": "中华人民共和国广告法", "article": 9}]},
        {"id": "W3", "query": "一部不在索引里的法", "gold": [{"law": "不存在的条例", "article": 3}]},
    ])
    r = Retriever(small_settings)
    try:
        bank = load_bank(settings, r.dense.embedder)
        flt = SearchFilter(as_of="2026-12-01", doc_types=("law",))
        query = "货架上几包吐司早就过期了，老板还摆着卖，要挨罚吗"
        r._worked = None  # without the bank
        plain = r.search(query, 10, flt)
        assert not any("worked" in h.via for h in plain)
        r._worked = bank
        hits = r.search(query, 10, flt)
        credited = {(h.record.short_name, h.record.article) for h in hits if "worked" in h.via}
        assert ("食品安全法", 124) in credited and ("食品安全法", 34) in credited
        assert all(h.record.short_name != "不存在的条例" for h in hits)
        # the credit comes in proportion to closeness: the food question, not the advertising one, comes first
        ranks = {(h.record.short_name, h.record.article): h.via["worked"] for h in hits if "worked" in h.via}
        assert ranks[("食品安全法", 124)] == 1
    finally:
        r.close()


def test_each_part_of_a_two_part_question_is_compared_with_the_worked_questions(small_settings, built_index,
                                                                                tmp_path, monkeypatch):
    from retriever.filters import SearchFilter
    from retriever.search import Retriever, question_parts

    assert question_parts("过期面包接着卖会怎么罚？我该去哪里举报？") == ["过期面包接着卖会怎么罚", "我该去哪里举报"]
    assert question_parts("卖过期面包怎么罚？") == [] and question_parts("卖过期面包怎么罚？好吗？") == []
    settings = SimpleNamespace(project_corpus=tmp_path / "corpus", index_dir=tmp_path / "index")
    _write(tmp_path / "corpus" / "worked_questions", [
        {"id": "W1", "query": "店门口海报写全市销量第一行不行", "gold": [{"law": "中华人民共和国广告法", "article": 9}]},
    ])
    r = Retriever(small_settings)
    try:
        r._worked = load_bank(settings, r.dense.embedder)
        flt = SearchFilter(as_of="2026-12-01", doc_types=("law",))
        query = "超市里的面包过期了还接着卖，会怎么罚？另外门口海报上写着全市销量第一，这个行不行？"
        hits = r.search(query, 10, flt)
        part = {(h.record.short_name, h.record.article): h for h in hits if "worked_part" in h.via}
        assert list(part) == [("广告法", 9)]
        # the part's credit comes on top of what the whole question gets
        import retriever.search as search
        monkeypatch.setattr(search, "question_parts", lambda text: [])
        alone = {(h.record.short_name, h.record.article): h for h in r.search(query, 10, flt)}
        assert "worked_part" not in alone[("广告法", 9)].via
        assert part[("广告法", 9)].score > alone[("广告法", 9)].score
    finally:
        r.close()


@pytest.mark.parametrize("setting, bank", [("worked_questions", "worked"), ("worked_cases", "worked_cases")])
def test_each_bank_can_be_switched_off(small_settings, built_index, setting, bank):
    from retriever.search import Retriever

    r = Retriever(small_settings.model_copy(update={setting: False}))
    try:
        assert getattr(r, bank) is None
    finally:
        r.close()


def test_an_unrelated_question_gets_nothing_from_the_shipped_bank(retriever):
    from retriever.filters import SearchFilter

    flt = SearchFilter(as_of="2026-12-01", doc_types=("law",))
    for adapt in (True, False):
        assert not any("worked" in h.via for h in retriever.search("今天天气怎么样", 10, flt, adapt=adapt))
    close = retriever.search("面包店把过期吐司摆出来卖怎么罚", 10, flt)
    assert any("worked" in h.via and h.record.short_name == "食品安全法" for h in close)


def test_a_malformed_bank_is_reported_and_the_search_goes_on(small_settings, built_index, tmp_path, caplog):
    from retriever.filters import SearchFilter
    from retriever.search import Retriever

    corpus = tmp_path / "corpus"
    (corpus / "worked_questions").mkdir(parents=True)
    (corpus / "worked_questions" / "bad.jsonl").write_text('{"query": "没有条号"}\n', encoding="utf-8")
    r = Retriever(small_settings)
    try:
        import retriever.worked as worked
        original = worked.bank_dir
        worked.bank_dir = lambda settings, kind=worked.QUESTIONS: corpus / kind.folder
        try:
            with caplog.at_level("WARNING"):
                hits = r.search("卖过期食品怎么罚", 5, SearchFilter(as_of="2026-12-01", doc_types=("law",)))
        finally:
            worked.bank_dir = original
        assert hits and r.worked is None
        assert any("bad.jsonl:1" in rec.getMessage() for rec in caplog.records)
    finally:
        r.close()


# --- worked cases (corpus/worked_cases): case facts with their provisions, a route for assess ---------------------


def test_the_shipped_worked_cases_read_with_verbatim_quotes_and_known_keys():
    from assistant.circumstances import KINDS
    from core.models import TIERS
    from core.settings import REPO_ROOT
    from retriever.worked import CASES

    folder = REPO_ROOT / "corpus" / "worked_cases"
    bank = read_bank(folder, CASES)
    assert len(bank) >= 300 and all(c.gold for c in bank)
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row["tier"] in TIERS and set(row["acceptable_tiers"]) <= set(TIERS), row["id"]
            for c in row["circumstances"]:
                assert c["key"] in KINDS and c["quote"] and c["quote"] in row["facts"], (row["id"], c)


def test_a_malformed_worked_case_names_file_line_and_fields(tmp_path):
    from retriever.worked import CASES

    folder = tmp_path / "worked_cases"
    folder.mkdir()
    (folder / "y.jsonl").write_text('{"facts": "当事人销售过期面包", "violated": [], "penalty_basis": [{"law": "食品安全法"}]}\n',
                                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"y\.jsonl:1: not a worked case with 'facts'"):
        read_bank(folder, CASES)


def test_facts_close_to_a_worked_case_credit_its_provisions_and_unrelated_text_gets_nothing(retriever, tmp_path):
    from assistant.assess import _worked_case_route
    from retriever.worked import CASES

    settings = SimpleNamespace(project_corpus=tmp_path / "corpus", index_dir=tmp_path / "index")
    _write(tmp_path / "corpus" / "worked_cases", [
        {"id": "C1", "facts": "执法人员检查某小区，发现3号楼电梯的定期检验合格标志已过有效期两个月，物业公司仍在使用该电梯。",
         "violated": [{"law": "中华人民共和国特种设备安全法", "article": 40}],
         "penalty_basis": [{"law": "中华人民共和国特种设备安全法", "article": 84}]},
        {"id": "C2", "facts": "某超市货架上摆放的酸奶已超过保质期三天，仍在销售。",
         "violated": [{"law": "中华人民共和国食品安全法", "article": 34}],
         "penalty_basis": [{"law": "中华人民共和国食品安全法", "article": 124}]},
    ])
    original = retriever._worked_cases
    try:
        retriever._worked_cases = load_bank(settings, retriever.dense.embedder, CASES)
        assert (tmp_path / "index" / CASES.cache).exists()
        credit = _worked_case_route("小区物业的电梯检验过期了还在运行，检验标志早就到期", retriever)
        best = lambda key: max((c for c, _ in credit.get(key, [])), default=0)
        assert best(("特种设备安全法", 84, None)) > best(("食品安全法", 124, None))
        assert best(("特种设备安全法", 40, None)) > 0
        assert credit[("特种设备安全法", 40, None)][0][1].startswith("执法人员检查某小区")  # the case's facts come along
        assert _worked_case_route("今天天气很好，我们一家去公园散步，中午吃了火锅。", retriever) == {}
        retriever._worked_cases = None  # no bank: no route
        assert _worked_case_route("小区物业的电梯检验过期了还在运行", retriever) == {}
    finally:
        retriever._worked_cases = original


def test_a_worked_case_naming_a_paragraph_credits_that_paragraphs_items_only(tmp_path):
    from assistant.assess import _worked_credit
    from retriever.worked import CASES

    _write(tmp_path, [{"id": "P1", "facts": "豆干标签配料表将食用盐标注为盐，不影响食品安全，也不会误导消费者。",
                       "violated": [{"law": "食品安全法", "article": 71}],
                       "penalty_basis": [{"law": "食品安全法", "article": 125, "para": 2}]}])
    case = read_bank(tmp_path, CASES)[0]
    assert case.gold == (("食品安全法", 71), ("食品安全法", 125))
    assert case.paragraphs_of("食品安全法", 125) == (2,) and case.paragraphs_of("食品安全法", 71) == ()
    worked = {("食品安全法", 125, 2): [(0.8, case.query)], ("食品安全法", 71, None): [(0.5, case.query)]}
    assert _worked_credit(worked, ("食品安全法", 125), 2) == 0.8
    assert _worked_credit(worked, ("食品安全法", 125), 1) == 0.0  # the first paragraph's 货值 fines: not this case
    assert _worked_credit(worked, ("食品安全法", 125), None) == 0.8
    assert _worked_credit(worked, ("食品安全法", 71), 1) == 0.5  # the whole article named: every paragraph
