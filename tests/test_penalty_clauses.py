"""Penalty-clause extraction on real law texts from the shared corpus."""
from __future__ import annotations

import pytest

from ingest.markdown_laws import parse_law_file
from ingest.penalty_clauses import derive_items
from ingest.penalty_parse import parse_amount, parse_multiple, parse_penalty, parse_threshold
from tests.law_texts import law_file


def _items(*parts: str):
    return {i.item_id: i for i in derive_items(parse_law_file(law_file(*parts)).records)}


@pytest.fixture(scope="module")
def food():
    return _items("lawrefbook", "行政法", "食品安全法(2021-04-29).md")


@pytest.fixture(scope="module")
def ads():
    return _items("lawrefbook", "经济法", "广告法(2021-04-29).md")


def test_amounts_and_multiples():
    assert parse_amount("五万元") == 50_000
    assert parse_amount("1.5万元") == 15_000
    assert parse_multiple("等值") == 1 and parse_multiple("百分之五十") == 0.5 and parse_multiple("十倍") == 10
    t = parse_threshold("违法生产经营的食品、食品添加剂货值金额不足一万元的")
    assert (t.base, t.op, t.value) == ("货值金额", "<", 10_000)
    t = parse_threshold("没有违法所得的")
    assert (t.base, t.op, t.value) == ("违法所得", "<=", 0)


def test_food_124_expired_food_item(food):
    item = food["食品安全法@2021-04-29#124-1-5"]
    assert "超过保质期" in item.conduct
    assert item.penalty_basis[0].cite() == "《食品安全法》第一百二十四条第一款第（五）项"
    fixed, multiple = item.penalty.fines
    assert (fixed.kind, fixed.min, fixed.max) == ("fixed", 50_000, 100_000)
    assert (fixed.condition.base, fixed.condition.op, fixed.condition.value) == ("货值金额", "<", 10_000)
    assert (multiple.kind, multiple.min, multiple.max, multiple.base) == ("multiple", 10, 20, "货值金额")
    assert multiple.condition.op == ">="
    assert "违法所得" in item.penalty.confiscate
    assert item.penalty.revoke and any(o.startswith("情节严重") for o in item.penalty.other)


def test_food_124_all_nine_items_and_referring_paragraphs(food):
    assert all(f"食品安全法@2021-04-29#124-1-{n}" in food for n in range(1, 10))
    # 第二款 "依照前款规定给予处罚" borrows the first paragraph's ranges
    second = food["食品安全法@2021-04-29#124-2-0"]
    assert [f.max for f in second.penalty.fines] == [100_000, 20]


def test_food_126_warning_then_fine_on_refusal(food):
    item = food["食品安全法@2021-04-29#126-1-3"]
    assert item.penalty.warning and item.penalty.order_correction
    assert [(f.min, f.max) for f in item.penalty.fines] == [(5_000, 50_000)]
    assert "拒不改正" in item.penalty.fines[0].text


def test_ads_57_and_58(ads):
    absolute = ads["广告法@2021-04-29#57-1-1"]
    assert [v.article for v in absolute.violated] == [9, 10]
    assert [(f.kind, f.min, f.max) for f in absolute.penalty.fines] == [("fixed", 200_000, 1_000_000)]
    medical = ads["广告法@2021-04-29#58-1-1"]
    assert medical.violated[0].article == 16
    kinds = {(f.kind, f.min, f.max, f.base) for f in medical.penalty.fines}
    assert ("multiple", 1, 3, "广告费用") in kinds and ("fixed", 100_000, 200_000, None) in kinds
    # the aggravated range is kept apart from the base range
    assert any("三倍以上五倍以下" in o for o in medical.penalty.other)


def test_product_quality_49_value_multiple():
    items = _items("lawrefbook", "经济法", "产品质量法(2018-12-29).md")
    item = items["产品质量法@2018-12-29#49-1-0"]
    assert [(f.kind, f.min, f.max, f.base) for f in item.penalty.fines] == [("multiple", 1, 3, "货值金额")]
    assert "违法生产、销售的产品" in item.penalty.confiscate


def test_consumer_protection_no_income_branch():
    p = parse_penalty("由工商行政管理部门责令改正，可以根据情节单处或者并处警告、没收违法所得、处以违法所得一倍以上十倍以下"
                      "的罚款，没有违法所得的，处以五十万元以下的罚款；情节严重的，责令停业整顿、吊销营业执照")
    assert p.warning and p.suspend and p.revoke and p.confiscate == ["违法所得"]
    multiple, fixed = p.fines
    assert (multiple.min, multiple.max, multiple.condition) == (1, 10, None)
    assert (fixed.min, fixed.max, fixed.condition.op, fixed.condition.value) == (None, 500_000, "<=", 0)


def test_individual_fines_are_not_the_units_range():
    p = parse_penalty("责令改正，对单位处五万元以上十万元以下的罚款，对直接负责的主管人员和其他直接责任人员处一万元以上五万元以下的罚款")
    assert [(f.min, f.max) for f in p.fines] == [(50_000, 100_000)]
    assert any("一万元以上五万元以下" in o for o in p.other)


def test_item_ids_are_stable(food):
    again = _items("lawrefbook", "行政法", "食品安全法(2021-04-29).md")
    assert list(again) == list(food)


def test_a_rule_punished_by_another_laws_clause_cites_both():
    """食用农产品市场销售质量安全监督管理办法第三十九条 punishes 依照食品安全法第一百二十六条第一款: the item carries
    that clause's penalty and cites it beside its own clause; a clause with its own penalty cites only itself."""
    records = (parse_law_file(law_file("lawrefbook", "行政法", "食品安全法(2021-04-29).md")).records
               + parse_law_file(law_file("extra", "部门规章", "市场监督管理总局",
                                         "食用农产品市场销售质量安全监督管理办法(2023-06-30).md")).records)
    items = {i.item_id: i for i in derive_items(records)}
    item = items["食用农产品市场销售质量安全监督管理办法@2023-06-30#39-1-1"]
    assert [p.cite() for p in item.penalty_basis] == ["《食用农产品市场销售质量安全监督管理办法》第三十九条第（一）项",
                                                      "《食品安全法》第一百二十六条第一款"]
    assert item.penalty_basis[1].version == "2021-04-29"
    assert [(f.min, f.max) for f in item.penalty.fines] == [(5_000, 50_000)]
    own = items["食用农产品市场销售质量安全监督管理办法@2023-06-30#40-1-0"]
    assert len(own.penalty_basis) == 1


def test_a_conduct_named_only_by_reference_is_searched_with_the_rule_it_names():
    """反不正当竞争法第二十三条 names its conduct by reference (经营者违反本法第七条规定实施混淆行为): the item carries
    第七条's words (包装、装潢) for the search, and keeps its own conduct for display; a conduct that says what was
    done (第一百二十四条第一款第（五）项) carries none."""
    items = _items("extra", "经济法", "反不正当竞争法(2025-06-27).md")
    item = items["反不正当竞争法@2025-06-27#23-1-0"]
    assert item.conduct.startswith("经营者违反本法第七条规定")
    assert "包装、装潢" in item.rule_text and "混淆行为" in item.rule_text
    from ingest.benchmarks import item_to_record
    assert "行为规范：经营者不得实施下列混淆行为" in item_to_record(item).text


def test_a_conduct_that_says_what_was_done_carries_no_rule_text(food):
    assert food["食品安全法@2021-04-29#124-1-5"].rule_text == ""


def test_a_catch_all_clause_naming_many_rules_carries_none_of_their_words():
    """消费者权益保护法实施条例第五十条第一款 names ten articles (第十条至第十四条、第十六条…): their words would match any
    consumer matter, so the item carries none; 第二款 names one (第二十二条, 预付款) and carries it."""
    items = _items("extra", "行政法规", "消费者权益保护法实施条例(2024-03-15).md")
    assert items["消费者权益保护法实施条例@2024-03-15#50-1-0"].rule_text == ""
    assert "收取预付款" in items["消费者权益保护法实施条例@2024-03-15#50-2-0"].rule_text
