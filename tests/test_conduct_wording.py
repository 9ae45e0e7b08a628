"""Conduct rules matched by the statute's own wording (ingest/conduct_wording.py), on real law texts, and how a
rule so matched is shown (to be checked) and not followed by the search."""
from __future__ import annotations

import pytest

from core.models import WORDING_CHECK, Provision, ViolationMatch
from ingest.benchmarks import item_to_record
from ingest.conduct_wording import complete_by_wording
from ingest.markdown_laws import parse_law_file
from ingest.penalty_clauses import derive_items
from retriever.search import _firm_rules
from tests.law_texts import law_file


def _items(*parts: str):
    records = parse_law_file(law_file("lawrefbook", *parts)).records
    before = derive_items(records)
    return {i.item_id: i for i in before}, {i.item_id: i for i in complete_by_wording(before, records)}


@pytest.fixture(scope="module")
def food():
    return _items("行政法", "食品安全法(2021-04-29).md")


def test_an_unnamed_rule_is_the_article_that_states_the_duty(food):
    before, after = food
    health = "食品安全法@2021-04-29#126-1-6"  # 安排未取得健康证明的人员从事接触直接入口食品的工作
    assert not before[health].violated
    assert [(p.law, p.article) for p in after[health].violated] == [("食品安全法", 45)]  # 健康证明
    assert after[health].violated_source == "wording"
    assert [p.article for p in after["食品安全法@2021-04-29#126-1-4"].violated] == [102]  # 食品安全事故处置方案


def test_a_named_rule_is_kept_and_scope_articles_are_never_matched(food):
    before, after = food
    named = [i for i, item in before.items() if item.violated]
    assert named and all(after[i] == before[i] for i in named)  # 违反本法第X条: the statute's own reference
    matched = [item for item in after.values() if item.violated_source == "wording"]
    assert matched and all(p.article > 10 for item in matched for p in item.violated)  # 总则 (第一至十条) left out
    # an item whose words no single article clearly holds stays without a rule rather than getting a guess
    assert any(not item.violated for item in after.values())


def test_special_equipment_faults_go_to_the_duty_to_inspect():
    _, after = _items("社会法", "特种设备安全法(2013-06-29).md")
    assert [p.article for p in after["特种设备安全法@2013-06-29#84-1-2"].violated] == [42]


def test_a_matched_rule_is_not_in_the_item_text_nor_followed_by_the_search(food):
    _, after = food
    item = after["食品安全法@2021-04-29#126-1-6"]
    record = item_to_record(item)
    assert "违反条款" not in record.text and "第一百二十六条" in record.text
    assert _firm_rules(record.meta) == []
    named = next(i for i in after.values() if i.violated and not i.violated_source)
    assert _firm_rules(item_to_record(named).meta) == [p.model_dump(mode="json") for p in named.violated]


def test_a_matched_rule_is_shown_to_be_checked_in_the_draft():
    from assistant.draft import draft_reasoning
    from core.models import Assessment
    from law_texts import resolver

    v = ViolationMatch(item_id="x", conduct="安排未取得健康证明的人员从事接触直接入口食品的工作",
                       violated=[Provision(law="食品安全法", article=45)], violated_source="wording",
                       penalty_basis=[Provision(law="食品安全法", article=126, paragraph=1, item=6)])
    assert v.rule_to_check
    a = Assessment(id="t", facts="厨师未办健康证上岗。", act_date="2024-05-16", as_of="2024-07-04",
                   violations=[v], tier="一般", tier_rule="一般")
    md = draft_reasoning(a, resolver=resolver()).to_markdown()
    assert WORDING_CHECK in md and "第四十五条" in md
    assert not ViolationMatch(item_id="y", conduct="c", violated=[Provision(law="食品安全法", article=45)]).rule_to_check
