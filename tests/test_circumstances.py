"""Circumstances read from case facts: keys, spans, negations, amounts and dates."""
from __future__ import annotations

import pytest

from assistant.circumstances import find_circumstances, keys_of

# Seed facts (docs/seed-cases.jsonl), lightly trimmed.
C01 = ("邛崃市永盛购物中心销售的芒果被检出农药残留超标。经调查，商户龚大爷系初次违法，销售涉案芒果仅获利25元，"
       "履行了进货查验义务、能如实说明进货来源，且不合格农产品未造成危害后果。执法人员协助其找回进货凭证。")
C05 = ("【时间】2024年5月16日举报并立案，2024年7月4日作出处罚。当事人以收购肥料名义按3元/箱购进300箱超过保质期的"
       "蒙牛核桃牛奶，用清洗剂擦除原生产日期并用打码机重新打印。以10元/箱在早市销售67箱，货值金额3000元，"
       "违法所得670元。当事人明知过期仍篡改日期销售，存在主观故意。")
C11 = ("【时间】2024年1月17日接举报，1月22日立案，4月22日作出决定。当事人使用已于2018年4月注销报废的移动式压力容器"
       "进行液氮置换作业。次日在执法部门监督指导下对报废容器去功能化处理。当事人积极配合、主动改正、及时消除隐患，"
       "但一年内曾因同一性质违法行为受过行政处罚。")
C12 = ("【时间】2024年9月调查。当事人2024年1月、2月生产的3个批次过磷酸钙经抽检不符合GB/T20413-2017，货值金额总计20420元。"
       "当事人未及时准确检验原料，且2023年10月曾因同一性质违法受过处罚，未能有效整改，危害结果已经造成。")


def by_key(facts: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for c in find_circumstances(facts):
        out.setdefault(c.key, []).append(c)
    return out


def assert_reads(facts: str, key: str, quote: str) -> None:
    """`facts` read as `key`, its first reading quoting `quote`."""
    found = by_key(facts)
    assert key in found, found
    assert found[key][0].quote == quote


def test_every_circumstance_quotes_its_span():
    for facts in (C01, C05, C11, C12):
        for c in find_circumstances(facts):
            assert c.span is not None
            assert facts[c.span[0]:c.span[1]] == c.quote, c


def test_mango_case_c01():
    found = by_key(C01)
    assert {"first_offence", "purchase_checked", "source_explained", "harm_none", "illegal_income"} <= found.keys()
    assert found["illegal_income"][0].value == 25.0
    assert found["first_offence"][0].effect == "neutral"  # 初次违法 alone is no ground (指导意见第十二条)
    assert "no_fault" not in found  # 不知道 is not stated: the engine must ask, not guess


def test_c05_intent_and_amounts():
    found = by_key(C05)
    assert found["intent"][0].effect == "aggravating"
    assert {c.quote for c in found["intent"]} >= {"明知", "主观故意"}
    assert found["goods_value"][0].value == 3000.0
    assert found["illegal_income"][0].value == 670.0
    assert found["discovery_date"][0].value == "2024-05-16"
    assert found["decision_date"][0].value == "2024-07-04"
    # 3元/箱 and 10元/箱 are prices, not fine bases
    assert len(found["goods_value"]) == 1


def test_c11_mixed_circumstances():
    keys = keys_of(find_circumstances(C11))
    assert {"cooperated", "corrected", "repeat_within_year"} <= keys
    # 消除隐患 is correction, not 第三十二条 主动消除危害后果 (no harm had occurred)
    assert "mitigated_harm" not in keys
    found = by_key(C11)
    assert found["filing_date"][0].value == "2024-01-22"  # yearless date takes the earlier year


def test_c12_dated_prior_penalty_is_within_a_year():
    found = by_key(C12)
    assert found["repeat_within_year"][0].value == "2023-10"
    assert found["act_date"][0].value == "2024-01"
    assert found["act_end_date"][0].value == "2024-02"
    assert "not_corrected" in found and "corrected" not in found
    assert found["goods_value"][0].value == 20420.0


def test_prior_penalty_more_than_a_year_before_is_not_within_a_year():
    keys = keys_of(find_circumstances("当事人2024年3月销售不合格产品，2021年5月曾因同一性质违法行为受过行政处罚。"))
    assert "repeat_not_within_year" in keys and "repeat_within_year" not in keys  # the dates decide it: said so


@pytest.mark.parametrize("text, positive, negative", [
    ("当事人未履行进货查验义务。", "purchase_checked", "purchase_check_failed"),
    ("当事人未按规定履行进货查验义务。", "purchase_checked", "purchase_check_failed"),
    ("当事人不能如实说明进货来源。", "source_explained", "source_unexplained"),
    ("当事人无法说明商品来源。", "source_explained", "source_unexplained"),
    ("当事人并非初次违法。", "first_offence", "not_first_offence"),
    ("当事人不符合首违不罚的条件。", "first_offence", "not_first_offence"),
    ("当事人未及时改正。", "corrected", "not_corrected"),
    ("当事人拒不改正。", "corrected", "not_corrected"),
    ("经责令改正，当事人仍未整改。", "corrected", "not_corrected"),
    ("当事人并无主观故意。", "intent", "no_intent"),
    ("燃煤电厂超限值排放确非主观故意。", "intent", "no_intent"),
    ("当事人尚不构成犯罪。", "criminal_suspicion", "no_crime"),
    ("当事人不能证明其不知道该食品不符合食品安全标准。", "no_fault", "no_fault_unproven"),
    ("没有给消费者造成损失。", "harm_occurred", "harm_none"),
    ("未造成人员伤亡。", "harm_serious", "harm_not_serious"),
    ("当事人一年内未因同一性质违法行为受过行政处罚。", "repeat_within_year", "first_offence"),
])
def test_negations_never_yield_the_positive(text, positive, negative):
    keys = keys_of(find_circumstances(text))
    assert positive not in keys
    assert negative in keys


def test_negated_quote_includes_the_negator():
    (c,) = [c for c in find_circumstances("该店未履行进货查验义务。") if c.key == "purchase_check_failed"]
    assert c.quote == "未履行进货查验义务"


def test_affirmatives():
    text = ("当事人系首次违法，主动消除违法行为危害后果，受他人胁迫实施违法行为，主动供述行政机关尚未掌握的违法行为，"
            "配合查处他人违法有立功表现，能提供供货商资质和进货票据，有证据证明其不知道该商品侵权，危害后果轻微。")
    keys = keys_of(find_circumstances(text))
    assert {"first_offence", "mitigated_harm", "coerced", "confessed_unknown", "reported_merits",
            "source_explained", "no_fault", "harm_minor"} <= keys


def test_aggravating_forms():
    text = "当事人拒不配合调查，伪造进货票据，转移被扣押的物品，造成严重后果，涉案商品专供婴幼儿。"
    found = by_key(text)
    assert {"refused", "evidence_tampering", "harm_serious", "vulnerable_group"} <= found.keys()
    assert all(c.effect == "aggravating" for k in ("refused", "evidence_tampering", "harm_serious") for c in found[k])
    assert found["vulnerable_group"][0].effect == "neutral"  # not a ground of 指导意见第十六条 by itself


def test_order_to_correct_is_not_correction():
    assert "corrected" not in keys_of(find_circumstances("执法人员责令其立即改正。"))


@pytest.mark.parametrize("text, key, effect", [
    ("当事人系不满十四周岁的未成年人。", "minor_under_14", "exempting"),
    ("当事人系已满十四周岁不满十八周岁的未成年人。", "minor_14_to_18", "mitigating"),
    ("当事人16周岁。", "minor_14_to_18", "mitigating"),
    ("经鉴定，当事人系精神病人，违法时不能辨认自己的行为。", "mental_incapable", "exempting"),
    ("当事人系尚未完全丧失辨认或者控制自己行为能力的精神病人。", "mental_partial", "mitigating"),
])
def test_capacity(text, key, effect):
    found = by_key(text)
    assert found[key][0].effect == effect
    assert "minor_under_14" not in found or key == "minor_under_14"


def test_a_minor_as_advertising_target_is_not_the_party():
    keys = keys_of(find_circumstances("发布针对不满十四周岁的未成年人的商品广告。"))
    assert "minor_under_14" not in keys


def test_criminal_suspicion_from_text_and_from_threshold():
    assert "criminal_suspicion" in keys_of(find_circumstances("以涉嫌生产、销售有毒有害食品罪移送公安机关。"))
    found = by_key("当事人销售假冒注册商标的耳机，涉案1000万余元。")
    assert found["criminal_suspicion"][0].effect == "referral"
    assert found["case_value"][0].value == 10_000_000.0
    assert "criminal_suspicion" not in keys_of(find_circumstances("当事人销售假冒注册商标的耳机，违法经营额3000元。"))


def test_act_period_and_continuing():
    found = by_key("2024年4月3日至6月7日，当事人将保障服务设为默认同意。")
    assert found["act_date"][0].value == "2024-04-03"
    assert found["act_end_date"][0].value == "2024-06-07"
    assert len(found["act_date"]) == 1
    found = by_key("当事人自2021年3月至今持续销售该产品。")
    assert found["continuing"][0].key == "continuing"
    # as said aloud: 号 for 日, and a range ending on a day of the same month
    found = by_key("2025年7月1号到10号，停车场多收213笔停车费。")
    assert found["act_date"][0].value == "2025-07-01" and found["act_end_date"][0].value == "2025-07-10"


# --- phrasings officers write (added with the scenario review) ------------------------------------

@pytest.mark.parametrize("facts,key,quote", [
    ("店主当场补齐价签", "corrected", "当场补齐"),
    ("责令改正后店主当天补上了公示链接", "corrected", "当天补上"),
    ("被巡查发现后当场撕下", "corrected", "当场撕下"),
    ("摊主当天送检合格", "corrected", "当天送检"),
    ("未发现消费者因此受损", "harm_none", "未发现消费者因此受损"),
    ("没有人因此出现不适或就医", "harm_none", "没有人因此出现不适"),
    ("没有多收顾客钱款", "harm_none", "没有多收"),
    ("现场核验该秤计量准确", "harm_none", "计量准确"),
    ("招贴只贴了三天，影响范围很小", "harm_minor", "影响范围很小"),
    ("小面馆第一次在店门口张贴", "first_offence", "第一次"),
    ("超市一年内第二次被查出销售过期食品", "repeat_within_year", "一年内第二次"),
    ("上次处罚在10个月前", "repeat_within_year", "上次处罚在10个月前"),
    ("五年内第二次因销售假冒注册商标的服装被查", "repeat_in_period", "五年内第二次"),
    ("两年内已是第三次因虚假广告被查", "repeat_in_period", "两年内已是第三次"),
    ("主动联系买到饮料的顾客退款赔礼", "mitigated_harm", "主动联系买到饮料的顾客退款"),
    ("在原时段播放更正声明和公益广告", "mitigated_harm", "播放更正声明"),
    ("超市有完整的进货查验记录", "purchase_checked", "有完整的进货查验记录"),
    ("摊主有批发市场出具的销售凭证和产地合格证明", "purchase_checked", "有批发市场出具的销售凭证和产地合格证明"),
    ("留存了该批次出厂检验合格报告", "no_fault", "该批次出厂检验合格报告"),
    ("能说清来源", "source_explained", "说清来源"),
    ("并指认了供货商", "source_explained", "指认了供货商"),
    ("有5种水果没有标价签", "small_scale", "5种"),
    ("13岁的初中生在校门口摆摊", "minor_under_14", "13岁的初中生"),
    ("16岁的高中生在二手平台上开店", "minor_14_to_18", "16岁的高中生"),
    # a refusal to remove is 未改正, though 删除 alone is a correction and 拒不 negates it (the dropped reading keeps
    # only its own key from the span)
    ("当事人拒不删除网店首页的“国家级”用语。", "not_corrected", "拒不删除"),
    ("当事人次日即将营业执照悬挂于经营场所醒目位置。", "corrected", "次日即将营业执照悬挂于"),  # 经营 as the place
    ("答：没了，你们前脚走我后脚就摘了。", "corrected", "后脚就摘了"),
    ("检查那几天，当事人把电脑里的进销存数据当场导出，交给执法人员核对。", "cooperated", "导出，交给执法人员"),
    ("当事人主动联系其供货商，协助执法人员调取了上游的出库单据。", "cooperated", "协助执法人员调取"),
    ("网店销售的瘦身胶囊经抽样送检，检出西布曲明成分。", "criminal_suspicion", "西布曲明"),
    # a loss told in tens of yuan is slight harm, however it is introduced
    ("按虚标原价购买的消费者共3人，多支付金额合计12元。", "harm_minor", "多支付金额合计12元"),
    ("经测算，加油机少计量造成的消费者损失合计约86元。", "harm_minor", "造成的消费者损失合计约86元"),
    # a person's whole account in quotes states facts (only an advertisement's quoted promise does not)
    ("老板娘：“当天就把剩下的全撤了，又翻监控找到买过的人，一个个打电话退钱。”", "mitigated_harm", "一个个打电话退钱"),
    ("当事人称：“多收的钱我们已经全额退款了。”", "mitigated_harm", "全额退款"),
])
def test_everyday_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


@pytest.mark.parametrize("facts,absent", [
    ("当事人未删除网店首页的用语。", "corrected"),
    ("当事人当天换了标签照常经营。", "corrected"),
    ("经测算，少计量造成消费者损失合计860元。", "harm_minor"),
    ("宣称“签约保分，不提30分全额退款”，对象为初三学生。", "mitigated_harm"),  # the advertisement's promise
    ("店员按老板指示把同批面霜18瓶从后门运到隔壁仓库，已追回。", "mitigated_harm"),  # got back by the officers
    ("执法人员第一次检查时发现其未改正", "first_offence"),  # the authority's first visit, not the party's first offence
    ("冰柜里有12瓶过期饮料", "small_scale"),  # above MINOR_COUNT
    ("三个月内故意拖延退费", "small_scale"),  # a duration, not a count
    ("未能提供该批次检验合格报告", "no_fault"),  # a document not produced proves nothing
    ("期间无连续或继续状态", "continuing"),
    ("说不清来源", "source_explained"),
    ("芹菜经检测毒死蜱残留超标", "criminal_suspicion"),  # a pesticide, not a 毒死 animal
    ("经检验未检出西地那非", "criminal_suspicion"),
    ("经检验不含西地那非", "criminal_suspicion"),
    ("经检验未检出西布曲明", "criminal_suspicion"),
])
def test_negations_and_near_misses(facts, absent):
    assert absent not in keys_of(find_circumstances(facts))


def test_crimes_that_need_no_amount():
    for facts in ("屠宰户收购病死猪后分割加工销售", "胶囊经检验含西地那非", "网店销售的瘦身胶囊经抽样送检，检出西布曲明成分",
                  "降糖茶经检验含格列本脲"):
        found = by_key(facts)
        assert found["criminal_suspicion"][0].effect == "referral"
        assert "不以数额为追诉条件" in found["criminal_suspicion"][0].label


def test_selling_fakes_threshold_needs_the_amount_sold():
    from assistant.circumstances import criminal_questions

    # 违法经营额 of a seller mixes sold and unsold goods: 8万 neither reaches 15万 nor shows 5万 sold
    facts = "服装店销售假冒注册商标的服装，违法经营额8万元。"
    found = find_circumstances(facts)
    assert "criminal_suspicion" not in keys_of(found)
    assert any("已销售的金额" in q for q in criminal_questions(facts, found))
    assert "criminal_suspicion" in keys_of(find_circumstances("烟酒店销售假冒某名酒，销售金额60万元。"))


def test_discovery_a_few_words_after_the_date():
    found = by_key("某公司在2021年9月至10月于宣传册中虚构奖项。2024年2月市场监管部门接举报才发现此事。")
    assert found["discovery_date"][0].value == "2024-02"
    assert found["act_end_date"][0].value == "2021-10"
    found = by_key("熟食店2021年8月销售过一批卤肉。2024年1月倒查进货记录时才发现。")
    assert found["discovery_date"][0].value == "2024-01" and found["act_date"][0].value == "2021-08"
    # a conduct verb nearer the date than the discovery word: the act date
    found = by_key("当事人2024年3月销售的大米经抽检不合格。")
    assert "discovery_date" not in found and found["act_date"][0].value == "2024-03"


# --- wording families added for issue 9 (new wording, not evaluation sentences) ---------------------------

@pytest.mark.parametrize("text,key", [
    ("店主说这一单大概净赚了三百元。", "illegal_income"),
    ("他从每笔介绍中收取介绍费共计2800元。", "illegal_income"),
    ("经核算从中获得佣金1.5万元。", "illegal_income"),
    # money taken from prepaid cards beyond the agreed price (多扣款, 多划扣)
    ("至月底共向二十多名会员多扣款8600元。", "illegal_income"),
    ("从会员卡里多划扣了2400元。", "illegal_income"),
])
def test_illegal_income_from_earning_verbs(text, key):
    found = [c for c in find_circumstances(text) if c.key == key]
    assert found and found[0].value and found[0].value > 0


def test_earning_per_unit_is_no_illegal_income():
    assert not [c for c in find_circumstances("平均每件挣了十元左右。") if c.key == "illegal_income"]


def test_life_health_needs_a_stated_danger_not_the_word_food():
    assert "life_health" not in keys_of(find_circumstances("当事人销售的食品标签未标注生产日期。"))
    assert "life_health_domain" in keys_of(find_circumstances("当事人销售的食品标签未标注生产日期。"))
    assert "life_health" in keys_of(find_circumstances("该批头盔经检验结构安全项目不合格，存在安全隐患。"))


def test_ignorance_of_the_law_is_no_absence_of_fault():
    assert "no_fault" not in keys_of(find_circumstances("问：为何未办理许可？答：我不知道需要办这个证。"))
    said = keys_of(find_circumstances("店主称完全不知道这批货的重金属超标。"))
    assert "no_fault_claimed" in said and "no_fault" not in said  # the party's word, not yet evidence


@pytest.mark.parametrize("text,key", [
    ("执法人员指出后，店员马上就把价签改过来了。", "corrected"),
    ("平台客服接到通知后把链接撤下了。", "corrected"),
    ("至今没出过什么问题。", "harm_none"),
    ("该行为属于轻微违法。", "minor_violation"),
    ("老张说自己是初犯。", "first_offence"),
    ("他不是初犯。", "not_first_offence"),
    ("已全额退款给三名买家。", "mitigated_harm"),
    ("今年5月他因同样的问题被罚过一次。", "repeat_within_year"),
    ("三年前曾因类似问题被罚过。", "repeat_not_within_year"),
    ("他举报了上家的制假窝点。", "reported_merits"),
    ("当事人把进货单据藏了起来，还撕毁了封条。", "evidence_tampering"),
    ("核对发现销货记录是检查当晚重新抄过的。", "evidence_tampering"),
    ("双方属于合同纠纷。", "civil_matter"),
    ("对方能说出供货人的姓名和联系电话。", "source_explained"),
])
def test_bank_families_read_new_wording(text, key):
    assert key in keys_of(find_circumstances(text))


def test_bank_correction_negated_is_the_violation_not_a_refusal():
    got = keys_of(find_circumstances("该店的两台电梯未办理使用登记。"))
    assert "corrected" not in got and "not_corrected" not in got


def test_goods_value_from_quantity_and_unit_price():
    c = next(c for c in find_circumstances("一共进了40瓶，一瓶12块5，现场还剩15瓶。") if c.key == "goods_value")
    assert c.value == 500.0 and "40瓶" in c.quote and "按数量和单价计算" in c.label


def test_hidden_and_visible_defects():
    assert "hidden_defect" in keys_of(find_circumstances("经检验，该批花生霉菌毒素含量超标。"))
    # a supervisory spot check's failure, and an additive beyond its scope: what only a test finds
    assert "hidden_defect" in keys_of(find_circumstances("该批插座经省级监督抽查温升项目不合格。"))
    assert "hidden_defect" in keys_of(find_circumstances("你们抽检的那批蜜饯，说是甜蜜素超限量使用。"))
    assert "hidden_defect" not in keys_of(find_circumstances("配料表显示未超范围使用添加剂。"))
    assert "hidden_defect" not in keys_of(find_circumstances("送检样品未检出禁用物质。"))
    assert "visible_defect" in keys_of(find_circumstances("冰柜里有两袋水饺已超过保质期。"))


# The composed bank entries (a done-action marker before a remedial verb, a negation before a harm word or a
# record): sentences written for these tests, in styles the bank's own wording does not contain.
@pytest.mark.parametrize("text,key", [
    ("执法人员指出问题后，当事人当天下午即将涉案商品全部撤柜。", "corrected"),
    ("立案后，当事人已将网店首页的“国家级”字样删去。", "corrected"),
    ("执法人员离开前，摊主已经把那杆秤换掉了。", "corrected"),
    ("当事人在限期内提交了年度报告。", "corrected"),
    ("截至案发，未接到因该批商品引发的消费投诉。", "harm_none"),
    ("涉案产品尚未售出，未流入市场。", "harm_none"),
    ("经查询，当事人近三年内无同类违法记录。", "first_offence"),
    ("该公司成立以来从未受过市场监管部门的处罚。", "first_offence"),
    ("询问时当事人态度诚恳，对违法事实供认不讳。", "cooperation_stated"),  # an attitude, no ground (第十四条第（二）项)
])
def test_composed_bank_entries_read_new_wording(text, key):
    assert key in keys_of(find_circumstances(text))


@pytest.mark.parametrize("text,key", [
    ("当事人已将过期食品更换包装后继续销售。", "corrected"),  # the violation itself
    ("当事人在检查前已删除了后台销售记录。", "corrected"),  # tampering, not a correction
    ("当事人已被执法人员责令停止销售。", "corrected"),  # done to the party
    ("冰柜里的过期食品也没下架。", "corrected"),  # 没 negates
    ("当事人未采取任何措施导致电梯发生事故。", "harm_none"),  # the negation is the violation
    ("当事人未设置安全警示标志存在事故隐患。", "harm_none"),
    ("当事人此前因未办理营业执照被处罚过。", "first_offence"),
    ("当事人未如实说明进货来源。", "cooperated"),
])
def test_composed_bank_entries_keep_their_negatives(text, key):
    assert key not in keys_of(find_circumstances(text))


def test_a_bad_composed_entry_is_a_clear_error(tmp_path):
    from assistant.circumstances import load_bank
    bank = tmp_path / "bank.yaml"
    bank.write_text("entries:\n  corrected:\n    compose:\n      - first: [已]\n        gap: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="corrected: compose #1: needs the word lists"):
        load_bank(bank)
    bank.write_text("entries:\n  corrected:\n    compose:\n      - {first: [已], then: [下架], gapp: 3}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown fields"):
        load_bank(bank)
    # a key given twice would silently replace the first entry's expressions
    bank.write_text('entries:\n  corrected:\n    expressions: ["改好了"]\n  corrected:\n    expressions: ["下架了"]\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate key 'corrected'"):
        load_bank(bank)


def test_a_deletion_that_destroys_evidence_is_no_correction():
    keys = lambda t: {c.key for c in find_circumstances(t)}  # noqa: E731
    assert keys("检查前当事人远程删除了后台订单数据库") >= {"evidence_tampering"}
    assert "corrected" not in keys("检查前当事人远程删除了后台订单数据库")
    assert "corrected" not in keys("当事人远程删除了后台订单数据库。删除行为未受到其他处罚")
    assert "corrected" in keys("当事人已删除违法广告")
    # a correction in another clause still stands beside the tampering
    assert {"evidence_tampering", "corrected"} <= keys("当事人销毁了进货记录，后已下架全部商品")


@pytest.mark.parametrize("text, value", [("收取费用2.6万元", 26_000), ("消费者多付价款合计2.4万元", 24_000),
                                         ("当场收了300元", 300)])
def test_money_received_through_the_act_is_illegal_income(text, value):
    income = [c for c in find_circumstances(text) if c.key == "illegal_income"]
    assert income and income[0].value == value


def test_money_received_per_person_is_no_total():
    assert not [c for c in find_circumstances("每人收了1500块管理费") if c.key == "illegal_income"]


def test_a_dated_prior_penalty_in_the_passive():
    found = {c.key: c for c in find_circumstances("当事人于2026年5月销售过期食品。2025年9月曾因同一问题被本局罚款5000元。")}
    assert found["repeat_within_year"].value == "2025-09"
    found = {c.key: c for c in find_circumstances("2023年1月曾因同类违法被罚款2000元，本次违法发生于2026年3月")}
    assert "repeat_within_year" not in found and found["repeat_not_within_year"].value == "2023-01"
    assert not {"repeat_offence", "repeat_within_year"} & {c.key for c in find_circumstances("当事人因销售过期食品被投诉")}


@pytest.mark.parametrize("text", ["该批产品均未销售", "无人购买", "尚无消费者食用"])
def test_nothing_sold_or_eaten_is_no_harm(text):
    assert "harm_none" in {c.key for c in find_circumstances(text)}


def test_an_unkept_sales_record_is_no_statement_about_harm():
    assert "harm_none" not in {c.key for c in find_circumstances("当事人尚未销售记录")}


# --- wordings read since 2026-12-03 (sentences composed here, not taken from any evaluation set)

def keys(facts: str) -> set[str]:
    return keys_of(find_circumstances(facts))


def test_any_dated_prior_sanction_is_a_prior_record_compared_with_the_act():
    older = {c.key: c for c in find_circumstances("2026年4月8日检查发现该店未公示价格。该店2024年2月曾因卫生问题受过警告处罚。")}
    assert {"not_first_offence", "repeat_not_within_year"} <= set(older) and "repeat_within_year" not in older
    recent = {c.key: c for c in find_circumstances(
        "当事人于2026年3月销售变质熟食。当事人2025年10月因销售变质食品被本局处以罚款，已履行。")}
    assert recent["repeat_within_year"].value == "2025-10"
    # a prior order to correct is a prior violation, never a penalty repeated within the year
    ordered = {c.key for c in find_circumstances("2026年6月2日检查。该店2026年1月曾因秤未检定被责令改正。")}
    assert "not_first_offence" in ordered and "repeat_within_year" not in ordered
    # the present case is no prior record
    assert not {"not_first_offence", "repeat_within_year"} & keys("当事人因涉嫌销售过期食品被我局立案调查")


def test_a_review_that_finds_the_fault_gone_is_a_correction():
    found = keys("执法人员责令其限期十日内改正。5月20日复查：门店已张贴价目表，每种商品均有标价。")
    assert "corrected" in found
    assert "corrected" not in keys("执法人员责令其限期改正。复查时，该店仍未张贴价目表。")
    # a record headed 复查笔录 and the officers' visit told first: the finding is in a later sentence
    found = keys("复查笔录：12月18日，执法人员对某摊位复查。该摊12月5日被发现未标明产地，当场责令改正。"
                 "本次复查，价签仍只有品名和单价。")
    assert "not_corrected" in found and "corrected" not in found
    # the review found the broken part neither mended nor replaced and business going on as before
    found = keys("3月1日责令其十日内修复冷藏柜。3月12日复查，冷藏柜没修也没换，熟食照常摆在里面卖。")
    assert "not_corrected" in found and "corrected" not in found


@pytest.mark.parametrize("text", ["限其三日内补齐标价签", "要求当事人立即下架涉案商品", "责令其十五日内整改"])
def test_an_order_or_deadline_is_no_correction(text):
    assert "corrected" not in keys(text)


def test_a_correction_after_the_order_still_counts():
    assert "corrected" in keys("责令改正后店主当天补上了标价签")


@pytest.mark.parametrize("text, value", [("店里这个月卖了八百来块", 800), ("算下来多收款项约两万元", 20_000)])
def test_money_taken_in_other_words(text, value):
    income = [c for c in find_circumstances(text) if c.key == "illegal_income"]
    assert income and income[0].value == value


def test_kuai_is_money_only_as_an_amount():
    assert [c.value for c in find_circumstances("货值九百块左右") if c.key == "goods_value"] == [900]
    assert not [c for c in find_circumstances("货架上有两块蛋糕过期") if c.key in ("goods_value", "illegal_income")]


@pytest.mark.parametrize("text, days", [("这台秤已经用了三个多月", "90天"), ("招牌挂了一个半月", "45天"),
                                        ("检定证书逾期二十天仍在使用", "20天")])
def test_a_stated_length_of_the_act(text, days):
    durations = [c for c in find_circumstances(text) if c.key == "duration"]
    assert durations and durations[0].value == days


@pytest.mark.parametrize("text", ["责令其15日内改正", "限3天内办理"])
def test_a_deadline_is_no_duration(text):
    assert "duration" not in keys(text)


def test_a_check_that_found_no_violation_is_no_penalty_matter_but_other_violations_are_not_that():
    assert "civil_matter" in keys("经核查，未发现该店存在价格违法行为，双方的分歧属于民事争议。")
    assert "civil_matter" not in keys("经查，未发现当事人有其他违法行为。")
    assert "civil_matter" not in keys("未发现违法所得。")
    assert "civil_matter" not in keys("本局未发现其此前有商标违法记录。")  # no prior record
    # a contract's own words quoted are no finding of the case
    assert "civil_matter" not in keys("其中约定：“合同争议只能向乙方所在地仲裁委员会申请仲裁”。")


@pytest.mark.parametrize("text, key", [
    # obstruction, tampering, confession and help in officers' words
    ("检查时他把作弊芯片掰断扔进了下水道", "evidence_tampering"),
    ("老板想把账本搬走，被执法人员当场拦住", "refused"),
    ("店主主动告知仓库里还有一批同样的货，执法人员此前并不掌握", "confessed_unknown"),
    ("当事人带领执法人员找到了供货人的存货点", "reported_merits"),
    ("当事人交出了进货单和供货人联系方式", "cooperated"),
    # records of diligence and of fabrication in other orders of words
    ("每批都留存了厂家营业执照和出厂检验合格报告，台账逐批登记", "purchase_checked"),
    ("随货同行单和发票都在门店留存", "source_explained"),
    ("当事人最终承认那份检测报告是被查后找人做的", "evidence_tampering"),
    ("出事后店里才把设备停下来", "not_corrected"),
    # a prior sanction written across a comma is still one
    ("当事人2024年5月曾因销售假冒商品，被本局罚款1万元。2026年6月再次被查。", "not_first_offence"),
])
def test_officers_and_records_words(text, key):
    assert key in keys(text)


def test_an_injury_is_harm_and_only_grave_harm_is_serious():
    assert "harm_occurred" in keys("顾客被热油溅到，致手背烫伤")
    assert "harm_serious" not in keys("顾客被热油溅到，致手背烫伤")
    assert "harm_serious" in keys("设备倒塌致一名工人重伤")
    assert "harm_serious" not in keys("未造成人员重伤")


def test_the_date_an_act_stopped_ends_it_and_a_report_date_before_a_comma_is_its_discovery():
    found = {c.key: c for c in find_circumstances(
        "2026年4月9日，群众来电举报某店加收包间费。经查，该店2023年10月底被顾客质疑后即取消了这项收费。")}
    assert found["discovery_date"].value == "2026-04-09"
    assert found["act_end_date"].value == "2023-10"
    assert "harm_none" in keys("复核时示值误差均在允许范围内，没有顾客提过意见")


def test_a_review_that_finds_the_fault_still_there_is_no_correction():
    found = keys("责令其限期改正。复查时，两名员工仍未取得健康证明，仍在后厨操作。")
    assert "not_corrected" in found and "corrected" not in found
    assert "corrected" not in keys("经调解双方达成一致，投诉人撤回投诉。")


def test_a_third_partys_confirmed_technical_fault_is_no_fault_but_the_partys_word_is_not():
    assert "no_fault" in keys("平台出具的说明确认，系统价格同步程序出错，导致页面价格显示错误。")
    assert "no_fault" not in keys("店主称是系统出错")


def test_diligence_written_out_at_length():
    text = ("店主提供了批发商的营业执照、经营许可证复印件和这批货的出厂检验合格报告，以及送货单；"
            "进货台账逐项记载了品名、数量、日期和供货商电话。进价与同类产品市场价基本相当。")
    found = keys(text)
    assert {"purchase_checked", "source_explained", "no_fault"} <= found
    assert "source_explained" in keys("这批货是从本市一家日化公司分两批购进的")
    assert "no_fault" in keys("厂家已书面确认系其原料问题")
    assert "purchase_checked" in keys("收货时附上了供货方出具的合格证明")


def test_a_partial_correction_with_the_fault_still_there_is_not_corrected():
    found = keys("责令其限期改正。复查：两台秤中一台已送检合格，另一台仍未送检。")
    assert "not_corrected" in found and "corrected" not in found


def test_another_partys_referral_is_no_criminal_suspicion_of_the_party():
    assert "criminal_suspicion" not in keys("当事人提供了上家地址，该上家经另案查实后已移送公安机关。")
    assert "criminal_suspicion" in keys("经查当事人销售金额巨大，涉嫌犯罪，移送公安机关。")


def test_cooperation_is_a_ground_only_as_the_guidance_words_it():
    # 指导意见第十四条第（二）项: 积极配合调查并主动提供证据材料
    assert "cooperated" in keys("当事人积极配合调查，主动提供了全部销售记录")
    assert "cooperated" in keys("当事人积极配合执法人员检查")
    stated = keys("询问中当事人如实陈述了违法事实，态度端正")
    assert "cooperation_stated" in stated and "cooperated" not in stated


def test_hardship_from_a_grave_illness_under_treatment_and_a_correction_only_once_officers_stepped_in():
    assert "hardship" in keys("店主前年确诊尿毒症，每周透析两次")
    assert "hardship" not in keys("这家店是家里唯一的收入")
    assert "not_corrected" in keys("直到市场监管所约谈后才撤下了这条广告")


def test_a_correction_after_the_notice_and_in_the_speakers_own_words():
    # the order word (通知) is what the party answered, not what it has yet to do
    assert "corrected" in keys("收到整改通知当天即在店铺首页重新上传了执照照片")
    assert "corrected" not in keys("执法人员通知其三日内重新上传执照照片")
    assert "corrected" in keys("你们说了以后，我第二天就把秤送到计量所检定了")
    assert "corrected" not in keys("执法人员要求其送到计量所检定")
    assert "corrected" in keys("剩下的那几箱你们都拿走，我不卖了")


def test_a_discovery_named_before_its_date_and_a_month_part_without_a_year():
    facts = "广告牌是2023年5月挂上去的，挂了两个多月，8月底就没再挂了。举报是2025年10月才接到的。"
    dated = {c.key: c.value for c in find_circumstances(facts)}
    assert dated["act_date"] == "2023-05" and dated["act_end_date"] == "2023-08"
    assert dated["discovery_date"] == "2025-10"
    # a year that is a birth year lends no year to the months after it
    born = {c.key: c.value for c in find_circumstances("当事人2009年3月出生，5月初开始在校门口摆摊卖贴纸。")}
    assert "act_date" not in born and "act_end_date" not in born


def test_a_birth_date_given_as_a_form_field_or_an_answer():
    asked = find_circumstances("（2026年5月6日询问）问：你哪年出生的？答：2011年。问：出生年月？答：2013年8月。问：卖的什么？")
    assert [c.key for c in asked if c.key.startswith("minor")] == ["minor_under_14"]
    field = find_circumstances("当事人：刘某，出生日期：2009年7月3日，在校学生。2026年3月起在网上转卖盲盒。")
    assert [c.key for c in field if c.key.startswith("minor")] == ["minor_14_to_18"]
    assert not any(c.key == "act_date" and str(c.value).startswith("2009") for c in field)


def test_what_was_sold_and_for_how_much_in_speech_and_in_an_interview():
    said = {c.key: c.value for c in find_circumstances("仓库那批货粗算已经卖出去两千多件，金额三十来万。")}
    assert said["sales"] == 300_000
    asked = {c.key: c.value for c in find_circumstances("问：一共卖了多少？答：账上记着，给了几个批发商，大概十几万元吧。")}
    assert asked["sales"] == 100_000
    assert "sales" not in {c.key for c in find_circumstances("这批货卖了三天，进价共2000元。")}


def test_a_criminal_threshold_reached_through_the_matched_violation():
    from assistant.circumstances import threshold_by_provisions
    from core.models import Provision
    from core.models import Provision

    found = find_circumstances("库房里印着某某标志的皮包都是仿的，账本记着卖出去一千多个，金额八万多。")
    assert not any(c.key == "criminal_suspicion" for c in found)  # the facts name no 假冒 conduct
    trademark = [Provision(law="商标法", article=57, item=3), Provision(law="商标法", article=60, paragraph=2)]
    suspicion = threshold_by_provisions(trademark, found)
    assert suspicion is not None and suspicion.value == "销售假冒注册商标的商品罪"
    assert threshold_by_provisions([Provision(law="广告法", article=9)], found) is None
    unknowing = find_circumstances("店主称不知道是假货，账本记着卖出去一千多个，金额八万多。")
    assert threshold_by_provisions(trademark, unknowing) is None  # 不知道: asked, not referred
    # an amount said to lie below a figure, and the facts' own word that the threshold is not reached
    below = find_circumstances("店里的仿牌运动鞋已售不到5万元，总货值不到15万元。")
    assert threshold_by_provisions(trademark, below) is None
    stated = find_circumstances("账本记着卖出去一千多个，金额八万多，承办人认为未达到刑事追诉标准。")
    assert "no_crime" in {c.key for c in stated} and threshold_by_provisions(trademark, stated) is None
    # 商标法's 2026 revision numbers the conduct and its penalty 第七十二条、第七十四条; its 第五十七条、第六十条 are other rules
    revised = [Provision(law="商标法", article=72, item=3, version="2026-06-26"),
               Provision(law="商标法", article=74, paragraph=2, version="2026-06-26")]
    assert threshold_by_provisions(revised, found).value == "销售假冒注册商标的商品罪"
    other = [Provision(law="商标法", article=60, item=3, version="2026-06-26")]
    assert threshold_by_provisions(other, found) is None


def test_obstruction_in_officers_chat_and_evidence_that_someone_else_did_it():
    found = keys("刚要封存，老板抱着账本往里屋跑，还推了老李一把，几个亲戚围着不让录像。")
    assert "refused" in found
    assert "refused" not in keys("他推了一把购物车就走了。")
    assert "no_fault" in keys("调取的录像证实，标签系其他顾客调换，店员巡查时无法发现。")


def test_papers_obtained_after_the_check_are_a_correction():
    assert "corrected" in keys("检查后次日即安排两名厨师体检并取得健康证明。")
    assert "corrected" not in keys("两名厨师未取得健康证明即上岗。")


def test_a_prior_penalty_is_compared_with_the_dates_of_the_present_case_wherever_they_stand():
    """No act date read: the facts' own later dates place the present case. All of them within a year of the earlier
    penalty → 一年内再犯; all over a year → not; the prior penalty's own date is never its own reference."""
    keys = lambda t: {c.key: c.value for c in find_circumstances(t)}
    within = keys("2025年6月以来陆续收到投诉23件。登记人备注：该店于2024年9月因同类拒绝退货问题被我局罚款2万元。")
    assert within.get("repeat_within_year") == "2024-09"
    after = keys("当事人于2025年2月因在同一摊位使用作弊电子秤被我局罚款1500元，2025年9月16日执法人员又查获作弊秤。")
    assert after.get("repeat_within_year") == "2025-02"
    old = keys("当事人曾于2022年3月因同类违法行为被我局罚款。2024年5月执法人员检查发现其仍在销售。")
    assert "repeat_within_year" not in old and old.get("repeat_not_within_year") == "2022-03"
    alone = keys("当事人曾于2024年8月因同类违法行为被我局罚款。")
    assert "repeat_within_year" not in alone and "repeat_not_within_year" not in alone


@pytest.mark.parametrize("text, key", [
    ("阻止执法人员拍照和抽取样品", "refused"), ("两次约定时间均未到场接受询问", "refused"), ("拒绝开启库房，称钥匙不在", "refused"),
    ("复查时封条被撕开，扣押的饮料少了26箱", "evidence_tampering"), ("随即将其中一袋倒入下水道", "evidence_tampering"),
    ("检测报告系当事人委托图文店仿制", "evidence_tampering"), ("同期3笔批发销售记录被删除", "evidence_tampering"),
    ("将后仓十余箱货物从侧门搬上三轮车运走", "evidence_tampering"),
])
def test_obstruction_and_evidence_in_officers_words(text, key):
    assert key in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text", ["当事人仿制某品牌包装销售饮料", "当事人已删除违法广告", "未到场的消费者可电话联系"])
def test_the_conduct_or_a_correction_is_no_obstruction(text):
    assert not {"refused", "evidence_tampering"} & {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, key", [
    ("2008年3月出生，今年十六岁", "minor_14_to_18"), ("我今年17岁，暑假帮我妈看店", "minor_14_to_18"),
    ("当事人十五岁", "minor_14_to_18"), ("他是智力残疾人，辨认能力部分受损", "mental_partial"),
    ("进货、定价、收钱都是他，我不管", "minor_role"), ("我每天就在厨房帮着切菜打包", "minor_role"),
    ("此情况执法人员此前并不掌握", "confessed_unknown"), ("有个事我想主动说一下", "confessed_unknown"),
    ("执法人员据此查获一处存放同类产品300余支的仓库", "reported_merits"),
])
def test_mitigating_facts_in_the_words_of_records_and_parties(text, key):
    assert key in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text", ["我儿子今年5岁", "上述事实经查证属实", "当事人今年45岁", "周某说没收钱，就是帮忙"])
def test_someone_elses_age_or_the_partys_own_facts_checked_are_no_mitigation(text):
    assert not {"minor_under_14", "minor_14_to_18", "reported_merits", "minor_role"} & {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, key", [
    ("人家当时就让物业把海报全撕了", "corrected"), ("我当天下午就拎去计量所了", "corrected"),
    ("没人提过，顾客买面包也不看袋子", "harm_none"), ("也没人因为这个受影响", "harm_none"), ("这几天没有成交", "harm_none"),
    ("你们拿砝码试了，一点不差", "harm_none"), ("两日收款金额与原价目表一致", "harm_none"),
])
def test_a_correction_and_no_harm_in_an_officers_message(text, key):
    assert key in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, harm_none", [
    ("这几天才卖出去三瓶，都是熟人，也没人来说有药害。", True), ("经核查，消费者未反映商品质量问题。", True),
    ("顾客没反映过有啥不舒服。", True),
    ("有人来说有问题，我们没理。", False), ("消费者反映商品有质量问题。", False), ("没人来说价格的事。", False),
])
def test_nobody_coming_to_say_something_was_wrong_is_no_harm(text, harm_none):
    assert ("harm_none" in {c.key for c in find_circumstances(text)}) is harm_none


@pytest.mark.parametrize("text, on_the_spot", [
    ("执法人员指出后，当事人当场将在库产品全部贴签更正。", True), ("经指出后当场悬挂于收银台后墙。", True),
    ("本局于2月24日责令改正，当事人于2月26日重新印制标签，在库产品已全部更换。", False),
])
def test_a_correction_made_on_the_spot_is_marked(text, on_the_spot):
    from assistant.circumstances import ON_THE_SPOT_VALUE

    corrected = [c for c in find_circumstances(text) if c.key == "corrected"]
    assert corrected and (corrected[0].value == ON_THE_SPOT_VALUE) is on_the_spot


@pytest.mark.parametrize("text, hidden", [
    ("经检验，该批羽绒服标称含绒量90%，实测为61%，判定为不合格。", True),
    ("该批次产品有害物质限量项目中苯含量不符合强制性标准要求。", True),
    ("苯含量须经实验室检测方可发现，当事人不具备检测能力。", True),
    ("抽检结果显示，该洗发露菌落总数项目不符合《化妆品安全技术规范》要求。", True),
    ("该批食品已超过保质期，不符合食品安全标准要求。", False), ("标签标注内容不符合国家标准要求。", False),
])
def test_a_defect_only_a_test_reveals_in_a_reports_words(text, hidden):
    assert ("hidden_defect" in {c.key for c in find_circumstances(text)}) is hidden


@pytest.mark.parametrize("text, tampering", [
    ("经向所称评奖机构核实，该奖项不存在，获奖证书系广告主伪造。", False),
    ("孙某系从网上购买假证，所扫二维码指向伪造网页。", False),
    ("经我局协查，该检测报告系伪造，产品实际含硫酸铝钾。", False),  # shown to the party by a salesman
    ("当事人提供的进货单据系伪造。", True), ("当事人为应付检查伪造了台账。", True),
    ("经核查，其出示的检测报告系伪造。", True), ("供货单据经核实系当事人自行伪造。", True),
])
def test_forged_papers_aggravate_only_as_the_partys_own_act(text, tampering):
    assert ("evidence_tampering" in {c.key for c in find_circumstances(text)}) is tampering


@pytest.mark.parametrize("text, mitigated", [
    ("店主当天就把多收的钱退给了顾客。", True), ("厂家给的货有问题，我们已经给顾客全部退款了。", True),
    ("当事人主动向消费者退款共计320元。", True),
    # someone else's remedy is not the party's (指导意见第十四条: 当事人主动消除或者减轻)
    ("他说厂家发了召回公告、买家都去售后换了，跟他没关系。", False), ("供货商已向消费者全额退款。", False),
])
def test_a_remedy_counts_when_the_party_made_it(text, mitigated):
    assert ("mitigated_harm" in {c.key for c in find_circumstances(text)}) is mitigated


def test_no_record_of_trades_is_a_missing_duty_not_no_harm():
    assert "harm_none" not in {c.key for c in find_circumstances("当事人没有成交记录台账")}


def test_the_facts_saying_a_reading_does_not_hold_are_followed():
    """An earlier penalty the facts call of another kind is no repetition of the same kind (指导意见第十六条第（三）项);
    a hardship pleaded without proof, or said not to count, is no ground; documented hardship stays."""
    keys = lambda t: {c.key for c in find_circumstances(t)}
    other = keys("今年3月咱们因为秤不准罚过他。今天又看了，价签没挂。上次是计量，这回是明码标价，不是一回事。")
    assert "repeat_within_year" not in other and "not_first_offence" in other
    assert "repeat_within_year" in keys("当事人2026年3月销售过期食品。2025年9月曾因同一问题被本局罚款5000元。")
    assert "hardship" not in keys("店主称生意不好，家庭困难，恳请不要罚款，但未提供任何家庭困难的材料。")
    assert "hardship" not in keys("邓某称家中老人住院、家庭困难，请求不罚款。讨论：家庭困难不影响定性。")
    assert "hardship" in keys("当事人系低保户，家庭困难，有低保证明。")


@pytest.mark.parametrize("text, keys", [
    ("店主提供了批发部盖章的供货清单及收款收据，批发部负责人到场确认供货属实，店主称当时以为是正品。",
     {"purchase_checked", "source_explained", "no_fault_claimed"}),
    ("本人一直以为该公司是品牌的区域经销商，对方营业执照和授权书复印件我也留存了。", {"no_fault_claimed", "purchase_checked"}),
    ("人家给开了收据，俺还拍了他营业执照。哪晓得是假的嘛。老孙的电话、门面号俺都写给你们了。",
     {"purchase_checked", "no_fault_claimed", "source_explained"}),
    ("当事人称商品包装与以往所售无异，进价仅较他处低约1元，未察觉系侵权商品。", {"no_fault_claimed"}),
    ("答：价钱跟以前一样，我哪看得出来，厂家来人我才晓得。", {"no_fault_claimed"}),
    ("当事人提供了合同、发票及供货方营业执照。现有证据未显示当事人知道所售商品系侵权商品。", {"no_fault_claimed"}),
])
def test_an_innocent_sellers_account_in_its_own_words(text, keys):
    found = {c.key for c in find_circumstances(text)}
    assert keys <= found and "continuing" not in found  # 一直以为 is a belief, not a continuing act


@pytest.mark.parametrize("text", ["当事人不懂得要办证", "我以为不用办许可证", "执法人员检查未发现问题", "当事人未意识到需要办理备案",
                                  "哪看得出来要办证啊", "现有证据不能证明当事人不知道所售商品系侵权商品"])
def test_ignorance_of_a_duty_is_no_claim_of_not_knowing_the_goods(text):
    assert "no_fault_claimed" not in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, days", [("货架上的酸奶过期9天", None), ("过了保质期三天的面包还在卖", None),
                                        ("他家食品经营许可证有效期到上个月28号，过期了二十来天没去延续", "20天"),
                                        ("电梯已超期5个月", "150天")])
def test_goods_past_their_date_say_nothing_of_how_long_the_act_lasted(text, days):
    found = [c.value for c in find_circumstances(text) if c.key == "duration"]
    assert found == ([days] if days else [])


@pytest.mark.parametrize("text, key", [
    ("加盟合同、品牌方要求统一标识的通知及证书复印件均已主动提交", "cooperated"),
    ("主动向我局提供了生产记录、包装机维修记录及销售台账", "cooperated"),
    ("账号密码和后台记录我现在就导给你们", "cooperated"),
    ("又在同一个账号发了致歉声明", "mitigated_harm"), ("法定代表人带队到某某驾校当面道歉", "mitigated_harm"),
    ("照着赊账本上的名字，一户一户打电话", "mitigated_harm"),
])
def test_papers_handed_over_and_harm_undone_in_everyday_words(text, key):
    assert key in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, key", [
    ("当事人已在原投放媒体同一版面刊登更正启事", "mitigated_harm"),
    ("下一场开播第一件事就是口播更正，录屏都留了", "mitigated_harm"),
    ("又发了一条说明，说之前的说法不对", "mitigated_harm"),
    ("对多收取的停车费，当事人已在出入口公告并逐笔退还", "mitigated_harm"),
    ("某农资店对13户受药害农户已全部赔付到位", "mitigated_harm"),
    ("经查，当事人已自行赔偿种植户李某减产损失3200元", "mitigated_harm"),
    ("投诉人多次要求退款，当事人均以“商品已拆封”为由拒绝退款", "harm_not_mitigated"),
    ("被其虚假宣传误导购买的老年消费者，当事人至今未予退赔", "harm_not_mitigated"),
    ("对已售出的不合格电热毯，当事人未采取任何召回措施", "harm_not_mitigated"),
    ("多收你两块钱咋了，小票都打出来了，退不了", "harm_not_mitigated"),
])
def test_harm_made_good_or_refused_in_any_words(text, key):
    assert key in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, key", [
    ("我公司承诺一个月内对售出的问题热水器全部上门更换", "mitigated_harm"),  # a promise, not done
    ("法制科长：多收的钱怎么退给消费者，退不了的怎么办，处理意见里要写上", "harm_not_mitigated"),  # a question of what to do
    ("合同约定“因甲方原因解除合同的，已付款项一律不予退还”", "harm_not_mitigated"),  # a contract's term
])
def test_a_promise_a_question_or_a_contract_term_makes_no_remedy_reading(text, key):
    assert key not in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text", ["当事人未提供进货单", "执法人员将询问笔录交给当事人核对"])
def test_papers_withheld_or_handed_by_officers_are_no_cooperation(text):
    assert "cooperated" not in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, keys", [
    ("计价器计程、计时误差均在允许范围内。司机同意按平时价格退还乘客20元，乘客表示接受。", {"found_compliant", "mediated"}),
    ("结算单单价与标价一致。经沟通，酒楼同意赠送一张100元代金券，投诉人接受。", {"found_compliant", "mediated"}),
    ("我在闲鱼上跟一个个人卖家买了台二手相机", {"civil_matter"}), ("她就是小区里的住户，不是开店的", {"civil_matter"}),
    ("我们俩就是分钱没分清楚", {"civil_matter"}), ("属在指定的场所和时间销售农副产品，不属于无证无照经营", {"civil_matter"}),
])
def test_a_dispute_or_a_lawful_act_in_the_words_of_a_check(text, keys):
    assert keys <= {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text", ["平台未核验个人卖家身份信息", "当事人称不属于违法行为，但未提供证据"])
def test_a_platforms_duty_or_the_partys_own_plea_is_no_civil_matter(text):
    assert "civil_matter" not in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text, key", [
    ("问：有没有顾客因为这个投诉过？答：没有。", "harm_none"),
    ("问：以前有没有被处罚过？答：没有。", "first_offence"),
    ("问：你进货时有没有查验供货商的许可证和合格证明？答：没有，都是熟人送的货。", "purchase_check_failed"),
    ("问：现在整改了吗？\n答：你们5月6号走后当天晚上，我们就在海鲜池边装了电子价格屏。", "corrected"),
])
def test_a_question_is_read_as_its_answer_says(text, key):
    found = by_key(text)
    assert key in found
    assert "答：" in found[key][0].quote  # the quote holds the question and the answer


@pytest.mark.parametrize("text, absent", [
    ("问：以前有没有被处罚过？答：有，去年被罚过一次。", "first_offence"),  # 有没有…被处罚 is no 没有被处罚
    ("问：有没有顾客投诉过？答：有两个。", "harm_none"),
    ("问：现在整改了吗？答：还没来得及改。", "corrected"),
])
def test_what_a_question_seems_to_say_is_not_read(text, absent):
    assert absent not in by_key(text)


@pytest.mark.parametrize("text", ["办法第四十五条是逾期不改正才罚款，他们在期限内改了，就不罚了。",
                                  "依照第八十六条，逾期未改正的方予罚款，当事人已在期限内改正完毕。"])
def test_the_laws_condition_of_a_fine_is_no_refusal_and_a_correction_in_time_is_read(text):
    found = by_key(text)
    assert "not_corrected" not in found and "corrected" in found


def test_a_refusal_in_the_facts_is_still_read():
    assert "not_corrected" in by_key("经责令改正，当事人逾期未改正，仍继续销售。")


@pytest.mark.parametrize("text, present", [("箱包不涉及公民生命健康安全，依法不再处罚。", False),
                                           ("未发现危及生命健康的情况。", False),
                                           ("该批插线板存在安全隐患，危及人身安全。", True)])
def test_a_danger_to_life_or_health_denied_in_the_facts_is_not_read(text, present):
    assert ("life_health" in by_key(text)) is present


@pytest.mark.parametrize("text, key", [
    ("经调阅销售单，未发现有消费者因该告示被拒绝退换。", "harm_none"),
    ("辖区投诉平台无相关投诉。", "harm_none"),
    ("没人申请退货，也就没有被拒的。", "harm_none"),
])
def test_no_one_affected_in_a_checks_words(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text", ["当事人无证经营被消费者投诉。", "广告内容误导消费者。"])
def test_harm_words_without_a_negation_are_no_harm_none(text):
    assert "harm_none" not in by_key(text)


@pytest.mark.parametrize("text, key", [
    ("经查询，该宾馆半年前即2025年2月已因同样在标价之外加收费用被我局罚款。", "repeat_within_year"),
    ("三个月前他家也因为缺斤短两被我们罚过。", "repeat_within_year"),
    ("某某药店去年8月刚因为卖过期药被罚了一万，今天（3月11日）复查，货架上又翻出过期药。", "repeat_within_year"),
    ("某某药店去年2月因为卖过期药被罚了一万，今天（3月11日）复查，货架上又翻出过期药。", "repeat_not_within_year"),
    ("该店两年前曾因销售过期食品被罚款2000元。", "repeat_not_within_year"),
])
def test_a_prior_penalty_counted_back_from_the_present_case(text, key):
    found = by_key(text)
    assert key in found
    other = {"repeat_within_year": "repeat_not_within_year", "repeat_not_within_year": "repeat_within_year"}[key]
    assert other not in found


def test_last_years_penalty_without_the_present_month_is_asked_not_guessed():
    found = by_key("该店去年8月因为卖过期药被罚了一万。")
    assert "not_first_offence" in found
    assert "repeat_within_year" not in found and "repeat_not_within_year" not in found


@pytest.mark.parametrize("text, key", [
    ("某某市人民政府针对本地疫情启动突发公共卫生事件Ⅲ级应急响应，当事人将驱蚊液由19.8元调至59元。", "emergency_period"),
    ("咱县防汛应急响应还没解除，他往灾后清淤点送了一百六十多桶假消毒液。", "emergency_period"),
    ("并要求加盟店门头统一使用“中华老字号”字样，否则不予供货。", "coerced"),
    ("他说不收下这批货抵账就天天来闹，我是被逼着收下的。", "coerced"),
    ("调查中，陈某交代作弊装置从一维修店购买。根据该线索，我局查获该维修店为多个市场安装作弊装置。", "reported_merits"),
    ("答：我说实话，我在西门那边还有个摊，那边的秤也调过，你们还没去看。", "confessed_unknown"),
    ("另查明，张某患有精神分裂症，鉴定意见为其辨认和控制自己行为的能力减弱，属限定责任能力。", "mental_partial"),
    ("我丈夫患双相情感障碍十余年。附鉴定意见书：被鉴定人实施直播行为时处于躁狂发作期，对该行为丧失辨认能力。",
     "mental_incapable"),
    ("问：请讲一下你的基本情况。答：我叫周某，2008年3月出生。（询问时间：2025年7月26日）", "minor_14_to_18"),
])
def test_grounds_in_the_words_of_records_and_parties(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text, absent", [("应急响应已经解除，当事人仍在销售。", "emergency_period"),
                                          ("执法人员告知其限期改正，否则将依法处罚。", "coerced")])
def test_look_alikes_of_those_grounds(text, absent):
    assert absent not in by_key(text)


@pytest.mark.parametrize("text, key", [
    ("充装记录本当日以前的页面已被撕去。", "evidence_tampering"),
    ("当事人法定代表人承认该合同系案发后补签并倒签日期。", "evidence_tampering"),
    ("站长随即指使工人将气瓶搬上货车，货车当即驶离，执法人员拦阻未果。", "evidence_tampering"),
])
def test_evidence_destroyed_or_made_after_the_fact(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text", ["当事人已删除违法广告。", "检查后当事人补办了健康证明。"])
def test_a_correction_or_papers_obtained_later_are_no_tampering(text):
    assert "evidence_tampering" not in by_key(text)


@pytest.mark.parametrize("text", ["我跟他们说是原厂尾货，让他们把盒子上的防伪贴撕掉再卖。",
                                  "区域督导在群内多次发布通知，要求各门店将已超过保质期的浓缩果浆撕掉原标签，贴新日期贴。",
                                  "答：是我贴的，老板唐某让我贴的。", "有两个本来不想装的，被他劝了好几回才装。"])
def test_others_made_to_do_it_and_no_correction_inside(text):
    found = by_key(text)
    assert "instigated_others" in found and "corrected" not in found


@pytest.mark.parametrize("text", ["执法人员要求当事人将过期食品下架。", "我让店员把过期的都撤下来了。"])
def test_an_order_to_the_party_or_a_correction_by_staff_is_no_instigation(text):
    assert "instigated_others" not in by_key(text)


@pytest.mark.parametrize("text, present", [("但价目牌和网上都没写，投诉人要求退还多收的钱。", False),
                                           ("经追回，涉案食品货值合计1.56万元。", False),
                                           ("当事人已主动退还多收的价款。", True)])
def test_a_remedy_asked_for_or_done_by_officers_is_not_the_partys(text, present):
    assert ("mitigated_harm" in by_key(text)) is present


@pytest.mark.parametrize("text", ["核查中未发现美容院使用过期、无备案化妆品问题。", "复称该榴莲重量与小票一致，榴莲也无变质等质量问题。"])
def test_a_check_that_found_nothing_wrong_names_no_defect(text):
    found = by_key(text)
    assert "found_compliant" in found and "visible_defect" not in found


@pytest.mark.parametrize("text, present", [("问：有没有人因为这个标提过意见？答：没有。", True),
                                           ("问：有没有农户对价格有意见？答：没有，价格都跟边上收购点一样。", True),
                                           ("问：你对检查结果有没有意见？答：没有。", False),
                                           ("当事人没有陈述申辩意见。", False)])
def test_nobody_objected_in_an_answer_is_no_harm_and_no_objection_to_the_record_is_nothing(text, present):
    assert ("harm_none" in by_key(text)) is present


# --- a prior penalty told without 因 (2026-12-04; sentences composed here)

@pytest.mark.parametrize("text, key, value", [
    ("答：2023年底给人做过假的某某包装盒，被罚过一次。", "not_first_offence", None),
    ("当事人曾于2021年5月因销售过期食品被我局罚款3000元。2025年9月2日检查发现其再次销售过期食品。", "repeat_not_within_year", "2021-05"),
    ("本次广告于2025年8月3日至9月30日发布。2025年2月发布的保健品广告，已被本局立案处罚。", "repeat_within_year", "2025-02"),
    ("店主承认以前被罚过一次。", "not_first_offence", None),
])
def test_a_prior_penalty_in_plain_words_is_a_prior_record(text, key, value):
    found = [c for c in find_circumstances(text) if c.key == key]
    assert found and (value is None or found[0].value == value)
    assert "first_offence" not in by_key(text)


@pytest.mark.parametrize("text", [
    "2025年3月5日执法人员检查发现当事人销售过期食品，依据食品安全法拟处以罚款。",  # the present case
    "供货商2024年曾被罚过，当事人此前从未受过处罚。",  # another actor's record
    "问：你以前因为这事被处理过吗？答：没有。",  # a question, answered no
    "当事人担心2025年这批货会被罚款。",  # a fear
])
def test_the_present_case_a_fear_or_another_actors_penalty_is_no_prior_record(text):
    assert not {"not_first_offence", "repeat_within_year", "repeat_not_within_year"} & set(by_key(text))


@pytest.mark.parametrize("text, key", [("今年4月才被罚过，不到一年又违规了。", "repeat_within_year"),
                                       ("经查前次处罚在三年前，不属于一年内再犯。", "repeat_not_within_year")])
def test_a_repetition_within_a_year_said_outright_and_its_negation(text, key):
    assert key in by_key(text)


# --- wordings read since 2026-12-04 (sentences composed here, not taken from any evaluation set)

def test_a_birth_date_without_any_date_of_the_case_gives_the_doubt_to_the_younger_age():
    from datetime import date
    born = date.today().year - 14  # turned 14 this year or turns 14 later this year
    found = {c.key: c for c in find_circumstances(f"摆摊的是学生王某（{born}年1月出生），在校门口卖自制的小吃。")}
    assert "minor_under_14" in found and "请核实行为日期" in found["minor_under_14"].label
    # a date of the case decides it
    dated = by_key(f"{born}年12月查获，摆摊的是王某（{born - 14}年1月出生）。")
    assert "minor_14_to_18" in dated and "minor_under_14" not in dated


def test_a_non_food_substance_is_a_food_crime_only_in_food():
    assert "criminal_suspicion" not in by_key("当事人在家用胶水、硼砂调制起泡胶，装盒在校门口出售。")
    assert "criminal_suspicion" in by_key("当事人在自制的凉粉里添加硼砂增加韧性后出售。")


def test_a_recall_by_the_registrant_is_not_the_sellers_remedy():
    assert "mitigated_harm" not in by_key("检验不合格，化妆品注册人已启动召回。")
    assert "mitigated_harm" in by_key("当事人已主动召回售出的产品。")


@pytest.mark.parametrize("text, key", [
    ("店长当晚删除了收银系统近两个月的部分销售数据。", "evidence_tampering"),
    ("复查时发现保存的80袋少了30袋。", "evidence_tampering"),
    ("负责人手把手教学生用多个账号下单、写好评。", "instigated_others"),
    ("暴雨红色预警期间，当事人将雨衣价格翻了三倍。", "emergency_period"),
    ("当天下午两点前价签全部恢复。", "corrected"),
    ("这个月也没人因为这件事来投诉过。", "harm_none"),
    ("经营者已把30笔预付款全部退回。", "mitigated_harm"),
    ("售出的9瓶全部换成新批次。", "mitigated_harm"),
])
def test_more_wordings_of_known_circumstances(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text, key", [("已退回供货商。", "mitigated_harm"), ("三天后全部恢复营业。", "corrected"),
                                       ("问：你以前因为这事被处理过吗？答：没有。", "not_first_offence")])
def test_contrasts_of_those_wordings(text, key):
    assert key not in by_key(text)


def test_a_prior_penalty_asked_and_confirmed_in_a_record():
    found = by_key("问：去年9月你是不是因为同样的事被我们罚过？答：是，罚了一千五。")
    assert "not_first_offence" in found
    assert "not_first_offence" not in by_key("问：去年9月你是不是因为同样的事被我们罚过？答：没有。")
    # a dated prior penalty asked and denied is no repetition within a year
    denied = by_key("2026年3月5日检查发现过期食品。问：2025年10月你是不是因为同样的事被罚过？答：没有。")
    assert not {"repeat_within_year", "not_first_offence"} & set(denied)
    # an on-the-spot fine of the present case is no prior one
    assert "not_first_offence" not in by_key("2026年3月5日检查，执法人员当场罚了50元。")


@pytest.mark.parametrize("text, key", [
    ("等候期间，店员把同批货从后门搬到隔壁仓库。", "evidence_tampering"),
    ("前台说老板不在，拖了半个小时不开仓库门。", "refused"),
    ("主动向35名学员每人退200元。", "mitigated_harm"),
    ("当事人当场导出全部销售流水。", "cooperated"),
    ("店主本人视力二级残疾。", "hardship"),
    ("进货台账、供货商营业执照和检验报告齐全。", "purchase_checked"),
    ("答：是从某某食品贸易公司进的。", "source_explained"),
    ("复查时新标志已贴好，没逾期。", "corrected"),
])
def test_wordings_read_since_the_hh_set(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text, key", [
    ("店员把货藏起来，后被我们追回。", "mitigated_harm"),  # the officers' recovery, not the party's remedy
    ("复查时新标志已贴好，没逾期。", "not_corrected"),
    ("已售金额未达5万元、总货值未达15万元。", "goods_value"),  # thresholds not reached are no amounts
    ("已售金额未达5万元、总货值未达15万元。", "criminal_suspicion"),
])
def test_contrasts_since_the_hh_set(text, key):
    assert key not in by_key(text)


def test_bought_from_a_stall_at_the_farm_market_names_the_source():
    assert "source_explained" in by_key("该批韭菜5月6日购自某农批市场摊主陈某。")


def test_a_plea_the_officers_reject_is_no_circumstance():
    assert "minor_violation" not in by_key("当事人辩称属标签瑕疵，但营养成分表为强制标示内容，不属瑕疵。")
    assert "minor_violation" in by_key("标签存在瑕疵，错别字一处，不影响食品安全。")


def test_an_order_issued_on_the_spot_is_no_correction():
    found = by_key("已当场开限期改正，给3天。")
    assert "ordered_correction" in found and "corrected" not in found


def test_cannot_pay_is_no_rejected_plea_of_hardship():
    assert "hardship" in by_key("我是肢体二级残疾，证你们看过。我爱人去年大病住院，5万块真拿不出，求从轻。")


def test_a_review_record_does_not_take_the_overruled_drafts_claims_as_findings():
    facts = ("案件审核意见：承办人认为当事人违法经营额已超五万元，拟移送公安。经核：已售22双，实际成交一万一千元，"
             "违法经营额合计4.2万元。审核认为：未达追诉标准，不移送。")
    found = by_key(facts)
    assert "criminal_suspicion" not in found
    assert [c.value for c in found["business_volume"]] == [42_000]


def test_a_prior_penalty_dated_inside_its_own_words():
    found = by_key("2026年5月1日至5日收取餐位费。当事人曾因菜品未标明价格于2025年9月26日被我局给予警告并罚款1500元。")
    assert found["repeat_within_year"][0].value == "2025-09-26"


def test_a_records_title_naming_the_review_is_no_finding_of_the_review():
    """责令改正复查记录： opens the record; the sentence after it is the first inspection (未办理使用登记), not what the
    review found: no 未改正. The review's own finding later in the record still counts."""
    facts = ("责令改正复查记录：2026年4月7日检查某物流公司仓库，发现其2台叉车投入使用已逾三个月，未办理使用登记，当场下达责令改正通知书，"
             "限4月30日前改正。4月21日当事人提交了使用登记证书。复查结论：已在限期内改正。")
    keys = {c.key for c in find_circumstances(facts)}
    assert "not_corrected" not in keys and "corrected" in keys
    late = find_circumstances("2026年4月7日检查，叉车未办理使用登记，限4月30日前改正。复查时，仍未办理使用登记。")
    assert "not_corrected" in {c.key for c in late}


@pytest.mark.parametrize("text, small", [
    ("依特种设备安全法第八十四条罚款三万元", False),  # an article's number is no count of goods
    ("拟按第一百二十四条处罚", False),
    ("货架上有十五瓶过期饮料", False),  # fifteen, not five
    ("货架上有3瓶过期饮料", True),
    ("仓库里有两台叉车", True),
])
def test_a_count_of_goods_is_not_read_inside_a_larger_number(text, small):
    assert any(c.key == "small_scale" for c in find_circumstances(text)) is small


@pytest.mark.parametrize("review, corrected", [
    ("12月22日、2026年1月15日两次复查，均未申请变更。", False),  # the corrective act not done: 未改正
    ("复查时，当事人仍未提交使用登记证书。", False),
    ("复查时未发现问题，价签已全部补齐。", True),  # 未发现 is a review that found nothing wrong
])
def test_a_review_that_finds_the_corrective_act_not_done_is_no_correction(review, corrected):
    facts = "11月20日核查发现当事人未办理变更登记，当日送达责令改正通知书，限期三十日内申请变更。" + review
    keys = {c.key for c in find_circumstances(facts)}
    assert ("not_corrected" in keys) is not corrected and ("corrected" in keys) is corrected


@pytest.mark.parametrize("text, mitigated", [
    ("当事人通过会员登记电话联系购买者，已收回11条。", True),  # sold goods taken back from the buyers
    ("当事人收回已售出的8台电热毯。", True),
    ("供货商威胁不配合就收回摊位。", False),  # a threat, no remedy
])
def test_sold_goods_taken_back_lessen_the_harm(text, mitigated):
    assert ("mitigated_harm" in {c.key for c in find_circumstances(text)}) is mitigated


def test_a_paper_written_after_the_seizure_is_tampering():
    keys = {c.key for c in find_circumstances("3月26日当事人提交一份落款为3月20日的退货单，经向供货商核实，对方从未开具该单据，"
                                              "当事人之子承认系查封后补写。")}
    assert "evidence_tampering" in keys
    # a record completed after an inspection as the correction is no tampering
    assert "evidence_tampering" not in {c.key for c in find_circumstances("检查后当事人补写了进货台账。")}


def test_a_correction_made_while_the_officers_were_present_is_the_partys():
    found = find_circumstances("该店散装糖果区12个品种未放置价签，检查人员在场期间即将价签全部补齐，执法记录仪有录像。")
    assert "corrected" in {c.key for c in found}
    assert "corrected" not in {c.key for c in find_circumstances("执法人员抽样送检。")}


def test_a_prior_penalty_last_year_against_a_festival_date_is_within_a_year():
    """去年9月罚过, the act 清明前 (April): within twelve months; a Q&A record's question restated is dated against the
    rest of the facts."""
    found = find_circumstances("问：用了多久？答：清明前装的，就墟日人多的时候按。问：去年9月你是不是因为一样的事被我们罚过？答：是，那次罚了1500。")
    assert "repeat_within_year" in {c.key for c in found}
    later = find_circumstances("问：用了多久？答：国庆前装的。问：去年9月你是不是因为一样的事被我们罚过？答：是，那次罚了1500。")
    assert "repeat_within_year" not in {c.key for c in later}


def test_a_rigged_measuring_instrument_with_a_large_take_is_a_suspected_fraud():
    big = find_circumstances("检查发现该站4台加油机主板被更换，内置可远程切换的作弊程序。按进销存数据测算，多收款项约三十八万元。")
    assert any(c.key == "criminal_suspicion" and c.value == "诈骗罪" for c in big)
    small = find_circumstances("电子秤底下装了遥控板，按一下每斤多出一两，共多收了约800元。")
    assert "criminal_suspicion" not in {c.key for c in small}
    # a large take without any rigging is no fraud of this kind
    assert "criminal_suspicion" not in {c.key for c in find_circumstances("加油站未明码标价，违法所得三十八万元。")}


def test_goods_held_as_evidence_found_short_at_the_next_visit_are_tampering():
    found = find_circumstances("执法人员当日对涉案商品先行登记保存，交当事人就地保管；次日复查发现少了86件，当事人承认已于当晚配送至学校食堂。")
    assert "evidence_tampering" in {c.key for c in found}
    whole = find_circumstances("执法人员当日对涉案商品先行登记保存，交当事人就地保管；次日复查，登记保存的商品完好。")
    assert "evidence_tampering" not in {c.key for c in whole}


def test_the_party_telling_what_the_officers_have_not_found_is_a_confession_of_the_unknown():
    found = find_circumstances("答：说实话，去年10月到今年1月，公交车车身也做过，内容一样。这个你们之前应该还没查到。")
    assert "confessed_unknown" in {c.key for c in found}


def test_a_printer_that_took_no_part_in_design_or_sale_plays_a_minor_role():
    found = find_circumstances("当事人按对方提供的设计稿印制罐标12万张，收取印制费1.2万元，未参与设计、灌装和销售。")
    assert "minor_role" in {c.key for c in found}


def test_the_reporters_date_is_the_discovery_and_a_photos_date_at_a_sentence_end_is_not():
    found = find_circumstances("举报人2026年2月提交照片，称当事人门头广告使用绝对化用语。该广告牌已于2023年11月20日拆除；举报照片经核实拍摄于"
                               "2023年9月。承办人以举报之日为发现之日。")
    assert [c.value for c in found if c.key == "discovery_date"] == ["2026-02"]


@pytest.mark.parametrize("text, key", [
    ("当事人对上述事实无异议。", "cooperation_stated"),
    ("检查时老板态度还挺好。", "cooperation_stated"),
    ("答：问啥说啥，不敢瞒。", "cooperation_stated"),
    ("答：你们要的东西我都给了。", "cooperation_stated"),
    ("该给的后台数据最后也都导出来给了。", "cooperation_stated"),
    ("剩下的38件我一件没敢卖。", "corrected"),
    ("当着我们的面把3号机停了。", "corrected"),
])
def test_everyday_wording_of_cooperation_and_correction(text, key):
    assert key in {c.key for c in find_circumstances(text)}


@pytest.mark.parametrize("text", ["当事人态度恶劣，拒不配合。", "当事人已交了罚款。", "停车场已停了三辆车。", "当事人已增加了进货量。"])
def test_words_near_cooperation_and_correction_that_are_neither(text):
    assert not {"cooperation_stated", "cooperated", "corrected"} & {c.key for c in find_circumstances(text)}


def test_a_correction_made_only_after_the_notice_of_penalty_is_not_prompt():
    found = find_circumstances("单页印了一千张，花了八百元，收到告知书后已经全部收回销毁了。")
    assert "not_corrected" in {c.key for c in found} and "corrected" not in {c.key for c in found}
    assert "corrected" in {c.key for c in find_circumstances("立案后当事人撤下了广告。")}


def test_deleting_unlawfully_collected_data_is_the_remedy_not_tampering():
    remedy = find_circumstances("当场停用刷脸注册功能，表示三日内删除已采集数据。")
    assert "evidence_tampering" not in {c.key for c in remedy}
    assert "evidence_tampering" in {c.key for c in find_circumstances("当事人在检查前删除了后台销售数据。")}


@pytest.mark.parametrize("text, found", [
    ("答：从某某批发市场陈老板那拉的。", True),
    ("是从县里果品批发市场老陈那拿的。", True),
    ("当事人自某某医药有限公司购进120盒。", True),
    ("供货人都能联系上。", True),
    ("这是从网上买的。", False),
])
def test_the_source_of_the_goods_named_in_everyday_words(text, found):
    assert ("source_explained" in {c.key for c in find_circumstances(text)}) is found


def test_an_elevator_as_the_place_of_an_advertisement_is_no_special_equipment():
    assert "life_health_domain" not in {c.key for c in find_circumstances("开发商在小区的电梯框里贴了海报，写着年化8%升值。")}
    assert "life_health_domain" in {c.key for c in find_circumstances("该商厦1台乘客电梯定期检验已超期仍在使用。")}


# --- the same circumstances told as a chat message or by the party (paraphrase sets, 2026-12-04) ---------

@pytest.mark.parametrize("facts,key,quote", [
    ("搬家这段一起投诉举报都没有", "harm_none", "投诉举报都没有"),
    ("没闹出啥事", "harm_none", "没闹出啥事"),
    ("误差都在允许范围 秤也没改过 没坑着人", "harm_none", "没坑着人"),
    ("情节算挺轻的", "minor_violation", "情节算挺轻"),
    ("以前我没挨过罚", "first_offence", "没挨过罚"),
    ("我当场都调出来给你们了", "cooperated", "当场都调出来给你们"),
    ("抽检说菌落总数超了", "hidden_defect", "总数超了"),
    ("面膜里烟酰胺含量没达到备案技术要求", "hidden_defect", "含量没达到"),
    ("台账一批一批记着", "purchase_checked", "台账一批一批记着"),
    ("就把封条撕了", "evidence_tampering", "把封条撕了"),
    ("两份都是出事以后找人做的", "evidence_tampering", "都是出事以后找人做的"),
    ("我就按几回把钱退了", "mitigated_harm", "把钱退了"),
    ("我们一发现就不用这台秤了", "corrected", "就不用这台秤了"),
    ("这个你们之前不知道，是我自己讲出来的", "confessed_unknown", "你们之前不知道"),
    ("她是09年6月生的 还没满18", "minor_14_to_18", "09年6月生"),
    ("挣了4.1万算违法所得", "illegal_income", "4.1万算违法所得"),
])
def test_chat_and_party_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


@pytest.mark.parametrize("facts,absent", [
    ("够不上刑事追诉", "criminal_suspicion"),  # the threshold said not reached
    ("不能算没过错吧", "no_fault"),
    ("检查后补写了进货台账", "evidence_tampering"),  # the record completed as the correction
    ("一个投诉都没有", "small_scale"),  # no complaint at all, not a count of one
])
def test_chat_phrasings_that_do_not_establish(facts, absent):
    assert absent not in by_key(facts)


def test_papers_said_forged_in_their_own_clause_show_no_cooperation():
    forged = by_key("当事人提交的进货台账和销售记录系立案后临时补写。")
    assert "evidence_tampering" in forged and "cooperated" not in forged and "purchase_checked" not in forged
    later = by_key("调查初期当事人提交了篡改过的投料记录，两周后在证据面前承认篡改，并主动提供了原始投料记录和全部销售去向。")
    assert "evidence_tampering" in later and "cooperated" in later


@pytest.mark.parametrize("facts,key,quote", [
    # an A-not-A question answered no, also rhetorically (哪晓得): the answer says its negative half
    ("问：你晓不晓得跟人家的牌子像？答：我哪晓得嘛，批发部说是新出的牌子。", "no_fault_claimed", "你晓不晓得跟人家的牌子像？答：我哪晓得嘛"),
    # the amount asked for and answered alone takes the question's label
    ("问：这批货值多少？\n答：一千块出头。", "goods_value", "货值多少？\n答：一千块"),
    ("问：收了多少印制费？\n答：一万二。", "illegal_income", "收了多少印制费？\n答：一万二"),
    # the answer's own words date the prior penalty the question asks about
    ("现场清点：2026年5月14日在超市货架查出过期饮料。\n问：去年你们是不是也因为卖过期食品被我局处罚过？\n答：是，去年9月那回罚了六万，9月22号收的决定书。",
     "repeat_within_year", "去年你们是不是也因为卖过期食品被我局处罚过？\n答：是"),
])
def test_interview_records(facts, key, quote):
    assert_reads(facts, key, quote)


@pytest.mark.parametrize("facts,key,quote", [
    # a question whether something is done, answered yes, says it is done (挂好了吗？挂好了; 办了吗？办了)
    ("问：挂好了吗？\n答：挂好了，就在镜子边上那面墙，你们拍吧。", "corrected", "挂好了吗？\n答：挂好了"),
    ("问：11月20号给你们送了通知，限20天内办变更，办了吗？\n答：办了，在网上交的申请。", "corrected", "办了吗？\n答：办了"),
    ("问：限你9号前改，现在怎么样了？\n答：已经弄好了，正本挂在收银台后面墙上。", "corrected", "已经弄好"),
    ("问：限你9号前改，现在怎么样了？", "ordered_correction", "限你9号前改"),
    ("答：3月9号区局的使用登记证就下来了。", "corrected", "登记证就下来了"),
    # nobody came to say the scale was short; no breakdown, the negation after the noun
    ("问：有人说你短秤没有？\n答：一直是准的，没有一个人来说少了分量。", "harm_none", "没有一个人来说少了分量"),
    ("答：梯子一直好好的，一次故障没出过。", "harm_none", "故障没出过"),
    # a prior warning the party took (挨过), dated by a month alone beside the present case (4月那回罚了两千)
    ("2024年5月因为餐具没消毒挨过一次警告。", "not_first_offence", "2024年5月因为餐具没消毒挨过一次警告"),
    ("问：今年2月、4月是不是也因为一样的事被查过？\n答：是，2月那回当场叫我们改，4月那回罚了两千。",
     "repeat_within_year", "今年2月、4月是不是也因为一样的事被查过？\n答：是"),
    # got rid of so the officers would not find it; an attempt the officers stopped; told before it was found
    ("答：……遥控器。怕被你们查到，顺手就扔了。", "evidence_tampering", "怕被你们查到，顺手就扔"),
    ("答：想把秤弄走，没搬成，被你们拦住了。", "refused", "被你们拦住"),
    ("你们还没看到后屋，我自己先讲：加工间那台焦度计也过期没送。", "confessed_unknown", "你们还没看到"),
    # force and a threat from the one who pressed the goods on the party
    ("他带人把我的摊子砸过，说不从他那拿货就别想在这摆。", "coerced", "带人把我的摊子砸过"),
    # a test's failure said plainly
    ("你们卖的保湿乳菌落总数不合格。", "hidden_defect", "总数不合格"),
    # goods worth a figure, and the goods counted at their price
    ("答：24瓶，店里标七十八一瓶，一共一千八百七十二块的货。", "goods_value", "一千八百七十二块的货"),
    ("答：30条，一百二一条，卖掉18条，按售价算总共三千六。", "goods_value", "按售价算总共三千六"),
])
def test_interview_answers_in_the_partys_words(facts, key, quote):
    assert_reads(facts, key, quote)


@pytest.mark.parametrize("facts,key,quote", [
    # a case form's short lines: the time since the act ended, the refund after its noun, a change within days
    ("其他情况：投诉2026.6才到，之前无人举报；停发至今已超2年", "limitation_stated", "停发至今已超2年"),
    ("当事人表现：工单转办后3日内改为续费前3天短信提醒；61笔续费款已全部自行退还", "corrected", "3日内改为"),
    ("当事人表现：工单转办后3日内改为续费前3天短信提醒；61笔续费款已全部自行退还", "mitigated_harm", "款已全部自行退还"),
    ("店内张贴退货告示", "mitigated_harm", "张贴退货告示"),
    ("先行登记保存后，店长当晚删掉收银系统近2个月部分销售数据", "evidence_tampering", "删掉收银系统近2个月部分销售数据"),
    ("辣条甜蜜素超GB 2760限量，判不合格", "hidden_defect", "超GB 2760限量"),
    # the party's papers said available, and what was asked told of its own accord
    ("厂家的营业执照、出厂合格证、进货单，我都拿得出来。", "purchase_checked", "营业执照、出厂合格证、进货单，我都拿得出来"),
    ("厂家联系人是谁、啥时候发的货，我也都主动告诉你们了。", "cooperated", "也都主动告诉你们"),
    # a label flaw's condition in everyday words, over two clauses
    ("这点毛病不影响吃的安全，也不至于让人看岔了。", "minor_violation", "不影响吃的安全，也不至于让人看岔"),
])
def test_case_forms_and_the_partys_own_account(facts, key, quote):
    assert_reads(facts, key, quote)


@pytest.mark.parametrize("facts,key,quote", [
    # a colleague's chat message: a fine named by its amount (加罚3万), a month's filing (4月立案罚了), the gap in months
    ("另外这家23年9月卖侵犯同一权利人商标的运动服 被咱局没收加罚3万", "not_first_offence",
     "23年9月卖侵犯同一权利人商标的运动服 被咱局没收加罚"),
    ("今年2月 4月都因为这事被咱们查过 2月现场责改 4月立案罚了2000", "repeat_within_year", "4月立案罚了"),
    ("这回才隔两个多月又来", "repeat_within_year", "才隔两个多月又来"),
    ("报告一到，当天就停了不卖。", "corrected", "停了不卖"),
    ("我一个一个打过去，收回来11条", "mitigated_harm", "收回来11条"),
    ("购销合同 发票 上家执照 备案截图 出厂检验报告一样不少", "purchase_checked", "备案截图 出厂检验报告一样不少"),
    # someone else did it, and the recording shows it, told in that order
    ("那个价签不是我们放的，是顾客挪过去的，监控里看得清清楚楚。", "no_fault", "是顾客挪过去的，监控"),
])
def test_chat_messages_of_colleagues(facts, key, quote):
    assert_reads(facts, key, quote)


@pytest.mark.parametrize("facts,key,quote", [
    # no evidence shows it: the negation reaches over 无证据表明其
    ("现无证据表明其明知或应知广告内容虚假", "no_intent", "无证据表明其明知"),
    ("该屏控制服务器于当日被境外IP利用系统漏洞入侵并篡改播放列表", "no_fault", "服务器于当日被境外IP利用系统漏洞入侵"),
    ("我以前从没被处理过，这次真是不小心。", "first_offence", "以前从没被处理过"),
    ("当时给他开了监察指令书，限期20天。", "ordered_correction", "开了监察指令书"),
    ("让俺十天之内去街道办了", "ordered_correction", "让俺十天之内去街道办"),
    ("俺一件件换上了，总共三十来件", "corrected", "一件件换上了"),
    ("违法行为终了于2023年6月底，至发现时已超过二年", "limitation_stated", "终了于2023年6月底，至发现时已超过二年"),
])
def test_worked_cases_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


def test_the_time_since_the_act_ended_is_no_continuing_act():
    found = by_key("旧门头拆除时间为2023年5月8日，此后未再使用。处理意见：违法行为终了之日起至今已逾二年")
    assert "continuing" not in found and "limitation_stated" in found
    assert "continuing" in by_key("自2023年起至今一直销售")
    ended = by_key("当事人确于2023年1月5日至4月18日虚构交易213笔。讨论意见：违法行为于2023年4月18日终了，至发现时已逾二年")
    assert "limitation_stated" in ended and "discovery_date" not in ended  # the end, though 发现 follows it


def test_a_list_shares_its_negation():
    found = by_key("且不涉及公民生命健康安全、金融安全，依照法律不再给予行政处罚")
    assert "finance_safety" not in found and "life_health" not in found
    assert "small_scale" not in by_key("俺一件件换上了")  # piece by piece, not a count of one


def test_a_price_per_unit_is_no_date():
    assert "act_date" not in by_key("这批进了30袋 12.8一袋 货值384")


@pytest.mark.parametrize("facts,absent", [
    ("答：怕被你们查到，顺手就扔了。", "corrected"),  # concealment, not a correction
    ("答：一直是准的。", "continuing"),  # a state that held, no act continuing
    ("问：卖了多少？\n答：一共310个，22块一个。", "sales"),  # a unit price is no total
    ("限时优惠三天内有效。", "ordered_correction"),
    ("问：今天限你下班前挂好，能做到吗？", "corrected"),  # the time limit set, not the correction made
    ("停了不卖的那批货又拿出来卖了", "corrected"),  # stopped, then sold again
    ("我一个一个打过去问", "small_scale"),  # one by one, not a count of one
])
def test_interview_answers_that_do_not_establish(facts, absent):
    assert absent not in by_key(facts)


def test_an_a_not_a_question_states_nothing_by_itself():
    assert "no_fault_claimed" not in by_key("问：有的饮料过期两个多月了还在卖，你知不知道？\n答：知道一点，是我管得不到位。")


@pytest.mark.parametrize("facts,present", [
    ("问：从哪进的？\n答：某某贸易公司，合同、增值税发票、对公转账记录都有。", True),
    ("问：从哪来的？\n答：姓黄的那个私宰点送的。", False),  # no supplier that can be traced
    ("问：从哪进的？\n答：批发市场一个流动小贩，电话没留。", False),
])
def test_a_source_asked_for_and_named_in_the_answer(facts, present):
    assert ("source_explained" in by_key(facts)) is present


@pytest.mark.parametrize("facts,key,quote", [
    ("我局在调查过程中，当事人主动交代其于2024年春节前向某某大酒店厨师长钱某赠送现金4000元以求增加用油采购量的事实，"
     "该事实此前我局并未掌握", "confessed_unknown", "此前我局并未掌握"),
    ("2023年1月，正值新冠感染高峰期间，当事人销售标称医用口罩的产品", "emergency_period", "正值新冠感染高峰"),
    ("厂家报告写明是雷击致编码器损坏导致计量偏差", "no_fault", "雷击致编码器损坏导致"),
    ("问：上架怎么写，谁定？答：都是周某定，我看不到后台。", "minor_role", "都是周某定"),
    ("我每天就去打包、贴快递单，别的不管。", "minor_role", "别的不管"),
    ("杨某提供了郑某的仓库位置和发货时间，次日我局在该仓库查获同款产品5200余瓶", "reported_merits",
     "提供了郑某的仓库位置和发货时间，次日我局在该仓库查获"),
    ("9月24日责令改正后，当事人于9月26日起启用新标签", "corrected", "启用新标签"),
    ("发现问题当日，当事人即安排孙某停岗体检", "corrected", "即安排孙某停岗"),
    ("上次给他下了责令停止经营通知，他换了个店名，一月十二号就重新上线", "not_corrected", "重新上线"),
])
def test_worked_cases_phrasings_second_round(facts, key, quote):
    assert_reads(facts, key, quote)


def test_a_follow_up_after_an_order_reports_the_result():
    visited = by_key("同志说俺没办备案卡，让俺十天之内去街道办了。俺第二天就去登记了。同志后来又来看了一趟，说行了。")
    assert "corrected" in visited
    noted = by_key("执法人员当场送达责令改正通知书，要求十五日内办理变更登记。（补记：1月13日当事人已取得新营业执照。）")
    assert "corrected" in noted
    # a visit in plain words with no order before it reports nothing; one that finds the fault still there is 未改正
    assert "corrected" not in by_key("同志后来又来看了一趟，说行了。")
    still = by_key("限他三天内把价签补上。后来又去看了一趟，还是没补。")
    assert "not_corrected" in still and "corrected" not in still
    # a natural event is no fault only where it caused something: 台风 beside 一致 is not
    assert "no_fault" not in by_key("进价与台风前一致")


def test_an_answer_to_when_one_was_born():
    asked = find_circumstances("（询问时间：2025年8月9日）问：你哪年出生的？答：2008年5月，今年17。问：卖了多少？")
    assert [c.key for c in asked if c.key.startswith("minor")] == ["minor_14_to_18"]


def test_what_a_reviewer_or_a_meeting_asks_for_states_no_fact():
    asked = by_key("法制科长：多收的钱怎么退给消费者，退不了的怎么办，处理意见里要写上。主持人：请承办人按讨论意见补齐材料，完善裁量说理后报批。")
    assert "mitigated_harm" not in asked and "corrected" not in asked
    assert "mitigated_harm" not in by_key("两款产品的生产、销售数量应分别列明，召回及退款凭证应附卷。")
    # the same words as facts, and a party's own plea (请求考虑我们主动换线), are read
    assert {"corrected", "mitigated_harm"} <= set(by_key("当事人当场下架，主动退还消费者货款。"))
    assert "corrected" in by_key("请求考虑我们已主动换线、消除隐患的情况")
    # the review's finding is read although a directive after it speaks of 改正
    reviewed = find_circumstances("执法人员送达责令改正通知书，限期20日内办理住所变更登记。12月4日复查确认，当事人已于12月3日领取了新营业执照。"
                                  "审核意见：请承办机构根据改正情况依法提出处理意见。")
    assert any(c.key == "corrected" and (c.quote.startswith("复查确认") or "已于12月3日领取了新营业执照" in c.quote) for c in reviewed)


def test_a_review_that_finds_worse_or_finds_nothing_overdue():
    gone = by_key("3月28日对其复合肥先行登记保存120袋。4月7日复查时发现，被登记保存的120袋中缺失70袋，罗某承认趁夜间运出卖了。")
    assert "evidence_tampering" in gone and "corrected" not in gone
    in_time = by_key("当时开了限期改正通知，给了3天。3月26日下午复查，新的检验标志已贴好，没有逾期。")
    assert "corrected" in in_time and "not_corrected" not in in_time


@pytest.mark.parametrize("facts,key,quote", [
    ("当事人今年2月、4月已因相同问题两次被我局查处", "not_first_offence", "今年2月、4月已因相同问题两次被我局查处"),
    ("到4月5日我局约谈之后，公司才改成默认不勾选", "not_corrected", "约谈之后，公司才"),
    ("赵某主动说明4月份还卖出过过期试纸，该情况不在投诉内容之中，我局此前也未掌握", "confessed_unknown", "我局此前也未掌握"),
    ("买过的68个顾客他都逐一发了消息，愿意退的全退了", "mitigated_harm", "愿意退的全退了"),
    ("向购买产品的326名消费者承诺可无理由退货，目前已有41人退货退款", "mitigated_harm", "已有41人退货退款"),
    ("宣传素材和销售数据由当事人主动交给我局", "cooperated", "由当事人主动交给"),
    ("收银一直按正确价格结算，顾客未被多收一分钱", "harm_none", "未被多收一分钱"),
    ("进价是每袋8.5元，和市面上同类产品差不多", "no_fault", "和市面上同类产品差不多"),
    ("服务商出具了书面故障说明及服务器日志", "no_fault", "服务商出具了书面故障说明"),
])
def test_officers_documents_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


def test_up_to_now_is_continuing_only_for_the_party_s_own_act():
    assert "continuing" not in by_key("举报人称所交学费六千八百元至今未获退还")
    assert "continuing" not in by_key("至今未收到因该批次蛋糕引起身体不适的投诉")
    assert "continuing" in by_key("该梯至今未申报定期检验")
    # a price like the other shops' is no sign of good faith in buying
    assert "no_fault" not in by_key("收银系统内上述饮料价格与同类门店一致")


def test_a_correction_promised_and_done_within_the_interview_is_on_the_spot():
    from assistant.circumstances import ON_THE_SPOT_VALUE
    done = find_circumstances("问：现在能挂上吗？答：能，我马上挂。问：挂好了吗？答：挂好了，就在镜子边上那面墙，你们拍吧。")
    assert any(c.key == "corrected" and c.value == ON_THE_SPOT_VALUE for c in done)
    later = find_circumstances("老板说马上改。三天后复查，已改好。")  # no interview: a later review, not the spot
    assert any(c.key == "corrected" for c in later)
    assert not any(c.key == "corrected" and c.value == ON_THE_SPOT_VALUE for c in later)


@pytest.mark.parametrize("facts,key,quote", [
    ("问：进货有凭证吗？\n答：有，批发部开的销售单都交给你们了。", "purchase_checked", "进货有凭证吗？\n答：有"),
    ("是我一个一个带着他们弄的，怎么写好评、怎么躲开平台检测，都是我教的。", "instigated_others", "带着他们弄"),
    ("厂家出了书面的，认了是配料下错了。", "no_fault", "厂家出了书面的，认了是配料下错"),
    ("答：没有执照，我还是在校学生，不做生意。", "civil_matter", "不做生意"),
    ("就挂过4样，全是我自己用旧的。", "civil_matter", "我自己用旧的"),
    ("我们就管印，设计、灌装、卖货都跟我们不沾边。", "minor_role", "我们就管印"),
    ("结的账就是当天批发价再加点加工费，没有哪个客人嫌贵来闹过。", "harm_none", "没有哪个客人嫌贵来闹过"),
])
def test_interview_answers_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


def test_a_question_states_nothing_unless_it_takes_it_as_given():
    asked = by_key("问：配色跟那个牌子几乎一样，你们没看出来？答：看出来了，也问过。")
    assert "no_fault_claimed" not in asked
    given = by_key("问：为什么没送检？答：去年店长交接的时候，送检提醒给漏了。")
    assert "not_corrected" in given
    assert "purchase_checked" not in by_key("进货没有凭证")  # a negation before 有 is no purchase check
    assert "minor_role" not in by_key("想着他拿去干什么跟我们没关系")
    assert "civil_matter" not in by_key("以后再也不做生意了")


def test_sales_said_below_a_figure_do_not_hide_the_threefold_rule():
    facts = ("当事人以不合格电线冒充合格产品销售。已销售该批电线，销售金额4.2万元；仓库中尚存未销售的同批电线，按标价计算货值金额12万元。"
             "办案机构认为销售金额不足5万元，拟罚款。")
    crime = [c for c in find_circumstances(facts) if c.key == "criminal_suspicion"]
    assert crime and crime[0].value == "生产、销售伪劣产品罪"  # 4.2万 × 3 + 12万 ≥ 15万


def test_a_count_of_what_was_sold_is_a_scale_stated():
    found = find_circumstances("店庆活动搞了9天，卖出去186件，一件也没按原价卖过。")
    count = [c for c in found if c.key == "large_count"]
    assert count and count[0].value == 186 and count[0].quote == "卖出去186件"
    assert "duration" in {c.key for c in found}
    assert "large_count" not in by_key("卖了3件")  # a handful is a small scale
    assert "large_count" not in by_key("一件也没卖出去")


@pytest.mark.parametrize("facts,key,quote", [
    ("已售没到5万 总货值没到15万 够不上刑事追诉 这个咋定档？", "no_crime", "够不上刑事追诉"),
    ("8.10我们送了责令退款通知 给15天 结果过了期限一分没退", "harm_not_mitigated", "一分没退"),
    ("人家调查时挺积极 主动把销售记录全交了", "cooperated", "主动把销售记录全交"),
    ("台账品名规格数量生产日期保质期供货商电话一项不落", "purchase_checked", "台账品名规格数量生产日期保质期供货商电话一项不落"),
    ("进价8.5一袋 跟市面同类差不多", "no_fault", "进价8.5一袋 跟市面同类差不多"),
])
def test_colleagues_chat_phrasings_second_round(facts, key, quote):
    assert_reads(facts, key, quote)


def test_an_amount_said_not_reached_in_plain_words_reaches_no_threshold():
    found = by_key("卖标某某注册商标的假运动鞋，已售没到5万，总货值没到15万，够不上刑事追诉")
    assert "criminal_suspicion" not in found and "no_crime" in found


def test_a_correction_while_the_officers_were_still_there_is_on_the_spot():
    from assistant.circumstances import ON_THE_SPOT_VALUE
    found = find_circumstances("你们还在店里呢，我就拿笔手写补上了，十一点零五分你们再看，全标上了。")
    assert any(c.key == "corrected" and c.value == ON_THE_SPOT_VALUE for c in found)


@pytest.mark.parametrize("facts,key,quote", [
    ("王某主动提供了送货人的电话号码，执法人员据此找到供货人", "cooperated", "主动提供了送货人的电话号码"),
    ("被询问人将剩余5个公仔全部交予执法人员", "cooperated", "将剩余5个公仔全部交予"),
    ("进货渠道都照实说了 尾货商联系方式也交给我们了", "cooperated", "照实说了"),
    ("当事人积极协助执法人员倒查货源", "cooperated", "积极协助执法人员倒查"),
    ("当事人即行为其退款，并停售该款产品", "mitigated_harm", "即行为其退款"),
    ("向212名会员每人补偿差价100元，计2.12万元", "mitigated_harm", "每人补偿差价100元"),
    ("立案后把已经卖出的700个插线板追了回来", "mitigated_harm", "追了回来"),
    ("门口贴了告示，买了的都能拿回来退", "mitigated_harm", "买了的都能拿回来退"),
    ("试纸一事我局原不掌握，系其自己交代", "confessed_unknown", "我局原不掌握"),
    ("2025.11因同类有奖销售违法被我局罚款8万元，本次距上次不足半年", "repeat_within_year", "距上次不足半年"),
    ("前罚未满周年即再犯", "repeat_within_year", "未满周年即再犯"),
    ("销售单上的低价当事人供认系为压低货值金额而编造", "evidence_tampering", "系为压低货值金额而编造"),
    ("合格证系翻拍他人的、销售单为事后自填", "evidence_tampering", "翻拍他人"),
    ("是我叫技术负责人删的。当时慌了，以为删了你们就查不到", "evidence_tampering", "以为删了你们就查不到"),
    ("复查时封条已被撕，查封物中9个品种不见", "evidence_tampering", "封条已被撕"),
])
def test_tunable_misses_third_round(facts, key, quote):
    assert_reads(facts, key, quote)


def test_third_round_contrasts():
    assert "cooperated" not in by_key("当事人能如实说明进货来源")  # a sourcing duty, not cooperation
    assert "cooperated" not in by_key("检查中当事人配合，未发现其他问题")  # bearing the inspection is the duty
    assert "mitigated_harm" not in by_key("货款一直没要回来")
    assert "evidence_tampering" not in by_key("其登记的住所系为节省房租而虚构")  # the conduct itself


# --- a consumer dispute told in an interview or a check's report (2026-12-04, fourteenth session; sentences composed here)

@pytest.mark.parametrize("text, key", [
    ("答：秤是去年检定过的，证书还没到期，刚才你们拿砝码也试了，误差在允许的范围里。", "found_compliant"),
    ("核查：店方的处理符合三包规定。", "found_compliant"),
    ("调取记录，未发现故意拖延或者无理拒绝的情形。", "found_compliant"),
    ("现场查看该车，铭牌参数与3C证书一致。", "found_compliant"),
    ("答：她后来签了字，说投诉撤了。", "mediated"),
    ("答：这是工资的事，她可以去申请劳动仲裁。", "civil_matter"),
    ("答：没别的，就是工资上的事。", "civil_matter"),
])
def test_a_consumer_or_labour_dispute_in_plain_words(text, key):
    assert key in by_key(text)


def test_what_a_check_found_in_order_is_no_refusal_and_three_guarantees_is_no_count():
    found = by_key("店家处理符合三包规定，未发现拒不履行三包义务的情形。经调解，投诉人同意换机，已办结并撤回投诉。")
    assert "found_compliant" in found and "mediated" in found
    assert not {"refused", "corrected", "small_scale"} & set(found)
    # a count of three packs is still a small count; a refusal of the consumer's claim is the conduct, not a refusal
    # of the officers, which is still read
    assert "small_scale" in by_key("货架上只有三包过期饼干。")
    assert "refused" not in by_key("当事人拒不履行三包义务，拖延两个月。")
    assert "refused" in by_key("当事人拒不配合检查，拖延两个月。")


# --- records and leads handed to the officers, in the party's words (2026-12-04; sentences composed here)

@pytest.mark.parametrize("text, present", [
    ("答：上家的电话我都告诉你们了。", True),
    ("店长把后台推广记录、客服聊天记录都调出来给我们复制了。", True),
    ("当事人将全部订单刻录光盘交执法人员。", True),
    ("拍的原片、后台的数据截图，我全交了。", True),
    ("投诉人将聊天记录截图交给执法人员。", False),  # the complainant's
    ("进货记录都交了，票子也在。", False),  # the papers of a lawful source: the sourcing duty
    ("剩下的37盒都交给你们销毁。", False),  # the goods left
])
def test_records_and_leads_handed_to_the_officers_are_cooperation(text, present):
    assert ("cooperated" in by_key(text)) is present


@pytest.mark.parametrize("text, key", [
    ("2026年3月10日，执法人员检查发现该店在售过期洗发水。该店去年6月因在售过期洗发水被我局罚款1.5万元。", "repeat_within_year"),
    ("2026年3月10日检查。问：以前被处罚过吗？答：是，去年6月卖过期洗发水，罚了一万五。", "repeat_within_year"),
    ("2026年8月10日检查发现在售过期洗发水。该店去年6月因在售过期洗发水被罚款。", "repeat_not_within_year"),
])
def test_last_year_is_told_from_the_dated_present_case(text, key):
    """去年6月 beside a present case dated 2026: June 2025, within a year of March 2026, not of August 2026."""
    found = by_key(text)
    assert key in found and {c.value for c in found[key]} == {"2025-06"}


# --- the papers of a lawful source not produced, in any order of words (2026-12-04; sentences composed here)

@pytest.mark.parametrize("text, key", [
    ("当事人无法提供供货方的进货票据。", "source_unexplained"),
    ("店主说发票啥的也拿不出来。", "source_unexplained"),
    ("现场无任何进货票据。", "source_unexplained"),
    ("卖货的小贩联系方式提供不了。", "source_unexplained"),
    ("该档口已失联，票据未留存。", "source_unexplained"),
    ("当事人拿不出供货商出具的合格证明。", "purchase_check_failed"),
    ("注册证没跟人要。", "purchase_check_failed"),
    ("进货时既未索取产品合格证，也未索取发票。", "purchase_check_failed"),
])
def test_papers_of_the_source_not_produced(text, key):
    found = by_key(text)
    assert key in found
    assert "purchase_checked" not in found and "source_explained" not in found


@pytest.mark.parametrize("text", ["当事人提供了供货商出具的合格证明和进货发票。", "锅炉使用单位无法出示新的检验报告。"])
def test_papers_produced_or_an_equipment_report_are_no_failed_check(text):
    assert "purchase_check_failed" not in by_key(text)


@pytest.mark.parametrize("text, present", [
    ("两个多月卖了约140盒。送检样品可迁移元素硼超出标准。", False),
    ("执法人员封存了调料，并将锅底和汤料留样送检。", False),
    ("送检结果显示电气安全项目不合格。", False),
    ("郑某称去年交接时漏了送检提醒。", False),
    ("店主当天就把秤送检了。", True),
    ("当事人已送检，检定合格。", True),
])
def test_a_test_sample_or_result_is_no_correction_but_an_instrument_sent_for_verification_is(text, present):
    assert ("corrected" in by_key(text)) is present


@pytest.mark.parametrize("text, value", [
    ("合计24瓶，每瓶标价398元。", 9_552), ("问：多少钱？答：24瓶，卖七十八一瓶。", 1_872),
    ("店里还剩37盒，每盒一百块。", 3_700), ("过期以后还卖出去四瓶，两块五一瓶。", 10),
    ("进了25公斤，每斤卖4块5。", 225), ("标价5.8元/袋，共12袋。", 69.6)])
def test_goods_value_from_a_quantity_and_a_unit_price_in_any_numerals(text, value):
    found = by_key(text)
    assert [c.value for c in found["goods_value"]] == [pytest.approx(value)]


@pytest.mark.parametrize("text", ["售价由24元/箱涨至68元/箱，持续2天半，售出约300箱。", "比经销商便宜两块一件，我就要了60件。"])
def test_a_raised_price_or_a_discount_is_no_unit_price_of_the_goods(text):
    assert "goods_value" not in by_key(text)


@pytest.mark.parametrize("text, value", [
    ("已售12盒，收入816元。", 816), ("卖出37个，收款5180元。", 5_180), ("期间收费3720元。", 3_720),
    ("共多收业主6.84万元。", 68_400), ("所得款项一千二百余元。", 1_200)])
def test_what_the_act_brought_in_is_illegal_income(text, value):
    assert [c.value for c in by_key(text)["illegal_income"]] == [value]


@pytest.mark.parametrize("text", ["当事人家庭月收入2000元。", "该机构每月收费680元。"])
def test_a_households_income_or_a_monthly_fee_is_no_illegal_income(text):
    assert "illegal_income" not in by_key(text)


@pytest.mark.parametrize("text, key", [
    ("当事人承担了消费者的全部医药费。", "mitigated_harm"), ("店家垫付了医药费2000元。", "mitigated_harm"),
    ("按退一赔三赔偿了消费者。", "mitigated_harm"), ("商家主动给受影响的12名顾客补发了货品。", "mitigated_harm"),
    ("对多收的电费，已在下月账单中全额抵扣。", "mitigated_harm"),
    ("当事人拒绝赔偿损失。", "harm_not_mitigated"), ("当事人未承担医药费。", "harm_not_mitigated"),
])
def test_a_remedy_made_or_refused_in_plain_words(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text", ["消费者要求赔偿损失。", "答：可以免费上门给她换靠垫套，整个退我们不同意。"])
def test_a_remedy_demanded_or_offered_is_none_made(text):
    assert "mitigated_harm" not in by_key(text)


def test_a_refusal_negates_what_it_refuses():
    found = by_key("当事人拒绝说明粉末来源。")
    assert "source_unexplained" in found and "source_explained" not in found


@pytest.mark.parametrize("text, key, quote", [
    ("答：是我跟他们说的，还帮他们下的单、教他们怎么按。", "instigated_others", "教他们怎么按"),
    ("配料表中“白砂糖”错写为“白沙糖”。", "minor_violation", "错写为"),
    ("执法人员指出后，她就拿纸板把价写好插上了。", "corrected", "就拿纸板把价写好"),
    ("当事人随后承认进货单系其找人打印。", "evidence_tampering", "进货单系其找人打印"),
    ("昨天去看，库房里只剩22袋，封条撕了。", "evidence_tampering", "封条撕了"),
    ("经核，该交易系村民之间一次性转让自用旧物。", "civil_matter", "村民之间一次性转让"),
    ("该纠纷系人为损坏引起的费用分歧，转入调解程序。", "mediated", "转入调解程序"),
])
def test_readings_of_the_fifteenth_sessions_writers(text, key, quote):
    """Teaching others the act, a slip of the pen, a price written up; a forged paper, a torn seal, a sale between
    villagers, a dispute put to mediation: each read with the words it rests on (any of the key's readings)."""
    assert (key, quote) in [(c.key, c.quote) for c in find_circumstances(text)]


def test_not_teaching_others_is_no_instigation():
    assert not [c for c in find_circumstances("他没教他们怎么按，也没帮他们下单。") if c.key == "instigated_others"]


def test_the_partys_own_licence_in_force_is_no_purchase_check():
    """执照和许可证都在有效期内 says the party's own papers are valid, not that a supplier's papers were kept."""
    assert not [c for c in find_circumstances("系统里查了，个体户，执照和许可证都在有效期内。") if c.key == "purchase_checked"]
    assert [c for c in find_circumstances("供货商的执照、许可证、发票我们都在店里留着。") if c.key == "purchase_checked"]


@pytest.mark.parametrize("text, harmless", [
    ("到现在没听说哪个吃出毛病。", True),
    ("没听说有人用了过敏。", True),
    ("没听说过这个规定，怕出问题。", False),  # not hearing of the rule says nothing of harm
])
def test_nothing_heard_of_anyone_harmed_is_no_harm(text, harmless):
    assert bool([c for c in find_circumstances(text) if c.key == "harm_none"]) is harmless


@pytest.mark.parametrize("text, key", [
    ("进货单是供货商打印的。", "evidence_tampering"),  # the supplier's own paper
    ("封条没撕，货都在。", "evidence_tampering"),
    ("石某称店是替表哥看着的，但进货、收款均由其本人操作。", "minor_role"),  # 其 is the party itself
    ("马某称“头一回被抓，家里困难，能不能算了”。", "hardship"),  # a hardship pleaded bare is no ground
])
def test_what_is_no_tampering_no_minor_role_and_no_hardship(text, key):
    assert key not in {c.key for c in find_circumstances(text)}


def test_a_hardship_shown_is_still_read():
    assert "hardship" in {c.key for c in find_circumstances("经核实，当事人家庭确有困难，系低保户。")}


@pytest.mark.parametrize("text, handed", [
    ("当天即下架剩余13袋交所里封存。", True),
    ("当事人已将剩余20瓶交出。", True),
    ("将剩余货款交出去。", False),
])
def test_the_goods_left_handed_to_the_officers_are_cooperation(text, handed):
    assert ("cooperated" in {c.key for c in find_circumstances(text)}) is handed


@pytest.mark.parametrize("text, age", [
    ("店主是个高二学生，今年17岁，身份证我看了。", 17.0),
    ("摊主今年十五岁。", 15.0),
    ("店主说他儿子今年17岁，在上高中。", None),  # another person's age
    ("老板今年45岁。", None),  # of age
])
def test_the_age_of_the_one_who_keeps_the_shop(text, age):
    ages = [c.value for c in find_circumstances(text) if c.key == "minor_14_to_18"]
    assert ages == ([age] if age else [])


@pytest.mark.parametrize("text, key, present", [
    ("当事人当天网上提交增项“自制饮品制售”变更申请。", "corrected", True),
    ("当事人至今未提交变更申请。", "corrected", False),
    ("做饮品用的是原操作间、水池、消毒设施，均在原许可审查范围内。", "licence_risk_unchanged", True),
    ("增加的热食类项目风险等级不高于原许可的冷食类。", "licence_risk_unchanged", True),
])
def test_a_change_applied_for_at_once_and_a_change_that_raises_no_risk(text, key, present):
    assert (key in {c.key for c in find_circumstances(text)}) is present


@pytest.mark.parametrize("text, key", [
    ("李某某：[图片] 刚看了，首页已经有执照和许可证的链接标识了，点进去信息齐全。", "corrected"),
    ("复查，仍未挂出执照。", "not_corrected"),
])
def test_what_was_missing_seen_in_place_at_the_next_look(text, key):
    keys = {c.key for c in find_circumstances(text)}
    assert key in keys and not ({"corrected", "not_corrected"} - {key}) & keys


def test_a_licence_present_at_the_first_look_is_no_correction():
    assert "corrected" not in {c.key for c in find_circumstances("检查时发现店内已经有营业执照。")}


# What is said but not asserted as a fact of the case (a question, a condition, a rule stated in general, an intention,
# an order not yet carried out, a claim the sentence refutes, someone else's act) gives no circumstance; the same
# words asserted of the party still do. Phrases written by four independent writers (2026-12-05).
@pytest.mark.parametrize("text, key", [
    ("问：你们发现问题以后有没有采取下架措施？", "corrected"),
    ("如当事人在限期内完成整改，可依法从轻处罚。", "corrected"),
    ("要是早知道不能这么写，我肯定当场就改了，谁愿意找这个麻烦。", "corrected"),
    ("申辩人表示将尽快更换不合格的价签，并请求给予一定的整改时间。", "corrected"),
    ("执法人员当场责令当事人于5日内将过期食品下架处理。", "corrected"),
    ("隔壁那家被查了以后当天就把货撤了，我们老板也听说了。", "corrected"),
    ("伪造、隐匿、销毁证据的，依法从重处罚。", "evidence_tampering"),
    ("执法人员告知当事人，拒绝、阻挠检查的将承担法律责任。", "refused"),
    ("当事人辩称未造成任何损失，但投诉人提交了就医记录和购物小票。", "harm_none"),
    ("消费者李某配合执法人员辨认了涉案商品。", "cooperated"),
])
def test_what_is_not_asserted_of_the_party_is_no_circumstance(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, key", [
    ("5月12日复查，当事人已按要求撤下门头的涉案宣传横幅。", "corrected"),
    ("当事人已换领新的《特种设备使用登记证》，整改材料于限期内报送我局。", "corrected"),
    ("申辩人主动将已售出的12件不合格儿童服装全部收回，并按原价退款。", "mitigated_harm"),
    ("答：那位老人吃坏肚子后，我们陪她去了医院，一千多块药费都是店里出的。", "mitigated_harm"),
    ("一名顾客食用后出现轻微腹泻，经门诊治疗当天即痊愈。", "harm_minor"),
    ("因发现及时，涉案问题乳制品全部在仓库内被封存，没有一件流入市场。", "harm_none"),
    ("本局检查前，当事人主动来电报告，称其自产的一批辣椒酱菌落总数可能超标。", "confessed_unknown"),
    ("询问中当事人主动交代，除被查获的20箱外，此前还在另一门店卖过同批次假酒。", "confessed_unknown"),
    ("答：那个账本我烧了，怕你们看到里面记的进价。", "evidence_tampering"),
    ("设备安全技术档案中的检验日期被当事人由“2021”改为“2023”。", "evidence_tampering"),
    ("该美容院以“会员制经营”为由，拒绝执法人员进入操作间。", "refused"),
    ("当事人见执法人员到场，即驾驶三轮车逃离现场。", "refused"),
    ("店长李某带执法人员到二楼库房，打开了三个存放涉案化妆品的柜子。", "cooperated"),
    ("涉案奶粉外包装完好，质量问题系内部成分不符，非经专业检验无法发现。", "no_fault"),
    ("问：有没有顾客买过？答：没有，都还在架上。", "harm_none"),
])
def test_circumstances_in_new_writers_words(text, key):
    assert key in keys(text)


# Two more writers (a rural township officer; a retail and e-commerce compliance manager, 2026-12-05): the repetition by
# its interval either way, the small loss told as a total, getting rid of things before the officers saw them, keeping
# them out, a self-report, papers shown, no way for the party to know.
@pytest.mark.parametrize("text, key", [
    ("该三轮车销售点七个月前因销售无3C标志车辆被罚，此次情况相同。", "repeat_within_year"),
    ("经查，当事人在一年内已因计量器具不合格被处罚过一次。", "repeat_within_year"),
    ("经查，当事人上次同类处罚系两年前作出。", "repeat_not_within_year"),
    ("网店错标价格，造成4笔订单多收运费共计12元。", "harm_minor"),
    ("那个大娘喝了有点头晕，歇了一会就好了，也没去医院。", "harm_minor"),
    ("宴席承办人在调查前把剩余食材和留样全部倒掉。", "evidence_tampering"),
    ("当事人将监控硬盘拆走，称“坏了”，后在其家中找到。", "evidence_tampering"),
    ("宴席承办人拦在灶房门口，不让执法人员进后厨。", "refused"),
    ("当事人辱骂执法人员，扬言“来一次打一次”。", "refused"),
    ("在贵局检查之前，我司已通过12315平台自行申报了虚构原价的问题。", "confessed_unknown"),
    ("药监人员抽查处方药销售记录，药房负责人把处方留存本和电子系统都打开给他们看。", "cooperated"),
    ("供货商提供的检验报告系伪造，当事人无从知晓。", "no_fault"),
    ("散装白酒拉回来还没开卖，一斤也没出去。", "harm_none"),
    # a record form's list of papers said present, a test's finding told as 查出 a substance
    ("进货查验：供货商执照、食品经营许可证复印件、本批出厂检验合格报告、送货单均有", "purchase_checked"),
    ("省局抽检，便利店卖的辣条查出甜蜜素", "hidden_defect"),
    ("当事人拿出了与某某贸易公司签订的供货合同、增值税发票和对公转账记录。", "source_explained"),
    ("进货台账记着进货日期、数量36瓶和供货人联系方式。", "purchase_checked"),
    ("经执法人员提醒，该店在当天中午12点前就补印了奖项说明。", "corrected"),
    ("厂家出具故障分析，系传感器元件突然老化，外观看不出。", "no_fault"),
    ("其他情况：活动当日8时才开始；抽奖箱未开启，尚无人兑奖；无投诉", "harm_none"),
    ("现有证据无法证明当事人对商品侵权情况明知或应知。", "no_intent"),
])
def test_circumstances_in_two_more_writers_words(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("多收价款9794元，至今未退还。", "harm_minor"),  # a total in thousands is no slight loss
    ("举报人称其多付了2元，该网店期间共收取费用3720元。", "harm_minor"),  # one buyer's own overpayment
    ("商家以“试用期不合格”为由拒绝退款。", "refused"),  # refused to a consumer, not the officers
    ("保安非让我把包都掏出来给他们看。", "cooperated"),  # someone else's demand
    ("一年内因同一种违法行为受过行政处罚的，属于从重处罚情节。", "repeat_within_year"),  # a rule stated in general
    ("执法人员要求当事人于3日内将尚未出售的货物封存。", "harm_none"),
    ("经检验，该批次样品未检出甜蜜素。", "hidden_defect"),
    ("执法人员现场查出过期酸奶12盒。", "hidden_defect"),  # seen at the inspection: no test needed
    ("现有证据无法证明当事人对商品侵权情况明知或应知。", "intent"),  # no evidence of knowing is no intent
    ("当事人没拿出来，进货单也说丢了。", "source_explained"),
    ("政府补贴了一部分摊位费。", "corrected"),
])
def test_near_misses_of_the_new_expressions(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, stated", [
    ("当事人辩称内容已发布两年多，已过处罚时效。承办人意见：该广告至检查时仍在发布，属持续状态。", False),  # a plea, rebutted
    ("当事人辩称已过处罚时效，经核实属实。", True),  # a plea the officers accept
    ("该行为早已超过法定的追责时限。", True),
])
def test_a_plea_that_the_period_has_run_is_no_finding_unless_accepted(text, stated):
    assert ("limitation_stated" in {c.key for c in find_circumstances(text)}) is stated


def test_a_small_loss_is_read_after_a_struck_reading():
    """The readings struck earlier in the same pass (a plea that the period has run) leave gaps the small-loss
    rule must step over."""
    from assistant.circumstances import _said_otherwise, make_circumstance

    facts = "当事人辩称已过处罚时效。造成的消费者损失合计约86元。"
    plea, loss = facts.find("已过处罚时效"), facts.find("造成的消费者损失")
    found = [make_circumstance("limitation_stated", span=(plea, plea + 6), quote="已过处罚时效"),
             make_circumstance("harm_occurred", span=(loss, loss + 8), quote="造成的消费者损失")]
    _said_otherwise(facts, found)
    assert [(c.key, c.quote) for c in found] == [("harm_minor", "造成的消费者损失合计约86元")]


@pytest.mark.parametrize("text, small", [
    ("店内共陈列镜架三百余副，右侧第二层有12副镜架未放置价签。", True),
    ("现场陈列水果、蔬菜共42个品种，其中3个品种未放置价签。", True),
    ("店内共陈列镜架三十副，其中12副未放置价签。", False),  # four in ten: no small share
    ("共抽查化妆品200盒，另有12瓶饮料过期。", False),  # not the same unit
])
def test_a_small_share_at_fault_is_a_small_scale(text, small):
    assert ("small_scale" in keys(text)) is small


def test_an_expression_may_quote_only_its_own_words():
    """(?P<q>…) in a bank expression: the topic told first (那张海报) stays in the conduct; the quote is the act."""
    found = [c for c in find_circumstances("我当天就删了视频，店门口那张海报也撕了。") if c.key == "corrected"]
    assert [c.quote for c in found] == ["删了", "撕了"]


@pytest.mark.parametrize("text, key", [
    ("那块写着包治咳嗽的牌子，我收摊回去就拿油漆刷掉了。", "corrected"),
    ("链接里那几个字我们这边以经全部去掉了。", "corrected"),
    ("这批糖葫芦今天刚摆出来，一串都没卖。", "harm_none"),
    ("网络监测：涉案广告投放期间点击量为零。", "harm_none"),
    ("价签与结算价不符，核算共5名顾客多付，合计17.5元。", "harm_minor"),
    ("该批鸡蛋外观正常，兽残超标须实验室检测才能发现。", "no_fault"),
    ("铅封及编码器封印完好，无拆改痕迹。", "no_fault"),
    ("答：查了对方营业执照、备案信息截图和这批货的出厂检验报告。", "purchase_checked"),
    ("当事人主动调出收银系统后台，显示无销售记录。", "cooperated"),
    ("顾客手臂烧伤，鉴定为轻伤二级。", "harm_serious"),
    ("火锅底料快检罂粟碱、吗啡阳性。", "criminal_suspicion"),
    # dialect words read as the common ones (没得 → 没有)
    ("吃完到现在没得一个人拉肚子不舒服。", "harm_none"),
    ("三十桌，我们问了主家，都说没得事。", "harm_none"),
    ("现钱交易，没得发票，他留的电话现在打不通了。", "source_unexplained"),
    ("期间有一名农户反映买的饼肥差了二两，当事人当场补足。", "harm_minor"),
    ("期间有一名农户反映买的饼肥差了二两，当事人当场补足。", "mitigated_harm"),
    ("8月3日夜间该片区雷雨，镇供电所出具了线路遭雷击跳闸的证明。", "no_fault"),
    ("清点期间，当事人让店员将后库一纸箱过期药品搬到后院面包车上。", "evidence_tampering"),
])
def test_circumstances_in_a_township_officers_words(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("你放心，明天一早我就去把价签全换了。", "corrected"),  # a promise
    ("那个链接被平台停了。", "corrected"),  # done to the party
    ("当事人在询问中如实回答。", "cooperated"),  # the duty itself, no 积极配合
    ("我是说，一天没卖完的就倒掉。", "harm_none"),
    ("多收价款3000元，至今未退。", "harm_minor"),
])
def test_near_misses_of_the_township_expressions(text, key):
    assert key not in keys(text)


def test_forged_records_are_no_cooperation_and_a_deletion_no_correction():
    facts = "次日当事人提交的销售记录经与收银系统日志比对，系事后重新打印，删除了上述过期品种1月以来的销售条目。"
    found = keys(facts)
    assert "evidence_tampering" in found
    assert "cooperated" not in found and "corrected" not in found


def test_the_last_of_a_continuing_act_and_a_complaint_call_are_dated():
    facts = ("投诉人王某2026年3月来电，称翻出旧招生传单。经核查，该传单系该公司2023年7月印制，最后一批于2024年1月底发完。")
    dated = {c.key: c.value for c in find_circumstances(facts) if c.key.endswith("_date")}
    assert dated["discovery_date"] == "2026-03" and dated["act_end_date"] == "2024-01"


def test_the_officers_order_with_a_deadline_in_plain_words_is_no_correction():
    assert "corrected" not in keys("我们让她三天内整改。")
    assert "corrected" in keys("执法人员让他当场挂上墙，拍了照片。")  # done at their word
    assert "harm_none" in keys("万一出了问题追不到源头，目前没发现问题食品。")


def test_an_application_handed_in_before_the_officer_is_a_correction():
    assert "corrected" in keys("老板说忘了，当着我面就在网上把延续申请交了。")


def test_a_complaint_forms_date_and_a_sales_record_date_a_case_out_of_time():
    facts = ("登记时间：2025年6月20日。投诉人称其前年2月在该超市买了一袋燕麦片，已过期。该燕麦片一直未拆封食用。"
             "核查情况：该小票为2023年2月15日的交易记录。")
    found = {c.key: c.value for c in find_circumstances(facts)}
    assert found.get("discovery_date") == "2025-06-20" and found.get("act_date") == "2023-02-15"
    assert "continuing" not in found  # the buyer's packet kept unopened is no continuing act


def test_the_police_not_punishing_is_no_punished_obstruction_and_a_few_months_since_is_a_repeat():
    assert "obstruction_punished" not in keys("马某推搡执法人员。公安机关未对其作出处罚。")
    assert "obstruction_punished" in keys("公安机关已于8月5日对郑某处行政拘留五日。")
    assert "repeat_within_year" in keys("去年年底卖假酒的案子，决定书今年二月才送达，这才两个月，柜子最里面又码了两箱同款的。")


def test_a_refund_made_as_ordered_is_no_remedy_of_the_partys_own_accord():
    facts = ("当事人在接到责令改正通知前未采取任何退费措施。8月6日我局送达责令改正通知书，责令立即停止捆绑销售并退还游客多收费用；"
             "当事人于8月7日恢复单独售票，退还观光车费。")
    found = keys(facts)
    assert "mitigated_harm" not in found and "harm_not_mitigated" in found
    assert "mitigated_harm" in keys("责令改正后，当事人主动退还了全部多收费用。")  # of its own accord, said so


@pytest.mark.parametrize("text, key", [
    # a county reviewer's files (twenty-first session's tuning writer HU)
    ("我微信好友三百来个，点赞的七八个，没人因为这句话来问过。", "small_scale"),
    ("我微信好友三百来个，点赞的七八个，没人因为这句话来问过。", "harm_none"),
    ("吴某主动带执法人员找到钱某的种植地。", "cooperated"),
    ("提供钱某向全县另外5个市场送货的微信记录，经协查，在其中3个市场查获同批超标韭菜。", "reported_merits"),
    ("首页资质公示入口被平台统一下线，全平台商家都显示不出来。", "no_fault"),
    ("问：2023年11月你店里被查过假冒某某牌洗发水，还记得吗？答：记得。", "not_first_offence"),
])
def test_circumstances_in_a_county_reviewers_files(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("韭菜经送检，腐霉利残留量超过限量。", "corrected"),  # the officers' test, no correction
    ("当事人对检查结果签字确认，未拒绝检查。", "refused"),  # an aggravating act denied
    ("当事人并未转移证据。", "evidence_tampering"),
    ("推文挂了一个半月。", "small_scale"),  # 一个半月 is a time, no count of goods
    ("2025年3月被查过一次，没问题。", "not_first_offence"),  # checked and found in order
])
def test_near_misses_of_the_county_reviewers_expressions(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, key", [
    # a city district brigade's files (twenty-first session's tuning writer HW)
    ("物业经理态度好，维保合同、申请回执、巡检记录全给了。", "cooperated"),
    ("该班次尚未开班，未收到报名费，未发现有人因此报名。", "harm_none"),
    ("经制止后发现其正在删除加油机控制软件中的程序文件。", "evidence_tampering"),
    ("吴某称电路板是朋友帮忙装的，拒绝说出安装人。", "refused"),
])
def test_circumstances_in_a_district_brigades_files(text, key):
    assert key in keys(text)


def test_wiping_the_evidence_is_no_correction():
    found = keys("经制止后发现其正在删除加油机控制软件中的程序文件。")
    assert "evidence_tampering" in found and "corrected" not in found
    assert "corrected" in keys("当事人接到电话当日即删除了推文。")


@pytest.mark.parametrize("text, key", [
    # the gap since the last penalty in half-years or across a comma
    ("去年10月因卖过期面包被罚过，这才过了半年又被查了。", "repeat_within_year"),
    ("前次处罚决定书送达后不足半年，当事人再次销售同类商品。", "repeat_within_year"),
    ("该店半年内第二次因未明码标价被查处。", "repeat_within_year"),
    # help beyond answering, officers kept out, evidence made up or destroyed
    ("当事人安排财务人员到场核对发票，并协助清点库存。", "cooperated"),
    ("老板一看我们来了就从后门溜了。", "refused"),
    ("那份询问通知书当场被他撕了。", "refused"),
    ("进货台账明显是事后补写的，笔迹墨色与原记录明显不同。", "evidence_tampering"),
    ("后台数据被当事人将销量由1500件改为150件。", "evidence_tampering"),
    ("先行登记保存期间，当事人擅自将登记保存的插座调换为合格品。", "evidence_tampering"),
])
def test_circumstances_in_a_city_brigades_phrases(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("开业还不到一年，生意一般。", "repeat_within_year"),
    ("这家去年因为卖三无电热毯被罚过。", "first_offence"),  # the 无 of 三无 is no clean record
    ("9月30日当事人就把7份合同全部补签了。", "evidence_tampering"),  # a contract signed late is a correction
])
def test_near_misses_of_the_city_brigades_phrases(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, key", [
    # a prefecture office's files (twenty-second session's tuning writers HY and p12)
    ("第二天我们就挨家给经销商打电话，收回来1480袋。", "mitigated_harm"),  # the dealers are called, the party acts
    ("问：有人吃出问题没有？\n答：没听说，各个点都问过了。", "harm_none"),  # a question with 问题 in it, answered no
    ("结论一出我当天就把3280元全退了，另外补了她500块误工。", "mitigated_harm"),
    ("秤本身是准的，没有少给谁一两。", "harm_none"),
    ("执法人员出示执法证后，当事人不肯打开仓库。", "refused"),
    ("到了门口，里头的人一看是我们就把卷帘门拉下来了。", "refused"),
    ("问：你们的监控视频能调吗？答：能，我这就给你们拷到U盘上。", "cooperated"),
    ("那批洗衣粉刚拉回来就叫你们查了，还在车上没卸。", "harm_none"),
    ("核查情况：外观完好、功能正常，未发现违法经营行为。", "found_compliant"),
    ("当事人从事药品零售多年，对处方药凭处方销售的规定应当知道。", "fault_shown"),
    ("当事人作为专业经营者理应知道该成分系禁用原料，其不知情的辩解不予采纳。", "fault_shown"),
])
def test_circumstances_in_a_prefecture_offices_files(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("厂家已经收回了20箱。", "mitigated_harm"),  # the maker's act, not the party's
    ("消费者认为当事人是故意以次充好。", "intent"),  # a consumer's opinion
    ("供货商张某明知产品系假冒，仍向多家超市供货。", "intent"),  # another party's knowledge
    ("经查，未发现其他违法行为。", "found_compliant"),  # the rest of a case, not a clean check
    ("复查时新标签已印好使用，库存旧包装已逐袋加贴更正贴。", "mitigated_harm"),  # a label put right, no notice to buyers
    ("店员当场指认孙某开店起一直在用。", "cooperated"),  # a clerk names the party
])
def test_near_misses_of_a_prefecture_offices_files(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, key", [
    # a coastal county inspector's files (twenty-second session's tuning writer IA)
    ("已对该秤及遥控器先行登记保存，交杨某原地保管。本次复查，该秤及遥控器均不在摊位。", "evidence_tampering"),
    ("送检结果出来了，鱿鱼须里甲醛含量每公斤两百多毫克。", "criminal_suspicion"),
    ("这个性质够了，按程序报移送。", "criminal_suspicion"),
    ("这个事是我自己去窗口办证的时候跟工作人员讲的，之前没有人来查过。", "confessed_unknown"),
    ("该店无广告违法记录，期间无投诉。", "harm_none"),
    ("我们拿砝码试了一下，5公斤、10公斤都在允差内，没有短称的。", "harm_none"),
    ("讲愿意退货的全部给退，有21单已经退掉了。", "mitigated_harm"),
    ("该药房2019年开业，近三年日常检查未发现问题。", "first_offence"),
    ("未发现因使用该产品造成人员伤亡。", "harm_not_serious"),
])
def test_circumstances_in_a_coastal_inspectors_files(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("未发现因使用该产品造成人员伤亡。", "harm_serious"),  # a cause between the negation and the harm
    ("床垫甲醛释放量超标，货值两万元。", "criminal_suspicion"),  # formaldehyde outside food is no crime by itself
    ("不需要报移送，按一般程序办。", "criminal_suspicion"),
    ("当时县里未发布停止旅游接待的通知，民宿照常营业。", "not_corrected"),  # business as usual, no order defied
])
def test_near_misses_of_a_coastal_inspectors_files(text, key):
    assert key not in keys(text)


def test_a_two_figure_year_before_a_month_is_this_century():
    found = {c.key: c for c in find_circumstances("26年2月3日检查发现该店销售过期酸奶。")}
    assert found["discovery_date"].value == "2026-02-03"
    assert "duration" in keys("经营了12年3个月")  # a length of time, no date


def test_retold_wordings_of_tuned_cases():
    # 把不合格的…冒充合格产品: sold 4.2万 ×3 + unsold 12万 reaches the 15万 of 立案追诉标准第十六条
    assert "criminal_suspicion" in keys("当事人把不合格的“某某牌”电线冒充合格产品卖。经查，当事人已经卖掉这批电线的一部分，"
                                        "销售金额4.2万元；仓库里还有没卖出去的同批电线，按标价计算货值金额12万元。")
    assert "harm_none" not in keys("仓库里还有没卖出去的同批电线。")  # the unsold ones, not nothing sold
    assert "harm_none" in keys("该批货物尚未售出。")
    assert "corrected" in keys("5月6号你们走了，当天晚上我们就在海鲜池边上装了块电子屏。")
    assert "corrected" not in keys("你们走后我们还没来得及改。")


def test_a_plea_rejected_in_a_later_section_is_no_minor_violation():
    facts = ("二、当事人申辩：当事人认为漏标营养成分表仅属标签瑕疵。\n"
             "三、审核认为：营养成分表为强制标示内容，缺失该内容不属于标签瑕疵，申辩理由不能成立。")
    assert "minor_violation" not in keys(facts)


@pytest.mark.parametrize("text, key", [
    # an inland county's files (twenty-second session's tuning writers IC and p14)
    ("执法人员指出后，马某当场把价目表贴回原处。", "corrected"),
    ("剩下的一袋半我当着你们的面倒了，中午就关门没再卖。", "corrected"),
    ("3月17号你们来说这是违法的，我当天就把那些朋友圈都删了。", "corrected"),  # the ads deleted: a correction
    ("把没吃完的药换回来，另给了合格的药。", "mitigated_harm"),
    ("现场测试手机功能正常，未发现翻新冒充、虚假宣传等情形。", "found_compliant"),
    ("当事人于2024年3月5日主动到我局说明其超市曾销售过期食品。", "confessed_unknown"),
    ("约谈前一晚，她把卖货的朋友圈和收款记录全删了。", "evidence_tampering"),
    ("面馆将过期调料藏在员工宿舍床下，检查时谎称已经用完。", "evidence_tampering"),
    ("这个面馆半年前刚因为从业人员没健康证罚过，这次还是一样的问题。", "repeat_within_year"),
    ("经查，该批不合格化肥在销售前即被查获，未流入农户手中。", "harm_none"),
    ("答：你们要啥我给啥，账本在抽屉里，钥匙给你们。", "cooperated"),
])
def test_circumstances_in_an_inland_countys_files(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("3月17号你们来说这是违法的，我当天就把那些朋友圈都删了。", "evidence_tampering"),
    ("申辩人表示如还发现其他问题，会主动向贵局报告。", "confessed_unknown"),  # a promise
    ("根据行政处罚法第三十二条，自行交代监管部门未知的违法事实，属于法定从轻情节。", "confessed_unknown"),  # the law
    ("申辩人称其曾主动向执法机关报告，但执法机关并无任何来电来访记录。", "confessed_unknown"),  # a claim refuted
])
def test_near_misses_of_an_inland_countys_files(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, key", [
    # a chat's question answered on the next speaker's line, the question's own reading denied by a bare 还没有
    ("法制科小何：多收的钱退了没有？\n老谭：还没有，老板说东西是他家的。", "harm_not_mitigated"),
    ("老周：以前查过他家没有？\n小陈：没有，系统里干干净净。", "first_offence"),
    ("问：整改了吗？答：没有，还没来得及。", "not_corrected"),
    # the party named between the negation and the act (卷内未见当事人退还)
    ("卷内未见当事人退还消费者差价。", "harm_not_mitigated"),
    ("4月8号你们来说了不行，我当场就收进去了。", "corrected"),
    ("当事人仅凭外包装无法辨认真伪。", "no_fault"),
    ("后台操作日志证实，系平台上一期活动的标价模板在活动结束后未自动回滚所致。", "no_fault"),
    ("负责人邓某事后才知道该合同系代办公司伪造。", "coerced"),
    ("那天你们复称也没得问题。", "harm_none"),
    ("操作间、冷藏柜都是原来许可时的设施，没加设备。", "licence_risk_unchanged"),
    ("申请人上一次因使用不合格计量器具受罚，距本次违法行为仅五个月。", "repeat_within_year"),
    ("当事人曾于2023年3月因销售过期食品被本局警告，本次系一年内再次违法。", "repeat_within_year"),
    ("当事人在执法人员指出后，继续使用该未经检定的台秤称量销售。", "not_corrected"),
    ("当事人建立了完整的进货查验台账。", "purchase_checked"),
    ("申请人自认进货时从未索要过产品合格证明。", "purchase_check_failed"),
    ("执法人员到场后，当事人安排专人陪同检查。", "cooperated"),
    ("该公司在接受调查时提交虚假的进货合同，企图掩盖违法事实。", "evidence_tampering"),
    ("当事人擅自撕毁本局张贴的查封封条。", "evidence_tampering"),
    ("申请人关闭网店并注销联系方式，拒绝接收调查通知书。", "refused"),
    ("品牌方书面确认系其受托工厂投料偏差。", "no_fault"),
    ("接到检查通知后，当事人次日即报检。", "corrected"),
    ("接到责令改正通知书的第二天，我就在店铺首页把营业执照的链接标识挂上去了。", "corrected"),
    ("公安机关已对其以阻碍执行职务行政拘留五日。", "obstruction_punished"),
    ("过期那几支注射器包装都没拆。", "harm_none"),
    ("卷内有供货者营业执照、出厂检验合格报告、进货单据及进货查验台账。", "purchase_checked"),
    ("问佢喺边度入嘅货，佢支支吾吾，一张单都拎唔出嚟。", "source_unexplained"),
])
def test_circumstances_in_a_south_western_prefectures_files(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("投诉人提供的照片未见变质、异物。", "visible_defect"),  # denied, no defect
    ("未发现利用原登记地址从事其他违法活动。", "civil_matter"),  # no other violation: not a whole matter without one
    ("申请人在2022年11月因未明码标价被罚款。", "first_offence"),  # 未 is the cause's, not the penalty's
    ("当事人表示今后将积极配合市场监管部门的各项检查工作。", "cooperated"),  # a promise
    ("经查前次处罚在三年前。", "repeat_within_year"),  # years before, not months
    ("误差系编码器内部元件突发老化失效所致，无人为改动痕迹。", "evidence_tampering"),  # denied
    ("已售的41卷主要用于农户自建房，联系不上的买家已在店门口公告。", "source_unexplained"),  # the buyers, not the supplier
    ("答：货是一个骑摩托车的人送来的，不知道叫什么。", "no_fault_claimed"),  # a name not known
    ("把550ml瓶装水从2块涨到5块。", "small_scale"),  # prices
    ("这几天多收了7860元。", "harm_minor"),  # thousands
    ("亦未发现当事人有主动消除危害后果、配合立功或一年内同类违法被处罚等情形。", "repeat_within_year"),  # a list denied
])
def test_near_misses_of_a_south_western_prefectures_files(text, key):
    assert key not in keys(text)


@pytest.mark.parametrize("text, key", [
    # (twenty-fourth session: tuning writers IL, IN and p18) a small reach; a correction through the staff at once; a
    # new certificate next day; the supplier's papers forged; a measured value short of the label; nobody came back
    ("该视频播放量才三百来次，当天已删除。", "reach_small"),
    ("这条推文的传播范围很小。", "reach_small"),
    ("第二天我就叫店员把剩下包装上的“®”全部用贴纸盖住了。", "corrected"),
    ("当事人于次日提交了该厨师新的健康证明。", "corrected"),
    ("检查时经营者即用笔补标了全部价格。", "corrected"),
    ("经鉴定为侵权商品，品牌授权书系供货商伪造。", "no_fault"),
    ("抽检发现该面霜防晒指数实测低于注册标示值。", "hidden_defect"),
    ("门口的牌子就立了两天多，也没有顾客因为这个来找过。", "harm_none"),
    ("门口的牌子就立了两天多，也没有顾客因为这个来找过。", "duration"),
    # the party telling what the officers did not find; the gap to the last penalty counted
    ("有个事我自己说一下，仓库里还有两箱过期的，你们今天没查到。", "confessed_unknown"),
    ("问：还有其他需要说明的吗？答：有，楼上那台小锅炉也没登记。", "confessed_unknown"),
    ("上次因秤不准的处罚距今仅五个月，这次又查到了。", "repeat_within_year"),
    ("该店上一次受行政处罚是在十八个月前。", "repeat_not_within_year"),
    # a complaint checked and closed as a dispute
    ("经复核，成交价与标价一致，证书真实。", "found_compliant"),
    ("已告知双方可申请调解或依法向人民法院起诉。", "mediated"),
    # the flaw of form beside the substance in order
    ("规程张贴位置不符合要求，但规程内容齐全。", "minor_violation"),
    # (IP) a word printed as another, goods without a quality problem, a correction put off until the officers came,
    # a live stream few watched
    ("配料表将“白砂糖”印为“白沙糖”。", "minor_violation"),
    ("该店网店共发货37单，未发现质量问题。", "harm_none"),
    ("接到电话后拖了几天，你们上门我才把回放删了。", "not_corrected"),
    ("那场直播在线人数最多30多个。", "reach_small"),
    # (p18) overcharges paid back and costs borne or refused, things never used, small sums, papers asked for or missing
    ("出租车公司已主动联系乘客，退了多收的47元车费。", "mitigated_harm"),
    ("当事人为出现不适的两名顾客支付了门诊费用。", "mitigated_harm"),
    ("乘客多付的钱不属于我方责任，不予退还。", "harm_not_mitigated"),
    ("该秤购进后未用其进行任何交易。", "harm_none"),
    ("经测算，当事人期间共多收顾客货款约23元。", "harm_minor"),
    ("每批气瓶都索取了监督检验证书。", "purchase_checked"),
    ("那批头盔连进货单都没有。", "source_unexplained"),
    ("老板说是朋友送来代卖的，说不出朋友在哪。", "source_unexplained"),
    # (p20) months since the last penalty, self-reports in dialect, knowledge not provable, records burnt
    ("上回罚了俺一千，才过了俩月，俺又进了那家的货。", "repeat_within_year"),
    ("前次同类处罚作出于本次违法前一年零五个月。", "repeat_not_within_year"),
    ("还有个事恁不知道，去年冬天俺也卖过一批没标的腊肉。", "confessed_unknown"),
    ("综合现有证据，无法证明当事人知道或应当知道所售商品为侵权商品。", "no_fault"),
    ("现场发现当事人正在用打火机烧一叠手写进货单。", "evidence_tampering"),
    ("本案当事人行为持续时间短、涉案数量少、社会影响小。", "minor_violation"),
    ("问了以前有没有被罚过，说没有。", "first_offence"),  # an A-not-A question answered no
])
def test_circumstances_of_the_twenty_fourth_sessions_tuning_writers(text, key):
    assert key in keys(text)


@pytest.mark.parametrize("text, key", [
    ("该推文阅读量合计1.1万次。", "reach_small"),  # a reach told as large
    ("第二天我就叫工人把剩下纸箱上的“®”全部用贴纸盖住。", "instigated_others"),  # the party's own correction
    ("他马上让店员把过期标签撕了接着卖。", "corrected"),  # back on sale: no correction
    ("上诉人声称检验报告是供货商伪造的，但经核实该报告真实有效。", "no_fault"),
    ("当事人辩称只是小问题，但其27台秤均未经检定。", "minor_violation"),
    ("老板一直说自己很配合，可第一次上门他把店门关了。", "cooperated"),
    ("刷手在群里招，一单给三块。", "small_scale"),  # a payment, not a count
    ("接到电话后拖了几天，你们上门我才把回放删了。", "corrected"),  # late: the negative stands alone
    ("上诉人承诺如发现其他同类问题，将第一时间向监管部门报告。", "confessed_unknown"),  # a promise
    ("当事人说要去找供货商讨说法，称自己也是受害者。", "no_fault"),  # the party's claim
    ("当事人半年前曾因未亮照经营被处罚，与本案食品安全违法不属同类。", "repeat_within_year"),  # another kind
    ("卖了多少俺也记不清，有没有人吃出事俺也不知道。", "harm_none"),  # a question left open
    ("卖了多少俺也记不清，有没有人吃出事俺也不知道。", "source_unexplained"),  # the amount forgotten, not the seller
    ("调查中当事人按要求提供了材料。", "cooperated"),  # a duty, not 积极配合
    ("这批货六十八块一个，进了100个。", "small_scale"),  # a price per piece, not a count
    ("开业还不到一年，生意一般。", "repeat_within_year"),
])
def test_near_misses_of_the_twenty_fourth_sessions_tuning_writers(text, key):
    assert key not in keys(text)


# --- a penalty within the last year, told without its date or kind (2026-12-06; sentences composed here: the chat's
# follow-up 那如果他一年内已经被罚过一次了呢)

@pytest.mark.parametrize("text", ["水果店的秤不准，短斤缺两。他一年内已经被罚过一次了。",
                                  "那如果他一年内已经被罚过一次了呢",
                                  "该店近一年内被我们警告过一次。"])
def test_a_penalty_within_the_last_year_is_a_repetition_the_officer_confirms(text):
    found = [c for c in find_circumstances(text) if c.key == "repeat_within_year"]
    assert found and "同一种违法行为" in found[0].label


@pytest.mark.parametrize("text", ["规定一年内被罚两次的要从重，当事人是首次。",  # a rule told
                                  "按照规定，一年内受过处罚的一律从重。",
                                  "当事人一年内没有被罚过。"])
def test_a_rule_about_penalties_within_a_year_or_none_is_no_repetition(text):
    assert "repeat_within_year" not in by_key(text)


# --- readings of the twenty-fifth session (2026-12-06; sentences composed here, not taken from any evaluation set)

@pytest.mark.parametrize("text", ["宴席的菜都是主家自己买的，未发生食物中毒等情况。", "没有发生过顾客中毒的事。",
                                  "这批货卖了一周，未出现人员受伤。"])
def test_what_did_not_happen_named_after_the_verb_is_no_serious_harm(text):
    assert "harm_serious" not in by_key(text)


@pytest.mark.parametrize("text, present", [("一周后发生食物中毒，3人住院。", True), ("没有及时下架，发生顾客中毒。", True)])
def test_a_harm_that_happened_after_a_negated_clause_stands(text, present):
    assert ("harm_serious" in by_key(text)) is present


@pytest.mark.parametrize("text, present", [("剩下的他打电话让他们别再卖了。", False), ("老板让店员把标签撕了再卖。", True),
                                           ("他叫各门店不要再上架了。", False)])
def test_telling_others_to_stop_selling_is_no_instigation(text, present):
    assert ("instigated_others" in by_key(text)) is present


@pytest.mark.parametrize("text", ["他把卖出去的三百多斤拉回来一百来斤。", "送出去的那几箱又要回来了。"])
def test_goods_sold_and_fetched_back_reduce_the_harm(text):
    assert "mitigated_harm" in by_key(text)


def test_goods_that_could_not_be_fetched_back_are_no_remedy():
    assert "mitigated_harm" not in by_key("卖出去的货拉不回来了。")


@pytest.mark.parametrize("text", ["店主王某是精神分裂症病人，那几天犯病，人都认不清。",
                                  "王某患有精神分裂症，家属提供了病历。医院出具说明，确认检查时他在发病期，不能辨认自己行为。"])
def test_a_party_who_could_not_tell_what_he_did_is_incapable(text):
    assert "mental_incapable" in by_key(text)


def test_a_dispute_over_a_cooks_pay_is_a_civil_matter():
    assert "civil_matter" in by_key("双方为工钱发生争执，该事项属于双方之间的劳务费用争议，已告知其可以调解或者起诉。")


@pytest.mark.parametrize("text, key", [("这几天卖出去的都按新价收的，一罐也没多收。", "harm_none"),
                                       ("这店开了八年，没被查过价格的事。", "first_offence")])
def test_no_overcharge_unit_by_unit_and_years_without_a_check(text, key):
    assert key in by_key(text)


@pytest.mark.parametrize("text, present", [("按多收的钱算，我看够诈骗了，得往公安送。", True),
                                           ("这得交给公安。", True),
                                           ("这个数额不够诈骗，不用往公安送。", False)])
def test_the_police_named_in_plain_words_is_a_criminal_suspicion(text, present):
    assert ("criminal_suspicion" in by_key(text)) is present


@pytest.mark.parametrize("text", ["当事人经营药店多年，对处方药凭处方销售的规定应当知道。",
                                  "该店作为专业经营者理应知晓该成分系禁用原料。"])
def test_should_have_known_is_fault_not_intent(text):
    keys = by_key(text)
    assert "fault_shown" in keys and "intent" not in keys


def test_knowing_stays_intent():
    assert "intent" in by_key("店主明知是过期的还继续卖。")


@pytest.mark.parametrize("text", ["门诊药柜里有过期的小儿布洛芬混悬液。", "货架上有过期的婴儿米粉。"])
def test_goods_for_small_children_name_a_vulnerable_group(text):
    assert "vulnerable_group" in by_key(text)


def test_certificates_said_to_be_there_too_are_a_purchase_check():
    assert "purchase_checked" in by_key("进货有市场开具的销售凭证，承诺达标合格证也在，进场检测单也有。")


@pytest.mark.parametrize("text, present", [("那些单子我确实烧掉了，怕你们看到进价。", True),
                                           ("当事人将原始监控录像覆盖删除，该时段的视频无法恢复。", True),
                                           ("检查时隐匿了处方药销售登记本，后在店员住处查获。", True),
                                           ("连夜将仓库内的假冒白酒转移至亲戚家中。", True),
                                           ("擅自拆开被查封的涉案商品，并替换为合格产品。", True),
                                           ("检查前更换了加油机主板，原主板去向不明。", True),
                                           ("当事人当场删除了违规宣传视频。", False)])
def test_records_burnt_hidden_or_deleted_and_sealed_goods_opened_are_tampering(text, present):
    assert ("evidence_tampering" in by_key(text)) is present


@pytest.mark.parametrize("text", ["该企业不到一年前曾因未经检验使用特种设备被我局处罚。", "前两个月刚因为电梯没年检罚过我。"])
def test_a_penalty_less_than_a_year_or_some_months_before_is_a_repetition(text):
    assert "repeat_within_year" in by_key(text)


@pytest.mark.parametrize("text, key", [("整个案子的损失，不过是两位顾客每人多花了三块钱。", "harm_minor"),
                                       ("已售商品涉及的短缺金额不足二十元。", "harm_minor"),
                                       ("多收的停车费总计不足百元，分摊至每名车主仅一至二元。", "harm_minor"),
                                       ("店长协助执法人员对库存逐箱开封抽检，未有任何推诿。", "cooperated"),
                                       ("执法人员需要的电子数据，当事人连夜整理后刻录成光盘交付。", "cooperated")])
def test_small_losses_per_head_and_help_with_the_check(text, key):
    assert key in by_key(text)


def test_a_fine_per_head_is_no_loss():
    assert "harm_minor" not in by_key("每人罚款三元。")


def test_a_prior_penalty_asked_and_confirmed_is_dated_against_the_rest_of_the_record():
    found = find_circumstances("问：你公司2025年9月因发布“四六级保过”广告被我局处罚过，是否属实？答：属实，当时罚了八千多。"
                               "问：2026年6月3日至17日在校门口发放的传单是谁做的？答：是我们公司。")
    repeat = [c for c in found if c.key == "repeat_within_year"]
    assert repeat and "2025-09" in repeat[0].label
    older = find_circumstances("问：你公司2024年3月因发布“保过”广告被我局处罚过，是否属实？答：属实。"
                               "问：2026年6月3日发放的传单是谁做的？答：是我们公司。")
    assert "repeat_within_year" not in keys_of(older)


@pytest.mark.parametrize("text", ["调查中未发现其明知的证据。", "未发现当事人明知的证据。"])
def test_no_evidence_found_that_it_knew_is_no_intent(text):
    assert "intent" not in by_key(text)


def test_content_removed_as_the_officers_asked_is_no_destruction_of_evidence():
    assert "evidence_tampering" not in by_key("立案后按要求删除了线上内容、撤除了海报。")
    assert "evidence_tampering" in by_key("立案后把后台销售记录删除了。")


def test_a_refund_told_after_what_was_owed_is_the_harm_made_good():
    found = by_key("涉及未退押金学生二百三十七人，合计两万三千余元。约谈后，该分公司将全部押金退还到位并提供了逐笔退款凭证。")
    assert "mitigated_harm" in found and "harm_not_mitigated" not in found
    assert "source_explained" not in found  # a refund's receipts are no purchase papers
    assert "harm_not_mitigated" in by_key("当事人退还了部分押金，至今仍有三十名学生的押金未退还。")


@pytest.mark.parametrize("text, key, present", [("收款记录与当事人陈述一致。", "harm_none", False),
                                                ("实收金额与标价一致。", "harm_none", True),
                                                ("该批白虾经快检未见异常。", "harm_none", True),
                                                ("这阵子也没有食客反映吃出问题。", "harm_none", True),
                                                ("店开了四个多月，零差评零纠纷。", "harm_none", True),
                                                ("蔡某在台账中补充登记留存。", "corrected", True)])
def test_records_that_match_an_account_tests_that_found_nothing_and_records_made_up(text, key, present):
    assert (key in by_key(text)) is present


@pytest.mark.parametrize("text, present", [("检查中陈某即用价目牌逐项写明每斤价格和加工费。", True), ("店主当场标明了价格。", True),
                                           ("包装上已标明生产日期。", False), ("执法人员当场要求其标明价格。", False)])
def test_a_price_written_out_at_once_is_a_correction_a_label_that_states_it_is_not(text, present):
    assert ("corrected" in by_key(text)) is present


def test_the_party_believing_a_sellers_false_assurance_was_misled_a_consumer_believing_the_party_is_not():
    assert "coerced" in by_key("销售经理当面讲“不算特种设备，不用检验登记”，合同也写明“本车免检”，公司信以为真。")
    assert "coerced" not in by_key("消费者信以为真，购买了产品。")


def test_what_was_owed_delivered_at_the_buyers_request_is_the_harm_made_good_a_buyers_demand_is_not_a_correction():
    assert "mitigated_harm" in by_key("在贵局立案前，于1月28日按客户要求把三份奖品全部兑付到位，客户都签了确认书。")
    assert "corrected" not in by_key("消费者要求商家立即撤掉海报。")


def test_no_obstruction_found_is_no_obstruction():
    assert "refused" not in by_key("调查中对事实无异议，未发现阻碍调查或其他需要特别考虑的情节。")
    assert "refused" in by_key("当事人阻碍执法人员检查。")


@pytest.mark.parametrize("facts,key,quote", [
    # put right while the officers were there; a check later that day finds the missing notice up
    ("站长称夜班员工忘了换牌，执法人员在场时即更换。", "corrected", "执法人员在场时即更换"),
    ("备注：当日17时执法人员登录该店铺核实，首页已公示营业执照信息。", "corrected",
     "当日17时执法人员登录该店铺核实，首页已公示营业执照"),
    # the buyer reached and the goods fetched back from them
    ("就按会员登记的电话联系上买药的村民，赶过去把那盒药原封不动收了回来。", "mitigated_harm",
     "联系上买药的村民，赶过去把那盒药原封不动收了回来"),
    # a measured value told with its unit: what only a test finds
    ("标称总养分≥45%，实测38.6%，判定不合格。", "hidden_defect", "实测38.6%"),
    # told to put it right, without a time
    ("问：让你联系厂家改标签，办了没有？答：办了", "ordered_correction", "让你联系厂家改"),
    # an alteration owned; an inspection body's own fraud; a change applied for and granted since
    ("当事人承认是收到询问通知后自己涂改的。", "evidence_tampering", "承认是收到询问通知后自己涂改的"),
    ("答：稽查说是某某气瓶检验站没检就套环、往平台传了假数据。", "no_fault", "检验站没检就"),
    ("食堂4月24日提交变更申请，5月6日获准。", "corrected", "提交变更申请，5月6日获准"),
    # one word printed as another in single quotes; a grave illness treated; a failed performance test
    ("标签配料表把'白砂糖'印成'白沙糖'。", "minor_violation", "'白砂糖'印成'白沙糖'"),
    ("何某11月底确诊肺癌住院化疗，作坊靠她一人维持。", "hardship", "确诊肺癌住院化疗"),
    ("防砸安全鞋'保护包头耐冲击性能'不合格。", "hidden_defect", "性能'不合格"),
])
def test_twenty_eighth_session_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


def test_a_check_that_finds_a_notice_up_at_the_first_visit_is_no_correction():
    assert "corrected" not in by_key("经核实，该店已公示营业执照。")
    assert "ordered_correction" not in by_key("消费者要求商家退款。")


def test_an_answer_that_did_it_with_a_rhetorical_question_after_is_a_yes():
    # 你们9号不是来看过了么 asks nothing: its 不 does not hedge the answer 办了
    found = by_key("问：让你联系厂家改标签，办了没有？答：办了，厂家寄来新标签，我都贴上了，你们9号不是来看过了么。")
    assert "corrected" in found and "not_corrected" not in found
    assert "corrected" not in by_key("问：让你联系厂家改标签，办了没有？答：还没，厂家不肯寄。")


def test_the_partys_own_plea_of_a_flaw_is_no_finding_unless_accepted():
    assert "minor_violation" not in by_key("当事人申辩称生产日期漏印属标签瑕疵，请求只责令改正。承办机构拟按第一款处罚。")
    assert "minor_violation" in by_key("当事人申辩称属标签瑕疵，经核属实。")
    assert "minor_violation" in by_key("审核认为，标签瑕疵不影响食品安全。")  # the officers' view, not a plea


def test_a_refusal_refunded_in_full_afterwards_is_the_harm_made_good():
    facts = ("新经营者以'旧瓶不收、押金条不认'为由拒绝退还。工单转办后、我局立案前，该站于2026年2月11日自行逐户联系，"
             "全额退还了9户押金。")
    found = by_key(facts)
    assert "mitigated_harm" in found and "harm_not_mitigated" not in found
    lasting = by_key("该站于2026年2月11日退还了2户押金，其余7户至今仍未退还。")
    assert "harm_not_mitigated" in lasting and "mitigated_harm" not in lasting


@pytest.mark.parametrize("facts,key,quote", [
    # (found on the tuned JG and JI writers) the stall keeper said to be a child of that age
    ("到现场一看，摊主是个13岁的初一学生小陈，自己用胶水加硼砂调。", "minor_under_14", "摊主是个13岁"),
    # a measured value named as such, without its unit; a defect said beyond ordinary checks
    ("经省级抽检，SPF实测值28，注册资料标示SPF50。", "hidden_defect", "实测值28"),
    ("B同志认为专柜已尽查验义务，凭常规手段发现不了SPF问题。", "hidden_defect", "常规手段发现不了"),
    # the time since a one-off act happened, stated
    ("该行为发生至今已逾二年，期间未被发现。", "limitation_stated", "发生至今已逾二年"),
    # an expert finding of no capacity at the time
    ("委托鉴定，结论是精神分裂症发病期，对当时行为无辨认能力。", "mental_incapable", "委托鉴定，结论是精神分裂症发病期，对当时行为无辨认能力"),
    # the false message taken back where it was spread
    ("又骑摩托跑了6个村，在村里广播上讲清楚单子上的话不作数。", "mitigated_harm", "村里广播上讲清楚"),
    # a dispute over how a service turned out; a licence renewed
    ("经核查，价目公示清楚，没有加价，属于服务效果争议。", "civil_matter", "属于服务效果争议"),
    ("1月28日已在网上申请延续，2月4日新证已经下来。", "corrected", "新证已经下来"),
    # (the tuned JJ writer) an inspection body's own mistake; a reporter named before the date of the report
    ("检验站书面说明系其工作人员批量录入时错挂标志环、错传数据，该瓶并未实际检验。", "no_fault",
     "检验站书面说明系其工作人员批量录入时错挂标志环、错传"),
    ("举报人王某2025年11月6日来局反映，其2023年春耕在该店买的复合肥肥效差。", "discovery_date", "2025年11月6日"),
    # the supplier's place told and raided; the officers' view that it counts
    ("但他把给他供肉的地方说出来了，在某某乡一个院子里，昨天联合公安端了，查证属实。", "reported_merits",
     "地方说出来了，在某某乡一个院子里，昨天联合公安端了，查证属实"),
    # wages owed: a labour dispute, no matter for a penalty
    ("老板欠他两个月工钱七千二百元不给。", "civil_matter", "欠他两个月工钱"),
    # a correction notice put up and the buyers told one by one; a refund to the named buyer; settings put back
    ("在网店首页挂出更正声明，并通过平台给期间下单的213名买家逐一发送提示。", "mitigated_harm", "挂出更正声明"),
    ("2月24日接到我局电话后，当事人当天给吴某退款138元。", "mitigated_harm", "当天给吴某退款"),
    ("并把干果类链接全部改回支持七天无理由退货。", "corrected", "把干果类链接全部改回"),
    # (the tuned JL writer) a new licence up on the wall; an instrument checked since and passed; no means to cause it
    ("改了，4月1号在政务网办的变更登记，新执照已经挂起了。", "corrected", "新执照已经挂起了"),
    ("当事人当即联系市计量测试所，5月22日完成检定，结论合格。", "corrected", "完成检定，结论合格"),
    ("服务商出具后台操作日志，证实升级未事先告知物业，物业账号也无修改计费规则的权限。", "no_fault", "账号也无修改计费规则的权限"),
    # none refunded when the order's time ran out; sales stopped on the spot; contracts handed over truthfully
    ("下了责令退还通知书，限十天，到期一桌都没退。", "harm_not_mitigated", "到期一桌都没退"),
    ("谢某当场就停卖了，一个星期内交了变更申请。", "corrected", "当场就停卖"),
    ("当事人主动撤下全部广告，如实提供了发布合同和付款凭证。", "cooperated", "如实提供了发布合同和付款凭证"),
])
def test_twenty_ninth_session_phrasings(facts, key, quote):
    assert_reads(facts, key, quote)


def test_a_buyers_purchase_dates_the_sale_and_a_time_since_the_act_is_no_continuing_act():
    found = by_key("问：举报人说2024年2月5日在你店里买到过期酸奶，有这回事吗？")
    assert [c.value for c in found["act_date"]] == ["2024-02-05"]
    assert "continuing" not in by_key("该行为发生至今已逾二年，期间未被发现。")


def test_a_measured_value_is_no_goods_value():
    found = by_key("SPF实测值28，注册资料标示SPF50。该批货值1.86万元。")
    assert [c.value for c in found["goods_value"]] == [18600.0]


def test_coming_to_an_interview_on_time_is_no_cooperation():
    # 指导意见第十四条第（二）项 asks for evidence offered; coming when summoned is the party's duty
    assert "cooperated" not in by_key("当事人此前无违法记录，接通知后按时到所接受询问，未发现其他从轻、从重情节。")
    assert "cooperated" not in by_key("当事人按照询问通知书要求到所里接受询问。")
    assert "cooperated" in by_key("次日即携带进货单据到所接受询问。")


def test_a_safety_device_taken_off_is_the_act_not_a_correction():
    assert "corrected" not in by_key("店内2台待取车辆已拆除限速器、加装60V大容量电池。")
    assert "corrected" in by_key("当日已拆除违规广告牌。")


def test_an_order_told_as_done_is_no_correction():
    assert "corrected" not in by_key("现场2台车辆已责令恢复原状后再交车。")
    assert "corrected" in by_key("当日已恢复原状。")


def test_a_contracts_work_done_is_no_correction():
    assert "corrected" not in by_key("工作室称合同约定的服装4套、外景2处、精修30张均已完成，愿意免费重修。")
    assert "corrected" in by_key("当事人已于4月2日完成变更登记。")


def test_capacity_asked_about_is_no_finding_of_incapacity():
    assert "mental_incapable" not in by_key("委托鉴定其精神分裂症发病期有无辨认能力，结论未出。")
    assert "mental_incapable" in by_key("结论是精神分裂症发病期，对当时行为无辨认能力。")


@pytest.mark.parametrize("text, key, present", [
    # 行政处罚法第二十九条: the same act fined before, in a review's and a chat's words
    ("某某区市场监管局已于2026年3月2日就同一详情页的同一宣传内容对该公司作出罚款决定并已执行。", "already_fined", True),
    ("本案与前案系同一违法行为。", "already_fined", True),
    ("同一违法行为已被县局罚款五千元。", "already_fined", True),
    ("依法不得再次罚款。", "already_fined", True),
    # the rule stated, with the choice of the heavier law: nothing fined yet
    ("同一违法行为不得给予两次罚款，应择一按罚款数额较高的规定处罚。", "already_fined", False),
    ("系同一行为，只能罚款一次，按罚款数额高的商标法第六十条处罚。", "already_fined", False),
    ("同一违法行为不得重复处罚，应择一按罚款数额较高的规定处罚。", "already_fined", False),
    # an obstruction the police punished is another act
    ("阻碍行为已由公安机关处罚，不再作为从重情节。", "already_fined", False),
    ("阻碍行为已由公安机关处罚，不再作为从重情节。", "obstruction_punished", True),
    # a violation told as left undone, then put right the same day; and one still undone after an order
    ("电子秤检定合格标志有效期至2月，超期一个来月未送检。王某当天散场后就把秤送到县计量检定所，次日检定合格。", "corrected", True),
    ("电子秤检定合格标志有效期至2月，超期一个来月未送检。王某当天散场后就把秤送到县计量检定所，次日检定合格。", "not_corrected", False),
    ("超期一个来月未送检。", "small_scale", False),
    ("当事人仍未送检。后来送检了。", "not_corrected", True),
    ("执法人员责令其下架，当事人未下架。次日下架了。", "not_corrected", True),
    # the papers shown in an interview, and found to match the supplier's records
    ("答：合作社拉来的，这是合格证和送货单。", "purchase_checked", True),
    ("经核，合格证、送货单与合作社出货记录一致。", "purchase_checked", True),
    ("合格证与实物不一致。", "purchase_checked", False),
    ("七号进了五十斤，四块五一斤。", "small_scale", False),
    # the supplier's licence kept, the goods' test report not: no purchase check
    ("当事人仅留存供货方营业执照，无检验报告。", "purchase_check_failed", True),
    ("当事人仅留存供货方营业执照，无检验报告。", "purchase_checked", False),
    # an earlier decision whose findings cover this act; an earlier penalty of its own is a prior record, no bar
    ("4月2日对俞某作出没收并罚款5万元的决定，认定的销售期间已涵盖举报人购买的2包。", "already_fined", True),
    ("当事人2025年曾因销售过期食品被罚款5万元。", "already_fined", False),
    # the price pushed from the market's system, the stall without the right to change it
    ("单价由市场信息中心后台推送，摊主没有改价权限。", "no_fault", True),
])
def test_thirtieth_session_readings(text, key, present):
    assert (key in keys(text)) is present


@pytest.mark.parametrize("text, key, present", [
    # another bureau's decision on the same act, made (not one to be made), and its date no date of this act
    ("外地市场监管局于2026年3月2日对同一违法行为作出罚款五万元的处罚决定。", "already_fined", True),
    ("外地市场监管局于2026年3月2日对同一违法行为作出罚款五万元的处罚决定。", "act_date", False),
    ("某某局已于2026年3月2日就同一宣传内容作出行政处罚。", "act_date", False),
    ("拟对同一违法行为作出罚款决定。", "already_fined", False),
    ("不得对同一违法行为给予两次以上罚款。", "already_fined", False),
    ("当事人2026年3月2日开始在网店虚构月销量。", "act_date", True),
])
def test_thirty_first_session_readings(text, key, present):
    assert (key in keys(text)) is present


def test_a_banner_taken_down_on_a_date_ends_the_act():
    found = {c.key: c.value for c in find_circumstances("刘某说过了小年就取了，有2024年2月3日取横幅的照片。")}
    assert found.get("act_end_date") == "2024-02-03"


@pytest.mark.parametrize("text, present", [
    # the goods themselves tested and found safe: no harm from the act
    ("快检抽了两个样都合格。", True),
    ("抽样送检结果均合格。", True),
    ("抽检不合格。", False),
    ("检测结果都不合格。", False),
    # nobody charged more than shown
    ("现场未发现加价或多收费用情况。", True),
    ("经查发现多收费用120元。", False),
])
def test_goods_tested_and_found_safe_show_no_harm(text, present):
    assert ("harm_none" in keys(text)) is present


@pytest.mark.parametrize("text, corrected, mitigated", [
    # a correction published before anyone was harmed corrects the act; it makes no harm good
    ("负责人当天就发了更正说明。活动还没开始，没造成什么后果。", True, False),
    ("在公众号上公开澄清，还没有人报名，没有造成任何影响。", True, False),
    # with no harm stated, or beside a refund, it stays a mitigation
    ("负责人当天就发了更正说明。", False, True),
    ("发了更正说明，并给买到的顾客都退了款，没造成什么后果。", False, True),
])
def test_a_correction_published_before_any_harm_is_a_correction(text, corrected, mitigated):
    found = find_circumstances(text)
    notices = [c for c in found if "更正说明" in c.quote or "澄清" in c.quote]
    assert notices
    assert all(c.key == ("corrected" if corrected else "mitigated_harm") for c in notices)
    assert ("mitigated_harm" in keys_of(found)) is mitigated


# --- thirty-second session: wording of a rural officer's terse records (new wording, not evaluation sentences) ---------

@pytest.mark.parametrize("text, key, present", [
    # an opinion that time has run out is no earlier fine (第三十六条, not 第二十九条)
    ("有人认为这事过了两年多了，不能再罚了。", "already_fined", False),
    ("依法不得再次罚款。", "already_fined", True),
    # taken ill after eating, drinking or applying it; kept in hospital
    ("孩子吃了三天以后上吐下泻。", "harm_occurred", True),
    ("抹了两回脸上起满了红疹。", "harm_occurred", True),
    ("老人在乡卫生院住院观察了一天。", "harm_occurred", True),
    ("吃了以后没有出现呕吐。", "harm_occurred", False),
    # what the office did not know, in a township office's words
    ("这批货的事此前本所未掌握。", "confessed_unknown", True),
    ("所里原来不掌握这个情况。", "confessed_unknown", True),
    # made good per unit, the harm repaired free, the sold ones fetched back
    ("给买了的人每袋补了30元。", "mitigated_harm", True),
    ("免费上门重装。", "mitigated_harm", True),
    ("把卖出去的20个全部换回来了。", "mitigated_harm", True),
    ("马上叫人把桌上的碗筷全部收回来重新消毒。", "mitigated_harm", False),
    ("抢救柜里翻出来五支过期注射器。", "harm_occurred", False),
    ("送到医院经抢救脱离危险。", "harm_occurred", True),
    # a lab's finding of an additive beyond its scope
    ("县局抽检发现山梨酸超范围。", "hidden_defect", True),
    # a debt between a shop and a buyer is a civil matter
    ("他赊了两袋化肥打了欠条，一直拖着不还。", "civil_matter", True),
    ("两家就是欠款扯皮。", "civil_matter", True),
    # the papers handed over, told with 把
    ("店主主动把进货的单子、转账截图都交了。", "cooperated", True),
    # a test's result received is no correction; a scale taken to be verified is
    ("当事人拿到检验结果后联系了农户。", "corrected", False),
    ("当天就把秤拿到检定所去了。", "corrected", True),
])
def test_a_rural_officers_wording(text, key, present):
    assert (key in keys(text)) is present


@pytest.mark.parametrize("text, value", [
    ("某某小卖部2025年8月2日把两箱过期饮料卖给了村里的小卖铺。", "2025-08-02"),
    ("消费者提供了一张2024年1月6日的购物小票。", "2024-01-06"),
])
def test_the_acts_date_after_a_ba_construction_or_on_a_receipt(text, value):
    assert [c.value for c in find_circumstances(text) if c.key == "act_date"] == [value]


@pytest.mark.parametrize("text, crime", [
    ("经鉴定，该批药品属于假药。", True),
    ("自称祖传秘方的药丸经检验检出地塞米松。", True),
    ("当事人辩称不是假药。", False),
    ("送检的胶囊未检出泼尼松。", False),
    ("药店的阿莫西林检出含量不合格，属劣药。", False),
])
def test_a_fake_drug_is_a_crime_whatever_the_amount(text, crime):
    """刑法第一百四十一条: selling 假药 is prosecuted whatever the amount (药品管理法第九十八条第二款)."""
    assert ("criminal_suspicion" in keys(text)) is crime


def test_a_packed_count_times_the_inner_units_price_is_the_goods_value():
    found = [c for c in find_circumstances("一共进了20箱，一箱24瓶，一瓶两块五。") if c.key == "goods_value"]
    assert found and found[0].value == 1_200
    assert "20箱" in found[0].label and "一箱24瓶" in found[0].label


@pytest.mark.parametrize("text, key, present", [
    # a second fine proposed on the same act after another authority's decision
    ("农业农村局已对其作出罚款决定，办案机构拟再依据产品质量法第五十条对同一销售行为罚款。", "already_fined", True),
    # a review finds the fix made
    ("经复核已规范公示。", "corrected", True),
    # the party gained by paying sellers less
    ("少付价款合计3.2万元。", "illegal_income", True),
    # a refund not made, the recipient named between the negation and the verb
    ("至今未向农户补足差价。", "harm_not_mitigated", True),
    ("至今未向农户补足差价。", "mitigated_harm", False),
    ("当事人已向农户补足差价。", "mitigated_harm", True),
    ("退货退款1100余元。", "mitigated_harm", True),
    # the means held by the other, a share for a chore: a minor role
    ("账本和收款码都由王某掌握。", "minor_role", True),
    ("他按营业额两成分钱。", "minor_role", True),
    # partners fallen out over the money: a civil matter
    ("两人合伙开的店，今年闹翻了。", "civil_matter", True),
    # the press or mass complaints
    ("市电视台作了报道。", "wide_impact", True),
    ("二十多户居民到信访局反映。", "wide_impact", True),
    # one view in a discussion is no suspicion of a crime
    ("讨论中有同志主张移送公安。", "criminal_suspicion", False),
    ("经审查认为涉嫌犯罪，移送公安机关。", "criminal_suspicion", True),
    # the party's plea quoted after a speaking verb is no finding that time has run out
    ("李某说“早过了追究期限”。", "limitation_stated", False),
])
def test_wording_of_voice_notes_and_fringe_records(text, key, present):
    assert (key in keys(text)) is present


@pytest.mark.parametrize("text, end", [
    ("许可证2024年1月15日到期，2024年4月22日重新取得食品经营许可。", "2024-04-22"),
    ("执照一直用到2026年3月9日我所检查时。", "2026-03-09"),
    ("2024年2月10日刘某把店转给陈某，陈某接手当天就取消了这项收费。", "2024-02-10"),
])
def test_the_end_of_a_continuing_act(text, end):
    assert [c.value for c in find_circumstances(text) if c.key == "act_end_date"] == [end]


@pytest.mark.parametrize("text, crime", [
    ("复合肥总养分实测仅9%，农户施用后减产，经评估减产损失十一万四千元。", True),
    ("不合格的除草剂造成农作物损失3万元。", True),
    ("不合格的除草剂造成农作物损失3000元。", False),
    ("复合肥含量不足，未造成农作物明显损失。", False),
])
def test_shoddy_farm_inputs_that_cost_a_harvest_are_a_crime(text, crime):
    """刑法第一百四十七条: 使生产遭受较大损失 (二万元起, 两高2001年解释第七条), whatever the sales."""
    assert ("criminal_suspicion" in keys(text)) is crime


def test_the_goods_value_is_the_sold_and_the_unsold_together():
    """货值金额 counts all the goods sold in violation: the sales and the stock's value, told apart, are summed; a total
    stated is taken as it is."""
    found = [c for c in find_circumstances("已售173袋，销售金额25950元；库存80袋，货值1.2万元。") if c.key == "goods_value"]
    assert [c.value for c in found] == [37_950] and "已售25,950元＋未售12,000元" in found[0].label
    stated = [c.value for c in find_circumstances("已售出3000元，剩余货值2万元，合计货值2.3万元。") if c.key == "goods_value"]
    assert 23_000 in stated and 43_000 not in stated


@pytest.mark.parametrize("text, key, present", [
    # a price tag put up at once; a guard fitted free for each buyer; the book names the supplier and holds its papers
    ("店主当场补放价签，标价每台268元。", "corrected", True),
    ("当事人逐户上门，给9户农户免费加装了加强防护罩。", "mitigated_harm", True),
    ("本子上记着档口名字和电话，夹着批发市场打印的销售凭证和档口开的承诺达标合格证。", "purchase_checked", True),
    # the party's own licence got is no check of a purchase
    ("7月18日取得变更后的许可证。", "purchase_checked", False),
    # still selling a week after saying it would apply at once
    ("经营者表示马上办理，但直到7月18日取得变更后的许可证前仍照常售卖。", "not_corrected", True),
    # a record written the night of the inspection to be shown as kept all along
    ("孙某最终承认停炉记录是检查当晚补写的。", "evidence_tampering", True),
    # the remaining balance refunded, told with its sum
    ("当事人主动联系全部会员，按未消费余额退还共计4.2万元。", "mitigated_harm", True),
    # only the complainant paid back: the other buyers' harm stays
    ("店方目前只退还了王先生本人的差价。", "harm_not_mitigated", True),
    ("店方目前只退还了王先生本人的差价。", "mitigated_harm", False),
    ("店方已退还了全部41桌多收的差价。", "mitigated_harm", True),
    # papers handed over as the officers asked are a duty done, no active help; brought of one's own accord they are
    ("广告费用4.2万元，合同都按通知交给贵局了。", "cooperated", False),
    ("调查中按要求提供材料。", "cooperated", False),
    ("当事人主动提供了进货单据和销售记录。", "cooperated", True),
    # the supplier handed its papers over
    ("卖的泡泡棒是从玩具厂直接进的，对方给了营业执照、3C证书、出厂检验报告。", "purchase_checked", True),
    # traders under a distribution contract: their rebate and refund are a contract matter
    ("双方是经销合同关系，厂家至今未兑现返利2.1万元。", "civil_matter", True),
])
def test_wording_of_quality_and_tourist_town_records(text, key, present):
    assert (key in keys(text)) is present


def test_a_review_records_heading_with_a_qualifier_is_no_finding():
    """复查记录（摘要）：… opens the record; the first inspection's 未办理 after it is not the review's finding."""
    text = ("复查记录（摘要）：2026年4月8日检查发现该公司未办理第二类医疗器械经营备案。当日下达责令改正通知书，限4月25日前改正。"
            "4月22日复查，该公司已于4月19日取得第二类医疗器械经营备案凭证。")
    assert "not_corrected" not in keys(text) and "corrected" in keys(text)


def test_a_prior_penalty_dated_after_its_words_is_no_act_date():
    """上次被处罚是2023年8月（…）: the date is the prior penalty's — no act date (no limitation run out), a dated prior
    record."""
    found = find_circumstances("2026年4月被查获在售假冒注册商标冲锋衣58件。吴某上次被处罚是2023年8月（销售假冒同一品牌帽子），已超过一年。")
    assert not any(c.key in ("act_date", "limitation_expired") and "2023" in str(c.value) for c in found)
    prior = [c for c in found if c.key == "not_first_offence"]
    assert prior and "2023年8月" in prior[0].quote and "假冒" in prior[0].quote
    assert any(c.key == "repeat_not_within_year" for c in found)


def test_fakes_sold_and_unsold_together_reach_the_trademark_crime():
    """立案追诉标准（二）第六十九条: 销售金额不满五万元，但与尚未销售的货值金额合计十五万元以上 — the unsold goods valued at
    their marked price; a brand in quotation marks between 假冒 and 注册商标 is still the fake mark."""
    text = ("当事人销售假冒'某某'注册商标的漏电保护器。送货单和微信收款显示，2026年2月至6月已卖出1.8万元；"
            "6月18日在仓库查扣未售的同款1460只，按标价计14.6万元。")
    found = find_circumstances(text)
    assert any(c.key == "goods_value" and c.value == 146_000 for c in found)
    crime = [c for c in found if c.key == "criminal_suspicion"]
    assert crime and crime[0].value == "销售假冒注册商标的商品罪" and "164,000" in crime[0].label
    below = "当事人销售假冒'某某'注册商标的漏电保护器，已卖出1.8万元；仓库查扣未售的同款，按标价计4.6万元。"
    assert "criminal_suspicion" not in keys(below)


def test_trade_secrets_used_for_a_gain_over_the_threshold_are_referred():
    """侵犯商业秘密罪: 违法所得三十万元以上 (2020), reached through the matched article in either numbering."""
    from assistant.circumstances import threshold_by_provisions
    from core.models import Provision
    gain = find_circumstances("经审计，至2026年4月当事人销售侵权产品获利47万元。")
    now = Provision(law="中华人民共和国反不正当竞争法", article=26, version="2025-06-27")
    before = Provision(law="中华人民共和国反不正当竞争法", article=21, version="2019-04-23")
    assert threshold_by_provisions([now], gain).value == "侵犯商业秘密罪"
    assert threshold_by_provisions([before], gain).value == "侵犯商业秘密罪"
    assert threshold_by_provisions([Provision(law="中华人民共和国反不正当竞争法", article=21, version="2025-06-27")], gain) is None
    assert threshold_by_provisions([now], find_circumstances("当事人相应获利9.8万元。")) is None


@pytest.mark.parametrize("text, key, present", [
    # a tested property of electrical goods failed: a defect only a test finds
    ("5月7日市监督抽查，当事人某某五金店销售的'某某'牌多用转换插头插套保持力、温升不合格。", "hidden_defect", True),
    ("标签标志不合格。", "hidden_defect", False),
    # the new drinks made in the licensed kitchen with its old stoves
    ("这两样都是在原来的热食操作间、用原来的灶具和消毒柜做的。", "licence_risk_unchanged", True),
])
def test_wording_of_downtown_and_provincial_records(text, key, present):
    assert (key in keys(text)) is present


# --- thirty-fourth session: what the tuned writers KD, KE, KF, KG told in their own words -----------------------------
@pytest.mark.parametrize("facts,key", [
    ("答：药业的指令邮件、两边的流水我都带来了。", "cooperated"),
    ("她当场擦了，还把这段时间的销售单据都拿给我们看。", "cooperated"),
    ("当事人何某当场交出手机，提供了全部群聊记录和提成转账记录。", "cooperated"),
    ("答：是上游某某药业的大区经理让我们走的账。", "minor_role"),
    ("问：垫款谁付？答：都是黄某直接转，我不经手。", "minor_role"),
    ("本局此前未收到相关投诉举报，网络监测也未发现该情况，系当事人主动说明。", "confessed_unknown"),
    ("当事人运营主管将后台导出表中2025年9月至11月的成交价改为1599元后提交。", "evidence_tampering"),
    ("经了解，孙某在家务农，这回是给自家办喜事，不做饭店生意。", "civil_matter"),
    ("李某系网店经营者，订购的手机壳用于在其网店转售。", "civil_matter"),
    ("说他母亲用电热毯，夜里把手背烫起两个泡，去卫生院上了药。", "harm_occurred"),
    ("留存的电热毯经送检，温度控制项目不合格。", "life_health"),
    ("孙某说当时老太太家来找，他主动赔了600块医药费。", "mitigated_harm"),
    ("郑某自己拿着销售本挨家挨户找到这23户，按每袋差的养分折价退钱。", "mitigated_harm"),
    ("到5月28日你们检查指出，当天就停了。", "corrected"),
    ("4月28日电话告知后，当事人当日通过平台资质公示功能上传营业执照并在首页显示。", "corrected"),
    ("吕某主动提供推销员常来的时间和手机号，配合执法人员蹲守，当场截住推销员，顺线查获一处无证掺兑油坊。", "reported_merits"),
    ("王某称进货时以为是正牌子，当场把11提全部交执法人员。", "no_fault_claimed"),
])
def test_thirty_fourth_session_readings(facts, key):
    assert key in {c.key for c in find_circumstances(facts)}


def test_a_referral_of_the_case_a_lead_found_is_not_the_partys():
    facts = ("吕某主动提供推销员的手机号，配合执法人员蹲守，当场截住推销员，顺线查获一处无证掺兑油坊，扣押掺兑油2.1吨，"
             "该案已由县局移送公安机关。")
    assert "criminal_suspicion" not in {c.key for c in find_circumstances(facts)}


def test_a_shop_old_for_decades_is_no_duration_of_the_act():
    keys = {c.key: c for c in find_circumstances("某某参茸行是开了几十年的老店，门口黑板从10月20号摆到11月10号。")}
    assert "duration" not in keys or "几十年" not in keys["duration"].quote


def test_a_margin_kept_is_the_gain():
    income = [c for c in find_circumstances("问：你们得了什么好处？答：那款产品从我们这走货，毛利大概6000元。")
              if c.key == "illegal_income"]
    assert [c.value for c in income] == [6000.0]


def test_a_period_told_without_its_year_is_counted_in_days():
    facts = ("今年1月10日起，我们在店里现煮桂圆红枣茶卖给堂食客人，一直没去加自制饮品制售项目，到5月28日你们检查指出。")
    durations = [c for c in find_circumstances(facts) if c.key == "duration"]
    assert [c.value for c in durations] == ["138天"] and durations[0].quote.startswith("1月10日起")
    # a dated start is read by the dates, not here
    assert not any(c.key == "duration" and c.value == "138天"
                   for c in find_circumstances("2026年1月10日起销售，到5月28日检查。"))


def test_a_period_that_lasted_until_a_date_is_the_acts():
    keys = {c.key: c for c in find_circumstances("宣传自2025年5月持续至9月20日被举报查处，当日撤下招牌。")}
    assert keys["act_end_date"].value == "2025-09-20"
    assert "not_first_offence" not in keys  # 被举报查处: the present case found, no earlier penalty


@pytest.mark.parametrize("facts,key", [
    ("至今仍欠4.3万元，多次催讨无果，要求市场监管部门责令其付款。", "civil_matter"),
    ("这期间签了11户，我们已经主动上门说明，全部免费换成E0板材或者按差价退款。", "mitigated_harm"),
    ("2026年9月14日至16日台风‘某某’影响期间，区防汛防台指挥部发布通告。", "emergency_period"),
    ("调取订单，按首页标价与实际扣费的差额合计2.37万元。", "illegal_income"),
])
def test_thirty_fourth_session_later_readings(facts, key):
    assert key in {c.key for c in find_circumstances(facts)}


def test_a_continuing_act_begun_within_a_year_of_the_prior_penalty_is_a_repetition_within_the_year():
    facts = ("调取2026年5月1日至6月30日订单，差额合计2.37万元。该公司2024年8月、2025年6月已因同类问题两次被本局罚款。")
    assert "repeat_within_year" in {c.key for c in find_circumstances(facts)}


@pytest.mark.parametrize("facts,key,present", [
    # papers handed to the officers are cooperation, not a correction; a formality handed in is one
    ("赵某当场提交了活动方案、购车发票和中奖登记表。", "corrected", False),
    ("赵某当场提交了活动方案、购车发票和中奖登记表。", "cooperated", True),
    ("该公司在限期内提交了年度报告。", "corrected", True),
    # a paper named for a deletion (删除确认书) is no evidence destroyed
    ("孙某当场提交了删除确认书和原公司出具的'未造成订单损失'书面说明。", "evidence_tampering", False),
    ("检查当日，当事人员工将记录购买人信息的登记本带离现场藏匿，后经调取监控查实并追回。", "evidence_tampering", True),
    # the officers recovered it: no remedy of the party's
    ("检查当日，当事人员工将记录购买人信息的登记本带离现场藏匿，后经调取监控查实并追回。", "mitigated_harm", False),
    # a non-compete and its penalty money: a labour-contract matter
    ("举报人称杨某违反双方签订的竞业限制协议，要求本局责令杨某支付违约金20万元。", "civil_matter", True),
    # asked in the V了没有 form, answered no: no remedy
    ("郑队：钱退了没有？小郑：没有，他说是'辛苦费'。", "mitigated_harm", False),
    # an injury denied is no harm at all, not a harm short of serious
    ("经逐一回访11名购买人，均未反映使用后出现不良反应或人身损害。", "harm_serious", False),
    ("该批食品未发生食物中毒事件。", "harm_none", True),
    # the party's own records handed over unasked
    ("林某当场交出过期药品，并主动提供处方登记本和购进票据。", "cooperated", True),
    # the records of the purchase check produced
    ("能提供供货方资质证明、随货同行单、发票和验收记录。", "purchase_checked", True),
    # a name copied but for one character is the likeness of an imitation, no slight flaw
    ("包装袋的色彩、字体高度近似，商品名称仅一字之差。", "minor_violation", False),
    ("标签上生产日期印错，就是一字之差。", "minor_violation", True),
])
def test_thirty_fifth_session_readings(facts, key, present):
    assert (key in {c.key for c in find_circumstances(facts)}) is present


@pytest.mark.parametrize("facts,crime", [
    # 非法制造注册商标标识罪: marks printed without the owner's leave, 二万件以上 (立案追诉标准（一）第七十一条)
    ("在车间查获正在印制的'某某'牌调味品瓶贴，已印成品经清点共4.2万张。权利人代表辨认，均非其授权印制。", "非法制造注册商标标识罪"),
    ("在车间查获正在印制的'某某'牌调味品瓶贴，已印成品共8000张。权利人代表辨认，均非其授权印制。", None),
    # a drug the drug-testing institute found without the ingredient it is sold as is 假药 (刑法第一百四十一条)
    ("该药系通过微信从个人处购进，已调配给患者约110盒。经市药品检验所检验，抽样药品不含阿托伐他汀钙成份。", "生产、销售、提供假药罪"),
    # a cosmetic with a banned substance sold for more than 5万元 (刑法第一百四十条)
    ("主播在直播间卖美白霜，抽样送检，汞含量每公斤1.2万毫克，汞是化妆品禁用物质。平台数据显示共卖出4800多瓶，成交金额16.8万元。",
     "生产、销售伪劣产品罪"),
])
def test_thirty_fifth_session_crime_thresholds(facts, crime):
    found = [c.value for c in find_circumstances(facts) if c.key == "criminal_suspicion"]
    assert found == ([crime] if crime else [])


def test_a_trade_secret_holders_lost_profit_reaches_the_threshold():
    """立案追诉标准（二）第七十三条: 给权利人造成损失数额三十万元以上 — the loss told as the profit the holder lost."""
    from assistant.circumstances import threshold_by_provisions
    from core.models import Provision
    facts = "权利人委托会计师事务所测算其因订单流失减少利润86万元，某某机械公司账面显示该型夹具销售收入210余万元。"
    now = Provision(law="中华人民共和国反不正当竞争法", article=26, version="2025-06-27")
    read = [c for c in find_circumstances(facts) if c.key != "sales"]
    assert threshold_by_provisions([now], read) is None
    assert threshold_by_provisions([now], read, facts).value == "侵犯商业秘密罪"
    assert threshold_by_provisions([now], read, "权利人测算减少利润12万元。") is None


@pytest.mark.parametrize("facts,key,present", [
    # the bureau's record of a prior penalty, the bureau as subject, dated within a year of the act
    ("询问笔录2026年6月11日。答：5月中旬装的。问：以前被处理过吗？答：去年也是装这个东西，被罚了800块。（经核实，2025年12月9日"
     "某某区市场监管局以使用以欺骗消费者为目的的计量器具对其罚款800元）", "repeat_within_year", True),
    ("2026年6月11日检查。系统显示2023年3月本局对该店作出警告。", "repeat_within_year", False),
    # the party leading the officers to its supplier's place is a merit (行政处罚法第三十二条第（四）项)
    ("郑某当场带执法人员找到该炒料房，并提供了对方的转账记录。经核查，该炒料房无证生产火锅底料。", "reported_merits", True),
    ("第二天主动把订单、付款记录导出来交给我们，还带我们找到两家供货仓库。", "reported_merits", False),
    # a licence or registration got, told with its date, is a correction
    ("6月12日复查：该店已于6月10日取得特种设备使用登记证，登记标志张贴于层门旁。", "corrected", True),
    # a sign taken in and torn down at once
    ("我们一指出来，他当场把易拉宝收进店里，把那张画面撕了。", "corrected", True),
    # a registration named for group meals (群体性聚餐专业加工服务备案) is no serious harm
    ("刘某已在镇政府办理群体性聚餐专业加工服务备案，帮厨均持有效健康证明。", "harm_serious", False),
    ("该批食品引发群体性食物中毒。", "harm_serious", True),
    # a trader's buying from a private seller is its source, not a deal between non-traders
    ("当事人称系从个人卖家处收购，仅有微信聊天记录，无法提供卖家身份信息。", "civil_matter", False),
    ("我是跟一个个人卖家买的二手手机，用了三天就坏了。", "civil_matter", True),
    # one's own used phone sold once, no trade of it found: no trader
    ("该手机为其本人使用两年后换机闲置出售，未发现其以收购转卖二手手机为业。", "civil_matter", True),
    # a hotline ticket's date is when the case was found
    ("该促销于2024年8月31日停止。工单受理日期为2026年9月18日。", "discovery_date", True),
])
def test_thirty_sixth_session_readings(facts, key, present):
    assert (key in {c.key for c in find_circumstances(facts)}) is present


def test_a_continuing_state_found_at_the_inspection_is_put_right_after_the_order():
    """至检查时仍未办理 is the act found, before the order; the review's correction is the state the case ends in. A record's
    title (责令改正复查记录) is no order given before it."""
    facts = ("责令改正复查记录（摘要）：2026年6月2日检查时发现，新安装的杂物电梯已于4月20日投入使用，但至检查时仍未办理使用登记，"
             "当日下达责令改正通知书，限6月16日前改正。6月12日复查：该店已于6月10日取得特种设备使用登记证。")
    keys = {c.key for c in find_circumstances(facts)}
    assert "corrected" in keys and "not_corrected" not in keys
    still = facts.replace("该店已于6月10日取得特种设备使用登记证", "该店至今仍未办理")
    assert "corrected" not in {c.key for c in find_circumstances(still)}


@pytest.mark.parametrize("facts,crime", [
    # the takings of goods weighed on a rigged scale are not the money the cheat took (诈骗 counts what was taken)
    ("从电子秤底部拆出接收模块和遥控器，一按秤上显示的重量就多出一两。5月以来牛肉销售额约3.1万元，多收金额无法逐笔确定。", None),
    ("加油机内装有作弊主板，经核算多收油款约14万元。", "诈骗罪"),
    # a substance denied together with the class named after it (未检出罂粟碱等非食用物质)
    ("经检验，该店底料苯甲酸超标，未检出罂粟碱等非食用物质。", None),
    # what the party's named source did is not the party's act (该炒料房…部分底料检出罂粟碱，已移送公安机关)
    ("火锅店的底料从城郊一个熟人开的炒料房拿的。经检验，该店底料未检出罂粟碱。经核查，该炒料房向另外11家餐馆供货，"
     "部分底料检出罂粟碱，已移送公安机关立案侦查。", None),
    # industrial alcohol blended into liquor (刑法第一百四十四条, whatever the amount)
    ("桶上贴着'工业乙醇 99%'，是做什么用的？答：兑酒用的，一斤粮食酒兑半斤酒精再加水，装坛子按散酒卖。", "生产、销售有毒、有害食品罪"),
])
def test_thirty_sixth_session_crime_readings(facts, crime):
    found = [c.value for c in find_circumstances(facts) if c.key == "criminal_suspicion"]
    assert found[:1] == ([crime] if crime else [])


@pytest.mark.parametrize("facts,key,present", [
    # a supplier named as whose contact the party gives is no actor of the clause after it
    ("当事人能提供进货合同、发票、付款记录及供货方联系人，当日主动下架剩余11只，并联系全部购买者办理退货。", "corrected", True),
    # a test a consumer sent goods to is no correction of the party's
    ("5月8日经消费者送检及本局复检，16只均为'翡翠（处理）'。", "corrected", False),
    # a speed limiter taken off before the sale is the act itself
    ("门店应顾客要求，在交车前拆除8辆新国标电动自行车的限速装置后销售。", "corrected", False),
    # a matter the party raises of its own at the end of an interview on something else
    ("（本次检查系核查茶叶进货台账，未发现问题。）问：还有没有其他需要说明的情况？答：有个事我想主动讲。今年5月下旬我把22盒过期的茶卖了。",
     "confessed_unknown", True),
    # the records show the unpriced service was never sold
    ("前台价目表未标示加床价格。经查阅入住登记和收款记录，未发现提供加床服务或收取加床费用的记录。", "harm_none", True),
])
def test_thirty_sixth_session_later_readings(facts, key, present):
    assert (key in {c.key for c in find_circumstances(facts)}) is present


def test_the_case_units_view_under_review_is_no_finding():
    """法制审核意见：the unit's view of the party's mind, of the act's slightness and its proposal to refer are put to the
    reviewer; what the facts show is read where they show it."""
    review = ("法制审核意见（摘要）：当事人销售的果干二氧化硫残留量超标。当事人提供了进口商的营业执照和报关单。办案机构认为当事人长期经营"
              "越南食品，'应当知道'此类果干常有二氧化硫超标问题，拟按货值不足一万元处五万元罚款。")
    assert "fault_shown" not in {c.key for c in find_circumstances(review)}
    assert "fault_shown" in {c.key for c in find_circumstances("经查，当事人长期经营越南食品，应当知道此类果干常有二氧化硫超标问题。")}
    slight = "法制审核意见（摘要）：茶包标签未标注生产日期和保质期。办案机构认为属于标签瑕疵，拟只责令改正、不予罚款。"
    assert "minor_violation" not in {c.key for c in find_circumstances(slight)}
    refer = ("法制审核意见（摘要）：已售9件，销售金额3.1万元；查获在售14件，标价合计5.6万元。当事人此前无违法记录。办案机构拟移送公安机关。")
    assert "criminal_suspicion" not in {c.key for c in find_circumstances(refer)}


# --- a check that found the charge as agreed and the caterer's papers in order (2026-12-07, thirty-seventh session;
# sentences composed here)

@pytest.mark.parametrize("text", ["核查：合同约定价为800元，实际收取800元，并无另行收取其他费用。",
                                  "经查，厨师和帮工均持有效健康证明，留样记录齐全。"])
def test_a_charge_as_agreed_or_papers_in_order_are_what_the_check_found_in_order(text):
    assert "found_compliant" in by_key(text)


def test_money_the_check_found_charged_as_agreed_is_no_illegal_income():
    found = by_key("核查：双方约定包干价900元，实际收款900元，无额外加价；双方同意调解，当场赔偿300元。")
    assert "found_compliant" in found and "illegal_income" not in found
    # money taken beyond the agreed price, in a sentence of its own, is still read
    assert "illegal_income" in by_key("当事人另行收取搬运费600元。核查：合同价款与报价一致。")


# --- a case handler's files from a county's 执法大队 (2026-12-07, thirty-seventh session; sentences composed here)

def test_the_sum_of_an_illegal_business_in_the_criminal_laws_words_is_an_amount_and_reaches_the_threshold():
    """非法经营数额 (the word of 刑法第二百一十三条's 追诉标准) is the business volume; a mark used on the same goods in the
    offence's own words (使用与…注册商标相同的标识) with 非法经营数额 ≥ 5万 is 涉嫌假冒注册商标罪."""
    found = by_key("当事人在其加工的腐竹外包装上使用与“某某”注册商标（核定使用商品第29类）相同的标识，"
                   "经查已销售约6万包，非法经营数额约6万元。")
    assert [c.value for c in found["business_volume"]] == [60_000.0]
    assert "criminal_suspicion" in found
    assert "criminal_suspicion" not in by_key("当事人在其加工的腐竹外包装上使用与“某某”注册商标相同的标识，非法经营数额约3千元。")


def test_a_partial_capacity_stated_sentences_after_the_illness_is_read_to_the_end_of_its_clause():
    found = by_key("李某2018年起患双相情感障碍，长期在市第四医院门诊取药。2026年4月经司法鉴定，鉴定意见为其行为时"
                   "辨认控制能力部分削弱，建议限定责任。")
    assert "mental_partial" in found and "mental_illness" not in found


def test_a_plan_to_destroy_recalled_goods_is_no_destroyed_evidence():
    assert "evidence_tampering" not in by_key("当事人召回该批次产品8000袋，提交了召回记录和销毁方案。")
    assert "evidence_tampering" in by_key("问：进货单呢？答：那些单子我销毁了。")


def test_the_goods_left_over_are_no_small_scale():
    assert "small_scale" not in by_key("共使用试剂12盒，剩余2盒已封存。")
    assert "small_scale" in by_key("货架上只有2盒。")


def test_a_wage_owed_for_named_months_or_the_callers_wish_for_pay_is_a_labour_dispute():
    assert "civil_matter" in by_key("来电人称厂里拖欠其2026年3月、4月两个月工资共6000元。")
    assert "civil_matter" in by_key("来电人表示产品方面没有要反映的，只要把工钱结了。")


def test_goods_that_failed_yet_are_labelled_with_the_grade_they_miss_reach_the_shoddy_goods_threshold():
    found = by_key("抽检该店0号柴油硫含量不合格，加油机上却标“国Ⅵ 0号柴油”。经查共卖出约9吨，销售金额6.2万元。")
    assert "criminal_suspicion" in found
    assert "criminal_suspicion" not in by_key("抽检该店0号柴油硫含量不合格，经查共卖出约9吨，销售金额6.2万元。")


def test_a_matter_told_of_the_partys_own_or_asked_why_it_told_it_is_a_confession_of_the_unknown():
    assert "confessed_unknown" in by_key("问：还有什么要说的吗？答：有件事我自己交代了吧，去年我还卖过一批翻新电瓶。")
    assert "confessed_unknown" in by_key("问：为什么主动讲出来？答：怕以后出事。")


def test_the_part_a_recall_did_not_reach_is_no_refusal_and_a_recall_through_distributors_is_the_partys():
    found = by_key("企业当天停售，主动通过经销商联系已售出的30名购买者，召回27瓶，未召回的3瓶已电话告知。")
    assert "mitigated_harm" in found and "harm_not_mitigated" not in found
    assert "harm_not_mitigated" in by_key("当事人至今未召回已售出的产品。")
    # a recall the maker made is still not the party's
    assert "mitigated_harm" not in by_key("经查，生产厂家已召回该批次产品。")


def test_an_amount_written_below_a_threshold_with_a_sign_reaches_nothing():
    assert "criminal_suspicion" not in by_key("售假冒“某某”注册商标运动鞋，已售＜5万、总货值＜15万，够不上刑事立案门槛。")


def test_an_orders_deadline_passed_with_nothing_done_is_no_correction():
    assert "not_corrected" in by_key("下达责令退还通知书，限十天退还，到期一桌都没退。")
    assert "not_corrected" in by_key("责令其限期整改，逾期仍未整改。")


# ---------------------------------------------------------------- thirty-eighth session (KX, tuned)

def test_industrial_alcohol_written_in_a_blending_record_is_a_food_crime_whatever_the_amount():
    found = by_key("车间角落存放蓝色塑料桶12个，桶身标注“工业酒精 不可食用”；勾兑罐旁记录本记载“原酒200+工业酒精50”等配比。")
    assert [c.value for c in found["criminal_suspicion"]] == ["生产、销售有毒、有害食品罪"]
    # the blending book is no purchase check
    assert "purchase_checked" not in found
    assert "criminal_suspicion" not in by_key("勾兑罐旁记录本记载原酒配比，未使用工业酒精。")
    assert "purchase_checked" in by_key("进货记录本记载了供货商名称。")


def test_the_officers_sample_sent_for_testing_is_no_correction_even_read_from_its_adverb():
    assert "corrected" not in by_key("经现场快检，甲醇含量明显超标，已依法抽样送检。")
    assert "corrected" in by_key("当事人已主动送检。")


def test_money_the_goods_sold_for_counts_as_the_sales_of_a_criminal_threshold():
    found = by_key("问：你站0号柴油经抽检不合格，怎么回事？答：按一份调和油兑两份国标柴油的比例打进2号罐卖，"
                   "以次充好。问：卖了多少？答：1月6日到4月10日2号罐共卖了68400元。")
    assert "criminal_suspicion" in found
    assert "small_scale" not in found  # parts of a mixture
    assert "criminal_suspicion" not in by_key("以次充好，2号罐共卖了6840元。")


def test_a_supplier_chasing_payment_for_goods_is_a_civil_matter():
    assert "civil_matter" in by_key("其向某某农家乐供应腊肉、香肠共计215斤，货款8600元至今未付，要求市场监管所“责令农家乐付钱”。")
    assert "civil_matter" not in by_key("消费者已支付货款，商家至今未发货。")


def test_the_partys_opening_that_it_has_something_to_tell_is_a_confession_of_the_unknown():
    assert "confessed_unknown" in by_key("问：你刚才说有情况要主动说明？答：是的。今年2月用了6包过期导尿包。")
    assert "confessed_unknown" not in by_key("问：还有情况要说明吗？答：没有情况要主动说明。")


def test_a_third_partys_help_is_not_the_partys_cooperation():
    assert "cooperated" not in by_key("后经平台协助调取部分数据，该期间蜂蜜销售额2.1万元。")
    assert "cooperated" in by_key("当事人积极协助调取数据。")


def test_records_deleted_after_a_written_request_to_keep_them_are_destroyed_evidence_not_a_correction():
    found = by_key("3月11日我局书面要求其保存直播回放及后台数据，当晚该账号全部直播回放和商品链接被删除。刘某称“怕影响不好就删了”。")
    assert "evidence_tampering" in found
    assert "corrected" not in found
    assert "corrected" in by_key("执法人员指出后，当事人当场删除了违法宣传内容。")


def test_an_ad_fee_said_not_to_be_countable_is_the_statutes_uncountable_fee():
    found = by_key("直播系合作社自行开播，未支付任何推广费用，广告费用无法计算。")
    assert [c.value for c in found["ad_fee"]] == [0.0]


def test_an_order_and_its_outcome_told_inside_a_prior_penalty_are_the_prior_cases():
    found = by_key("当事人2025年11月因产品标签未标注许可证编号，经责令改正逾期未改，被我局罚款500元。")
    assert "not_first_offence" in found
    assert "not_corrected" not in found and "ordered_correction" not in found
    assert "not_corrected" in by_key("当事人2025年11月被我局罚款500元。2026年3月再次检查，仍未改正。")


def test_a_measured_index_failing_its_standard_is_a_defect_only_testing_finds():
    assert "hidden_defect" in by_key("省药监局通报，该批次一次性使用输液器“微粒污染指数”不符合GB 8368强制性标准。")


def test_a_present_case_dated_by_month_and_day_alone_follows_the_prior_penalty():
    """The case's days, told without a year, lie after the prior penalty and before today: one year fits → dated;
    several → the officer is asked (neither within nor beyond a year)."""
    from datetime import date, timedelta
    act = date.today() - timedelta(days=30)
    told = f"问：{act.month}月{act.day}日卖了多少？答：卖了214盒。问：以前受过处罚没有？答："
    prior = act - timedelta(days=200)
    found = by_key(told + f"{prior.year}年{prior.month}月{prior.day}日因为同样标虚假原价被县局罚过款。")
    assert "repeat_within_year" in found
    found = by_key(told + f"{prior.year - 3}年{prior.month}月{prior.day}日因为同样标虚假原价被县局罚过款。")
    assert "repeat_within_year" not in found and "repeat_not_within_year" not in found and "not_first_offence" in found


def test_a_label_made_anew_to_sell_the_goods_again_is_no_correction():
    assert "corrected" not in by_key("将已过保质期的鸡排撕去原标签，自行打印新标签重新标注生产日期后销售。")
    assert "corrected" in by_key("当事人已重新标注生产日期。")


def test_the_buying_done_without_ever_checking_is_a_failed_purchase_check():
    assert "purchase_check_failed" in by_key("问题是她进货从来不查证，送货单随手就丢了。")


def test_entries_made_up_as_told_and_things_put_right_after_the_officers_left_are_corrections():
    assert "corrected" in by_key("我们让她三天内整改，她今天上午台账也照模板补登好了。")
    assert "corrected" in by_key("你们走了以后，我当天下午就把十七副全部手写标价签贴好了。")


def test_the_criminal_thresholds_are_data_an_office_can_change(tmp_path, monkeypatch):
    import assistant.circumstances as C

    facts = "服装店销售假冒注册商标的服装，销售金额6万元。"
    assert "criminal_suspicion" in keys_of(find_circumstances(facts))
    # a province whose figures differ edits the file, not Python: at 8万 the same sales reach nothing
    text = C.THRESHOLDS_PATH.read_text(encoding="utf-8")
    raised = text.replace("    - {amounts: [sales], yuan: 50000}\n    - {amounts: [goods_value, business_volume, case_value]",
                          "    - {amounts: [sales], yuan: 80000}\n    - {amounts: [goods_value, business_volume, case_value]")
    assert raised != text
    path = tmp_path / "criminal_thresholds.yaml"
    path.write_text(raised, encoding="utf-8")
    read = C.load_thresholds.__wrapped__
    monkeypatch.setattr(C, "load_thresholds", lambda: read(path))
    assert "criminal_suspicion" not in keys_of(find_circumstances(facts))
    assert "criminal_suspicion" in keys_of(find_circumstances("服装店销售假冒注册商标的服装，销售金额9万元。"))


def test_a_malformed_thresholds_file_is_a_clear_error(tmp_path):
    from assistant.circumstances import THRESHOLDS_PATH, load_thresholds

    bad = tmp_path / "bad.yaml"
    bad.write_text(THRESHOLDS_PATH.read_text(encoding="utf-8").replace("yuan: 300000", "yuan: 三十万"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: offences\.侵犯商业秘密罪\.thresholds\.0\.yuan"):
        load_thresholds(bad)
    # every offence the readers name must have its thresholds
    gone = tmp_path / "gone.yaml"
    text = THRESHOLDS_PATH.read_text(encoding="utf-8")
    start = text.index("  诈骗罪:")
    gone.write_text(text[:start] + text[text.index("\nmark_count:") + 1:], encoding="utf-8")
    with pytest.raises(ValueError, match="no thresholds for 诈骗罪"):
        load_thresholds(gone)


def test_a_maker_of_counterfeit_marked_goods_is_weighed_on_what_it_sold_and_still_holds():
    from assistant.circumstances import threshold_by_provisions
    from core.models import Provision

    trademark = [Provision(law="商标法", article=57, item=1), Provision(law="商标法", article=60, paragraph=2)]
    # an interview: what was sold (问：卖了多少？) and the stock's value, under the 5万 of 假冒注册商标罪 apart, over it together
    told = ("问：带“某某”标的挎包是谁做的？答：俺自己裁自己缝的。问：卖了多少？答：账上一共4.6万。"
            "问：现场这些呢？答：成品620个，货值两万多。问：有授权没有？答：没有。")
    found = find_circumstances(told)
    assert {(c.key, c.value) for c in found if c.key in ("sales", "goods_value")} == {("sales", 46000.0), ("goods_value", 20000.0)}
    suspicion = threshold_by_provisions(trademark, found, told)
    assert suspicion is not None and suspicion.value == "假冒注册商标罪"
    # a seller of the same goods at the same amounts stays below the selling offence's 5万 sold or 15万 together
    sold = told.replace("俺自己裁自己缝的", "从批发市场进的")
    assert threshold_by_provisions(trademark, find_circumstances(sold), sold) is None
    # a mark told as 近似 is infringement, not 假冒: no 假冒注册商标罪 on any amount
    similar = "当事人在其生产的收纳箱上使用与某某公司注册商标近似的标识，共生产3200个，违法经营额6.4万元（含库存）。"
    assert threshold_by_provisions(trademark, find_circumstances(similar), similar) is None
    same = similar.replace("近似", "相同")  # (the offence in 刑法第二百一十三条's words, read from the facts themselves)
    assert [c.value for c in find_circumstances(same) if c.key == "criminal_suspicion"] == ["假冒注册商标罪"]


def test_an_interview_answer_that_gives_a_unit_price_first_labels_the_total_as_sales():
    from core.numerals import find_amounts

    got = [(a.value, a.label) for a in find_amounts("问：卖了多少？答：出了大概1500个，一个卖30多，账上一共4.6万。")]
    assert got == [(46000.0, "销售额")]
    assert [(a.value, a.label) for a in find_amounts("问：卖了多少？答：一共310个，22块一个。")] == [(22.0, "")]


@pytest.mark.parametrize("text, present", [
    # the case's records or data destroyed, hidden or falsified, in the order the words come
    ("老板叫店员把微信里跟顾客的聊天记录一条条撤回了。", True),
    ("撕去了台账里五月份的两页。", True),
    ("后台数据被店长清空了。", True),
    # a paper handed over, then found made up
    ("当事人出示的进货发票，经税务部门核验系其自行制作。", True),
    ("当事人提交的检测报告编号在检测机构系统中不存在。", True),
    ("当事人提供的营业执照复印件经登记机关核对，系伪造。", True),
    # hidden as the officers came, moved to another's home, destroyed for fear of them
    ("摊主见执法人员过来，把没有标签的几袋粉条塞到柜台底下。", True),
    ("那批鞋我拉到我表弟家放着了。", True),
    ("因为怕罚，我把手机里的收款记录清掉了。", True),
    ("执法人员离开后，当事人把登记保存的白酒搬走卖了。", True),
    ("封条是他晚上自己撕开的。", True),
    # forbidden, warned of, asked about, supposed, done by a system or denied: none
    ("已告知当事人不得销毁、转移登记保存的物品。", False),
    ("小心他把进货单藏起来。", False),
    ("问：这些台账是当时记的，还是后来补的？", False),
    ("收银系统升级时自动清除了旧的销售数据。", False),
    ("当事人已将违法广告删除。", False),
    ("进货单时间久了丢了，拿不出来。", False),
    ("检查时封条完好，未被撕开。", False),
    ("当事人不存在任何伪造证据的行为。", False),
])
def test_evidence_tampering_in_many_words(text, present):
    assert ("evidence_tampering" in keys_of(find_circumstances(text))) is present


def test_the_rest_a_recall_did_not_reach_leaves_the_harm_lessened():
    found = keys("当事人收到检验报告后即主动发函召回，经销商退回未售出的70件，其余39件未能追回。")
    assert "mitigated_harm" in found and "harm_not_mitigated" not in found
    # a state said to last is the negation the facts mean
    lasting = keys("当事人召回了部分产品，至今仍有39件未能追回。")
    assert "harm_not_mitigated" in lasting and "mitigated_harm" not in lasting


@pytest.mark.parametrize("text", ["立案后，当事人通过平台向全部买家发送说明，并每单补偿20元。",
                                  "当事人已逐户返还多收的水费35元。"])
def test_a_sum_paid_back_to_each_buyer_lessens_the_harm(text):
    assert "mitigated_harm" in keys(text)


def test_money_owed_for_work_done_is_a_civil_matter():
    found = keys("来访人称给某某箱包公司加工包面，到现在还欠俺3.8万加工费，想让你们罚他，让他赶紧把钱给俺。")
    assert "civil_matter" in found


def test_money_handed_back_to_hired_buyers_is_the_fake_sale_not_a_remedy():
    found = keys("当事人通过“刷手”群组织虚假购买2360单，每单返还货款并支付佣金5元。")
    assert "mitigated_harm" not in found
    assert "mitigated_harm" in keys("当事人主动向全部买家返还货款。")


def test_a_prior_penalty_with_the_law_named_before_the_fine():
    found = by_key("2025年11月起当事人组织刷单。另查明，当事人于2025年7月16日因在商品详情页虚构销量被本局依据《反不正当竞争法》罚款20万元。")
    assert found["repeat_within_year"][0].value == "2025-07-16"


def test_a_seller_who_put_things_right_itself_is_no_maker():
    from assistant.circumstances import threshold_by_provisions
    from core.models import Provision

    trademark = [Provision(law="商标法", article=57, item=3), Provision(law="商标法", article=60, paragraph=2)]
    facts = "服装店销售印有“某某”商标的外套，违法经营额8万元（含库存），当事人已自行做了整改。"
    suspicion = threshold_by_provisions(trademark, find_circumstances(facts), facts)
    assert suspicion is None or suspicion.value != "假冒注册商标罪"


def test_a_broken_tool_not_yet_mended_and_a_plan_given_up_are_no_readings_of_the_correction():
    facts = ("柜台里有十七副镜架没有标价。标价签打印机坏了还没修好，本想第二天手写补上。你们走了以后，"
             "我当天下午就把十七副全部手写标价签贴好了。")
    found = by_key(facts)
    assert "not_corrected" not in found
    assert [c.quote for c in found["corrected"]] == ["贴好了"]
    assert "small_scale" not in keys("店里就我跟一个学徒，卖的是新到的镜架。")


def test_a_negation_covers_alternatives_but_not_a_list():
    assert "harm_none" in keys("经走访12名可联系的购车人，未发现因该车辆引发的交通事故或人身伤害。")
    assert "harm_serious" not in keys("经走访12名可联系的购车人，未发现因该车辆引发的交通事故或人身伤害。")
    # (未售及收回的6盒: the unsold and the recovered boxes; the recovery stands)
    assert "mitigated_harm" in keys("当事人上门退款并收回4盒，未售及收回的6盒已在执法人员见证下销毁。")


def test_what_followed_a_notice_is_told_as_done():
    found = keys("3月25日本局送达立案告知后，当事人法定代表人指使运营人员删除直播回放，并将后台历史价格记录修改为299元。")
    assert "evidence_tampering" in found


def test_one_view_in_a_discussion_is_no_finding():
    assert "amount_small" not in keys("讨论中有意见认为违法所得不大，可按中间幅度处罚。")


def test_meat_failing_quarantine_and_smuggled_goods_are_referred_whatever_the_amount():
    found = by_key("仓储点存放的冷冻牛百叶共12.6吨，外包装标注产地为境外某口蹄疫疫区国家，经商请海关协查无进口申报记录。")
    assert {c.value for c in found["criminal_suspicion"]} & {"生产、销售不符合安全标准的食品罪", "走私普通货物、物品罪"}
    assert "criminal_suspicion" in keys("当事人供述其销售的冻品系由水客分批背运入境。")
    # smuggling alleged in someone's quoted words, a trader without its own customs papers: no finding
    assert "criminal_suspicion" not in keys("当事人在视频中称投诉人'用的玻尿酸是走私水货'，经查无任何事实依据。")
    assert "criminal_suspicion" not in keys("当事人销售的进口饼干没有报关单，不能提供入境货物检验检疫证明。")


def test_others_reported_by_the_party_are_merits_not_its_own_crime():
    found = by_key("调查期间，向某主动向办案人员反映其供货人的合伙人在某某村集中收购病死猪熏制腊肉，并提供了收购地点和转账记录。"
                   "依据该线索，本局会同公安机关查获病死猪肉制品2.1吨，该案已移送公安机关立案侦查。")
    assert "criminal_suspicion" not in found
    assert "reported_merits" in found and "confessed_unknown" not in found


def test_a_complaint_told_with_its_cause_first_dates_the_discovery():
    found = by_key("当事人于2023年7月至11月销售未获认证的电动自行车14台。2026年3月5日，一名购车人因车辆无法上牌向本局投诉。")
    assert found["discovery_date"][0].value == "2026-03-05"


def test_a_clean_record_of_years_is_no_harm_of_this_act():
    found = keys("公司成立8年，以前从来冇出过问题，是第一次，请求从轻处罚。")
    assert "harm_none" not in found and "first_offence" in found
    assert "harm_none" in keys("该批产品售出后没有出过问题。")


def test_what_the_party_found_in_its_own_stock_is_the_end_of_the_act_not_its_discovery():
    """(2026-12-08; composed here) 盘货时才发现过期下架: the party found the goods expired and took them off — the act's
    end; the office discovered nothing then."""
    found = by_key("节后剩下的一直摆在货架上，直到2023年10月8日盘货时才发现过期下架，此后没有再卖过。")
    assert [c.value for c in found["act_end_date"]] == ["2023-10-08"] and "discovery_date" not in found
    assert by_key("2025年5月8日执法人员检查时发现该店销售过期饮料。")["discovery_date"][0].value == "2025-05-08"


def test_the_partys_statement_that_it_is_a_mere_flaw_is_a_plea_not_a_finding():
    facts = "当事人在陈述中提出：“就是个标签印漏了的小瑕疵，肉是好的。”"
    assert "minor_violation" not in keys(facts)
    assert "minor_violation" in keys("经审核，该标签仅字号略小，属于标签瑕疵，不影响食品安全。")


def test_a_contract_clause_sending_disputes_to_a_court_is_a_civil_matter():
    assert "civil_matter" in keys("合同约定争议由合同签订地人民法院管辖。")
    assert "civil_matter" in keys("双方协议约定的纠纷提交某某仲裁委员会仲裁。")


def test_no_paper_asked_for_at_the_buying_is_a_failed_check():
    assert "purchase_check_failed" in keys("县上逢集的时候从一个骑三轮的老汉手里买的，散装的，没要啥票。")
    assert "purchase_check_failed" in keys("进的时候发票也没要。")
    assert "purchase_check_failed" not in keys("进货时要了发票和检验报告。")


def test_the_rest_sealed_is_a_correction_and_a_sample_tested_is_none():
    """(2026-12-08; composed here) the goods left sealed stop the sale (剩余9袋当场封存, 我就全部封存哒): a correction, as the
    writers of the scenarios read it; a sample sent for testing whose result follows (送检后确认) is the officers' test."""
    assert "corrected" in keys("已售20袋、被抽样1袋，剩余9袋当场封存。")
    assert "corrected" in keys("剩下的74箱我就全部封存哒，批发公司也答应收回去。")
    assert "corrected" not in keys("快检豇豆灭蝇胺项目呈阳性；送检后确认灭蝇胺残留0.9mg/kg。")
    assert "corrected" in keys("发现问题后，当事人自行将剩余产品封存。")
