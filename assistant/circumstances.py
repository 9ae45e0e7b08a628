"""Reads discretion circumstances (情节) from Chinese case facts.

`find_circumstances(facts)` returns Circumstance records, each with the span of `facts` it was
read from (quote == facts[span[0]:span[1]]). Reading is pattern-based and deliberately literal:
a circumstance the text does not state is not produced (the discretion engine asks for it).

Negation: a phrase preceded by a negator in the same clause (未履行进货查验义务, 不能如实说明进货来源,
并非初次违法, 未及时改正) never yields the positive circumstance; where the negative is meaningful it
yields the negative key (purchase_check_failed, source_unexplained, not_first_offence, not_corrected…)
and the span is widened to include the negator. Patterns are grouped by topic; within a topic the
earlier pattern wins an overlap, so explicit forms (拒不改正, 没有主观过错, 未造成危害后果) are listed first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from datetime import date


from core.amounts import CIRCUMSTANCE_OF_LABEL
from core.dates import festival_months, iso, parse_date
from retriever.sectors import analogy_spans
from core.lawnames import short_law_name
from core.models import Circumstance, Numbering
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from core.numerals import GOODS_UNITS, cn_to_int, find_amounts, parse_number
from core.tables import read_yaml
from core.text import CLAUSE_END, PHRASE, PHRASE_END, SENTENCE_END, clause_before, sentence_around, sentence_bounds, reading_view

Effect = Literal["mitigating", "aggravating", "exempting", "neutral", "referral", "not_applicable"]


@dataclass(frozen=True)
class Kind:
    label: str
    effect: Effect
    topic: str


KINDS: dict[str, Kind] = {
    # prior record
    # 初次违法 alone is no ground for 从轻 (指导意见第十二条 only with 危害后果轻微 + 及时改正): neutral
    "first_offence": Kind("初次违法", "neutral", "prior"),
    "not_first_offence": Kind("非初次违法", "neutral", "prior"),
    "repeat_within_year": Kind("一年内因同一性质违法行为受过行政处罚", "aggravating", "prior"),
    "repeat_offence": Kind("曾因同一性质违法行为受过行政处罚（是否在一年内未查明）", "neutral", "prior"),
    "repeat_not_within_year": Kind("前次处罚在一年以前（不属于一年内再犯）", "neutral", "prior"),
    # value "5年2次": the period and count stated (五年内第二次 …); laws with their own repeat rule
    # (商标法第六十条第二款、广告法第五十五条) read it in the discretion engine
    "repeat_in_period": Kind("在一定期间内多次实施同类违法行为", "neutral", "prior"),
    "statutory_repeat": Kind("达到法律规定的期间内多次违法从重情形", "aggravating", "prior"),
    "statutory_aggravation": Kind("法律规定应当从重处罚的情形", "aggravating", "statutory"),
    # a penalty rule's own 从轻、减轻 (statutory_mitigation in corpus/rules/sector_rules.yaml), met by what the facts say
    "statutory_mitigation": Kind("法律、法规、规章规定应当从轻或者减轻处罚的情形", "mitigating", "statutory_mitigation"),
    # 食品经营许可和备案管理办法第五十二条第三款第（一）（二）项: the licence's items changed, but the food-safety risk
    # grade did not rise or the new items' conditions are covered by those already licensed
    "licence_risk_unchanged": Kind("经营项目变化但食品安全风险等级未升高或者所需条件已被涵盖", "neutral", "licence_risk"),
    # harm
    # no harm / minor harm decide 不予 (第三十三条) but are no ground for 从轻 by themselves (指导意见第十三、十四条)
    "harm_none": Kind("未造成危害后果", "neutral", "harm"),
    "harm_minor": Kind("危害后果轻微", "neutral", "harm"),
    # an ad or post few saw (阅读量86次, 传播范围很小): slight harm for 第三十三条, beside a stated absence of harm (没收到投诉)
    "reach_small": Kind("传播范围较小，危害后果轻微", "neutral", "harm"),
    "harm_occurred": Kind("已造成危害后果", "neutral", "harm"),
    "harm_serious": Kind("造成严重危害后果", "aggravating", "harm"),
    "harm_not_serious": Kind("未造成严重危害后果", "neutral", "harm"),
    "minor_violation": Kind("违法行为轻微", "mitigating", "gravity"),
    "small_scale": Kind("涉案数量或者范围很小", "neutral", "scale"),
    "amount_small": Kind("涉案金额较低", "neutral", "smallness"),
    # a count of what was sold, made or charged above a handful (卖出去186件, 一共368单): a scale stated, so no
    # 违法行为轻微 is inferred for want of any figure (discretion._infer_minor)
    "large_count": Kind("涉案数量较多", "neutral", "count"),
    # correction and conduct after the act
    "corrected": Kind("及时改正", "neutral", "correction"),
    "not_corrected": Kind("未改正", "neutral", "correction"),
    "ordered_correction": Kind("被责令改正", "neutral", "correction"),
    "mitigated_harm": Kind("主动消除或者减轻违法行为危害后果", "mitigating", "mitigation"),
    "harm_not_mitigated": Kind("未主动消除或者减轻危害后果", "neutral", "mitigation"),
    "coerced": Kind("受他人胁迫或者诱骗实施违法行为", "mitigating", "coercion"),
    "confessed_unknown": Kind("主动供述行政机关尚未掌握的违法行为", "mitigating", "confession"),
    "reported_merits": Kind("配合行政机关查处违法行为有立功表现", "mitigating", "merit"),
    "cooperated": Kind("积极配合调查并主动提供证据材料", "mitigating", "cooperation"),
    # 如实陈述, 态度端正, 配合调查 alone: the party's duty, no ground (指导意见第十四条第（二）项: 积极配合调查并主动提供证据材料)
    "cooperation_stated": Kind("配合调查、如实陈述（未见积极配合并主动提供证据材料）", "neutral", "cooperation"),
    "refused": Kind("阻碍或者拒不配合行政执法人员依法执行职务", "aggravating", "cooperation"),
    "obstruction_punished": Kind("阻碍执法行为已被行政处罚", "neutral", "punished"),
    # 行政处罚法第二十九条: the same act was fined before (another authority, an earlier decision): no second fine
    "already_fined": Kind("同一违法行为已被给予罚款", "exempting", "punished"),
    "evidence_tampering": Kind("伪造、隐匿、毁灭证据或者转移、处置查封扣押的财物", "aggravating", "tampering"),
    "instigated_others": Kind("教唆、胁迫、诱骗他人实施违法行为", "aggravating", "instigation"),
    "emergency_period": Kind("在重大传染病疫情等突发事件期间违反突发事件应对措施", "aggravating", "emergency"),
    "minor_role": Kind("在共同违法行为中起次要或者辅助作用", "mitigating", "role"),
    "hardship": Kind("因残疾或者重大疾病等原因生活确有困难", "mitigating", "hardship"),
    "civil_matter": Kind("民事争议（劳动、合同债务、非经营者之间的交易），不属于行政处罚事项", "not_applicable", "civil"),
    # a complaint settled between the parties where the check found the trader in order: a consumer dispute
    # (assistant/discretion.py _not_applicable reads the two together)
    "mediated": Kind("投诉经调解或者双方协商处理", "neutral", "mediation"),
    "found_compliant": Kind("核查未发现经营者不符合规定（计量准确、无质量问题、价签齐全等）", "neutral", "compliance"),
    "duration": Kind("违法行为持续时间", "neutral", "duration"),
    # seller's diligence and fault
    "purchase_checked": Kind("履行了进货查验义务", "neutral", "purchase"),
    "purchase_check_failed": Kind("未履行进货查验义务", "neutral", "purchase"),
    "source_explained": Kind("能如实说明进货来源", "neutral", "source"),
    "source_unexplained": Kind("不能如实说明进货来源", "neutral", "source"),
    "no_fault": Kind("没有主观过错（不知道）", "exempting", "fault"),
    # the party's own word that it did not know (当事人称不知情): not yet the evidence 第三十三条第二款 asks for; it
    # completes a sector rule whose other conditions are documented (合法取得 + 说明来源), never 33.2 alone
    "no_fault_claimed": Kind("当事人称不知道（本人陈述）", "neutral", "fault"),
    "no_fault_unproven": Kind("不能证明没有主观过错", "neutral", "fault"),
    "intent": Kind("主观故意", "aggravating", "fault"),
    # knew or should have known (应当知道, a plea of ignorance rejected): fault, so no 第三十三条第二款; no aggravation
    # of its own (指导意见第十六条 lists knowing no more than any fault)
    "fault_shown": Kind("应当知道（有主观过错）", "neutral", "fault"),
    "no_intent": Kind("非主观故意", "neutral", "fault"),
    # domain and target
    "life_health": Kind("涉及公民生命健康安全", "neutral", "domain"),
    # established by the tier rules (行政处罚法第三十六条), never read by a pattern
    "limitation_expired": Kind("违法行为在法定追责期限内未被发现", "exempting", "limitation"),
    # the facts' own statement that the period has run (早已超过法定的追责时限): followed where the dates do not decide
    "limitation_stated": Kind("事实中称已超过追责期限", "neutral", "limitation"),
    # 第三十三条第一款后段 met where the rules do not decide 不予 (life and health, not small): 可以从轻, weighed
    "first_offence_exemptible": Kind("初次违法、危害后果轻微并及时改正（可以不予处罚的情形，举重以明轻可以从轻）", "mitigating", "first_exempt"),
    # the goods or the activity are of a life-and-health domain (食品, 药品, 电梯 …) with no danger stated: counts
    # for 第三十六条 (五年) and bars an inferred 违法行为轻微, but is not the circumstance 涉及生命健康安全 itself
    "life_health_domain": Kind("涉案商品或者活动属于食品、药品、特种设备等涉及生命健康安全的领域", "neutral", "domain_goods"),
    "finance_safety": Kind("涉及金融安全", "neutral", "finance"),
    # the defect of the goods: found only by testing (检出, 超标) or visible to a careful seller (过期, 霉变, 无标签)
    "hidden_defect": Kind("不合格项目须经检验才能发现", "neutral", "defect"),
    "visible_defect": Kind("不合格情形经营者查验即可发现（过期、变质、无标签等）", "neutral", "defect_visible"),
    # not a ground of 指导意见第十六条 by itself: noted, weighed by the officer
    "vulnerable_group": Kind("涉及婴幼儿、老年人、学生等特殊群体", "neutral", "target"),
    # the act aimed at such a group (专门向老年人推销, 针对初三学生及家长): no ground of the national guidance (第十六条第（七）项
    # asks for a legal basis), but many regional benchmarks list it as 从重 — the officer is asked (assistant/discretion.py)
    "targets_vulnerable": Kind("违法行为以老年人、未成年人等特殊群体为主要对象", "neutral", "target_aimed"),
    # 社会影响较大 (mass complaints, the press): no ground of the guidance; a penalty rule's own 应当从重 may name it
    # (价格违法行为行政处罚规定第十七条第二款第（一）项, statutory_aggravation)
    "wide_impact": Kind("社会影响较大", "neutral", "impact"),
    # the party's capacity (行政处罚法第三十条、第三十一条)
    "minor_under_14": Kind("不满十四周岁的未成年人", "exempting", "age"),
    "minor_14_to_18": Kind("已满十四周岁不满十八周岁的未成年人", "mitigating", "age"),
    "mental_incapable": Kind("精神病人、智力残疾人在不能辨认或者不能控制自己行为时违法", "exempting", "mental"),
    "mental_partial": Kind("尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人", "mitigating", "mental"),
    "mental_lucid": Kind("间歇性精神病人在精神正常时违法", "neutral", "mental"),
    "mental_illness": Kind("精神病人或者智力残疾人（辨认、控制能力未查明）", "neutral", "mental"),
    # criminal law
    "criminal_suspicion": Kind("涉嫌犯罪", "referral", "crime"),
    "no_crime": Kind("尚不构成犯罪", "neutral", "crime"),
    # amounts (value = yuan)
    "goods_value": Kind("货值金额", "neutral", "amount"),
    "illegal_income": Kind("违法所得", "neutral", "amount"),
    "business_volume": Kind("违法经营额", "neutral", "amount"),
    "sales": Kind("销售额", "neutral", "amount"),
    "ad_fee": Kind("广告费用", "neutral", "amount"),
    "case_value": Kind("涉案金额", "neutral", "amount"),
    # time (value = ISO date of the stated precision)
    "continuing": Kind("违法行为有连续或者继续状态", "neutral", "continuing"),
    "act_date": Kind("违法行为发生日期", "neutral", "date"),
    "act_end_date": Kind("违法行为终了日期", "neutral", "date"),
    "discovery_date": Kind("违法行为被发现日期", "neutral", "date"),
    "filing_date": Kind("立案日期", "neutral", "date"),
    "decision_date": Kind("处罚决定日期", "neutral", "date"),
}


def make_circumstance(key: str, *, value: float | bool | str | None = True,
                      span: tuple[int, int] | None = None, quote: str = "",
                      source: Literal["text", "officer"] = "text") -> Circumstance:
    kind = KINDS[key]
    return Circumstance(key=key, label=kind.label, value=value, span=span, quote=quote,
                        effect=kind.effect, source=source)


@dataclass(frozen=True)
class Pattern:
    key: str
    regex: re.Pattern[str]
    negated_key: str | None = None  # produced when a negator precedes; None drops the match
    negatable: bool = True
    party_subject: bool = False  # the phrase must describe the party (ages)


def _p(key: str, regex: str, negated_key: str | None = None, *, negatable: bool = True,
       party_subject: bool = False) -> Pattern:
    return Pattern(key, re.compile(regex), negated_key, negatable, party_subject)


_NC = r"[^，,。；;！!？?\n]"  # any character inside one clause
_NS = r"[^。；;！!？?\n]"  # any character inside one sentence
# Words that say a correction was made at once (当场补齐价签); the discretion engine's 违法行为轻微 rule
# needs an immediate correction, so the corrected span includes them.
ON_THE_SPOT_WORDS = ("当场", "当即", "当天", "当日", "现场", "立即", "即时", "随即")
ON_THE_SPOT = "(?:" + "|".join(ON_THE_SPOT_WORDS) + ")"
ON_THE_SPOT_VALUE = "当场"  # the value of a correction made on the spot (_mark_on_the_spot)
# small_scale: a stated count of goods, places or items up to this many (5种水果没有标价签) is a small
# scale indicator. A default of this project (no national rule); offices may read scale differently.
MINOR_COUNT = 5
_STAFF = r"(?:执法人员|办案人员|执法机关|本局|我局|检查人员)"

PATTERNS: list[Pattern] = [
    # prior record — explicit forms first
    _p("repeat_within_year", rf"(?:一年内|一年以内|12个月内|十二个月内)[^，,。；;未没无不]{{0,4}}?(?:曾)?(?:因|由于)?(?:同一|同类|相同)(?:性质)?的?违法(?:行为)?{_NC}{{0,3}}?(?:受过|受到|被给予|被){_NC}{{0,6}}?处罚",
       negatable=False),
    _p("repeat_offence", rf"(?:曾|已|此前|之前|先前)(?:经)?(?:因|由于)(?:同一|同类|相同)(?:性质)?的?违法(?:行为)?{_NC}{{0,3}}?(?:受过|受到|被给予|被){_NC}{{0,6}}?处罚",
       negatable=False),
    _p("repeat_within_year", rf"(?:一年内|一年以内|12个月内|十二个月内){_NC}{{0,4}}?第(?:二|两|三|四|五|[2-9])次"
                             rf"|(?:上次|前次|上一次)(?:处罚|被罚|受到处罚|被处罚){_NC}{{0,3}}?(?:在|是|于)?"
                             rf"(?:(?:[1-9]|1[01]|[一二两三四五六七八九十]|十一|半)(?:个)?月|半年)前", negatable=False),
    _p("repeat_in_period", rf"[两二三四五2-5]年(?:内|以内){_NC}{{0,4}}?(?:第[二两三四五六2-6]次|[二两三四五六2-6]次以上)", negatable=False),
    # the repetition within the year said outright (本次系一年内再次违法; 不属于一年内再犯 is its negation)
    _p("repeat_within_year", r"(?<![“\"‘'「])(?:一年内|一年以内|一年之内|12个月内|十二个月内)(?:又|再次|再)(?:违法|违规|犯|被查|被罚)",
       "repeat_not_within_year"),
    _p("repeat_offence", r"屡查屡犯|多次违法|再次违法|重复违法", negatable=False),
    # a dated prior penalty in the passive (2025年9月曾因同一问题被本局罚款5000元 / 于…因参加同类活动被处以罚款):
    # the date right before it is read by _date_repeat (一年内 → repeat_within_year)
    _p("repeat_offence", rf"(?<=[年月日曾])(?:曾)?(?:因|由于){_NC}{{0,4}}?(?:同一|同类|相同|同样){_NC}{{0,24}}?"
                         rf"被{_NC}{{0,12}}?(?:罚款|处罚|处以|警告)", negatable=False),
    _p("first_offence", rf"(?:此前|之前|以往)?(?:从)?未(?:曾)?(?:因{_NC}{{0,12}}?)?(?:受过|受到)(?:过)?(?:任何)?(?:行政)?处罚"
                        r"|(?:无|没有)(?:违法|处罚)(?:记录|前科|史)", negatable=False),
    _p("first_offence", r"初次违法|首次违法|第一次违法|首违"
                        r"|(?<![一二三四五六七八九十0-9])(?:第一次|首次)(?!检查|抽检|抽查|约谈|询问|调查|巡查|复查|现场|立案|处罚)", "not_first_offence"),
    # harm — 未造成危害后果 before the bare 造成危害后果
    _p("harm_none", rf"(?:未|没有|并未|尚未|均未)(?:对{_NC}{{0,12}}?)?造成(?:任何|实际|明显)?的?(?:社会)?(?:危害|损害|不良|人身|财产)?(?:后果|危害|损害|损失|影响)"
                    r"|(?:无|没有)(?:社会)?危害后果|危害后果(?:尚)?未(?:发生|出现)"
                    rf"|(?:未|没有|并未|均未)(?:发现)?{_NC}{{0,8}}?(?:受损|受到损害|受到损失|遭受损失)"
                    rf"|(?:没有|未|无)(?:人|消费者|顾客|群众|食用者){_NC}{{0,4}}?(?:出现|发生)?(?:身体)?(?:不适|就医|中毒|受伤)"
                    r"|(?:没有|未|并未)多收(?:取)?|(?:计量|称量)(?:准确|无误)", negatable=False),
    _p("harm_minor", r"危害后果(?:较为|较)?轻微|后果轻微|危害(?:性)?(?:较小|轻微|不大)|社会危害性(?:较小|不大)"
                     r"|影响(?:范围)?(?:很小|较小|不大|有限)"),
    _p("harm_serious", r"造成(?:了)?(?:特别)?严重(?:的)?(?:危害)?后果|严重危害|后果严重|人员伤亡|死亡|群体性(?!聚餐|宴席|宴会|就餐|用餐|活动)|恶劣(?:的)?(?:社会)?影响",
       "harm_not_serious"),
    # an injury or a poisoning denied (未发生食物中毒, 均未反映…人身损害): no harm to the body at all, not a harm short of serious;
    # casualties denied (未造成人员伤亡) are said of incidents that may have done other harm
    _p("harm_serious", r"人身伤害|人身损害|中毒", "harm_none"),
    _p("harm_occurred", rf"危害(?:结果|后果)已(?:经)?(?:造成|发生)|造成(?:了)?{_NC}{{0,8}}?(?:危害|损害|损失)(?:后果)?|给{_NC}{{1,10}}?造成(?:了)?(?:损失|损害)",
       "harm_none"),
    _p("minor_violation", rf"违法(?:行为|情节)(?:较为|较|显著)?轻微|情节(?:较为|显著)?轻微|(?:时长|时间|持续时间|数量|范围|规模)较(?:短|小|少)"),
    _p("amount_small", r"(?:金额|数额|案值|货值(?:金额)?|违法所得)(?:较低|较小|较少|不大|很小|低)"),
    # (not a measure said twice, one by one: 一个一个, 一件件)
    # (a price in 块 is no count: 从2块涨到5块, 卖5块, 多收3块)
    _p("small_scale", rf"个别|少量|少数|零星|(?<![0-9.同每哪某第这那任十百千万零〇一二三四五六七八九两])(?<![从到涨降卖收价要花值贵块元给余剩存])(?:[1-{MINOR_COUNT}]|[一二两三四五])(?:种|件|个|瓶|包|盒|袋|条|款|处|份|张|台|只|支|块(?!钱|[0-9一二三四五六七八九半])|把)(?![0-9]|多|半|月|来|小时|工作日|年|季度|星期|礼拜|项目|报价|标段|客户|学徒|徒弟|员工|店员|伙计|工人|帮工|师傅|厨师|营业员|收银员|服务员|儿子|女儿|孩子|朋友|亲戚|老板|个|件|瓶|包|盒|袋|条|张|台|只|支|块|把|价|样|人|投诉|举报|也|都|一|(?<=三包)(?:规定|义务|服务|政策|期|凭证|责任|有效|范围|退|换|修|的))(?<!一个一个)(?<!一件一件)(?<!一条一条)(?<!一袋一袋)"
                     # (parts of a mixture: 按一份调和油兑两份国标柴油的比例)
                     rf"(?![^，。；,;]{{0,14}}?(?:比例|配比|比兑))",
       negatable=False),
    # correction — refusals and orders first, so 拒不改正 / 责令改正 are not read as 已改正
    _p("not_corrected", rf"(?:逾期|仍)?拒不(?:改正|整改|停止)|逾期(?:仍)?未(?:改正|整改)|仍(?:未|没有)(?:改正|整改)", negatable=False),
    _p("refused", rf"拒不(?:配合|提供|接受|履行(?![^，。；]{{0,6}}(?:三包|退货|退款|换货|修理|赔偿|合同|约定|承诺|售后))|到场)|拒绝(?:配合|接受|提供)?(?:检查|调查|询问|配合)|拒绝提供|不配合(?:调查|检查)?"
                  rf"|无正当理由不按(?:通知|要求)?(?:到场|接受询问)",
       negatable=False),
    # the acts themselves, which a finding can deny (未发现阻碍调查或其他需要特别考虑的情节)
    _p("refused", rf"阻碍|阻挠|阻挡|推搡|妨碍(?:执法|调查|检查|公务)|暴力抗法|逃避(?:检查|调查)|串供"),
    _p("evidence_tampering", rf"伪造(?:、变造)?{_NC}{{0,4}}?(?:证据|材料|票据|凭证|记录|账簿|台账)"
                             rf"|(?:转移|隐匿|销毁){_NC}{{0,6}}?(?:证据|账簿|票据|记录|资料|被查封|被扣押|已查封|已扣押)",
       negatable=False),
    _p("ordered_correction", rf"责令{_NC}{{0,10}}?(?:改正|整改|停止|下架)", negatable=False),
    _p("corrected", rf"(?:{ON_THE_SPOT}|及时|主动|自行|已经|已)?(?:改正|整改(?:到位|完毕)?|下架|停止(?:销售|经营|生产|发布|播出|使用|收费|违法行为)|停播"
                    rf"|补齐|补上|补全|补正|补办|补贴上|补充(?:了)?(?:登记|留存|记录|完善|公示|标注|标示|张贴|备案)|撕下|撕掉|撤下|撤除|更正"
                    # the missing entries made up as told (台账也照模板补登好了)
                    rf"|补登(?:好|齐|完|上)(?:了)?"
                    # what is taken off: not a safety device (已拆除限速器、加装60V大容量电池 is the act itself)
                    # (拆除8辆新国标电动自行车的限速装置后销售: the device named after the goods it was on)
                    rf"|拆除(?!{_NC}{{0,16}}?(?:限速|安全|保护|防护|报警|限位|限压|泄压|联锁|制动|防爆|漏电|接地))"
                    # a test's sample or result (送检样品, 送检结果显示, 留样送检 by the officers) is no correction
                    rf"|(?<!留样)(?<!抽样)(?<!取样)(?<!漏了)(?<!经)(?<!被)(?<!消费者)(?<!顾客)(?<!投诉人)(?<!买家)(?<!举报人)送检(?!结果|结论|样品|报告|显示|提醒|意见|机构|单|的|后(?:确认|检出|发现|证实|结果|经)))"
                    rf"|主动退还|全部退还|退还到位|消除(?:了)?(?:安全|事故)?隐患|去功能化|取消(?:了)?默认勾选|自查自纠",
       "not_corrected"),
    # 第三十二条 grounds
    _p("mitigated_harm", rf"主动消除|(?:消除|减轻)(?:了)?{_NC}{{0,4}}?(?:危害后果|危害|不良影响|影响)|主动(?:召回|退赔|赔偿)"
                         rf"|(?:播出|播放|刊播|发布|滚动播出){_NC}{{0,12}}?(?:公益广告|更正声明)|删除(?:了)?{_NC}{{0,4}}?违法内容"
                         rf"|主动(?:联系|找到|通知){_NC}{{0,14}}?(?:退款|退赔|退货|赔偿|赔礼|召回)"),
    _p("coerced", rf"(?:受|被|遭){_NC}{{0,6}}?(?:胁迫|诱骗)"),
    _p("confessed_unknown", rf"主动(?:供述|交代|说明|报告){_NC}{{0,16}}?尚未掌握"),
    _p("reported_merits", rf"立功表现|有立功|检举(?:揭发)?{_NC}{{0,10}}?(?:他人|其他){_NC}{{0,10}}?违法"),
    # 积极配合 (the words decisions use for the ground) and evidence handed over are 第十四条第（二）项; a truthful
    # account or an attitude alone (如实陈述, 配合调查, 态度诚恳) is the party's duty: noted, no ground
    _p("cooperated", rf"(?:积极|主动|全力)配合(?:调查|检查|执法)?|主动提供(?:了)?{_NC}{{0,4}}?(?:证据|材料)"),
    _p("cooperation_stated", rf"配合(?:调查|检查)|如实(?:陈述|供述|交代)"),
    # seller's diligence
    _p("purchase_check_failed", rf"进货查验(?:记录|义务|制度)?(?:未|没有)(?:履行|落实|建立)|未(?:索证索票|查验)", negatable=False),
    _p("purchase_checked", rf"(?:履行了?|落实了?|已履行)(?:法定的?)?(?:食用农产品)?进货查验(?:记录)?(?:等)?(?:义务|制度)?"
                           rf"|(?:已|已经)?查验(?:了)?{_NC}{{0,12}}?(?:资质|许可证|营业执照|商标注册证|合格证明|检验报告)|索证索票"
                           rf"|(?:有|建立了?|留存了?|保存了?)(?:完整|齐全|规范)?的?进货查验记录"
                           rf"|(?:有|留存了?|保存了?|索取了?|持有){_NC}{{0,10}}?(?:进货|销售|购货)凭证(?:和|及|、){_NC}{{0,6}}?合格证明",
       "purchase_check_failed"),
    _p("source_unexplained", rf"来源不明|来源不清|说不清(?:楚)?{_NC}{{0,4}}?来源", negatable=False),
    _p("source_explained", rf"(?:如实)?说明(?:了)?(?:其)?{_NC}{{0,6}}?(?:进货|采购|购进)?来源|(?:如实)?说明(?:了)?(?:其)?(?:提供者|供货商|供货方|供应商)"
                           rf"|(?:如实)?提供(?:了)?{_NC}{{0,8}}?(?:进货|采购|购货)?(?<!退款)(?<!退费)(?<!赔付)(?<!赔偿)(?:票据|凭证|发票|单据)|找回(?:了)?{_NC}{{0,4}}?(?:进货|采购)?凭证"
                           rf"|能证明{_NC}{{0,12}}?合法取得|说清(?:楚)?(?:了)?{_NC}{{0,4}}?来源|指认(?:了)?{_NC}{{0,4}}?(?:供货商|供货方|供应商|上家)",
       "source_unexplained"),
    # fault
    _p("no_fault_unproven", rf"(?:不能|无法|未能|没有证据|无证据)证明{_NC}{{0,12}}?(?:不知道|不知情|没有主观过错|无主观过错|无过错)"
                            # the plea first, then its want of proof (辩称不知道鸡蛋有兽药残留，但未能提供充分证据证明)
                            rf"|(?:辩称|声称|自称|称)(?:其|自己)?(?:并)?(?:不知道|不知情|不清楚){_NC}{{0,20}}?[，,](?:但|却|然而)"
                            rf"(?:其|当事人)?(?:未能|不能|无法|没有|未)(?:提供|拿出|出示)?(?:充分|足够|任何)?(?:的)?(?:证据|证明)",
       negatable=False),
    _p("no_fault", rf"(?:有)?(?:充分)?证据(?:足以)?证明{_NC}{{0,12}}?(?:不知道|不知情|没有主观过错|无主观过错|无过错)"
                   rf"|(?:能够?|可以|足以|能)?证明(?:了)?(?:其|自己|当事人|店主|销售者)?(?:确实|确)?(?:不知道|不知情)"
                   rf"|没有(?:违法)?主观过错|无(?:违法)?主观过错|不存在主观过错|主观上?(?:没有|无)过错|无过错",
       negatable=False),
    # 不知道 about the goods, not about the law (不知道要办许可 is ignorance of the law: no excuse)
    # (not a name or a place not known: 不知道叫什么, 不知道是谁, 不知道他是哪里的)
    _p("no_fault_claimed", rf"不知道(?!{_NC}{{0,3}}?(?:要|需|应|得|必须|规定|办|怎么|可以|叫什么|叫啥|是谁|是哪|哪里|哪儿|名字|电话))|不知情|并不知晓",
       negatable=False),
    # 该批次…检验合格报告 / 产地合格证明 / 承诺达标合格证: the seller holds a document certifying the very goods
    # as conforming — the usual evidence that it did not know they were not (食品安全法第一百三十六条). Negated
    # (未能提供该批次合格报告) it proves nothing and is dropped.
    _p("no_fault", rf"(?:该|同|本|涉案)批(?:次)?{_NC}{{0,8}}?(?:检验|检测)?合格(?:报告|证明)|(?:产地|承诺达标)合格(?:证明|证)"),
    _p("intent", rf"主观故意|明知|故意|蓄意|刻意|篡改(?:了)?{_NC}{{0,4}}?(?:生产日期|保质期|日期|标签|数据|检验)", "no_intent"),
    # domain, target
    # 涉及生命健康安全 as a circumstance: the facts state a danger to life or health (a failed safety item, a
    # disease, toxic matter, a large amusement ride). A food or special-equipment law makes the violation
    # 涉及生命健康安全 by itself (life_health_laws in corpus/rules/sector_rules.yaml); the bare word 食品 or 电梯 is no circumstance.
    _p("life_health", rf"生命健康|人身安全|人身健康|人体健康|身体健康|危及{_NC}{{0,4}}?(?:生命|健康|安全)|安全隐患|有毒有害"
                      rf"|病毒|疫病|猪瘟|禽流感|口蹄疫|(?:刹车|制动|动态试验|漏电|电气安全|阻燃|燃烧性能|耐压|爆破|结构安全|防护|温控|温度控制|过热保护|温升)"
                      rf"{_NC}{{0,8}}?(?:项目)?不合格|大型游乐设施|客运索道",
       negatable=False),
    # (an elevator as the place of an advertisement — 电梯框里贴了海报, 电梯广告 — is no special equipment)
    _p("life_health_domain", rf"食品安全|食品|农药残留|兽药残留|药品|医疗器械|特种设备|压力容器"
                             rf"|电梯(?!{_NC}{{0,4}}?(?:广告|框|海报|媒体|屏|宣传|刊播|投放))|锅炉|气瓶|起重机械|游乐设施|化妆品",
       negatable=False),
    # (denied, it is no defect: 照片未见变质、异物, 未发现过期)
    _p("visible_defect", r"过期|超过保质期|超保质期|保质期已过|已过保质期|腐败变质|霉变|变质|生虫|无标签|没有标签|无中文标签|三无|无生产日期|标签缺失"),
    _p("hidden_defect", r"检出|检测出|检验出|(?:残留|含量|指标|限量)?超标|超(?:过|出)(?:GB\s?[0-9]+)?(?:规定)?(?:的)?限量|抽检(?:结果)?(?:为)?不合格"
                        r"|(?:检验|检测)[^，。；]{0,12}判定(?:为)?不合格"
                        r"|(?:检验|检测)(?:结论|结果)?(?:为|显示)?不合格|不合格项目|(?:含量|指标)(?:不足|不达标|低于)"),
    _p("finance_safety", r"金融安全|非法集资|金融秩序", negatable=False),
    _p("vulnerable_group", r"婴幼儿|老年人|中小学生|学生|儿童|小儿|婴儿|幼儿|宝宝|孕妇|孕产妇|残疾人|学校|幼儿园|校园", negatable=False),
    # ages of the party
    _p("minor_14_to_18", r"已满十四周岁(?:不满|未满)十八周岁", negatable=False, party_subject=True),
    _p("minor_under_14", r"(?:不满|未满)十四周岁", negatable=False, party_subject=True),
    # criminal law
    _p("criminal_suspicion", rf"涉嫌(?:犯罪|{_NC}{{1,20}}?罪)|构成犯罪|追究刑事责任|移送(?:公安|司法)|数额巨大"
       # the officers' own word that it goes to the police (按程序报移送, 走移送程序)
       r"|(?<!需要)(?<!不用)(?<!无需)(?<!不必)(?:按程序|依程序|依法)?报移送|(?<!不)走移送(?:程序)?"
       # in plain words (我看够诈骗了，得往公安送; 这得交给公安)
       r"|(?<![不没])(?:够|够得上|够上)(?:了)?(?:诈骗|犯罪|判刑|刑事|坐牢)|(?<![不没别])(?:得|要|应该|该)(?:往|向|交给?|送(?:给|到)?)公安(?:送|移送|那边|机关)?", "no_crime"),
    _p("no_crime", r"(?:未|没有?|尚未|均未|不)(?:达到|达|够|到)(?:刑事)?(?:立案)?(?:追诉|入罪)(?:标准|门槛)"
                   r"|(?:够不上|达不到|不够)(?:刑事)?(?:立案)?(?:追诉|入罪|犯罪|判刑)", negatable=False),
    _p("continuing", r"(?:连续(?:或者?|、|和)?)?继续状态|连续状态"),
    # (not the time since the act ended or happened: 这一行为结束至今已两年多, 该行为发生至今已逾二年; nor the buyer's goods kept unopened: 该燕麦片一直未拆封食用)
    _p("continuing", r"持续(?:至今|经营|销售|收费|发布)|一直(?!以为|认为|觉得|不知|没想到|以来没|没有?(?:被|受)|(?:未|没有?)(?:拆|开封|开|吃|食用|使用|用)|放着|到|至|是|都是|很|挺|好|正常|良好|合格|准|守法|配合)"
                     r"|(?<!结束)(?<!停止)(?<!终了)(?<!发生)(?<!发完)(?<!卖完)(?<!拆除)(?<!下架)(?<!停用)(?<!关停)(?<!撤下)(?<!删除)(?<!停发)(?<!之日起)至今"
                     # (not what nobody has received or seen up to now: 学费至今未获退还, 至今未收到投诉; a duty still
                     # undone is the act going on: 至今未申报定期检验)
                     r"(?!(?:仍|还|也|都)?(?:未|没有?|尚未|无)(?:获|得到|收到|接到|发现|出现|发生|见|有人|回复|答复))",
       negatable=False),
    _p("limitation_stated", r"(?:已经?|早已?|早就)?(?:过了|超过|超出|逾|已过)(?:了)?(?:法定(?:的)?)?(?:追责|追究|处罚|行政处罚|追诉)(?:期限|时效|时限)",
       negatable=False),
    # the time since the act ended, stated (停发至今已超2年, 停收至举报已超2年), or since a one-off act happened
    # (该行为发生至今已逾二年): the dates' own reckoning
    _p("limitation_stated", r"(?:停|结束|终了|发生|停止|停发|停收|停售|停用|下架|最后一次[^，。；]{0,6})[^，。；]{0,12}[，,]?(?:至今|至举报|至案发|至发现|至立案|到现在|到举报|到发现|到立案)"
                            r"(?:时|之时|之日)?(?:已经?|早已?)(?:超过?|逾|满|过了|有)(?:了)?(?:[2-9两二三四五六七八九]|十)年",
       negatable=False),
]

_NEGATOR = re.compile(
    r"(?:未|不|没有|没(?!收)|无|非|拒绝|拒不|拒|难以|无法|尚未|从未|够不上|构不成|达不到|谈不上|算不上)"
    r"(?:能|曾|有|够|是|属于|符合|适用|再|得|能够|按规定|依法|予以|及时|如实|主动|全面|认真|有效|立即|彻底|完全|发现|见|向" + _STAFF
    + r"|造成了?|导致了?|引起了?|引发了?|出现了?|发生了?|提供|出示|留存|取得"
    # what did not happen, named after the verb (未发生食物中毒, 没有发生过顾客中毒, 未出现人员受伤)
    + r"|(?:造成|导致|引起|引发|出现|发生)(?:了|过)?[^，,。；;、！？]{1,6}?"
    # what nobody reported, named after the verb (均未反映使用后出现不良反应或人身损害, 未反馈有…)
    + r"|(?:反映|反馈|报告|诉称|提出|表示)(?:过|有)?[^，,。；;、！？]{0,12}?"
    # the party named between (卷内未见当事人退还消费者差价, 没有商家主动联系), or those it owed (至今未向农户补足差价,
    # 没有给顾客退款)
    + r"|当事人|该店|该公司|商家|店家|经营者|店主|门店|老板|其"
    + r"|(?:向|给|替)(?:农户|顾客|消费者|买家|购买者|业主|会员|学员|家长|患者|游客|乘客|用户|客户|投诉人|举报人|对方|他们|她们|他|她)"
    # the denial of a human hand (无人为改动痕迹)
    + r"|人为"
    # a cause told between the negation and the harm (未发现因使用该产品造成人员伤亡, 没有因此导致…)
    + r"|(?:因|由于|因为)[^，。；]{0,12}?(?:造成|导致|引起|引发|出现|发生)了?|因此|因而|由此"
    # the first of alternatives the negation covers whole (未发现…引发的交通事故或人身伤害; not 及 / 和, whose first member
    # alone may be negated: 未售及收回的6盒)
    + r"|的?[^，,。；;！？未不没无非]{1,8}?(?:或者|或)"
    # no evidence shows it (现无证据表明其明知, 没有证据证明当事人知道, 无法证明当事人对商品侵权情况明知)
    + r"|(?:任何)?(?:证据|迹象|材料)?(?:表明|证明|显示|证实|认定)(?:其|当事人|该公司|他|她|对方)?(?:对[^，。；]{1,12})?)*$"
)


def _negator_before(text: str, start: int) -> str:
    """The negation (未, 不能, 并非 …) that ends right before `start` in the same clause, or ''."""
    m = _NEGATOR.search(clause_before(text, start, 18))
    return m.group(0) if m else ""


_PARTY = re.compile(r"(?:当事人|行为人|违法行为人|经营者|摊主|商户|本人|其)" + _NC + r"{0,12}$|(?:系|为|是|年仅|现年|时年)$")
_TARGET = re.compile(r"针对|利用|面向|向|对象|代言")


_ORDERED_BEFORE = re.compile(r"(?:(?<![在期])限(?!期?(?:内|以内|之内))(?:期|其|于|定|令)?|要求|责令|应当|应|须|需要|需|督促|通知|告知|建议|拟|计划"
                             # the officers' order with a time to do it in plain words (我们让她三天内整改; not 执法人员让他当场挂上墙,
                             # done at their word)
                             r"|(?:我们|执法人员|我局|本局|检查人员|办案人员|所里|局里)(?:让|叫)(?:她|他|其|当事人|他们|店家|商户|对方)?"
                             r"(?:在)?(?:[0-9一二两三四五六七八九十几]+(?:天|日|个工作日)(?:内|之内|以内)|限期|尽快|回去))"
                             r"(?!" + _NC + r"*?(?:后|之后|以后|当日|当天|当即|次日|第二天|随即|立即|马上))"
                             + _NC + r"{0,10}$")  # 责令改正后店主当天补上, 接到通知当日即补充公示: done


_ONE_VIEW = re.compile(r"有(?:的)?同志|部分同志|也有人|有人(?:认为|主张|提出)|一种意见|另一种意见|少数意见|主张|要不要|是否"
                       r"|有(?:的)?(?:意见|观点)(?:认为|主张|提出)")
# (顺线查获一处无证掺兑油坊…该案已由县局移送公安机关: a lead the party gave followed to another party, whose case went on)
# a lead followed to another party (依据该线索…查获, 顺线查获, 另案处理)
_LEAD_FOLLOWED = re.compile(r"另案|另行立案|另一案|其他案件|顺线|顺藤摸瓜|循线|据此查获|由此查获"
                            r"|(?:依据|根据|依|按|顺着|沿着)(?:该|这一|这条|此)线索")
_OTHER_CASE = re.compile(_LEAD_FOLLOWED.pattern + r"|上家|窝点|供货(?:商|方|人)")
# what the party reported of others (主动向办案人员反映其供货人的合伙人在某某村集中收购病死猪): their conduct, not the party's
_REPORTED_OTHERS = re.compile(r"(?:检举|揭发|反映|举报|交代|供出|提供(?:了)?[^，。；]{0,6}线索)[^。；]{0,12}?"
                              r"(?:供货|上家|合伙人|朋友|亲戚|他人|别人|同行|邻居|其他(?:人|商户|经营者|摊贩))")
# Who put it right: a correction whose sentence names another actor last (生产企业…已启动召回, 执法人员抽样送检) is
# not the party's; one the sentence says was habit (以前是总部统一安排送检) is no correction made.
_OTHER_ACTOR = re.compile(r"生产企业|生产厂家|生产商|厂家|厂商|供货(?:商|方|人|单位)|供应商|批发商|批发公司|上家|经销商|注册人|备案人|上市许可持有人")
# another party named as the one acted on or with (挨家给经销商打电话, 向供货商退货, 跟厂家联系): the object, not the actor
# (or the means it acted through: 主动通过经销商和网店后台联系已售出的购买者，召回38盒)
_ACTED_ON = re.compile(r"(?:给|向|跟|和|与|找|联系|通知|从|对|替|帮|问|同|通过|经由|借助|依托|委托)(?:了)?(?:各|各个|各家|所有|每个|每家|全部|相关|下游|下级)?$")
# the officers act in their own clause (执法人员抽样送检); in the clause before they mostly order (责令…，当日已删除)
_OFFICERS = re.compile(r"执法人员|检查人员|办案人员|我局|本局|检验机构|检测机构|抽样|抽检")
_OTHERS_PAPERS = re.compile(r"(?:的)?(?:联系人|联系方式|联系电话|电话|名称|地址|营业执照|执照|资质|许可证|证明|发票|信息|票据|账号)")
_THIRD_PARTY_HELP = re.compile(r"(?:平台|平台方|公安(?:机关)?|银行|运营商|快递公司|物流公司|第三方|权利人|商标权利人)(?:方面)?(?:的)?$")
_OFFICERS_PRESENT = re.compile(r"(?:在场|在现场|检查)(?:期间|时|的时候|之际)")
_PARTY_ACTOR = re.compile(r"(?<=[让叫令请要])(?:他|她)|[\u4e00-\u9fff]某|当事人|店主|老板|负责人|经营者|店长|该店|我店|本店|该公司|公司|门店|物业|我们|我|其|摊主|商户")
_HABIT = re.compile(r"以前|之前是|过去|往年|平时|一直是|原来是|每年")


def _another_actor(facts: str, start: int) -> bool:
    def named_last(other: list[int], text: str) -> bool:
        return bool(other) and max(other) > max((m.end() for m in _PARTY_ACTOR.finditer(text)), default=-1)

    # 责令改正后店主当天补上: the party is named after the officers, and it is the party's correction; 执法人员指出后当即
    # 补写: the officers' act is over (…后), what follows is the party's
    before = clause_before(facts, start, 20)
    # 检查人员在场期间即将价签补齐: the officers' presence is the time of the party's act, not its actor
    officers = [m.end() for m in _OFFICERS.finditer(before) if not _OFFICERS_PRESENT.match(before, m.end())]
    # …后, or the officers' result come in (抽检结果一到手当天就全撤了, 检验报告出来第二天即召回)
    done = bool(officers) and re.search(r"(?:之|以)?后|结果|报告|结论|出来|到手|下来", before[max(officers):]) is not None
    sentence = clause_before(facts, start, 30, SENTENCE_END)
    # (nor one named as what its papers or contact are: 能提供进货合同…及供货方联系人，当日主动下架 is the party's act)
    others = [m.end() for m in _OTHER_ACTOR.finditer(sentence) if not _ACTED_ON.search(sentence[:m.start()])
              and not _OTHERS_PAPERS.match(sentence, m.end())]
    return (not done and named_last(officers, before)) or named_last(others, sentence)


# The condition of a penalty as the law words it, not a fact of the case: 逾期未改正的方予罚款, 是逾期不改正才罚款,
# 拒不改正的，处二千元以下罚款.
_LAW_CONDITION_AFTER = re.compile(r"(?:的)?[，,]?(?:才|方|再|就|则)?(?:予以?|可以?|会|要|能|得)?(?:罚|处罚|处以|处|给予|并处|由)")


def _law_condition(key: str, facts: str, end: int) -> bool:
    """A refusal that is the law's condition of a fine (逾期未改正的方予罚款), not the party's."""
    return key == "not_corrected" and bool(_LAW_CONDITION_AFTER.match(facts, end))


_BY_OFFICERS = re.compile(r"(?:被|由)(?:我们|" + _STAFF + r")(?:当场|及时|全部|依法)?$")
# the officers' inquiry, then the recovery (后经调取监控查实并追回): theirs, not the party's remedy
_OFFICERS_FOUND_AND = re.compile(r"(?<![已曾])经(?:" + _STAFF + r")?[^，。；]{0,10}(?:查实|查明|核实|追查|调查)(?:后)?[并即后]?$")


# The party's own source named by the facts (从城郊一个熟人开的炒料房拿的, 从隔壁县一家作坊进的): the place the goods came from.
# A sentence that speaks of it later (经核查，该炒料房…部分底料检出罂粟碱，已移送公安机关) tells of the supplier's acts, not the
# party's.
_SOURCE_NAMED = re.compile(r"从(?:[^，,。；;？?]{0,16}?的)?(?P<name>[\u4e00-\u9fff]{0,4}?(?:房|厂|作坊|坊|商行|批发部|档口|门市部|经营部|合作社|养殖场|屠宰场|屠宰点|窝点|加工点))"
                           r"(?:里|那里|那儿|处)?(?:拿|进|买|购|采购|订|调|批)")


@lru_cache(maxsize=64)
def _source_names(facts: str) -> tuple[str, ...]:
    """The names of the party's own sources the facts give (see _SOURCE_NAMED), longest first."""
    return tuple(sorted({m.group("name") for m in _SOURCE_NAMED.finditer(facts) if len(m.group("name")) >= 2},
                        key=len, reverse=True))


def _about_source(facts: str, start: int) -> bool:
    """Whether the sentence before `start` is about the party's named source (该炒料房…), not the party."""
    names = _source_names(facts)
    if not names:
        return False
    before = clause_before(facts, start, 60, SENTENCE_END)
    return any(re.search(rf"(?:该|这家|那家|此)?{re.escape(n)}", before) for n in names)


_FAKE_BUYING = re.compile(r"刷单|刷手|刷好评|虚假(?:购买|交易|下单)|好评返现|返现好评|炒信")


def _not_this(key: str, facts: str, start: int) -> bool:
    """Readings the words around them take back, for the built-in patterns and the bank alike: a remedial verb
    after an order or a deadline (限3月9日前改正, 要求其立即下架) is no correction made; a referral in a sentence
    about another party's case (该窝点经另案查实…已移送公安机关) is no criminal suspicion of the party."""
    if key == "mitigated_harm":  # asked for (要求退还多收的钱), done by the officers (经追回) or by the maker or a
        # supplier (厂家发了召回公告): not the party's remedy
        before = clause_before(facts, start)
        by_officers = ((before.endswith(("经", "经执法人员", "经我局")) and not before.endswith(("已经", "曾经")))
                       or bool(_BY_OFFICERS.search(before)) or bool(_OFFICERS_FOUND_AND.search(before)))  # 后被我们追回
        # (at the buyers' request — 按客户要求把奖品兑付到位 — is no officers' order)
        ordered = bool(_ORDERED_BEFORE.search(before)) and not _BUYERS_ASKED.search(before)
        # (只退还了王先生本人的差价: the complainant alone paid back, the other buyers not — harm_not_mitigated reads it)
        only_one = bool(_ONLY_BEFORE.search(before)) and bool(_ONE_BUYER.match(facts, start))
        return (ordered or by_officers or only_one or _another_actor(facts, start)
                or bool(_OFFERED.search(before))  # 可以免费上门给她换: an offer, not a remedy made
                # money handed back to hired buyers (组织刷手虚假购买，每单返还货款并支付佣金): the fake sale's own step
                or bool(_FAKE_BUYING.search(clause_before(facts, start, 40, SENTENCE_END))))
    if key == "corrected":
        return (bool(_ORDERED_BEFORE.search(clause_before(facts, start))) or _another_actor(facts, start)
                or bool(_HABIT.search(clause_before(facts, start, 20)))
                # samples the officers took and sent to a laboratory (抽了2条送检, 快检阳性，送检后确认): no correction
                # (the read may open on its adverb: 已依法抽样送检)
                or ("送检" in PHRASE_END.split(facts[start:start + 10])[0]
                    and bool(_SAMPLED.search(clause_before(facts, start + facts[start:].find("送检"), 30, SENTENCE_END)))))
    if key == "criminal_suspicion":  # (讨论中有同志主张移送公安: one view in a discussion, no finding)
        before = clause_before(facts, start, 40, SENTENCE_END)
        return bool(_OTHER_CASE.search(before) or _ONE_VIEW.search(before)) or _about_source(facts, start)
    if key == "cooperated":  # 投诉人将购物小票交给执法人员: the complainant's hand-over, not the party's cooperation
        # (合同都按通知交给贵局了, 按要求提供材料: what the officers asked for handed over — a duty, not 主动提供, 第十四条第（二）项)
        return (bool(_COMPLAINANT.search(clause_before(facts, start, 20))) or bool(_AS_ASKED.search(facts, max(0, start - 12), start + 12))
                # a third party's help (后经平台协助调取部分数据): not the party's cooperation
                or (facts[start:start + 2] in ("协助", "配合", "帮助", "帮忙")
                    and bool(_THIRD_PARTY_HELP.search(clause_before(facts, start, 12)))))
    if key == "already_fined":  # 事情过去两年多，不能再罚了: time gone by (第三十六条), no earlier fine
        return bool(_TIME_GONE.search(clause_before(facts, start, 30, SENTENCE_END)))
    if key == "first_offence":  # 因为从业人员没健康证罚过: the negation is the cause's (没健康证), not the penalty's
        return (facts[start:start + 1] in ("没", "无", "未") and facts[start + 1:start + 2] not in ("受", "被", "有", "曾", "过", "因", "")
                and bool(re.search(r"(?:因为|因|由于)[^，。；]{0,10}$", clause_before(facts, start, 14))))
    return False


_TIME_GONE = re.compile(r"(?:过去|过了|超过|已过|隔了)(?:了)?[^，。；]{0,6}(?:年|个月)|时效|追责期限|处罚期限")
_BUYERS_ASKED = re.compile(r"(?:客户|顾客|消费者|买家|用户|家属|中奖者|投诉人)(?:们)?(?:的)?要求" + _NC + r"{0,10}$")
_SAMPLED = re.compile(r"抽了|抽取|抽检|抽样|采样|取样|快检|样品|留样")
_ONLY_BEFORE = re.compile(r"(?:只|仅|仅仅|只是)(?:给|向|对|为)?" + _NC + r"{0,12}$")
_ONE_BUYER = re.compile(_NC + r"{0,14}?(?:本人|一人|一个人|投诉人|举报人)")
_OFFERED = re.compile(r"(?:可以|愿意|愿|打算|准备|提出|答应|表示将|同意)" + _NC + r"{0,8}$")
_AS_ASKED = re.compile(r"(?:按|按照|根据|依|依照|应)(?:你们|贵局|我局|执法人员|办案人员)?(?:的)?(?:通知|要求|调取|索要)")
_COMPLAINANT = re.compile(r"投诉人|举报人|消费者|顾客|买家|乘客|患者|家属|申请人")


def _party_is_subject(text: str, start: int) -> bool:
    clause = clause_before(text, start, 16)
    return bool(_PARTY.search(clause)) and not _TARGET.search(clause)


def _overlaps(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


# a denial right before an aggravating act's words (未拒绝检查, 并未转移证据): the act did not happen
_DENIED_RIGHT_BEFORE = re.compile(r"(?:未|没有|没|并未|从未|从没|不曾|并非|不是|不存在|未曾|无)$")


# An aggravating act its clause forbids, warns of, asks about or supposes (已告知当事人不得转移、隐匿、销毁…; 小心他把账本藏起来;
# 那个账本要不要藏起来; 如果…) or says there was none of (不存在任何伪造证据的行为): not done.
_UNDONE_BEFORE = re.compile(r"不得|严禁|禁止|不准|不许|切勿|不要|要不要|小心|防止|以免|会不会|是否|有没有|如果|要是|假如|万一"
                            r"|不存在任何|没有任何|无任何")


def _denied_act(key: str, facts: str, start: int) -> bool:
    return KINDS[key].effect == "aggravating" and bool(_DENIED_RIGHT_BEFORE.search(facts[max(0, start - 4):start])
                                                       or _UNDONE_BEFORE.search(clause_before(facts, start, 16)))


# The rest beside what a remedy reached (其余39件未能追回, 剩下的还没退)
_REMAINDER_BEFORE = re.compile(r"^(?:其余|剩余|剩下|余下|另有|尚有)")


def _rest_left(facts: str, c: Circumstance) -> bool:
    """Whether a reading of harm not made good is the rest a remedy did not reach, not said to stay so."""
    before = clause_before(facts, c.span[0], 12)
    return bool(_REMAINDER_BEFORE.search(before)) and not _LASTING_DENIAL.search(before + (c.quote or ""))
# A remedy's verb made a noun phrase after a negator (未召回的3盒已逐一电话说明, 未退还的部分): the part the remedy did not
# reach, told beside the remedy, not a refusal of it
_REMAINDER = re.compile(r"(?:召回|追回|收回|回收|退还|退回|退款|退赔|下架|撤下)的")


def _pattern_circumstances(facts: str) -> list[Circumstance]:
    out: list[Circumstance] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for pattern in PATTERNS:
        for m in pattern.regex.finditer(facts):
            key, start, end = pattern.key, m.start(), m.end()
            topic = taken.setdefault(KINDS[key].topic, [])
            if _overlaps(topic, (start, end)):
                continue
            if pattern.party_subject and not _party_is_subject(facts, start):
                continue
            if _not_this(key, facts, start):
                continue
            if not pattern.negatable and _denied_act(key, facts, start):
                continue
            negator = _negator_before(facts, start) if pattern.negatable else ""
            if negator:
                start -= len(negator)
                topic.append((start, end))
                if pattern.negated_key is None:
                    continue
                key = pattern.negated_key
            if _law_condition(key, facts, end):
                continue
            topic.append((start, end))
            out.append(make_circumstance(key, span=(start, end), quote=facts[start:end]))
    return out


BANK_PATH = Path(__file__).resolve().parents[1] / "corpus" / "circumstances" / "bank.yaml"


@lru_cache(maxsize=4)
def load_bank(path: Path = BANK_PATH) -> tuple[Pattern, ...]:
    """The expression bank (corpus/circumstances/bank.yaml) as patterns: key → expressions, negation handling.
    A bad entry is a clear error naming the key, never silently skipped."""
    if not path.exists():
        return ()
    data = read_yaml(path) or {}
    out = []
    for key, entry in (data.get("entries") or {}).items():
        if key not in KINDS:
            raise ValueError(f"{path}: unknown circumstance key {key!r}")
        negated = entry.get("negated_key")
        if negated is not None and negated not in KINDS:
            raise ValueError(f"{path}: {key}: unknown negated_key {negated!r}")
        expressions = list(entry.get("expressions") or [])
        for i, compose in enumerate(entry.get("compose") or []):
            expressions.append(_composed(compose, f"{path}: {key}: compose #{i + 1}"))
        for expr in expressions:
            try:
                out.append(_p(key, expr, negated, negatable=entry.get("negatable", True)))
            except re.error as exc:
                raise ValueError(f"{path}: {key}: bad expression {expr!r}: {exc}") from exc
    return tuple(out)


def _composed(compose: dict, where: str) -> str:
    """One bank expression from word lists: a word of `first`, then within `gap` characters of the same clause a
    word of `then` — a marker of a done action before a remedial verb (已 … 下架), a negation before what it
    negates (未接到 … 投诉). `not_after_first`: words that may not follow the first word (未经 is not 'did not
    happen'); `not_before_first`: words that may not stand right before it (the 三 of 三无产品: no 无 of a record);
    `not_between`: words that may not stand between the two (a 但 turns the clause); `not_after`: words that may not
    follow the second (删除 … 记录 is tampering, not a correction); `across_clauses`: the two may stand in different
    clauses of one sentence (出示的营业执照复印件，系其自行用软件拼接制作)."""
    if not isinstance(compose, dict) or not compose.get("first") or not compose.get("then"):
        raise ValueError(f"{where}: needs the word lists 'first' and 'then'")
    unknown = set(compose) - {"first", "then", "gap", "not_before_first", "not_after_first", "not_between", "not_after",
                              "across_clauses"}
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
    words = lambda name: "|".join(sorted((re.escape(str(w)) for w in compose.get(name) or []), key=len, reverse=True))
    gap = int(compose.get("gap", 12))
    within = _NS if compose.get("across_clauses") else _NC
    between = within if not compose.get("not_between") else f"(?:(?!{words('not_between')}){within})"
    expr = "".join(f"(?<!{re.escape(str(w))})" for w in compose.get("not_before_first") or []) + f"(?:{words('first')})"
    if compose.get("not_after_first"):
        expr += f"(?!{words('not_after_first')})"
    expr += f"{between}{{0,{gap}}}?(?:{words('then')})"
    if compose.get("not_after"):
        expr += f"(?!{_NC}{{0,8}}?(?:{words('not_after')}))"
    return expr


# an A-not-A question the speaker leaves open (有没有人吃出事俺也不知道); one answered (问了以前有没有被罚过，说没有;
# 查一下有没有其他违法记录。小刘：查了，系统里没有) is read as its answer says
_LEFT_OPEN = re.compile(r"[^。；，,？?]{0,8}?(?:俺|我|我们|他|她|咱)?(?:也|都|还)?(?:不知道|不清楚|说不准|不好说|不晓得|没数)")


def _bank_circumstances(facts: str, found: list[Circumstance]) -> list[Circumstance]:
    """Readings of the expression bank where the built-in patterns read nothing on the same topic and span.
    A positive and its negation are never both kept: a negated reading of a key drops the positive
    readings of that key's topic that overlap it (the stated rule: the clause's own negator decides)."""
    out: list[Circumstance] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for c in found:
        if c.span and c.key in KINDS:
            spans.setdefault(KINDS[c.key].topic, []).append(c.span)
    # a negated reading without a key of its own (未删除: the violation itself) is dropped; it keeps its key, not the
    # topic, from the span, so the topic's negative key still reads it (拒不删除 is 未改正)
    dropped: dict[str, list[tuple[int, int]]] = {}
    for pattern in load_bank():
        for m in pattern.regex.finditer(facts):
            # an expression may name the words it quotes (?P<q>…): the topic told before them (那张海报也撕了) is the
            # conduct, not the circumstance, and stays in the conduct's text
            q = "q" if "q" in pattern.regex.groupindex and m.group("q") is not None else 0
            key, start, end = pattern.key, m.start(q), m.end(q)
            topic = spans.setdefault(KINDS[key].topic, [])
            if _overlaps(topic, (start, end)) or _overlaps(dropped.get(key, []), (start, end)):
                continue
            if _not_this(key, facts, start):
                continue
            if facts[start - 1:start + 1] == "有没" and _LEFT_OPEN.match(facts, end):
                continue  # 有没有人吃出事俺也不知道: a question asked (A-not-A) and left open, not a denial
            if not pattern.negatable and _denied_act(key, facts, start):
                continue
            negator = _negator_before(facts, start) if pattern.negatable else ""
            if negator and _REMAINDER.match(facts, start):
                continue  # 未召回的3盒: the remainder of a remedy told, neither the remedy nor its refusal
            if negator:
                start -= len(negator)
                if pattern.negated_key is None:
                    dropped.setdefault(key, []).append((start, end))
                    continue
                key = pattern.negated_key
            if _law_condition(key, facts, end):
                continue
            topic.append((start, end))
            out.append(make_circumstance(key, span=(start, end), quote=facts[start:end]))
    return out


_AGE = re.compile(r"(?:当事人|行为人|违法行为人)(?:系|为|年仅|现年|时年|年龄|作案时)?(\d{1,2}|[一二三四五六七八九十]{1,3})(?:周)?岁"
                  # the party's own words or a record after the birth date (我今年17岁, 2008年3月出生，今年十六岁)
                  r"|(?:我|本人|出生[，,]?)(?:今年|现年|年仅|时年|才)(\d{1,2}|[一二三四五六七八九十]{1,3})(?:周)?岁"
                  # the one who keeps the shop or stall, a little later in the sentence (店主是个高二学生，今年17岁),
                  # never someone else named between (店主说他儿子今年17岁)
                  r"|(?:店主|摊主|老板|经营者|卖家|主播)"
                  r"(?:(?!儿子|女儿|孩子|父亲|母亲|爸|妈|老人|顾客|消费者|业主|员工|店员|学徒|朋友|同学)[^。；;！!？?\n]){0,12}?"
                  r"(?:今年|现年|年仅|时年|才)(\d{1,2}|[一二三四五六七八九十]{1,3})(?:周)?岁"
                  # or said to be a person of that age (摊主是个13岁的初一学生)
                  r"|(?:店主|摊主|老板|经营者|卖家|主播)(?:是|系|为)(?:个|一个|一名|名)?(\d{1,2}|[一二三四五六七八九十]{1,3})(?:周)?岁"
                  # a sentence that opens with the person's age: 13岁的初中生在校门口摆摊…
                  r"|(?:^|(?<=[。；;！!？?\n]))(?:年仅|现年|时年)?(\d{1,2})(?:周)?岁的?"
                  r"(?:初中生|小学生|中学生|高中生|中职生|学生|未成年人|少年|少女|男孩|女孩|孩子)")


_LARGE_COUNT = re.compile(
    r"(?:卖|售|销售|卖出|售出|成交|下单|收取?|刷|发放|印制|印了|生产|加工|进货|进了|购进|装了|做了|接了|订了)"
    r"(?:了|出去|出|掉|出去了)?[^0-9，,。；;！!？?一二两三四五六七八九十百千万]{0,4}?(?:约|近|共|一共|统共|总共|共计|大概|差不多)?"
    r"(?P<n>[0-9]{2,}|[一二两三四五六七八九十百千万]{2,})(?:多|余|来)?"
    r"(?:件|单|笔|份|瓶|盒|袋|台|人次|箱|张|条|支|包|双|套|桶|副|罐|只|本)")


def _as_count(number: str) -> int | None:
    """A count written in figures or words (12, 三百), or None when it is no number."""
    try:
        return cn_to_int(number)
    except ValueError:
        return None


def _count_circumstances(facts: str) -> list[Circumstance]:
    """The first count above MINOR_COUNT of what was sold, made or charged (large_count)."""
    for m in _LARGE_COUNT.finditer(facts):
        n = _as_count(m.group("n"))
        if n is not None and n > MINOR_COUNT and not _negator_before(facts, m.start()):
            return [make_circumstance("large_count", value=float(n), span=m.span(), quote=m.group(0))]
    return []


# A small share of what was checked (共陈列镜架三百余副…有12副未放置价签; 42个品种…其中3个品种未标价): the part at fault
# is at most MINOR_SHARE of the whole counted in the same unit, and is said to be at fault — a small-scale sign like a small
# count (a default of this project, as MINOR_COUNT).
MINOR_SHARE = 0.05
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_SHARE_UNITS = "副|种|个品种|款|件|瓶|盒|袋|包|个|台|张|只|支|条|份|桶|箱|罐|块|把|双|套|组|批次|家|户"
_WHOLE = re.compile(rf"(?:共|总共|一共|合计|共计)(?:陈列|摆放|展示|展出|有|计|经营|在售|上架|销售|抽查|检查|查看)?(?:了)?"
                    rf"[^，。；0-9{_CN_DIGITS}]{{0,8}}?(?P<n>[0-9]+|[{_CN_DIGITS}]{{1,5}})(?:多|余)?(?P<unit>{_SHARE_UNITS})")
_PART_AT_FAULT = re.compile(r"未|没|无|过期|超期|超过|不合格|缺|漏|错|不符")


def _share_circumstances(facts: str) -> list[Circumstance]:
    """small_scale where the part at fault is a small share of the whole counted in the same unit."""
    for whole in _WHOLE.finditer(facts):
        n = _as_count(whole.group("n"))
        if n is None:
            continue
        unit = whole.group("unit")
        part_re = re.compile(rf"(?<![0-9{_CN_DIGITS}])(?P<m>[0-9]+|[{_CN_DIGITS}]{{1,4}})(?:{re.escape(unit)})")
        for part in part_re.finditer(facts, whole.end(), min(len(facts), whole.end() + 60)):
            m = _as_count(part.group("m"))
            if m is None:
                continue
            after = facts[part.end():part.end() + 14]
            before = clause_before(facts, part.start(), 10, PHRASE_END)
            if 0 < m < n and m / n <= MINOR_SHARE and (_PART_AT_FAULT.search(after) or _PART_AT_FAULT.search(before)) \
                    and not _negator_before(facts, part.start()):
                span = (part.start(), part.end())
                return [make_circumstance("small_scale", span=span, quote=facts[span[0]:span[1]])]
    return []


def _age_circumstances(facts: str) -> list[Circumstance]:
    out = []
    for m in _AGE.finditer(facts):
        number = next(g for g in m.groups() if g)
        try:
            age = cn_to_int(number)
        except ValueError:
            continue
        key = "minor_under_14" if age < 14 else "minor_14_to_18" if age < 18 else None
        if key:
            out.append(make_circumstance(key, value=float(age), span=m.span(), quote=m.group(0)))
    return out


_BIRTH = re.compile(r"(?:出生(?:于|日期[:：为]?)\s*)?(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?(?:出生|生)(?!产)")
# the date after the word, as a form or an interview has it (出生年月：2013年2月 / 问：出生年月？答：2013年2月)
_BIRTH_WORD = r"(?:出生|生日)(?:年月日?|日期|年份|时间)?(?:[:：为是]|(?:的|呢)?[?？]\s*(?:答)?[:：]?)\s*"
_BIRTH_FIELD = re.compile(_BIRTH_WORD + r"(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?")


def _age_at(born: tuple[int, int, int], on: tuple[int, int, int]) -> int:
    return on[0] - born[0] - ((on[1], on[2]) < (born[1], born[2]))


def _bracket(age: int) -> str | None:
    return "minor_under_14" if age < 14 else "minor_14_to_18" if age < 18 else None


def _birth_circumstances(facts: str, dates: list[Circumstance]) -> list[Circumstance]:
    """Ages from a birth date (2012年11月出生), taken at the act date: the start of the act stated in the facts
    (行政处罚法第三十条 looks at the age when the act was done), else the earliest other date, else today.
    A birth month without a day counts from the month's last day, so a doubt goes to the younger age."""
    out = []
    for m in sorted([*_BIRTH.finditer(facts), *_BIRTH_FIELD.finditer(facts)], key=lambda m: m.start()):
        if out and out[-1].span and m.start() < out[-1].span[1]:
            continue  # one date read by both forms
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else 31 if mo in (1, 3, 5, 7, 8, 10, 12) else 30 if mo != 2 else 28
        acts = sorted(str(c.value) for c in dates if c.key == "act_date" and isinstance(c.value, str))
        others = sorted(str(c.value) for c in dates if isinstance(c.value, str) and re.match(r"\d{4}-", str(c.value))
                        and not (c.span and c.span[0] <= m.start() < c.span[1]))
        # failing a dated act or discovery, any other date of the case written with its year (询问时间：2025年7月26日)
        written = sorted(iso(int(w.group(1)), int(w.group(2)), int(w.group(3)) if w.group(3) else None)
                         for w in re.finditer(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?", facts)
                         if w.start() != m.start(1) and 1 <= int(w.group(2)) <= 12 and int(w.group(1)) > y)
        when = (acts or others or written or [date.today().isoformat()])[0]
        parts = [int(x) for x in when.split("-")] + [1, 1]
        age = _age_at((y, mo, d), (parts[0], parts[1], parts[2]))
        undated = not (acts or others or written)
        # no date of the case at all: the act lies some time before today. Where the party crossed 14 or 18 within
        # the last year, the doubt goes to the younger age, as for a birth month without a day; the officer is asked
        # for the act date (the assessment asks it whenever none is read).
        year_before = _age_at((y, mo, d), (parts[0] - 1, parts[1], min(parts[2], 28)))
        younger = undated and _bracket(year_before) != _bracket(age)
        key = _bracket(year_before if younger else age)
        if key:
            c = make_circumstance(key, value=float(year_before if younger else age), span=m.span(), quote=m.group(0))
            c.label += (f"（{m.group(0)}，案情未载明行为日期：今天{when}约{age}周岁，一年前{year_before}周岁，"
                        f"按有利于当事人的较小年龄认定，请核实行为日期）" if younger
                        else f"（{m.group(0)}，案情未载明行为日期，按今天{when}计约{age}周岁）" if undated
                        else f"（{m.group(0)}，违法行为时{when}约{age}周岁）")
            out.append(c)
    return out


_MENTAL = re.compile(r"间歇性精神病人?|精神病人?|精神疾病|精神障碍|智力残疾人?|精神分裂症|双相情感障碍|躁狂(?:症|发作)|"
                     r"阿尔茨海默|老年痴呆|认知障碍|精神发育迟滞")


_CAPACITY = re.compile(r"(?:辨认|控制)(?:和|或|或者|、)?(?:控制)?(?:自己)?(?:行为)?(?:的)?能力|责任能力|精神正常"
                       r"|(?:不能|无法|难以)(?:辨认|控制)|认不(?:清|出|得)人?|不认(?:识|得)人")


def _mental_circumstances(facts: str) -> list[Circumstance]:
    """第三十一条 turns on the party's capacity at the time, read from the surrounding sentence."""
    out = []
    for m in _MENTAL.finditer(facts):
        if out and out[-1].span and m.start() < out[-1].span[1] + 40:
            continue  # one reading per sentence
        lo = max(facts.rfind("。", 0, m.start()) + 1, m.start() - 40)
        hi = facts.find("。", m.end())
        hi = len(facts) if hi < 0 else min(hi, m.end() + 40)
        sentence = facts[lo:hi]
        if not _CAPACITY.search(sentence):  # the capacity in the next sentences (附鉴定意见：…对该行为丧失辨认能力)
            later = _CAPACITY.search(facts, hi, min(len(facts), hi + 120))
            if later:  # (to the end of its clause: 辨认控制能力部分削弱)
                hi = min(sentence_bounds(facts, later.span(), CLAUSE_END)[1], later.end() + 12)
                sentence = facts[lo:hi]
        if re.search(r"尚未完全丧失|部分(?:受损|丧失|削弱|减弱)|能力(?:减弱|削弱|下降|有限|受限)|限制(?:民事)?行为能力|限定(?:（部分）|\(部分\))?"
                     r"(?:刑事)?(?:责任|辨认|控制)|部分(?:辨认|控制)能力", sentence):
            key = "mental_partial"
        elif "精神正常" in sentence:
            key = "mental_lucid"
        elif re.search(r"不能辨认|不能控制|无法辨认|无法控制|丧失(?:了)?(?:辨认|控制)|(?<!有)(?<!是否)(?:无|没有)(?:辨认|控制)(?:和|或|或者|、)?(?:控制)?能力"
                       r"|人都认不(?:清|出|得)|不认(?:识|得)人", sentence):
            key = "mental_incapable"
        else:
            key = "mental_illness"
        out.append(make_circumstance(key, span=(lo, hi), quote=sentence))
    return out


# find_amounts labels → circumstance keys (core.amounts). 罚款/罚没/赔偿/退还 describe outcomes, not the act.
_AMOUNT_KEYS = CIRCUMSTANCE_OF_LABEL
_CASE_VALUE = re.compile(r"(?:涉案|案值)(?:金额|货值|价值)?(?:为|达|共计|合计|总计|约)?$")
# Goods valued at their marked or selling price (未售的同款1460只，按标价计14.6万元): 货值金额, which is counted so
_PRICED_AT = re.compile(r"按(?:标价|售价|实际售价|零售价|销售价格?|挂牌价)(?:计|计算|折算|算)(?:为|是|共|共计|合计|约)?$")
# An unlabelled amount the party earned (赚了240元, 净赚, 挣了, 从中获得提成, 收取…费用, 收了1500块, 多收/多付价款, 多扣款,
# 非法收入): 违法所得 in the
# words of 行政处罚法第二十八条第二款 ("实施违法行为取得的款项"). Read in the same clause, verb right before it.
_INCOME = re.compile(rf"(?:净赚|赚(?:了|取了?|到了?)?|挣(?:了|到了?)?|获利|获得(?:了)?{_NC}{{0,4}}?(?:提成|好处费|佣金|返利|报酬)"
                     rf"|(?:提成|好处费|佣金|返点|回扣)(?:拿了|得了|收了)?|收(?:取|了)(?:了)?(?:{_NC}{{0,6}}?(?:费用?|金|款项?|钱))?"
                     # (a buyer's gain by paying sellers less: 少付价款合计4.56万元, 压级少给了农户…)
                     rf"|少(?:付|给|支付)(?:了)?(?:农户|卖家|供货方|货主)?(?:{_NC}{{0,4}}?(?:价款|货款|钱|款项?))?"
                     rf"|多(?:收|付|收取|扣|扣除|划扣|划|计|算)(?:了)?(?:业主|顾客|消费者|客户|学员|患者|乘客|住户|家长|买家)?(?:{_NC}{{0,4}}?(?:价款|费用?|钱|款项?))?"
                     rf"|非法收入|违法收入"
                     # the overcharge told as the difference from the marked price (按首页标价与实际扣费的差额合计2.37万元)
                     rf"|(?<=[费算取收]的)差额|(?<=扣费|收费|结算|收取|实收)差额"
                     # the margin the party kept (毛利大概6000元, 赚的差价): what the act brought it
                     rf"|毛利(?:润)?(?:是|有)?"
                     # what the act brought in, said as a receipt (收入816元, 收款4.35万元, 收费3720元, 所得款项…) — not a
                     # household's or a wage's income (家庭月收入, 工资收入: hardship)
                     rf"|(?<![月年家资薪])收入|收款|(?<![每月])收费|所得(?:款项?|收入)"
                     # money taken by selling the goods (6天卖了一千三百来块): 实施违法行为取得的款项
                     rf"|卖(?:了|出(?:去)?了?|掉了?)(?:{_NC}{{0,6}}?(?:钱|款|货款))?|(?:销售|营业)收入)"
                     rf"(?:共计|合计|总计|共|约|大约|大概|近|将近|了)?$")


# What was sold, said before its amount in the same sentence (卖出去四千多双，金额五十来万) or asked in an interview
# (问：卖了多少？答：……大概六十几万元): the amount is the sales (销售金额), the base of the criminal thresholds.
_SOLD = re.compile(r"卖出(?:去)?|售出|出货|卖掉|销售出去|卖了|销售了|出售了|(?:卖|销售|出货|出售)(?:了)?多少")
_SOLD_REACH = 60
_BOUGHT = re.compile(r"进价|进货|成本|采购|购进|买进|批发价|拿货")


def _sold_before(facts: str, at: int) -> int | None:
    window = facts[max(0, at - _SOLD_REACH):at]
    if _BOUGHT.search(clause_before(facts, at)):
        return None  # 进价共2000元: what the goods cost, not what they sold for
    question = window.rfind("问")
    if question >= 0 and "答" in window[question:]:
        scope = window[question:]
        m = _SOLD.search(scope)  # the question says what the answer's amount is
    else:
        scope = clause_before(facts, at, _SOLD_REACH, SENTENCE_END)
        if find_amounts(scope):
            return None  # another amount stands between: that one is what was sold
        m = next(reversed(list(_SOLD.finditer(scope))), None)  # the verb nearest the amount
    if m is None or _negator_before(facts, at - len(scope) + m.start()):
        return None
    return at - len(scope) + m.start()


def _amount_circumstances(facts: str) -> list[Circumstance]:
    out = []
    for a in find_amounts(facts):
        key = _AMOUNT_KEYS.get(a.label)
        start = min(a.label_span[0], a.span[0]) if a.label_span else a.span[0]
        end = max(a.label_span[1], a.span[1]) if a.label_span else a.span[1]
        if key is None and not a.label:
            lead = max(0, a.span[0] - 8)
            m = _CASE_VALUE.search(facts[lead:a.span[0]])
            priced = _PRICED_AT.search(facts[lead:a.span[0]])
            if m:
                key, start = "case_value", lead + m.start()
            elif priced:
                key, start = "goods_value", lead + priced.start()
            else:
                before = clause_before(facts, a.span[0])
                m = _INCOME.search(before)
                # a unit price, said before the figure (每盒) or after it (22块一个)
                per_unit = (("每" in before and not re.search(r"共|合计|总计|累计|一共", before))
                            or bool(re.match(rf"钱?(?:一|每)(?:{GOODS_UNITS})", facts[a.span[1]:])))
                if m and not per_unit and not _negator_before(facts, a.span[0] - len(before) + m.start()):
                    key, start = "illegal_income", a.span[0] - len(before) + m.start()
                elif not per_unit:
                    sold = _sold_before(facts, a.span[0])
                    if sold is not None:
                        key, start = "sales", sold
        if key is None:
            continue
        c = make_circumstance(key, value=a.value, span=(start, end), quote=facts[start:end])
        if a.label == "获利":
            c.label = "获利（违法所得）"
        out.append(c)
    return out


# 货值金额 from a quantity and a unit price when no amount is labelled (进了96盒，一盒6块5 / 购入60斤…售价每斤22元):
# 货值金额 is the goods' value (《市场监督管理行政处罚程序规定》: 按标价或者实际售价计算), so quantity × price. The
# largest stated quantity of that unit is taken; the reading quotes the quantity and says how it was computed.
_CN = _CN_DIGITS
_PRICE_NUM = rf"[0-9]+(?:\.[0-9]+)?|[{_CN}]+"
# a unit price: 每瓶标价398元, 每斤卖4块5, 一盒6块5, 每盒一百块, 22块一个, 5.8元/袋, 卖七十八一瓶 (a figure after a selling
# word needs no 元 when 一/每 and the unit follow)
_UNIT_PRICE = re.compile(
    rf"(?:每|一)(?P<unit>{GOODS_UNITS})(?:的)?(?:标价|售价|零售价|出厂价|单价|定价|进价|卖|价格|售)?(?:为|是|在)?(?P<yuan>{_PRICE_NUM})(?:元|块)(?P<jiao>[0-9一二三四五六七八九])?"
    rf"|(?P<yuan2>{_PRICE_NUM})(?:元|块)(?P<jiao2>[0-9一二三四五六七八九])?(?:钱)?(?:一|每|/)(?P<unit2>{GOODS_UNITS})"
    rf"|(?:卖|售价|标价|单价|零售价)(?P<yuan3>{_PRICE_NUM})(?:元|块)?(?:钱)?(?:一|每)(?P<unit3>{GOODS_UNITS})")
_QUANTITY = re.compile(rf"(?<![0-9.每一{_CN}])(?P<n>[0-9]+(?:\.[0-9]+)?|[{_CN}]{{2,}}|[两三四五六七八九])(?P<wan>万)?(?P<unit>{GOODS_UNITS})")
_PRICE_CHANGE = re.compile(r"(?:涨至|涨到|提至|提到|调至|调到|上调|涨了|便宜|优惠|差价|贵|多收|少收|返利?|补贴|降至|降到|从|由)(?:了)?$")
_PRICE_CHANGE_AFTER = re.compile(r"(?:涨|提|调|降|上调|下调)")
# a quantity in 公斤 or 千克 priced by the 斤, and the reverse
_JIN = {"公斤": 2.0, "千克": 2.0, "斤": 1.0}
# a packing (一箱48包, 每件有12瓶, 一提装6盒): the outer unit's count × the inner count is a count of the inner unit
_PACKING = re.compile(rf"(?:一|每)(?P<outer>{GOODS_UNITS}|提)(?:有|装|是|共)?(?P<n>[0-9]+|[{_CN}]+)(?P<inner>{GOODS_UNITS})")


COMPUTED_VALUE = "按数量和单价计算"  # the label of a goods value computed here: its quote spans the goods and the conduct too


def _unit_price_value(facts: str, amounts: list[Circumstance]) -> list[Circumstance]:
    if any(c.key in ("goods_value", "business_volume", "sales", "case_value") for c in amounts):
        return []
    for m in _UNIT_PRICE.finditer(facts):
        if _PRICE_CHANGE.search(facts[max(0, m.start() - 6):m.start()]) or _PRICE_CHANGE_AFTER.match(facts, m.end()):
            continue  # a price raised or a discount (从24元/箱涨至68元/箱, 比经销商便宜两块一件): no price of the goods held
        unit = m.group("unit") or m.group("unit2") or m.group("unit3")
        yuan = parse_number(m.group("yuan") or m.group("yuan2") or m.group("yuan3"))
        jiao = parse_number(m.group("jiao") or m.group("jiao2") or "0")
        if yuan is None or jiao is None or jiao >= 10:
            continue
        price = yuan + jiao / 10
        packs = {p.group("outer"): (parse_number(p.group("n")), p) for p in _PACKING.finditer(facts)
                 if p.group("inner") == unit and p.group("outer") != unit}
        quantities = []
        for q in _QUANTITY.finditer(facts):
            if m.start() <= q.start() < m.end() or any(p.start() <= q.start() < p.end() for _, p in packs.values()):
                continue  # the price's own unit, or the inner count of a packing (一箱48包): no quantity held
            n = parse_number(q.group("n"))
            per = packs.get(q.group("unit"), (None, None))[0]
            if n and per and q.group("unit") != unit:  # 30箱 of 一箱48包: 1440包
                quantities.append((n * (10_000 if q.group("wan") else 1) * per, q))
                continue
            if q.group("unit") != unit and not (unit in _JIN and q.group("unit") in _JIN):
                continue
            if n:
                quantities.append((n * (10_000 if q.group("wan") else 1) * _JIN.get(q.group("unit"), 1) / _JIN.get(unit, 1), q))
        if not quantities or price <= 0:
            continue
        count, q = max(quantities, key=lambda pair: pair[0])
        value = round(count * price, 2)
        lo, hi = min(q.start(), m.start()), max(q.end(), m.end())
        quote = facts[lo:hi] if hi - lo <= 40 else q.group(0)
        span = (lo, hi) if hi - lo <= 40 else q.span()
        c = make_circumstance("goods_value", value=value, span=span, quote=quote)
        packed = packs.get(q.group("unit")) if q.group("unit") != unit else None
        counted = f"{q.group(0)}×{packed[1].group(0)}" if packed else q.group(0)
        c.label = f"货值金额（{counted}×{price:g}元/{unit}＝{value:,.2f}元，{COMPUTED_VALUE}）"
        return [c]
    return []


# 货值金额 is the value of all the goods made or sold in violation (按违法生产、销售的商品的标价计算), sold and unsold: where
# the facts give the sales (已售…销售金额25950元) and the value of what is left apart (库存80袋，货值1.2万元), and no total,
# the goods' value is their sum. The crime thresholds keep the two apart (已销售 ×3 + 尚未销售).
_STOCK = re.compile(r"(?:库存|剩余|剩下|还剩|尚未销售|未售出?|未销售|没卖(?:出去)?的|查扣|扣押|封存|在库)[^。；;]{0,12}$")


def _sold_and_stock(facts: str, amounts: list[Circumstance]) -> list[Circumstance]:
    sold = [a for a in amounts if a.key == "sales" and isinstance(a.value, float) and not is_bound_only(a, facts)]
    stock = [a for a in amounts if a.key == "goods_value" and isinstance(a.value, float) and a.span
             and _STOCK.search(re.split(r"[。；;]", facts[max(0, a.span[0] - 16):a.span[0]])[-1].replace("，", "").replace(",", ""))
             and not is_bound_only(a, facts)]
    others = [a for a in amounts if a.key in ("goods_value", "business_volume", "case_value") and a not in stock]
    if len(sold) != 1 or len(stock) != 1 or others:
        return amounts
    total = round(sold[0].value + stock[0].value, 2)
    summed = make_circumstance("goods_value", value=total, span=stock[0].span, quote=stock[0].quote)
    summed.label = (f"货值金额（已售{sold[0].value:,.0f}元＋未售{stock[0].value:,.0f}元＝{total:,.0f}元：违法销售的全部商品，"
                    f"已售与未售合计）")
    return [summed if a is stock[0] else a for a in amounts]


# 立案追诉标准 (corpus/rules/criminal_thresholds.yaml): the amounts at which a conduct is suspected to be a crime. The
# conduct is read from the facts' words below (or from the violation matched: the file's `articles`); a seller's
# 违法经营额 / 涉案金额 mixes sold and unsold goods: ≥ 15万 suffices either way; between 5万 and 15万 it decides
# nothing, and criminal_questions asks for the amount sold.
_FAKE_MARK = r"假冒(?:他人)?(?:[“\"'‘「][^”\"'’」]{1,12}[”\"'’」])?(?:注册商标|商标|品牌|名牌|名酒|名烟|\S{0,6}?(?:商品|产品|服装|酒|烟))|假货|假酒|假烟"
_SELLING_FAKES = re.compile(rf"(?:销售|售卖|出售|卖)(?:{_NC}{{0,6}}?)(?:{_FAKE_MARK})")
_SHODDY = re.compile(rf"伪劣|以假充真|以次充好|掺杂|掺假|(?:以|把|将|拿|用)不合格{_NC}{{0,12}}?冒充合格(?:产品|品|的)?"
                     # goods that failed their test yet are labelled with the grade they miss (硫含量不合格，加油机上却标“国Ⅵ”)
                     rf"|不合格[^。；;]{{0,24}}?(?:却|但却|竟)(?:仍)?(?:标|标注|标称|标示|标明|写着|印着|挂着|宣称)")
_METER_CHEAT = re.compile(rf"(?:加油机|电子秤|计价秤|台秤|地磅|衡器|水表|电表|燃气表|计量器具|出租车计价器|计价器){_NC}{{0,20}}?"
                          rf"(?:作弊|遥控|改装|篡改|更换{_NC}{{0,6}}?主板)|作弊(?:程序|主板|芯片|装置|软件|器)")
_BANNED_IN_COSMETIC = re.compile(r"(?:化妆品|美白|祛斑|面霜|霜|乳液|精华|面膜|膏)[^。；;]{0,60}?(?<![未无不没])(?:检出|检测出|含有|含量)[^。；;]{0,8}?"
                                 r"(?:汞|氢醌|糖皮质激素|激素|氯倍他索|甲硝唑|铅|砷|苏丹红)|化妆品禁用(?:物质|原料|组分|成分)")
# conduct told in the facts' words → the offence whose thresholds its amounts are weighed against
_CONDUCT_OFFENCES: list[tuple[re.Pattern[str], str]] = [
    (_SHODDY, "生产、销售伪劣产品罪"),
    # a cosmetic found to hold a banned substance (汞是化妆品禁用物质; 检出氢醌、糖皮质激素) is an unqualified product sold as
    # qualified (刑法第一百四十条), at the same thresholds
    (_BANNED_IN_COSMETIC, "生产、销售伪劣产品罪"),
    (_SELLING_FAKES, "销售假冒注册商标的商品罪"),
    (re.compile(rf"(?:生产|制造|加工|贴牌|使用)(?:{_NC}{{0,6}}?)(?:{_FAKE_MARK})"), "假冒注册商标罪"),
    # the offence in 刑法第二百一十三条's own words (外包装使用与“某某”注册商标（核定使用商品第30类）相同的标识)
    (re.compile(rf"(?:使用|印有|印制|贴有|标有|标注)(?:了)?与{_NC}{{0,20}}?注册商标(?:[（(][^）)]{{0,30}}[）)])?相同的(?:商标|标识|标志|图样|文字)"),
     "假冒注册商标罪"),
    (re.compile(r"商业秘密|技术秘密|经营秘密"), "侵犯商业秘密罪"),
    (_METER_CHEAT, "诈骗罪"),
]


class _AmountThreshold(BaseModel):
    amounts: tuple[str, ...]
    yuan: float


class _SoldAndUnsold(BaseModel):
    sold_factor: float
    yuan: float
    sold_below: float | None = None


class _MixedAmounts(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    low: float = Field(alias="from")
    high: float = Field(alias="to")


class _ThresholdArticle(Numbering):
    law: str
    article: int


class _Offence(BaseModel):
    source: str
    thresholds: list[_AmountThreshold]
    sold_and_unsold: _SoldAndUnsold | None = None
    mixed_amounts: _MixedAmounts | None = None
    articles: list[_ThresholdArticle] = Field(default_factory=list)
    made_by_party: bool = False
    ruled_out_by: str = ""
    unless: str = ""

    def ruled_out(self, facts: str) -> bool:
        return bool(self.ruled_out_by and self.ruled_out_by in facts and not (self.unless and self.unless in facts))


class _MarkCount(BaseModel):
    offence: str
    source: str
    count: int


class _FarmLoss(BaseModel):
    offence: str
    source: str
    yuan: float


class CriminalThresholds(BaseModel):
    """The 立案追诉标准 the assessment weighs amounts against (corpus/rules/criminal_thresholds.yaml)."""
    offences: dict[str, _Offence]
    mark_count: _MarkCount
    farm_loss: _FarmLoss


THRESHOLDS_PATH = Path(__file__).resolve().parents[1] / "corpus" / "rules" / "criminal_thresholds.yaml"


@lru_cache(maxsize=4)
def load_thresholds(path: Path = THRESHOLDS_PATH) -> CriminalThresholds:
    """The thresholds file, validated: every offence the readers name has an entry; a malformed entry is a
    ValueError naming the file and the entry."""
    try:
        data = CriminalThresholds.model_validate(read_yaml(path) or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"{path}: {'.'.join(str(x) for x in first['loc'])}: {first['msg']}") from None
    missing = sorted({o for _, o in _CONDUCT_OFFENCES} - set(data.offences))
    if missing:
        raise ValueError(f"{path}: no thresholds for {', '.join(missing)}")
    return data


_UNKNOWING = ("no_fault", "no_fault_claimed")


# The right holder's loss (立案追诉标准（二）第七十三条: 给商业秘密的权利人造成损失数额…三十万元以上), told as the profit it lost
# or its loss (权利人…测算其因订单流失减少利润86万元, 造成权利人经济损失40万元): an amount after a word of loss.
_HOLDER_LOSS = re.compile(r"(?:减少(?:了)?(?:的)?利润|利润(?:损失|减少)|(?:经济|直接|实际)?损失(?:数额|金额)?)(?:共计|合计|约|达到?|为|共|计)?$")


def _holder_loss(facts: str) -> Circumstance | None:
    """The largest loss of a right holder the facts tell (_HOLDER_LOSS), as a case_value-like amount, or None."""
    best = None
    for a in find_amounts(facts):
        before = facts[max(0, a.span[0] - 10):a.span[0]]
        if _HOLDER_LOSS.search(before) and not _negator_before(facts, a.span[0]) and (best is None or a.value > best.value):
            best = a
    if best is None:
        return None
    c = make_circumstance("case_value", value=float(best.value), span=best.span, quote=facts[best.span[0]:best.span[1]])
    c.label = "权利人损失"
    return c


# Money the goods sold for, read as the gain (卖了68400元: 违法所得 by 《市场监督管理行政处罚程序规定》's reckoning of a
# sale), is also the sales (销售金额) a criminal threshold counts.
_TAKINGS = re.compile(r"卖|(?:销售|营业)收入")


def _counts_as(a: Circumstance, keys: tuple[str, ...]) -> bool:
    return a.key in keys or ("sales" in keys and a.key == "illegal_income" and bool(_TAKINGS.match(a.quote or "")))


# The party made the goods itself (自己裁自己缝, 自己印的标, 加工点, 生产了1500个): a maker's 非法经营数额 is what it sold and
# what it still holds together.
_MADE_BY_PARTY = re.compile(rf"(?:自己|自行|亲自)(?:{_NC}{{0,4}}?)(?:生产|制造|加工|缝|裁|印(?!象)|做(?!了?(?:整改|出|主|决定|说明|检查|检测))|贴标|绣|灌装|组装)"
                            rf"|(?:加工点|加工作坊|生产窝点|制假窝点|加工窝点)"
                            rf"|(?:生产|加工|制造|缝制|灌装|组装)(?:了)?(?:{_NC}{{0,6}}?)[0-9一二两三四五六七八九十百千万]+(?:多|余)?(?:个|件|双|只|条|套|箱|瓶|袋|盒|批)")


def _reaching(threshold: _AmountThreshold, amounts: list[Circumstance], facts: str = "",
              extra: tuple[Circumstance, ...] = ()) -> Circumstance | None:
    """The first amount of the threshold's kinds (or one of `extra`, which count whatever their kind) that reaches it;
    an amount said to lie below a figure reaches nothing (is_bound_only, with `facts` where given)."""
    return next((a for a in list(amounts) + list(extra)
                 if (_counts_as(a, threshold.amounts) or a in extra) and isinstance(a.value, float)
                 and a.value >= threshold.yuan and not is_bound_only(a, facts)), None)


def _sold_and_unsold(rule: _SoldAndUnsold | None, amounts: list[Circumstance],
                     facts: str) -> tuple[float, float, Circumstance] | None:
    """(total, sold, the unsold goods' amount) where what was sold (sales, or money the goods sold for) times the rule's
    factor and the unsold goods' value together reach its threshold; None otherwise."""
    if rule is None:
        return None
    sold = max((a.value for a in amounts if isinstance(a.value, float) and not is_bound_only(a, facts)
                and (a.key == "sales" or (a.key == "illegal_income" and re.search(r"卖|售", a.quote or "")))), default=0.0)
    unsold = [a for a in amounts if a.key == "goods_value" and isinstance(a.value, float) and not is_bound_only(a, facts)]
    if not sold or not unsold or (rule.sold_below is not None and sold >= rule.sold_below):
        return None
    total = rule.sold_factor * sold + unsold[-1].value
    return (total, sold, unsold[-1]) if total >= rule.yuan else None


def threshold_by_provisions(provisions: list, circumstances: list[Circumstance], facts: str = "") -> Circumstance | None:
    """A criminal suspicion from the matched violation's articles and the amounts read (see above), or None. With the
    facts, a trade secret's threshold is also reached by the right holder's loss (_HOLDER_LOSS)."""
    keys = {c.key for c in circumstances}
    # (nor where the facts say the threshold is not reached: 未达到刑事追诉标准)
    if "criminal_suspicion" in keys or "no_crime" in keys or keys & set(_UNKNOWING):
        return None
    loss = _holder_loss(facts) if facts else None
    offences = load_thresholds().offences
    made = bool(_MADE_BY_PARTY.search(facts))
    for p in provisions:
        named = [o for o, entry in offences.items() if (made or not entry.made_by_party) and not entry.ruled_out(facts)
                 and any(a.law == short_law_name(p.law) and a.article == p.article and a.numbers(p) for a in entry.articles)]
        for offence in named:
            holder = (loss,) if loss is not None and offence == "侵犯商业秘密罪" else ()
            for t in offences[offence].thresholds:
                a = _reaching(t, circumstances, extra=holder)
                if a is not None:
                    c = make_circumstance("criminal_suspicion", value=offence, span=a.span, quote=a.quote)
                    c.label = (f"涉嫌{offence}（违法行为属{p.cite()}所列行为，{a.label}{a.value:,.0f}元达到立案追诉标准"
                               f"{t.yuan:,.0f}元）")
                    return c
            together = _sold_and_unsold(offences[offence].sold_and_unsold, circumstances, facts)
            if together is not None:
                total, sold, unsold = together
                c = make_circumstance("criminal_suspicion", value=offence, span=unsold.span, quote=unsold.quote)
                c.label = (f"涉嫌{offence}（违法行为属{p.cite()}所列行为，已销售{sold:,.0f}元与尚未销售货值{unsold.value:,.0f}元"
                           f"合计{total:,.0f}元，达到立案追诉标准{offences[offence].sold_and_unsold.yuan:,.0f}元）")
                return c
    return None


# Conduct that is a crime whatever the amount (no 立案追诉 threshold), read from the facts. Negated mentions
# (未检出西地那非) are dropped. 两高《关于办理危害食品安全刑事案件适用法律若干问题的解释》(2021) 第一条第（二）项:
# 病死、死因不明的畜禽肉类 are 足以造成严重食物中毒事故 (刑法第一百四十三条); drugs and non-food substances
# added to food: 刑法第一百四十四条.
_CRIMINAL_CONDUCT: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:病死|毒死(?!蜱)|死因不明)的?(?:禽|畜|兽|猪|牛|羊|鸡|鸭|鹅|兔|驴|马|狗|动物|水产|肉)"
                r"|(?:收|购|买|收购)(?:的|了|来的)?(?:病|死)(?:猪|牛|羊|鸡|鸭|鹅|禽|畜)"),
     "生产、销售不符合安全标准的食品罪"),
    # (the drugs found added to health foods: 原卫生部《保健食品中可能非法添加的物质名单》 — slimming 西布曲明 芬氟拉明 酚酞
    # 麻黄碱, blood sugar 格列…/…双胍/…列酮, the 那非 family, sleep …西泮/…唑仑/巴比妥, blood pressure 氢氯噻嗪 利血平 硝苯地平)
    (re.compile(r"(?:西地|伐地|红地|艾地|莫西地)那非|他达拉非|瘦肉精|克伦特罗|莱克多巴胺|苏丹红|三聚氰胺|吊白块|罂粟(?:壳|碱|果|粉|可)|吗啡|可待因|孔雀石绿|硼砂|地沟油"
                r"|西布曲明|芬氟拉明|酚酞|麻黄碱|格列(?:本脲|苯脲|齐特|吡嗪|喹酮|美脲)|(?:苯乙|二甲)双胍|(?:罗|吡)格列酮|甲苯磺丁脲"
                r"|(?:地|硝|氯硝|奥沙|艾司)西泮|(?:阿普|三)唑仑|(?:苯|异戊|司可)?巴比妥|氢氯噻嗪|利血平|硝苯地平|卡托普利"
                r"|非食用物质|非食品原料|工业用(?:盐|酒精|明胶|甲醇)|添加(?:了)?(?:西药|药物成分|药品)"
                # industrial alcohol blended into liquor (桶上贴着'工业乙醇 99%'…兑酒用的; 用工业酒精勾兑)
                r"|工业(?:用)?(?:酒精|乙醇|甲醇)[^。；;]{0,24}?(?:兑|勾兑|掺|加入|添加)|(?:兑|勾兑|掺)(?:了|入|进)?[^。；;，,]{0,8}工业(?:用)?(?:酒精|乙醇|甲醇)"
                # (the blend written down beside the blending tank: 勾兑罐旁记录本记载“原酒200+工业酒精50”; no negator between)
                r"|勾兑[^。；;，,未无没不非]{0,20}?工业(?:用)?(?:酒精|乙醇|甲醇)"
                # formaldehyde in soaked aquatic or offal foods (the non-food substances list: 甲醛 for 水发产品), not in
                # furniture or clothes
                r"|(?:鱿鱼|章鱼|海参|墨鱼|水发|泡发|毛肚|百叶|牛肚|虾仁|海产品|水产品|干货|食品)[^。；;，,]{0,12}甲醛(?!次)"
                # a highly toxic pesticide put on food by hand (sprayed on drying fish against flies, soaked, brushed on),
                # not a residue found by a test
                r"|(?:敌敌畏|敌百虫|甲胺磷|氧乐果|克百威|甲拌磷|对硫磷)[^；;\n]{0,40}?(?:喷|泡|浸|兑水|刷|洒|抹|涂|拌)"
                r"|(?:喷|泡|浸|刷|洒|抹|涂|拌)(?:了|上|过)?[^。；;]{0,12}?(?:敌敌畏|敌百虫|甲胺磷|氧乐果|克百威|甲拌磷|对硫磷)"),
     "生产、销售有毒、有害食品罪"),
    # 刑法第一百四十一条 (since 刑法修正案（八）, whatever the amount): a drug found to be 假药 (药品管理法第九十八条第二款), said
    # as a finding (属于假药, 按假药论处), or a remedy sold as traditional (祖传秘方, 纯中药) in which a test found a western
    # drug or a hormone (成份与国家药品标准规定的成份不符, 第九十八条第二款第（一）项)
    (re.compile(r"(?<![否不非])(?:属于?|系|是|认定为|定性为|按|以|依法认定为)假药"
                r"|(?:秘方|祖传|纯中药|纯草药|中药|草药|偏方|药酒|药丸|药粉|胶囊)[^。；;]{0,60}?(?<![未无不没])(?<!没有)(?:检出|检测出|检验出|含有|掺有|添加(?:了)?)"
                r"[^。；;]{0,6}?(?:泼尼松|地塞米松|倍他米松|双氯芬酸|吲哚美辛|布洛芬|对乙酰氨基酚|保泰松|安乃近|激素|西药成分|化学药)"
                # a drug the drug-testing institute found without the ingredient it is sold as (第九十八条第二款第（一）项: 经市药品
                # 检验所检验，抽样药品不含阿托伐他汀钙成份)
                r"|(?:药品检验所|药检所|药品检验(?:机构|研究院|中心)|药品)[^。；;]{0,30}?(?<![否])(?:不含|未检出|未含有?|不含有)[^。；;，,]{0,16}?(?:成份|成分)"
                r"|药品所含成[份分]与[^。；;]{0,16}(?:不符|不一致)"),
     "生产、销售、提供假药罪"),
    # meat that failed its quarantine or comes from where an epidemic bars it (两高《关于办理危害食品安全刑事案件适用法律若干问题的
    # 解释》（2021）第一条第（三）项 检验检疫不合格的肉类, 第（四）项 为防控疾病明令禁止生产、销售的: 足以造成严重食物中毒事故)
    (re.compile(r"(?:检验检疫|检疫)(?:结果)?(?:不合格|未通过)(?:的)?[^。；;，,]{0,8}?(?:肉|禽|畜|猪|牛|羊|鸡|鸭|冻品|百叶|毛肚)"
                r"|(?:肉|禽|畜|猪|牛|羊|冻品|百叶|毛肚)[^。；;]{0,30}?(?:检验检疫|检疫)(?:结果)?(?:不合格|未通过)"
                r"|(?:口蹄疫|非洲猪瘟|猪瘟|禽流感|疯牛病|牛海绵状脑病)?疫区(?:国家|国|地区)?"),
     "生产、销售不符合安全标准的食品罪"),
    # goods brought in past customs (走私, 水客背运, 无进口申报记录): the customs' anti-smuggling police take it (刑法第一百五十一条、
    # 第一百五十三条), whatever the market-regulation violation found with it
    # (the customs' own record found empty, not the trader's papers missing: 没有报关单 is a buyer's check not made)
    (re.compile(r"走私(?!罪)|水客|(?:无|没有|查无)(?:任何)?(?:进口|入境|进境)(?:报关|申报)(?:信息|记录)"
                r"|(?:偷运|背运|夹带)(?:入境|进境|过境)|绕关"),
     "走私普通货物、物品罪"),
]


_NOT_REACHED = re.compile(r"未达|没达到|没有达到|未超过|没超过")  # a threshold said not reached: no amount at all
_BELOW = re.compile(_NOT_REACHED.pattern + r"|不足|未满|低于|不到|没到|不够|够不上|达不到|[<＜≤]")  # … or an amount below a threshold (总货值＜15万)


def is_bound_only(a: Circumstance, facts: str = "") -> bool:
    """An amount said to lie below a figure (货值不到15万元, 销售金额不足5万元; with `facts`, also 未达…15万元 said just
    before it): a bound, no figure that reaches a threshold."""
    return bool(_BELOW.search(a.quote or "")
                or (facts and _BELOW.search(clause_before(facts, (a.span or (0, 0))[0], 6))))


# a year in four figures, or in two before a month in chat and notes (26年2月, 23年9月: 2026, 2023)
_YEAR = r"\d{4}|(?<![\d.])[12]\d(?=年\d{1,2}月)"
_DATED = re.compile(rf"({_YEAR})年(?:(\d{{1,2}})月)?(?:(\d{{1,2}})[日号])?")


def _full_year(year: str) -> int:
    """2026 from 2026 or from 26 (a two-figure year before a month: 26年2月)."""
    n = int(year)
    return n + 2000 if n < 100 else n


_FOOD_CONTEXT = re.compile(r"食品|食用|食材|饮料|饮品|酒|肉|菜|面|粉|汤|卤|火锅|餐|吃|喝|添加|掺入|掺了|保健|胶囊|茶|糖|奶|油|蛋|饼|糕"
                           r"|鱼|虾|蟹|贝|鱿|鳗|鲞|海参|海鲜|水产|冻品|干货|腊|腌|猪|牛|羊|禽|畜|屠宰|百叶|毛肚")
_CONDUCT_NEGATED = re.compile(r"(?:未|没有|并未|不|无|均未)(?:检出|检测出|检验出|发现|添加|含有|含|使用|是|涉及)?(?:了)?$"
                              # the class after a named substance denied with it (未检出罂粟碱等非食用物质)
                              r"|(?:未|没有|并未|均未)(?:检出|检测出|检验出|发现|添加|含有|使用)(?:了)?[^，,。；;]{1,10}?(?:等|及其他|以及|和|或)$")


# 刑法第一百四十七条: fake or shoddy pesticides, veterinary drugs, fertilisers or seeds that cause 较大损失 to production;
# 两高《关于办理生产、销售伪劣商品刑事案件具体应用法律若干问题的解释》(2001) 第七条: 较大损失 from 二万元 — whatever the
# sales. The loss is the crops' or the livestock's, told as such (减产损失十一万四千元, 造成经济损失3万元).
_FARM_INPUT = re.compile(r"化肥|复合肥|肥料|尿素|农药|除草剂|杀虫剂|杀菌剂|种子|种苗|兽药|疫苗")
_FARM_SHODDY = re.compile(_SHODDY.pattern + r"|不合格|假(?:化肥|农药|种子|兽药|肥)|含量(?:不足|仅|只有|才)|(?:实测|检验|检测)[^。；;]{0,12}(?:才|仅|只有)")
_FARM_LOSS = re.compile(r"(?:减产|绝收|死亡|经济|直接|生产|农作物|庄稼)?损失(?:金额|共计|合计|达到?|约|为|共)?")


def _farm_input_loss(facts: str) -> Circumstance | None:
    if not _FARM_INPUT.search(facts) or not _FARM_SHODDY.search(facts):
        return None
    rule = load_thresholds().farm_loss
    for a in find_amounts(facts):
        before = facts[max(0, a.span[0] - 12):a.span[0]]
        m = _FARM_LOSS.search(before)
        if (m is None or not before.endswith(m.group(0)) or a.value < rule.yuan
                or _negator_before(facts, a.span[0] - len(m.group(0)))):
            continue
        quote = facts[a.span[0] - len(m.group(0)):a.span[1]]
        c = make_circumstance("criminal_suspicion", value=rule.offence, span=(a.span[0] - len(m.group(0)), a.span[1]),
                              quote=quote)
        c.label = (f"涉嫌{rule.offence}（“{quote}”，使生产遭受损失{a.value:,.0f}元，达到较大损失"
                   f"{rule.yuan:,.0f}元的追诉标准，不以销售金额为条件）")
        return c
    return None


# 非法制造、销售非法制造的注册商标标识 (刑法第二百一十五条; 立案追诉标准（一）第七十一条): 伪造、擅自制造他人注册商标标识
# or selling such marks, 数量在二万件以上 — a count of the marks themselves (瓶贴, 标签, 吊牌 printed without the owner's
# leave: 已印成品经清点共4.2万张), whatever their price. The count must stand in a clause that names the marks, and the
# facts must say they were made without the right (非其授权, 伪造, 假冒…). The count: mark_count in
# corpus/rules/criminal_thresholds.yaml.
_MARK_WORDS = r"商标标识|商标标签|瓶贴|瓶标|酒标|标签|吊牌|标贴|防伪标|不干胶|商标|标识"
_MARK_MAKING = re.compile(rf"(?:伪造|擅自制造|非法制造|私自印制|印制|印刷|印了|加印|代印|私印|制作)(?:了)?{_NC}{{0,24}}?(?:{_MARK_WORDS})"
                          rf"|(?:{_MARK_WORDS}){_NC}{{0,12}}?(?:印制|印刷|印好|制作)")
_MARK_UNLICENSED = re.compile(r"(?:非|未经?|没有?|未获)(?:其|权利人|商标权利?人|商标注册人|品牌方|厂家)?(?:的)?(?:授权|许可|同意)|伪造|假冒|冒用|擅自|仿冒|山寨")
_MARK_COUNT = re.compile(r"(?P<n>[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千]+)(?P<wan>万)?(?:余|多)?(?:张|枚|件|套|个|只|卷)")


def _mark_labels(facts: str) -> Circumstance | None:
    """A suspicion of 非法制造注册商标标识罪 from the count of marks made (the thresholds' mark_count), or None."""
    made = _MARK_MAKING.search(facts)
    if not made or not _MARK_UNLICENSED.search(facts) or _negator_before(facts, made.start()):
        return None
    rule = load_thresholds().mark_count
    for m in _MARK_COUNT.finditer(facts):
        clause = re.split(r"[。；;]", facts[:m.start()])[-1]
        if not re.search(_MARK_WORDS + r"|成品|印", clause + m.group(0)) or _negator_before(facts, m.start()):
            continue
        if re.search(r"(?:不足|不到|未达|未满|低于|少于)$", facts[max(0, m.start() - 4):m.start()]):
            continue
        n = parse_number(m.group("n") + (m.group("wan") or ""))  # (4.2万, 两万, 8000)
        if n is not None and n >= rule.count:
            c = make_circumstance("criminal_suspicion", value=rule.offence, span=m.span(), quote=m.group(0))
            c.label = (f"涉嫌{rule.offence}（“{made.group(0)}”，{m.group(0)}，达到伪造、擅自制造他人注册商标标识"
                       f"{rule.count:,}件的立案追诉标准）")
            return c
    return None


def _threshold_circumstances(facts: str, amounts: list[Circumstance]) -> list[Circumstance]:
    offences = load_thresholds().offences
    hits = [(hit, offence) for conduct, offence in _CONDUCT_OFFENCES if (hit := conduct.search(facts))]
    out = []
    for hit, offence in hits:
        for t in offences[offence].thresholds:
            # (总货值未达15万元: a threshold said not reached is no amount reaching it)
            a = _reaching(t, amounts, facts)
            if a is not None:
                c = make_circumstance("criminal_suspicion", value=offence, span=a.span, quote=a.quote)
                c.label = f"涉嫌{offence}（“{hit.group(0)}”，{a.label}{a.value:,.0f}元达到立案追诉标准{t.yuan:,.0f}元）"
                out.append(c)
    # sold and unsold together (sold_and_unsold): 伪劣产品, 销售金额不满五万元，但已销售金额乘以三倍后与尚未销售的货值金额
    # 合计十五万元以上; 假冒注册商标的商品, 已销售金额与尚未销售的货值金额合计在十五万元以上 (已卖出1.8万元…查扣未售的
    # 同款1460只，按标价计14.6万元), where what was sold may read as the money taken by selling
    for hit, offence in hits:
        rule = offences[offence].sold_and_unsold
        together = _sold_and_unsold(rule, amounts, facts) if not out else None
        if together is None:
            continue
        total, sold, unsold = together
        times = f"×{rule.sold_factor:g}" if rule.sold_factor != 1 else ""
        c = make_circumstance("criminal_suspicion", value=offence, span=unsold.span, quote=unsold.quote)
        c.label = (f"涉嫌{offence}（“{hit.group(0)}”，已销售{sold:,.0f}元{times}＋尚未销售货值{unsold.value:,.0f}元"
                   f"＝{total:,.0f}元，达到{rule.yuan:,.0f}元的立案追诉标准）")
        out.append(c)
    if out:
        return out[:1]
    marks = _mark_labels(facts)
    if marks is not None:
        return [marks]
    loss = _farm_input_loss(facts)
    if loss is not None:
        return [loss]
    for conduct, offence in _CRIMINAL_CONDUCT:
        for hit in conduct.finditer(facts):
            sentence_before = clause_before(facts, hit.start(), 40, SENTENCE_END)
            if (_negator_before(facts, hit.start()) or _CONDUCT_NEGATED.search(clause_before(facts, hit.start(), 16))
                    or _about_source(facts, hit.start())
                    or _LEAD_FOLLOWED.search(sentence_before) or _REPORTED_OTHERS.search(sentence_before)):
                continue  # (not the supplier's own wares: 该炒料房…部分底料检出罂粟碱)
            # a food offence needs food: 硼砂 in a home-made toy slime is a product-quality matter
            if offence in ("生产、销售有毒、有害食品罪", "生产、销售不符合安全标准的食品罪") and not _FOOD_CONTEXT.search(facts):
                continue
            # smuggling alleged in someone's quoted words (称投诉人'用的玻尿酸是走私水货') is no finding
            if offence == "走私普通货物、物品罪" and _inside_quotes(
                    facts, hit.start(), since=sentence_bounds(facts, hit.span())[0], pairs=_QUOTE_PAIRS_SINGLE, straight=True):
                continue
            c = make_circumstance("criminal_suspicion", value=offence, span=hit.span(), quote=hit.group(0))
            c.label = f"涉嫌{offence}（不以数额为追诉条件）"  # (the quote is shown beside the label)
            return [c]
    return []


_DATE = re.compile(rf"(?:({_YEAR})年)?(\d{{1,2}})月(?:(\d{{1,2}})[日号])?")
# The end of a range: a month (and day), a day of the start's month (7月1号到10号), or 至今.
_RANGE_TO = re.compile(r"\s*(?:(?:持续|一直|延续|连续)(?=至|到))?(?:至|到|—|－|-|~|～)\s*(?:(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?|(?P<day>\d{1,2})[日号])|\s*至今")
_LIST_MONTH = re.compile(r"(?:、(\d{1,2})月(?:(\d{1,2})[日号])?)+")
# (the buyer's purchase is the seller's sale: 举报人说2024年2月5日在你店里买到过期酸奶)
_ACT_VERB = re.compile(r"生产|销售|售出|出售|经营|买到|购买|购得|播出|播放|发布|使用|实施|发生|收费|收取|加收|购进|提供|加工|制售|运营"
                       r"|印制|印刷|印的|发放|散发|派发|张贴|悬挂|上架|挂出|挂上|贴上|投放|上线|推出|开始|宣传|推广|开卖|卖|交易|成交")
_ACT_STOPPED = re.compile(r"(?:底|末|初|中旬|下旬|上旬|份)?(?:起|后|以后)?[^，,。；;]{0,14}?(?:即|就|便|已|已经)?"
                          r"(?:停止|取消|撤下|撤除|删除|下架|不再|没再|没有再|未再|再没|再也没|再未|再不|停发|关停|停用|停播|拆除|换用|改用|启用新版"
                          # the last of it handed out or sold (最后一批于2024年1月底发完)
                          r"|发完|派完|卖完|售完|播完|发放完毕|派发完毕|散发完毕|销售完毕"
                          # a banner or sign taken down (2024年2月3日取横幅, 当天摘下招牌)
                          r"|取下|取掉|摘下|摘掉|撤掉|拆掉|撕掉|收掉"
                          # the missing licence got (2024年4月22日重新取得食品经营许可): trading without it ended then
                          r"|(?:重新|依法)?(?:取得|领取|领到|办好|补办|换发|拿到)(?:了)?[^，,。；;]{0,8}(?:许可证?|执照|登记证|证照)"
                          r"|(?:取|摘|撤|拆|撕)(?:了)?(?:横幅|条幅|广告|招牌|海报|标语|灯箱|牌子|展板|宣传))")
_BORN_BEFORE = re.compile(_BIRTH_WORD + "$")
_BORN_AFTER = re.compile(r"\s*(?:出生|生人|生，|生,|生）|生\)|生的)")
# A month without a year leans on the year last named when its part of the month is said (4月初就没再发).
_MONTH_PART = re.compile(r"初|底|末|中旬|上旬|下旬|份")
# A discovery named before its date in the same clause (投诉是2026年6月才来的, 举报时间为2026年6月3日).
_DISCOVERY_BEFORE = re.compile(r"(?:举报|投诉|检查|抽检|抽查|巡查|核查)[^，,。；;]{0,4}?(?:是|于|为|在|：|:)\s*$"
                               # a hotline ticket's date (工单受理日期为2026年9月18日, 工单登记时间：…)
                               r"|(?:工单|热线)(?:的)?(?:受理|登记|派发|转办)?(?:日期|时间)(?:是|为|在|：|:)\s*$"
                               r"|(?:举报|投诉)(?:人|者)(?:[一-龥]某{1,2})?\s*$"  # 举报人2026年2月提交照片, 举报人王某2025年11月6日来局反映
                               r"|(?:^|[。；;\n，,])\s*(?:投诉|举报)?(?:登记|受理)(?:时间|日期)[:：]\s*$")  # a complaint form's first field (登记时间：2025年6月20日)
_DISCOVERY = re.compile(r"举报|投诉|检查|调查|发现|抽检|抽查|巡查|查获|倒查|核查|来电|来信|来访|来局反映|到局反映|来所反映")
# How far after a date a discovery verb may stand when someone discovers (2024年2月市场监管部门接举报才发现);
# a conduct verb standing nearer wins (2024年3月销售的…经抽检不合格 is the act date).
_DISCOVERY_REACH = 16
# the date of an earlier penalty (曾因…受过处罚) or of another decision on the same act (已于3月2日就同一违法行为作出…)
_PRIOR = re.compile(r"^\s*(?:曾|已)?(?:因|由于)|^\s*(?:已|曾)?(?:就|对)(?:同一|相同)")
# the same named before the date (上次被处罚是2023年8月（销售假冒同一品牌帽子）, 前次处罚时间为2025年3月)
_PRIOR_BEFORE = re.compile(r"(?:上次|上一次|前次|前一次|上回|头一次)(?:被|受到?|挨)?(?:的)?(?:处罚|行政处罚|罚款|罚)(?:的)?(?:时间|日期)?(?:是|为|在|于)?[:：]?\s*$")


def _discovered(clause: str) -> bool:
    """Whether the words after a date say the act was discovered then: a discovery verb right after the
    date, or within _DISCOVERY_REACH characters of it with no conduct verb before it."""
    if re.match(r"\s*(?:终了|结束|停止|终止)", clause):
        return False  # 于2023年4月18日终了，至发现时已逾二年: the act's end, however near 发现 follows
    found = _DISCOVERY.search(clause[:_DISCOVERY_REACH])
    if found and _OWN_STOCKTAKING.search(clause[:found.start()]):
        return False  # 2023年10月8日盘货时才发现过期下架: the party found it in its own stock, no office did
    if clause.startswith("接") or _DISCOVERY.search(clause[:6]):
        return True
    act = _ACT_VERB.search(clause[:_DISCOVERY_REACH])
    if not found:  # a complaint to the office told with its complainant and cause first (一名购车人因车辆无法上牌向本局投诉)
        found = _COMPLAINED_TO_US.search(clause[:_COMPLAINT_REACH])
        act = _ACT_VERB.search(clause[:found.start()]) if found else None
    return bool(found) and (act is None or found.start() < act.start())


# The party's own going through its stock (盘货, 自查, 清点货架): what it finds then, no office has discovered.
_OWN_STOCKTAKING = re.compile(r"盘货|盘点|盘库|自查|理货|清点|清理货架|整理货架")
_COMPLAINED_TO_US = re.compile(r"向(?:本局|我局|本所|我所|12315|市场监管部门|市场监督管理部门|执法人员)[^，,。；;]{0,4}?(?:投诉|举报|反映)")
_COMPLAINT_REACH = 28


def criminal_questions(facts: str, circumstances: list[Circumstance]) -> list[str]:
    """What must be asked before a referral can be ruled out: amounts that may or may not reach a
    立案追诉标准 depending on a figure the facts do not give."""
    keys = {c.key: c for c in circumstances}
    if "criminal_suspicion" in keys or "sales" in keys or not _SELLING_FAKES.search(facts):
        return []
    bounds = load_thresholds().offences["销售假冒注册商标的商品罪"].mixed_amounts
    if bounds is None:
        return []
    mixed = [c for c in circumstances if c.key in ("business_volume", "case_value") and isinstance(c.value, float)
             and bounds.low <= c.value < bounds.high]
    if not mixed:
        return []
    return [f"{mixed[0].label}{mixed[0].value:,.0f}元中已销售的金额是多少？当事人是否明知是假冒注册商标的商品？"
            f"（销售金额五万元以上涉嫌销售假冒注册商标的商品罪，应当移送司法机关）"]


# A date the act's verb follows further on (2024年3月12日把一瓶过期糖浆卖给村民: the 把 construction puts the verb last) or
# the date of a buyer's receipt (一张2024年1月6日的购物小票): the act's date.
_DISPOSAL = re.compile(r"\s*(?:把|将)")
_RECEIPT = re.compile(r"\s*(?:的)?(?:购物|收银|销售|消费)?(?:小票|凭证|订单|收据)")
DISPOSAL_REACH = 30


# The act told as lasting until a date (一直用到2026年3月9日, 持续至2025年8月), or stopped on the date's own day further on in
# its sentence (2024年2月10日刘某把送水站转给陈某，陈某接手当天就取消了这项收费).
_LASTED_UNTIL = re.compile(r"(?:一直|持续|延续|连续)[^，,。；;]{0,6}(?:到|至)$")
_SAME_DAY_STOP = re.compile(r"(?:当天|当日|同日|即日)(?:就|即|便)?[^，,。；;]{0,4}?(?:停止|取消|撤下|删除|下架|不再|关停|停用|拆除|停收|停售)")
SAME_DAY_REACH = 40


def _stopped_that_day(facts: str, end: int) -> bool:
    sentence = re.split(r"[。；;]", facts[end:end + SAME_DAY_REACH])[0]
    nearest = _DATE.search(sentence)
    hit = _SAME_DAY_STOP.search(sentence)
    return hit is not None and (nearest is None or hit.start() < nearest.start())


def _acted_later(facts: str, end: int) -> bool:
    if _RECEIPT.match(facts, end):
        return True
    if not _DISPOSAL.match(facts, end):
        return False
    clause = re.split(r"[，,。；;]", facts[end:end + DISPOSAL_REACH])[0]
    return bool(_ACT_VERB.search(clause))


def _date_circumstances(facts: str) -> list[Circumstance]:
    out: list[Circumstance] = []
    year: int | None = None
    consumed_to = 0  # end of the last range or list read, so its second date is not read again
    for m in _DATE.finditer(facts):
        if m.start() < consumed_to:
            continue
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        if y and (_BORN_AFTER.match(facts, m.end()) or _BORN_BEFORE.search(facts, max(0, m.start() - 12), m.start())):
            continue  # a birth date (read by _birth_circumstances): no year for the dates after it to lean on
        if y:
            year = _full_year(y)
        elif year is None or (d is None and not _MONTH_PART.match(facts, m.end())):
            continue  # a yearless date needs an earlier year to lean on, and a day or a part of the month
        if not 1 <= mo <= 12:
            continue
        start = iso(year, mo, int(d) if d else None)
        end_pos = m.end()
        after = facts[end_pos:end_pos + 14]
        clause_after = re.split(r"[。；;]", after)[0]
        rng = _RANGE_TO.match(facts, end_pos)
        if rng and rng.group("day") and not d:
            rng = None  # 7月到10号: a day-only end needs a day to start from
        lst = _LIST_MONTH.match(facts, end_pos)
        if _PRIOR.match(after) or _PRIOR_BEFORE.search(facts[max(0, m.start() - 14):m.start()]):
            continue  # the date of an earlier penalty; read with repeat_offence
        if rng:
            consumed_to = rng.end()
            out.append(make_circumstance("act_date", value=start, span=(m.start(), rng.end()),
                                         quote=facts[m.start():rng.end()]))
            end_iso = None
            if rng.group(2):
                end_year = int(rng.group(1)) if rng.group(1) else year
                end_iso = iso(end_year, int(rng.group(2)), int(rng.group(3)) if rng.group(3) else None)
            elif rng.group("day"):  # 7月1号到10号: a day of the start's month
                end_iso = iso(year, mo, int(rng.group("day")))
            if end_iso:
                out.append(make_circumstance("act_end_date", value=end_iso, span=(m.start(), rng.end()),
                                             quote=facts[m.start():rng.end()]))
            else:
                out.append(make_circumstance("continuing", value="至今", span=(m.start(), rng.end()),
                                             quote=facts[m.start():rng.end()]))
            continue
        span = (m.start(), end_pos)
        if _LASTED_UNTIL.search(facts[max(0, m.start() - 12):m.start()]):
            # 一直用到2026年3月9日我所检查时: the act lasted until then (第三十六条第二款 counts from here)
            out.append(make_circumstance("act_end_date", value=start, span=span, quote=m.group(0)))
            if _discovered(re.split(r"[，,]", clause_after)[0]):
                out.append(make_circumstance("discovery_date", value=start, span=span, quote=m.group(0)))
            continue
        if "立案" in clause_after[:8]:
            if _DISCOVERY.search(clause_after[:8]):
                out.append(make_circumstance("discovery_date", value=start, span=span, quote=m.group(0)))
            out.append(make_circumstance("filing_date", value=start, span=span, quote=m.group(0)))
        elif (_discovered(re.split(r"[，,]", clause_after)[0]
                          or ("" if re.match(r"\s*[。；;]", after) else facts[end_pos:end_pos + 20].lstrip("，, ")))
              or _DISCOVERY_BEFORE.search(facts[max(0, m.start() - 10):m.start()])):
            out.append(make_circumstance("discovery_date", value=start, span=span, quote=m.group(0)))
        elif re.match(r"\s*作出", clause_after):
            out.append(make_circumstance("decision_date", value=start, span=span, quote=m.group(0)))
        elif _ACT_STOPPED.match(clause_after) or _stopped_that_day(facts, end_pos):
            # the act ended then (2023年8月底…即取消, 2024年5月起停止发放): the limitation period runs from here
            out.append(make_circumstance("act_end_date", value=start, span=span, quote=m.group(0)))
        elif _ACT_VERB.search(clause_after) or _acted_later(facts, end_pos):
            out.append(make_circumstance("act_date", value=start, span=span, quote=m.group(0)))
            if lst:
                consumed_to = lst.end()
                last_mo, last_d = re.findall(r"(\d{1,2})月(?:(\d{1,2})[日号])?", lst.group(0))[-1]
                out.append(make_circumstance("act_end_date", value=iso(year, int(last_mo), int(last_d) if last_d else None),
                                             span=(m.start(), lst.end()), quote=facts[m.start():lst.end()]))
    return out


def _prior_penalty_date(facts: str, repeat: Circumstance) -> str | None:
    """The date written right before 曾因…受过处罚: '2023年10月曾因同一性质违法受过处罚'."""
    assert repeat.span
    m = re.search(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?\s*$", facts[max(0, repeat.span[0] - 12):repeat.span[0]])
    if not m:
        return None
    return iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)


def _stated_case_dates(found: list[Circumstance], skip: tuple[int, int]):
    """The present case's dates read from the facts, in the order they date it (the act — begun again is done again:
    a continuing act begun within a year of the prior penalty is a repetition within the year —, the act's end, the
    discovery, the filing), outside the prior penalty's own words `skip`."""
    return (c for k in ("act_date", "act_end_date", "discovery_date", "filing_date") for c in found
            if c.key == k and isinstance(c.value, str) and not (c.span and _overlaps([skip], c.span)))


def _case_window(facts: str, found: list[Circumstance], prior: str, skip: tuple[int, int]) -> tuple:
    """(earliest, latest) day the present case can be dated by, for comparing with a prior penalty on `prior`: the
    act's end, the act, the discovery or the filing when read; otherwise the dates of the facts later than the prior
    penalty (outside its own words `skip`). A gap to the latest within a year is a repetition within a year for sure;
    one to the earliest over a year is none for sure; between, the officer is asked."""
    prior_start = parse_date(prior, end=False)
    for stated in _stated_case_dates(found, skip):
        day = parse_date(str(stated.value), end=True)
        if prior_start and day and day < prior_start:
            continue  # a date before the prior penalty: the sampling that led to it (2026年3月抽检…2026年5月被罚…10月再次抽检)
        return day, day
    prior_last = parse_date(prior, end=True)
    days = []
    # (a record's date in figures counts too: 【专项群 2026-05-21】, 2026.5.21)
    for m in re.finditer(r"(\d{4})(?:年(?:(\d{1,2})月)?|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))", facts):
        month, day = m.group(2) or m.group(3), m.group(4)
        month = int(month) if month and 1 <= int(month) <= 12 else None
        text = iso(int(m.group(1)), month, int(day) if month and day and 1 <= int(day) <= 31 else None)
        first, last = parse_date(text, end=False), parse_date(text, end=True)
        if (not skip[0] <= m.start() < skip[1] and first is not None and last is not None
                and prior_last is not None and first > prior_last):
            days.append(last)
    if not days and prior_last is not None:
        # the present case told by month and day alone (4月30日至5月5日卖了多少？…2025年8月12日因为同样标虚假原价被县局罚过款):
        # it lies after the prior penalty (told as past) and before today, in any year between — one such year dates it;
        # with several, the window spans them and the officer is asked
        today = date.today()
        for m in _MONTH_DAY.finditer(facts):
            if skip[0] <= m.start() < skip[1] or not (1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31):
                continue
            for year in range(prior_last.year, today.year + 1):
                day = parse_date(iso(year, int(m.group(1)), int(m.group(2))), end=False)
                if day is not None and prior_last < day <= today:
                    days.append(day)
    return (min(days), max(days)) if days else (None, None)


def _within_year(prior: str, window: tuple) -> bool | None:
    """True / False when the window decides whether the present case falls within a year of the prior penalty."""
    earliest, latest = window
    prior_first, prior_last = parse_date(prior, end=False), parse_date(prior, end=True)
    if latest is None or prior_first is None or prior_last is None or prior_first > latest:
        return None
    if (latest - prior_first).days <= 366:
        return True
    if (earliest - prior_last).days > 366:
        return False
    return None


def _date_repeat(facts: str, found: list[Circumstance]) -> None:
    """A prior penalty dated within a year before the present case counts as repeat_within_year."""
    for i, c in enumerate(found):
        if c.key != "repeat_offence" or not c.span:
            continue
        prior = _prior_penalty_date(facts, c)
        if prior is None:
            continue
        found[i] = c = c.model_copy(update={"value": prior})
        window = _case_window(facts, found, prior, c.span)
        within = _within_year(prior, window)
        if within:
            found[i] = make_circumstance("repeat_within_year", value=prior, span=c.span, quote=c.quote)
            found[i].label += f"（前次处罚{prior}，本案{window[1].isoformat()}）"
        elif within is False:
            found[i] = make_circumstance("repeat_not_within_year", value=prior, span=c.span, quote=c.quote)
            found[i].label += f"（前次{prior}，距本案{window[0].isoformat()}已逾一年）"


# A prior sanction in any wording (系统显示该店2024年5月曾因餐具未消毒受过警告处罚 / 该店2023年曾因验光仪未检定被责令
# 改正 / 当事人2025年9月因经营超过保质期食品被我局处以罚款): a date or an earlier-time word (曾, 此前, 以前, 上次,
# 去年 …) before 因…被/受…, and a sanction word. Without either mark it may be the present case (因涉嫌…被立案).
# A time counted back from the present case (半年前, 三个月前, 上个月, 今年; 一年多前, 两年前) says by itself whether the
# prior penalty lies within a year; 去年8月 does so against the month of the present case (今天（3月11日）).
_REL_WITHIN = rf"(?:近|最近)?(?:一年|1年|12个月|十二个月)(?:以|之)?内|不(?:到|足|满)(?:一年|1年|12个月|十二个月)(?:以)?前|前(?:[1-9]|1[01]|[一二两三四五六七八九十]|十一)个(?:多)?月|半年(?:多)?前|(?:[1-9]|1[01]|[一二两三四五六七八九十]|十一)个(?:多)?月(?:以)?前|上个?月|几个月前|前几个月|今年(?:初|年初)?|本年度?"
_REL_OVER = r"一年多(?:以)?前|[2-9两二三四五六七八九]年(?:多)?(?:以)?前|前年"
_WHEN = (rf"(?P<when>(?:曾经?(?:于|在))?(?:(?P<y>{_YEAR})年(?:(?P<m>\d{{1,2}})月)?(?:(?P<d>\d{{1,2}})[日号])?(?:份|底|初|年底|年初)?)"
         rf"|(?P<within>{_REL_WITHIN})(?:即|，|,)?(?:\d{{4}}年(?:\d{{1,2}}月)?)?|(?P<over>{_REL_OVER})"
         rf"|去年(?:[（(]\d{{4}}年[）)])?(?:(?P<lm>\d{{1,2}}|十[一二]|[一二三四五六七八九十])月)?"
         # a month without a year, told beside the present case (4月那回罚了两千): this year's or last year's, within twelve months
         rf"|(?P<bm>\d{{1,2}}|十[一二]|[一二三四五六七八九十])月(?:份)?(?:那回|那次|那一回|那一次|立案)"
         rf"|曾经?|此前|之前|先前|以前|以往|上次|上一次|上回|前次|那次|那回)")
_PRIOR_SANCTION = re.compile(
    rf"{_WHEN}{_NC}{{0,4}}?(?:曾经?|也|还|都)?(?:因|由于)[^。；;？?！!\n]{{1,40}}?"
    # (被本局依据《反不正当竞争法》罚款20万元: the law named between)
    rf"(?:被|受(?:过|到)?|接受过?|领过?|吃过?|挨(?:过|了)?){_NC}{{0,22}}?"
    rf"(?P<what>罚款|罚了|罚过|处罚|处以|警告|没收|责令(?:改正|整改|限期改正)|查处|行政处理|(?<=[受被])罚)")
# The same without 因 (去年6月我们罚过一次, 2021年底给人印过假奶茶杯，被罚过一次, 2025年1月发布…广告，均被本局立案处罚):
# a time before a sanction the party underwent, in the past (被/受 … 罚, 罚过, 处罚过), nothing between them that makes
# it the present case, a plan or a fear (拟, 决定, 依据, 可能, 怕 …) or another actor's (供货商, 隔壁 …), and no other
# date between (the nearest date is the prior penalty's).
_NOT_A_PRIOR = r"当场|现场|检查发现|拟|将|应当|应予|依法|依据|依照|根据|决定|建议|予以|本案|本次|这次|此次|涉嫌|可能|会被|要被|怕|担心|如果|若|是否|立案调查"
_OTHER_PARTY = re.compile(_OTHER_ACTOR.pattern + r"|隔壁|同行|别人|他人|别家|另一家|另外一家|别的店|其他(?:店|门店|商户|商家|经营者)|加盟店")
_PRIOR_SANCTION_PLAIN = re.compile(
    rf"{_WHEN}(?:(?!\d{{4}}年|{_NOT_A_PRIOR}|{_OTHER_PARTY.pattern})[^。；;？?！!\n]){{0,30}}?"
    rf"(?P<what>(?:被|受|挨)(?:过|到|了)?(?:(?!{_NOT_A_PRIOR})[^，,。；;\n]){{0,8}}?(?:罚款|处罚|处以|警告|查处|罚(?=[0-9一二两三四五六七八九十几]))|受罚|被罚|罚过|罚了|处罚过|查处过|被查(?:获)?过[^，,。；;？?\n]{{0,12}}?(?:假冒|假|过期|无证|无照|违法|不合格|侵权|超标|变质))"
    rf"(?!过?(?:没有?|吗|么|否|与否))")  # 以前罚过没有 asks

# The bureau's record of a prior penalty, told with the bureau as subject ((经核实，2025年12月9日某某区市场监管局以使用以欺骗
# 消费者为目的的计量器具对其罚款800元); 系统显示2025年3月本局对该店作出警告): a dated bureau before 对其 … 罚款 / 警告 /
# 处罚, either told as a record (经核实, 经查询, 系统显示, 曾, 此前 … before the date) or giving the ground with 以.
_AGENCY = r"(?:[^，,。；;\n（(]{0,10}?(?:市场监督管理局|市场监管局|市场监督管理所|市场监管所|工商(?:行政管理)?局|质监局|执法(?:大队|支队|局))|本局|我局|该局)"
_PRIOR_BY_AGENCY = re.compile(
    rf"(?P<rec>经核实|经核查|经查询|经查|系统显示|系统查询|记录显示|曾经?|此前|之前|上次|前次|已于)?[，,]?(?:于|在)?"
    # (always dated: the loop below reads its year, month and day and never the relative-time groups of _WHEN)
    rf"(?P<when>(?P<y>{_YEAR})年(?:(?P<m>\d{{1,2}})月)?(?:(?P<d>\d{{1,2}})[日号])?)"
    rf"[，,]?{_AGENCY}(?P<ground>以)?(?:(?!{_NOT_A_PRIOR})[^。；;？?！!\n]){{0,40}}?"
    rf"对(?:其|该店|该公司|该厂|该摊|该户|当事人|他|她)(?:作出|处以|给予|予以)?(?P<what>罚款|警告|行政处罚|处罚)")

_DATED_AFTER = re.compile(r"(?:的)?(?:时间|日期)?(?:是|为|在|于)(?:在|于)?\d{4}年\d{1,2}月(?:\d{1,2}[日号])?(?:[（(][^（）()。；\n]{1,30}[）)])?")
_RULE_TALK = re.compile(r"规定|法律|条例|办法|按照|依照|根据|对于|凡是?")
_GENERIC_AFTER = re.compile(r"[^，,。；;？?]{0,8}?的[，,]?(?:要|应|须|将|会|一律|从重|可以|属于)")


def _prior_sanctions(facts: str, found: list[Circumstance], context: tuple[str, tuple[int, int]] | None = None) -> list[Circumstance]:
    """Prior records the specific patterns did not read: every one says the party is no first offender
    (not_first_offence); a dated prior penalty is compared with the act (or, failing it, the discovery, or the
    latest date of the facts): within a year → repeat_within_year (指导意见第十六条第（三）项; the officer
    confirms it was the same kind of violation), earlier → repeat_not_within_year. A prior 责令改正 is a prior
    violation but no penalty, so it is never a repetition within a year. `context` (the whole facts and the span
    `facts` was taken from, for a question restated from a record) dates a 去年N月 against the rest of the facts."""
    taken = [c.span for c in found if c.span and KINDS[c.key].topic == "prior"]
    out: list[Circumstance] = []
    matches = sorted([*_PRIOR_SANCTION.finditer(facts), *_PRIOR_SANCTION_PLAIN.finditer(facts),
                      *(m for m in _PRIOR_BY_AGENCY.finditer(facts) if m.group("rec") or m.group("ground"))],
                     key=lambda m: m.start())
    for m in matches:
        span = m.span()
        if (_overlaps(taken, span) or _negator_before(facts, m.start("what")) or _another_actor(facts, m.start())
                or _OTHER_PARTY.search(clause_before(facts, m.start(), 12)) or _RULE_TALK.search(clause_before(facts, m.start(), 8))
                or _GENERIC_AFTER.match(facts, m.end())):
            continue  # nor a rule told (规定一年内被罚两次的要从重)
        if re.search(r"(?:举报|投诉|检查|巡查|抽检)(?:后|并|而)?(?:被)?查处$", m.group("what")):
            continue  # 持续至9月20日被举报查处: the present case found, not an earlier penalty
        if m.re is _PRIOR_SANCTION and m.group("y") is None and m.group("when") in ("以前", "以往", "之前") and "曾" not in m.group(0):
            continue  # 以前没被查过 is read by the first-offence patterns; 以前因…被 alone is too loose
        quote = m.group(0)
        told_after = _DATED_AFTER.match(facts, m.end()) if m.group("y") is None and not _DATED.search(quote) else None
        if told_after:  # 上次被处罚是2023年8月（销售假冒同一品牌帽子）: the date and what it was for told after
            span = (span[0], told_after.end())
            quote = facts[span[0]:span[1]]
        taken.append(span)
        out.append(make_circumstance("not_first_offence", span=span, quote=quote))
        # the prior penalty's date is not the present act's (2023年6月卖过期饮料被我们罚过)
        found[:] = [c for c in found if not (c.key in ("act_date", "act_end_date", "discovery_date") and c.span
                                             and span[0] <= c.span[0] and c.span[1] <= span[1])]
        if m.group("y") is not None:
            ymd = m.group("y", "m", "d")
        elif m.group("within") or m.group("over") or m.group("lm") or m.group("bm"):
            ymd = None
        else:  # 曾因…于2025年9月26日被我局罚款: the date inside the prior penalty's own words (or told after them)
            inner = _DATED.search(quote)
            ymd = inner.groups() if inner else None
        if ymd is not None:
            prior = iso(_full_year(ymd[0]), int(ymd[1]) if ymd[1] else None, int(ymd[2]) if ymd[2] else None)
            window = _case_window(facts, found, prior, span)
            if window[1] is None and context is not None:
                # a question restated from a record (2025年9月因…被我局处罚过，是否属实？答：属实) is dated against the
                # rest of the record (问：2026年6月3日至17日…是谁做的？)
                window = _case_window(context[0], [], prior, context[1])
            within = _within_year(prior, window)
        elif m.group("within") or m.group("over"):
            prior, window, within = m.group("within") or m.group("over"), None, bool(m.group("within"))
        elif m.group("bm"):
            prior, window, within = f"{m.group('bm')}月", None, True
        elif m.group("lm"):
            prior, window = f"去年{m.group('lm')}月", None
            text, skip = context or (facts, span)
            year = _present_year(text, found, skip)
            if year is not None:  # 2026年3月检查…去年6月被罚: 2025-06 against the dated present case
                prior = iso(year - 1, cn_to_int(m.group("lm")))
                window = _case_window(text, found, prior, skip)
                within = _within_year(prior, window)
            else:
                within = _last_year_within(text, cn_to_int(m.group("lm")), skip)
        else:
            continue
        if within is False:
            c = make_circumstance("repeat_not_within_year", value=prior, span=span, quote=quote)
            c.label += f"（前次{prior}，距本案{window[0].isoformat()}已逾一年）" if window else f"（前次{prior}，距本案已逾一年）"
            out.append(c)
        elif within and not m.group("what").startswith(("责令", "查处", "行政处理")):
            c = make_circumstance("repeat_within_year", value=prior, span=span, quote=quote)
            c.label += (f"（前次处罚{prior}，本案{window[1].isoformat()}；请核实是否同一种违法行为）" if window
                        else f"（前次处罚{prior}；请核实是否同一种违法行为）")
            out.append(c)
    return out


_MONTH_DAY = re.compile(r"(?<![年\d])(\d{1,2})月(\d{1,2})[日号]")


def _present_year(facts: str, found: list[Circumstance], skip: tuple[int, int]) -> int | None:
    """The year the present case is dated in, which 去年 is told from: the act's end, the act, the discovery or the
    filing when read, else the latest year written in the facts outside the prior's own words `skip`."""
    stated = next(_stated_case_dates(found, skip), None)
    if stated is not None and re.match(r"\d{4}", str(stated.value)):
        return int(str(stated.value)[:4])
    years = [int(m.group(1)) for m in re.finditer(r"(\d{4})年", facts) if not skip[0] <= m.start() < skip[1]]
    return max(years) if years else None


def _last_year_within(facts: str, month: int | None, skip: tuple[int, int]) -> bool | None:
    """A penalty of 去年`month`月 against the present case's month (the latest date written without a year, outside
    the prior's own words): within twelve months when that month is not later than `month`."""
    months = [int(m.group(1)) for m in _MONTH_DAY.finditer(facts) if not skip[0] <= m.start() < skip[1]
              and 1 <= int(m.group(1)) <= 12]
    # no date but a festival (清明前装的, 国庆期间): its month, the latest it can fall in
    months = months or [mo for at, mo in festival_months(facts) if not skip[0] <= at < skip[1]]
    if not month or not months:
        return None
    return months[-1] <= month


# A review of an order to correct (复查) that reports the result: the sentence after 复查 states what was found.
# Unless it says the fault is still there (仍, 依然, 还在, 未改正, 逾期 …), the correction was made within the time
# the order set — the usual form of 责令改正复查记录.
_REVIEW = re.compile(r"复查(?:时|中|发现|了|记录|情况|结果)?(?:[:：，,]|显示|表明|确认)?"
                     # the same in plain words, after an order (同志后来又来看了一趟，说行了), and a note added to the
                     # record later (（补记：1月13日当事人已取得…）): only where an order to correct was read before it
                     r"|(?P<plain>(?:后来|随后|之后|过后|过了几天|过几天|隔了几天)(?:又|再)?(?:来|去|上门)(?:看|查|检查|核查|查看)(?:了)?(?:一趟|一遍|一下|一次|一回)?"
                     r"|补记[:：]|回访(?:时|中|发现)?[:：，,])")
# 未 with the verb of a corrective act (未申请, 均未提交, 未撤下), not 未发现 (a review that found nothing wrong)
_STILL_WRONG = re.compile(r"仍|依然|依旧|还在|还是|还没|尚未|未(?:改正|整改|办理|完成|按|能|到位|申请|提交|补办|变更|更正|撤|下架|停止|停用|拆除|更换|取得)"
                          r"|没有?(?:改(?!变)|整改|办|申请|提交|撤|下架|停|修|换|更换|维修|拆)|(?<![没未不无])(?<!没有)(?<!并未)逾期|拒不|继续"
                          # business as before (货物照常进出, 照旧营业)
                          r"|照常|照旧|照样")


_REVIEW_FOUND_WORSE = ("evidence_tampering", "refused", "obstruction")
_TITLE_MAX = 16  # a record's title (责令改正复查记录：) opens its line and holds no punctuation


def _is_heading(facts: str, m: re.Match) -> bool:
    """A match inside the title that opens a line (【…】, 《…》 and a colon may close it)."""
    line_start = max(facts.rfind("\n", 0, m.start()) + 1, 0)
    before = facts[line_start:m.start()]
    # (复查记录（摘要）：a bracketed qualifier may stand before the colon)
    return (len(before) <= _TITLE_MAX and not re.search(r"[，,。；;！!？?]", before)
            and (facts[m.end() - 1:m.end()] in ("：", ":") or bool(_QUALIFIED_COLON.match(facts, m.end()))))


_QUALIFIED_COLON = re.compile(r"[（(][^（）()\n，。]{1,8}[）)][：:]")


def _review_corrections(facts: str, found: list[Circumstance]) -> list[Circumstance]:
    """The review's finding: the fault still there (even beside a partial correction: 1人已办好，另2人仍未体检) is
    未改正, which then outweighs the partial correction (CONFLICTS); the fault gone is a correction, unless one was
    already read after the review."""
    if any(c.key == "not_corrected" for c in found):
        return []
    # a review named as the record's own heading (复查笔录：…) or as what the officers did (…摊位复查。) tells no
    # finding: only sentences that say what the review found are read, and a fault still there in any of them wins
    # (责令改正复查记录：2026年4月7日检查…发现…未办理使用登记 is the record's title, then the first inspection)
    ordered = [c.span[0] for c in found if c.key == "ordered_correction" and c.span]
    # (nor a form's field: 复查对象：某某酒店, 复查时间：…)
    reviews = [m for m in _REVIEW.finditer(facts) if not facts.startswith("笔录", m.end()) and not _is_heading(facts, m)
               and not re.match(r"(?:对象|日期|时间|地点|人员|事项|单位|机关|编号|人)[:：]", facts[m.end():m.end() + 4])
               and (not m.group("plain") or any(start < m.start() for start in ordered))]
    read_after = bool(reviews) and any(c.key == "corrected" and c.span and reviews[0].start() <= c.span[0] for c in found)
    fixed = None
    for m in reviews:
        end = min([i for i in (facts.find("。", m.end()), facts.find("\n", m.end())) if i >= 0] or [len(facts)])
        sentence = facts[m.end():end]
        if len(sentence) < 4:
            continue
        if any(c.key in _REVIEW_FOUND_WORSE and c.span and m.end() <= c.span[0] < end for c in found):
            continue  # the review found worse (the goods held for evidence gone): no correction
        still = _STILL_WRONG.search(sentence)
        if still:
            # the review found the fault still there (复查时仍在…, 另2人仍未体检): not corrected within the time set
            if (still.group(0) in ("仍", "依然", "依旧", "还在", "还没", "尚未", "逾期", "拒不", "照常", "照旧", "照样")
                    or still.group(0).startswith(("未", "没"))):
                quote = facts[m.start():min(end, m.start() + 40)]
                c = make_circumstance("not_corrected", span=(m.start(), m.start() + len(quote)), quote=quote)
                c.label += "（复查时仍未改正）"
                return [c]
            continue
        if read_after or fixed is not None:
            continue
        quote = facts[m.start():min(end, m.start() + 40)]
        fixed = make_circumstance("corrected", span=(m.start(), m.start() + len(quote)), quote=quote)
        fixed.label += "（复查时已改正）"
    return [fixed] if fixed is not None else []


def find_circumstances(facts: str) -> list[Circumstance]:
    """All circumstances stated in `facts`, in text order, each with its span and quote. Read in the view of
    core.text.reading_view (spaces that stand for commas, two-digit years, dotted dates); spans and quotes are the
    original's."""
    text, back = reading_view(facts)
    found = _find_circumstances(text)
    if text != facts:
        for i, c in enumerate(found):
            if not c.span or c.span[1] <= c.span[0] or c.span[1] > len(back):
                continue
            span = (back[c.span[0]], back[c.span[1] - 1] + 1)
            quote = facts[span[0]:span[1]] if c.quote == text[c.span[0]:c.span[1]] else c.quote
            found[i] = c.model_copy(update={"span": span, "quote": quote})
    return found


# An ad that cost nothing (自己写的…没花钱做广告, 未支付广告费用, 广告费为零): 广告费用 0, so a multiple of it gives way to the
# clause the statute sets for a fee that cannot be counted (广告费用无法计算或者明显偏低的，处…罚款; fines.select_fine_rule)
_NO_AD_FEE = re.compile(r"(?:没|没有|未|不曾)(?:花|付|支付|收|收取|产生)(?:过|任何)?(?:一分)?钱(?:做|打|投|发|登|买)?(?:的)?广告"
                        r"|(?:没|没有|未|无|不曾)(?:支付|产生|收取|花费?|付)?(?:过|任何)?广告费(?:用)?"
                        r"|广告费(?:用)?(?:为|是)?(?:零|0元|0)(?![0-9.])"
                        # (未支付任何推广费用，广告费用无法计算: said in the statute's own words)
                        r"|(?:广告|推广)费(?:用)?(?:均|也|都)?(?:无法|难以|不能)(?:计算|确定|核定|认定|核算)")


# No gain from the act, or none that can be fixed (当事人无违法所得, 违法所得无法确定): 违法所得 0, the clause for 没有违法所得的
# (价格违法行为行政处罚规定第十八条: 违法所得无法确定的，按照没有违法所得的规定处罚)
_NO_INCOME = re.compile(r"(?:没有|无|未产生|未获得|未获取|尚无)(?:任何)?违法所得|违法所得(?:无法|难以|不能)(?:确定|计算|认定|查清|核定)")
_ZERO_BASE_WORDS = (("ad_fee", _NO_AD_FEE, "广告费用（未支付广告费用，无法按倍数计算）"),
               ("illegal_income", _NO_INCOME, "违法所得（没有违法所得或者无法确定，按没有违法所得处理）"))


def _zero_bases_told(facts: str, amounts: list[Circumstance]) -> list[Circumstance]:
    """广告费用 or 违法所得 told to be none (or not to be counted), where no figure of it is read: 0."""
    out = []
    for key, words, label in _ZERO_BASE_WORDS:
        if any(c.key == key for c in amounts):
            continue
        m = words.search(facts)
        if m is None or _negator_before(facts, m.start()):
            continue
        c = make_circumstance(key, value=0.0, span=m.span(), quote=m.group(0))
        c.label = label
        out.append(c)
    return out


def _find_circumstances(facts: str) -> list[Circumstance]:
    found = (_pattern_circumstances(facts) + _age_circumstances(facts) + _mental_circumstances(facts)
             + _count_circumstances(facts))
    if not any(c.key == "small_scale" for c in found):
        found += _share_circumstances(facts)
    # 总货值未达15万元, 未超过五万元: a threshold said not reached, no amount of the case
    amounts = [a for a in _amount_circumstances(facts) if not _NOT_REACHED.search(a.quote)]
    amounts += _unit_price_value(facts, amounts)
    amounts += _zero_bases_told(facts, amounts)
    dates = _date_circumstances(facts)
    found += _sold_and_stock(facts, amounts) + _threshold_circumstances(facts, amounts) + dates
    if not any(c.key in ("minor_under_14", "minor_14_to_18") for c in found):
        found += _birth_circumstances(facts, dates)
    found += _bank_circumstances(facts, found)
    found += _duration_from_dates(found)
    if not any(c.key == "duration" for c in found):
        found += _stated_durations(facts)
    for i, c in enumerate(found):
        days = _days(c.quote) if c.key == "duration" and c.value is True else None
        if days:
            found[i] = c.model_copy(update={"value": days})
    _date_repeat(facts, found)
    found += _prior_sanctions(facts, found)
    directives = _directive_spans(facts)
    _drop_directives(found, directives)  # before the review reads what came after it (and again once all is read)
    found += _review_corrections(facts, found)
    found += _held_goods_gone(facts, found)
    _late_corrections(facts, found)
    found += _answers(facts, found)
    found += _asked_source(facts, found)
    _said_otherwise(facts, found)
    _denied_lists(facts, found)
    _unrecorded(facts, found)
    _forged_papers(facts, found)
    _drop_directives(found, directives)
    _drop_unasserted(facts, found)
    _others_reported(facts, found)
    _resolve_conflicts(found, facts)
    _notices_as_corrections(found)
    _mark_on_the_spot(facts, found)
    return sorted(found, key=lambda c: (c.span or (0, 0))[0])


def _others_reported(facts: str, found: list[Circumstance]) -> None:
    """A party telling of others' violations (主动向办案人员反映其供货人的合伙人在某某村集中收购病死猪) reports merits (立功,
    行政处罚法第三十二条第（四）项), not a confession of its own act."""
    for i, c in enumerate(found):
        if c.key == "confessed_unknown" and c.span:
            end = sentence_bounds(facts, c.span)[1]
            m = _REPORTED_OTHERS.search(facts, c.span[0], end)
            if m and m.start() <= c.span[1]:
                found[i] = make_circumstance("reported_merits", span=c.span, quote=c.quote, source=c.source)


# What a reviewer or a meeting asks to be done or checked (请承办人补齐材料, 建议补充两名购买人的证言, 召回及退款凭证应附卷,
# 多收的钱怎么退给消费者) states no fact of the case: a correction, a remedy or a cooperation read there is dropped.
_DIRECTIVE = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}[：:])?(?:请(?!求)|建议|应当?|应予|需要?|须|务必|要求(?:承办|办案|补充|调取|核实))"
                        r"|附卷|归档备查|补齐材料|补充(?:调查|证据|材料|说明)|完善(?:材料|说理|证据|裁量)|写清|列明"
                        r"|进一步核实|核实清楚|怎么|如何")
_DIRECTIVE_DROPS = {"corrected", "mitigated_harm", "cooperated", "small_scale", "harm_none", "harm_minor", "reach_small",
                    "source_explained", "purchase_checked", "first_offence", "confessed_unknown", "reported_merits"}


def is_directive(clause: str) -> bool:
    """Whether a clause asks for something to be done or checked (see _DIRECTIVE)."""
    return bool(_DIRECTIVE.search(clause.strip()))


def _directive_spans(facts: str) -> list[tuple[int, int]]:
    """The phrases of `facts` that ask for something (an interview's question is read by _answers instead)."""
    return [m.span() for m in PHRASE.finditer(facts) if is_directive(m.group(0))
            and not facts[max(0, m.start() - 2):m.start()].endswith(("问：", "问:"))]


# What is said but not asserted as a fact of this case: a question (问：有没有人投诉过？), a condition or a counterfactual
# (如当事人在限期内完成整改，可…; 要是早知道…我肯定当场就改了), a rule stated in general (伪造、隐匿、销毁证据的，依法从重处罚),
# an intention or a pending matter (保证下周之前把标签都换掉, 准备尽快申请补办, 有待复查后方能确认), an order or a demand not
# yet carried out (责令当事人于7日内将…送检, 消费者要求商家立即撤掉…), and a claim the same sentence contradicts (辩称未造成任何
# 损失，但…). A reading of a case circumstance inside such a span is dropped; amounts, dates and the domain are kept.
_ASKED_WHETHER = re.compile(r"有没有|是否|能否|可否|算不算|是不是|要不要|会不会|何时|什么时候|打算")
# (and, outside an interview's 问：, a verb asked after in the V了没有 form: 郑队：钱退了没有？ — what was done is in the answer;
# an interview's question keeps what it takes as given: 问：上次…让你联系厂家改标签，办了没有？)
_QUESTION = re.compile(_ASKED_WHETHER.pattern + r"|多少|吗[？?]?$|[了过]没(?:有)?$")
_INTERVIEW_QUESTION = re.compile(r"(?:[\u4e00-\u9fff（）()]{1,12}[：:])?问[：:]")
_CONDITION_START = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}[：:])?(?:如果|假如|倘若|若|要是|一旦|如遇|如发现|如(?![实期数今此下同前上])"
                              r"|对于?[^，。；]{0,24}的[，,]|凡)")
# an opinion of the buyer or the complainant (消费者认为当事人是故意以次充好): what they think, not a fact found
_OTHERS_OPINION = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}[：:])?(?:(?:消费者|投诉人|举报人|顾客|买家|家长|患者)(?:们)?(?:都)?(?:认为|怀疑|觉得|猜测)"
                             # one view in a discussion (讨论中有意见认为违法所得不大; not the majority's, which decides)
                             r"|(?:讨论中|讨论时|会上|审核中)?(?:有|另有|也有|还有)(?:的|一种|部分|个别)?(?:意见|观点|同志|委员)(?:认为|主张|提出))")
_GENERAL_RULE = re.compile(r"的[，,](?:依法|一律|均)?(?:应当|应|可以|可|不予|从重|从轻|减轻|处|予以|将|依照|按照|属于)"
                           r"|法律规定|(?:是指|列为|区分适用|列明了)")
_CONCRETE = re.compile(r"已|了|当场|当即|当天|当日|次日|随即|立即(?:将|把)|[0-9０-９]")
# a duty or a warning told, not a fact (应当如实回答询问, 发现问题就得马上下架, 告知当事人…的将承担法律责任)
_DUTY = re.compile(r"(?:应当|应该|必须|就得|都得|须)(?:[^，。；]{0,4})(?:如实|配合|提供|协助|下架|撤|改正|整改|停止|召回|退|赔|建立|查验|索)"
                   # (not what followed a notice: 送达立案告知后，当事人…并将后台记录修改为299元)
                   r"|(?:告知|警告|提醒)(?!书?(?:后|之后|以后))(?:当事人|其|商户|经营者)?[，,]?[^。；]{0,24}(?:将|应当|不得)")
# someone other than the party did it (隔壁那家…就把货撤了, 供货商张某事后伪造了…, 消费者李某配合…): not the party's act
_OTHER_SUBJECT = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}[：:])?(?:经查|同时|另外|此外)?(?:隔壁|另一(?:家|商户|门店|超市|店)|其他(?:商户|经营者|门店)"
                          r"|同一[^，。；]{0,6}另|同行|(?:当事人的)?(?:供货|供应)(?:商|方|人)|上家|消费者|投诉人|举报人|顾客|维保单位"
                          r"|(?:我|有)(?:个|一个)?朋友)")
# what a party says it did or spared, and the same sentence refutes (称已退赔消费者，但未提交任何退款凭证)
_CLAIMED_DONE = {"corrected", "mitigated_harm", "cooperated", "harm_none", "harm_minor", "reach_small", "purchase_checked", "source_explained",
                 "confessed_unknown"}
_AGENTIVE = {"corrected", "mitigated_harm", "cooperated", "confessed_unknown", "evidence_tampering", "refused",
             "repeat_within_year", "not_corrected", "reported_merits", "intent", "fault_shown"}
_INTENT = re.compile(r"准备|打算|本(?:来)?想|原(?:本|来)?(?:想|打算)|拟(?!定)|计划|(?:今后|以后|日后)(?:将|会|一定|要)|保证(?=下周|明天|今后|以后|不再|会|将|一定|按时)|承诺将|承诺(?=[^，。；]{0,8}(?:内|之前|以前))|表示将|会尽快|(?<!已)尽快|有待|将于|待[^，。；]{0,12}后(?:再|方)"
                     r"|就等|正在(?:准备|办理|申请|联系|清点|核实)|请求[^，。；]{0,12}(?:给予|待)"
                     # a time to come and what the speaker will do then (明天一早我就去把价签全换了, 回头再把牌子摘了)
                     r"|(?:明天|明早|明儿|明日|回头|过两天|下周|下个月|待会儿?|等会儿?)(?:一早|一大早|上午|下午|晚上)?(?:我|我们|俺)?(?:就|再)?(?:去|来|把|给)")
_ORDER = re.compile(r"(?<!按)(?<!按照)(?<!依)(?<!根据)(?<!按客户)(?<!按顾客)(?<!按消费者)(?<!按买家)(?<!按用户)(?<!照客户)(?<!照顾客)(?<!照消费者)(?:责令|要求|督促|限期(?!内|以内|之内)|限其|通知(?:其|当事人)|告知其)(?!后|之后|以后|的|$)")
_CONTRADICTED_CLAIM = re.compile(r"(?:辩称|声称|自称|称|表示|坚称|主张)[^。；;！!？?\n]{0,30}[，,](?:但|却|然而|实际(?:上)?|经查)")
_UNASSERTED_KEYS = _DIRECTIVE_DROPS | {"minor_violation", "amount_small", "evidence_tampering", "refused", "no_fault", "harm_serious",
                                       "not_corrected", "purchase_check_failed", "source_unexplained", "harm_occurred",
                                       "repeat_offence", "repeat_within_year", "intent", "fault_shown"}


def _unasserted_spans(facts: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(spans where nothing is asserted, spans of a claim the same sentence contradicts)."""
    spans, claims = [], []
    for s in re.finditer(r"[^。；;！!？?\n]+[。；;！!？?]?", facts):
        sentence = s.group(0).strip()
        body = re.sub(r"^(?:问|答)[：:]", "", sentence)
        if not body:
            continue
        # an interview's question may take a fact as given (问：你知道擅自处置查封物品的后果吗？): there only a question of
        # whether the thing was done at all (有没有, 是否 …) states nothing
        # (an interview's question, after a record's heading too: 询问笔录：问：…)
        interview = bool(_INTERVIEW_QUESTION.match(sentence))
        asked = _ASKED_WHETHER if interview else _QUESTION
        if (sentence.endswith(("？", "?")) or interview) and asked.search(body.rstrip("？?")):
            spans.append(s.span())
            continue
        if (_CONDITION_START.search(body) or _OTHERS_OPINION.search(body)
                or (_GENERAL_RULE.search(body) and not _CONCRETE.search(body))):
            spans.append(s.span())
            continue
        claim = _CONTRADICTED_CLAIM.search(body)
        if claim:
            claims.append((s.start(), s.start() + sentence.find(body) + claim.end()))
        if _DUTY.search(body) and not re.search(r"已|了", body):
            spans.append(s.span())
            continue
        for c in re.finditer(r"[^，,。；;！!？?\n：:]+", sentence):
            clause = c.group(0)
            order = _ORDER.search(clause)
            if _INTENT.search(clause) or _CONDITION_START.search(clause.strip()) or (
                    order and not re.search(r"已|了|后|拒|未|没|逾期|仍", clause[order.end():])):
                spans.append((s.start() + c.start(), s.start() + c.end()))
    return spans, claims


def _others_spans(facts: str) -> list[tuple[int, int]]:
    """Sentences whose subject is someone other than the party (_OTHER_SUBJECT), up to where the party is named."""
    spans = []
    for s in re.finditer(r"[^。；;！!？?\n]+", facts):
        if _OTHER_SUBJECT.search(s.group(0).strip()):
            # the party named later in the sentence ends the other's part (the first two characters are the other's own
            # opening: 我有个朋友…, not the party)
            party = re.search(r"当事人|申辩人|申请人|我(?:们|店|家)?|本店|该店|店里|老板", s.group(0)[2:])
            spans.append((s.start(), s.start() + 2 + party.start() if party else s.end()))
    return spans


def _drop_unasserted(facts: str, found: list[Circumstance]) -> None:
    (spans, claims), others = _unasserted_spans(facts), _others_spans(facts)
    found[:] = [c for c in found if not (c.source == "text" and c.span and (
        (c.key in _UNASSERTED_KEYS and _inside(c, spans)) or (c.key in _AGENTIVE and _inside(c, others))
        or (c.key in _CLAIMED_DONE and _inside(c, claims))))]


def _inside(c: Circumstance, spans: list[tuple[int, int]]) -> bool:
    """Whether the reading's span lies wholly inside one of `spans`."""
    return any(a <= c.span[0] and c.span[1] <= b for a, b in spans)


def _drop_directives(found: list[Circumstance], clauses: list[tuple[int, int]]) -> None:
    if clauses:
        found[:] = [c for c in found if not (c.key in _DIRECTIVE_DROPS and c.source == "text" and c.span
                                             and _inside(c, clauses))]


# A correction made only once the case had gone far (收到告知书后才收回, 处罚决定作出后): no 及时改正. (Not one made
# after the filing: the order to correct is often issued then.)
_LATE = re.compile(r"(?:收到|接到|送达|拿到)(?:了)?[^，。；;]{0,10}?(?:告知书|听证通知|处罚决定书?)(?:以)?后|调查终结(?:以)?后"
                   r"|处罚决定(?:作出|下达)?(?:以)?后|(?:直到|直至)[^，。；;]{0,10}(?:告知|立案|处罚)")


def _late_corrections(facts: str, found: list[Circumstance]) -> None:
    for i, c in enumerate(found):
        if c.key != "corrected" or not c.span:
            continue
        late = _LATE.search(clause_before(facts, c.span[0], 30))
        if late:
            found[i] = make_circumstance("not_corrected", value="late", span=c.span, quote=c.quote)
            found[i].label = f"未及时改正（{late.group(0)}才改正：“{c.quote}”）"


# Goods held as evidence (先行登记保存, 查封, 扣押, 封存 — 指导意见第十六条第（五）项) found short at the next visit, in a
# later clause or sentence than the holding (…先行登记保存，交当事人就地保管；次日复查发现少了86件).
_HELD = re.compile(r"先行登记保存|登记保存|查封|扣押|封存")
_GONE_LATER = re.compile(r"(?:复查|再次检查|再检查|回访|次日|第二天|第三天|隔天|后来)[^。；;]{0,10}?(?:发现)?(?:少了|短少|缺少|缺了|不见了|只剩)"
                         r"|(?:已被|被)?(?:擅自|私自|偷偷)(?:销售|卖掉|卖了|出售|运走|拉走|转移|使用|处理)"
                         # the held things not where they were left, or taken home and hidden (均不在摊位, 拿回家藏在冰柜里)
                         r"|(?:均|都|全|已)不在(?:摊位|店内|店里|原处|原地|现场|仓库|库房)|拿回(?:了)?家|藏(?:在|到|进|匿|了起来)")
_HELD_REACH = 80


def _held_goods_gone(facts: str, found: list[Circumstance]) -> list[Circumstance]:
    if any(c.key == "evidence_tampering" for c in found):
        return []
    for held in _HELD.finditer(facts):
        gone = _GONE_LATER.search(facts, held.end(), held.end() + _HELD_REACH)
        if gone and not _negator_before(facts, gone.start()):
            return [make_circumstance("evidence_tampering", span=gone.span(), quote=gone.group(0))]
    return []


_ON_THE_SPOT_BEFORE = re.compile(ON_THE_SPOT + "|(?:经|被)?(?:执法人员|检查人员|我们|你们)?指出(?:问题)?后")
# while the officers were still there (你们还在店里呢，我就…补上了), in the sentence before the correction
_OFFICERS_STILL_THERE = re.compile(r"(?:你们|执法人员|检查人员|同志们?)(?:还)?(?:在店里|在现场|在这儿|在这里|没走)")


# In a record of questions and answers, a correction promised then reported done within the interview (答：能，我马上挂。
# 问：挂好了吗？答：挂好了) was made on the spot.
_PROMISED_NOW = re.compile(r"(?:马上|立马|立刻|现在就|这就|当着[^，。；;]{0,6}面)(?:就)?(?:去|给你们)?"
                           r"(?:挂|改|撤|贴|换|补|弄|办|摘|拆|下架|删|关|停|收)")
_PROMISE_REACH = 40


# Equipment stopped (当即停梯, 停用): the use ended, the duty the conditional fine waits for (报检, 登记) not yet done.
_STOPPED_ONLY = re.compile(r"(?:当场|当即|立即|马上|随即|安排)*(?:停梯|停用|停机|锁梯|停止(?:了)?(?:使用|运行|运营))")


def _mark_on_the_spot(facts: str, found: list[Circumstance]) -> None:
    """A correction made on the spot (当场将在库产品贴签更正, 经指出后当即…) carries the value ON_THE_SPOT: no time
    was left to overrun and nothing was refused (a fine conditioned on 拒不改正 / 逾期不改正 is not due). Not a mere stop of
    the equipment (_STOPPED_ONLY)."""
    for i, c in enumerate(found):
        if c.key == "corrected" and c.span and not _STOPPED_ONLY.fullmatch(c.quote) and (c.quote.startswith(ON_THE_SPOT_WORDS)
                                                or _ON_THE_SPOT_BEFORE.search(clause_before(facts, c.span[0], 20))
                                                or _OFFICERS_STILL_THERE.search(clause_before(facts, c.span[0], 24, SENTENCE_END))
                                                or ("答" in facts[max(0, c.span[0] - _PROMISE_REACH):c.span[1]]
                                                    and _PROMISED_NOW.search(facts, max(0, c.span[0] - _PROMISE_REACH), c.span[0]))):
            found[i] = c.model_copy(update={"value": ON_THE_SPOT_VALUE})


# A stated length of the act: a verb of doing or of being overdue, then a count of days, weeks, months or years
# (已经卖了差不多一个月, 已投入使用约2个月, 已超期5个月, 挂了一个半月, 逾期三个多月, 6天卖了…). A period set by
# an order (限3天, 15日内) is no duration of the act.
_SPAN_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十半]+)"
# (a month followed by its day is a date: 补开了4月9日的送货单)
_SPAN_UNIT = r"(?:来|个|个来|来个)?(?:多|余|半)?(?P<unit>天|日|周|星期|礼拜|个月|月(?![0-9一二三四五六七八九十]+[日号])|年(?![0-9]+月))(?:多|余|左右|之久)?"
_DURATION = re.compile(
    rf"(?:(?:持续|经营|营业|销售|卖|售卖|使用|用|投入使用|运行|运营|发布|展示|挂|装|贴|张贴|摆|放|播放|收费|立|超期|逾期|过期|超了|过了|拖了|开了|干了|做了|搞了|办了|进行了|举办了"
    rf"|到现在|至今|到今天|迄今)"
    rf"(?:了|着)?(?:约|近|将近|大约|大概|差不多|共|总共|已|已经|有)?(?P<n>{_SPAN_NUM}){_SPAN_UNIT}"
    rf"|(?<![限期内月0-9一二三四五六七八九十])(?P<n2>[0-9]+|[一二两三四五六七八九十]+)(?P<unit2>天|日)(?=(?:里|内)?(?:卖|销售|经营|收)))")
_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "个月": 30, "月": 30, "年": 365}


_COUNT_OF_TIME = re.compile(rf"(?P<n>{_SPAN_NUM}){_SPAN_UNIT}")


def _days(text: str) -> str | None:
    """'三个多月' → '90天', '一个半月' → '45天', '15天' → '15天' (the first count of time in `text`)."""
    m = _COUNT_OF_TIME.search(text)
    if not m:
        return None
    raw, unit = m.group("n"), m.group("unit")
    try:
        n = 0.5 if raw == "半" else float(raw) if raw[0].isdigit() else float(cn_to_int(raw.replace("半", "")) or 0)
    except (TypeError, ValueError):
        return None
    if "半" in m.group(0)[len(raw):] or (raw.endswith("半") and len(raw) > 1):
        n += 0.5
    return f"{round(n * _DAYS[unit])}天" if n > 0 else None


_PERMIT_WORDS = re.compile(r"证|许可|执照|检验|检定|有效期|备案|登记|资质|年报")


# begun the same day it was found (告示是当天早上刚贴的, 今天上午才上架): a day at most
_SAME_DAY = re.compile(r"(?:当天|当日|今天|今日)(?:早上|上午|中午|下午|晚上|早晨)?(?:才|刚|刚刚)(?:贴|挂|摆|放|上架|上线|发布|发|开始|推出|开卖|印)")


# A start told with 起 and an end told with 到/至 further on, neither with its year (今年1月10日起，我们在店里现煮…，到5月28日
# 你们检查指出): the days between, the end's year the start's (or the next, where the end's month comes first)
_YEARLESS_FROM = re.compile(r"(?<![0-9])(?<![0-9]年)(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?:起|开始)")
_YEARLESS_TO = re.compile(r"(?:到|至|直到|一直到)(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
YEARLESS_REACH = 90


def _yearless_period(facts: str) -> Circumstance | None:
    import datetime as _dt
    start = _YEARLESS_FROM.search(facts)
    if start is None:
        return None
    end = _YEARLESS_TO.search(facts, start.end(), start.end() + YEARLESS_REACH)
    if end is None or re.search(r"[。；;]", facts[start.end():end.start()]):
        return None
    try:
        first = _dt.date(2001, int(start.group("m")), int(start.group("d")))
        last = _dt.date(2001, int(end.group("m")), int(end.group("d")))
    except ValueError:
        return None
    if last < first:
        last = last.replace(year=2002)
    days = (last - first).days
    if days <= 0:
        return None
    return make_circumstance("duration", value=f"{days}天", span=(start.start(), end.end()),
                             quote=facts[start.start():end.end()])


def _stated_durations(facts: str) -> list[Circumstance]:
    same_day = _SAME_DAY.search(facts)
    if same_day:
        return [make_circumstance("duration", value="1天", span=same_day.span(), quote=same_day.group(0))]
    if (period := _yearless_period(facts)) is not None:
        return [period]
    for m in _DURATION.finditer(facts):
        if _ORDERED_BEFORE.search(clause_before(facts, m.start())) or re.match(r"(?:内|以内|之内)", facts[m.end():m.end() + 2]):
            continue
        if re.match(r"过期|过了", m.group(0)) and not _PERMIT_WORDS.search(clause_before(facts, m.start(), m.start(), SENTENCE_END)):
            continue  # goods past their date by so long (酸奶过期9天): the state of the goods, not how long the act lasted
        days = _days(m.group(0))
        if days:
            return [make_circumstance("duration", value=days, span=m.span(), quote=m.group(0))]
    return []


def _duration_from_dates(found: list[Circumstance]) -> list[Circumstance]:
    """A stated period of the act (2025年5月至8月, 自…至今) is also its duration."""
    if any(c.key == "duration" for c in found):
        return []
    for c in found:
        if c.key in ("act_end_date", "continuing") and c.span and re.search(r"至|到|—|－|~|～", c.quote):
            return [make_circumstance("duration", value=c.quote, span=c.span, quote=c.quote)]
    return []


# Keys that cannot both stand: (positive, negative). The stated rule: the negative wins when it is read from
# a clause about the same matter (拒不退还 after an order beats an earlier 退还 wording), because a negation is
# written on purpose; the positive is dropped and never shown beside it.
CONFLICTS = (("mitigated_harm", "harm_not_mitigated"), ("corrected", "not_corrected"),
             ("first_offence", "not_first_offence"), ("first_offence", "repeat_within_year"),
             ("harm_none", "harm_occurred"), ("harm_none", "harm_serious"),
             ("purchase_checked", "purchase_check_failed"), ("source_explained", "source_unexplained"),
             ("no_fault", "no_fault_unproven"), ("no_fault", "fault_shown"))


# A reading and the one that says the opposite, where the two are one fact told either way (first_offence has two
# opposites and none that an answer's 没有 would say for it)
_OPPOSITE = {a: b for a, b in CONFLICTS if a != "first_offence"} | {b: a for a, b in CONFLICTS if a != "first_offence"}


# A remedial verb inside a clause read as obstruction or destruction of evidence (删除了后台订单数据库, 撤下监控),
# or naming that act again later (删除行为未受处罚), is that act, not a correction: that reading is dropped.
NOT_A_CORRECTION_INSIDE = ("evidence_tampering", "refused", "instigated_others")


# The facts themselves say a reading does not hold: an earlier penalty of another kind (上次是计量，这回是明码标价，
# 不是一回事; 与本案违法性质不同) is no repetition of the same kind (指导意见第十六条第（三）项), and a hardship pleaded
# without proof or said not to count (未提供任何…材料, 不是法定从轻情节, 不影响定性) is no ground (第十四条 asks for
# 生活确有困难 for a cause such as 残疾 or 重大疾病).
_OTHER_KIND = re.compile(r"(?:性质|种类|类型)(?:不同|不一样|有别)|不是一回事|不是同一(?:性质|种|类|回事)|非同一(?:性质|种类)|"
                         r"不属于?同一(?:性质|种类)|不同(?:性质|种类)的(?:违法)?|不属(?:于)?同类|并非同类|不是同类")
_NOT_A_GROUND = re.compile(r"未(?:能)?提供(?:任何)?[^，。；]{0,12}(?:材料|证据|证明)|无(?:任何)?(?:证据|证明)(?:支持|证实)?|"
                           r"没有(?:任何)?(?:证据|证明|材料)|拿不出(?:任何)?(?:证据|证明|材料|凭证|病历|证件)|仅有(?:口头|本人)|"
                           r"不(?:是|属于?|构成)[^，。；]{0,8}(?:从轻|减轻|法定)[^，。；]{0,4}(?:情节|理由|依据)|不影响(?:定性|处罚|裁量)")


# A record of questions and answers (询问笔录: 问：有没有顾客因此投诉过？答：没有。): the question states nothing, its
# answer does. The interrogative clause of a question is read again as the answer says it (有没有 → 没有 / 有), and
# what the question's own words seemed to say is dropped.
_QA = re.compile(r"问[：:](?P<q>(?:(?![问答][：:])[\s\S]){2,120}?)[？?]\s*答[：:]\s*(?P<a>[^。；？?！!\n]{0,40})")
# The same in a chat or a meeting's minutes: one speaker's line ends in a question, the next speaker's line answers it
# (法制科小何：多收的钱退了没有？\n老谭：还没有，…)
_CHAT_QA = re.compile(r"(?m)^[ \t]*(?P<asker>[^\s：:，,。；;？?！!【】]{1,10})[：:](?P<q>[^\n]{2,120}?)[？?][ \t]*\n"
                      r"[ \t]*(?P<answerer>[^\s：:，,。；;？?！!【】]{1,10})[：:][ \t]*(?P<a>[^。；？?！!\n]{0,40})")


def _qa_pairs(facts: str) -> list[re.Match]:
    """The questions answered in `facts`: an interview's 问/答, and a chat's line answered by the next speaker's."""
    pairs = list(_QA.finditer(facts))
    taken = [m.span() for m in pairs]
    for m in _CHAT_QA.finditer(facts):
        if (m.group("asker") != m.group("answerer") and m.group("asker") not in ("问", "答")
                and not any(a < m.end() and m.start() < b for a, b in taken)):
            pairs.append(m)
    return sorted(pairs, key=lambda m: m.start())
# (and any A-not-A question: 知不知道, 对不对, 改没改, 卖没卖过)
_ASKING = re.compile(r"有没有|有无|是否有|是否|是不是|有过吗|过吗|了吗|吗$|([\u4e00-\u9fff])[不没]\1|(?<=了)没(?:有)?$")
_EXISTENCE_ASKED = re.compile(r"^(\W{0,2}(?:那|那么|这|这期间|期间|当时|后来|之后|目前|现在|到现在|至今)?)有(?!没有)([^，,；;]{1,16}?)(?<!了)没有?$")
_EVER_ASKED = re.compile(r"^(\W{0,2}(?:以前|之前|此前|过去|原来|以往|那|那么|这)?)([^，,；;有]{1,8}?过[^，,；;]{0,8}?)没有?$")
_PRESUPPOSING = re.compile(r"为什么|为啥|为何|怎么会|咋会|咋就|凭什么|何以")
_ANSWER_NO = re.compile(r"(?:我|俺|我们)?哪(?:里|儿)?(?:晓得|知道|清楚|想得到|想到|会知道)|还没|尚未|还未|(?:没|没有|未)(?:听说|听到|发现|见到?|接到|收到)(?:过)?(?:[，,。！!啊呢]|$)|(?:没有|没|无|不是|不|从来没有|从来没|从没|都没有|都没|一个也没有|没人|没有人|未|否)(?:[，,。！!啊呢的]|过|$)")
_ANSWER_YES = re.compile(r"(?:有|有的|是|是的|对|对的|都有|有过)(?:[，,。！!啊呢]|$)")
_ANSWER_HEDGED = re.compile(r"没|未|不|还在|正在|准备|打算|马上|尽快|会|要|将")
# a rhetorical question asks nothing and denies nothing (你们9号不是来看过了么 = you came and saw on the 9th): its 不 is no hedge
_RHETORICAL = re.compile(r"(?:不是|难道|不也)[^，,。；;！!？?]{0,20}?[吗么嘛][？?。！!]?")
# asked of the people the act reached — whether anyone objected, complained or came back — and answered no: no harm
_NOBODY_OBJECTED = re.compile(r"没有(?:人|顾客|消费者|买家|用户|群众|农户|业主|客人|住户|家长)[^，。；]{0,12}"
                              r"(?:意见|投诉|反映|不满|退货|找过|找来|闹|出(?:过)?(?:问题|事))")
_ASKED_KEYS = {"harm_none", "harm_occurred", "harm_minor", "reach_small", "first_offence", "not_first_offence", "corrected",
               "not_corrected", "purchase_checked", "purchase_check_failed", "source_explained", "source_unexplained",
               "mitigated_harm", "harm_not_mitigated", "cooperated", "no_fault_claimed", "intent", "no_intent",
               "fault_shown", "repeat_within_year", "repeat_not_within_year"}


# Asked where the goods came from, the party names a supplier of a kind that can be traced (问：从哪进的？答：某某贸易
# 公司，合同、发票都有): the source explained, unless the answer says it cannot tell.
_SOURCE_ASKED = re.compile(r"从哪(?:里|儿)?(?:进|来|拿|买|弄|采购|购)|哪(?:来|进|买)的|(?:谁|哪家)(?:送|供|卖)的|供货(?:的|商|方|人)?是(?:谁|哪)")
_TRACEABLE = re.compile(r"公司|厂|批发部|批发市场|农批|经销商|合作社|商行|档口|经营部|门市|供应商|代理商|基地")
_SOURCE_UNTOLD = re.compile(r"不知道|不清楚|记不清|忘了|找不着|找不到|说不上|不记得|联系不上|没(?:有)?(?:票|单|凭证)|流动|小贩|个人")


def _asked_source(facts: str, found: list[Circumstance]) -> list[Circumstance]:
    out = []
    for m in _qa_pairs(facts):
        first = re.split(r"[，,。；;]", m.group("a"))[0]
        span = (m.start("a"), m.start("a") + len(first))
        if (not _SOURCE_ASKED.search(m.group("q")) or not _TRACEABLE.search(first) or _SOURCE_UNTOLD.search(m.group("a"))
                or any(c.key in ("source_explained", "source_unexplained") and c.span and span[0] <= c.span[0] < span[1]
                       for c in found)):
            continue
        out.append(make_circumstance("source_explained", span=span, quote=first))
    return out


def _clause_readings(text: str) -> list[Circumstance]:
    """The built-in patterns' and the bank's readings of a clause restated from a question and its answer."""
    readings = _pattern_circumstances(text)
    return readings + _bank_circumstances(text, readings)


def _answers(facts: str, found: list[Circumstance]) -> list[Circumstance]:
    """Readings of the questions answered in a record of questions and answers (see _QA); removes from `found`
    the readings of the interrogative clauses themselves."""
    out: list[Circumstance] = []
    for m in _qa_pairs(facts):
        q_start, q_end = m.span("q")
        clause_start = q_start + max((c.end() for c in re.finditer(r"[，,；;]", m.group("q"))), default=0)
        clause = facts[clause_start:q_end]
        # an existence question closed by 没有 (有人吃出问题没有？) asks as 有没有 does
        clause = _EXISTENCE_ASKED.sub(r"\1有没有\2", clause)
        # and one of a thing ever done closed by 没有 (以前查过他家没有？) as 有没有 too (以前有没有查过他家)
        clause = _EVER_ASKED.sub(r"\1有没有\2", clause)
        asking = _ASKING.search(clause)
        if not asking:
            # the question's own clause states nothing, whatever its form (你们没看出来？ — answered 看出来了), unless it
            # takes it as given (为什么没送检？); a reading that runs on into the answer is the answer's
            if not _PRESUPPOSING.search(clause):
                found[:] = [c for c in found if not (c.span and clause_start <= c.span[0] and c.span[1] <= q_end
                                                     and c.key in _ASKED_KEYS)]
            continue
        found[:] = [c for c in found if not (c.span and c.span[0] < q_end and clause_start < c.span[1] and c.key in _ASKED_KEYS)]
        answer = m.group("a").strip()
        first = re.split(r"[，,]", m.group("a"))[0]
        span = (clause_start, m.start("a") + len(first))  # the question's clause and the answer's first words
        has = asking.group(0) in ("有没有", "有无", "是否有")
        either = asking.group(1)  # an A-not-A question (晓不晓得): its answer says one half or the other
        if _ANSWER_NO.match(answer):
            if either:
                said = asking.group(0)[1:]  # 晓不晓得 → 不晓得
            elif not has:
                # 整改了吗？没有 / 多收的钱退了没有？还没有: the negation has no place to stand in the question's words; the
                # question's clause read as done (已经整改了) is what the answer denies: its opposite reading is the answer's
                done = asking.group(0)[:-1] if asking.group(0) in ("了吗", "过吗", "有过吗") else ""
                if done or asking.group(0) in ("没", "没有"):
                    out += [make_circumstance(_OPPOSITE[r.key], span=span, quote=facts[span[0]:span[1]])
                            for r in _clause_readings("已经" + clause[:asking.start()] + done)
                            if r.key in _OPPOSITE and _OPPOSITE[r.key] in _ASKED_KEYS]
                continue
            else:
                said = "没有"
        elif _ANSWER_YES.match(answer) or ("了" in answer[:30] and not _ANSWER_HEDGED.search(_RHETORICAL.sub("", answer[:30]))):
            # an answer telling what was done (你们走后当天晚上我们就装了电子价格屏) says yes; a question whether
            # something is done (挂好了吗, 弄了没有) answered yes says it is done already (挂好了 → 已经挂好了)
            if has:
                said = "有"
            elif either:
                said = asking.group(0)[2:]  # 改没改 → 改
            elif asking.group(0) in ("了吗", "过吗", "有过吗"):
                said = asking.group(0)[:-1]  # 挂好了吗 → 挂好了
            else:
                said = ""
        else:
            continue
        restated = (clause[:asking.start()] + said + clause[asking.end():]).rstrip("吗")
        if said == "了" or (not either and asking.group(0) in ("没", "没有")):  # 挂好了吗, 弄了没有: done already
            restated = "已经" + restated
        readings = _clause_readings(restated)
        if said != "没有":  # 去年9月你是不是因为一样的事被我们罚过？答：是（，去年9月那回罚了六万）
            # the question's earlier parts may date it (去年9月，同样是秤上装遥控，你是不是挨过我们的罚？)
            told = facts[q_start:clause_start] + restated
            told = told + "，" + answer if said == "" and _ANSWER_YES.match(answer) else told
            readings += _prior_sanctions(told, readings, (facts, (clause_start, q_end)))
        if said == "没有" and _NOBODY_OBJECTED.search(restated) and not any(KINDS[r.key].topic == "harm" for r in readings):
            readings.append(make_circumstance("harm_none"))  # 有没有人因为这个提过意见？没有
        for r in readings:
            if r.key in _ASKED_KEYS:
                c = make_circumstance(r.key, value=r.value, span=span, quote=facts[span[0]:span[1]])
                c.label = r.label  # with what the reading found out (前次处罚2025-09，本案2026-06-30；请核实…)
                out.append(c)
    return out


# 不涉及 / 未危及 / 不影响 / 没有 … before a danger to life or health or to finance: the facts deny it (a list joined by
# 、 shares its negation, so only ，。； end the clause looked back over: PHRASE_END).
_DOMAIN_DENIED = re.compile(r"(?:不|未|没有|没|无|并不|并未|不会)(?:涉及|危及|威胁|影响|存在|造成|属于|关系到?|危害|发现)"
                            + _NC + r"{0,12}$")


# the amount of a loss just told, when it is below a hundred yuan (…损失合计约86元, …损失总额为37.5元)
_SMALL_LOSS = re.compile(r"(?:金额|数额|费用)?(?:共计|合计|总计|总额为|总额|为|约|共)(?:约|仅)?"
                         r"(?<![0-9.])(?:[0-9]{1,2}(?:[.][0-9]+)?)(?:元|块)(?![0-9])")


def _after_order(facts: str, found: list[Circumstance], remedy: Circumstance) -> bool:
    """A remedy (退还, 赔偿) made after an order that asked for it, with nothing saying it was of the party's own accord:
    done as ordered, not 主动消除 (行政处罚法第三十二条第（一）项)."""
    orders = [c.span[1] for c in found if c is not None and c.key == "ordered_correction" and c.span]
    if not orders or min(orders) > remedy.span[0]:
        return False
    order_text = sentence_around(facts, (min(orders) - 1, min(orders)))
    return (bool(re.search(r"退|赔|返还|补偿", order_text))
            and not re.search(r"主动|自行|自愿", sentence_around(facts, remedy.span)))


# A list the facts deny as a whole (亦未发现当事人有主动消除危害后果、配合立功或一年内同类违法被处罚等情形): each reading
# inside it is denied — read as its opposite where it has one, dropped where it has none.
_DENIED_LIST = re.compile(r"(?:未发现|未见|没有发现|没发现|不存在|并无|均无|亦无|也无)(?:当事人|其)?(?:有|存在)?"
                          r"(?P<list>[^，。；]{4,60}?)等(?:情形|情节|情况|行为|问题|事实)")
_DENIED_AS = {k: _OPPOSITE[k] for k in ("mitigated_harm", "corrected", "purchase_checked", "source_explained")} | {
    "repeat_within_year": "repeat_not_within_year"}


def _denied_lists(facts: str, found: list[Circumstance]) -> None:
    for m in _DENIED_LIST.finditer(facts):
        a, b = m.span("list")
        for i, c in reversed(list(enumerate(found))):
            if not c.span or not (a <= c.span[0] and c.span[1] <= b) or KINDS[c.key].effect not in ("mitigating", "aggravating"):
                continue
            if c.key in _DENIED_AS:
                found[i] = make_circumstance(_DENIED_AS[c.key], span=(m.start(), c.span[1]), quote=facts[m.start():c.span[1]])
                if c.key == "repeat_within_year":  # no prior penalty is known: not "a penalty more than a year before"
                    found[i].label = "未发现一年内因同一性质违法行为受过行政处罚"
            else:
                del found[i]


# What the file does not record (卷内未见当事人配合或者不配合的记载, 也没有违法记录查询结果): unknown, not denied — each
# reading inside it is dropped, and the officer is asked as for any fact not told.
_UNRECORDED = re.compile(r"(?:未见|没有|并无|无|缺少?)(?:关于)?(?P<list>[^，。；]{2,30}?)(?:的)?(?:记载|查询结果|书面记录|证明材料)")


def _unrecorded(facts: str, found: list[Circumstance]) -> None:
    for m in _UNRECORDED.finditer(facts):
        a, b = m.span()
        found[:] = [c for c in found if not (c.span and a <= c.span[0] and c.span[1] <= b
                                             and KINDS[c.key].topic not in ("amount", "date", "count", "duration", "domain", "domain_goods"))]


def _said_otherwise(facts: str, found: list[Circumstance]) -> None:
    # the plea discussed anywhere (店主称…家庭困难。讨论：家庭困难不影响定性)
    plea_rejected = any(re.search(r"困难|亏损|生意(?:差|不好)|疾病|住院|残疾", s) and _NOT_A_GROUND.search(s)
                        for s in SENTENCE_END.split(facts))
    # the clauses that liken the goods to another sector's (read once, where a domain's goods were read)
    likened = analogy_spans(facts) if any(c.key == "life_health_domain" for c in found) else []
    for i, c in enumerate(found):
        small = _SMALL_LOSS.match(facts, c.span[1]) if c.key == "harm_occurred" and c.span else None
        if small and not any(k is not None and k.key == "harm_minor" for k in found):  # (earlier ones may be struck)
            # the loss is told and it is tens of yuan (造成的消费者损失合计约86元): harm occurred, and it is slight
            found[i] = make_circumstance("harm_minor", span=(c.span[0], small.end()), quote=facts[c.span[0]:small.end()])
        elif c.key == "repeat_within_year" and c.source == "text" and _OTHER_KIND.search(facts):
            found[i] = make_circumstance("not_first_offence", span=c.span, quote=c.quote)
            found[i].label += "（事实称前次处罚与本案违法性质不同，不属一年内同一性质再犯）"
        elif c.key == "life_health_domain" and c.span and any(a <= c.span[0] and c.span[1] <= b for a, b in likened):
            found[i] = None  # 我听说卖食品的只要手续齐全就可以免罚: the plea's likeness, not the goods of the case
        elif c.key in ("life_health", "finance_safety") and c.span and _DOMAIN_DENIED.search(
                clause_before(facts, c.span[0], 24, PHRASE_END)):  # 不涉及公民生命健康安全、金融安全: the list shares it
            found[i] = None  # 箱包不涉及公民生命健康安全: the facts say the act does not touch it
        elif c.key == "hardship" and (plea_rejected or (c.span and _NOT_A_GROUND.search(sentence_around(facts, c.span)))):
            found[i] = None
        elif c.key == "evidence_tampering" and c.span and _forged_by_another(facts, c):
            found[i] = None  # 获奖证书系广告主伪造, 该检测报告系伪造 (shown to the party by a salesman): not the party's act
        elif c.key in _VIEW_KEYS and c.span and _UNIT_VIEW.search(facts, sentence_bounds(facts, c.span)[0], c.span[0] + 1) \
                and _OVERRULED.search(facts):
            found[i] = None  # 办案机构认为当事人'应当知道'…，拟…: the unit's view under review
        elif c.key in _DRAFT_KEYS and c.span and _overruled_draft(facts, c.span):
            found[i] = None  # 承办人认为违法经营额已超五万元，拟移送公安。经核：…不移送: the first draft's claim, overruled
        elif c.key == "minor_violation" and c.span and (_plea_rejected(facts, c.span) or _unconfirmed_plea(facts, c.span, _PARTY_PLEA)):
            found[i] = None  # 当事人辩称属标签瑕疵，但…不属瑕疵: the party's plea, which the officers reject (or never accept)
        elif c.key == "limitation_stated" and c.span and (_unconfirmed_plea(facts, c.span) or _party_quoted(facts, c.span[0])):
            found[i] = None  # 当事人辩称已过处罚时效, 李某说“…早过了追究期限”: the party's plea, no finding; the dates decide
        elif c.key == "mitigated_harm" and c.span and _after_order(facts, found, c):
            found[i] = None  # 8月6日送达责令改正通知书，责令…退还…；当事人于8月7日…退还: done as ordered, not 主动 (第三十二条第（一）项)
        elif c.key == "mitigated_harm" and c.span and (
                _quoted_claim(facts, c.span[0])  # the advertisement's promise quoted (宣称“不提30分全额退款”)
                or (c.quote.startswith("追回") and any(k is not None and k.key == "evidence_tampering" for k in found))):
            found[i] = None  # the goods the party moved away, got back by the officers (…运到隔壁仓库，已追回)
        elif c.key == "civil_matter" and c.span and _inside_quotes(facts, c.span[0]):
            found[i] = None  # a document's own words quoted (合同约定：“合同争议只能向…仲裁”): no finding of the case
    found[:] = [c for c in found if c is not None]


# A review record quoting the first draft it overrules (承办人初稿拟…, 承办人认为…；审核认为：…不妥): the draft's claims
# of a crime, of amounts and of a first offence are no findings.
_DRAFT = re.compile(r"承办人(?:初稿|意见|立案审批表)?[^。；]{0,6}?(?:认为|拟|建议|认定|以|据此)|初稿")
_OVERRULED = re.compile(r"不妥|与查明事实不符|有误|不予采纳|不能成立|审核认为|经审|经核|本意见认为|审核意见|复查结论|多数意见")
_DRAFT_KEYS = {"criminal_suspicion", "business_volume", "goods_value", "illegal_income", "first_offence"}
# The case unit's judgement of the party's mind, put to the reviewer (法制审核意见：…办案机构认为当事人'应当知道'…，拟…): its view,
# which the review weighs, not a finding — the facts it rests on are read where they are told.
# So are its characterisation of the act (办案机构认为属于标签瑕疵) and its proposal to refer (办案机构拟移送公安机关): whether the
# act is slight, or a crime, follows from the facts read, the amounts and the thresholds.
_UNIT_VIEW = re.compile(r"(?:承办人|办案机构|办案单位|承办机构|承办单位|办案部门|承办部门)(?:初稿|意见)?[^。；]{0,6}?(?:认为|拟)")
_VIEW_KEYS = {"fault_shown", "intent", "minor_violation", "criminal_suspicion"}


def _overruled_draft(facts: str, span: tuple[int, int]) -> bool:
    draft = _DRAFT.search(facts, sentence_bounds(facts, span)[0], span[0] + 1)
    return draft is not None and any(m.start() != draft.start() for m in _OVERRULED.finditer(facts))


_PLEA = re.compile(r"辩称|申辩称|申辩|辩解|声称|主张|自称|认为")
_REJECTED = re.compile(r"不属|不构成|不能认定|不予采纳|不予认可|不成立|并非|不是")


def _plea_rejected(facts: str, span: tuple[int, int]) -> bool:
    """A reading inside the party's plea (辩称属标签瑕疵) that the same sentence rejects after it (但…不属瑕疵)."""
    lo, hi = sentence_bounds(facts, span)
    if not _PLEA.search(facts, lo, span[0]):
        return False
    if _REJECTED.search(facts, span[1], hi):
        return True
    # or a later finding that rejects it by name or rejects the plea as a whole (审核认为：…不属于标签瑕疵，申辩理由不能成立)
    words, later = re.escape(facts[span[0]:span[1]]), facts[hi:]
    return bool(re.search(rf"(?:不属于?|不构成|并非|不是|不能认定为?)[^。；，]{{0,6}}{words}|{words}[^。；]{{0,12}}?(?:不能成立|不予采纳|不成立)"
                          r"|申辩(?:理由|意见)?(?:均)?(?:不能成立|不予采纳|不成立)", later))


_PLEA_ACCEPTED = re.compile(r"属实|成立|予以采纳|予以认可|采纳(?:其|该|当事人)")


# The party's own plea, by the words that say it is theirs (申辩称, 辩称; 当事人认为 — not 审核认为, the officers' view)
# or said in its statement (当事人在陈述中提出, 陈述时称)
_PARTY_PLEA = re.compile(r"辩称|申辩|辩解|声称|自称|(?:当事人|其|对方|店主|老板|经营者)(?:在陈述中|陈述时|陈述中)?(?:认为|主张|表示|提出)"
                         r"|陈述(?:中|时)(?:提出|称|表示|认为)")


def _unconfirmed_plea(facts: str, span: tuple[int, int], plea: re.Pattern = _PLEA) -> bool:
    """A reading inside the party's plea (当事人辩称已过处罚时效) that nothing after it accepts (经核属实, 予以采纳);
    `plea` the words that open it (_PARTY_PLEA for a view of the act that the officers may share: 审核认为 is theirs)."""
    lo, _ = sentence_bounds(facts, span)
    return bool(plea.search(facts, lo, span[0])) and not _PLEA_ACCEPTED.search(facts, span[1])


_FORGING = re.compile(r"伪造|仿制|仿冒|篡改|变造")
# who forged it, when it is someone other than the party (系广告主伪造, 由推销人员伪造)
_FORGER_OTHER = re.compile(r"(?:系|是|为|由|被)(?:其)?(?:" + _OTHER_ACTOR.pattern + r"|广告主|委托方|委托人|推销|业务员|应聘|求职|员工|"
                           r"他人|第三人|第三方|不法分子|犯罪嫌疑人)[^，。；]{0,6}(?:伪造|仿制|仿冒|篡改|变造)")
# the party handing over or making the paper (当事人提供的进货单据系伪造, 其出示的合同系事后补签)
_PARTY_HANDED = re.compile(r"(?:当事人|其|店主|老板|经营者|负责人|该店|该公司|我们|我)[^，。；]{0,8}"
                           r"(?:提供|出示|提交|交出|拿出|制作|伪造|仿制|变造|委托|找人|让人|请人|补签|补做|篡改)")


def _forged_by_another(facts: str, c: Circumstance) -> bool:
    """A forged paper that is not the party's doing: the forger named is someone else, or the paper is said to be
    forged (该检测报告系伪造) without the party having handed it over or made it. 伪造证据 (指导意见第十六条第（六）项)
    aggravates the party's own act only."""
    if not _FORGING.search(c.quote):
        return False
    sentence = sentence_around(facts, c.span)
    if _FORGER_OTHER.search(sentence):
        return True
    return not c.quote.startswith("伪造") and not _PARTY_HANDED.search(sentence)


_QUOTE_PAIRS = (("“", "”"), ("「", "」"))
_QUOTE_PAIRS_SINGLE = (("“", "”"), ("‘", "’"))


def _inside_quotes(facts: str, at: int, *, since: int = 0, pairs: tuple[tuple[str, str], ...] = _QUOTE_PAIRS,
                   straight: bool = False) -> bool:
    """Whether `at` lies between an opening mark of `pairs` (“ or 「 by default) and its closing mark, counting from
    `since`; with `straight`, also inside straight quotes (' or ") opened and not yet closed."""
    before = facts[since:at]
    return (any(before.count(o) > before.count(c) for o, c in pairs)
            or (straight and (before.count("'") % 2 == 1 or before.count('"') % 2 == 1)))


_SAID_BEFORE_QUOTE = re.compile(r"(?:说|讲|称|道|表示|认为|辩解|辩称)[：:，,]?$")


def _party_quoted(facts: str, at: int) -> bool:
    """Whether `at` lies inside words quoted after a speaking verb (李某说“借出去两年多了，早过了追究期限”)."""
    if not _inside_quotes(facts, at):
        return False
    opening = max(facts.rfind("“", 0, at), facts.rfind("「", 0, at))
    return opening > 0 and bool(_SAID_BEFORE_QUOTE.search(facts[max(0, opening - 6):opening]))


_CLAIM_BEFORE_QUOTE = re.compile(r"(?:宣称|宣传|广告|写着|写有|标有|标注|标明|承诺|口号|标语|海报|传单)[^，。；“]{0,4}$")


def _quoted_claim(facts: str, at: int) -> bool:
    """Whether `at` lies inside quoted words that a claim or an advertisement introduces (宣称“…全额退款”), not inside
    a person's account quoted whole (老板娘：“…一个个打电话退钱…”)."""
    if not _inside_quotes(facts, at):
        return False
    opening = facts.rfind("“", 0, at)
    return opening >= 0 and bool(_CLAIM_BEFORE_QUOTE.search(facts, max(0, opening - 12), opening))


# A defect or a refusal named inside what a check found in order (未发现美容院使用过期、无备案化妆品问题,
# 未发现拒不履行三包义务的情形) is none found.
_DEFECTS = ("visible_defect", "hidden_defect", "refused", "not_corrected")


# Readings that rest on the party's papers: where the same clause says those papers were forged or made after the
# event (提交的进货台账和销售记录系立案后临时补写), they show neither diligence nor cooperation (a later clause of the
# same sentence may tell of genuine papers: …提交了篡改过的投料记录，两周后…主动提供了原始投料记录).
_ON_PAPERS = ("cooperated", "cooperation_stated", "purchase_checked", "source_explained")


def _forged_papers(facts: str, found: list[Circumstance]) -> None:
    # the clause that tells of a forgery, and the one just before it when it names the papers the forgery is about
    # (次日当事人提交的销售记录经…比对，系事后重新打印): those papers prove nothing and show no cooperation
    forged = []
    for c in found:
        if c.key == "evidence_tampering" and c.span:
            lo, hi = sentence_bounds(facts, c.span, CLAUSE_END)
            if lo and c.quote.startswith(("系", "是", "经")):  # a predicate: its subject is the clause before
                lo = sentence_bounds(facts, (lo - 1, lo - 1), CLAUSE_END)[0]
            forged.append((lo, hi))
    if forged:
        found[:] = [c for c in found if not (c.key in _ON_PAPERS and c.span and any(
            lo <= c.span[0] < hi for lo, hi in forged))]


_PRIOR_CASE_STEPS = {"ordered_correction", "not_corrected", "corrected", "refused", "corrected_promptly"}
_DELETED = re.compile(r"(?:已|已经|就|都|全|全部)?(?:删除|删掉|删了|清空)(?:了)?")


def _resolve_conflicts(found: list[Circumstance], facts: str = "") -> None:
    compliant = [c.span for c in found if c.key == "found_compliant" and c.span]
    found[:] = [c for c in found if not (c.key in _DEFECTS and c.span and any(
        a <= c.span[0] and c.span[1] <= b for a, b in compliant))]
    # money the check found charged as agreed (实际收款1200元，无额外加价) is the price, not a gain from a violation
    if facts and compliant:
        checked = {sentence_bounds(facts, span) for span in compliant}
        found[:] = [c for c in found if not (c.key == "illegal_income" and c.span
                                             and sentence_bounds(facts, c.span) in checked)]
    # an order and its outcome told inside a prior penalty's own words (2025年11月因…，经责令改正逾期未改，被我局罚款500元)
    # are the prior case's, not the present one's
    priors = [c.span for c in found if c.span and KINDS[c.key].topic == "prior" and c.key != "first_offence"]
    found[:] = [c for c in found if not (c.key in _PRIOR_CASE_STEPS and c.span and any(
        a <= c.span[0] and c.span[1] <= b and (a, b) != c.span for a, b in priors))]
    # the evidence deleted (要求其保存…回放被删除) is no correction by deleting, whoever tells of it (怕影响不好就删了)
    if any(c.key == "evidence_tampering" and _DELETED.search(c.quote or "") for c in found):
        found[:] = [c for c in found if not (c.key == "corrected" and _DELETED.fullmatch(c.quote or ""))]
    # the part a remedy did not reach, told after it (召回…；其余39件未能追回): the harm was lessened, not left as it was —
    # unless the rest is said to stay so (其余7户至今仍未退还)
    if facts and any(c.key == "mitigated_harm" for c in found):
        found[:] = [c for c in found if not (c.key == "harm_not_mitigated" and c.span and _rest_left(facts, c))]
    keys = {c.key for c in found}
    drop = {pos for pos, neg in CONFLICTS if pos in keys and neg in keys}
    if "mitigated_harm" in drop and _remedied_later(found):
        drop = (drop - {"mitigated_harm"}) | {"harm_not_mitigated"}
    if "corrected" in drop and _corrected_later(found, facts):
        drop = (drop - {"corrected"}) | {"not_corrected"}
    blocking = [c for c in found if c.key in NOT_A_CORRECTION_INSIDE and c.span]
    found[:] = [c for c in found if c.key not in drop and not (c.key == "corrected" and c.span and any(
        (c.span[0] < b.span[1] and b.span[0] < c.span[1]) or c.quote in b.quote for b in blocking))]


# A correction published (发了更正说明, 公开澄清) where the facts say nobody was harmed (还没开奖，也没人来问过) takes the claim
# back before it did harm: it corrects the act, it makes no harm good (主动减轻危害后果 needs harm to lessen). With no harm
# stated, or beside a refund or an apology (harm done to someone), it stays what the bank reads.
_NOTICE_ONLY = re.compile(r"更正|澄清")
_RESTITUTION = re.compile(r"退|赔|补偿|召回|收回|追回|道歉|致歉")


def _notices_as_corrections(found: list[Circumstance]) -> None:
    keys = {c.key for c in found}
    if "harm_none" not in keys or keys & {"harm_minor", "harm_occurred", "harm_serious", "harm_not_mitigated"}:
        return
    mitigations = [c for c in found if c.key == "mitigated_harm"]
    if not mitigations or not all(_NOTICE_ONLY.search(c.quote or "") and not _RESTITUTION.search(c.quote or "")
                                  for c in mitigations):
        return
    for i, c in enumerate(found):
        if c.key == "mitigated_harm":
            found[i] = make_circumstance("corrected", span=c.span, quote=c.quote, source=c.source)


# What was told as not yet made good (涉及未退押金学生二百三十七人) and then as made good (于7月10日前将全部押金退还到位):
# the later telling is the state the case ends in — a refusal too, refunded in full afterwards (以…为由拒绝退还…；立案前…
# 自行逐户联系，全额退还) — unless the earlier one is a state said to last (至今仍未退还), which the negation is written to say.
_LASTING_DENIAL = re.compile(r"至今|仍|尚|还没|依然|始终|一直")


def _remedied_later(found: list[Circumstance]) -> bool:
    negatives = [c for c in found if c.key == "harm_not_mitigated"]
    positives = [c.span[0] for c in found if c.key == "mitigated_harm" and c.span]
    return bool(positives) and all(c.span and c.span[1] <= max(positives) and not _LASTING_DENIAL.search(c.quote or "")
                                   for c in negatives)


# A violation told as a thing left undone (超期一个来月未送检, 员工疏忽未及时下架) and then put right (当天就把秤送到检定所):
# the plain negation describes the act, not a refusal to correct it — unless an order came before it (责令…后未送检) or
# it says the state lasted (仍未, 至今未, 拒不, 逾期未; _LASTING_DENIAL).
_PLAIN_UNDONE = re.compile(r"^(?:未|没有?|并未)(?:及时)?")


def _corrected_later(found: list[Circumstance], facts: str) -> bool:
    negatives = [c for c in found if c.key == "not_corrected"]
    positives = [c.span[0] for c in found if c.key == "corrected" and c.span]
    # (a record's title — 责令改正复查记录（摘要） — is no order given)
    orders = [c.span[0] for c in found if c.key == "ordered_correction" and c.span
              and not re.match(r"复查(?:记录|笔录|情况|意见)", facts[c.span[1]:c.span[1] + 6])]

    def before_the_order(c: Circumstance) -> bool:
        # the state found at the inspection (至检查时仍未办理使用登记，当日下达责令改正通知书), then the order, then the
        # correction (复查：已于6月10日取得使用登记证): the order's answer is the state the case ends in
        return (bool(orders) and not any(o < c.span[0] for o in orders) and any(o < max(positives) for o in orders)
                and not re.search(r"至今|拒不|逾期", facts[max(0, c.span[0] - 3):c.span[1]] if facts else c.quote or ""))

    return bool(positives) and all(
        c.span and c.span[1] <= max(positives) and (before_the_order(c) or (
            c.value is True and _PLAIN_UNDONE.match(c.quote or "")
            and not _LASTING_DENIAL.search(facts[max(0, c.span[0] - 3):c.span[1]] if facts else c.quote or "")
            and not any(o < c.span[0] for o in orders))) for c in negatives)


def keys_of(circumstances: list[Circumstance]) -> set[str]:
    return {c.key for c in circumstances}
