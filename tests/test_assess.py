"""The case workflow end to end on the small real index (行政处罚法, 食品安全法, 广告法, 商标法,
明码标价和禁止价格欺诈规定, 产品质量法, with their derived items and the authored items): matching
violation items from everyday wording, and assess() on realistic facts."""
from __future__ import annotations

import pytest

from assistant.assess import assess, conduct_overlap, conduct_sentence, match_violations
from core.models import Profile, Provision

NATIONAL = Profile(profile_id="national", scheme=["不予处罚", "免予处罚", "减轻", "从轻", "一般", "从重"],
                   range_fractions={"从轻": (0.0, 0.3), "一般": (0.3, 0.7), "从重": (0.7, 1.0)},
                   mitigated_floor=0.1)
VIS = ("public", "internal")


def _articles(violations) -> set[tuple[str, int]]:
    return {(p.law.removeprefix("中华人民共和国"), p.article) for v in violations for p in v.violated + v.penalty_basis}


def _top(facts: str, retriever, on: str = "2024-06-01"):
    return match_violations(facts, retriever, on=on, region=None, visibility=VIS)


def test_conduct_sentence_drops_the_circumstances():
    facts = "社区小卖部在售6瓶假冒某品牌洗发水。店主能如实说明进货来源，对假货并不知情。"
    assert conduct_sentence(facts) == "社区小卖部在售6瓶假冒某品牌洗发水"
    # the first sentence is all circumstances: the next one states the conduct
    assert conduct_sentence("当事人系初次违法。当事人在店内销售过期牛奶。") == "当事人在店内销售过期牛奶"


def test_conduct_overlap_weights_the_shared_wording():
    idf = {"保质": 3.0, "质期": 3.0, "经营": 0.1}
    full, _ = conduct_overlap("店内销售超过保质期的牛奶", "经营超过保质期的食品", idf, 1.0)
    none, mass = conduct_overlap("店内销售无标签糕点", "经营超过保质期的食品", idf, 1.0)
    assert full > 0.5 and none < 0.1 and mass < 1


def test_matches_heavy_metal_food_with_its_violated_provision(retriever):
    top = _top("某超市销售的一批大米经抽检镉含量超过食品安全标准限量，货值金额1800元。", retriever)
    assert top and {("食品安全法", 34), ("食品安全法", 124)} <= _articles(top[:1])


def test_matches_fake_brand_goods_to_the_trademark_item(retriever):
    top = _top("服饰店在售12件假冒某知名运动品牌的运动鞋，违法经营额4200元，店主称不知道是假货。", retriever)
    assert {("商标法", 57), ("商标法", 60)} <= _articles(top)


def test_matches_absolute_terms_in_an_ad(retriever):
    top = _top("奶茶店在门店海报上宣称其奶茶“全市最好喝、国家级口感”。", retriever)
    assert ("广告法", 9) in _articles(top[:1]) and ("广告法", 57) in _articles(top[:1])


def test_assess_innocent_seller_of_fakes(retriever):
    a = assess("社区小卖部被查出在售6瓶假冒某品牌洗发水。店主能提供批发商开具的进货发票，并指认了供货商，对假货并不知情。",
               retriever=retriever, act_date="2024-08-02", as_of="2024-09-01", discovery_date="2024-08-10",
               profile=NATIONAL)
    assert a.tier == "不予处罚" and a.tier_rule == "商标法60.2"
    assert ("商标法", 60) in {(p.law, p.article) for p in a.tier_basis}
    assert a.fine_range is None


def test_assess_small_price_tag_lapse_corrected_on_the_spot(retriever):
    a = assess("检查发现某文具店有3种商品未标明价格，店主当场补齐价签，未造成消费者损失。", retriever=retriever,
               act_date="2024-05-10", as_of="2024-06-01", discovery_date="2024-05-10", profile=NATIONAL)
    assert ("价格法", 13) in _articles(a.violations[:1])
    # the rule of 明码标价和禁止价格欺诈规定 that the item restates is cited beside the statute's (its 第二十二条)
    assert ("明码标价和禁止价格欺诈规定", 5) in _articles(a.violations[:1])
    assert a.tier == "不予处罚" and a.tier_rule == "行政处罚法33.1"
    minor = next(c for c in a.circumstances if c.key == "small_scale")
    assert minor.quote == "3种"
    assert any("违法行为轻微" in r for r in a.reasons)


def test_a_charge_never_marked_is_the_extra_charge_conduct_with_its_rule(retriever):
    # 价格违法行为行政处罚规定第十三条第（三）项, not （一）: the price was marked, a fee beside it was not
    top = _top("某茶餐厅自6月起结账时对每位堂食顾客收取茶位费5元，菜单和店内价目表均未标示该项费用。", retriever)
    first = top[0]
    assert first.item_id == "authored:price-extra-charge"
    assert ("明码标价和禁止价格欺诈规定", 8) in _articles([first])
    assert any(p.article == 13 and p.paragraph == 2 for p in first.violated)
    assert any(p.article == 13 and p.item == 3 for p in first.penalty_basis)


def test_assess_expired_food_keeps_asking_whether_minor(retriever):
    # same shape of facts, but food: 违法行为轻微 is never inferred, the officer is asked
    a = assess("村口小卖部在售3包过期2天的方便面，货值15元，店主当场下架，积极配合调查。", retriever=retriever,
               act_date="2024-11-06", as_of="2024-12-01", discovery_date="2024-11-06", profile=NATIONAL)
    assert ("食品安全法", 124) in _articles(a.violations[:1])
    assert a.tier == "减轻"  # 5万 minimum against a 15-yuan case: 起罚点过高
    assert any("违法行为是否轻微" in q for q in a.questions)


def test_assess_repeat_trademark_infringement_is_aggravated_by_statute(retriever):
    a = assess("服装店五年内第二次因销售假冒注册商标的服装被查，本次违法经营额8万元。", retriever=retriever,
               act_date="2024-05-15", as_of="2024-06-01", discovery_date="2024-05-15", profile=NATIONAL)
    assert a.tier == "从重" and a.tier_rule == "法定从重"
    assert any("已销售的金额" in q for q in a.questions)  # referral cannot be ruled out yet


def test_a_prior_trademark_penalty_told_in_chat_dates_is_a_second_infringement_within_five_years(retriever):
    # two-digit years, a span of months with 月 said once, 卖假 for the subject: 商标法第六十条第二款 still reads it
    a = assess("网店假鞋那个 王某26年1到3月卖标某某注册商标的运动鞋 权利人鉴定全是假的 违法经营额一共4.3万 "
               "这人23年8月就因为卖假某某运动鞋被咱局罚过3万 不过隔了两年多了 不在一年里", retriever=retriever,
               as_of="2026-12-01", profile=NATIONAL)
    assert a.tier == "从重" and a.tier_rule == "法定从重"


def test_assess_drug_in_food_is_referred(retriever):
    a = assess("保健食品经营户销售的胶囊经检验含西地那非，货值约6千元，当事人承认知道添加了药物成分。",
               retriever=retriever, act_date="2024-06-11", as_of="2024-07-01", profile=NATIONAL)
    assert a.tier == "移送" and a.fine_range is None
    assert {("行政处罚法", 27)} <= {(p.law, p.article) for p in a.tier_basis}


def test_civil_dispute_is_not_a_penalty_matter_and_drafts_a_no_case_note(retriever):
    from assistant.draft import draft_reasoning
    from assistant.verify import StoreResolver

    a = assess("投诉人称其在某装修公司工作三个月，公司拖欠工资8000元未付，双方属于劳动争议，要求市场监管部门处罚该公司。",
               retriever=retriever, act_date="2026-03-01", as_of="2026-04-01")
    assert a.tier == "不适用"
    draft = draft_reasoning(a, resolver=StoreResolver(retriever.store, retriever.law_names))
    assert draft.kind == "不予立案处理意见"
    text = draft.raw_markdown()
    assert "拟不予立案" in text and "非行政处罚事项的情形" in text
    assert "罚款" not in text.split("三、处理意见")[1]


def test_a_sector_law_item_needs_facts_that_show_the_sector():
    from core.lawnames import short_law_name
    from retriever.sectors import foreign, load_sectors, sectors_shown

    law_sector, words = load_sectors()
    assert law_sector["食品安全法"] == "食品" and law_sector["化妆品监督管理条例"] == "化妆品"
    assert "面膜" in words["化妆品"] and "酸奶" in words["食品"]  # the latter from corpus/everyday_terms.yaml
    assert sectors_shown("美妆店那批补水面膜抽检菌落总数超标") == {"化妆品"}
    assert sectors_shown("停车场收费牌写着首小时5元，实际按每小时5元收") == set()
    food, general = short_law_name("中华人民共和国食品安全法"), short_law_name("产品质量法")
    shown = sectors_shown("美妆店那批补水面膜抽检菌落总数超标")
    assert foreign(food, shown) and not foreign(general, shown)
    assert not foreign(food, sectors_shown("超市卖的调制乳蛋白质不达标"))
    # a sector word inside a phrase of another thing (车行 in 电动车行) shows nothing of the sector
    assert "汽车" not in sectors_shown("电动车行老板：卖车时我口头说电池保一年") and "汽车" in sectors_shown("二手车行卖的车")
    # fireworks (2026-12-08): a sector of their own, so an innocent cosmetics seller's worked case vouches for no item of
    # a fireworks shop; a restaurant's 烟火气 shows no fireworks
    assert sectors_shown("某某烟花爆竹零售店销售的组合烟花单个药量超标") == {"烟花爆竹"}
    assert foreign(short_law_name("化妆品监督管理条例"), sectors_shown("组合烟花单个药量超标"))
    assert "烟花爆竹" not in sectors_shown("老街上的小吃店很有烟火气")



def test_a_plea_that_likens_the_case_to_food_shows_no_food(retriever):
    """A toy seller's plea (我听说卖食品的只要进货手续齐全就可以免罚) shows no food: the food items and their exemption
    (食品安全法第一百三十六条) do not apply to the toy, nor is the toy 食品 for 涉及生命健康安全; the facts' own food words
    still show food, and a note without punctuation is not cut whole."""
    from retriever.sectors import sectors_shown, without_analogies
    facts = ("陈述申辩（摘要）：我在景区码头开纪念品店，卖的“小猪泡泡棒”是从某某玩具厂直接进的，对方给了营业执照、3C证书、"
             "出厂检验报告，送货单和转账记录都在，一共进了600支，6块5一支。省里抽检说邻苯二甲酸酯超标，我真不知道。剩下的410支，"
             "检测结果出来当天就全部下架封存了。我听说卖食品的只要进货手续齐全就可以免罚，我的手续一样齐全，请求同样免予处罚。")
    assert "食品" in sectors_shown(facts) and "食品" not in sectors_shown(without_analogies(facts))
    assert sectors_shown(without_analogies("承办人拟参照食品安全法第一百三十六条对其免予处罚。")) == set()
    assert "网络交易" in sectors_shown(without_analogies("对比照片均为从网络下载的他人图片"))
    note = "韩姐 生鲜店那个鸡蛋案 抽检散装鲜鸡蛋检出氟苯尼考 他们申请免罚 这个咋定档"
    assert "食品" in sectors_shown(without_analogies(note))
    a = assess(facts, retriever=retriever, act_date=None, as_of="2026-12-01")
    assert a.violations and a.violations[0].penalty_basis[0].law.endswith("产品质量法")
    assert a.tier != "免予处罚" and "食品安全法136" not in a.tier_rule
    assert not any(c.key == "life_health_domain" and c.quote == "食品" for c in a.circumstances)


def test_the_closest_published_case_names_the_provisions_it_cited(retriever):
    """The third route of match_violations: the published cases closest to the facts, with the conduct rules and
    penalty clauses they cited (行政处罚法 left out: it says how, not what was violated)."""
    from assistant.assess import CASE_DEPTH, _case_route

    facts = ("某眼镜公司在官网宣传其镜片“经临床证明能延缓近视加深”，数据来自一篇临床论文，"
             "但广告未注明论文出处，也未说明适用人群年龄等范围。")
    ranks = _case_route(facts, retriever, visibility=("public", "internal"))
    assert ranks.get(("广告法", 11)) == 0
    assert all(law != "行政处罚法" for law, _ in ranks) and max(ranks.values()) < CASE_DEPTH


def test_a_worked_case_naming_a_whole_article_speaks_for_the_item_its_facts_describe(retriever):
    """A worked case cites 食品安全法第一百二十四条 without its item: of the article's thirteen items it credits the one
    its facts describe (食品添加剂), and the others in proportion to what of them its facts share."""
    from assistant.assess import _article_items, _conduct_idf, _sibling_fit, _worked_credit

    idf, default = _conduct_idf(retriever)
    key = ("食品安全法", 124)
    conducts = [c for _, c in _article_items(retriever, key)]
    assert len(conducts) > 5
    case = "某面包店生产的面包中检出甜蜜素，该面包不得使用甜蜜素，属于超范围使用食品添加剂。"
    worked = {(*key, None): [(0.9, case)]}
    credit = {c: _worked_credit(worked, key, 1, _sibling_fit(retriever, key, c, idf, default)) for c in conducts}
    best = max(credit, key=credit.get)
    assert "食品添加剂" in best and credit[best] == pytest.approx(0.9)
    assert sorted(credit.values())[len(credit) // 2] < 0.45  # most items of the article get less than half
    # an article with one item keeps the whole credit whatever the case says
    assert _sibling_fit(retriever, ("不存在的法", 1), "任何行为", idf, default)("无关的事实", None) == 1.0


def test_goods_passed_off_as_better_ones_are_the_adulteration_item_not_a_failed_standard(retriever):
    """铜包铝 sold as 纯铜 is 以次充好 (产品质量法第五十条, 货值金额百分之五十以上三倍以下), not a product that failed a
    safety standard (第四十九条)."""
    a = assess("2026年3月，当事人五金店以“纯铜BV2.5”名义销售电线，经检测导体为铜包铝，库存货值约2万元。", retriever=retriever,
               as_of="2026-12-01", profile=NATIONAL)
    assert a.violations[0].penalty_basis[0].cite() == "《产品质量法》第五十条"
    assert "10,000元–60,000元" in a.fine_range.basis  # 20,000 × 0.5–3


@pytest.mark.parametrize("facts, stated", [
    ("米粉标签上生产者地址只写到镇一级，其余标注齐全，不影响食品安全，也不会让人误解。", True),
    ("豆干标签将食用盐标注为盐，标签瑕疵不影响食品安全，也不会对消费者造成误导。", True),
    ("漏标添加剂不属于不影响食品安全、不会误导消费者的标签瑕疵。", False),  # the condition denied
    ("代餐粉标签未标示营养成分表，货值7350元。", False),  # not stated
])
def test_a_lighter_paragraph_is_chosen_where_the_facts_state_its_condition(retriever, facts, stated):
    """食品安全法第一百二十五条第二款 carves 标签瑕疵 (不影响食品安全且不会对消费者造成误导) out of 第一款第（二）项."""
    from assistant.assess import _condition_stated, _conduct_idf

    idf, default = _conduct_idf(retriever)
    flaw = "生产经营的食品、食品添加剂的标签、说明书存在瑕疵但不影响食品安全且不会对消费者造成误导"
    assert _condition_stated(facts, flaw, idf, default) is stated
    assert not _condition_stated(facts, "生产经营无标签的预包装食品、食品添加剂", idf, default)  # no condition to meet


def test_a_slip_of_the_pen_in_a_label_states_the_flaw_and_the_carve_out_goes_before_the_general_item(retriever):
    """配料表中“白砂糖”错写为“白沙糖” is the flaw (瑕疵) of 食品安全法第一百二十五条第二款, not a label against the law (第一款):
    the special paragraph whose condition the facts state is chosen before its general sibling, and the fine it
    conditions on a refusal is not due after the correction."""
    from assistant.assess import _condition_stated, _conduct_idf

    idf, default = _conduct_idf(retriever)
    flaw = "生产经营的食品、食品添加剂的标签、说明书存在瑕疵但不影响食品安全且不会对消费者造成误导"
    assert _condition_stated("配料表中白砂糖错写为白沙糖。", flaw, idf, default, minor=True)
    assert not _condition_stated("配料表中白砂糖错写为白沙糖。", flaw, idf, default, minor=False)
    assert not _condition_stated("漏标添加剂不属于不影响食品安全的瑕疵。", flaw, idf, default, minor=True)  # denied
    a = assess("现场检查笔录（摘要）：货架上自产预包装桃酥共37袋，每袋12元。标签配料表中“白砂糖”错写为“白沙糖”，"
               "抽查桃酥感官正常。当场责令改正。两日后回访，店内已重新印制标签，37袋全部更换。", retriever=retriever,
               as_of="2026-12-01", profile=NATIONAL)
    assert (a.violations[0].penalty_basis[0].article, a.violations[0].penalty_basis[0].paragraph) == (125, 2)
    assert a.tier == "不予处罚"


def test_a_documents_title_is_no_conduct_sentence():
    from assistant.assess import conduct_sentences

    text = "询问笔录（摘，2026年3月18日复查，某某物流园有限公司负责人）\n问：仓库里这2台叉车没办使用登记，用了多久了？"
    assert conduct_sentences(text)[0].startswith("问：仓库里这2台叉车没办使用登记")
    assert conduct_sentences("2026年2月26日询问笔录\n当事人销售过期牛奶三盒。")[0] == "当事人销售过期牛奶三盒"
    # a first sentence that states the conduct stays, and a title alone is kept (nothing else to search)
    assert conduct_sentences("当事人销售过期牛奶三盒。经查属实。")[0] == "当事人销售过期牛奶三盒"
    assert conduct_sentences("现场检查笔录摘要") == ["现场检查笔录摘要"]


def test_an_innocent_sellers_defence_does_not_choose_the_law(retriever):
    """进货发票、如实说明来源、并不知情 are the defence of a seller under any law: they do not make a garment that
    failed its test a trademark case (the published cases are searched with the conduct alone)."""
    facts = ("服装店销售的一批童装经抽检甲醛含量不符合强制性国家标准，货值2000元。店主有进货发票和供货商提供的检验报告，"
             "能如实说明进货来源，对不合格并不知情。")
    violations = match_violations(facts, retriever, on="2026-12-01", region=None, visibility=("public", "internal"))
    assert violations and violations[0].penalty_basis[0].law.endswith("产品质量法")


def test_the_version_chosen_for_an_act_date_keeps_the_paragraph_that_punishes(retriever):
    # 食品安全法第一百二十五条第二款 (a label flaw: a fine only on refusal to correct) has two versions; the one in force on
    # the act date is its second paragraph again, not the whole article's 货值 fines of the first
    a = assess("当事人生产的豆干标签配料表将食用盐标注为盐，字符高度低于标准要求，标签瑕疵不影响食品安全，也不会对消费者造成误导。"
               "本局于2月24日责令改正，当事人于2月26日重新印制标签，在库产品已全部更换。", retriever=retriever,
               act_date="2025-02-11", as_of="2026-12-01", profile=NATIONAL)
    assert a.violations[0].penalty_basis[0].paragraph == 2
    assert a.tier == "不予处罚" and a.tier_rule == "罚款条件未成就"
    assert any("2021-04-29" in r for r in a.reasons)  # the version in force on the act date was chosen


@pytest.mark.parametrize("after, fined", [
    ("执法人员指出后，当事人当场将在库产品全部贴签更正。", False),  # on the spot, no written order: nothing refused
    ("当事人称下一批再改。", True),
])
def test_a_fine_conditioned_on_refusal_is_not_due_after_an_on_the_spot_correction(retriever, after, fined):
    # 食品安全法第一百二十五条第二款: 标签瑕疵 … 责令改正；拒不改正的，处二千元以下罚款
    a = assess("2025年3月4日检查发现，当事人生产的豆干标签配料表将食用盐标注为盐，标签瑕疵不影响食品安全，"
               "也不会对消费者造成误导。" + after, retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    assert (a.violations[0].penalty_basis[0].article, a.violations[0].penalty_basis[0].paragraph) == (125, 2)
    assert (a.tier_rule == "罚款条件未成就") is not fined


def test_a_conduct_stated_after_the_summary_sentence_is_found(retriever):
    a = assess("立案审批表 案情摘要：群众举报某中学附近有人通过微信朋友圈出售自制网红曲奇。经查，当事人自2024年10月起在家中厨房"
               "烘烤曲奇，每盒25元，通过朋友圈销售，共售出约140盒，未取得任何食品生产经营许可。", retriever=retriever,
               as_of="2026-12-01", profile=NATIONAL)
    assert ("食品安全法", 122) in _articles(a.violations[:1])


def test_the_range_of_a_fine_that_waits_for_a_refusal_carries_the_condition(retriever):
    # 食品安全法第一百二十五条第二款: 拒不改正的，处二千元以下罚款; the facts show neither a correction nor a refusal
    a = assess("2025年3月4日检查发现，当事人生产的豆干标签配料表将食用盐标注为盐，标签瑕疵不影响食品安全，"
               "也不会对消费者造成误导。", retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    assert (a.violations[0].penalty_basis[0].article, a.violations[0].penalty_basis[0].paragraph) == (125, 2)
    assert "条件成就时适用" in a.fine_range.condition and not a.fine_range.basis.startswith("罚款以")
    assert any("逾期未改正或者拒不改正为条件" in q for q in a.questions)


LABEL_FLAW = ("当事人销售的食品标签上的配料表未标注所用食品添加剂，不影响食品安全。"
              "执法人员责令其改正，当事人当日即更换了标签。")


def test_a_close_candidate_of_another_clause_is_asked_about_with_the_tier_it_would_give(retriever):
    """Two items of 食品安全法第一百二十五条 score close: the general label item (第一款) and the flaw that misleads no
    one (第二款, fined only 拒不改正): the officer is asked to confirm the item and told that the second gives 不予处罚."""
    a = assess(LABEL_FLAW.replace("执法人员责令其改正，", ""), retriever=retriever, as_of="2024-06-01")
    assert a.item_uncertain and not a.confirmed
    flaw = next(v for v in a.violations if any(p.article == 125 and p.paragraph == 2 for p in v.penalty_basis))
    assert a.violations[0].item_id != flaw.item_id
    outcome = next(o for o in a.alternatives if o.item_id == flaw.item_id)
    assert outcome.tier == "不予处罚" and outcome.tier != a.tier
    assert a.questions[0].startswith("违法行为事项待确认") and "第一百二十五条第二款" in a.questions[0]
    assert "“不予处罚”" in a.questions[0]


def test_an_order_to_correct_and_its_outcome_put_the_item_whose_fine_waits_for_it_first(retriever):
    """The facts tell the order to correct and the correction after it (执法人员责令其改正，当事人当日即更换了标签): the
    procedure of the clause that fines only 拒不改正 (第二款), which ranks first; the general item, fined at once, is the
    close candidate the officer is asked about, with the tier it would give."""
    a = assess(LABEL_FLAW, retriever=retriever, as_of="2024-06-01")
    assert [(p.article, p.paragraph) for p in a.violations[0].penalty_basis] == [(125, 2)]
    assert (a.tier, a.tier_rule) == ("不予处罚", "罚款条件未成就")
    assert a.item_uncertain and a.questions[0].startswith("违法行为事项待确认") and "第一百二十五条第一款" in a.questions[0]
    assert "“一般”" in a.questions[0]


def test_the_item_the_officer_establishes_decides_the_tier(retriever):
    first = assess(LABEL_FLAW, retriever=retriever, as_of="2024-06-01")
    flaw = next(v for v in first.violations if any(p.paragraph == 2 for p in v.penalty_basis))
    a = assess(LABEL_FLAW, retriever=retriever, as_of="2024-06-01", item=flaw.item_id)
    assert a.violations[0].item_id == flaw.item_id and a.confirmed == [flaw.item_id]
    assert [v.item_id for v in a.established()] == [flaw.item_id]
    assert a.tier == "不予处罚" and a.tier_rule == "罚款条件未成就"
    assert not a.item_uncertain and not a.alternatives
    assert not any(q.startswith("违法行为事项待确认") for q in a.questions)
    # every candidate is still listed
    assert {v.item_id for v in a.violations} == {v.item_id for v in first.violations}


def test_an_item_that_is_no_candidate_is_refused_with_the_candidates(retriever):
    first = assess(LABEL_FLAW, retriever=retriever, as_of="2024-06-01")
    with pytest.raises(ValueError) as err:
        assess(LABEL_FLAW, retriever=retriever, as_of="2024-06-01", item="authored:no-such-item")
    assert "authored:no-such-item" in str(err.value) and first.violations[0].item_id in str(err.value)


def test_a_clear_item_asks_nothing_about_the_item(retriever):
    a = assess("当事人销售假冒某品牌的运动鞋20双，货值4000元。", retriever=retriever, as_of="2024-06-01")
    assert a.violations and any(p.article == 60 for p in a.violations[0].penalty_basis)
    assert not a.item_uncertain and not a.alternatives
    assert not any(q.startswith("违法行为事项待确认") for q in a.questions)


def test_an_article_the_facts_cite_decides_between_close_items(retriever):
    """承办人意见 naming 第一百二十五条第二款 picks the flaw that misleads no one over the general label item of the
    same article; without the citation the general item comes first."""
    facts = "当事人销售的食品标签上的配料表未标注所用食品添加剂，不影响食品安全。"
    plain = _top(facts, retriever)
    cited = _top(facts + "承办人意见：涉嫌违反《中华人民共和国食品安全法》第一百二十五条第二款。", retriever)
    second = lambda v: any(p.article == 125 and p.paragraph == 2 for p in v.penalty_basis)
    assert not second(plain[0]) and second(cited[0])
    # 行政处罚法 names no conduct: citing it moves nothing
    procedural = _top(facts + "依据《中华人民共和国行政处罚法》第三十二条从轻处罚。", retriever)
    assert procedural[0].item_id == plain[0].item_id


def test_an_item_about_a_duty_bearers_own_duty_needs_facts_that_show_that_role():
    from assistant.actors import load_actors, names_role, roles_not_shown

    def other_actor(conduct: str, facts: str) -> bool:  # as match_violations composes them, once per case
        return names_role(conduct, roles_not_shown(facts))

    operator = "集中交易市场开办者违反本办法第二十五条第二款规定，抽检发现场内食用农产品不符合食品安全标准，未按要求处理并报告"
    assert other_actor(operator, "东区8号摊主赵某卖的两筐土豆拿不出进货凭证，说批发商小票被雨淋烂扔了。")
    assert not other_actor(operator, "该农贸市场开办方未对入场销售者的进货凭证进行查验。")
    assert not other_actor("销售者违反本办法第八条第一款规定，未按要求索取进货凭证", "摊主拿不出进货凭证。")
    assert all(roles and words for roles, words in load_actors())


def test_a_malformed_actor_entry_is_a_clear_error(tmp_path):
    from assistant.actors import load_actors

    bad = tmp_path / "actors.yaml"
    bad.write_text("actors:\n  开办者:\n    roles: [开办者]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="开办者"):
        load_actors(bad)


# --- a prior penalty of another kind (2026-12-06; facts composed here)

AD_CASE = "2026年6月3日检查发现，某某美容店在门口海报上宣称其代售的减肥茶“三天瘦十斤、无效退款”，经查系虚假宣传的广告。"


def test_a_prior_penalty_for_another_kind_of_violation_is_no_repetition(retriever):
    a = assess(AD_CASE + "该店2026年2月曾因未明码标价被我局警告。", retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    keys = {c.key for c in a.circumstances}
    assert "repeat_within_year" not in keys and "not_first_offence" in keys
    prior = [c for c in a.circumstances if c.key == "not_first_offence"]
    assert len(prior) == 1 and "不是同一种违法行为" in prior[0].label and "明码标价" in prior[0].label
    assert a.tier != "从重"


def test_a_prior_penalty_for_the_same_kind_stays_a_repetition(retriever):
    a = assess(AD_CASE + "该店2026年2月曾因发布虚假广告被我局罚款。", retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    assert "repeat_within_year" in {c.key for c in a.circumstances}
    assert a.tier == "从重"


FOOD_CASE = "2026年6月3日检查发现，某某面馆在超市货架上摆放的3袋面条已超过保质期，仍在销售。"


@pytest.mark.parametrize("prior, repeated", [
    ("该店2026年2月曾因后厨人员无健康证明被我局警告。", False),  # 第一百二十六条, against 第一百二十四条: another kind
    ("该店2026年2月曾因销售过期食品被我局罚款。", True),
    # the penalty told a clause after its cause (2026-12-07, KX022's form)
    ("该店2026年2月因后厨人员无健康证明，经责令改正逾期未改，被我局罚款500元。", False),
])
def test_a_prior_penalty_under_another_clause_of_the_same_law_is_no_repetition(retriever, prior, repeated):
    """指导意见第十六条第（三）项 counts a prior penalty for the same kind of violation only: under the same law, a prior
    penalty whose cause the items punish under another clause is a prior record, not a repetition."""
    a = assess(FOOD_CASE + prior, retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    keys = {c.key for c in a.circumstances}
    assert ("repeat_within_year" in keys) is repeated
    if not repeated:
        prior_record = [c for c in a.circumstances if c.key == "not_first_offence"]
        assert len(prior_record) == 1 and "《食品安全法》第一百二十六条" in prior_record[0].label and "不是同一种违法行为" in prior_record[0].label


@pytest.mark.parametrize("prior", ["该店2026年2月曾因同样的问题被我局罚款。", "该店2026年2月曾因3号海报超期未撤被我局罚款。"])
def test_a_prior_penalty_that_only_points_back_stays_a_repetition(retriever, prior):
    """因同样的问题, or a numbered unit of the same things (3号机, 2号秤): the cause points back to the present kind."""
    a = assess(AD_CASE + prior, retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    assert "repeat_within_year" in {c.key for c in a.circumstances}


def test_a_seller_of_fakes_the_investigation_found_no_knowledge_of_is_not_fined(retriever):
    a = assess("检查发现当事人曹某在服饰店销售印有某运动品牌注册商标的T恤，经商标权利人辨认为侵权商品，库存57件。当事人系从某某服饰"
               "批发有限公司购进，提供了购销合同、银行转账凭证和增值税发票；如实提供了供货商地址和联系人，经协查属实。"
               "未发现当事人明知侵权的证据。", retriever=retriever, act_date="2024-08-14", as_of="2024-09-01", profile=NATIONAL)
    assert a.tier == "不予处罚" and a.tier_rule == "商标法60.2"
    assert any("明知" in q for q in a.questions)  # the officer confirms


def test_a_price_lapse_whose_overcharge_was_refunded_is_no_minor_violation(retriever):
    # money refunded was money taken: not 没有造成危害后果, so no 不予 under 第三十三条第一款
    a = assess("检查发现某文具店另收未标明的包装费，每单2元，共收取38单。当事人当场将38笔款项全部退还，并在价目表中删除该收费项目，"
               "未接到消费者投诉。", retriever=retriever, act_date="2024-05-10", as_of="2024-06-01", profile=NATIONAL)
    assert "mitigated_harm" in {c.key for c in a.circumstances}
    assert a.tier != "不予处罚" and "minor_violation" not in {c.key for c in a.circumstances}


def test_toxic_pesticide_sprayed_on_drying_fish_goes_to_the_police(retriever):
    a = assess("晒场赵某的鱼干作坊，晒架底下扫出三个敌敌畏空瓶。赵某称苍蝇多，兑水喷一喷，鱼干卖相好。库存鱼干三百二十斤，货值一万八千元。",
               retriever=retriever, act_date="2024-10-12", as_of="2024-11-01", profile=NATIONAL)
    assert a.tier == "移送"


def test_a_label_flaw_put_right_as_the_officers_told_is_not_fined(retriever):
    # the order is told in the question (让你联系厂家改标签) and the answer says it was done, a rhetorical question after it
    facts = ("询问笔录：问：上次检查指出你店里卖的花生酥配料表把“白砂糖”印成了“白沙糖”，让你联系厂家改标签，办了没有？"
             "答：办了，厂家寄来新标签，我都贴上了，你们上周不是来看过了么。")
    a = assess(facts, retriever=retriever, act_date="2024-05-01", as_of="2024-06-01", profile=NATIONAL)
    assert ("食品安全法", 125) in _articles(a.violations[:1])
    assert a.tier == "不予处罚" and a.tier_rule == "罚款条件未成就"
    pending = assess(facts.split("答：")[0] + "答：还没，厂家说下个月才能寄来。", retriever=retriever, act_date="2024-05-01",
                     as_of="2024-06-01", profile=NATIONAL)
    assert pending.tier != "不予处罚"


def test_an_enumerated_conduct_is_matched_on_its_own(retriever):
    from assistant.assess import _ENUMERATED
    text = "第七条 经营者不得实施下列混淆行为：（一）擅自使用他人包装、装潢；（二）擅自使用他人名称；（三）其他混淆行为。"
    assert [m.group(0) for m in _ENUMERATED.finditer(text)] == ["（一）擅自使用他人包装、装潢；", "（二）擅自使用他人名称；",
                                                                 "（三）其他混淆行为。"]


def test_a_conduct_that_names_its_article_in_any_words_is_read_with_that_article():
    from assistant.assess import _BY_REFERENCE
    assert _BY_REFERENCE.search("销售本法第七条规定的违法商品")
    assert _BY_REFERENCE.search("违反本法第七条规定实施混淆行为")
    assert not _BY_REFERENCE.search("销售侵犯注册商标专用权的商品")


def test_an_additive_named_by_a_spot_check_is_an_additive_beyond_its_limit(retriever):
    # 二氧化硫 is a food additive (GB 2760): its excess is 超限量使用食品添加剂 (食品安全法第三十四条第（四）项)
    top = _top("县局抽检，某超市销售的干黄花菜二氧化硫残留量超标，判定不合格。", retriever)
    assert ("食品安全法", 124) in _articles(top[:1]) and ("食品安全法", 34) in _articles(top[:1])
    assert "添加剂" in top[0].conduct


def test_a_similar_mark_used_on_a_shopfront_a_second_time_in_five_years_is_aggravated_by_the_trademark_law(retriever):
    a = assess("当事人某某茶饮店在门头、杯套上使用“耶语时光”标识，与权利人在餐饮服务上注册的“椰语时光”商标构成近似，"
               "违法经营额6.2万元。当事人2023年5月曾因在奶茶杯上使用他人注册商标被区局处罚，属于五年内第二次实施商标侵权。",
               retriever=retriever, act_date="2024-04-30", as_of="2024-06-01", profile=NATIONAL)
    assert ("商标法", 57) in _articles(a.violations[:1]) and ("商标法", 60) in _articles(a.violations[:1])
    assert "相同或者近似的商标" in a.violations[0].conduct
    assert a.tier == "从重"


def test_an_authored_item_is_read_in_the_version_its_numbers_belong_to(retriever):
    # the authored trademark items cite 商标法 2019 (第六十条第二款); in the 2026 revision (in force 2027-01-01) 第六十条 is
    # another rule and the clause is 第七十四条第二款 — the act is still punished, never "no longer illegal"
    facts = "服饰店销售假冒某运动品牌注册商标的T恤，库存57件，违法经营额3800元。"
    a = assess(facts, retriever=retriever, act_date="2026-06-01", as_of="2027-06-01", profile=NATIONAL)
    assert a.violations[0].item_id == "authored:trademark-infringing-goods"
    assert not any("不再认为是违法" in r for r in a.reasons)
    assert any("适用违法行为发生时的2019-04-23版规定" in r for r in a.reasons)
    assert a.tier != "不予处罚" and a.fine_range is not None and a.fine_range.max > 0


def test_an_authored_item_is_cited_as_the_version_applied_numbers_it(retriever):
    # an act from 2027 is judged by the 2026 revision: the authored item's 第五十七条第（三）项 / 第六十条第二款 are
    # its 第七十二条第（三）项 / 第七十四条第二款, and the law's own rules are read in that numbering
    facts = "服饰店销售假冒某运动品牌注册商标的T恤，库存57件，违法经营额3800元。"
    a = assess(facts, retriever=retriever, act_date="2027-03-01", as_of="2027-06-01", profile=NATIONAL)
    assert a.violations[0].item_id == "authored:trademark-infringing-goods"
    assert [(p.article, p.item) for p in a.violations[0].violated] == [(72, 3)]
    assert [(p.article, p.paragraph) for p in a.violations[0].penalty_basis] == [(74, 2)]
    assert any("相应的处罚条款为《商标法》第七十四条第二款" in r for r in a.reasons)
    a = assess(facts + "当事人能提供进货发票和供货商信息，证明其不知道是侵权商品。", retriever=retriever,
               act_date="2027-03-01", as_of="2027-06-01", profile=NATIONAL)
    assert a.tier == "不予处罚" and a.tier_rule == "商标法74.2"
    # an act of 2026 is judged by the 2019 text, as the item numbers it
    a = assess(facts, retriever=retriever, act_date="2026-03-01", as_of="2027-06-01", profile=NATIONAL)
    assert [(p.article, p.paragraph) for p in a.violations[0].penalty_basis] == [(60, 2)]


def test_one_act_under_two_laws_named_is_punished_under_the_heavier(retriever):
    # 行政处罚法第二十九条: the facts name both laws; the fine that can be the highest on the 货值 read decides
    facts = ("熟食批发部销售的散装卤猪耳经检验菌落总数严重超标且有明显酸败异味，属腐败变质食品，货值金额9860元。"
             "办案机构拟同时依据食品安全法第一百二十四条和产品质量法第五十二条分别罚款。")
    a = assess(facts, retriever=retriever, act_date="2026-03-01", as_of="2026-06-01", profile=NATIONAL)
    assert ("食品安全法", 124) in _articles(a.violations[:1])
    assert Provision(law="行政处罚法", article=29) in a.tier_basis
    reason = next(r for r in a.reasons if "第二十九条" in r)
    assert "《产品质量法》第五十二条最高罚款19,720元" in reason and "适用《食品安全法》第一百二十四条" in reason
    # one law named: no weighing, no 第二十九条
    a = assess(facts.replace("和产品质量法第五十二条分别", ""), retriever=retriever, act_date="2026-03-01",
               as_of="2026-06-01", profile=NATIONAL)
    assert Provision(law="行政处罚法", article=29) not in a.tier_basis


def test_a_law_named_as_a_basis_without_its_article_is_weighed_for_the_heavier_fine(retriever):
    """承办人拟依商标法罚款一次，再依产品质量法第四十九条另罚一次: 商标法 named without its article still enters the
    comparison of 第二十九条, its item from the candidates, on the goods' value told once for both bases."""
    facts = ("当事人销售的电水壶经权利人鉴定为假冒注册商标的商品，同时经检验泄漏电流不合格。共进120只，已售72只，"
             "按售价计违法经营额（货值）三万六千元。承办人拟依商标法罚款一次，再依产品质量法第四十九条另罚一次。")
    a = assess(facts, retriever=retriever, act_date="2026-06-01", as_of="2026-12-01", profile=NATIONAL)
    assert a.violations[0].penalty_basis[0].law.endswith("商标法")
    assert any("第二十九条" in r and "《产品质量法》第四十九条最高罚款108,000元" in r for r in a.reasons)


def test_an_act_fined_by_another_bureau_is_not_fined_again(retriever):
    facts = ("某网店在商品详情页虚构“月销10万+”进行虚假宣传。外区市场监管局已于2026年3月2日就同一详情页的同一宣传内容"
             "对该公司作出罚款决定并已执行，页面已于1月20日删除。")
    a = assess(facts, retriever=retriever, act_date="2026-01-20", as_of="2026-06-01", profile=NATIONAL)
    assert a.tier == "不予处罚" and a.tier_rule == "行政处罚法29" and a.fine_range is None
    assert any("不得给予两次以上罚款" in r for r in a.reasons)


PREPAID_CASE = ("某某美容店2025年9月起发售储值年卡，合同约定按卡内价目扣费。2026年1月起，当事人未经会员同意将4个项目的扣费单价"
                "上调两成，至3月共向31名会员多扣款1.36万元。")


def test_a_prior_penalty_whose_cause_the_cases_own_candidates_reach_stays_a_repetition(retriever):
    """擅自提高储值会员扣费标准 searched alone finds the price rules; the present 预收款 case's own candidate items reach
    them too, so the two readings of the conduct are close: the repetition stands (指导意见第十六条第（三）项)."""
    a = assess(PREPAID_CASE + "另查，当事人2025年6月因擅自提高储值会员扣费标准被我局处罚。", retriever=retriever,
               as_of="2026-12-01", profile=NATIONAL)
    keys = {c.key for c in a.circumstances}
    assert "repeat_within_year" in keys
    assert not any("不是同一种" in c.label for c in a.circumstances)
    income = [c for c in a.circumstances if c.key == "illegal_income"]
    assert income and income[0].value == 13_600


def test_a_contaminated_food_is_a_food_case_before_a_product_quality_case(retriever, monkeypatch):
    """特别法优先: where the facts show food, an item of the general product law (产品质量法) weighs W_GENERAL_LAW less —
    rapeseed oil over a contaminant limit is punished under 食品安全法 first — and a food item weighs the same."""
    import assistant.assess as A
    facts = ("执法人员根据抽检不合格通知到某粮油店核查。该店销售的某油坊生产的压榨菜籽油，苯并[a]芘检出值超过GB 2762限量。"
             "店内留有油坊的营业执照、食品生产许可证复印件和该批次出厂检验报告。已售22桶，剩余18桶当场封存。")
    def scores():
        return {v.item_id: (v.score, v.penalty_basis[0].law if v.penalty_basis else "")
                for v in match_violations(facts, retriever, on="2026-12-01", region=None, visibility=("public", "internal"))}
    weighed = scores()
    monkeypatch.setitem(A.RERANK_WEIGHTS, "general_law", 0.0)
    plain = scores()
    general = [i for i, (_, law) in plain.items() if law.endswith("产品质量法") and i in weighed]
    special = [i for i, (_, law) in plain.items() if law.endswith("食品安全法") and i in weighed]
    assert general and special
    assert all(abs(plain[i][0] - weighed[i][0] - A.W_GENERAL_LAW) < 1e-6 for i in general)
    assert all(abs(plain[i][0] - weighed[i][0]) < 1e-6 for i in special)


@pytest.mark.parametrize("party, delegated", [
    ("当事人系持有《食品小作坊生产许可证》的个体食品小作坊。", True),
    ("当事人系持有食品生产许可证的某某食品有限公司。", False),
])
def test_a_small_food_workshops_fine_is_marked_as_the_provinces_to_set(retriever, party, delegated):
    """食品安全法第一百二十七条: the penalties for 小作坊 and 食品摊贩 follow the province's rules; the statute's range shown
    for such a party carries the note, and a reason says so."""
    facts = (party + "2026年5月8日抽检其生产的香肠，亚硝酸盐检出63mg/kg，超过食品安全国家标准规定的最大残留量，"
             "该批香肠货值金额6800元。")
    a = assess(facts, retriever=retriever, as_of="2026-12-01", profile=NATIONAL)
    assert a.fine_range is not None
    assert ("第一百二十七条" in (a.fine_range.condition or "")) is delegated
    assert any("第一百二十七条" in r for r in a.reasons) is delegated
