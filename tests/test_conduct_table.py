"""Conduct rules read from the statute, kept as data (corpus/rules/conduct_rules.yaml, ingest/conduct_table.py): each
entry's clause and rules exist in the law text it was read from, and an item derived from a listed clause gets the
rules unless it names its own."""
from __future__ import annotations

import pytest

from core.models import Provision, StatutoryPenalty, ViolationItem
from core.settings import Settings
from ingest.conduct_table import complete_from_table, load_table
from ingest.markdown_laws import parse_law_file


def _articles(law: str, version: str) -> dict[int, str]:
    """The article texts of one version of a law, from its file in the shared corpus."""
    for root in Settings().corpus_dirs:
        for path in root.rglob(f"{law}({version}).md"):
            return {r.article: r.text for r in parse_law_file(path).records if r.article}
    pytest.fail(f"no file for {law} {version}")


def _item(article: int, item: int | None, violated=None, source="") -> ViolationItem:
    return ViolationItem(item_id=f"特种设备安全法@2013-06-29#{article}-1-{item or 0}", conduct="使用特种设备未按照规定办理使用登记",
                         violated=violated or [], violated_source=source, origin="derived", version="2013-06-29",
                         penalty_basis=[Provision(law="特种设备安全法", article=article, item=item, version="2013-06-29")],
                         penalty=StatutoryPenalty())


def test_every_entry_names_articles_of_the_text_it_was_read_from():
    table = load_table()
    assert table
    for e in table:
        for version in e.versions:
            texts = _articles(e.law, version)
            for ref in [e.clause] + e.rules:
                assert ref.article in texts, (e.law, version, ref.article)
            assert "罚" in texts[e.clause.article] and not any("罚款" in texts[r.article] for r in e.rules)


def test_a_listed_clause_gets_its_rules_and_an_item_with_its_own_keeps_them():
    table = load_table()
    [got] = complete_from_table([_item(83, 1)], table)
    assert [(p.article, p.paragraph) for p in got.violated] == [(33, None)] and got.violated_source == ""
    own = [Provision(law="特种设备安全法", article=39)]
    [kept] = complete_from_table([_item(83, 1, violated=own, source="decisions")], table)
    assert kept.violated == own and kept.violated_source == "decisions"
    [other] = complete_from_table([_item(84, 1)], table)  # not listed
    assert other.violated == []


def test_a_malformed_entry_is_a_clear_error(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("entries:\n  - law: 特种设备安全法\n    versions: ['2013-06-29']\n    clause: {article: 83}\n    rules: []\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match="entry 1"):
        load_table(bad)


def test_the_index_gives_the_derived_item_its_rule_and_the_case_cites_it(own_index):
    from assistant.assess import match_violations
    from ingest.benchmarks import item_record_id

    r = own_index("se_sources.yaml")
    [record] = r.store.get([item_record_id("特种设备安全法@2013-06-29#83-1-1")])
    assert [(p["article"], p["paragraph"]) for p in record.meta["violated"]] == [(33, None)]
    top = match_violations("某物流公司仓库内使用的2台叉车未办理使用登记，已投入使用约2个月。", r, on="2026-03-05",
                           region=None, visibility=("public", "internal"))
    first = top[0]
    assert (first.penalty_basis[0].article, first.penalty_basis[0].item) == (83, 1)
    assert [p.article for p in first.violated] == [33]


# 特种设备安全法第八十三条 fines only 逾期未改正; 第八十四条 fines at once. Facts that tell an order to correct by a time
# and what came of it are the procedure of the first: the item whose fine waits for the order ranks first.
ORDERED_AND_DONE = ("检查发现某小区3号楼两部电梯轿厢内未张贴定期检验合格标志，检验报告在有效期内。执法人员当场下达限期改正通知书，"
                    "限3日内改正。3日后复查，两部电梯的检验合格标志均已张贴。")


def test_an_order_to_correct_and_its_outcome_favour_the_item_whose_fine_waits_for_it(own_index):
    from assistant.assess import _order_outcome_told, assess, match_violations
    from assistant.discretion import fine_is_conditional
    from assistant.circumstances import find_circumstances

    r = own_index("se_sources.yaml")
    assert _order_outcome_told(find_circumstances(ORDERED_AND_DONE))
    # an order to stop using the equipment at once is no order to correct by a time
    assert not _order_outcome_told(find_circumstances("执法人员当场责令停止使用，当事人随即张贴停用告示并切断电源。"))
    top = match_violations(ORDERED_AND_DONE, r, on="2026-03-05", region=None, visibility=("public", "internal"))
    assert top[0].penalty_basis[0].article == 83 and fine_is_conditional(top[0].penalty)
    a = assess(ORDERED_AND_DONE, retriever=r, as_of="2026-03-05")
    assert (a.tier, a.tier_rule) == ("不予处罚", "罚款条件未成就")


def test_equipment_used_after_its_inspection_lapsed_is_the_heavier_item(own_index):
    """第四十条第三款 (未经定期检验…不得继续使用) → 第八十四条第（一）项: equipment kept in use once its certificate lapsed is
    not only the late request of 第四十条第一款 (第八十三条, fined only after an order): the facts' everyday words for the
    use (仍对外收费停车, 还在运行) reach the heavier item."""
    from assistant.assess import match_violations

    r = own_index("se_sources.yaml")
    facts = ("2026年4月2日检查某停车管理公司的机械式立体停车库，其中1套定期检验合格有效期已于2026年1月31日届满，一直未提出"
             "定期检验申请，仍对外收费停车。")
    top = match_violations(facts, r, on="2026-04-02", region=None, visibility=("public", "internal"))
    assert (top[0].penalty_basis[0].article, top[0].penalty_basis[0].item) == (84, 1)
