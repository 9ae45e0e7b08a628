"""Comparable cases (assistant/similar.py), the case loader over corpus/cases/**, `shuoli cases --stats`,
and the 类案同罚 check. Real loader, real models, real index (tests/conftest.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.circumstances import make_circumstance
from assistant.circumstances import find_circumstances
from assistant.similar import (
    MIN_SPREAD, NO_COMPARABLE, _amounts, _cloud, _item_lags, case_base, check_consistency, conduct_match, find_similar_cases,
    same_provision,
)
from core.models import CasePenalty, CaseProvisions, CaseRecord, Provision, SimilarCase, ViolationMatch
from core.settings import REPO_ROOT
from ingest.cases import case_domain, case_files, case_stats, case_to_record, load_case_file

PUBLISHED_ENTRY = """
- case_id: pub-food-900
  title: 某市某超市经营超过保质期食品案（首违不罚）
  region: 某省某市
  date: "2025-03-20"
  domain: 食品
  facts: 当事人张三在其超市销售超过保质期的饼干5包，货值20元，系首次违法，当场下架销毁。
  provisions:
    violated:
      - {law: 食品安全法, article: 34, item: 10}
    penalty_basis:
      - {law: 行政处罚法, article: 33, paragraph: 1}
  circumstances: [first_offence, corrected_promptly, no_harm, sourcing_duty_met]
  tier: 不予处罚
  source: https://example.org/case/900
- case_id: pub-ad-900
  title: 某公司网店使用“最佳”用语案
  facts: 当事人在网店商品详情页使用“最佳”用语，发现后立即删除。
  provisions:
    violated:
      - {law: 广告法, article: 9, item: 3}
  tier: 不予处罚
  source: https://example.org/case/901
"""


def _case(case_id: str, violated: list[Provision], basis: list[Provision] = (), tier: str = "一般", **kw) -> CaseRecord:
    return CaseRecord(case_id=case_id, title=kw.pop("title", f"{case_id}案"), facts=kw.pop("facts", "案情。"), tier=tier,
                      provisions=CaseProvisions(violated=violated, penalty_basis=list(basis)), **kw)


# ------------------------------------------------------------------ loader


def test_every_case_file_under_the_folder_is_loaded_with_domain_and_masking(tmp_path):
    (tmp_path / "published").mkdir()
    (tmp_path / "seed.yaml").write_text((REPO_ROOT / "corpus" / "cases" / "seed_cases.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "published" / "food.yaml").write_text(PUBLISHED_ENTRY, "utf-8")
    (tmp_path / "published" / "README.md").write_text("# not a case file", "utf-8")
    files = case_files(tmp_path)
    assert [p.name for p in files] == ["food.yaml", "seed.yaml"]
    loaded = load_case_file(tmp_path / "published" / "food.yaml")
    assert loaded.ok and len(loaded) == 2
    food, ad = loaded
    assert "张三" not in food.facts and "张某" in food.facts  # natural persons masked on load
    assert food.domain == "食品" and ad.domain == "广告"  # stated, else derived from the cited law
    assert food.circumstances == ["first_offence", "corrected", "harm_none", "purchase_checked"]  # aliases mapped
    assert food.source == "https://example.org/case/900"
    stats = case_stats([case_to_record(c) for c in loaded] + [case_to_record(c) for c in load_case_file(files[1])])
    assert stats["cases"] == 15 and stats["with_source"] == 2
    assert stats["by_tier"]["不予处罚"] >= 2 and stats["by_domain"]["食品"] >= 1


def test_domain_derived_from_the_first_specific_law():
    generic_first = _case("x", [], [Provision(law="行政处罚法", article=33), Provision(law="中华人民共和国商标法", article=60)])
    assert case_domain(generic_first) == "商标"
    assert case_domain(_case("y", [])) == "其他"


# ------------------------------------------------------------------ conduct matching


def test_provisions_match_only_when_item_and_paragraph_agree():
    expired = Provision(law="食品安全法", article=34, item=10)
    assert same_provision(expired, Provision(law="中华人民共和国食品安全法", article=34, paragraph=1, item=10))
    assert not same_provision(expired, Provision(law="食品安全法", article=34, item=2))  # pesticide residue
    assert same_provision(expired, Provision(law="食品安全法", article=34))  # the case states the article only


def test_conduct_match_prefers_violated_rule_and_rejects_another_rule_of_the_same_law():
    item = ViolationMatch(item_id="food-expired", conduct="经营超过保质期的食品",
                          violated=[Provision(law="食品安全法", article=34, item=10)],
                          penalty_basis=[Provision(law="食品安全法", article=124, paragraph=1, item=5)])
    same = _case("a", [Provision(law="食品安全法", article=34, item=10)], [Provision(law="行政处罚法", article=33)])
    other = _case("b", [Provision(law="食品安全法", article=34, item=6)],
                  [Provision(law="食品安全法", article=124, paragraph=1, item=5)])
    by_basis = _case("c", [], [Provision(law="食品安全法", article=124, paragraph=1, item=5)])
    generic = _case("d", [], [Provision(law="行政处罚法", article=33, paragraph=1)])
    assert conduct_match(item, same)[0] == "violated"
    assert conduct_match(item, other) == ("", [])  # 鸭肉冒充牛羊肉 shares the penalty clause, not the conduct
    assert conduct_match(item, by_basis)[0] == "penalty_basis"
    assert conduct_match(item, generic) == ("", [])  # 行政处罚法 names no conduct


def test_an_upper_bound_is_not_an_amount():
    facts = "经营者属首次违法，能讲清进货渠道，货值未超过500元，未引发食品安全事故；8件过期商品货值合计66元。"
    assert _amounts(find_circumstances(facts), facts) == {"goods_value": 66.0}
    only_bound = "货值金额不足一万元，当场下架。"
    assert _amounts(find_circumstances(only_bound), only_bound) == {}
    lower = "违法所得10万元以上。"  # a lower bound still says how large the amount is
    assert _amounts(find_circumstances(lower), lower) == {"illegal_income": 100000.0}


def test_a_later_item_counts_by_how_far_its_score_falls_behind():
    def item(score: float) -> ViolationMatch:
        return ViolationMatch(item_id=str(score), conduct="", score=score)
    near, behind, far = _item_lags([item(2.0), item(1.99), item(1.8), item(1.0)])[1:]
    assert 0 < near < behind <= 0.5  # a near tie costs little, at most SECONDARY_ITEM
    assert far == float("inf")  # half the best item's score: no candidate at all
    assert _item_lags([]) == []


def test_dense_cloud_measures_standing_out_not_the_raw_cosine():
    ranked = [(0.95, "a")] + sorted(((0.90 + 0.002 * (i % 5), f"r{i}") for i in range(30)), reverse=True)
    centre, spread = _cloud(ranked)  # the cloud: every case after the first
    assert abs(centre - 0.904) < 1e-9 and abs(spread - 0.002 * 2 ** 0.5) < 1e-9
    assert (0.95 - centre) / spread > 15  # the first stands far out of the others
    assert _cloud([(0.95, "a")] + [(0.9, str(i)) for i in range(5)]) == (0.9, MIN_SPREAD)  # no spread: the floor
    assert _cloud([(0.9, "a")]) == (0.0, 1.0)


# ------------------------------------------------------------------ 类案同罚


def _similar(case_id: str, tier: str, keys: list[str], fine: float | None = None, title: str = "") -> SimilarCase:
    return SimilarCase(case_id=case_id, title=title or f"{case_id}案", tier=tier, circumstances=keys,
                       penalty=CasePenalty(fine=fine))


def test_consistency_explains_a_difference_by_circumstance_and_keeps_full_titles():
    long_title = "某某市某某区某某街道某某超市有限公司第一分店销售超过保质期的预包装食品及散装食品系列案"
    cases = [_similar("pub-1", "一般", ["repeat_within_year"], 5000, title=long_title)]
    mine = [make_circumstance("corrected"), make_circumstance("harm_none")]
    result = check_consistency("不予处罚", cases, circumstances=mine)
    assert result.verdict == "below" and result.cases == ["pub-1"]
    assert long_title in result.message  # never cut
    assert "本案未造成危害后果、及时改正" in result.message or "本案及时改正" in result.message
    assert "类案一年内因同一性质违法行为受过行政处罚" in result.message


def test_consistency_without_comparable_cases_says_so():
    result = check_consistency("不予处罚", [])
    assert result.verdict == "no_comparable" and NO_COMPARABLE in result.message
    inside = check_consistency("一般", [_similar("a", "一般", []), _similar("b", "从重", [])])
    assert inside.verdict == "inside"


# ------------------------------------------------------------------ over the real index


def test_expired_drinks_get_no_referral_or_other_conduct_case(retriever):
    from assistant.assess import match_violations

    facts = "当事人经营的便利店货架上有两瓶超过保质期的饮料，货值8元，当事人初次违法，已当场下架，未造成危害后果。"
    violations = match_violations(facts, retriever, on="2026-12-01", region=None, visibility=("public", "internal"))
    found = find_similar_cases(facts, retriever, k=5, violations=violations)
    for c in found:
        assert c.tier != "移送", c.title
        assert c.case_id not in ("seed-C07", "seed-C09", "seed-C10"), c.title  # 鸭肉冒充牛羊肉, 非法添加, 充电搭售
        assert c.match in ("violated", "penalty_basis", "retold", "facts") and c.why


def test_conduct_outside_the_case_base_finds_no_comparable_case(retriever):
    facts = "本市五家预拌混凝土企业召开会议，约定统一上调混凝土价格并划分销售区域，达成并实施了垄断协议。"
    # no violation item in the base names this conduct (反垄断法 is not indexed here), and no case is near
    assert find_similar_cases(facts, retriever, k=5, violations=[]) == []
    unrelated = ViolationMatch(item_id="x", conduct="未经许可从事特种作业",
                               violated=[Provision(law="特种设备安全法", article=14)])
    assert find_similar_cases(facts, retriever, k=5, violations=[unrelated]) == []


def test_a_retold_case_comes_first_whatever_the_items_say(retriever):
    from assistant.assess import match_violations

    # seed-C10 told again in other words (not one of the eval paraphrases)
    facts = ("充电桩运营企业在微信小程序里把每次0.09元的充电保障服务设成默认选中，用户不注意就被多扣钱；查实后企业取消默认"
             "勾选，让用户自己选择，并把多收的十多万元全部退给了用户。")
    violations = match_violations(facts, retriever, on="2026-12-01", region=None, visibility=("public", "internal"))
    found = find_similar_cases(facts, retriever, k=5, violations=violations)
    assert found and found[0].case_id == "seed-C10" and found[0].match == "retold"
    assert "高度一致" in found[0].why
    assert all(c.match != "retold" for c in found[1:])  # one case at most is the same act told again


def test_the_nearest_case_under_another_law_is_not_called_the_same_violation(retriever):
    """A fertiliser sold as what it is not (产品质量法第五十条): the nearest published case by wording (pesticide residue in
    produce, 食品安全法) is not the same violation, whatever the words share."""
    from assistant.assess import match_violations

    facts = ("村里农资店何某今年三四月份从外地拉回来一批复合肥卖给村里37户，一共卖了一百七十袋收了两万六千多，检验总养分才"
             "百分之九，袋子上标的百分之四十五。农户施了以后苗子发黄，县农业农村局评估减产损失十一万四千元。")
    violations = match_violations(facts, retriever, on="2026-12-01", region=None, visibility=("public", "internal"))
    assert violations and violations[0].penalty_basis[0].law.endswith("产品质量法")
    for c in find_similar_cases(facts, retriever, k=5, violations=violations, tier="移送"):
        assert "食品安全法" not in c.why, (c.title, c.why)


def test_an_item_borne_out_by_its_cases_keeps_them(retriever):
    pesticide = ViolationMatch(item_id="produce-pesticide", conduct="销售农药残留超标的食用农产品", score=1.7,
                               violated=[Provision(law="食品安全法", article=34, item=2)])
    residue = "水果店销售的草莓经抽检农药残留超过食品安全标准限量，货值约80元。"
    found = find_similar_cases(residue, retriever, k=5, violations=[pesticide])
    assert found and all(c.match == "violated" for c in found[:3])  # the same item, borne out by the cases


def test_case_amounts_skip_the_threshold_phrase(retriever):
    base = case_base(retriever)
    rid = next(r for r, c in base.cases.items() if c.case_id == "pub-food-001")
    assert "货值未超过500元" in base.cases[rid].facts
    assert base.profile(rid)[1] == {"goods_value": 66.0}  # 货值合计66元, not the 500元 bound


def test_draft_leaves_comparable_cases_out_unless_ticked_in(retriever):
    from assistant.assess import assess
    from assistant.draft import draft_reasoning
    from assistant.verify import StoreResolver

    a = assess("当事人销售超过保质期的饼干3包，货值12元，系初次违法，当场下架并销毁。", retriever=retriever,
               act_date="2026-10-01", as_of="2026-12-01")
    resolver = StoreResolver(retriever.store, retriever.law_names)
    assert "类案" not in draft_reasoning(a, resolver=resolver).to_markdown()
    ticked = draft_reasoning(a, resolver=resolver, include_consistency=True).to_markdown()
    assert "类案同罚核查" in ticked
