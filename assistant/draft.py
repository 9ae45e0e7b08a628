"""The reasoning (说理) of a penalty decision drafted from an Assessment, in the four 理 of
说理式执法 — 事理, 法理, 道理, 情理 — plus 救济途径 and the credit-repair notice (两书同达).

Every provision is quoted from the version in force on the act date, fetched through the resolver;
procedural provisions (复议, 诉讼, 公示) are taken as of the decision date. The whole draft is then
run through the citation verifier and every unresolved citation is flagged inline, never shown silently.
Tiers 不予处罚/免予处罚 give a 不予行政处罚 reasoning; 移送 gives a referral note (行政处罚法第二十七条).

The prose is in Jinja2 templates, one per document type (prompts/drafts/, see its README): an office edits the
wording there; this module decides which document, fetches and quotes the provisions, and verifies the result.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple, Optional, Sequence

import jinja2
from pydantic import BaseModel, Field

from core.models import WORDING_CHECK, Assessment, Provision
from core.amounts import yuan
from core.lawnames import short_law_name
from core.settings import REPO_ROOT
from assistant.circumstances import KINDS
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
    """What the templates call: cites and quotes provisions through the resolver and remembers what it quoted."""

    def __init__(self, a: Assessment, resolver: ArticleResolver, agency: str, party: str):
        self.a, self.resolver, self.agency, self.party = a, resolver, agency, party
        self.decision_date = a.as_of or date.today().isoformat()
        self.act_date = a.act_date or self.decision_date
        self.act_date_stated = bool(a.act_date)  # else the texts are those in force on the decision date, to be checked
        self.evidence: list[str] = []
        self.quotes: list[str] = []
        self.quoted: set[str] = set()  # provisions already quoted: quote each once
        self.warnings: list[str] = []
        self.include_consistency = False
        if not a.act_date:
            self.warnings.append(f"违法行为发生日期未填写，条文按{self.act_date}核对，须核实。")
        if a.item_uncertain and not a.confirmed:
            self.warnings.append("违法行为事项未经确认：另有得分接近的候选事项（见评估的“待核实”），草稿按第一项撰写，须核实。")

    # circumstances -----------------------------------------------------
    def circumstances(self) -> list:
        """The circumstances the 道理 states: not the dates the facts give (they decide 第三十六条 and 第三十七条 and are
        stated there), each key once (违法行为终了日期 read from 7月至9月 and from 9月底 is one)."""
        out, seen = [], set()
        for c in self.a.circumstances:
            kind = KINDS.get(c.key)
            if (kind is not None and kind.topic == "date") or c.key in seen:
                continue
            seen.add(c.key)
            out.append(c)
        return out

    # dates -------------------------------------------------------------
    def law_dates(self) -> dict[str, str]:
        """The date each law is read on where it is not the act date: the procedural laws and a law whose later,
        lighter version applies (行政处罚法第三十七条 但书) on the decision date."""
        return {key: self.decision_date for key in PROCEDURAL} | dict(self.a.laws_as_of)

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


# ------------------------------------------------------------------ the templates

TEMPLATES = REPO_ROOT / "prompts" / "drafts"
# tier → (kind, the document's template)
DOCUMENTS = {"移送": ("移送", "referral.md.j2"), "不予处罚": ("不予处罚决定", "no_penalty_decision.md.j2"),
             "免予处罚": ("不予处罚决定", "no_penalty_decision.md.j2"),
             "不适用": ("不予立案处理意见", "not_applicable.md.j2")}
PENALTY_DOCUMENT = ("处罚决定", "penalty_decision.md.j2")
_NEWLINE = "\ue001"  # a line break inside a value, kept apart from the template's own layout


def _keep_breaks(value):
    """Every value printed into a template: its own line breaks must not read as the template's paragraphs."""
    return value.replace("\n", _NEWLINE) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, autoescape=False, finalize=_keep_breaks)
    env.filters["yuan"] = _yuan
    env.filters["sentence"] = _sentence
    return env


def _layout(text: str) -> tuple[str, list[Section]]:
    """Rendered template → (title, sections): '# ' the title, '## ' a section, a blank line ends a paragraph,
    the lines of a paragraph are joined as they are (Chinese prose has no spaces between wrapped lines)."""
    title, sections, lines = "", [], []

    def end_paragraph() -> None:
        if lines:
            if not sections:
                raise ValueError(f"draft template: text before the first section: {''.join(lines)[:40]}")
            sections[-1].paragraphs.append("".join(lines).replace(_NEWLINE, "\n"))
            lines.clear()

    for line in text.split("\n"):
        if not line.strip():
            end_paragraph()
        elif line.startswith("## "):
            end_paragraph()
            sections.append(Section(line[3:].strip(), []))
        elif line.startswith("# ") and not title and not sections:
            title = line[2:].strip()
        else:
            lines.append(line)
    end_paragraph()
    return title, sections


def draft_reasoning(assessment: Assessment, *, resolver: ArticleResolver, agency: str = "XX市场监督管理局",
                    party: str | None = None, evidence: Sequence[str] = (), include_consistency: bool = False) -> Draft:
    """The reasoning of the decision for `assessment`, verified. `evidence`: the evidence list
    (the Assessment carries none; without it the draft shows a visible gap). `include_consistency`: the
    comparable cases and the 类案同罚 check go into the draft only when the officer ticks them in."""
    a = assessment
    w = _Writer(a, resolver, agency, party or a.party or "当事人")
    w.evidence = list(evidence)
    w.include_consistency = include_consistency
    kind, template = DOCUMENTS.get(a.tier, PENALTY_DOCUMENT)
    text = _environment().get_template(template).render(
        a=a, w=w, P=Provision, agency=agency, show_party=bool(party or a.party),
        severe=a.tier == "从重" and any(v.penalty.suspend or v.penalty.revoke for v in a.established()),
        NO_PENALTY=NO_PENALTY_TIERS, DEFAULT_TIER_BASIS=DEFAULT_TIER_BASIS, TODO=TODO, WORDING_CHECK=WORDING_CHECK, PENALTY_ACT=PENALTY_ACT,
        REVIEW_ACT=REVIEW_ACT, LITIGATION_ACT=LITIGATION_ACT, DISCLOSURE_RULE=DISCLOSURE_RULE)
    title, sections = _layout(text)
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
