"""The reasoning (说理) of a penalty decision drafted from an Assessment, in the four 理 of
说理式执法 — 事理, 法理, 道理, 情理 — plus 救济途径 and the credit-repair notice (两书同达).

Every provision is quoted from the version in force on the act date, fetched through the resolver;
procedural provisions (复议, 诉讼, 公示) are taken as of the decision date. The whole draft is then
run through the citation verifier and every unresolved citation is flagged inline, never shown silently.
Tiers 不予处罚/免予处罚 give a 不予行政处罚 reasoning; 移送 gives a referral note (行政处罚法第二十七条).
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple, Optional, Sequence

from pydantic import BaseModel, Field

from core.models import Assessment, Circumstance, Provision, Statement
from core.amounts import yuan
from core.lawnames import short_law_name
from assistant.verify import ArticleResolver, VerifiedArticle, VerifyReport, verify_text

NO_PENALTY_TIERS = ("不予处罚", "免予处罚")
PENALTY_ACT = "中华人民共和国行政处罚法"
REVIEW_ACT = "中华人民共和国行政复议法"
LITIGATION_ACT = "中华人民共和国行政诉讼法"
DISCLOSURE_RULE = "市场监督管理行政处罚信息公示规定"
# Applied as of the decision date, not the act date: procedure and disclosure, and the 行政处罚法
# articles on notice, hearing, payment and enforcement (keys "short name" or "short name#article").
PROCEDURAL = ("行政复议法", "行政诉讼法", DISCLOSURE_RULE, "市场监督管理行政处罚程序规定",
              "行政处罚法#44", "行政处罚法#45", "行政处罚法#63", "行政处罚法#67", "行政处罚法#72", "行政处罚法#73")
# Discretion provisions quoted when the assessment names none.
DEFAULT_TIER_BASIS: dict[str, list[Provision]] = {
    "不予处罚": [Provision(law=PENALTY_ACT, article=33, paragraph=1)],
    "免予处罚": [Provision(law=PENALTY_ACT, article=33, paragraph=1)],
    "减轻": [Provision(law=PENALTY_ACT, article=32)],
    "从轻": [Provision(law=PENALTY_ACT, article=32)],
    "移送": [Provision(law=PENALTY_ACT, article=27, paragraph=1)],
}
TIER_DECISION = {"不予处罚": "依法不予行政处罚", "免予处罚": "依法免予行政处罚", "减轻": "依法减轻处罚",
                 "从轻": "依法从轻处罚", "一般": "在法定幅度内给予一般处罚", "从重": "依法从重处罚",
                 "移送": "依法移送司法机关"}
EFFECT_WORDS = {"mitigating": "从轻、减轻情节", "aggravating": "从重情节", "exempting": "不予（免予）处罚情节",
                "neutral": "其他情节", "referral": "涉嫌犯罪情节"}
TODO = "【待补充："


class Section(NamedTuple):
    heading: str
    paragraphs: list[str]


class Draft(BaseModel):
    title: str
    kind: str  # 处罚决定 / 不予处罚决定 / 移送
    act_date: str
    decision_date: str
    sections: list[Section] = Field(default_factory=list)
    quotes: list[str] = Field(default_factory=list)  # verbatim statute text, from the resolver
    verify: Optional[VerifyReport] = None
    warnings: list[str] = Field(default_factory=list)

    def raw_markdown(self) -> str:
        """The draft as written, before flags: the text the verify report's spans refer to."""
        return "\n\n".join([f"# {self.title}"] + [_section_md(s) for s in self.sections]) + "\n"

    def annotated_sections(self) -> list[Section]:
        """Sections with every unresolved citation flagged 【未核实：…】 (for display and DOCX)."""
        if self.verify is None:
            return list(self.sections)
        offset = len(f"# {self.title}") + 2
        out = []
        for s in self.sections:
            offset += len(f"## {s.heading}") + 2
            paras = []
            for p in s.paragraphs:
                paras.append(self.verify.annotate(p, offset=offset))
                offset += len(p) + 2
            out.append(Section(s.heading, paras))
        return out

    def to_markdown(self, *, include_report: bool = False) -> str:
        parts = [f"# {self.title}"] + [_section_md(s) for s in self.annotated_sections()]
        if include_report and self.verify is not None:
            parts.append(_report_md(self.verify))
        return "\n\n".join(parts) + "\n"


def _section_md(s: Section) -> str:
    return "\n\n".join([f"## {s.heading}", *s.paragraphs])


def _report_md(report: VerifyReport) -> str:
    lines = [f"## 附：引用核验（{len(report.citations)}处，{len(report.problems)}处未核实）"]
    for c in report.citations:
        lines.append(f"- {'✔' if c.ok else '✘'} {c.raw}：{c.message}")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(("。", "】", "；", "”")) else text + "。"


def _yuan(x: float) -> str:
    return yuan(x, "figures")


class _Writer:
    """Builds the sections; quotes provisions through the resolver and remembers what it quoted."""

    def __init__(self, a: Assessment, resolver: ArticleResolver, agency: str, party: str):
        self.a, self.resolver, self.agency, self.party = a, resolver, agency, party
        self.decision_date = a.as_of or date.today().isoformat()
        self.act_date = a.act_date or self.decision_date
        self.evidence: list[str] = []
        self.quotes: list[str] = []
        self.quoted: set[str] = set()  # provisions already quoted: quote each once
        self.warnings: list[str] = []
        self.include_consistency = False
        if not a.act_date:
            self.warnings.append(f"违法行为发生日期未填写，条文按{self.act_date}核对，须核实。")

    # dates -------------------------------------------------------------
    def law_dates(self) -> dict[str, str]:
        return {key: self.decision_date for key in PROCEDURAL}

    def date_for(self, law: str, article: int) -> str:
        short = short_law_name(law)
        dates = self.law_dates()
        return dates.get(f"{short}#{article}", dates.get(short, self.act_date))

    # provisions --------------------------------------------------------
    def article(self, p: Provision) -> VerifiedArticle | None:
        return self.resolver.resolve(p.law, p.article, p.article_suffix, self.date_for(p.law, p.article))

    def cite(self, p: Provision) -> str:
        art = self.article(p)
        return f"《{art.law if art else p.law}》{p.label()}"

    def quote(self, p: Provision) -> str:
        """《法》第N条第N款（版本）规定：“…”, or a visible gap when the text cannot be fetched."""
        art = self.article(p)
        if art is None:
            return f"{self.cite(p)}（条文未能从法规库取得，未予引用）"
        if p.cite() in self.quoted:
            return f"{self.cite(p)}（条文见前）。"
        self.quoted.add(p.cite())
        text = _excerpt(art, p.paragraph, p.item)
        if text is None:
            return f"{self.cite(p)}【该款项未能在条文中核实，未予引用】"
        self.quotes.append(text)
        return f"{self.cite(p)}{art.version_note()}规定：“{text}”"

    # sections ----------------------------------------------------------
    def facts(self) -> Section:
        a = self.a
        paras = [f"经查，{a.facts.strip()}"]
        paras.append("上述事实有以下证据证明：" + (
            "；".join(f"{i}. {e}" for i, e in enumerate(self.evidence, 1)) + "。" if self.evidence else
            f"{TODO}请逐项列明认定上述事实的证据，如现场检查笔录、询问笔录、检验报告、进货凭证、"
            f"销售记录、当事人主体资格证明等】"))
        if a.questions:
            paras.append("以下事项尚待核实：" + "；".join(a.questions) + "。【待核实】")
        return Section("一、事理（违法事实及证据）", paras)

    def law(self) -> Section:
        paras = []
        for v in self.a.established():
            for p in v.violated:
                paras.append(f"当事人的上述行为违反了{self.cite(p)}的规定。{self.quote(p)}")
            for p in v.penalty_basis:
                paras.append(f"对该违法行为的处罚依据为{self.cite(p)}。{self.quote(p)}")
            if v.penalty.text and self.a.tier not in NO_PENALTY_TIERS + ("移送",):
                paras.append(f"法定处罚种类和幅度为：{_sentence(v.penalty.text)}")
        if not self.a.established():
            paras.append(f"{TODO}未匹配到违法行为及其违反条款、处罚依据，须由办案人员认定】")
        basis = self.a.tier_basis or DEFAULT_TIER_BASIS.get(self.a.tier, [])
        lead = "移送依据" if self.a.tier == "移送" else "裁量依据"
        for p in basis:
            paras.append(f"{lead}：{self.quote(p)}")
        paras.append(f"本案适用违法行为发生时（{self.act_date}）有效的法律、法规、规章"
                     f"（{self.cite(Provision(law=PENALTY_ACT, article=37))}），上述条文均按该日有效的版本引用。")
        return Section("二、法理（法律适用）", paras)

    def discretion(self) -> Section:
        a = self.a
        paras = []
        if a.circumstances:
            paras.append("本局综合考量本案违法行为的事实、性质、情节以及社会危害程度，认定以下情节：")
            paras.extend(_circumstance(i, c) for i, c in enumerate(a.circumstances, 1))
        paras.extend(a.reasons)
        if a.tier_rule:
            paras.append(f"适用的裁量规则：{a.tier_rule}。")
        if a.tier_basis:
            paras.append("裁量依据：" + "、".join(self.cite(p) for p in a.tier_basis) + "。")
        paras.append("据此，本局决定将本案依法移送司法机关处理。" if a.tier == "移送" else
                     f"据此，本局对当事人{TIER_DECISION[a.tier]}。")
        if a.fine_range and a.tier not in NO_PENALTY_TIERS:
            paras.append(_fine_text(a))
        if a.confiscation:
            paras.append(("依法应当没收：" if a.mandatory or a.tier in NO_PENALTY_TIERS else "没收：")
                         + "；".join(a.confiscation) + "。")
        if self.include_consistency:  # comparable cases and 类案同罚 go in only when the officer ticks them in
            paras.extend(self.comparable())
        return Section("三、道理（裁量理由）", paras)

    def comparable(self) -> list[str]:
        a = self.a
        paras = []
        if a.similar_cases:
            paras.append("类案参照：")
            for i, c in enumerate(a.similar_cases, 1):
                where = "，".join(x for x in (c.region, c.date) if x)
                paras.append(f"{i}. {c.title}{f'（{where}）' if where else ''}：处理结果为{c.tier or '未载明'}"
                             f"{_case_penalty(c.penalty)}。{_sentence(c.why)}")
        if a.consistency:
            verdicts = {"inside": "本案裁量结果处于可比类案的处理区间之内，符合类案同罚的要求",
                        "above": "本案裁量结果重于可比类案，须说明加重的具体理由",
                        "below": "本案裁量结果轻于可比类案，须说明从宽的具体理由",
                        "no_comparable": "未检索到可比类案"}
            msg = a.consistency.message or ""
            paras.append(f"类案同罚核查：{verdicts[a.consistency.verdict]}。{msg}".rstrip())
        return paras

    def statements(self) -> Section:
        a = self.a
        notice = Provision(law=PENALTY_ACT, article=44)
        review = Provision(law=PENALTY_ACT, article=45)
        paras = []
        if a.tier not in NO_PENALTY_TIERS:
            paras.append(f"本局在作出行政处罚决定之前，已依照{self.cite(notice)}的规定告知当事人拟作出的行政处罚内容"
                         f"及事实、理由、依据，并告知当事人依法享有陈述、申辩、要求听证等权利（拟作出的处罚是否属于"
                         f"{self.cite(Provision(law=PENALTY_ACT, article=63))}规定的应当告知听证权利的情形，"
                         f"依本省较大数额罚款等标准确定）。")
        if not a.statements:
            paras.append("截至本稿拟写时，未记录当事人提出的陈述、申辩意见。如当事人在期限内提出，本局将依照"
                         f"{self.cite(review)}的规定进行复核，并在本部分逐项载明是否采纳及理由。")
            return Section("四、情理（陈述申辩的采纳）", paras)
        paras.append(f"当事人提出了陈述、申辩意见。本局依照{self.cite(review)}的规定，对当事人提出的事实、理由和证据"
                     "进行了复核，逐项答复如下：")
        paras.extend(_statement(i, s) for i, s in enumerate(a.statements, 1))
        if a.tier not in NO_PENALTY_TIERS:
            paras.append("本局未因当事人陈述、申辩而给予更重的处罚。")
        return Section("四、情理（陈述申辩的采纳）", paras)

    def remedies(self) -> Section:
        review = self.cite(Provision(law=REVIEW_ACT, article=20, paragraph=1))
        body = self.cite(Provision(law=REVIEW_ACT, article=24, paragraph=1, item=1))
        suit = self.cite(Provision(law=LITIGATION_ACT, article=46, paragraph=1))
        what = "本行政处罚决定" if self.a.tier not in NO_PENALTY_TIERS else "本决定"
        paras = [f"当事人如不服{what}，可以依照{review}的规定，自收到本决定书之日起六十日内向本级人民政府"
                 f"（{body}）申请行政复议；也可以依照{suit}的规定，自收到本决定书之日起六个月内直接向有管辖权的"
                 f"人民法院提起行政诉讼。"]
        if self.a.tier not in NO_PENALTY_TIERS:
            paras.append(f"依照{self.cite(Provision(law=PENALTY_ACT, article=73, paragraph=1))}的规定，申请行政复议或者"
                         f"提起行政诉讼期间，行政处罚不停止执行，法律另有规定的除外。")
            if self.a.fine_range:
                paras.append(f"当事人应当依照{self.cite(Provision(law=PENALTY_ACT, article=67, paragraph=3))}的规定，"
                             f"自收到本决定书之日起十五日内缴纳罚款；到期不缴纳的，本局可以依照"
                             f"{self.cite(Provision(law=PENALTY_ACT, article=72, paragraph=1, item=1))}的规定，"
                             f"每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额。")
        return Section("五、救济途径", paras)

    def credit(self) -> Section:
        def rule(art: int, para: int | None = None) -> str:
            return self.cite(Provision(law=DISCLOSURE_RULE, article=art, paragraph=para))

        paras = [
            f"依照{rule(2, 1)}的规定，本局对适用普通程序作出的行政处罚决定的相关信息，将记录于国家企业信用信息公示"
            f"系统并向社会公示（仅受到警告行政处罚的不予公示，法律、行政法规另有规定的除外）；依照{rule(8)}的规定，"
            f"特此书面告知。本局将在{rule(9)}、第十条规定的期限内进行公示。",
            f"公示期限：依照{rule(13, 1)}的规定，仅受到通报批评或者较低数额罚款的行政处罚信息，自公示之日起届满三个月的，"
            f"停止公示；其他行政处罚信息自公示之日起届满三年的，停止公示。",
            f"信用修复：依照{rule(14, 1)}的规定，行政处罚信息公示达到规定时限要求，且同时符合已经自觉履行行政处罚决定中"
            f"规定的义务、已经主动消除危害后果和不良影响、未因同一类违法行为再次受到市场监督管理部门行政处罚、未在经营"
            f"异常名录和严重违法失信名单中等条件的，当事人可以向本局申请提前停止公示；时限要求和具体办法按照国家市场"
            f"监督管理总局的有关规定执行。",
        ]
        if any(v.penalty.suspend or v.penalty.revoke for v in self.a.established()) and self.a.tier == "从重":
            paras.append(f"当事人如受到责令停产停业、吊销许可证件等较为严重的行政处罚，依照{rule(14, 3)}的规定，"
                         f"不得提前停止公示。【待核实：以本决定实际作出的处罚种类为准】")
        paras.append(f"当事人有证据证明公示的行政处罚信息不准确的，有权依照{rule(12)}的规定要求本局予以更正。")
        return Section("六、信用修复告知（两书同达）", paras)

    def follow_up(self) -> Section:
        a = self.a
        educate = self.cite(Provision(law=PENALTY_ACT, article=33, paragraph=3))
        paras = [f"依照{educate}的规定，本局对当事人进行教育，责令其立即改正违法行为，依法合规经营。"]
        if a.confiscation:
            paras.append("不予（免予）处罚不免除法律规定的没收义务，本局依法没收：" + "；".join(a.confiscation) + "。")
        paras.append("对涉案产品的上游供货者等违法线索，本局将依法予以调查或者移送其所在地市场监督管理部门处理，"
                     "并对当事人的整改情况进行跟踪回访。")
        paras.append(f"本决定系不予（免予）行政处罚决定，是否公示及公示方式按照"
                     f"{self.cite(Provision(law=DISCLOSURE_RULE, article=2))}及本省有关规定确定。")
        return Section("六、后续处置", paras)

    def referral(self) -> Section:
        basis = Provision(law=PENALTY_ACT, article=27, paragraph=1)
        paras = [f"本局认为，当事人的上述行为涉嫌犯罪，依照{self.cite(basis)}的规定，应当及时将案件移送司法机关，"
                 f"依法追究刑事责任。本局将随案移交证据材料，并做好案件处理信息通报。",
                 "对依法不需要追究刑事责任或者免予刑事处罚，但应当给予行政处罚的，待司法机关移送后，本局依法作出行政处罚。"]
        return Section("四、移送意见", paras)


def _excerpt(art: VerifiedArticle, paragraph: Optional[int], item: Optional[int]) -> str | None:
    """The cited part of an article, verbatim: a 款, or a 款's lead line and the cited 项 joined by ……"""
    paras = art.paragraphs()
    if paragraph:
        if paragraph > len(paras):
            return None
        lines = paras[paragraph - 1]
    elif item:
        lines = next((p for p in paras if len(p) > item), None)
        if lines is None:
            return None
    else:
        return "".join(line for p in paras for line in p)
    if item:
        return f"{lines[0]}……{lines[item]}" if item < len(lines) else None
    return "".join(lines)


def _circumstance(i: int, c: Circumstance) -> str:
    quote = f"事实依据：“{c.quote}”" if c.quote else "【待核实：未从事实中摘引依据】"
    src = "（办案人员认定）" if c.source == "officer" else ""
    return f"（{i}）{c.label}{src}，属于{EFFECT_WORDS[c.effect]}。{quote}。"


def _statement(i: int, s: Statement) -> str:
    if s.adopted is None:
        verdict = "【待复核：尚未作出是否采纳的结论】"
    elif s.adopted:
        verdict = "经复核，该意见成立，本局予以采纳。" + (f"理由：{s.reason}" if s.reason else "")
    else:
        verdict = "经复核，该意见不能成立，本局不予采纳。" + (f"理由：{s.reason}" if s.reason else
                                                            "【待补充：不予采纳的理由】")
    return f"（{i}）当事人提出：{s.point.rstrip('。')}。{verdict}"


def _case_penalty(p) -> str:
    bits = []
    if p.fine:
        bits.append(f"罚款{_yuan(p.fine)}")
    if p.confiscated_income:
        bits.append(f"没收违法所得{_yuan(p.confiscated_income)}")
    if p.confiscated_goods:
        bits.append(f"没收{p.confiscated_goods}")
    if p.other:
        bits.append(p.other)
    return f"（{'，'.join(bits)}）" if bits else ""


def _fine_text(a: Assessment) -> str:
    fr = a.fine_range
    if fr.min is None and fr.max is None:
        amount = "【待补充：罚款数额】"
    elif fr.min == fr.max or fr.max is None:
        amount = _yuan(fr.min)
    elif fr.min is None:
        amount = f"{_yuan(fr.max)}以下"
    else:
        amount = f"{_yuan(fr.min)}至{_yuan(fr.max)}"
    basis = f"计算过程：{fr.basis}" if fr.basis else ""
    return f"建议罚款数额：{amount}。{basis}"


def draft_reasoning(assessment: Assessment, *, resolver: ArticleResolver, agency: str = "XX市场监督管理局",
                    party: str | None = None, evidence: Sequence[str] = (), include_consistency: bool = False) -> Draft:
    """The reasoning of the decision for `assessment`, verified. `evidence`: the evidence list
    (the Assessment carries none; without it the draft shows a visible gap). `include_consistency`: the
    comparable cases and the 类案同罚 check go into the draft only when the officer ticks them in."""
    a = assessment
    w = _Writer(a, resolver, agency, party or a.party or "当事人")
    w.evidence = list(evidence)
    w.include_consistency = include_consistency
    if a.tier == "移送":
        kind, title = "移送", f"{agency}涉嫌犯罪案件移送说明（草稿）"
        sections = [w.facts(), w.law(), w.discretion(), w.referral()]
        sections[2] = Section("三、道理（移送理由）", sections[2].paragraphs)
    elif a.tier in NO_PENALTY_TIERS:
        kind, title = "不予处罚决定", f"{agency}不予行政处罚决定书（说理部分·草稿）"
        sections = [w.facts(), w.law(), w.discretion(), w.statements(), w.remedies(), w.follow_up()]
    else:
        kind, title = "处罚决定", f"{agency}行政处罚决定书（说理部分·草稿）"
        sections = [w.facts(), w.law(), w.discretion(), w.statements(), w.remedies(), w.credit()]
    if party or a.party:
        sections[0] = Section(sections[0].heading, [f"当事人：{w.party}。"] + sections[0].paragraphs)
    draft = Draft(title=title, kind=kind, act_date=w.act_date, decision_date=w.decision_date,
                  sections=sections, quotes=w.quotes, warnings=w.warnings)
    text = draft.raw_markdown()
    draft.verify = verify_text(text, on=w.act_date, resolver=resolver, law_dates=w.law_dates(),
                               exclude=_quote_spans(text, w.quotes))
    if not draft.verify.ok:
        draft.warnings.append(f"{len(draft.verify.problems)}处引用未能核实，已在文中以【未核实：…】标出。")
    return draft


def _quote_spans(text: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for q in set(quotes):
        start = text.find(q)
        while start >= 0:
            spans.append((start, start + len(q)))
            start = text.find(q, start + 1)
    return spans
