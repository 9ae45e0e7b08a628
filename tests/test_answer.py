"""The no-LLM answer over the real small index: direct answers, cited sources, honesty, merchant filter."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.answer import answer, search_filter, verify_answer

AS_OF = "2026-11-22"
PENALTY_Q = "经营过期食品货值不足一万元怎么罚"


@pytest.fixture(scope="module")
def penalty_answer(retriever):
    return answer(PENALTY_Q, retriever=retriever, persona="officer", as_of=AS_OF, region=None)


def test_penalty_question_cites_article_124_and_states_the_range(penalty_answer):
    laws = [(s["short_name"], s["article_label"]) for s in penalty_answer.sources if s["doc_type"] == "law"]
    assert ("食品安全法", "第一百二十四条") in laws
    assert "五万元以上十万元以下" in penalty_answer.direct
    assert penalty_answer.text.startswith("**直接回答**")
    # narrowed to the stated amount: the ≥1万元 multiple is not part of the direct answer
    assert "十倍以上二十倍以下" not in penalty_answer.direct
    assert penalty_answer.flagged == [] and "未核实" not in penalty_answer.text


def test_sources_carry_version_status_and_highlight(penalty_answer):
    art = next(s for s in penalty_answer.sources if s["article_label"] == "第一百二十四条")
    assert art["version"] and art["effective"] and art["status"] == "现行有效"
    assert art["match"], "the matching sentences are marked for highlighting"
    highlighted = "".join(art["text"][a:b] for a, b in art["match"])
    assert "不足一万元" in highlighted
    assert art["citation"] in penalty_answer.text


def test_unrelated_question_says_so_instead_of_guessing(retriever):
    a = answer("今天天气怎么样", retriever=retriever, persona="officer", as_of=AS_OF, region=None)
    assert a.notice.startswith("未找到依据")
    assert not [s for s in a.sources if s["doc_type"] == "law"]
    assert a.direct == ""


def test_named_article_is_found_by_citation(retriever):
    a = answer("行政处罚法第三十三条怎么规定的", retriever=retriever, persona="officer", as_of=AS_OF, region=None)
    assert a.sources[0]["short_name"] == "行政处罚法" and a.sources[0]["article"] == 33


def test_merchant_guidance_has_checklist_first_offence_and_records(retriever):
    a = answer("我开小超市卖食品要注意什么", retriever=retriever, persona="merchant", as_of=AS_OF, region=None)
    assert "- [ ]" in a.text
    assert "《中华人民共和国行政处罚法》第三十三条" in a.text and "不能覆盖" in a.text
    assert "进货查验" in a.text and "票据" in a.text
    assert all(s["visibility"] == "public" for s in a.sources)
    assert a.flagged == []


def test_verifier_flags_an_invented_citation(retriever):
    text, flagged = verify_answer("依据《中华人民共和国食品安全法》第九百条处罚。", retriever, AS_OF)
    assert flagged and "【未核实" in text


@pytest.fixture(scope="module")
def internal_index(tmp_path_factory, small_settings):
    """A separate index holding one internal document (the shared session index stays untouched)."""
    from core.settings import Settings
    from retriever.indexer import build_index
    from retriever.search import Retriever

    home = tmp_path_factory.mktemp("internal-home")
    (home / "models").symlink_to(os.path.realpath(small_settings.home / "models"), target_is_directory=True)
    doc = home / "内部执法口径.txt"
    doc.write_text("蓝鲸专项行动内部执法口径：对超市销售过期食品的案件，办案人员应当先核查进货查验记录，"
                   "再依法确定货值金额和处罚幅度。本口径仅供执法人员内部掌握，不对外公开。\n" * 3, encoding="utf-8")
    settings = Settings(home=home, sources_file=small_settings.sources_file, chroma_url="")
    report = build_index(settings, paths=[doc], visibility="internal")
    assert report.ok and report.records > 0
    r = Retriever(settings)
    yield r
    r.close()


def test_merchant_filter_never_returns_internal_records(internal_index):
    question = "蓝鲸专项行动内部执法口径"
    officer_hits = internal_index.search(question, 5, search_filter("officer", AS_OF, None))
    assert any(h.record.visibility == "internal" for h in officer_hits)
    merchant_hits = internal_index.search(question, 5, search_filter("merchant", AS_OF, None))
    assert merchant_hits == [] or all(h.record.visibility == "public" for h in merchant_hits)

    officer = answer(question, retriever=internal_index, persona="officer", as_of=AS_OF, region=None)
    assert any(s["visibility"] == "internal" for s in officer.sources)
    merchant = answer(question, retriever=internal_index, persona="merchant", as_of=AS_OF, region=None)
    assert all(s["visibility"] == "public" for s in merchant.sources)
    assert "蓝鲸" not in merchant.text


def test_direct_answer_states_conduct_rule_and_penalty_clause_together(penalty_answer):
    roles = {(b["law"], b["article"], b["role"]) for b in penalty_answer.direct_basis}
    assert ("食品安全法", 124, "penalty") in roles
    assert ("食品安全法", 34, "conduct") in roles
    assert "第三十四条" in penalty_answer.direct and "第一百二十四条" in penalty_answer.direct


def test_no_direct_answer_when_the_question_is_about_procedure(retriever):
    a = answer("处罚决定书上必须写明哪些事项", retriever=retriever, persona="officer", as_of=AS_OF, region=None)
    assert a.direct == "" and a.direct_basis == []


def test_a_cited_paragraph_is_the_highlighted_one(retriever):
    a = answer("行政处罚法第三十三条第二款", retriever=retriever, persona="officer", as_of=AS_OF, region=None)
    art = a.sources[0]
    assert (art["short_name"], art["article"]) == ("行政处罚法", 33)
    highlighted = "".join(art["text"][x:y] for x, y in art["match"])
    assert "主观过错" in highlighted and "初次违法" not in highlighted
    assert a.direct == ""  # 行政处罚法 in a citation is not a penalty question


def test_merchant_is_asked_in_everyday_words_never_for_article_numbers(retriever):
    a = answer("今天天气怎么样", retriever=retriever, persona="merchant", as_of=AS_OF, region=None)
    assert a.notice and "条号" not in a.text and "法律名称" not in a.text


def test_a_regulation_item_is_no_direct_answer_when_a_law_on_the_subject_also_punishes():
    from assistant.answer import Evidence, _superior_rival

    ev = Evidence("叉车司机无证上岗怎么罚", "2026-12-01", ["叉车", "无证", "上岗"])
    ev.levels = {"特种设备安全监察条例": "行政法规", "特种设备安全法": "法律", "广告法": "法律"}
    item = {"short_name": "特种设备安全监察条例", "law": "特种设备安全监察条例"}
    own = {("特种设备安全监察条例", 86)}
    ev.law_penalties = {("特种设备安全法", 86)}
    assert _superior_rival(item, own, ev)
    ev.law_penalties = {("广告法", 58)}  # a law on another subject is no rival
    assert not _superior_rival(item, own, ev)
    law_item = {"short_name": "特种设备安全法", "law": "中华人民共和国特种设备安全法"}
    ev.law_penalties = {("特种设备安全法", 86)}
    assert not _superior_rival(law_item, {("特种设备安全法", 86)}, ev)  # the law's own item answers


def test_no_direct_answer_from_an_item_whose_penalty_clause_the_search_ranks_below_another():
    """A health food's claims on a board (降血糖，吃三个月就能停药): the search finds 广告法第五十八条 (保健食品广告) before the
    item's 第五十九条 (变相发布): answering from the item would be confident where the search is not."""
    from assistant.answer import Evidence, _outranked

    ev = Evidence("药店门口展板推保健品写着降血糖怎么处理", "2026-12-01", [])
    ev.matched_rank = {("广告法", 18): 0, ("广告法", 17): 1, ("广告法", 58): 2, ("广告法", 19): 3, ("广告法", 59): 8}
    ev.law_penalties = {("广告法", 58), ("广告法", 59)}
    assert _outranked({("广告法", 59)}, ev)
    assert not _outranked({("广告法", 58)}, ev)
    # a conduct rule ranked first is no rival clause
    ev.matched_rank = {("广告法", 18): 0, ("广告法", 59): 1, ("广告法", 58): 2}
    assert not _outranked({("广告法", 59)}, ev)


def test_no_direct_answer_from_a_duty_bearers_item_the_question_shows_nothing_of():
    """An item about a platform's own duty (药品网络交易第三方平台提供者未履行资质审核…) shares words with a shop selling
    drugs without the licence (没有卖药的资质), but the question shows no platform: no direct answer rests on it."""
    from assistant.answer import Evidence, agreement, query_terms

    item = {"meta": {"conduct": "药品网络交易第三方平台提供者未履行资质审核、报告、停止提供网络交易平台服务等义务",
                     "penalty": {"fines": [{"kind": "fixed", "min": 200000, "max": 2000000}]}},
            "title": "", "law": "药品管理法", "short_name": "药品管理法"}
    shop = "小卖部没有卖药的资质审核，却在货架上摆着感冒药卖，罚款怎么算？"
    assert agreement(Evidence(shop, "2026-12-07", query_terms(shop), items=[item]))[1] == "other-actor"
    from assistant.actors import names_role, roles_not_shown
    platform = "药品网络交易第三方平台没有履行资质审核义务，罚款怎么算？"
    assert not names_role(item["meta"]["conduct"], roles_not_shown(platform))
