"""A narrower instrument's restatement of an item's conduct rule, punished by the same statute, is cited beside the
item (食用农产品市场销售质量安全监督管理办法第十五条、第四十二条 beside 食品安全法第三十四条、第一百二十四条) when the
facts show that narrower subject; the statute's provisions stay first. Real law files, a real index of two laws."""
from __future__ import annotations

import pytest

from assistant.companions import add_companions, subject_shown, subject_terms
from core.models import Provision, ViolationMatch

AGRI = "食用农产品市场销售质量安全监督管理办法"


@pytest.fixture(scope="module")
def agri_retriever(own_index):
    return own_index("agri_sources.yaml")


def _item() -> ViolationMatch:
    return ViolationMatch(item_id="食品安全法@2021-04-29#124-1-1", conduct="生产经营农药残留超标的食品",
                          violated=[Provision(law="食品安全法", article=34, item=2)],
                          penalty_basis=[Provision(law="食品安全法", article=124, paragraph=1, item=1)])


def _keys(provisions) -> list[tuple[str, int]]:
    return [(p.law, p.article) for p in provisions]


def test_the_produce_rule_and_its_penalty_article_are_cited_after_the_statutes(agri_retriever):
    facts = "当事人在农贸市场摊位销售的豇豆经抽检灭蝇胺超过食品安全国家标准限量，货值金额300元。"
    [v] = add_companions([_item()], facts, agri_retriever, on="2026-06-01")
    assert _keys(v.violated) == [("食品安全法", 34), (AGRI, 15)]
    assert _keys(v.penalty_basis) == [("食品安全法", 124), (AGRI, 42)]
    assert all(p.version for p in v.violated[1:] + v.penalty_basis[1:])


def test_no_companion_where_the_facts_show_nothing_of_the_narrower_subject(agri_retriever):
    facts = "当事人超市销售的预包装饼干经抽检甜蜜素超过食品安全国家标准限量，货值金额300元。"
    [v] = add_companions([_item()], facts, agri_retriever, on="2026-06-01")
    assert _keys(v.violated) == [("食品安全法", 34)] and _keys(v.penalty_basis) == [("食品安全法", 124)]


def test_no_companion_before_the_instrument_was_in_force(agri_retriever):
    facts = "当事人在农贸市场摊位销售的豇豆经抽检农药残留超标。"
    [v] = add_companions([_item()], facts, agri_retriever, on="2023-06-01")  # the 2023 办法 took effect 2023-12-01
    assert (AGRI, 15) not in _keys(v.violated)


def test_the_subject_is_a_term_of_the_title_the_statute_lacks():
    assert subject_terms(AGRI, "食品安全法") == {"食用农产品"}
    assert subject_shown("某某菜场摊位的韭菜", {"食用农产品"}) and not subject_shown("超市的饼干", {"食用农产品"})


def test_every_subject_rule_names_an_article_that_extends_the_duties_to_its_subject():
    from assistant.companions import load_subject_rules
    from core.settings import Settings
    from ingest.markdown_laws import parse_law_file

    rules = load_subject_rules()
    assert rules
    for rule in rules:
        path = next(p for root in Settings().corpus_dirs for p in root.rglob(f"{rule.law}(*).md"))
        text = next(r.text for r in parse_law_file(path).records if r.article == rule.article)
        assert any(w in text for w in rule.subjects) and "义务" in text, (rule.law, rule.article)


@pytest.fixture(scope="module")
def cosmetics_retriever(own_index):
    return own_index("cosmetics_sources.yaml")


def _cosmetics_item() -> ViolationMatch:
    return ViolationMatch(item_id="化妆品监督管理条例@2020-06-16#60-1-5", conduct="经营超过使用期限的化妆品",
                          violated=[Provision(law="化妆品监督管理条例", article=39)],
                          penalty_basis=[Provision(law="化妆品监督管理条例", article=60, item=5)])


def test_a_salon_using_cosmetics_gets_the_article_that_makes_it_a_seller(cosmetics_retriever):
    from assistant.companions import add_subject_rules

    [v] = add_subject_rules([_cosmetics_item()], "某美发店在给顾客染发时使用了超过使用期限的染发膏2盒。",
                            cosmetics_retriever, on="2026-06-01")
    assert _keys(v.violated) == [("化妆品监督管理条例", 39), ("化妆品监督管理条例", 42)]
    assert v.violated[1].version
    [shop] = add_subject_rules([_cosmetics_item()], "某超市在售超过使用期限的面霜3盒。", cosmetics_retriever, on="2026-06-01")
    assert _keys(shop.violated) == [("化妆品监督管理条例", 39)]
