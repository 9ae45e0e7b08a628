"""A conversation: each turn is read against what was said before (subject conduct, law and article,
case facts), then answered by the same library the single-question path uses (assistant.answer) and,
when the turn tells a case, by the same assessment the case panel runs (assistant.assess).

Reading is by rules over the slots carried from turn to turn; every word list and the "is this a case?"
rule live in the constants below (one home). With an LLM, the turn is first condensed into a standalone
question (assistant.llm.condense) and the same rules then decide on the condensed text; the model never
decides a tier or produces a citation.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Optional

from assistant.answer import PENALTY_CHAPTER, Answer, Persona, _article_source, answer, search_filter
from core.lawnames import GENERAL_PENALTY_LAWS, short_law_name
from core.models import Assessment, Provision
from core.numerals import find_amounts, int_to_cn, provision_label
from retriever.citations import parse_query_citation
from retriever.search import Retriever

# ------------------------------------------------------------------ wording and signals (data)

CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_CHINESE_NOTE = ("说理目前只能理解中文提问。请用中文描述问题，例如：“销售过期酸奶怎么罚？”"
                    "或“当事人销售过期食品，货值三百元，第一次被查，怎么处理？”")
LONG_TURN_CHARS = 600  # a pasted document: shown collapsed, and read as case facts when it tells a case

# Openers and closers that mark a follow-up ("那如果…呢", "那平台呢", "罚多少").
FOLLOWUP_OPENER = re.compile(r"^(?:那么|那如果|那要是|那假如|那若|那|如果|要是|假如|若是|若|还有|另外|同样|再问一下|再问)")
FOLLOWUP_CLOSER = re.compile(r"(?:呢|的话|怎么样|会怎样|又如何)[？?。！!\s]*$")
# A short condition put first (没办的话会被罚多少, 不整改的话呢, 超过一万的话怎么罚): a variation of the last question
FOLLOWUP_CONDITION = re.compile(r"^[^，,。？?！!]{1,8}的话[，,]?")
# A turn made only of a question word ("罚多少？", "怎么处理？", "依据是什么？") asks about the last subject.
BARE_QUESTION = re.compile(r"^(?:那)?(?:要|会|该|应该|应当)?(?:罚多少(?:钱)?|怎么罚|怎么处罚|如何处罚|怎么处理|如何处理|"
                           r"依据(?:是)?(?:什么|哪条)|哪条规定|有什么依据|法律依据呢?|能不能不罚|可以不罚吗|"
                           r"会吊销(?:执照|许可证)?吗|要没收吗|怎么整改|需要注意什么)[？?。\s]*$")
# "第二款呢", "第(三)项呢", "第一百三十六条呢": the same law, another part.
PART_RE = re.compile(r"第([一二三四五六七八九十百零〇\d]+)(条|款|项)")
# Question words: the intent of a question, cut off to leave its subject.
INTENT_RE = re.compile(r"(?:应该|应当|要|会|该|能|可以)?(?:被)?(?:怎么罚|怎样罚|怎么处罚|如何处罚|怎么处理|如何处理|怎么办|"
                       r"罚多少钱?|罚款多少|处罚多少|怎么定(?:性|档)?|如何定(?:性|档)?|给什么处罚|什么处罚|有什么后果|什么后果|"
                       r"违法吗|违不违法|合法吗|可以吗|行吗|算不算违法|算违法吗|需要什么|要注意什么|需要注意什么|"
                       r"依据是什么|有什么规定|怎么规定的?|是否违法|会被罚吗|会不会被罚|"
                       r"(?:可以|能|能不能|可不可以)不[\u4e00-\u9fff]{1,3}吗)")
PENALTY_INTENT = "怎么罚"
LEAD_RE = re.compile(r"^(?:请问|我想问一下|我想问|问一下|咨询一下|你好|您好|老师)[，,、\s]*")
FIRST_PERSON = re.compile(r"(?:^|(?<=[，,]))(?:我们|我)(?:的|在|开了?|家)?|[，,](?:我们|我)$")
# A conduct of its own: a follow-up naming a new conduct keeps only the previous intent.
CONDUCT_RE = re.compile(r"卖|销售|出售|经营|生产|加工|发布|播放|虚构|冒用|假冒|仿冒|标价|收费|使用|提供|宣传|"
                        r"虚假|无证|未经许可|掺|添加|篡改|伪造|缺斤|短斤|少秤|改装|刷单|搭售|拒绝|不开|拒不")
PLATFORM_RE = re.compile(r"平台")
PLATFORM_WORDS = "网络交易第三方平台提供者 平台内经营者"

# "Is this a case?": a question of how to handle it plus concrete facts of at least two kinds
# (or one kind added to a subject already under discussion). One home for the rule.
HANDLE_QUESTION = re.compile(r"怎么处理|如何处理|怎么办|怎么罚|怎样罚|如何处罚|怎么处罚|罚多少|怎么定|如何定|"
                             r"给什么处罚|什么处罚|如何裁量|怎么裁量|适用什么阶次|能不能不罚|可以不罚|会被罚|呢[？?]*$")
CASE_SIGNALS: dict[str, re.Pattern] = {
    "amount": re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:元|块|万元|万)|货值|违法所得|销售额|获利"),
    "count": re.compile(r"第[一二两三四五六七八九十\d]+次|首次|初次|多次|再次|屡次|又被|一年内|两年内|以前(?:没有|未)|"
                        r"(?:\d+|[一二两三四五六七八九十几]+)(?:盒|瓶|袋|件|箱|批|个|台|份|斤|公斤|千克|种|家|条|包|罐)"),
    "party": re.compile(r"当事人|我(?:们)?(?:的)?(?:店|公司|超市|门店|网店|厂)|(?:超市|公司|门店|店主|商户|摊主|网店|药店|"
                        r"餐馆|饭店|小卖部|便利店|商家|厂家|个体户|经营者)"),
    "date": re.compile(r"\d{4}\s*年|\d{1,2}\s*月(?:\d{1,2}\s*日)?|去年|今年|上个月|上周|前天|昨天"),
    "discovery": re.compile(r"被查|检查(?:时)?发现|抽检|抽查|查获|被举报|举报|投诉|执法人员|现场检查|被发现|巡查|立案|"
                            r"已(?:经)?(?:下架|整改|改正)|及时改正|当场改正|配合调查"),
}
MIN_CASE_SIGNALS = 2
# Colloquial money: "三百块(钱)" → "三百元", so that the amounts are read as the statutes write them.
COLLOQUIAL_YUAN = re.compile(r"(?<=[\d一二两三四五六七八九十百千万])\s*块(?:钱)?")

# Internal rule names shown to people as Chinese with their article.
TIER_RULE_WORDS = {
    "mixed->一般": "从轻情节与从重情节并存，综合考虑",
    "法定从重": "法律规定应当从重",
    "从重": "存在从重处罚情节",
    "可以从轻": "存在可以从轻处罚的情节",
    "从轻": "存在从轻处罚情节",
    "减轻": "符合减轻处罚条件",
    "一般": "没有从轻、从重情节",
    "首违不罚清单": "首违不罚清单",
    "后段": "后段",
}
# Internal identifiers (profile ids, authored item versions) shown to people in words.
PROFILE_WORDS = {"national-default": "全国默认裁量配置，非官方", "example-5tier": "示例五档裁量配置"}
INTERNAL_ID = re.compile(r"（([a-z][a-z0-9]*(?:-[a-z0-9]+)+)）")


def plain(text: str) -> str:
    """Text for people: internal ids such as （national-default） replaced by their words."""
    return INTERNAL_ID.sub(lambda m: f"（{PROFILE_WORDS.get(m.group(1), '本地裁量配置')}）", text or "")


def version_words(version: str) -> str:
    """2025-09-12 stays; an internal version tag (2025-authored-1) becomes words."""
    if re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", version or ""):
        return version
    return "本项目整理" if "authored" in (version or "") else ""


GUIDANCE_TITLE = "《关于规范市场监督管理行政处罚裁量权的指导意见》"
RULE_CODE = re.compile(r"^([\u4e00-\u9fff]+?法|[\u4e00-\u9fff]+?条例)(\d+)(?:\.(\d+))?")


def rule_words(rule: str, basis: list[Provision] | None = None) -> str:
    """An engine rule name (行政处罚法33.1后段, mixed->一般, 食品安全法136) in Chinese, with its article."""
    rule = (rule or "").strip()
    if not rule:
        return ""
    parts = []
    for piece in rule.split("+"):
        m = RULE_CODE.match(piece)
        if m:
            label = provision_label(int(m.group(2)), 0, int(m.group(3)) if m.group(3) else None)
            rest = piece[m.end():]
            parts.append(f"《{m.group(1)}》{label}{TIER_RULE_WORDS.get(rest, rest)}")
        else:
            parts.append(TIER_RULE_WORDS.get(piece, piece.replace("->", "，结论为").replace("mixed", "情节并存")))
    text = "；".join(parts)
    cites = []
    for cite in dict.fromkeys(p.cite() for p in (basis or [])):
        if cite in text:
            continue
        general = re.match(r"《[^》]+》第[^条]+条", cite)
        if general and general.group(0) in text and general.group(0) != cite:
            text = text.replace(general.group(0), cite, 1)  # 第十六条 said, 第十六条第（三）项 meant: one citation
        else:
            cites.append(cite)
    if rule == "mixed->一般":
        cites.append(f"{GUIDANCE_TITLE}第十七条")
    return text + (f"（{'、'.join(dict.fromkeys(cites))}）" if cites else "")


# ------------------------------------------------------------------ state and reading

@dataclass
class Slots:
    """What the conversation has established so far."""
    subject: str = ""  # the conduct asked about (销售过期酸奶)
    intent: str = ""  # the question asked about it (怎么罚)
    law: str = ""  # short name of the law the last answer led with
    article: Optional[int] = None
    article_suffix: int = 0
    facts: list[str] = field(default_factory=list)  # case facts told so far, in order
    is_case: bool = False
    shown: str = ""  # the subject in the asker's own words, for "按上一问…理解" (a case's subject is its conduct alone)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "Slots":
        d = d or {}
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


@dataclass
class Reading:
    """How one turn was read: the standalone question answered and why."""
    text: str
    query: str = ""
    followup: bool = False
    is_case: bool = False
    facts: str = ""
    note: str = ""  # shown with the answer: how the turn was read
    language_note: str = ""
    subject: str = ""
    intent: str = ""
    part: str = ""  # 第二款 when the turn asks about another part of the last article


def normalize(text: str) -> str:
    text = re.sub(r"\s+", " ", (text or "").strip())
    return COLLOQUIAL_YUAN.sub("元", text)


def case_signals(text: str) -> set[str]:
    found = {name for name, rx in CASE_SIGNALS.items() if rx.search(text)}
    if "amount" not in found and find_amounts(text):
        found.add("amount")
    return found


def looks_like_case(text: str, *, carried: bool = False) -> bool:
    """Concrete facts of at least MIN_CASE_SIGNALS kinds and a question of how to handle them (or facts
    only, when the turn is long); `carried`: the turn adds facts to a subject already under discussion."""
    signals = case_signals(text)
    asks = bool(HANDLE_QUESTION.search(text))
    if carried:
        return bool(signals - {"party"}) and asks
    return (asks and len(signals) >= MIN_CASE_SIGNALS) or len(signals) >= MIN_CASE_SIGNALS + 2


def split_question(text: str) -> tuple[str, str]:
    """(subject, intent): 销售过期酸奶怎么罚？ → (销售过期酸奶, 怎么罚)."""
    body = LEAD_RE.sub("", text).strip()
    m = INTENT_RE.search(body)
    intent = m.group(0) if m else ""
    subject = body[: m.start()] + body[m.end():] if m else body
    subject = FIRST_PERSON.sub("", subject)
    subject = re.sub(r"[？?。！!，,、；;\s]+$", "", subject)
    subject = re.sub(r"^[，,、\s]+", "", subject)
    return subject.strip(), intent


REPLACEABLE_SIGNALS = ("count", "amount", "date")  # a follow-up stating one of these replaces the earlier one


def replace_facts(facts: list[str], new: str) -> list[str]:
    """The earlier facts with the clauses that the new turn restates dropped: "第一次被查" then
    "那如果是一年内第二次呢" is the second time, not both."""
    kinds = case_signals(new) & set(REPLACEABLE_SIGNALS)
    if not kinds:
        return list(facts)
    out = []
    for fact in facts:
        clauses = [c for c in re.split(r"[，,；;]", fact) if c.strip()]
        kept = [c for c in clauses if not (case_signals(c) & kinds) or CONDUCT_RE.search(c) and len(clauses) == 1]
        if kept:
            out.append("，".join(kept))
    return out


def _strip_followup(text: str) -> str:
    body = FOLLOWUP_OPENER.sub("", text.strip())
    body = FOLLOWUP_CLOSER.sub("", body)
    body = re.sub(r"^(?:是|换成|改成)", "", body)
    return body.strip("，,、？?。 ")


def is_followup(text: str, slots: Slots) -> bool:
    if not slots.subject and not slots.law:
        return False
    body = text.strip()
    if BARE_QUESTION.match(body) or (PART_RE.match(FOLLOWUP_OPENER.sub("", body)) and slots.law):
        return True
    condition = FOLLOWUP_CONDITION.match(body)
    opener = FOLLOWUP_OPENER.search(body) or (condition if condition and not CONDUCT_RE.search(condition.group(0)) else None)
    closer = FOLLOWUP_CLOSER.search(body)
    n = len(CJK.findall(body))
    if opener and not closer and _a_question_of_its_own(body, slots.subject):
        return False  # 那要是在网上买到假货，能要求赔偿吗？ after a question about price tags: a new question
    if opener or closer:
        return n <= 30
    return n <= 8 and not CONDUCT_RE.search(body)


# A turn opened like a follow-up (那要是…) that asks a whole question of its own (…能要求赔偿吗？), states no fact of a
# case and shares next to nothing with the subject under discussion is a new question, not a variation of the last one.
OWN_QUESTION = re.compile(r"(?:吗|么|能不能|可不可以|是不是|要不要|怎么办|找谁|哪里)[？?。！!\s]*$")
OWN_QUESTION_CHARS = 12
OWN_QUESTION_SHARED = 0.25  # at most this share of the turn's character pairs found in the subject


def _a_question_of_its_own(body: str, subject: str) -> bool:
    if (len(CJK.findall(body)) < OWN_QUESTION_CHARS or not OWN_QUESTION.search(body) or case_signals(body)
            or re.search(r"还(?:会|能|要|罚|得|可以|用)", body)):
        return False  # a follow-up restating a fact of the case (一年内第二次, 已经整改了) or asking 还…吗 varies it
    pairs = lambda t: {a + b for a, b in zip(t, t[1:]) if CJK.match(a) and CJK.match(b)}
    own = pairs(FOLLOWUP_OPENER.sub("", body))
    return len(own & pairs(subject or "")) <= OWN_QUESTION_SHARED * len(own)


def read_turn(text: str, slots: Slots) -> Reading:
    """Read a turn against the slots; pure rules, no retrieval."""
    text = normalize(text)
    r = Reading(text=text)
    if not CJK.search(text):
        r.language_note = NOT_CHINESE_NOTE
        return r
    if is_followup(text, slots):
        r.followup = True
        body = _strip_followup(text)
        part = PART_RE.match(body) if slots.law else None
        if part and len(body) <= len(part.group(0)) + 2:
            r.part = part.group(0)
            article = slots.article if part.group(2) != "条" else None
            where = f"《{slots.law}》" + (provision_label(article, slots.article_suffix) if article else "")
            r.query = f"{where}{part.group(0)}"
            r.subject, r.intent = slots.subject, slots.intent
            r.note = f"按上一问的{where}理解"
        elif BARE_QUESTION.match(text.strip()):
            r.subject, r.intent = slots.subject, split_question(text)[1] or text.strip("？? ")
            r.query = f"{slots.subject}{r.intent}"
            r.note = f"按上一问“{slots.shown or slots.subject}”理解"
        elif CONDUCT_RE.search(body) and not case_signals(body):
            # a new conduct asked in the frame of the last question: 那卖假酒呢 → 卖假酒怎么罚
            subject, intent = split_question(body)
            r.subject, r.intent = subject, intent or slots.intent
            r.query = f"{r.subject}{r.intent}"
            r.note = f"按上一问的问法“{slots.intent}”理解" if slots.intent else ""
        else:
            extra, intent = split_question(body)
            r.subject, r.intent = slots.subject, intent or slots.intent or PENALTY_INTENT
            if PLATFORM_RE.search(extra):
                extra = f"{extra}（{PLATFORM_WORDS}）"
            r.query = f"{slots.subject}，{extra}，{r.intent}" if extra else f"{slots.subject}{r.intent}"
            r.note = f"按上一问“{slots.shown or slots.subject}”理解"
        carried_facts = slots.facts if slots.is_case else ([slots.subject] if slots.subject else [])
        carried_facts = replace_facts(carried_facts, body)
        if (slots.is_case or case_signals(body) - {"party"}) and not r.part and \
                looks_like_case(text if slots.is_case else f"{body}{r.intent}", carried=True):
            r.is_case = True
            r.facts = "，".join(carried_facts + [body]) + "。"
        return r
    r.subject, r.intent = split_question(text)
    r.query = text
    if looks_like_case(text):
        r.is_case = True
        r.facts = text
    return r


def advance(slots: Slots, reading: Reading, answer_: Optional["TurnAnswer"]) -> Slots:
    """The slots after a turn was answered."""
    if reading.language_note:
        return slots
    new = Slots(**slots.to_dict())
    new.facts = list(slots.facts)
    if reading.subject:
        new.subject = reading.subject
    if reading.intent:
        new.intent = reading.intent
    if reading.is_case:
        from assistant.assess import conduct_sentence

        new.subject = conduct_sentence(reading.facts) or new.subject
        new.shown = _first_words(reading.facts)
        new.is_case = True
        new.facts = [f.rstrip("。") for f in re.split(r"。", reading.facts) if f.strip()] or new.facts
    elif not reading.followup:
        new.is_case, new.facts = False, []
    if not reading.is_case and reading.subject and reading.subject != slots.subject:
        new.shown = reading.subject  # a new subject asked about (a follow-up on the same one keeps the words shown)
    lead = answer_.lead_law() if answer_ else None
    if lead and not reading.part:
        new.law, new.article, new.article_suffix = lead
    return new


SHOWN_CHARS = 40


def _first_words(facts: str) -> str:
    """The start of what the asker said, up to its first sentence end and SHOWN_CHARS characters."""
    first = re.split(r"[。！!？?\n]", facts.strip(), maxsplit=1)[0].strip("，, ")
    return first if len(first) <= SHOWN_CHARS else first[:SHOWN_CHARS] + "…"


# ------------------------------------------------------------------ answering a turn

@dataclass
class TurnAnswer:
    text: str
    sources: list[dict]
    reading: Reading
    assessment: Optional[Assessment] = None
    notice: str = ""
    llm_used: bool = False
    flagged: list[str] = field(default_factory=list)

    def lead_law(self) -> Optional[tuple[str, int, int]]:
        for s in self.sources:
            if s.get("doc_type") == "law" and s.get("article"):
                return s["short_name"], s["article"], int((s.get("meta") or {}).get("article_suffix") or 0)
        return None

    def assessment_summary(self) -> Optional[dict]:
        a = self.assessment
        if a is None:
            return None
        primary = a.violations[0] if a.violations else None
        return {"tier": a.tier, "mandatory": a.mandatory,
                "fine_range": a.fine_range.model_dump() if a.fine_range else None,
                "rule": rule_words(a.tier_rule, a.tier_basis),
                "violation": primary.conduct if primary else "",
                "penalty_basis": [p.cite() for p in primary.penalty_basis] if primary else [],
                "circumstances": [c.label for c in a.circumstances],
                "questions": list(a.questions), "act_date": a.act_date}

    def to_dict(self) -> dict:
        keep = ("law", "short_name", "article", "article_label", "version", "effective", "status", "doc_type",
                "citation", "excerpt", "title", "id")
        return {"text": self.text, "sources": [{k: s.get(k) for k in keep} for s in self.sources],
                "assessment": self.assessment_summary(), "notice": self.notice, "llm_used": self.llm_used,
                "reading": {"query": self.reading.query, "note": self.reading.note,
                            "followup": self.reading.followup, "is_case": self.reading.is_case}}


def _money(v: Optional[float]) -> str:
    return "—" if v is None else f"{v:,.0f}元"


NO_ITEM_NOTE = ("**裁量建议**：暂不给出。检索结果首先指向{article}，本系统的违法行为事项库中没有与之对应的事项，"
                "无法据以认定阶次和罚款幅度；请依该条规定及当地裁量基准裁量。")
# (a merchant is told the same in everyday words)
NO_ITEM_NOTE_MERCHANT = ("**处罚估算**：暂时给不出。这种情形主要看{article}的规定，罚多少由执法部门依该条和当地的裁量标准"
                         "认定，可以向当地市场监管部门咨询。")


def penalty_without_item(a: Assessment, base: Answer) -> str:
    """The first law the answer quotes, when it is a penalty clause (法律责任 / 罚则) of a law that none of the
    assessment's candidate items cites: 《…》第N条, or ""."""
    first = next((s for s in base.sources if s.get("doc_type") == "law"), None)
    if first is None or not PENALTY_CHAPTER.search(first.get("chapter") or ""):
        return ""
    law = short_law_name(first.get("law") or first.get("short_name") or "")
    if not law or law in GENERAL_PENALTY_LAWS:
        return ""
    cited = {short_law_name(p.law) for v in a.violations for p in v.violated + v.penalty_basis}
    if law in cited:
        return ""
    return f"《{first.get('law')}》第{int_to_cn(int(first['article']))}条" if first.get("article") else ""


def assessment_text(a: Assessment) -> str:
    """The case answer: tier, range, the deciding rule, the violation and the facts still missing."""
    primary = a.violations[0] if a.violations else None
    lines = [f"**裁量建议**：{a.tier}" + ("（应当）" if a.mandatory else "")]
    rule = rule_words(a.tier_rule, a.tier_basis)
    if rule:
        lines.append(f"- 决定规则：{rule}")
    if a.fine_range and (a.fine_range.min is not None or a.fine_range.max is not None):
        lines.append(f"- 建议罚款幅度：{_money(a.fine_range.min)}至{_money(a.fine_range.max)}"
                     + (f"（{a.fine_range.condition}{plain(a.fine_range.basis)}）"
                        if a.fine_range.basis or a.fine_range.condition else ""))
    if primary:
        basis = "、".join(p.cite() for p in primary.penalty_basis) or "—"
        lines.append(f"- 违法行为{'（待确认）' if a.item_uncertain else ''}：{primary.conduct}；处罚依据：{basis}")
    if a.circumstances:
        lines.append("- 已认定的情节：" + "、".join(c.label for c in a.circumstances))
    if a.questions:
        lines.append("- 尚需查明：" + "；".join(a.questions[:4]))
    if not a.act_date:
        lines.append("- 违法行为日期未说明：按今天现行的法律版本计算；请补充日期。")
    lines.append("- 以上由规则按所述事实得出，供办案参考；事实有变化请补充说明。")
    return "\n".join(lines)


def _provision_sources(a: Assessment, retriever: Retriever, persona: Persona, as_of: str,
                       region: Optional[str]) -> list[dict]:
    """The articles the assessment rests on (penalty basis, violated article, tier basis) as sources."""
    flt = search_filter(persona, a.act_date or as_of, region)
    primary = a.violations[0] if a.violations else None
    provisions = (primary.penalty_basis + primary.violated if primary else []) + list(a.tier_basis)
    out, seen = [], set()
    for p in provisions:
        short = retriever.law_names.short_of(p.law)
        key = (short, p.article, p.article_suffix)
        if key in seen:
            continue
        seen.add(key)
        src = _article_source(retriever, short, p.article, p.article_suffix, flt, [], {"assessment": True})
        if src:
            out.append(src)
    return out


class Conversation:
    """One conversation: feed turns with `ask`; the slots carry over. `condenser` (optional) turns a
    follow-up into a standalone question with an LLM before the rules read it."""

    def __init__(self, retriever: Retriever, *, persona: Persona = "officer", as_of: str,
                 region: Optional[str] = None, slots: Optional[Slots] = None, condenser=None):
        self.retriever, self.persona, self.as_of, self.region = retriever, persona, as_of, region
        self.slots = slots or Slots()
        self.condenser = condenser
        self.history: list[tuple[str, str]] = []  # (user turn, answer text)

    def read(self, text: str) -> Reading:
        reading = read_turn(text, self.slots)
        if self.condenser is not None and reading.followup and not reading.language_note:
            condensed = self.condenser(self.history, reading.text)
            if condensed and CJK.search(condensed):
                again = read_turn(condensed, Slots())
                # the rules decide: the condensed text is the query; the case decision stays the rules'
                reading.query = again.query or reading.query
                if again.is_case and not reading.is_case:
                    reading.is_case, reading.facts = True, again.facts
                reading.note = (reading.note or "按上文理解") + f"（改写为：“{condensed}”）"
        return reading

    def ask(self, text: str) -> TurnAnswer:
        reading = self.read(text)
        result = self.answer_reading(reading)
        self.commit(reading, result)
        return result

    def commit(self, reading: Reading, result: TurnAnswer) -> None:
        self.slots = advance(self.slots, reading, result)
        named = None if reading.language_note or reading.part else parse_query_citation(
            reading.text, self.retriever.law_names)
        if named is not None:  # a law and article the person named: that is the subject's law
            self.slots.law, self.slots.article, self.slots.article_suffix = (
                named.short_name, named.article, named.article_suffix)
        self.history.append((reading.text, result.text))

    def assess_reading(self, reading: Reading) -> Optional[Assessment]:
        if not reading.is_case:
            return None
        from assistant.assess import assess

        return assess(reading.facts, retriever=self.retriever, as_of=self.as_of, region=self.region)

    def answer_reading(self, reading: Reading, base: Optional[Answer] = None,
                       assessment: Optional[Assessment] = None) -> TurnAnswer:
        """The turn's answer; `base` is an answer already computed for reading.query (the LLM path)."""
        if reading.language_note:
            return TurnAnswer(text=reading.language_note, sources=[], reading=reading, notice=reading.language_note)
        head: list[str] = []
        if reading.note:
            head.append(f"*{reading.note}*")
        sources: list[dict] = []
        base = base or answer(reading.query, retriever=self.retriever, persona=self.persona, as_of=self.as_of,
                              region=self.region)
        if reading.is_case:
            assessment = assessment or self.assess_reading(reading)
            unlisted = penalty_without_item(assessment, base)
            if unlisted:
                # the search's first article punishes the conduct under a law none of the candidate items is of (无烟草
                # 专卖零售许可证 → 烟草专卖法第三十二条, while the items offer 广告法's 烟草广告): a tier and a range from
                # those items would be confidently wrong; the article is shown and the discretion left to the officer
                head.append((NO_ITEM_NOTE_MERCHANT if self.persona == "merchant" else NO_ITEM_NOTE).format(article=unlisted))
                assessment = None
            else:
                head.append(assessment_text(assessment))
                sources = _provision_sources(assessment, self.retriever, self.persona, self.as_of, self.region)
        named = parse_query_citation(reading.query, self.retriever.law_names)
        if named is not None and not reading.is_case:  # the article the person named comes first
            src = _article_source(self.retriever, named.short_name, named.article, named.article_suffix,
                                  search_filter(self.persona, self.as_of, self.region), [], {"citation": True})
            sources = [src] if src else []
        seen = {s["id"] for s in sources}
        sources += [s for s in base.sources if s["id"] not in seen]
        body = base.text
        if assessment is not None and base.notice and base.text == base.notice:
            body = ""  # the case answer stands; no "not found" beside it
        text = "\n\n".join(x for x in head + [body] if x)
        notice = "" if base.notice == base.text else base.notice
        return TurnAnswer(text=text, sources=sources, reading=reading, assessment=assessment, notice=notice,
                          llm_used=base.llm_used, flagged=list(base.flagged))


def run_conversation(turns: list[str], *, retriever: Retriever, persona: Persona = "officer", as_of: str,
                     region: Optional[str] = None, condenser=None) -> list[TurnAnswer]:
    conv = Conversation(retriever, persona=persona, as_of=as_of, region=region, condenser=condenser)
    return [conv.ask(t) for t in turns]
