"""行政处罚法第三十七条 across a revision that renumbered the law: 反不正当竞争法 2025 moved 虚假宣传 from 第八条 / 第二十条 to
第九条 / 第二十五条 and dropped the 二十万元 minimum. The versions are compared article by counterpart (not by number),
and where the lighter new version applies, the item is cited as that version numbers it. Real law files, a real index
of the two versions."""
from __future__ import annotations

import pytest

from assistant.assess import assess
from retriever.numbering import counterpart_article

FACTS = ("当事人在其网店经营蜂蜜，{when}组织亲友刷单230余单并编造好评，使店铺页面显示“已售3000+”，"
         "实际真实订单不足800单，属于虚假的商业宣传。")


@pytest.fixture(scope="module")
def auc_retriever(own_index):
    return own_index("auc_sources.yaml")


def _cited(a) -> set[tuple[str, int]]:
    v = a.violations[0]
    return {(p.law.removeprefix("中华人民共和国"), p.article) for p in v.violated + v.penalty_basis}


def test_the_counterpart_of_a_moved_article_is_found_by_its_text(auc_retriever):
    store = auc_retriever.store
    assert counterpart_article(store, "反不正当竞争法", 20, 0, "2019-04-23", "2025-06-27") == (25, 0)
    assert counterpart_article(store, "反不正当竞争法", 8, 0, "2019-04-23", "2025-06-27") == (9, 0)
    assert counterpart_article(store, "反不正当竞争法", 25, 0, "2025-06-27", "2019-04-23") == (20, 0)
    # the same version, or an article that kept its number and its words
    assert counterpart_article(store, "反不正当竞争法", 20, 0, "2019-04-23", "2019-04-23") == (20, 0)
    assert counterpart_article(store, "反不正当竞争法", 2, 0, "2019-04-23", "2025-06-27") == (2, 0)


def test_an_act_before_the_revision_decided_after_it_gets_the_lighter_new_clause_by_its_new_number(auc_retriever):
    a = assess(FACTS.format(when="2025年7月至9月"), retriever=auc_retriever, as_of="2026-03-01")
    assert _cited(a) == {("反不正当竞争法", 9), ("反不正当竞争法", 25)}
    assert any("第三十七条但书适用新规定" in r for r in a.reasons)
    assert any("第二十五条" in r for r in a.reasons)
    # the range is drawn from the new clause: no 二十万元 floor
    assert a.fine_range is not None and "“一百万元以下的罚款”：0元" in a.fine_range.basis
    # the old text's items of the same article (第二十条第一款, 第二款) are no alternatives
    assert not any(v.item_id.startswith("反不正当竞争法@2019-04-23#20-") for v in a.violations)


def test_an_act_decided_before_the_new_version_took_effect_keeps_the_old_numbers(auc_retriever):
    a = assess(FACTS.format(when="2024年7月至9月"), retriever=auc_retriever, as_of="2025-03-01")
    assert _cited(a) == {("反不正当竞争法", 8), ("反不正当竞争法", 20)}
    assert a.fine_range is not None and "“二十万元以上一百万元以下的罚款”" in a.fine_range.basis


def test_the_draft_quotes_the_version_that_applies_and_says_why(auc_retriever):
    from assistant.draft import draft_reasoning
    from assistant.verify import StoreResolver

    a = assess(FACTS.format(when="2025年7月至9月"), retriever=auc_retriever, as_of="2026-03-01")
    assert a.laws_as_of == {"反不正当竞争法": "2026-03-01"}
    d = draft_reasoning(a, resolver=StoreResolver(auc_retriever.store, auc_retriever.law_names))
    law = "\n".join(next(s.paragraphs for s in d.sections if s.heading.startswith("二")))
    assert "2025-06-27版本" in law and "虚假或者引人误解的商业宣传" in law
    assert "商业秘密" not in law  # the 2019 text's 第九条, read on the act date, is another rule
    assert "新的规定处罚较轻，适用新的规定" in law
    # every citation of the law checks against the version it was quoted from (the procedural laws are not in this index)
    own = [c for c in d.verify.citations if "反不正当竞争法" in c.raw]
    assert own and all(c.status == "ok" and c.version == "2025-06-27" for c in own)


def test_a_derived_items_id_names_its_version_and_article():
    from ingest.penalty_clauses import derived_item_article, derived_item_id, derived_item_version

    item = derived_item_id("反不正当竞争法", "2019-04-23", 20, 0, 1, 0)
    assert (derived_item_version(item), derived_item_article(item)) == ("2019-04-23", "反不正当竞争法@2019-04-23#20")
    suffixed = derived_item_id("食品安全法", "2021-04-29", 124, 1, 1, 5)  # 第一百二十四条之一
    assert derived_item_article(suffixed) == "食品安全法@2021-04-29#124_1"
    assert derived_item_version("authored:food-expired") == derived_item_article("authored:food-expired") == ""


def test_a_penalty_clause_rewritten_and_moved_is_found_by_the_rule_it_punishes(auc_retriever):
    """2019 第十九条 (违反本法第七条规定贿赂他人的…十万元以上三百万元以下) became 2025 第二十四条 (有关单位违反本法第八条规定贿赂
    他人或者收受贿赂的…; a second paragraph added): too rewritten to read alike, it still punishes the counterpart rule."""
    store = auc_retriever.store
    assert counterpart_article(store, "反不正当竞争法", 7, 0, "2019-04-23", "2025-06-27") == (8, 0)
    assert counterpart_article(store, "反不正当竞争法", 19, 0, "2019-04-23", "2025-06-27") == (24, 0)
    assert counterpart_article(store, "反不正当竞争法", 24, 0, "2025-06-27", "2019-04-23") == (19, 0)
    # trade secrets: 第九条 / 第二十一条 → 第十条 / 第二十六条, alike by their words
    assert counterpart_article(store, "反不正当竞争法", 21, 0, "2019-04-23", "2025-06-27") == (26, 0)


def test_an_item_written_against_the_2019_numbers_is_cited_as_the_2025_text_numbers_it(auc_retriever):
    meta = {"item_id": "authored:commercial-bribery", "origin": "authored",
            "conduct": "经营者采用财物或者其他手段贿赂交易相对方的工作人员，以谋取交易机会或者竞争优势（回扣、好处费）",
            "violated": [{"law": "反不正当竞争法", "article": 7}],
            "penalty_basis": [{"law": "反不正当竞争法", "article": 19}],
            "penalty": {"fines": [{"kind": "fixed", "min": 100000, "max": 3000000}], "confiscate": ["违法所得"]}}
    later = auc_retriever.item_in_version(meta, "2025-06-27")
    assert [p["article"] for p in later["violated"]] == [8]
    assert [p["article"] for p in later["penalty_basis"]] == [24]
    assert auc_retriever.item_in_version(meta, "2019-04-23")["penalty_basis"][0]["article"] == 19


def test_without_an_act_date_an_item_written_in_old_numbers_takes_the_current_clause_and_its_fine(auc_retriever):
    facts = "当事人在门店招牌上宣称“全国连锁200家门店”“年销量超十万瓶”，经查门店仅3家、年销量不足两千瓶，属虚假的商业宣传。"
    a = assess(facts, retriever=auc_retriever, as_of="2026-03-01")
    assert _cited(a) == {("反不正当竞争法", 9), ("反不正当竞争法", 25)}
    assert a.fine_range is not None and "“一百万元以下的罚款”" in a.fine_range.basis


def test_an_authored_item_and_the_one_derived_from_the_same_clauses_are_one_candidate(auc_retriever):
    """The authored trade-secret item, renumbered to the 2025 text, rests on 第十条 / 第二十六条 as the item derived from
    第二十六条 does: the chat offers one rule, never a choice between the two."""
    from assistant.answer import _provisions_key, distinct_candidates, gather
    from retriever.filters import SearchFilter

    ev = gather("员工离职前把公司客户名单拷走，到新公司拿来抢客户，新公司会被怎么罚？", auc_retriever,
                SearchFilter(as_of="2026-12-07"))
    keys = [_provisions_key(c) for c in distinct_candidates(ev)]
    assert keys and len(keys) == len(set(keys))
    assert any(("penalty", "反不正当竞争法", 26, 0, 0) in k for k in keys)


def test_every_authored_unfair_competition_item_is_placed_in_the_2025_numbering(auc_retriever):
    """The authored items written against 反不正当竞争法 2019 (trade secrets, bribery, false promotion, fake orders,
    imitation, prizes, disparagement) each find their counterparts in the 2025 revision."""
    import yaml

    from core.settings import REPO_ROOT
    from ingest.benchmarks import parse_provision_text as parse_provision

    items = yaml.safe_load((REPO_ROOT / "corpus" / "benchmarks" / "authored.yaml").read_text(encoding="utf-8"))["items"]
    moved = {}
    for item in items:
        if not any("反不正当竞争法" in p for p in item["penalty_basis"]):
            continue
        meta = {**item, "violated": [parse_provision(p).model_dump() for p in item["violated"]],
                "penalty_basis": [parse_provision(p).model_dump() for p in item["penalty_basis"]]}
        later = auc_retriever.item_in_version(meta, "2025-06-27")
        moved[item["item_id"]] = ([p["article"] for p in later["violated"]], [p["article"] for p in later["penalty_basis"]])
    assert moved == {
        "authored:trade-secret": ([10], [26]), "authored:commercial-bribery": ([8], [24]),
        "authored:fake-transactions": ([9], [25]), "authored:false-commercial-promotion": ([9], [25]),
        "authored:confusing-imitation": ([7], [23]), "authored:prize-sales": ([11], [27]),
        "authored:commercial-disparagement": ([12], [28])}


def test_an_authored_item_in_the_old_numbers_is_credited_under_the_numbers_in_force(auc_retriever):
    """The authored 混淆 item is written as 2019 第六条 / 第十八条; on a date under the 2025 revision the routes that credit an
    item by its penalty article (law, cases, worked cases) know that article as 第七条 / 第二十三条."""
    from assistant.assess import _cited_as_numbered_on
    from core.models import ViolationItem
    from ingest.benchmarks import item_record_id

    [record] = auc_retriever.store.get([item_record_id("authored:confusing-imitation")])
    item = ViolationItem.model_validate(record.meta)
    assert [p.article for p in item.penalty_basis] == [18]
    moved = {key[1] for key, _ in _cited_as_numbered_on(auc_retriever, record.meta, item, "2026-03-01", firm=True)}
    assert {23, 7} <= moved
    # under the text the item is written in, nothing moves
    assert _cited_as_numbered_on(auc_retriever, record.meta, item, "2024-03-01", firm=True) == []
