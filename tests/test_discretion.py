"""The discretion engine: one test per rule, the seed cases, rule order, fines and 从旧兼从轻."""
from __future__ import annotations

import pytest

from assistant.circumstances import find_circumstances, make_circumstance
from assistant.discretion import (GUIDANCE, RULE_AGGRAVATE, RULE_GENERAL, RULE_MITIGATE, RULE_MIXED, TierDecision,
                                  amounts_from,
                                  applicable_version, decide_tier, fine_range)
from assistant.fines import fine_questions
from assistant.lawversions import LawVersion
from core.models import FineRule, ListEntry, Profile, Provision, StatutoryPenalty, Threshold
from tests.test_circumstances import C01, C05, C11, C12

NATIONAL = Profile(profile_id="national", scheme=["不予处罚", "免予处罚", "减轻", "从轻", "一般", "从重"],
                   range_fractions={"从轻": (0.0, 0.3), "一般": (0.3, 0.7), "从重": (0.7, 1.0)},
                   mitigated_floor=0.1)

# 食品安全法第一百二十四条第一款 (as the penalty parser renders it)
FOOD_124 = StatutoryPenalty(fines=[
    FineRule(kind="fixed", min=50_000, max=100_000, condition=Threshold(base="货值金额", op="<", value=10_000),
             text="货值金额不足一万元的，并处五万元以上十万元以下罚款"),
    FineRule(kind="multiple", min=10, max=20, base="货值金额", condition=Threshold(base="货值金额", op=">=", value=10_000),
             text="货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款"),
], confiscate=["违法所得", "违法生产经营的食品"])
# 产品质量法第四十九条
QUALITY_49 = StatutoryPenalty(fines=[FineRule(kind="multiple", min=1, max=3, base="货值金额",
                                              text="并处货值金额等值以上三倍以下的罚款")])
# 广告法第五十八条
AD_58 = StatutoryPenalty(fines=[
    FineRule(kind="multiple", min=1, max=3, base="广告费用", text="处广告费用一倍以上三倍以下的罚款"),
    FineRule(kind="fixed", min=100_000, max=200_000, text="广告费用无法计算或者明显偏低的，处十万元以上二十万元以下的罚款"),
])
FOOD = [Provision(law="中华人民共和国食品安全法", article=124, paragraph=1, item=1)]
C04 = ("【时间】2024年6月18日立案。当事人的门票价格批复文件已超过有效期，未依规重新申报核定价格，仍对门票收费。"
       "实际门票收费低于原核定价格，观光车未实际收费，未造成危害后果。当事人初次违法，积极配合调查并主动改正。")
C13 = ("【时间】2024年2月至8月播出，2024年9月2日立案。当事人内设频道播出药品广告，存在变相发布医疗广告等问题。"
       "当事人发布前删除了大部分违法内容，违法内容时长较短；立案后及时停播并全频道自查，在原广告时段滚动播出公益广告1052次。")


def decide(facts: str, **kw) -> TierDecision:
    kw.setdefault("penalty", None)
    kw.setdefault("profile", NATIONAL)
    return decide_tier(find_circumstances(facts), **kw)


def officer(*keys: str):
    return [make_circumstance(k, source="officer") for k in keys]


# --- seed cases ---------------------------------------------------------------------------------

def test_c01_mango_text_alone_presumes_not_knowing_and_asks_to_confirm():
    """A lab-detected defect (农药残留超标), purchase checked, source explained: 第一百三十六条 makes 免予 available
    (可以); not knowing is presumed from the documented diligence, said in the reasons and asked to confirm."""
    d = decide(C01, penalty=FOOD_124, provisions=FOOD)
    assert (d.tier, d.rule, d.mandatory) == ("免予处罚", "食品安全法136", False)
    assert any("不知道所采购的食品不符合食品安全标准" in q and "请执法人员确认" in q for q in d.questions)
    assert any("推定其不知道" in r for r in d.reasons)


def test_c01_mango_officer_denying_not_knowing_asks_instead_of_guessing():
    d = decide(C01, penalty=FOOD_124, provisions=FOOD, officer_overrides={"no_fault": False})
    assert d.tier not in ("不予处罚", "免予处罚")
    assert any("及时改正" in q for q in d.questions)  # 行政处罚法33.1
    assert any("货值金额" in q for q in d.questions)


def test_not_knowing_never_presumed_for_a_visible_defect():
    """过期 goods are found by any seller who looks: the documented diligence proves nothing about them."""
    d = decide("超市货架上有3盒酸奶已超过保质期仍在销售，进货查验记录齐全，能如实说明进货来源，抽检检出菌落总数超标。",
               penalty=FOOD_124, provisions=FOOD)
    assert d.tier != "免予处罚"


def test_the_purchase_records_tell_the_source_when_the_facts_do_not_say_it():
    """A seller who checked its purchase (供货商营业执照、检验报告、进货查验台账) holds records naming its supplier: it can
    state its source (食品安全法第一百三十六条), said in the reasons as inferred; not where the source is said to be
    unknown, nor where the officer rules it out."""
    facts = ("超市销售的桃酥经抽检检出苯甲酸，不符合食品安全标准。超市提交了供货商营业执照、食品生产许可证、该批次出厂检验报告"
             "和进货查验台账。")
    d = decide(facts, penalty=FOOD_124, provisions=FOOD)
    assert (d.tier, d.rule) == ("免予处罚", "食品安全法136")
    assert any("据此认定其能如实说明进货来源" in r for r in d.reasons)
    unknown = decide(facts + "但当事人说不清楚进货来源。", penalty=FOOD_124, provisions=FOOD)
    assert unknown.tier != "免予处罚" and not any("据此认定其能如实说明进货来源" in r for r in unknown.reasons)
    denied = decide(facts, penalty=FOOD_124, provisions=FOOD, officer_overrides={"source_explained": False})
    assert denied.tier != "免予处罚"
    # no purchase check stated: nothing to infer the source from
    bare = decide("超市销售的桃酥经抽检检出苯甲酸，不符合食品安全标准。", penalty=FOOD_124, provisions=FOOD)
    assert bare.tier != "免予处罚" and not any("进货来源：" in r for r in bare.reasons)


def test_cosmetics_68_exempts_a_diligent_seller():
    d = decide("美妆店销售的一款面霜经抽检检出禁用原料，店主建立了进货查验记录，说明了供货商名称及联系电话，并有证据证明其不知道该面霜不合格。",
               provisions=[Provision(law="化妆品监督管理条例", article=59)])
    assert (d.tier, d.rule) == ("免予处罚", "化妆品条例68")
    assert Provision(law="化妆品监督管理条例", article=68) in d.basis


def test_c01_mango_no_penalty_via_food_safety_law_136():
    d = decide(C01, penalty=FOOD_124, provisions=FOOD, officer_overrides={"no_fault": True})
    assert (d.tier, d.rule, d.mandatory) == ("免予处罚", "食品安全法136", False)
    assert Provision(law="食品安全法", article=136) in d.basis
    assert any("没收不符合食品安全标准的食品" in f for f in d.follow_up)
    assert any("如实说明进货来源" in r for r in d.reasons)


def test_c01_mango_no_penalty_via_first_offence_rule():
    d = decide(C01, penalty=FOOD_124, provisions=FOOD, officer_overrides={"corrected": True, "no_fault": False})
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法33.1后段", False)
    listed = NATIONAL.model_copy(update={"lists": [ListEntry(
        list_kind="首违不罚", number="1", conduct="销售农药残留超标的食用农产品", provisions=FOOD)]})
    d = decide(C01, profile=listed, penalty=FOOD_124, provisions=FOOD, officer_overrides={"corrected": True, "no_fault": False})
    assert d.tier == "免予处罚" and "首违不罚" in d.rule


def test_c01_mango_fine_ranges_and_reduction():
    amounts = {"货值金额": 25.0}
    general = fine_range(FOOD_124, "一般", NATIONAL, amounts)
    assert general and 50_000 <= general.min < general.max <= 100_000
    assert (general.min, general.max) == (65_000, 85_000)
    d = decide(C01, penalty=FOOD_124, provisions=FOOD, amounts=amounts, officer_overrides={"no_fault": False})
    # 初次违法, 进货查验, 无危害 are no grounds for 从轻/减轻 by themselves (指导意见第十二至十四条); once the officer
    # rules out 不知道, the food law's own exemption (第一百三十六条) is not available
    assert (d.tier, d.rule) == ("一般", RULE_GENERAL)
    assert any("不知道" in q for q in d.questions)
    reduced = fine_range(FOOD_124, "减轻", NATIONAL, amounts)
    assert reduced and (reduced.min, reduced.max) == (5_000, 49_999)  # this test's profile: floor 10 %


def test_c04_first_offence_corrected_no_harm():
    """The published case (C04) applied 第三十三条第一款前段 (轻微、及时改正、没有危害后果 → 应当不予): a price matter with no
    amount, corrected, without harm, is read as 轻微 — inferred and said so; struck by the officer, the first
    offence leaves 第一款后段 (可以不予)."""
    d = decide(C04)
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法33.1", True)
    assert any("未涉及货值金额、违法所得等数额" in r for r in d.reasons)
    d = decide(C04, officer_overrides={"minor_violation": False})
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法33.1后段", False)
    d = decide(C04, officer_overrides={"minor_violation": True})
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法33.1", True)
    assert d.basis == [Provision(law="行政处罚法", article=33, paragraph=1), Provision(law=GUIDANCE, article=11, item=3)]
    assert any("教育" in f for f in d.follow_up)


def test_no_minor_violation_is_inferred_where_a_count_of_what_was_sold_is_stated():
    """The inference for want of any figure (C04) does not hold where the facts count what was sold (卖出去186件)."""
    counted = C04.replace("仍对门票收费。", "仍对门票收费，共售出门票1860张。")
    d = decide(counted)
    assert d.rule != "行政处罚法33.1" and not any("未涉及货值金额、违法所得等数额" in r for r in d.reasons)
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法33.1后段")  # 初次违法 + 无危害 + 改正: 可以不予 remains
    brief = decide("店庆活动搞了9天，原价是编的。执法人员指出后当场把价签全扯下来了，没出过事。")
    assert brief.rule == "行政处罚法33.1"  # a short act, nothing counted: 轻微 inferred from its length
    counted = decide("店庆活动搞了9天，卖出去186件，原价是编的。执法人员指出后当场把价签全扯下来了，没出过事。")
    assert counted.rule != "行政处罚法33.1"  # nine days, but 186 sold: no small scale


def test_c05_intent_is_aggravated_and_the_fine_sits_in_the_upper_part():
    d = decide(C05, penalty=FOOD_124, provisions=FOOD)
    assert (d.tier, d.rule) == ("从重", RULE_AGGRAVATE)
    assert Provision(law=GUIDANCE, article=10, item=4) in d.basis  # 第十条: what 从重 means
    r = fine_range(FOOD_124, d.tier, NATIONAL, {"货值金额": 3000.0})
    assert r and (r.min, r.max) == (85_000, 100_000)
    assert r.min <= 86_000 <= r.max  # the seed's actual fine
    assert "五万元以上十万元以下" in r.basis


def test_c11_mixed_lands_on_general():
    d = decide(C11)
    assert (d.tier, d.rule, d.mandatory) == ("一般", RULE_MIXED, False)
    assert d.basis[0].article == 17
    assert any("一年内" in r and "积极配合" in r for r in d.reasons)


def test_c12_repeat_within_a_year_is_aggravated():
    d = decide(C12, penalty=QUALITY_49)
    assert d.tier == "从重"
    r = fine_range(QUALITY_49, "从重", NATIONAL, {"货值金额": 20420.0})
    assert r and r.max == 61_260 and r.min == round(20420 + 0.7 * 40840)
    assert r.min <= 2.4 * 20420 <= r.max  # the seed's 2.4×
    general = fine_range(QUALITY_49, "一般", NATIONAL, {"货值金额": 20420.0})
    assert general and general.max <= r.min
    assert not d.questions  # act date, amounts all read from the facts


def test_c13_reduction_below_the_statutory_minimum():
    d = decide(C13, penalty=AD_58)
    assert d.tier in ("减轻", "从轻") and (d.rule, d.mandatory) == ("行政处罚法32", True)  # 应当从轻或者减轻
    assert Provision(law="行政处罚法", article=32, item=1) in d.basis
    assert Provision(law=GUIDANCE, article=13, item=2) in d.basis
    r = fine_range(AD_58, "减轻", NATIONAL, {"广告费用": 1_060_900.0})
    assert r and r.max < 1_060_900 and r.min == 106_090
    assert r.min <= 0.1 * 1_060_900 <= r.max  # the seed's 10%


# --- one rule each ------------------------------------------------------------------------------

def test_referral_comes_first_and_is_never_a_fine():
    d = decide("以涉嫌生产、销售有毒有害食品罪移送公安。当事人系初次违法，已改正，未造成危害后果。",
               act_date="2015-01-01", discovery_date="2023-01-01", penalty=FOOD_124)
    assert (d.tier, d.rule, d.mandatory) == ("移送", "行政处罚法27", True)
    assert fine_range(FOOD_124, d.tier, NATIONAL, {"货值金额": 100.0}) is None


def test_limitation_two_years():
    d = decide("当事人销售过期饮料。", act_date="2021-03-01", discovery_date="2023-06-01")
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法36", True)
    d = decide("当事人销售过期饮料。", act_date="2021-03-01", discovery_date="2023-02-28")
    assert d.rule != "行政处罚法36"


def test_limitation_five_years_for_life_health_with_harm():
    facts = "当事人销售农药残留超标的食品，造成消费者损害。"
    d = decide(facts, act_date="2021-03-01", discovery_date="2024-06-01")
    assert d.rule != "行政处罚法36"
    assert any("五年" in r for r in d.reasons)
    d = decide(facts, act_date="2018-03-01", discovery_date="2024-06-01")
    assert d.rule == "行政处罚法36"
    # life-health but harm unknown, between 2 and 5 years: ask, do not bar
    d = decide("当事人销售农药残留超标的食品。", act_date="2021-03-01", discovery_date="2024-06-01")
    assert d.rule != "行政处罚法36" and any("危害后果" in q and "五年" in q for q in d.questions)


def test_limitation_runs_from_the_end_of_a_continuing_act():
    facts = "2020年1月至2023年1月，当事人持续销售该产品。"
    d = decide(facts, discovery_date="2024-06-01")
    assert d.rule != "行政处罚法36"
    d = decide(facts, discovery_date="2025-03-01")
    assert d.rule == "行政处罚法36" and Provision(law="行政处罚法", article=36, paragraph=2) in d.basis


def test_minor_under_14():
    d = decide("当事人系不满十四周岁的未成年人，销售假冒商品。")
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法30", True)
    assert "责令监护人加以管教" in d.follow_up


def test_minor_14_to_18_must_be_mitigated_even_with_aggravation():
    d = decide("当事人系已满十四周岁不满十八周岁的未成年人。")
    assert (d.tier, d.rule, d.mandatory) == ("从轻", "行政处罚法30", True)
    d = decide("当事人系已满十四周岁不满十八周岁的未成年人，明知商品过期仍销售。")
    assert (d.tier, d.mandatory) == ("从轻", True)


def test_minor_14_to_18_still_gets_article_33():
    d = decide("当事人16周岁，违法行为轻微，已改正，未造成危害后果。")
    assert d.rule == "行政处罚法33.1"


def test_mental_illness():
    d = decide("经鉴定，当事人系精神病人，违法时不能辨认自己的行为。")
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法31")
    d = decide("当事人系尚未完全丧失辨认或者控制自己行为能力的精神病人。")
    assert (d.tier, d.mandatory) == ("从轻", False) and d.basis[0] == Provision(law="行政处罚法", article=31)
    assert Provision(law=GUIDANCE, article=14, item=1) in d.basis
    d = decide("当事人系精神病人。")
    assert any("辨认或者控制" in q for q in d.questions)


def test_no_fault_article_33_2():
    d = decide("当事人有证据证明其没有主观过错。")
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法33.2", True)


def test_food_law_displaces_33_2_and_needs_all_three_elements():
    facts = "当事人有证据证明其不知道所采购的食品不符合食品安全标准。"
    d = decide(facts, provisions=FOOD)
    assert d.rule != "行政处罚法33.2" and d.tier not in ("不予处罚", "免予处罚")
    assert any("进货查验" in q for q in d.questions) and any("进货来源" in q for q in d.questions)
    d = decide("当事人未履行进货查验义务，不能如实说明进货来源。", provisions=FOOD, officer_overrides={"no_fault": True})
    assert d.rule != "食品安全法136"
    assert not any("进货查验" in q or "进货来源" in q for q in d.questions)  # known: both failed


def test_trademark_innocent_seller():
    facts = "商场签约时已查验供货商销售资质和商标注册证，能如实说明提供者，有证据证明其不知道该商品侵权。"
    d = decide(facts, provisions=[Provision(law="商标法", article=57, item=2)])
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "商标法60.2", True)
    assert "责令停止销售" in d.follow_up


def test_33_1_first_sentence_is_mandatory():
    d = decide("当事人违法行为轻微，已及时改正，未造成危害后果。")
    assert (d.tier, d.rule, d.mandatory) == ("不予处罚", "行政处罚法33.1", True)


def test_33_1_second_sentence_needs_correction():
    d = decide("当事人系初次违法，危害后果轻微，未及时改正。")
    assert d.tier != "不予处罚"
    assert not any("是否已及时改正" in q for q in d.questions)  # known: not corrected


def test_aggravation_withholds_article_33():
    d = decide("当事人系初次违法，已改正，未造成危害后果，但明知商品过期仍销售。")
    # 初次违法, 改正, 无危害 weigh nothing against 从重 (指导意见第十二条 only makes them 可以不予 together)
    assert d.tier == "从重" and d.rule == RULE_AGGRAVATE
    assert any("不适用《行政处罚法》第三十三条第一款" in r for r in d.reasons)


def test_article_32_grounds_are_mandatory():
    d = decide("当事人受他人胁迫实施违法行为。")
    assert (d.tier, d.rule, d.mandatory) == ("从轻", "行政处罚法32", True)
    assert d.basis[0] == Provision(law="行政处罚法", article=32, item=2)
    assert Provision(law=GUIDANCE, article=13, item=3) in d.basis


def test_aggravating_only():
    d = decide("当事人拒不配合调查，伪造进货票据。")
    assert (d.tier, d.mandatory) == ("从重", False)


def test_discretionary_mitigation_only():
    d = decide("当事人积极配合调查，如实陈述违法事实。", penalty=QUALITY_49, amounts={"货值金额": 5000.0})
    assert (d.tier, d.rule) == ("从轻", RULE_MITIGATE)
    assert Provision(law=GUIDANCE, article=14, item=2) in d.basis


def test_otherwise_general_with_questions():
    d = decide("当事人销售标签不合格的产品。", penalty=FOOD_124)
    assert (d.tier, d.rule) == ("一般", RULE_GENERAL)
    assert {"是否初次违法？（此前是否因同一性质违法行为受过处罚）", "是否已及时改正？", "是否造成危害后果？后果是否轻微？",
            "货值金额是多少？（计算法定罚款幅度需要）"} <= set(d.questions)


# --- rule order -------------------------------------------------------------------------------

@pytest.mark.parametrize("keys, rule", [
    (("criminal_suspicion", "minor_under_14", "no_fault"), "行政处罚法27"),
    (("minor_under_14", "no_fault", "minor_violation", "corrected", "harm_none"), "行政处罚法30"),
    (("no_fault", "minor_violation", "corrected", "harm_none", "first_offence"), "行政处罚法33.2"),
    (("minor_violation", "corrected", "harm_none", "first_offence"), "行政处罚法33.1"),
    (("first_offence", "corrected", "harm_minor", "coerced"), "行政处罚法33.1后段"),
    (("coerced", "intent"), "行政处罚法32"),  # statutory 应当 beats the mixed rule
    (("cooperated", "intent"), RULE_MIXED),
    (("intent",), RULE_AGGRAVATE),
    (("cooperated",), RULE_MITIGATE),
    (("first_offence",), RULE_GENERAL),  # 初次违法 alone is not a ground
    ((), RULE_GENERAL),
])
def test_rule_order(keys, rule):
    d = decide_tier(officer(*keys), penalty=None, profile=NATIONAL, act_date="2024-01-01",
                    discovery_date="2024-02-01")
    assert d.rule == rule


def test_limitation_precedes_exemptions_but_not_referral():
    d = decide_tier(officer("minor_under_14"), penalty=None, profile=NATIONAL, act_date="2019-01-01",
                    discovery_date="2024-01-01")
    assert d.rule == "行政处罚法36"


def test_officer_override_adds_replaces_and_removes():
    facts = "当事人系初次违法，危害后果轻微，未及时改正。"
    assert decide(facts).tier != "不予处罚"
    d = decide(facts, officer_overrides={"corrected": True})  # the officer found it corrected after all
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法33.1后段")
    assert any("执法人员认定" in r for r in d.reasons)
    d = decide(facts, officer_overrides={"corrected": True, "first_offence": False})
    assert d.rule != "行政处罚法33.1后段"
    with pytest.raises(KeyError):
        decide(facts, officer_overrides={"bogus": True})


def test_scheme_without_exemption_tier():
    five = NATIONAL.model_copy(update={"scheme": ["不予处罚", "减轻", "从轻", "一般", "从重"]})
    d = decide(C01, profile=five, provisions=FOOD, officer_overrides={"no_fault": True})
    assert d.tier == "不予处罚" and d.rule == "食品安全法136"


# --- fines ------------------------------------------------------------------------------------

def test_fine_range_needs_the_amount_it_multiplies():
    assert fine_range(FOOD_124, "一般", NATIONAL, {}) is None
    assert fine_questions(FOOD_124, {}) == ["货值金额是多少？（计算法定罚款幅度需要）"]
    big = fine_range(FOOD_124, "从轻", NATIONAL, {"货值金额": 20_000.0})
    assert big and (big.min, big.max) == (200_000, 260_000)
    assert fine_range(AD_58, "一般", NATIONAL, {}) is None and fine_questions(AD_58, {})


@pytest.mark.parametrize("tier", ["不予处罚", "免予处罚", "移送"])
def test_no_fine_tiers(tier):
    assert fine_range(QUALITY_49, tier, NATIONAL, {"货值金额": 1000.0}) is None


def test_reduction_needs_a_minimum():
    no_min = StatutoryPenalty(fines=[FineRule(kind="fixed", max=250_000, text="可以处二十五万元以下的罚款")])
    assert fine_range(no_min, "减轻", NATIONAL, {}) is None
    r = fine_range(no_min, "从重", NATIONAL, {})
    assert r and (r.min, r.max) == (175_000, 250_000)


# --- 第三十七条 从旧兼从轻 ---------------------------------------------------------------------------

def _fixed(lo: float, hi: float, revoke: bool = False) -> StatutoryPenalty:
    return StatutoryPenalty(fines=[FineRule(kind="fixed", min=lo, max=hi)], revoke=revoke)


VERSIONS = [LawVersion(version="2015", effective="2015-10-01", penalty=_fixed(50_000, 100_000)),
            LawVersion(version="2021", effective="2021-04-29", penalty=_fixed(10_000, 50_000))]


def test_old_law_applies_at_the_act_date():
    choice = applicable_version("2020-05-01", VERSIONS)
    assert choice.version == "2015" and choice.rule == "行政处罚法37.旧"


def test_new_lighter_law_applies():
    choice = applicable_version("2020-05-01", VERSIONS, decision_date="2021-06-01")
    assert choice.version == "2021" and choice.rule == "行政处罚法37.新"


def test_new_heavier_law_does_not_apply():
    heavier = [VERSIONS[1], LawVersion(version="2023", effective="2023-01-01", penalty=_fixed(20_000, 200_000))]
    assert applicable_version("2022-05-01", heavier, decision_date="2023-06-01").version == "2021"


def test_max_decides_before_min():
    mixed = [LawVersion(version="old", effective="2010-01-01", penalty=_fixed(1_000, 100_000)),
             LawVersion(version="new", effective="2020-01-01", penalty=_fixed(5_000, 50_000))]
    assert applicable_version("2019-01-01", mixed, decision_date="2020-06-01").version == "new"


def test_decriminalised_act_and_heavy_sanctions():
    repealed = [VERSIONS[0], LawVersion(version="2021", effective="2021-04-29", penalty=None)]
    assert "不再认为是违法" in applicable_version("2020-05-01", repealed, decision_date="2022-01-01").reason
    same_fine = [LawVersion(version="old", effective="2010-01-01", penalty=_fixed(1_000, 10_000, revoke=True)),
                 LawVersion(version="new", effective="2020-01-01", penalty=_fixed(1_000, 10_000))]
    assert applicable_version("2019-01-01", same_fine, decision_date="2021-01-01").version == "new"


def test_incomparable_versions_keep_the_old_law():
    multiple = [LawVersion(version="old", effective="2010-01-01", penalty=QUALITY_49),
                LawVersion(version="new", effective="2020-01-01", penalty=_fixed(1_000, 10_000))]
    choice = applicable_version("2019-01-01", multiple, decision_date="2021-01-01")
    assert choice.version == "old" and "无法比较" in choice.reason
    assert applicable_version("2019-01-01", multiple, decision_date="2021-01-01",
                              amounts={"货值金额": 50_000.0}).version == "new"


def test_act_before_any_version():
    with pytest.raises(ValueError):
        applicable_version("2000-01-01", VERSIONS)


# --- rules added with the scenario review ---------------------------------------------------------
PRICE_42 = StatutoryPenalty(fines=[FineRule(kind="fixed", max=5000, text="可以处五千元以下的罚款")])
PRICE = [Provision(law="价格法", article=13), Provision(law="价格法", article=42)]


def test_minor_inferred_from_immediate_correction_no_harm_and_small_scale():
    d = decide("检查发现有5种水果没有标价签，店主当场补齐价签，没有多收顾客钱款。", penalty=PRICE_42, provisions=PRICE)
    assert d.tier == "不予处罚" and d.rule == "行政处罚法33.1" and d.mandatory
    assert Provision(law="行政处罚法", article=33, paragraph=1) in d.basis
    assert any("依本系统的认定规则" in r for r in d.reasons)  # the inference is said, never silent
    assert "“5种”" in d.reasons[-1]


def test_minor_inferred_from_a_light_statutory_penalty():
    ecommerce_76 = StatutoryPenalty(fines=[FineRule(kind="fixed", max=10_000, text="可以处一万元以下的罚款")])
    d = decide("网店首页没有公示营业执照信息，执法人员责令改正后店主当天补上了公示链接，未发现消费者因此受损。",
               penalty=ecommerce_76, provisions=[Provision(law="电子商务法", article=76, paragraph=1, item=1)])
    assert d.tier == "不予处罚" and d.rule == "行政处罚法33.1"


@pytest.mark.parametrize("facts,why", [
    ("有5种水果没有标价签，责令改正后店主逾期仍未改正，没有多收顾客钱款。", "correction late"),
    ("有3种水果没有标价签，店主补齐价签，没有多收顾客钱款，但拒不退还多收的差价。", "harm left unremedied"),
    ("有5种水果没有标价签，店主当场补齐价签。", "harm not stated"),
    ("有20种水果没有标价签，店主当场补齐价签，没有多收顾客钱款，一年内曾因同一性质违法受过处罚。", "aggravating"),
])
def test_minor_not_inferred_without_every_element(facts, why):
    """违法行为轻微 is inferred only when every element is stated (a correction in time, no harm, small scale,
    nothing aggravating)."""
    big = StatutoryPenalty(fines=[FineRule(kind="fixed", min=5000, max=50_000)])
    d = decide(facts, penalty=big, provisions=PRICE)
    assert d.rule != "行政处罚法33.1", why


def test_minor_never_inferred_where_life_and_health_are_at_stake():
    d = decide("小卖部在售3包过期方便面，货值15元，店主当场下架，未造成危害后果。", penalty=FOOD_124,
               provisions=[Provision(law="食品安全法", article=124, paragraph=1, item=5)])
    assert d.rule != "行政处罚法33.1"
    assert any("违法行为是否轻微" in q for q in d.questions)


def test_an_element_of_the_offence_is_not_also_aggravation():
    facts = "健身房三个月内故意拖延十余名会员的退费要求，没有违法所得。"
    plain = decide(facts)
    assert plain.tier == "从重"
    d = decide(facts, conduct="对消费者提出的退还货款和服务费用的要求，故意拖延或者无理拒绝",
               provisions=[Provision(law="消费者权益保护法", article=56, paragraph=1, item=8)])
    assert d.tier == "一般" and any("构成要件" in r for r in d.reasons)


def test_statutory_repeat_rules():
    trademark = [Provision(law="商标法", article=57, item=3), Provision(law="商标法", article=60, paragraph=2)]
    d = decide("服装店五年内第二次因销售假冒注册商标的服装被查，本次违法经营额3万元。", provisions=trademark)
    assert d.tier == "从重" and d.rule == "法定从重" and d.mandatory
    assert Provision(law="商标法", article=60, paragraph=2) in d.basis
    ads = [Provision(law="广告法", article=28), Provision(law="广告法", article=55, paragraph=1)]
    assert decide("两年内已是第三次因虚假广告被查。", provisions=ads).rule == "法定从重"
    # the same words under a law with no such rule: ask whether the earlier penalty lies within a year
    d = decide("两年内已是第三次因此被查。", provisions=PRICE)
    assert d.tier == "一般" and any("一年以内" in q for q in d.questions)


def test_product_quality_55_displaces_33_2():
    facts = "服装店销售的童装抽检不合格，店主能如实说明进货来源，对不合格并不知情。"
    d = decide(facts, penalty=QUALITY_49, provisions=[Provision(law="产品质量法", article=13), Provision(law="产品质量法", article=49)])
    assert d.tier == "从轻" and d.rule == "产品质量法55" and not d.mandatory
    # 产品质量法 articles outside 49–53 (e.g. 标识, 第五十四条) keep the general rule, where the party's own word
    # (并不知情) is no evidence: asked, not taken (第三十三条第二款 needs 证据足以证明)
    label = "服装店销售的童装吊牌缺少厂址，店主能如实说明进货来源，对此并不知情。"
    d = decide(label, provisions=[Provision(law="产品质量法", article=54)])
    assert d.rule != "行政处罚法33.2" and any("本人陈述不足以证明" in q for q in d.questions)
    d = decide(label + "供货合同足以证明其不知情。", provisions=[Provision(law="产品质量法", article=54)])
    assert d.rule == "行政处罚法33.2"


def test_unfair_competition_23_2_only_from_its_effective_date():
    facts = "便利店在售饮料包装装潢与知名饮料近似，店主说明供货商，证明其不知道这是混淆商品。"
    new = [Provision(law="反不正当竞争法", article=7), Provision(law="反不正当竞争法", article=23, paragraph=1)]
    d = decide(facts, provisions=new, act_date="2025-11-20", decision_date="2025-12-01", discovery_date="2025-11-25")
    assert d.tier == "不予处罚" and d.rule == "反不正当竞争法23.2"
    assert Provision(law="反不正当竞争法", article=23, paragraph=2) in d.basis
    # before 2025-10-15 第二十三条 was 商业诋毁: the general 第三十三条第二款 applies
    d = decide(facts, provisions=new, act_date="2024-08-01", decision_date="2024-09-01", discovery_date="2024-08-10")
    assert d.rule == "行政处罚法33.2"


def test_referral_cites_the_sector_referral_clause():
    d = decide("保健食品经营户销售的胶囊经检验含西地那非。", provisions=[Provision(law="食品安全法", article=38)])
    assert d.tier == "移送"
    assert Provision(law="食品安全法", article=121, paragraph=1) in d.basis


def test_referral_cites_the_duty_to_transfer():
    # 行政执法机关移送涉嫌犯罪案件的规定第三条: 第一款 always, 第二款 (a reasonable suspicion) for trade marks
    d = decide("保健食品经营户销售的胶囊经检验含西地那非。", provisions=[Provision(law="食品安全法", article=38)])
    duty = Provision(law="行政执法机关移送涉嫌犯罪案件的规定", article=3, paragraph=1)
    assert duty in d.basis and "移送涉嫌犯罪案件的规定》第三条第一款" in d.reasons[-1]
    assert Provision(law="行政执法机关移送涉嫌犯罪案件的规定", article=3, paragraph=2) not in d.basis
    d = decide("仓库查获假冒注册商标的运动鞋3260双，非法经营数额五十余万元，涉嫌犯罪。",
               provisions=[Provision(law="商标法", article=57, item=3)])
    assert d.tier == "移送"
    assert duty in d.basis and Provision(law="行政执法机关移送涉嫌犯罪案件的规定", article=3, paragraph=2) in d.basis


@pytest.mark.parametrize("version, conduct, penalty, referral, rule", [
    ("", 57, 60, Provision(law="商标法", article=61), "商标法60.2"),
    ("2019-04-23", 57, 60, Provision(law="商标法", article=61), "商标法60.2"),
    ("2026-06-26", 72, 74, Provision(law="商标法", article=75, paragraph=2), "商标法74.2"),
])
def test_trademark_rules_in_the_numbering_of_the_version_applied(version, conduct, penalty, referral, rule):
    # the 2026 revision (in force 2027-01-01) renumbers 第五十七条、第六十条、第六十一条 as 第七十二条、第七十四条、第七十五条;
    # a provision of no version (an authored item) is in the older numbering
    provisions = [Provision(law="商标法", article=conduct, item=3, version=version),
                  Provision(law="商标法", article=penalty, paragraph=2, version=version)]
    d = decide("仓库查获假冒注册商标的运动鞋3260双，非法经营数额五十余万元，涉嫌犯罪。", provisions=provisions)
    assert d.tier == "移送" and referral in d.basis
    assert not any(p.law == "商标法" and p != referral for p in d.basis)
    d = decide("鞋店销售假冒运动鞋，能提供进货发票和供货商信息，证明其不知道是侵权商品。", provisions=provisions)
    assert d.tier == "不予处罚" and d.rule == rule
    assert Provision(law="商标法", article=penalty, paragraph=2) in d.basis
    d = decide("鞋店销售假冒运动鞋。当事人属于五年内第二次实施商标侵权。", provisions=provisions,
               act_date="2027-03-01", decision_date="2027-06-01")
    assert d.tier == "从重" and Provision(law="商标法", article=penalty, paragraph=2) in d.basis


def test_five_year_period_is_cited_when_it_saves_the_case():
    d = decide("餐馆售出的凉拌菜亚硝酸盐超量，导致一名顾客中毒住院。", act_date="2021-11-20", discovery_date="2024-09-05",
               decision_date="2024-10-01", provisions=[Provision(law="食品安全法", article=124, paragraph=1, item=3)])
    assert d.tier == "从重"
    assert Provision(law="行政处罚法", article=36, paragraph=1) in d.basis


def test_food_law_counts_as_life_and_health_without_the_word():
    # no 食品 in the text: the violated law still makes it a life-and-health case (five years), so
    # with the harm unknown the engine asks instead of barring the case after two years
    d = decide("熟食店销售亚硝酸盐超限量的卤肉。", act_date="2021-08-15", discovery_date="2024-01-10",
               decision_date="2024-02-01", provisions=[Provision(law="食品安全法", article=124, paragraph=1, item=3)])
    assert d.tier != "不予处罚" and any("五年" in q for q in d.questions)


def test_minor_inferred_from_a_correction_made_on_the_partys_own_initiative():
    """及时改正 need not be on the spot: a correction the party made itself after the discovery, with no word of
    delay or refusal, counts (行政处罚法第三十三条第一款; 指导意见第十一条第（三）项)."""
    d = decide("检查发现该店两种饮料价签与收银价格不一致，店员第二天把价签全部换成了正确价格，没有顾客多付钱。",
               penalty=StatutoryPenalty(fines=[FineRule(kind="fixed", min=5000, max=50_000)]), provisions=PRICE)
    assert d.tier == "不予处罚" and d.rule == "行政处罚法33.1"
    assert any("依本系统的认定规则" in r for r in d.reasons)


def test_claim_backed_by_documented_source_for_a_lab_defect_is_evidence_of_no_fault():
    """第三十三条第二款 outside the sector rules: the party's word alone is asked about; with a documented lawful
    source and a defect only testing reveals, it is the evidence the article asks for (and the officer confirms)."""
    facts = "网店销售的围巾经抽检检出甲醛含量超标，店主提供了进货合同和付款记录，说明了供货商名称，称此前不知情。"
    d = decide(facts, provisions=[Provision(law="产品质量法", article=54)])
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法33.2")
    assert any("请执法人员确认" in q for q in d.questions)
    d = decide("网店销售的围巾已过期霉变，店主说明了供货商名称，称此前不知情。", provisions=[Provision(law="产品质量法", article=54)])
    assert d.rule != "行政处罚法33.2"


def test_sector_rules_are_data_and_a_bad_entry_is_a_clear_error(tmp_path):
    from assistant.discretion import load_sector_rules

    rules = load_sector_rules()
    names = {e.rule for e in rules.sector_exemptions}
    assert {"食品安全法136", "商标法60.2", "产品质量法55"} <= names
    assert all(e.basis for e in rules.sector_exemptions) and "食品安全法" in rules.life_health_laws
    bad = tmp_path / "rules.yaml"
    bad.write_text("sector_exemptions:\n  - rule: x\n    laws: [商标法]\n    tier: 不予处罚\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules.yaml: sector_exemptions\.0\.basis"):
        load_sector_rules(bad)
    bad.write_text("sector_exemptions: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_sector_rules(bad)


def test_a_long_stated_duration_is_no_minor_violation_but_an_old_unrelated_record_does_not_block_it():
    long = decide("有3种水果没有标价签，已经挂了五个多月，店主当场补齐价签，没有多收顾客钱款。", penalty=PRICE_42, provisions=PRICE)
    assert long.rule != "行政处罚法33.1" and any("不认定为违法行为轻微" in r for r in long.reasons)
    old = decide("2026年5月6日检查发现有3种水果没有标价签，店主当场补齐价签，没有多收顾客钱款。"
                 "该店2023年2月曾因卫生问题受过警告处罚。", penalty=PRICE_42, provisions=PRICE)
    assert old.tier == "不予处罚" and old.rule == "行政处罚法33.1"


def test_a_dated_prior_penalty_on_the_same_subject_within_the_laws_period_is_its_statutory_repeat():
    trademark = [Provision(law="商标法", article=57, item=3), Provision(law="商标法", article=60, paragraph=2)]
    facts = ("2026年5月12日检查发现当事人销售假冒注册商标的手提包20个。"
             "当事人2023年11月曾因销售侵犯注册商标专用权的皮带，被本局罚款1万元。")
    d = decide(facts, provisions=trademark)
    assert d.tier == "从重" and d.rule == "法定从重"
    # six years earlier is outside 商标法第六十条第二款's five years
    older = facts.replace("2023年11月", "2019年11月")
    assert decide(older, provisions=trademark).rule != "法定从重"
    # a prior penalty on another subject is not this law's repetition
    other = facts.replace("销售侵犯注册商标专用权的皮带", "未明码标价")
    assert decide(other, provisions=trademark).rule != "法定从重"


def test_a_dated_prior_penalty_without_an_act_date_is_measured_from_the_decision():
    """2023年5月曾因卖假冒…被罚过, with the act told without its year (3月底被查扣): the prior record, dated, is within
    商标法第六十条第二款's five years before the decision."""
    trademark = [Provision(law="商标法", article=57, item=3), Provision(law="商标法", article=60, paragraph=2)]
    facts = "3月底被查扣时店里剩140瓶假冒某某牌洗发水。钟某2023年5月曾因卖假冒某某牌洗衣粉被县局罚过款。"
    d = decide(facts, provisions=trademark, decision_date="2026-12-01")
    assert d.tier == "从重" and d.rule == "法定从重"
    assert any("前次2023-05" in c.label for c in d.derived if c.key == "statutory_repeat")
    assert decide(facts.replace("2023年5月", "2020年5月"), provisions=trademark, decision_date="2026-12-01").rule != "法定从重"


def test_a_first_offence_alone_is_said_to_be_no_ground_with_the_guidance_cited_by_its_title():
    import re

    d = decide("经查当事人系初次违法。", penalty=None, profile=NATIONAL)
    reasons = "".join(d.reasons)
    assert f"《{GUIDANCE}》第十二条" in reasons
    assert not re.search(r"(?<!》)指导意见第", reasons)  # a short title the citation checker cannot resolve


def test_a_warning_the_law_gives_only_after_a_missed_deadline_is_not_given_when_corrected_in_time():
    """责令限期改正；逾期不改的，给予警告: corrected within the time set → the condition did not occur, 不予处罚; a
    warning given outright (责令改正，给予警告) is not conditional, and a correction only after the deadline is no bar."""
    conditional = StatutoryPenalty(warning=True, order_correction=True,
                                   text="由县级以上地方市场监督管理部门责令限期改正；逾期不改的，给予警告。")
    outright = StatutoryPenalty(warning=True, order_correction=True, text="由市场监督管理部门责令改正，给予警告。")
    facts = "店堂内未悬挂食品经营许可证，执法人员责令5月3日前改正，5月2日复查时许可证已悬挂于门口显著位置。"
    d = decide(facts, penalty=conditional)
    assert (d.tier, d.rule) == ("不予处罚", "警告条件未成就") and any("处罚条件未成就" in r for r in d.reasons)
    assert decide(facts, penalty=outright).rule != "警告条件未成就"
    assert decide("店堂内未悬挂食品经营许可证，执法人员责令限期改正，复查时仍未改正。", penalty=conditional).tier != "不予处罚"


def test_a_debt_beside_a_defence_against_the_violation_stays_a_penalty_matter():
    debt = "当事人称供货商欠其货款。"
    assert decide(debt).tier == "不适用"
    d = decide(debt + "供货商带人到店里说不收下这批货抵账就天天来闹，当事人是被逼着收下的。")
    assert d.tier != "不适用" and any("背景" in r for r in d.reasons)


def test_a_short_stated_duration_is_a_small_scale_for_inferring_minor():
    big = StatutoryPenalty(fines=[FineRule(kind="fixed", min=5000, max=50_000)])
    short = decide("商场促销告示没有写明奖品和兑奖办法，店主说告示是当天早上刚贴的，执法人员指出后当即补写，尚无顾客参与。",
                   penalty=big, provisions=PRICE)
    assert short.tier == "不予处罚" and short.rule == "行政处罚法33.1"
    assert any("仅持续1天" in r for r in short.reasons)
    # two months is no small scale by itself
    longer = decide("商场促销告示没有写明奖品和兑奖办法，已经贴了两个月，执法人员指出后当即补写，尚无顾客参与。",
                    penalty=big, provisions=PRICE)
    assert longer.rule != "行政处罚法33.1"


def test_a_dated_earlier_penalty_for_fakes_is_the_trademark_laws_second_within_five_years():
    trademark = [Provision(law="商标法", article=57, paragraph=1, item=3), Provision(law="商标法", article=60, paragraph=2)]
    d = decide("当事人2026年1月至3月销售假冒“某某”运动鞋，违法经营额4.3万元。当事人2023年8月曾因销售假冒“某某”运动鞋被本局罚款3万元。"
               "已售金额未达5万元、总货值未达15万元，未达刑事追诉标准。", provisions=trademark)
    assert d.tier == "从重" and "statutory_repeat" in d.mandatory_aggravation if hasattr(d, "mandatory_aggravation") else d.tier == "从重"
    assert d.tier != "移送"


def test_the_drug_laws_own_aggravation_for_childrens_medicines():
    drugs = [Provision(law="药品管理法", article=98), Provision(law="药品管理法", article=117, paragraph=1)]
    d = decide("货架上陈列的小儿感冒颗粒4盒、布洛芬混悬液（儿童型）6瓶已过有效期，货值536元。", provisions=drugs)
    assert d.tier == "从重" and d.rule == "法定从重"
    assert any(p.law == "药品管理法" and p.article == 137 for p in d.basis)
    # the same goods for adults: no statutory aggravation
    adult = decide("货架上陈列的感冒颗粒4盒已过有效期，货值536元。", provisions=drugs)
    assert adult.tier != "从重"


DRUG_117 = ("没收违法生产、销售的药品和违法所得，并处违法生产、销售的药品货值金额十倍以上二十倍以下的罚款；违法生产、批发的药品货值金额"
            "不足十万元的，按十万元计算，违法零售的药品货值金额不足一万元的，按一万元计算；情节严重的，责令停产停业整顿。")


@pytest.mark.parametrize("facts, value, base, asked", [
    ("某药店零售的儿童止咳糖浆已过有效期。", 120, 10_000, False),  # retail: 不足一万元的按一万元计算
    ("某制药厂生产的片剂含量不合格。", 120, 100_000, False),  # production: 按十万元
    ("当事人销售的药品已过有效期。", 120, 10_000, True),  # who is not shown: the lowest floor, and asked
    ("某药店零售的药品已过有效期。", 50_000, 50_000, False),  # above the floor: the amount itself
])
def test_a_multiple_is_taken_of_the_floor_the_clause_sets_for_a_small_amount(facts, value, base, asked):
    """药品管理法第一百一十七条第一款: ten to twenty times the value, the value counted as at least 一万元 (retail) or 十万元
    (production, wholesale) — 120元 of expired syrup is no 1,200元 fine."""
    from assistant.fines import fine_range, penalty_bounds, with_computation_floor
    from ingest.penalty_parse import parse_penalty

    amounts = {"货值金额": value}
    penalty, reasons, questions = with_computation_floor(parse_penalty(DRUG_117), facts, amounts)
    assert penalty_bounds(penalty, amounts) == (base * 10, base * 20)
    assert amounts == {"货值金额": value}  # the case's amount itself is left as it is
    assert bool(reasons) is (base != value) and bool(questions) is asked
    fine = fine_range(penalty, "一般", NATIONAL, amounts)
    assert fine.min == pytest.approx(base * (10 + 0.3 * 10)) and fine.max == pytest.approx(base * (10 + 0.7 * 10))
    # a clause without a floor is returned as it is
    assert with_computation_floor(QUALITY_49, facts, amounts)[0] is QUALITY_49


def test_the_reduction_test_sees_the_floored_minimum():
    """The 减轻 test of 起罚点过高 and the fine read one statutory range: 十万元 against a 120元 retail case is 减轻 with a
    mitigating circumstance, as the fine shown (10–20 万元) says."""
    from assistant.discretion import amounts_from
    from assistant.fines import with_computation_floor
    from ingest.penalty_parse import parse_penalty

    facts = "某药店零售的止咳糖浆已过有效期，货值金额120元。当事人积极配合调查，主动提供了进货票据等证据。"
    circumstances = find_circumstances(facts)
    amounts = amounts_from(circumstances)
    penalty, _, _ = with_computation_floor(parse_penalty(DRUG_117), facts, amounts)
    d = decide_tier(circumstances, penalty=penalty, profile=NATIONAL, amounts=amounts)
    assert d.tier == "减轻" and any("起罚点明显过高" in r for r in d.reasons)


PRICE_RULES = [Provision(law="价格违法行为行政处罚规定", article=13, item=3), Provision(law="价格法", article=42)]


def test_the_price_rules_own_aggravation_for_a_refund_refused_after_the_order():
    """价格违法行为行政处罚规定第十七条第二款第（五）项: 拒不按照第十六条第一款规定退还多付价款 → 应当从重. Only a refusal
    after the order to refund: a refund not offered of the party's own accord (未主动退还) is no such refusal."""
    refused = decide("当事人在标价之外另收加工费，共有120名顾客多付价款合计2.4万元。本局送达责令退款通知书，要求15日内退还，"
                     "当事人逾期拒不退还。", provisions=PRICE_RULES)
    assert (refused.tier, refused.rule) == ("从重", "法定从重")
    assert any(p.law == "价格违法行为行政处罚规定" and p.article == 17 and p.item == 5 for p in refused.basis)
    unasked = decide("当事人对堂食顾客每人收取茶位费5元，菜单均未标示，共收取4860元。检查后当事人未主动退还。", provisions=PRICE_RULES)
    assert unasked.tier != "从重"
    # the same refusal in a case outside the price rules is no statutory aggravation
    other = decide("当事人在标价之外另收加工费，顾客多付价款合计2.4万元。本局送达责令退款通知书，当事人逾期拒不退还。", provisions=FOOD)
    assert other.rule != "法定从重"


def test_a_price_violation_after_an_earlier_penalty_is_the_price_rules_repeat():
    """屡查屡犯 (第十七条第二款第（二）项): a price violation by a party punished before for the same."""
    d = decide("停车场收费牌写小型车首小时5元，实际按每小时5元收取。该停车场曾因同样问题被本局罚款2000元。", provisions=PRICE_RULES)
    assert (d.tier, d.rule) == ("从重", "法定从重")
    assert any(p.law == "价格违法行为行政处罚规定" and p.item == 2 for p in d.basis)


def test_an_obstruction_the_police_detained_for_is_not_counted_again():
    d = decide("检查时，当事人负责人之夫推搡执法人员并抢夺执法记录仪，经报警，公安机关已于8月5日对其处行政拘留五日。货架上7盒药品已过有效期。")
    assert d.tier != "从重" and any("不再作为从重" in r for r in d.reasons)


def test_a_first_offence_corrected_without_harm_is_weighed_where_life_and_health_are_touched_and_the_scale_is_not_small():
    """第三十三条第一款后段 (可以不予) without a 首违不罚 list entry: decided for a price case; for a food-safety case only
    where the violation is small, otherwise weighed, with the exemption left to the officer."""
    facts = ("当事人自制蛋黄酥经抽检防腐剂超限量，该批共做120盒，每盒38元，货值4560元。收到检验报告当天即停售，"
             "未接到任何不适反映。当事人系初次违法。")
    d = decide(facts, provisions=FOOD, penalty=FOOD_124)
    assert d.tier != "不予处罚" and any("第三十三条第一款后段" in q for q in d.questions)
    small = decide(facts.replace("该批共做120盒，每盒38元，货值4560元", "共做3盒，货值114元"), provisions=FOOD, penalty=FOOD_124)
    assert (small.tier, small.rule) == ("不予处罚", "行政处罚法33.1后段")


def test_an_expired_limitation_is_shown_as_a_circumstance_with_the_date_it_runs_from():
    d = decide("该广告牌于2023年11月20日随门头改造拆除，此后未再使用。举报人2026年2月提交照片。")
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法36")
    shown = [c for c in d.derived if c.key == "limitation_expired"]
    assert shown and shown[0].quote.startswith("2023年11月20日") and "已逾二年" in shown[0].label


def test_the_first_offence_exemption_open_in_a_food_case_weighs_as_a_mitigating_ground():
    """举重以明轻: where 第三十三条第一款后段 is met but not decided (life and health, not small), it counts as 可以从轻."""
    d = decide("当事人销售超过保质期的牛奶，货值金额3000元，系初次违法，已及时下架改正，未造成危害后果。", provisions=FOOD, penalty=FOOD_124)
    assert d.tier in ("从轻", "减轻")
    assert any(c.key == "first_offence_exemptible" for c in d.derived)
    assert any(p.law == GUIDANCE and p.article == 12 for p in d.basis)


def test_a_fine_that_waits_for_a_refusal_the_facts_do_not_show_is_said_to_wait():
    conditional = StatutoryPenalty(order_correction=True, fines=[FineRule(kind="fixed", max=30_000, text="拒不改正的，处3万元以下的罚款")])
    d = decide("检查发现某理发店营业执照未悬挂于经营场所醒目位置。", penalty=conditional)
    assert any("条件成就后方可处以罚款" in r for r in d.reasons)
    assert any("逾期未改正或者拒不改正为条件" in q for q in d.questions)
    assert "条件成就时适用" in d.fine_condition
    # put right on the spot at the officers' word: the condition did not occur
    done = decide("检查发现某理发店营业执照未悬挂。执法人员让他当场挂上墙，拍了照片。", penalty=conditional)
    assert (done.tier, done.rule) == ("不予处罚", "罚款条件未成就")
    refused = decide("检查发现某理发店营业执照未悬挂。责令改正后逾期仍未改正。", penalty=conditional)
    assert refused.fine_condition == "" and refused.tier != "不予处罚"


def test_whether_a_conditional_fine_waits_is_read_from_the_correction_and_refusal():
    from assistant.discretion import fine_waits_for_refusal
    conditional = StatutoryPenalty(fines=[FineRule(kind="fixed", max=30_000, text="拒不改正的，处3万元以下的罚款")])
    outright = StatutoryPenalty(fines=[FineRule(kind="fixed", max=30_000, text="处3万元以下的罚款")])
    assert fine_waits_for_refusal(conditional, find_circumstances("营业执照未悬挂。"))
    assert not fine_waits_for_refusal(conditional, find_circumstances("营业执照未悬挂，责令改正后逾期仍未改正。"))
    assert not fine_waits_for_refusal(outright, find_circumstances("营业执照未悬挂。"))


def test_what_the_rules_establish_the_officer_can_strike():
    facts = "该广告牌于2023年11月20日随门头改造拆除，此后未再使用。举报人2026年2月提交照片。"
    d = decide(facts, officer_overrides={"limitation_expired": False})
    assert d.rule != "行政处罚法36" and not any(c.key == "limitation_expired" for c in d.derived)
    food = "当事人销售超过保质期的牛奶，货值金额3000元，系初次违法，已及时下架改正，未造成危害后果。"
    struck = decide(food, provisions=FOOD, penalty=FOOD_124, officer_overrides={"first_offence_exemptible": False})
    assert not any(c.key == "first_offence_exemptible" for c in struck.derived) and struck.tier == "一般"
    # the reason says the officer ruled the exemption out; it no longer says the ground is weighed
    assert any("执法人员认定不适用" in r for r in struck.reasons)
    assert not any("按可以从轻" in r for r in struck.reasons)
    assert not any("第三十三条第一款后段" in q for q in struck.questions)


def test_forged_records_carry_no_sector_rule_of_not_knowing():
    """DS061: the purchase records shown were written after the filing to lower the value: 产品质量法第五十五条
    (and any rule of not knowing) cannot rest on them; the forgery weighs as 从重."""
    facts = ("当事人销售的防水卷材经抽检拉力、低温柔性不合格，货值金额4万元。当事人提交的进货台账和销售记录系立案后临时补写，"
             "当事人承认为压低货值而伪造。此前无违法记录。")
    d = decide(facts, penalty=QUALITY_49, provisions=[Provision(law="产品质量法", article=32), Provision(law="产品质量法", article=50)])
    assert d.rule != "产品质量法55" and d.tier == "从重"


# 食品安全法第一百二十二条第一款 (as 食品经营许可和备案管理办法第五十二条 refers to it)
FOOD_122 = StatutoryPenalty(fines=[
    FineRule(kind="fixed", min=50_000, max=100_000, condition=Threshold(base="货值金额", op="<", value=10_000),
             text="货值金额不足一万元的，并处五万元以上十万元以下罚款")])
LICENCE_CHANGE = [Provision(law="食品经营许可和备案管理办法", article=52, paragraph=3),
                  Provision(law="中华人民共和国食品安全法", article=122, paragraph=1)]


@pytest.mark.parametrize("facts, mitigated", [
    ("当事人持冷食类许可，增加热汤面等热食类项目未申请变更，增加的热食类项目风险等级不高于原许可的冷食类。", True),
    ("当事人增加的经营项目所需经营条件已被原许可的经营项目涵盖，未申请变更。", True),
    ("当事人增加生食类制售项目未申请变更许可，该项目风险等级高于原许可项目。", False),
])
def test_a_licence_change_that_raises_no_risk_is_the_rules_own_mitigation(facts, mitigated):
    """食品经营许可和备案管理办法第五十二条第三款: items changed without the change applied for, but the food-safety risk grade
    not raised (or the new items' conditions covered): 依照行政处罚法第三十二条、第三十三条从轻、减轻 — a ground of 第三十二条第（五）项,
    cited with the rule; only for a violation of that article."""
    d = decide(facts + "货值约2000元。", penalty=FOOD_122, provisions=LICENCE_CHANGE)
    basis = [p.cite() for p in d.basis]
    assert (d.tier in ("从轻", "减轻")) is mitigated
    assert ("《食品经营许可和备案管理办法》第五十二条第三款" in basis) is mitigated
    if mitigated:
        assert "《行政处罚法》第三十二条第（五）项" in basis
    other = decide(facts, penalty=FOOD_124, provisions=FOOD)  # another article: the rule does not govern it
    assert not any(c.key == "statutory_mitigation" for c in other.derived)
    assert any(c.key == "statutory_mitigation" for c in d.derived) is mitigated


def test_an_act_aimed_at_old_people_is_asked_about_not_weighed_as_aggravating():
    """以老年人为主要对象 is no ground of the national guidance (第十六条第（七）项 needs a legal basis): the tier is not
    raised, and the officer is asked whether the local benchmark lists it."""
    aimed = decide("当事人以免费体检为名，专门向老年人推销普通食品，称能降血糖。")
    assert aimed.tier != "从重"
    assert any("特殊群体为主要对象" in q and "本地裁量基准" in q for q in aimed.questions)
    plain = decide("当事人在学校门口销售过期饮料。")  # a place, no aim
    assert not any("特殊群体为主要对象" in q for q in plain.questions)


def test_a_licence_change_of_low_gravity_put_right_at_once_without_harm_is_not_punished():
    """食品经营许可和备案管理办法第五十二条第三款 sends its situations to 行政处罚法第三十二条、第三十三条: a change covered by the
    licensed premises, applied for the same day and without harm, reads as 违法行为轻微 and is not punished (第三十三条
    第一款); not applied for until the review, it is the rule's own mitigation (从轻 or 减轻)."""
    facts = ("许可项目为热食类食品制售，5月下旬起加卖现磨咖啡，未办许可变更，卖了10天左右，流水约1100元。"
             "做饮品用的是原操作间、水池、消毒设施，均在原许可审查范围内；没有任何投诉。")
    prompt = decide(facts + "当事人当天网上提交增项变更申请。", penalty=FOOD_122, provisions=LICENCE_CHANGE)
    assert prompt.tier == "不予处罚" and prompt.rule == "行政处罚法33.1"
    assert any(c.key == "minor_violation" and "第五十二条第三款" in c.label for c in prompt.derived)
    late = decide(facts + "复查时仍在经营，一个月后才提交变更申请。", penalty=FOOD_122, provisions=LICENCE_CHANGE)
    assert late.tier in ("从轻", "减轻")


def test_a_licence_change_named_minor_by_its_rule_is_read_as_minor_though_it_is_food():
    """食品经营许可和备案管理办法第五十二条第三款第（三）项 names 违法行为轻微、未造成危害后果 among the rule's own situations: a
    small change put right at once without harm is 违法行为轻微 there (不予, 第三十三条第一款, the item cited), although food
    touches life and health; the same facts under another food article are not read as minor."""
    facts = ("许可项目为预包装食品销售，2月20日起加卖散装卤菜，未申请变更，3月10日检查发现。进货票证齐全，无投诉。"
             "当日停售并申请变更，3月14日已准予变更。")
    d = decide(facts, penalty=FOOD_122, provisions=LICENCE_CHANGE)
    assert d.tier == "不予处罚" and d.rule == "行政处罚法33.1"
    assert "《食品经营许可和备案管理办法》第五十二条第三款第（三）项" in [p.cite() for p in d.basis]
    other = decide(facts, penalty=FOOD_124, provisions=FOOD)
    assert other.tier != "不予处罚" or other.rule != "行政处罚法33.1"
    assert not any(c.key == "minor_violation" for c in other.derived)


def test_the_reduction_test_weighs_the_floor_against_the_scale_not_the_profit():
    """起罚点过高 compares the statutory minimum with what was sold or offered: a 5万 floor against 3,599元 earned by
    a default-ticked add-on is 从轻 with cooperation, not 减轻; against 1,700元 of goods it is 减轻."""
    from assistant.discretion import amounts_from
    from ingest.penalty_parse import parse_penalty

    penalty = parse_penalty("责令限期改正，没收违法所得，可以并处五万元以上二十万元以下的罚款")
    for facts, tier in [("下单页面默认勾选搭售讲义包，违法所得3599元。当事人积极配合调查，主动提供了全部订单数据。", "从轻"),
                        ("当事人销售侵权商品，货值金额1700元。当事人积极配合调查，主动提供了进货单据。", "减轻")]:
        circumstances = find_circumstances(facts)
        d = decide_tier(circumstances, penalty=penalty, profile=NATIONAL, amounts=amounts_from(circumstances))
        assert d.tier == tier, (facts, d.tier, d.reasons)


def test_food_law_136_governs_the_food_bought_not_a_duty_of_the_business_itself():
    """第一百三十六条 is about food bought that fails the standards (第一百二十三至一百二十五条): a fake health certificate
    checked with care (第一百二十六条) is judged by 行政处罚法第三十三条第二款."""
    facts = "当事人入职审查时核验了员工健康证明并留存复印件，该证明系员工伪造，有证据足以证明其没有主观过错。"
    health = [Provision(law="中华人民共和国食品安全法", article=126, paragraph=1, item=6)]
    d = decide(facts, provisions=health)
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法33.2")
    d = decide(facts, provisions=FOOD)  # the food itself: the sector rule displaces 第三十三条第二款
    assert d.rule != "行政处罚法33.2"


def test_drug_law_137_repeat_after_handling_is_statutory_aggravation():
    drugs = [Provision(law="药品管理法", article=117, paragraph=1)]
    d = decide("当事人曾于2022年9月因销售过期药品被我局罚款。2024年10月抽检其在售颗粒剂系劣药。", provisions=drugs)
    assert d.tier == "从重" and Provision(law="药品管理法", article=137, item=5) in d.basis
    # a prior penalty for something else is not 经处理后再犯 of fake or substandard drugs
    d = decide("当事人曾于2022年9月因未按规定明码标价被我局罚款。2024年10月抽检其在售颗粒剂系劣药。", provisions=drugs)
    assert Provision(law="药品管理法", article=137, item=5) not in d.basis


def test_product_quality_55_beside_serious_harm_is_weighed():
    """产品质量法第五十五条 says 可以从轻或者减轻: beside serious harm (a burn graded 轻伤二级, cars burnt) the two are
    weighed under 指导意见第十七条, not decided as 从轻."""
    facts = ("店主销售的电动自行车锂电池抽检不合格，能如实说明进货来源，对不合格并不知情。顾客在楼道充电起火，手臂烧伤，"
             "鉴定为轻伤二级，另两辆车烧毁。")
    d = decide(facts, penalty=QUALITY_49, provisions=[Provision(law="产品质量法", article=13), Provision(law="产品质量法", article=49)])
    assert d.tier == "一般" and d.rule == RULE_MIXED
    assert Provision(law=GUIDANCE, article=17) in d.basis
    assert any(p.law == "产品质量法" and p.article == 55 for p in d.basis)


def test_a_dispute_beside_money_taken_from_consumers_is_a_penalty_matter():
    """Wages or rent owed are the background where the facts also tell of money the violation brought in."""
    facts = ("当事人自4月起拖欠场地租金，6月起拖欠教练工资，仍于6月1日至7月10日以续卡名义向23名会员收取预付款共计2.76万元，"
             "7月15日停业，事前未告知会员。")
    d = decide(facts)
    assert d.tier != "不适用"
    assert any("系违法行为的背景" in r for r in d.reasons)
    assert decide("员工反映当事人拖欠其三个月工资共计1.2万元。").tier == "不适用"
    # a private seller's price is no illegal income: one who is no trader stays out of the penalty procedure
    private = "卖家是在校学生，号上只挂过4件自己用过的东西，这台二手相机卖了3800块，属于个人之间的买卖纠纷。"
    assert decide(private).tier == "不适用"


def test_drug_regulation_86_exempts_a_pharmacy_that_checked_and_did_not_know():
    """药品管理法实施条例 (2026) 第八十六条: checks done, not knowing proven → 免予处罚 (no 可以), from 2026-05-15."""
    facts = ("药店销售的复方丹参片经抽检含量不符合规定。这批是从市里某医药公司进的，随货同行单、发票都在，收货时看了厂家检验报告书，"
             "验收记录上都登了。检验报告送过来才晓得不合格。")
    drugs = [Provision(law="药品管理法", article=98), Provision(law="药品管理法", article=117)]
    d = decide(facts, provisions=drugs, act_date="2026-07-01")
    assert (d.tier, d.rule, d.mandatory) == ("免予处罚", "药品条例86", True)
    assert any(p.law == "药品管理法实施条例" and p.article == 86 for p in d.basis)
    assert decide(facts, provisions=drugs, act_date="2026-03-01").rule != "药品条例86"  # before it took effect


def test_a_fine_that_waits_for_a_refusal_is_said_not_due_once_the_party_put_it_right():
    """126(五): 警告 is due, the fine only on 拒不改正; put right at the officers' word, the fine range carries the note
    that its condition did not occur (the warning stands)."""
    from assistant.discretion import FINE_CONDITION_UNMET

    conditional = StatutoryPenalty(order_correction=True, warning=True,
                                   fines=[FineRule(kind="fixed", min=5_000, max=50_000, text="拒不改正的，处五千元以上五万元以下罚款")])
    d = decide("碗筷没有消毒就摆上桌了。你们指出来后我马上叫人把桌上的碗筷全部收回来，上蒸笼蒸了二十分钟再重新摆。",
               penalty=conditional)
    assert d.fine_condition == FINE_CONDITION_UNMET
    assert not any("应先责令改正" in r for r in d.reasons)


def test_a_dated_prior_penalty_with_no_date_of_the_act_is_measured_from_the_decision():
    """商标法第六十条第二款's five years: with the act undated, the decision date bounds it (the act comes before the
    decision, so a prior penalty within five years before the decision is within five years before the act); a
    record's date written in figures (【专项群 2026-05-21】) dates the present case against the prior penalty."""
    trademark = [Provision(law="商标法", article=57, item=3), Provision(law="商标法", article=60, paragraph=2)]
    facts = ("【商标群 2026-05-21】甲：银楼柜台里有假冒“某福”商标的银镯子40件。乙：这家以前有过吗？"
             "甲：2025年3月卖假“某某”牌银饰被我们罚过。")
    found = find_circumstances(facts)
    assert "repeat_not_within_year" in {c.key for c in found}  # 2025-03 against 2026-05: more than a year
    d = decide_tier(found, penalty=None, profile=NATIONAL, provisions=trademark, decision_date="2026-06-01")
    assert d.tier == "从重" and d.rule == "法定从重"
    # decided more than five years after the prior penalty: the rule is not shown to be met
    late = decide_tier(find_circumstances(facts), penalty=None, profile=NATIONAL, provisions=trademark,
                       decision_date="2030-06-01")
    assert late.rule != "法定从重"


def test_a_small_reach_is_slight_harm_beside_a_stated_absence_of_harm():
    """An ad few people saw (阅读量86次) did slight harm (第三十三条第一款后段 with a first offence and a prompt
    correction) but does not undo a stated absence of harm (没收到投诉): the 应当不予 reading stands."""
    found = find_circumstances("推文挂了两天，阅读量86次，没花广告费。老板当场删了。没收到顾客投诉。")
    assert {"reach_small", "harm_none", "corrected"} <= {c.key for c in found}
    d = decide_tier(found, penalty=None, profile=NATIONAL)
    assert d.tier == "不予处罚"
    first = decide("当事人系初次违法，公众号文章阅读量一共312次，当天即删除了该文章。", penalty=None, profile=NATIONAL)
    assert first.tier == "不予处罚" and first.rule == "行政处罚法33.1后段"


def test_a_prior_penalty_is_measured_against_the_present_case_not_the_sampling_that_led_to_it():
    """2026年3月抽检…2026年5月因此被罚…10月9日再次抽检: the earlier sampling dates the prior case, not this one; the
    repetition is within a year."""
    facts = ("2026年3月，我局抽检其生产的馒头检出甜蜜素，当事人于2026年5月因此被我局处以罚款八千元。"
             "2026年10月9日再次抽检，其馒头仍检出甜蜜素。")
    assert "repeat_within_year" in {c.key for c in find_circumstances(facts)}


# --- an aggravation beside a statutory ground (2026-12-06, sentence composed here)

def test_an_aggravation_beside_a_statutory_ground_keeps_the_penalty_at_the_minimum_or_above():
    facts = ("2026年5月1日检查发现当事人销售过期洗发水5瓶，货值金额三百元。当事人2026年1月曾因销售过期化妆品被我局处罚。"
             "立案后当事人主动联系已购顾客退款并收回产品。")
    d = decide(facts, act_date="2026-05-01", penalty=FOOD_124, provisions=FOOD)
    assert d.tier == "从轻" and d.rule == "行政处罚法32"  # 小过重罚 alone would reduce; the repetition keeps it at 从轻
    assert any("不再减轻" in r for r in d.reasons)
    alone = decide("当事人销售过期洗发水5瓶，货值金额三百元。立案后当事人主动联系已购顾客退款并收回产品。",
                   act_date="2026-05-01", penalty=FOOD_124, provisions=FOOD)
    assert alone.tier == "减轻"


def test_should_have_known_alone_is_no_aggravation():
    d = decide("当事人销售过期饼干3袋，货值金额四十元。当事人作为经营者理应知道保质期的规定。", penalty=FOOD_124,
               provisions=FOOD)
    assert d.tier != "从重"


# --- an amount said only to lie below a figure (2026-12-06: the chat's 经营过期食品货值不足一万元 + 那一年内第二次呢)

def test_an_amount_below_a_figure_chooses_the_band_below_it():
    from assistant.discretion import amounts_from
    amounts = amounts_from(find_circumstances("经营过期食品货值不足一万元，一年内第二次。"))
    r = fine_range(FOOD_124, "从重", NATIONAL, amounts)
    assert r is not None and (r.min, r.max) == (85_000, 100_000)  # the 5万–10万 band, its highest 30%
    assert "不足10,000元" in r.basis and "10倍" not in r.basis


def test_a_figure_beside_a_bound_is_the_amount():
    from assistant.discretion import amounts_from
    amounts = amounts_from(find_circumstances("货值850元，不足一万元。"))
    assert amounts["货值金额"] == 850


def test_a_multiple_needs_the_figure_not_a_bound():
    from assistant.discretion import amounts_from
    from assistant.fines import fine_questions
    amounts = amounts_from(find_circumstances("货值金额不足十万元。"))  # a bound above the 一万元 threshold decides nothing
    assert fine_range(FOOD_124, "一般", NATIONAL, amounts) is None
    assert any("货值金额是多少" in q for q in fine_questions(FOOD_124, amounts))


def test_a_warning_first_violation_put_right_at_once_without_harm_is_minor_even_in_food():
    """食品安全法第一百二十六条第一款 (警告; a fine only on 拒不改正) is the law's lightest grade: a helper's health
    certificate renewed the same day, nobody unwell, no record → 第三十三条第一款 (the officer can strike the reading)."""
    conditional = StatutoryPenalty(order_correction=True, warning=True,
                                   fines=[FineRule(kind="fixed", min=5_000, max=50_000, text="拒不改正的，处五千元以上五万元以下罚款")])
    health = [Provision(law="中华人民共和国食品安全法", article=126, paragraph=1, item=6)]
    facts = ("后厨帮工张某健康证5月31日到期，过期24天还在切菜配菜。当场让她先出了后厨，当天下午就带人去医院体检了，"
             "今天复查，新健康证拿到了。这阵子也没有食客反映吃出问题。")
    d = decide(facts, penalty=conditional, provisions=health)
    assert d.tier == "不予处罚" and d.rule == "行政处罚法33.1"
    assert any("认定为违法行为轻微" in r for r in d.reasons)
    # a fine due outright in food keeps the conservative reading
    outright = StatutoryPenalty(order_correction=True, warning=True,
                                fines=[FineRule(kind="fixed", min=5_000, max=50_000, text="处五千元以上五万元以下罚款")])
    assert decide(facts, penalty=outright, provisions=health).tier != "不予处罚"


def test_a_period_of_dates_longer_than_a_quarter_is_no_minor_violation():
    """违法行为轻微 is not inferred for an act that lasted more than MINOR_MAX_DAYS, whether the length is told as a count
    (四个多月) or as a period of dates (2025年11月至2026年4月: at least 122 days)."""
    light = StatutoryPenalty(order_correction=True, fines=[FineRule(kind="fixed", min=0, max=5_000, text="处五千元以下的罚款")])
    long = decide("当事人自2025年11月至2026年4月在网店首页未公示营业执照信息，检查当场即补充公示，未接到消费者投诉。", penalty=light)
    assert "minor_violation" not in {c.key for c in long.derived} and long.tier != "不予处罚"
    assert any("超过90天" in r for r in long.reasons)
    short = decide("当事人自2026年1月10日至1月25日在网店首页未公示营业执照信息，检查当场即补充公示，未接到消费者投诉。", penalty=light)
    assert "minor_violation" in {c.key for c in short.derived} and short.tier == "不予处罚"


def test_goods_of_a_life_and_health_kind_do_not_make_a_rule_on_what_a_trader_shows_one_of_life_and_health():
    # a food shop's licence not shown in its online store (电子商务法第十五条, 第七十六条): the goods are food, the rule
    # protects no one's health — put right at once, without harm, it is read as minor (第三十三条第一款)
    facts = ("某食品店网店资质页上传失败，一直显示“审核中”，未公示营业执照信息。老板当场重新上传，平台审核通过，页面已可见证照。"
             "冇食品安全投诉。")
    shown = decide(facts, provisions=[Provision(law="中华人民共和国电子商务法", article=76, paragraph=1, item=1)])
    assert (shown.tier, shown.rule) == ("不予处罚", "行政处罚法33.1")
    # the same words where a food-safety rule is broken: life and health, no inferred minor violation
    food = decide(facts, provisions=FOOD)
    assert food.rule != "行政处罚法33.1"


def test_overcharges_not_refunded_when_the_orders_time_ran_out_are_aggravated_by_the_price_rules():
    facts = "灯箱菜单按斤标价，结账按两算，14桌多收6900多元。下了责令退还通知书，限十天，到期一桌都没退。"
    d = decide(facts, provisions=[Provision(law="中华人民共和国价格法", article=40, paragraph=1)])
    assert d.tier == "从重"
    assert any(p.law == "价格违法行为行政处罚规定" and p.article == 17 for p in d.basis)


def test_the_same_act_fined_before_is_not_fined_again():
    # 行政处罚法第二十九条: no second fine for the same act; a criminal suspicion still goes first
    d = decide("外区市场监管局已于2026年3月2日就同一详情页的同一宣传内容对该公司作出罚款决定并已执行。",
               provisions=[Provision(law="反不正当竞争法", article=9, paragraph=1)])
    assert d.tier == "不予处罚" and d.rule == "行政处罚法29" and d.mandatory
    assert Provision(law="行政处罚法", article=29) in d.basis
    d = decide("同一违法行为不得给予两次罚款，应择一按罚款数额较高的规定处罚；当事人系初次违法。",
               provisions=[Provision(law="食品安全法", article=124, paragraph=1, item=1)])
    assert d.rule != "行政处罚法29"
    d = decide("同一违法行为已被县局罚款五千元。仓库查获假冒注册商标的运动鞋3260双，非法经营数额五十余万元，涉嫌犯罪。",
               provisions=[Provision(law="商标法", article=57, item=3)])
    assert d.tier == "移送"


def test_a_clause_that_only_orders_a_correction_gives_no_penalty_unless_serious():
    """产品质量法第五十四条: a label short of 第二十七条 is ordered corrected; a fine only for a packed product's missing
    warnings or dates, 情节严重. A missing factory address with nothing serious: no penalty to weigh (不予, the order
    to correct is no penalty, 行政处罚法第二十八条第一款), and the officer is asked whether it is serious."""
    from ingest.penalty_parse import parse_penalty

    penalty = parse_penalty("产品标识不符合本法第二十七条规定的，责令改正；有包装的产品标识不符合本法第二十七条第（四）项、第（五）项"
                            "规定，情节严重的，责令停止生产、销售，并处违法生产、销售产品货值金额百分之三十以下的罚款；有违法所得的，"
                            "并处没收违法所得。")
    clause = [Provision(law="产品质量法", article=27, paragraph=1, item=2), Provision(law="产品质量法", article=54)]
    d = decide("货架上的花洒套装24盒，外包装无生产厂厂址，厂名真实。", penalty=penalty, provisions=clause)
    assert d.tier == "不予处罚" and d.rule == "法定仅责令改正"
    assert any("情节严重" in q for q in d.questions)
    refused = decide("花洒套装外包装无生产厂厂址，当事人拒不改正。", penalty=penalty, provisions=clause)
    assert refused.tier != "不予处罚"


# --- thirty-second session (facts composed here) ---------------------------------------------------------------------

def test_a_price_violation_with_a_wide_impact_is_the_price_rules_own_aggravation():
    """价格违法行为行政处罚规定第十七条第二款第（一）项: 社会影响较大 → 应当从重 (mass complaints, the press)."""
    provisions = [Provision(law="价格法", article=14, item=6), Provision(law="价格违法行为行政处罚规定", article=8)]
    d = decide("收购玉米时压级压价，数十名农户到县信访局反映，县电视台作了报道。", provisions=provisions)
    assert (d.tier, d.rule) == ("从重", "法定从重")
    assert Provision(law="价格违法行为行政处罚规定", article=17, paragraph=2, item=1) in d.basis
    # the same press outside a price matter is no ground of the guidance
    assert decide("县电视台作了报道。", provisions=[Provision(law="广告法", article=58)]).tier != "从重"


def test_a_pharmacys_documented_checks_and_a_lab_only_defect_are_the_evidence_of_the_2026_drug_rule():
    """药品管理法实施条例第八十六条 (from 2026-05-15, 免予处罚, 应当): documented checks and a defect only a laboratory
    finds are presumed to show the pharmacy did not know; the officer is asked to confirm."""
    provisions = [Provision(law="药品管理法", article=98), Provision(law="药品管理法", article=117, paragraph=1)]
    facts = ("药房销售的板蓝根颗粒经抽检含量测定不符合规定，属劣药。从有批发资质的医药公司购进，随货同行单、发票、"
             "供货方资质证明及检验报告齐全，验收记录完整，能说明进货来源。")
    d = decide(facts, provisions=provisions, act_date="2026-06-02")
    assert (d.tier, d.rule) == ("免予处罚", "药品条例86")
    assert any("推定" in q for q in d.questions)
    # before the rule took effect there is no such exemption
    assert decide(facts, provisions=provisions, act_date="2026-03-02").rule != "药品条例86"


def test_the_money_in_dispute_between_partners_is_no_violation_beyond_the_dispute():
    d = decide("驿站是他和大舅子合伙开的，约定利润对半分。今年两人闹翻，近三个月的代收费和团购佣金约2.6万元一分没分给他。")
    assert (d.tier, d.rule) == ("不适用", "非行政处罚事项")


def test_an_online_food_shops_licence_not_on_its_front_page_can_be_minor():
    """网络交易监督管理办法 governs what a trader shows online, not the goods' safety (not_life_health_laws): a food shop's
    licence shown only on some product pages, put on the front page the same day, no complaint → 违法行为轻微."""
    provisions = [Provision(law="网络交易监督管理办法", article=42), Provision(law="电子商务法", article=76, paragraph=1, item=1)]
    penalty = StatutoryPenalty(order_correction=True, fines=[FineRule(kind="fixed", max=10_000, text="可以处一万元以下的罚款")])
    facts = ("风干牛肉网店首页未公示营业执照和食品生产许可信息，证照照片仅放在个别商品详情页。电话告知后当事人当天下午即在首页"
             "上传营业执照和许可证信息链接，经复核已规范公示。未收到投诉。")
    d = decide(facts, provisions=provisions, penalty=penalty)
    assert (d.tier, d.rule) == ("不予处罚", "行政处罚法33.1")


def test_a_fine_after_an_overrun_told_once_for_the_whole_clause_is_conditional():
    """医疗器械监督管理条例第八十四条: 责令限期改正；逾期不改正的，没收…；货值金额不足1万元的，并处…罚款 — the fines wait
    for the overrun though their own words do not repeat it; a fine before the condition, or in another sentence, does not."""
    from assistant.discretion import fine_is_conditional
    text = ("责令限期改正；逾期不改正的，没收违法所得、违法生产经营的医疗器械；违法生产经营的医疗器械货值金额不足1万元的，"
            "并处1万元以上5万元以下罚款；货值金额1万元以上的，并处货值金额5倍以上20倍以下罚款")
    waits = StatutoryPenalty(text=text, fines=[FineRule(kind="fixed", min=10_000, max=50_000, text="1万元以上5万元以下罚款"),
                                               FineRule(kind="multiple", min=5, max=20, base="货值金额", text="货值金额5倍以上20倍以下罚款")])
    assert fine_is_conditional(waits)
    before = StatutoryPenalty(text="处1万元以上5万元以下罚款；逾期不改正的，处5万元以上10万元以下罚款",
                              fines=[FineRule(kind="fixed", min=10_000, max=50_000, text="1万元以上5万元以下罚款"),
                                     FineRule(kind="fixed", min=50_000, max=100_000, text="5万元以上10万元以下罚款")])
    assert not fine_is_conditional(before)
    other_sentence = StatutoryPenalty(text="逾期不改正的，责令停业。处1万元以上5万元以下罚款",
                                      fines=[FineRule(kind="fixed", min=10_000, max=50_000, text="1万元以上5万元以下罚款")])
    assert not fine_is_conditional(other_sentence)


def test_knowledge_that_the_conduct_rule_requires_is_not_also_aggravation():
    """反不正当竞争法第十条: a third party who 明知 the information was taken and uses it infringes — the 明知 defines the
    violation (its rule's text is part of what defines an item that names its rule by number), so it aggravates nothing."""
    facts = "当事人明知上述资料来源，仍于2025年11月至2026年3月据此向客户报价，获利9.8万元。当事人无其他违法记录。"
    conduct = ("违反本法第十条规定侵犯商业秘密\n第十条 …第三人明知或者应知商业秘密权利人的员工、前员工或者其他单位、个人实施本条"
               "第一款所列违法行为，仍获取、披露、使用或者允许他人使用该商业秘密的，视为侵犯商业秘密。")
    assert decide(facts).tier == "从重"
    d = decide(facts, conduct=conduct, provisions=[Provision(law="反不正当竞争法", article=26)])
    assert d.tier == "一般" and any("构成要件" in r for r in d.reasons)


def test_the_partys_claim_of_not_knowing_is_named_once():
    """The reading's label already says who claims it (当事人称不知道): the questions and reasons do not say 当事人 twice."""
    facts = "当事人销售的电暖器经抽检泄漏电流不合格，当事人称不知道，供货商是某某电器厂，送货单都在。"
    d = decide(facts, penalty=QUALITY_49, provisions=[Provision(law="产品质量法", article=13), Provision(law="产品质量法", article=49)])
    assert any("当事人称不知道" in t for t in d.questions + d.reasons)
    assert not any("当事人当事人" in t for t in d.questions + d.reasons)


# --- bases told as none or as what the goods sold for ------------------------------------------------------------------
PRICE_7 = StatutoryPenalty(fines=[
    FineRule(kind="multiple", max=5, base="违法所得", text="处违法所得5倍以下的罚款"),
    FineRule(kind="fixed", min=50_000, max=500_000, condition=Threshold(base="违法所得", op="<=", value=0),
             text="没有违法所得的，处5万元以上50万元以下的罚款"),
])


def test_an_ad_that_cost_nothing_takes_the_clause_for_a_fee_that_cannot_be_counted():
    facts = "门口小黑板上写着自制阿胶糕治贫血、失眠，是店主自己写的，没花钱做广告。"
    amounts = amounts_from(find_circumstances(facts))
    assert amounts.get("广告费用") == 0.0
    fr = fine_range(AD_58, "一般", NATIONAL, amounts)
    assert fr is not None and (fr.min, fr.max) == (130_000, 170_000)
    assert "无法计算" in fr.basis
    # a fee stated is multiplied as before
    fr = fine_range(AD_58, "一般", NATIONAL, {"广告费用": 10_000.0})
    assert (fr.min, fr.max) == (16_000, 24_000)


def test_a_gain_that_cannot_be_fixed_is_read_as_none_gained():
    facts = "当事人虚构原价1599元促销，共成交2316台，违法所得无法确定。"
    circumstances = find_circumstances(facts)
    income = [c for c in circumstances if c.key == "illegal_income"]
    assert [c.value for c in income] == [0.0] and income[0].quote == "违法所得无法确定"
    fr = fine_range(PRICE_7, "从重", NATIONAL, amounts_from(circumstances))
    assert fr is not None and (fr.min, fr.max) == (365_000, 500_000)
    # none gained says nothing of the scale: no 违法行为轻微 read from it
    d = decide("当事人未按规定明码标价，当场改正，未造成危害后果，没有违法所得。", penalty=PRICE_7)
    assert not any(c.key == "minor_violation" and "不超过" in (c.label or "") for c in d.derived)


def test_the_goods_sold_are_valued_at_what_they_sold_for_when_no_goods_value_is_told():
    facts = "今年1月起在店里现煮酸梅汤卖给堂食客人，一直没去加项目，到5月检查时一共卖了约1.16万元。"
    circumstances = find_circumstances(facts)
    assert amounts_from(circumstances)["货值金额"] == 11_600
    fr = fine_range(FOOD_124, "从轻", NATIONAL, amounts_from(circumstances))
    assert fr is not None and (fr.min, fr.max) == (116_000, 150_800)
    # a goods value told wins; a profit (获利) is no selling price
    told = find_circumstances("涉案酸梅汤货值金额2万元，其中一共卖了约1.16万元。")
    assert amounts_from(told)["货值金额"] == 20_000
    assert "货值金额" not in amounts_from(find_circumstances("当事人获利9.8万元。"))


def test_more_than_a_month_is_no_short_act():
    """超了一个多月 may be up to 59 days: no small scale read from it (MINOR_SHORT_DAYS is 30)."""
    d = decide("客梯定期检验超了一个多月，负责人当场把电梯停了，没出过事故，以前也没被查过。", penalty=None)
    assert not any(c.key == "minor_violation" for c in d.derived)
    d = decide("价签没贴，只挂了5天，当场补上了，没有顾客投诉，以前也没被查过。", penalty=None)
    assert d.tier != "一般" or any("5天" in r for r in d.reasons)


def test_an_article_that_protects_health_and_safety_by_its_own_words_touches_life_and_health():
    """产品质量法第四十九条 (goods short of the standards that 保障人体健康和人身、财产安全: an e-bike whose speed limiter was
    removed) touches life and health although the law as a whole does not (its labels, 第二十七条, do not): a first offence
    put right without harm is then weighed, not exempted under 第三十三条第一款 without a list entry."""
    facts = "当事人此前无违法记录，发现后当即停止销售，经回访未发生交通事故。"
    safety = decide(facts, provisions=[Provision(law="中华人民共和国产品质量法", article=49)])
    label = decide(facts, provisions=[Provision(law="中华人民共和国产品质量法", article=27)])
    assert label.tier == "不予处罚" and safety.tier != "不予处罚" and not safety.rule.startswith("行政处罚法33")


def test_a_mediated_damage_claim_where_the_check_found_the_price_as_agreed_is_no_penalty_matter():
    """(2026-12-07; composed here) the sum the trader was paid, in the sentence where the check found it charged as
    agreed, tells no gain from a violation: the complaint is a consumer dispute, 不适用."""
    facts = ("投诉人称委托某某搬家服务部搬家时衣柜被磕坏，要求赔偿。核查：双方约定包干价900元，实际收款900元，无额外加价。"
             "经我所组织调解，被投诉人赔偿300元，投诉人当场确认。")
    assert decide(facts).tier == "不适用"
    assert decide(facts.replace("无额外加价", "另收楼层费200元")).tier != "不适用"


def test_a_plea_of_not_knowing_without_any_paper_at_the_buying_is_no_proof_of_no_fault():
    """(2026-12-08; composed here) 第三十三条第二款 needs evidence: the seller's phone number is a source, but goods bought
    off a passing tricycle with no paper asked for leave no diligence to rest on."""
    facts = ("问：抽检结果这个蓬灰铅超标了，你知道不？答：不知道么。问：从哪里进的？答：从一个骑三轮的老汉手里买的，"
             "没要啥票。我手机上有他电话和微信转账记录。")
    assert decide(facts).rule != "行政处罚法33.2"
    assert decide(facts.replace("没要啥票", "要了他的营业执照和检验报告")).rule == "行政处罚法33.2"
