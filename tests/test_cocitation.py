"""Conduct rules completed from the published decisions that cite them (ingest/cocitation.py), on real law texts."""
from __future__ import annotations

import pytest

from core.models import CaseProvisions, CaseRecord, Provision
from ingest.cocitation import complete_conduct_rules
from ingest.markdown_laws import parse_law_file
from ingest.penalty_clauses import derive_items
from tests.law_texts import law_file


@pytest.fixture(scope="module")
def food():
    records = parse_law_file(law_file("lawrefbook", "行政法", "食品安全法(2021-04-29).md")).records
    for r in records:  # one version, in force from its date
        r.effective, r.expires = "2021-04-29", ""
    return derive_items(records), records


def _case(date: str, violated: list[tuple[str, int]], penalty: list[tuple[str, int, int | None]]) -> CaseRecord:
    return CaseRecord(case_id=f"t-{date}-{len(violated)}", title="t", date=date, facts="…", tier="一般",
                      provisions=CaseProvisions(
                          violated=[Provision(law=law, article=a) for law, a in violated],
                          penalty_basis=[Provision(law=law, article=a, item=i) for law, a, i in penalty]))


def _by_id(items):
    return {i.item_id: i for i in items}


def test_a_decision_names_the_rule_the_clause_leaves_unnamed(food):
    items, laws = food
    before = _by_id(items)["食品安全法@2021-04-29#122-1-0"]
    assert not before.violated  # "违反本法规定，未取得食品生产经营许可…": no article named
    decisions = [_case("2023-05-10", [("中华人民共和国食品安全法", 35)], [("中华人民共和国食品安全法", 122, None)])]
    after = _by_id(complete_conduct_rules(items, decisions, laws))["食品安全法@2021-04-29#122-1-0"]
    assert [(p.law, p.article, p.version) for p in after.violated] == [("食品安全法", 35, "2021-04-29")]
    assert "已公开案例" in after.note and after.violated_source == "decisions"


def test_an_item_level_citation_goes_to_that_item_only(food):
    items, laws = food
    decisions = [_case("2023-05-10", [("食品安全法", 34)], [("食品安全法", 124, 5)])]
    after = _by_id(complete_conduct_rules(items, decisions, laws))
    assert [p.article for p in after["食品安全法@2021-04-29#124-1-5"].violated] == [34]
    assert not after["食品安全法@2021-04-29#124-1-3"].violated


def test_a_clause_level_citation_goes_to_the_item_whose_conduct_the_rule_states(food):
    items, laws = food
    # 第五十三条 (进货查验) cited beside 第一百二十六条 as a whole: the item about 进货查验 gets it, no other
    decisions = [_case("2023-05-10", [("食品安全法", 53)], [("食品安全法", 126, None)])]
    after = _by_id(complete_conduct_rules(items, decisions, laws))
    got = {i for i, item in after.items() if i.startswith("食品安全法@2021-04-29#126-") and item.violated
           and not _by_id(items)[i].violated}
    assert len(got) == 1 and "查验" in after[got.pop()].conduct


def test_no_edge_from_a_decision_outside_the_version_or_from_the_tier_law(food):
    items, laws = food
    decisions = [_case("2019-01-01", [("食品安全法", 35)], [("食品安全法", 122, None)]),  # before this version
                 _case("2023-05-10", [("行政处罚法", 33)], [("食品安全法", 122, None)]),
                 _case("2023-05-10", [("食品安全法", 35)], [("行政处罚法", 33, None)])]
    after = complete_conduct_rules(items, decisions, laws)
    assert [i.violated for i in after] == [i.violated for i in items]


def test_items_that_name_their_rules_are_left_alone(food):
    items, laws = food
    named = next(i for i in items if i.violated)
    decisions = [_case("2023-05-10", [("食品安全法", 10)], [(p.law, p.article, p.item) for p in named.penalty_basis])]
    after = _by_id(complete_conduct_rules(items, decisions, laws))
    assert after[named.item_id].violated == named.violated
