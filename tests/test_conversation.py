"""Conversations over the real small index: follow-ups read against the turns before, cases told in the
chat assessed by the same engine as the case panel, history and feedback in SQLite, `shuoli chat --batch`."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from assistant.conversation import (NOT_CHINESE_NOTE, Conversation, Slots, looks_like_case, read_turn,
                                    replace_facts, rule_words)
from assistant.history import HistoryStore
from core.models import Provision

AS_OF = "2026-12-02"


# ------------------------------------------------------------------ reading rules (no index)

def test_followup_reuses_previous_subject_and_says_so():
    slots = Slots(subject="销售过期酸奶", intent="怎么罚")
    r = read_turn("那如果是一年内第二次呢？", slots)
    assert r.followup and "销售过期酸奶" in r.query and "一年内第二次" in r.query
    assert r.note == "按上一问“销售过期酸奶”理解"


def test_bare_question_and_platform_followups():
    slots = Slots(subject="商品不明码标价", intent="怎么罚")
    assert read_turn("罚多少？", slots).query == "商品不明码标价罚多少"
    platform = read_turn("那平台呢？", Slots(subject="销售过期酸奶", intent="怎么罚"))
    assert platform.followup and "平台" in platform.query and "销售过期酸奶" in platform.query


def test_part_followup_keeps_law_and_article():
    r = read_turn("第二款呢？", Slots(subject="x", law="食品安全法", article=124))
    assert r.part == "第二款" and r.query == "《食品安全法》第一百二十四条第二款"


def test_a_new_question_is_not_a_followup():
    slots = Slots(subject="销售过期酸奶", intent="怎么罚")
    r = read_turn("发布虚假广告怎么处罚？", slots)
    assert not r.followup and r.query == "发布虚假广告怎么处罚？"


@pytest.mark.parametrize("text,followup", [
    ("那要是在网上买到假货，能要求赔偿吗？", False),  # a whole question of its own, nothing of the case under discussion
    ("那要是一年内第二次，还能不罚吗？", True),  # a fact of the case restated
    ("那要是不知道是假货，还会罚吗？", True),  # 还…吗 asks about the same matter
    ("那如果是一年内第二次呢？", True),
])
def test_a_turn_opened_like_a_followup_may_ask_a_new_question(text, followup):
    slots = Slots(subject="我在网上开了家零食店，被查出有几样商品价签漏标了", intent="还会被罚款吗")
    assert read_turn(text, slots).followup is followup


def test_the_note_names_the_last_case_in_the_askers_words():
    from assistant.conversation import advance
    first = read_turn("我在网上开了家零食店，第一次被查出有几样商品价签漏标了，当场就补上了，还会被罚款吗？", Slots())
    slots = advance(Slots(), first, None)
    note = read_turn("那如果是一年内第二次呢？", slots).note
    assert "当场就补上了" in note and note.startswith("按上一问“我在网上开了家零食店")


def test_non_chinese_input_gets_a_clear_note():
    for text in ("How much is the fine for expired yogurt?", "😀😀"):
        r = read_turn(text, Slots())
        assert r.language_note == NOT_CHINESE_NOTE and not r.query


def test_case_signals_decide_what_is_a_case():
    assert looks_like_case("卖过期酸奶，货值三百元，第一次被查，怎么处理？")
    assert not looks_like_case("销售过期酸奶怎么罚？")  # a question about the law, no facts
    assert not looks_like_case("超市卖过期食品怎么罚？")  # a party alone is not a case
    assert looks_like_case("当事人于2026年10月销售过期面包3袋，执法人员检查发现，如何处罚？")


def test_restated_facts_replace_the_earlier_ones():
    facts = replace_facts(["卖过期酸奶，货值三百元，第一次被查"], "一年内第二次")
    assert facts == ["卖过期酸奶，货值三百元"]


def test_rule_names_are_shown_in_chinese_with_their_article():
    assert rule_words("行政处罚法33.1后段") == "《行政处罚法》第三十三条第一款后段"
    mixed = rule_words("mixed->一般")
    assert "mixed" not in mixed and "第十七条" in mixed
    assert "->" not in rule_words("食品安全法136", [Provision(law="食品安全法", article=136)])


# ------------------------------------------------------------------ over the real index

def _articles(result) -> list[tuple[str, int]]:
    return [(s.get("short_name"), s.get("article")) for s in result.sources[:5]]


def test_two_turn_followup_stays_on_the_subject(retriever):
    conv = Conversation(retriever, as_of=AS_OF)
    first = conv.ask("销售过期酸奶怎么罚？")
    assert ("食品安全法", 124) in _articles(first)
    second = conv.ask("那如果是一年内第二次呢？")
    assert "按上一问“销售过期酸奶”理解" in second.text
    assert ("食品安全法", 124) in _articles(second)
    assert not any(law in {"广告法", "专利法"} for law, _ in _articles(second))
    assert second.assessment is not None and second.assessment.tier == "从重"


def test_case_told_in_chat_is_assessed_like_the_panel(retriever):
    from assistant.assess import assess

    conv = Conversation(retriever, as_of=AS_OF)
    result = conv.ask("卖过期酸奶，货值三百块，第一次被查，怎么处理？")
    panel = assess("卖过期酸奶，货值三百元，第一次被查，怎么处理？", retriever=retriever, as_of=AS_OF)
    assert result.assessment is not None and result.assessment.tier == panel.tier
    assert "裁量建议" in result.text and panel.tier in result.text and "尚需查明" in result.text
    assert _articles(result)[0] == ("食品安全法", 124)  # the penalty basis leads the sources
    assert "mixed->" not in result.text and "national-default" not in result.text.split("法定罚款幅度")[0]
    again = conv.ask("那如果是一年内第二次呢？")
    assert again.assessment is not None and again.assessment.tier == "从重"
    assert "初次违法" not in [c.label for c in again.assessment.circumstances]


def test_part_followup_answers_the_named_article(retriever):
    conv = Conversation(retriever, as_of=AS_OF)
    conv.ask("食品安全法第一百二十四条怎么规定的？")
    second = conv.ask("第二款呢？")
    assert _articles(second)[0] == ("食品安全法", 124)
    assert "《食品安全法》第一百二十四条" in second.reading.note


def test_not_found_is_said_once(retriever):
    result = Conversation(retriever, as_of=AS_OF).ask("今天天气怎么样？")
    assert result.text.count("未找到依据") == 1 and result.notice == ""


# ------------------------------------------------------------------ history and feedback

def test_history_keeps_conversations_feedback_and_exports(tmp_path):
    store = HistoryStore(tmp_path / "c.sqlite")
    cid = store.create()
    store.add_message(cid, "user", "销售过期酸奶怎么罚？")
    mid = store.add_message(cid, "assistant", "**直接回答**：依据《中华人民共和国食品安全法》第一百二十四条……",
                            {"sources": [{"doc_type": "law", "law": "中华人民共和国食品安全法",
                                          "article_label": "第一百二十四条", "version": "2025-09-12"}]})
    store.set_slots(cid, {"subject": "销售过期酸奶"})
    store.close()
    again = HistoryStore(tmp_path / "c.sqlite")  # a new session (page refresh) sees the same conversation
    assert again.list()[0]["title"] == "销售过期酸奶怎么罚？"
    assert again.get(cid)["slots"]["subject"] == "销售过期酸奶"
    assert [m["role"] for m in again.messages(cid)] == ["user", "assistant"]
    again.add_feedback(cid, mid, -1, "应写明货值金额档次")
    fb = again.feedback()
    assert fb[0]["rating"] == -1 and fb[0]["question"] == "销售过期酸奶怎么罚？" and "货值" in fb[0]["note"]
    with pytest.raises(ValueError):
        again.add_feedback(cid, mid, 0)
    md = again.to_markdown(cid)
    assert "## 问：销售过期酸奶怎么罚？" in md and "第一百二十四条" in md
    from docx import Document
    doc = Document(io.BytesIO(again.to_docx(cid)))
    assert any("第一百二十四条" in p.text for p in doc.paragraphs)
    assert again.delete(cid) and again.list() == [] and again.messages(cid) == []


# ------------------------------------------------------------------ the CLI

def _cli(args: list[str], home, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "SHUOLI_HOME": str(home), "SHUOLI_SOURCES": str(os.path.join(os.path.dirname(__file__),
                                                                                       "small_sources.yaml"))}
    return subprocess.run([sys.executable, "-m", "cli", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=300, cwd=os.path.dirname(os.path.dirname(__file__)))


def test_chat_batch_json_one_answer_per_turn(tmp_path, index_home, built_index):
    batch = tmp_path / "turns.jsonl"
    batch.write_text(json.dumps({"id": "a", "turns": ["销售过期酸奶怎么罚？", "那如果是一年内第二次呢？"]},
                                ensure_ascii=False) + "\nnot json\n" + json.dumps({"id": "b"}) + "\n",
                     encoding="utf-8")
    out = _cli(["chat", "--batch", str(batch), "--json", "--as-of", AS_OF], index_home)
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0]["id"] == "a" and len(rows[0]["answers"]) == 2
    last = rows[0]["answers"][1]
    assert {"law", "article", "article_label", "version"} <= set(last["sources"][0])
    assert any(s["article"] == 124 for s in last["sources"][:5])
    assert last["assessment"]["tier"] == "从重" and "fine_range" in last["assessment"]
    assert rows[0]["answers"][0]["assessment"] is None
    assert "error" in rows[1] and "error" in rows[2]


def test_interactive_chat_is_saved_and_feedback_lists(tmp_path, index_home, built_index):
    out = _cli(["chat", "--json", "--as-of", AS_OF], index_home, stdin="销售过期酸奶怎么罚？\n罚多少？\n\n")
    assert out.returncode == 0, out.stderr[-2000:]
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 2 and rows[1]["reading"]["followup"]
    store = HistoryStore(index_home / "conversations.sqlite")
    assert len(store.messages(rows[0]["conversation"])) == 4
    store.add_feedback(rows[0]["conversation"], rows[1]["message"], 1, "清楚")
    fb = _cli(["feedback", "--json"], index_home)
    assert fb.returncode == 0 and json.loads(fb.stdout.splitlines()[0])["note"] == "清楚"


def test_a_question_word_is_taken_whole():
    # 怎么定性 is one question: the subject shown back keeps no stray 性 (按消保条例性)
    from assistant.conversation import split_question
    assert split_question("推一款糖果说能治糖尿病，按消保条例怎么定性？") == ("推一款糖果说能治糖尿病，按消保条例", "怎么定性")
    assert split_question("这个案子怎么定档？")[1] == "怎么定档"


def test_a_rule_cited_by_its_article_takes_the_item_the_basis_names_once():
    from assistant.discretion import GUIDANCE
    text = rule_words(f"可以从重（《{GUIDANCE}》第十六条）",
                      [Provision(law=GUIDANCE, article=16, item=3), Provision(law=GUIDANCE, article=10, item=4)])
    assert text.count("第十六条") == 1 and "第十六条第（三）项" in text and "第十条第（四）项" in text


@pytest.mark.parametrize("text,followup", [("没办的话会被罚多少", True), ("不整改的话，会怎么处理？", True),
                                           ("发布虚假广告的话怎么处罚，广告费怎么算，平台要不要担责任？", False)])
def test_a_short_condition_put_first_varies_the_last_question(text, followup):
    slots = Slots(subject="抖音上卖自己家做的辣椒酱，需要办什么证吗", intent="")
    assert read_turn(text, slots).followup is followup


def test_no_tier_from_items_of_another_law_than_the_penalty_clause_the_search_found_first():
    """无烟草专卖零售许可证卖烟: the search quotes 烟草专卖法第三十二条 first, the items offer only 广告法's 烟草广告 — the
    chat says it gives no tier rather than a range from the wrong item; an item of the quoted law keeps its tier."""
    from assistant.answer import Answer
    from assistant.conversation import penalty_without_item
    from core.models import Assessment, ViolationMatch

    base = Answer(question="小卖部没办烟草证就卖烟，被查了咋处理", sources=[
        {"doc_type": "law", "law": "中华人民共和国烟草专卖法", "short_name": "烟草专卖法", "article": 32,
         "chapter": "第五章 法律责任"}])
    ad = Assessment(facts="x", violations=[ViolationMatch(item_id="a", conduct="发布烟草广告",
                                                          penalty_basis=[Provision(law="中华人民共和国广告法", article=57)])])
    assert penalty_without_item(ad, base) == "《中华人民共和国烟草专卖法》第三十二条"
    own = Assessment(facts="x", violations=[ViolationMatch(item_id="b", conduct="无证零售烟草",
                                                           penalty_basis=[Provision(law="中华人民共和国烟草专卖法", article=32)])])
    assert penalty_without_item(own, base) == ""
    conduct_first = base.model_copy(update={"sources": [{**base.sources[0], "chapter": "第三章 烟草制品的销售"}]})
    assert penalty_without_item(ad, conduct_first) == ""  # a conduct rule quoted first is no disagreement
