"""Reasoning drafts for the seed cases C01 (芒果, 免予处罚) and C05 (篡改生产日期牛奶, 从重), checked
against the real law texts, and their DOCX export."""
from __future__ import annotations

import pytest
from docx import Document

from assistant.docx_export import draft_to_bytes, draft_to_docx
from assistant.draft import Draft, draft_reasoning
from core.models import (Assessment, CasePenalty, Circumstance, Consistency, FineRange, FineRule,
                              Provision, SimilarCase, Statement, StatutoryPenalty, Threshold, ViolationMatch)
from law_texts import article_text, resolver

FOOD_124_FINE = FineRule(kind="fixed", min=50000, max=100000,
                         condition=Threshold(base="货值金额", op="<", value=10000))
PENALTY_HEADINGS = ["一、事理（违法事实及证据）", "二、法理（法律适用）", "三、道理（裁量理由）",
                    "四、情理（陈述申辩的采纳）", "五、救济途径", "六、信用修复告知（两书同达）"]


def mango() -> Assessment:
    facts = ("邛崃市永盛购物中心商户龚某销售的芒果经抽检农药残留超标。当事人系初次违法，销售涉案芒果仅获利25元，"
             "履行了进货查验义务、能如实说明进货来源，不合格农产品未造成危害后果。")
    return Assessment(
        id="C01", facts=facts, act_date="2025-03-10", as_of="2025-04-15", region="四川省成都市邛崃市",
        violations=[ViolationMatch(
            item_id="食品安全法-124-1-1", conduct="经营农药残留超过食品安全标准限量的食用农产品",
            violated=[Provision(law="食品安全法", article=34, item=2)],
            penalty_basis=[Provision(law="食品安全法", article=124, paragraph=1, item=1)],
            penalty=StatutoryPenalty(fines=[FOOD_124_FINE], confiscate=["违法所得", "违法生产经营的食品"]))],
        circumstances=[
            Circumstance(key="first_offence", label="初次违法", quote="系初次违法", effect="mitigating"),
            Circumstance(key="duty_done", label="履行进货查验义务并如实说明进货来源",
                         quote="履行了进货查验义务、能如实说明进货来源", effect="exempting"),
            Circumstance(key="harm_none", label="未造成危害后果", quote="未造成危害后果", effect="exempting")],
        tier="免予处罚",
        tier_rule="食品经营者履行进货查验义务、不知道所采购的食品不符合食品安全标准并能如实说明进货来源的，可以免予处罚",
        tier_basis=[Provision(law="食品安全法", article=136), Provision(law="行政处罚法", article=33, paragraph=1)],
        reasons=["当事人履行了进货查验义务，能够如实说明进货来源，符合《中华人民共和国食品安全法》第一百三十六条规定的条件。"],
        confiscation=["不符合食品安全标准的芒果"])


def milk() -> Assessment:
    facts = ("当事人以3元/箱购进300箱过期核桃牛奶，在库房内擦除原生产日期并用打码机重新打印，以10元/箱在早市销售67箱，"
             "货值金额3000元，违法所得670元；现场另查获已改日期24箱、已擦除30箱、未处理179箱。当事人明知过期仍篡改，存在主观故意。")
    penalty = StatutoryPenalty(fines=[FOOD_124_FINE], confiscate=["违法所得", "违法生产经营的食品"], revoke=True,
                               text="没收违法所得和违法生产经营的食品；货值金额不足一万元的，并处五万元以上十万元以下罚款；"
                                    "情节严重的，吊销许可证")
    return Assessment(
        id="C05", facts=facts, act_date="2024-05-16", as_of="2024-07-04", party="王某某",
        violations=[ViolationMatch(item_id="食品安全法-124-1-5", conduct="经营标注虚假生产日期的食品",
                                   violated=[Provision(law="食品安全法", article=34, item=10)],
                                   penalty_basis=[Provision(law="食品安全法", article=124, paragraph=1, item=5)],
                                   penalty=penalty)],
        circumstances=[Circumstance(key="intent", label="故意篡改生产日期", quote="明知过期仍篡改，存在主观故意",
                                    effect="aggravating")],
        tier="从重", tier_rule="故意篡改生产日期销售过期食品，属于裁量基准规定的从重情形",
        reasons=["当事人明知食品已过保质期，仍擦除并重新打印生产日期后销售，主观恶意明显。"],
        fine_range=FineRange(min=86000, max=86000, basis="货值金额3000元，不足一万元，法定罚款五万元以上十万元以下；"
                                                         "从重阶次取法定幅度的70%–100%（85,000元–100,000元），本案确定为86,000元。"),
        confiscation=["违法所得670元", "涉案牛奶233箱", "打码机2个、垫板1个、油墨及清洗剂等工具"],
        similar_cases=[SimilarCase(case_id="X1", title="某超市销售超过保质期食品案", region="辽宁", date="2023-11",
                                   tier="从重", penalty=CasePenalty(fine=80000), why="同涉《食品安全法》第124条")],
        consistency=Consistency(verdict="inside", message="罚款8.6万元处于类案罚款区间内。", cases=["X1"]),
        statements=[Statement(point="当事人称系初次违法，请求从轻处罚", adopted=False,
                              reason="当事人故意篡改生产日期，主观恶意明显。"),
                    Statement(point="当事人称已主动配合调查", adopted=True, reason="经查属实，已在裁量中予以考虑。")])


@pytest.fixture(scope="module")
def laws():
    return resolver()


def quotes_are_real(draft: Draft, law: str, article: int) -> None:
    text = article_text(law, article)
    quoted = [q for q in draft.quotes if q.split("……")[0] in text]
    assert quoted, f"no quote of {law} {article}"
    for q in quoted:
        for piece in q.split("……"):
            assert piece in text


def test_mango_exemption_draft(laws):
    d = draft_reasoning(mango(), resolver=laws)
    assert d.kind == "不予处罚决定" and "不予行政处罚决定书" in d.title
    headings = [s.heading for s in d.sections]
    assert headings[:5] == PENALTY_HEADINGS[:5] and headings[5] == "六、后续处置"
    md = d.to_markdown()
    assert d.verify is not None and d.verify.ok, [c.message for c in d.verify.problems]
    assert "【未核实" not in md
    for law, art in (("食品安全法", 34), ("食品安全法", 124), ("食品安全法", 136), ("行政处罚法", 33)):
        quotes_are_real(d, law, art)
    assert "可以免予处罚，但应当依法没收其不符合食品安全标准的食品" in md  # 136 quoted in full
    assert "依法没收：不符合食品安全标准的芒果" in md
    assert "上游供货者" in md and "信用修复" not in md
    assert "未记录当事人提出的陈述、申辩意见" in md
    assert "六十日内" in md and "六个月内" in md and "《中华人民共和国行政复议法》第二十条第一款" in md
    assert "事实依据：“履行了进货查验义务、能如实说明进货来源”" in md
    assert "2021-04-29版本" in md


def test_milk_aggravated_draft(laws):
    d = draft_reasoning(milk(), resolver=laws, agency="沈阳市大东区市场监督管理局",
                        evidence=["现场检查笔录", "询问笔录", "销售记录"], include_consistency=True)
    assert [s.heading for s in d.sections] == PENALTY_HEADINGS
    assert d.verify.ok, [c.message for c in d.verify.problems]
    md = d.to_markdown()
    assert md.startswith("# 沈阳市大东区市场监督管理局行政处罚决定书")
    quotes_are_real(d, "食品安全法", 34)
    quotes_are_real(d, "食品安全法", 124)
    assert "（十）标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂；" in md
    assert "依法从重处罚" in md and "建议罚款数额：86,000元" in md
    assert "1. 现场检查笔录；2. 询问笔录；3. 销售记录" in md
    assert "某超市销售超过保质期食品案" in md and "符合类案同罚的要求" in md
    assert "本局不予采纳" in md and "本局予以采纳" in md
    assert "《市场监督管理行政处罚信息公示规定》第十三条第一款" in md and "届满三年" in md
    assert "十五日内缴纳罚款" in md
    # procedure as of the decision date, substance as of the act date
    by_raw = {c.raw: c for c in d.verify.citations}
    assert by_raw["《中华人民共和国行政复议法》第二十条第一款"].on == "2024-07-04"
    assert by_raw["《中华人民共和国食品安全法》第三十四条第（十）项"].on == "2024-05-16"


def test_unverified_citation_in_draft_is_flagged(laws):
    a = milk()
    a.tier_rule = "依据《辽宁省芒果条例》第九条和《食品安全法》第二百零一条"
    d = draft_reasoning(a, resolver=laws)
    assert not d.verify.ok
    md = d.to_markdown()
    assert "《食品安全法》第二百零一条【未核实：" in md
    assert any("未能核实" in w for w in d.warnings)


def test_quote_of_missing_provision_is_a_visible_gap(laws):
    a = milk()
    a.violations[0].violated = [Provision(law="食品安全法", article=34, item=20)]
    d = draft_reasoning(a, resolver=laws)
    md = d.to_markdown()
    assert "【该款项未能在条文中核实，未予引用】" in md
    assert "第三十四条第（二十）项【未核实：" in md


def test_referral_draft(laws):
    a = milk()
    a.tier, a.tier_basis, a.fine_range, a.statements = "移送", [], None, []
    d = draft_reasoning(a, resolver=laws)
    assert d.kind == "移送" and [s.heading for s in d.sections][-1] == "四、移送意见"
    quotes_are_real(d, "行政处罚法", 27)
    assert d.verify.ok


def test_docx_has_headings_in_order(laws, tmp_path):
    d = draft_reasoning(milk(), resolver=laws)
    path = draft_to_docx(d, tmp_path / "c05.docx")
    doc = Document(str(path))
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert titles == [d.title] and headings == PENALTY_HEADINGS
    body = [p for p in doc.paragraphs if p.style.name == "Normal"]
    assert body and all(p.paragraph_format.first_line_indent for p in body)
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert draft_to_bytes(d)[:2] == b"PK"


def test_docx_keeps_flags(laws, tmp_path):
    a = milk()
    a.reasons.append("另依据《食品安全法》第二百零一条。")
    d = draft_reasoning(a, resolver=laws)
    doc = Document(str(draft_to_docx(d, tmp_path / "flag.docx")))
    assert any("第二百零一条【未核实：" in p.text for p in doc.paragraphs)


def test_only_the_confirmed_or_best_violation_is_stated():
    from core.models import Assessment, ViolationMatch

    a = Assessment(facts="x", violations=[ViolationMatch(item_id="a", conduct="甲"),
                                          ViolationMatch(item_id="b", conduct="乙")])
    assert [v.item_id for v in a.established()] == ["a"]
    a.confirmed = ["b"]
    assert [v.item_id for v in a.established()] == ["b"]


def test_an_unconfirmed_uncertain_item_is_a_warning_of_the_draft(laws):
    a = milk()
    a.item_uncertain = True
    assert any("违法行为事项未经确认" in w for w in draft_reasoning(a, resolver=laws).warnings)
    a.confirmed = [a.violations[0].item_id]
    assert not any("违法行为事项未经确认" in w for w in draft_reasoning(a, resolver=laws).warnings)


def test_the_wording_is_in_the_templates_and_still_verified(laws, tmp_path, monkeypatch):
    """An office edits prompts/drafts/ without touching Python; a citation typed there is verified like any other."""
    import shutil

    from assistant import draft as module

    shutil.copytree(module.TEMPLATES, tmp_path / "drafts")
    remedies = tmp_path / "drafts" / "sections" / "remedies.md.j2"
    remedies.write_text(remedies.read_text(encoding="utf-8").replace(
        "人民法院提起行政诉讼。", "人民法院提起行政诉讼（另见《食品安全法》第二百零一条）。"), encoding="utf-8")
    monkeypatch.setattr(module, "TEMPLATES", tmp_path / "drafts")
    module._environment.cache_clear()
    try:
        d = draft_reasoning(milk(), resolver=laws)
    finally:
        module._environment.cache_clear()
    md = d.to_markdown()
    assert "另见《食品安全法》第二百零一条【未核实：" in md and not d.verify.ok
    assert [s.heading for s in d.sections] == PENALTY_HEADINGS


def test_a_fine_that_waits_for_its_condition_says_so_in_the_draft(laws):
    """A range computed for a fine the law conditions on 拒不改正 is labelled in the draft, not stated as due."""
    a = milk()
    a.fine_range = a.fine_range.model_copy(update={"condition": "罚款以逾期未改正或者拒不改正为条件，事实中尚未见该条件成就，"
                                                                "该幅度仅在条件成就时适用。"})
    md = draft_reasoning(a, resolver=laws).to_markdown()
    assert "建议罚款数额：86,000元。罚款以逾期未改正或者拒不改正为条件" in md
    assert "计算过程：货值金额3000元" in md


def test_several_rules_broken_are_one_sentence_and_the_penalty_its_own_paragraph(laws):
    """A violation citing two rules (the statute's and a narrower instrument's restatement beside it) says both in one
    sentence joined by 和, their texts after it; the penalty basis is a paragraph of its own."""
    a = mango()
    v = a.violations[0]
    a.violations[0] = v.model_copy(update={
        "violated": v.violated + [Provision(law="食品安全法", article=136)],  # a second rule, real and verifiable
        "penalty_basis": v.penalty_basis + [Provision(law="食品安全法", article=136)]})
    md = draft_reasoning(a, resolver=laws).to_markdown()
    assert "违反了《中华人民共和国食品安全法》第三十四条第（二）项和《中华人民共和国食品安全法》第一百三十六条的规定。" in md
    assert "\n\n对该违法行为的处罚依据为《中华人民共和国食品安全法》第一百二十四条第一款第（一）项和" in md


def test_an_act_date_not_given_is_asked_for_not_stated_as_today(laws):
    """The draft never says the act happened on the decision date: it cites the texts of that date and asks."""
    a = mango().model_copy(update={"act_date": ""})
    md = draft_reasoning(a, resolver=laws).to_markdown()
    assert "违法行为发生时（2025-04-15）" not in md
    assert "【待补充：违法行为发生日期，上述条文暂按2025-04-15有效的版本引用】" in md
    dated = draft_reasoning(mango(), resolver=laws).to_markdown()
    assert "违法行为发生时（2025-03-10）" in dated and "【待补充：违法行为发生日期" not in dated
