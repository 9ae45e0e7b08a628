"""Answers without an LLM: retrieve, pick what is relevant, state the rule-given answer first,
then cite the articles (law, article, version, effective date, status) with a short quoted excerpt.

Officers see every record; merchants search with `SearchFilter.public()`, so internal documents
never reach a merchant answer. Every citation in the answer text is checked by the citation
verifier before the answer is returned; verbatim statute quotes are excluded from that check
because their own cross-references (本法第X条) belong to the quoted law.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Optional

from pydantic import BaseModel, Field

from assistant.actors import names_role, roles_not_shown
from core.amounts import FINE_BASE_OF_LABEL, fine_words, holds, threshold_words
from core.lawnames import PENALTY_CHAPTER, SECTORS, short_law_name
from core.numerals import find_amounts, find_thresholds, int_to_cn
from core.records import NATIONAL
from retriever.filters import SearchFilter
from retriever.search import Hit, Retriever
from retriever.tokenize import lexicon, tokenize

Persona = Literal["officer", "merchant"]

SEARCH_DEPTH = 12
MAX_LAW_SOURCES = 4
MAX_ITEMS = 3
MAX_CASES = 2
# A hit is relevant when it holds at least this share of the question's distinctive terms.
MIN_COVERAGE = 0.3
NOT_FOUND = "未找到依据：在所选日期现行有效的法规和资料中没有找到与问题直接相关的条文。请换一种说法，或写明法律名称和条号（如“食品安全法第一百二十四条”）。"
# Merchants are never asked for article numbers: they are asked about what they sell and do.
NOT_FOUND_MERCHANT = ("暂时没找到直接对应的规定。能再说具体一点吗？比如卖的是什么商品或提供什么服务、"
                      "在哪里经营（门店、网店、摊位）、具体发生了什么事。")
# A direct answer needs the best item's penalty clause found by the search itself, and no rival item
# (another penalty clause) scoring within this share of the best one.
RIVAL_SHARE = 0.8
INDEPENDENT_VIA = ("citation", "lexical", "dense", "paragraph")
# The bridges that count as a signal of relevance (not as the search's own match for a direct answer): a violation
# item, and a worked question close to the question or to one of its parts (retriever/worked.py).
BRIDGE_VIA = ("item", "worked", "worked_part")
# Words too common in this corpus to show that a record is about the question.
GENERIC_TERMS = set("经营 经营者 企业 商家 违法 处罚 罚款 行政 规定 法律 问题 情况 申请 部门 管理 办理 需要 应该 "
                    "可能 被罚 罚 处理 相关 有关 一下 请问 怎么样 这样 那么 会不会 需不需要 注意 什么样 自己 自家".split())
# A count or a span of time (一个月, 几十, 两年, 三百多) says how much, not what: a clause sharing it is no closer
QUANTITY_TERM = re.compile(r"^[0-9一二两三四五六七八九十几百千万多半来余个]+(?:个|多|来|余)?"
                           r"(?:月|天|日|年|周|次|单|件|斤|人|家|台|瓶|箱|份|小时|分钟|星期|礼拜)?$")
PENALTY_QUESTION_RE = re.compile(r"怎么罚|怎样罚|如何处罚|罚多少|罚款|处罚|被罚|罚则|法律责任|后果|怎么处理|如何处理|"
                                 r"违法吗|违规吗|会怎样|会怎么样")
# Law titles whose words look like a penalty question (行政处罚法第三十三条 asks for an article, not a fine).
TITLE_WORDS_RE = re.compile(r"《[^》]*》|行政处罚(?:法|程序|听证|信息公示|裁量)[^，。？?\s]{0,12}|[\u4e00-\u9fff]{0,10}处罚(?:办法|规定)")
# A hit ranked this high by at least two signals is relevant even when it shares few words with the question.
STRONG_RANK = 5
SENTENCE_RE = re.compile(r"[^。；\n]+[。；]?")
ARTICLE_LABEL_RE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?[ \u3000]*")
OBLIGATION_RE = re.compile(r"应当|不得|禁止|必须")


class Answer(BaseModel):
    question: str
    persona: Persona = "officer"
    as_of: str = ""
    region: Optional[str] = None
    text: str = ""  # markdown, citations verified
    sources: list[dict] = Field(default_factory=list)
    direct: str = ""  # the rule-given answer, when there is one
    # The provisions the direct answer rests on: [{"law", "article", "role": "conduct"|"penalty"}].
    direct_basis: list[dict] = Field(default_factory=list)
    notice: str = ""
    llm_used: bool = False
    flagged: list[str] = Field(default_factory=list)  # citations the verifier could not confirm


# ------------------------------------------------------------------ retrieval and relevance

def search_filter(persona: Persona, as_of: str, region: Optional[str]) -> SearchFilter:
    regions = (region,) if region and region != NATIONAL else ()
    if persona == "merchant":
        return SearchFilter.public(as_of=as_of, regions=regions)
    return SearchFilter(as_of=as_of, regions=regions)


def query_terms(question: str) -> list[str]:
    """The question's distinctive terms; an everyday phrase counts as its legal terms too (过期 → 超过保质期)."""
    from retriever.tokenize import everyday, said

    phrases = {**(lexicon().get("synonyms") or {}), **everyday()[1]}
    single = set(phrases)  # a one-character word with a legal sense (秤)
    tokens = [t for t in dict.fromkeys(tokenize(question))
              if (len(t) >= 2 or t in single) and t not in GENERIC_TERMS and not t.startswith(("我", "你", "您"))
              and not QUANTITY_TERM.match(t)]
    # an everyday phrase the tokens split (办什么证 → 办 / 什么 / 证) is a term of its own, standing for its legal terms
    said_phrases = [p for p in phrases if len(p) >= 3 and p not in tokens and said(p, question, phrases[p])
                    and not any(p in t for t in tokens) and not set(phrases[p]) <= GENERIC_TERMS]
    return tokens + [p for p in said_phrases if not any(p != o and p in o for o in said_phrases)]


def _term_variants(term: str) -> list[str]:
    synonyms = lexicon().get("synonyms") or {}
    return [term] + [legal for phrase, legal_terms in synonyms.items() if phrase in term or term in phrase
                     for legal in legal_terms]


def coverage(terms: list[str], text: str) -> float:
    """The share of `terms` that `text` holds, each term in its own words, its lexicon synonyms or the statutory words
    an everyday word stands for (叉车 → 特种设备)."""
    if not terms:
        return 0.0
    return sum(1 for t in terms if any(v in text for v in _term_variants(t) + _everyday_variants(t))) / len(terms)


def matched_spans(text: str, terms: list[str], limit: int = 2) -> list[tuple[int, int]]:
    """The sentences of `text` that share the most query terms (the span to highlight)."""
    scored = []
    for m in SENTENCE_RE.finditer(text):
        sentence = m.group(0)
        score = sum(1 for t in terms if any(v in sentence for v in _term_variants(t)))
        if score and sentence.strip():
            scored.append((score, m.start(), m.end()))
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:limit]
    return sorted((a, b) for _, a, b in best)


def excerpt(text: str, spans: list[tuple[int, int]], width: int = 160) -> str:
    body = " …… ".join(text[a:b].strip() for a, b in spans) if spans else text.strip()
    body = ARTICLE_LABEL_RE.sub("", body)
    body = re.sub(r"\s+", " ", body)
    return body if len(body) <= width else body[: width - 1] + "…"


def paragraph_span(text: str, paragraph: int, item: Optional[int] = None) -> Optional[tuple[int, int]]:
    """Where 第N款 (and its 第（M）项) of an article's text lies: paragraphs are lines, items are lines that
    open with （一）… and belong to the paragraph before them."""
    paras: list[list[tuple[int, int]]] = []
    pos = 0
    for line in text.split("\n"):
        span = (pos, pos + len(line))
        pos += len(line) + 1
        if not line.strip():
            continue
        if re.match(r"^\s*[（(][一二三四五六七八九十]+[）)]", line) and paras:
            paras[-1].append(span)
        else:
            paras.append([span])
    if not paragraph or paragraph > len(paras):
        return None
    lines = paras[paragraph - 1]
    if item:
        return lines[item] if item < len(lines) else None
    return lines[0][0], lines[-1][1]


def source_dict(hit: Hit, as_of: str, terms: list[str]) -> dict:
    d = hit.to_dict(as_of)
    cited = paragraph_span(d["text"], hit.via.get("paragraph"), hit.via.get("item")) \
        if hit.via.get("citation") and hit.via.get("paragraph") else None
    d["match"] = [list(cited)] if cited else [list(s) for s in matched_spans(d["text"], terms)]
    d["excerpt"] = excerpt(d["text"], [tuple(s) for s in d["match"]])
    if d["doc_type"] == "law":
        d["citation"] = f"《{d['law']}》{d['article_label']}"
    elif d["doc_type"] == "benchmark":
        d["citation"] = f"裁量事项：{d['title']}"
    else:
        d["citation"] = d["title"] or d["id"]
    return d


@dataclass
class Evidence:
    question: str
    as_of: str
    terms: list[str]
    laws: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)  # benchmark (discretion) items
    cases: list[dict] = field(default_factory=list)
    others: list[dict] = field(default_factory=list)  # guidance and uploaded documents
    # (law, article) of every law hit the search found from the question's own words (not only through an item)
    matched: set = field(default_factory=set)
    matched_rank: dict = field(default_factory=dict)  # the same, each with its best rank in the search
    candidates: list[dict] = field(default_factory=list)  # every relevant item, best first (before the cap)
    # (law, article) of the matched articles that are penalty clauses of a 法律 (the statute above the regulations)
    law_penalties: set = field(default_factory=set)
    levels: dict = field(default_factory=dict)  # short name → 法律 / 行政法规 / 部门规章 … of the laws found
    unlisted: str = ""  # 《…》第N条 when the first law found punishes but has no violation items (candidates dropped)

    @property
    def found(self) -> bool:
        return bool(self.laws or self.items or self.others)

    def sources(self) -> list[dict]:
        return self.laws + self.items + self.cases + self.others


def _item_key(item_id: str) -> str:
    """食品安全法@2021-04-29#124-1-5 → 食品安全法#124-1-5: one item across law versions."""
    return re.sub(r"@[^#]*", "", item_id)


def _article_source(retriever: Retriever, law: str, article: int, suffix: int, flt: SearchFilter,
                    terms: list[str], via: dict) -> Optional[dict]:
    parts = [r for r in retriever.article(law, article, suffix=suffix, on=flt.as_of) if r.visibility in flt.visibility]
    if not parts:
        return None
    record = parts[0].model_copy(update={"text": "\n".join(p.text for p in parts)})
    return source_dict(Hit(record, 0.0, via), flt.as_of, terms)


def gather(question: str, retriever: Retriever, flt: SearchFilter, hits: Optional[list[Hit]] = None) -> Evidence:
    """Sort relevant hits into laws, discretion items, cases and other documents. `hits` are re-checked
    against `flt`, so hits searched under a wider filter cannot leak into a narrower answer."""
    terms = query_terms(question)
    ev = Evidence(question, flt.as_of, terms)
    if hits is None:
        # the plain question vector: the query adapter learned from the violation items, so its dense hits
        # would no longer be a signal independent of the item a direct answer rests on
        hits = retriever.search(question, SEARCH_DEPTH, flt, adapt=False)
    hits = [h for h in hits if h.record.visibility in flt.visibility]
    law_ids: set[str] = set()
    item_keys: set[str] = set()
    for rank, hit in enumerate(hits):
        r = hit.record
        if r.doc_type == "law" and any(k in hit.via for k in INDEPENDENT_VIA):
            ev.matched.add((r.short_name, r.article))
            ev.matched_rank.setdefault((r.short_name, r.article), rank)
            ev.levels.setdefault(r.short_name, r.level)
            if r.level == "法律" and any(PENALTY_CHAPTER.search(c) for c in r.chapter_path):
                ev.law_penalties.add((r.short_name, r.article))
        share = coverage(terms, r.text + r.title)
        signals = sum(1 for k in hit.via if k in INDEPENDENT_VIA or k in BRIDGE_VIA)
        # a worked question in full agreement stands in for the question's own words (奶茶店开业要办哪些证 shares none
        # with 申请食品经营许可): with one more signal the hit is relevant
        strong = rank < STRONG_RANK and signals >= 2 and (share > 0 or hit.via.get("worked_share", 0) >= 1.0)
        relevant = hit.via.get("citation") or strong or share >= MIN_COVERAGE
        if not relevant:
            continue
        if r.doc_type == "law":
            if r.id not in law_ids and len(ev.laws) < MAX_LAW_SOURCES:
                law_ids.add(r.id)
                ev.laws.append(source_dict(hit, flt.as_of, terms))
        elif r.doc_type == "benchmark":
            key = _item_key(r.meta.get("item_id", r.id))
            if key in item_keys:
                continue
            item_keys.add(key)
            src = source_dict(_current_item(hit, retriever, flt), flt.as_of, terms)
            ev.candidates.append(src)
            if len(ev.items) < MAX_ITEMS:
                ev.items.append(src)
        elif r.doc_type == "case":
            if len(ev.cases) < MAX_CASES:
                ev.cases.append(source_dict(hit, flt.as_of, terms))
        else:
            ev.others.append(source_dict(hit, flt.as_of, terms))
    if not ev.items and is_penalty_question(question):
        _items_matching_laws(ev, retriever, flt, item_keys)
    if _unlisted_law_first(ev, retriever):
        # the search leads first to a text that punishes but has no violation items (an adjacent rule another department
        # enforces: 饲料和饲料添加剂管理条例 for feed without a label): the items of other laws that came up (食品安全法's
        # food labels) are not candidates for it, and are not offered
        ev.items.clear()
        ev.candidates.clear()
        ev.unlisted = f"《{ev.laws[0]['law']}》{ev.laws[0]['article_label']}"
    _add_penalty_articles(ev, retriever, flt)
    return ev


def _unlisted_law_first(ev: Evidence, retriever: Retriever) -> bool:
    """The first law quoted is one that punishes but that no violation item punishes by (Retriever.punishes_without_items)."""
    first = ev.laws[0] if ev.laws else None
    if first is None or not (ev.items or ev.candidates):
        return False
    return retriever.punishes_without_items(first["short_name"], first["version"])


def _items_matching_laws(ev: Evidence, retriever: Retriever, flt: SearchFilter, item_keys: set[str]) -> None:
    """A penalty question whose words matched no item directly: the items closest to it whose clauses the
    search also found from the question's own words (two signals agreeing, not one alone), those whose clause
    the search put higher first (秤不准 → 计量法第二十六条 before a market's duties that share 水果)."""
    from dataclasses import replace

    found = []
    for hit in retriever.search(ev.question, SEARCH_DEPTH, replace(flt, doc_types=("benchmark",))):
        key = _item_key(hit.record.meta.get("item_id", hit.record.id))
        if key in item_keys or hit.record.visibility not in flt.visibility:
            continue
        src = source_dict(_current_item(hit, retriever, flt), flt.as_of, ev.terms)
        shared = {_key(b) for b in item_basis(src)} & ev.matched
        if not shared:
            continue
        item_keys.add(key)
        found.append((min(ev.matched_rank.get(k, SEARCH_DEPTH) for k in shared), src))
    for _, src in sorted(found, key=lambda f: f[0]):  # (a stable sort: the item search's order among equals)
        ev.candidates.append(src)
        if len(ev.items) < MAX_ITEMS:
            ev.items.append(src)


def _current_item(hit: Hit, retriever: Retriever, flt: SearchFilter) -> Hit:
    """The same item in the law version in force on the as-of date, when the index holds several; an authored or
    office item with its provisions as that version numbers them (Retriever.item_on)."""
    basis = (hit.record.meta.get("penalty_basis") or [{}])[0]
    if not basis.get("article"):
        return hit
    on_date = retriever.item_on(hit.record.meta or {}, flt.as_of)
    if on_date is not hit.record.meta:
        return Hit(hit.record.model_copy(update={"meta": on_date}), hit.score, hit.via)
    current = retriever.article(basis["law"], basis["article"], suffix=basis.get("article_suffix", 0), on=flt.as_of)
    if not current or current[0].version == hit.record.version:
        return hit
    wanted = hit.record.id.replace(f"@{hit.record.version}#", f"@{current[0].version}#")
    same = [r for r in retriever.store.get([wanted]) if r.visibility in flt.visibility]
    return Hit(same[0], hit.score, hit.via) if same else hit


def _add_penalty_articles(ev: Evidence, retriever: Retriever, flt: SearchFilter) -> None:
    """The statute a discretion item punishes under is itself a source, quoted after what the search found, in the
    items' order (the search's first article is gold more often than the first item's clause: on the tuning question
    sets 761 of 1,186 against 682); a penalty question keeps the first item's clause among the articles quoted."""
    have = {(s["short_name"], s["article"]): s for s in ev.laws}
    clauses = []  # each item's penalty clause, in the items' order, whether the search found it or not
    for item in ev.items:
        for p in item["meta"].get("penalty_basis", [])[:1]:
            key = (p["law"], p["article"])
            src = have.get(key) or _article_source(retriever, p["law"], p["article"], p.get("article_suffix", 0), flt,
                                                   ev.terms, {"penalty_basis_of": item["id"]})
            if src and src not in clauses:
                have[(src["short_name"], src["article"])] = src
                clauses.append(src)
    ordered = (ev.laws + [s for s in clauses if s not in ev.laws])[: MAX_LAW_SOURCES + 1]
    if clauses and clauses[0] not in ordered and is_penalty_question(ev.question):
        ordered[-1] = clauses[0]  # a penalty question keeps the first item's penalty clause among what is quoted
    ev.laws = ordered


# ------------------------------------------------------------------ the rule-given answer

def question_amount(question: str) -> Optional[tuple[str, str, float]]:
    """(base, op, value) stated in the question: 货值不足一万元 → (货值金额, '<', 10000)."""
    for t in find_thresholds(question):
        if t.base in FINE_BASE_OF_LABEL:
            return FINE_BASE_OF_LABEL[t.base], t.op, t.value
    for a in find_amounts(question):
        if a.label in FINE_BASE_OF_LABEL:
            return FINE_BASE_OF_LABEL[a.label], "=", a.value
    return None


def _holds(condition: dict, stated: tuple[str, str, float]) -> bool:
    """Whether a fine's amount condition holds for the amount the question states."""
    base, op, value = stated
    if condition.get("base") != base:
        return True
    return holds(condition["op"], condition["value"], value, op)


def _fine_phrase(fine: dict) -> str:
    cond = fine.get("condition")
    lead = threshold_words(cond["base"], cond["op"], cond["value"]) if cond else ""
    # items authored without the statute's wording are worded from their numbers
    text = fine.get("text") or fine_words(fine.get("kind", "fixed"), fine.get("min"), fine.get("max"), fine.get("base"))
    if "，" in text and cond:  # "情节较重的，…罚款" already carries its own condition words
        text = text.split("，")[-1]
    return f"{lead}处{text.removeprefix('并处').removeprefix('处')}"


def penalty_summary(item: dict, stated: Optional[tuple[str, str, float]]) -> tuple[str, bool]:
    """The statutory penalty of a discretion item in words, narrowed to the stated amount.
    Returns (text, narrowed)."""
    penalty = item["meta"].get("penalty") or {}
    fines = penalty.get("fines") or []
    narrowed = False
    if stated:
        matching = [f for f in fines if not f.get("condition") or _holds(f["condition"], stated)]
        narrowed = bool(matching) and len(matching) < len(fines)
        fines = matching or fines
    parts = [_fine_phrase(f) for f in fines]
    if penalty.get("warning"):
        parts.insert(0, "警告")
    if penalty.get("confiscate"):
        parts.append("没收" + "、".join(penalty["confiscate"]))
    parts += [o for o in penalty.get("other", []) if o not in parts]
    if not parts and penalty.get("text"):
        parts.append(penalty["text"])
    return "；".join(p.rstrip("。；") for p in parts), narrowed


def _close_items(item: dict, ev: Evidence) -> list[dict]:
    """The candidate items scoring within RIVAL_SHARE of `item` (itself included when it is a candidate): a near
    rival is reason enough to ask, or to cite less precisely."""
    best = item.get("score") or 0.0
    return [c for c in ev.candidates if (c.get("score") or 0.0) >= RIVAL_SHARE * best]


def _same_clause_rivals(item: dict, ev: Evidence) -> list[dict]:
    """Close items punished under the same article but another 款/项 (食品安全法第一百二十四条第一款第（二）项 vs
    第（五）项): the question does not tell them apart, so the answer names both and cites the article, not one 项."""
    mine = (item["meta"].get("penalty_basis") or [{}])[0]
    out = []
    for other in _close_items(item, ev):
        if other is item:
            continue
        theirs = (other["meta"].get("penalty_basis") or [{}])[0]
        if (_key(theirs) == _key(mine) and (theirs.get("paragraph"), theirs.get("item")) !=
                (mine.get("paragraph"), mine.get("item")) and other.get("title") != item.get("title")):
            out.append(other)
    return out[:2]


def _basis_citation(item: dict, ev: Evidence, *, precise: bool = True) -> str:
    basis = (item["meta"].get("penalty_basis") or [{}])[0]
    law = next((s for s in ev.laws if s["short_name"] == basis.get("law") and s["article"] == basis.get("article")), None)
    if not law:
        return ""
    from core.models import Provision
    label = Provision(law=law["law"], article=basis["article"], article_suffix=basis.get("article_suffix", 0),
                      paragraph=basis.get("paragraph") if precise else None,
                      item=basis.get("item") if precise else None).label()
    return f"《{law['law']}》{label}"


def distinct_candidates(ev: Evidence) -> list[dict]:
    """The candidate items as the user is offered them: one per set of provisions (an authored item and the one derived
    from the same clauses are one rule, never a choice between two). Both still vote in `agreement`."""
    out, seen = [], set()
    for c in ev.candidates:
        key = _provisions_key(c)
        if key and key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _provisions_key(item: dict) -> frozenset:
    """The provisions an item rests on, to the 款 and 项, with their roles: two items alike here are one rule."""
    return frozenset((b["role"], short_law_name(str(b.get("law", ""))), int(b.get("article") or 0),
                      int(b.get("paragraph") or 0), int(b.get("item") or 0)) for b in item_basis(item))


def _key(p: dict) -> tuple[str, int]:
    return (short_law_name(str(p.get("law", ""))), int(p.get("article") or 0))


def item_basis(item: dict) -> list[dict]:
    """The provisions an item rests on: its conduct rules, its penalty clause and the law clause the
    penalty is borrowed from (依照《…》第X条的规定处罚)."""
    from retriever.search import item_provisions

    return item_provisions(item.get("meta") or {})


def agreement(ev: Evidence) -> tuple[Optional[dict], str]:
    """(the item a direct answer may rest on, "") or (None, why not). A direct answer needs the best item,
    its penalty clause (or the clause it refers to) found by the search from the question's own words,
    its conduct rule where the item names one, and no rival item punished under another clause."""
    if not is_penalty_question(ev.question):
        return None, "not-penalty"
    if not ev.items:
        return None, "no-item"
    item = ev.items[0]
    if not real_sanction(item):
        return None, "no-sanction"
    if not conduct_matches(ev, item):
        return None, "conduct-words"
    if names_role(item["meta"].get("conduct") or "", roles_not_shown(ev.question)):
        # a duty-bearer's own duty (药品网络交易第三方平台提供者未履行资质审核…) where the question shows nothing of the
        # role (小卖部…没有卖药的资质): the item shares words, not the asker's place in the law
        return None, "other-actor"
    basis = item_basis(item)
    penalty = {_key(b) for b in basis if b["role"] in ("penalty", "referred")}
    conduct = {_key(b) for b in basis if b["role"] == "conduct"}
    if not penalty & ev.matched:
        return None, "penalty-not-matched"
    if conduct and not conduct & ev.matched and not (penalty & ev.matched and len(ev.matched & penalty) > 1):
        return None, "conduct-not-matched"
    agree = against = 0.0
    for other in _close_items(item, ev):  # the close items vote, by score, for or against the best item's clause
        score = other.get("score") or 0.0
        clause = {_key(b) for b in item_basis(other) if b["role"] in ("penalty", "referred")}
        if clause & penalty:
            agree += score
        elif clause:
            against += score
    if against and agree < 2 * against:
        return None, "rival"
    if _superior_rival(item, penalty, ev):
        return None, "superior-law"
    if _outranked(penalty, ev):
        return None, "outranked"
    return item, ""


def _outranked(penalty: set, ev: Evidence) -> bool:
    """Another law's or article's penalty clause ranked by the search above the item's own (a question about a health
    food's claims finds 广告法第五十八条 before the item's 第五十九条): the question reads as about that clause, and an
    answer from the item would be confident where the search is not."""
    ranks = [ev.matched_rank[k] for k in penalty if k in ev.matched_rank]
    if not ranks:
        return False
    best = min(ranks)
    return any(rank < best and key in ev.law_penalties and key not in penalty for key, rank in ev.matched_rank.items())


def _superior_rival(item: dict, penalty: set, ev: Evidence) -> list[str]:
    """A regulation's item, where the search also found a penalty clause of a 法律 on the same subject (特种设备
    安全监察条例 beside 特种设备安全法, 价格违法行为行政处罚规定 beside 价格法): which of the two governs (上位法,
    新法) is the officer's call, so the answer lists both instead of answering from the regulation. Returns the
    names of those laws (empty: no such rival)."""
    law = item.get("short_name") or short_law_name(item.get("law") or "")
    if not law or ev.levels.get(law) in ("法律", "", None):
        return []
    subjects = {word for word in SECTORS if word in law}
    return sorted({other for other, _ in ev.law_penalties - penalty if other != law
                   and any(word in other for word in subjects)})


# Words of the question that ask about the penalty, not about the conduct.
ASKING_TERMS_RE = re.compile(r"罚|处理|后果|违法|违规|怎么|怎样|如何|多少|哪些|可以|能否|是否|责任|依据|条款|定性|"
                             # amounts and circumstances describe the case, not the conduct
                             r"^[0-9零〇一二两三四五六七八九十百千万亿]+$|元|块|货值|不足|以上|以下|违法所得|金额|"
                             r"第一次|首次|初次|一次|被查|发现|检查")
MIN_CONDUCT_TERMS = 2
MIN_CONDUCT_SHARE = 0.4


# What a question negates (没办许可证, 未取得, 无证): the item must be about that very thing.
NEGATED_RE = re.compile(r"(?:没有?|未|无|不)(?!收|成年|关|论|所谓|知道|知情|得)([\u4e00-\u9fff]{1,8})")


def conduct_matches(ev: Evidence, item: dict) -> bool:
    """Whether the item's conduct is what the question describes: enough of the question's conduct words
    (with their everyday → statutory variants) occur in the item's conduct; what the question negates
    (没办许可证) occurs there too; an item of a sector law needs the sector in the question."""
    from retriever.tokenize import expand_query

    words = [t for t in ev.terms if not ASKING_TERMS_RE.search(t)]
    if not words:
        return False
    conduct = (item["meta"].get("conduct") or "") + item.get("title", "")
    matched = lambda t: any(v in conduct for v in _term_variants(t) + _everyday_variants(t))  # noqa: E731
    hit = sum(1 for t in words if matched(t))
    if hit < min(MIN_CONDUCT_TERMS, len(words)) or hit / len(words) < MIN_CONDUCT_SHARE:
        return False
    for m in NEGATED_RE.finditer(ev.question):
        negated = [t for t in tokenize(m.group(0)) if len(t) >= 2 and t not in GENERIC_TERMS
                   and not ASKING_TERMS_RE.search(t)]
        if negated and sum(1 for t in negated if matched(t)) * 2 < len(negated):
            return False
    expanded = expand_query(ev.question)
    law = item.get("law") or ""
    return all(word in expanded for word in SECTORS if word in law)


def real_sanction(item: dict) -> bool:
    """An item whose penalty sanctions someone (fine, warning, confiscation, suspension, revocation)."""
    p = item["meta"].get("penalty") or {}
    return bool(p.get("fines") or p.get("warning") or p.get("confiscate") or p.get("suspend") or p.get("revoke"))


def _everyday_variants(term: str) -> list[str]:
    from retriever.tokenize import everyday
    return [legal for word, terms in everyday()[1].items() if word in term or term in word for legal in terms]


def is_penalty_question(question: str) -> bool:
    return bool(PENALTY_QUESTION_RE.search(TITLE_WORDS_RE.sub("", question)))


def direct_decision(ev: Evidence) -> tuple[str, list[dict]]:
    """The direct answer and the provisions it rests on, or ("", []) when item, conduct rule and penalty
    clause do not agree."""
    item, _ = agreement(ev)
    if item is None:
        return "", []
    stated = question_amount(ev.question)
    summary, narrowed = penalty_summary(item, stated)
    if not summary:
        return "", []
    twins = _same_clause_rivals(item, ev)
    cite = _basis_citation(item, ev, precise=not twins)
    basis = item_basis(item)
    conduct = "”或“".join((i["meta"].get("conduct") or i["title"]) for i in [item] + twins)
    rules = "、".join(f"《{b['law']}》第{int_to_cn(int(b['article']))}条" for b in basis if b["role"] == "conduct")
    referred = "、".join(f"《{b['law']}》第{int_to_cn(int(b['article']))}条" for b in basis if b["role"] == "referred")
    where = f"依据{cite}" + (f"（依照{referred}的规定处罚）" if referred else "") + "，" if cite else ""
    lead = f"按问题所述金额，" if narrowed else ""
    told = f"违反{rules}，" if rules else ""
    return f"{told}{where}“{conduct}”的法定处罚为：{lead}{summary}。", basis


def direct_answer(ev: Evidence) -> str:
    """For a question about a penalty: the statutory range of the best-matching discretion item, only when
    the item, its conduct rule and its penalty clause agree."""
    return direct_decision(ev)[0]


def clarifying_question(ev: Evidence, persona: Persona) -> str:
    """One question that would settle which provision applies."""
    titles = [c["title"] for c in distinct_candidates(ev)[:3] if c.get("title")]
    if len(titles) >= 2:
        return "您说的是下面哪一种情况：" + "；还是".join(f"“{t}”" for t in titles[:3]) + "？"
    fines = ((ev.candidates[0]["meta"].get("penalty") or {}).get("fines") or []) if ev.candidates else []
    if any(f.get("condition") for f in fines) and not question_amount(ev.question):
        return "涉及的商品货值（或违法所得）大约是多少？处罚幅度按这个金额分档。"
    if persona == "merchant":
        return "能再说具体一点吗：卖的是什么、在哪里卖（门店、网店、摊位）、具体发生了什么？"
    return "请补充具体的违法行为（什么商品或服务、什么做法），以便确定定性条款和罚则。"


# ------------------------------------------------------------------ composing the text

def _meta_line(s: dict) -> str:
    bits = [f"{s['version']} 版" if s.get("version") else "", f"{s['effective']} 施行" if s.get("effective") else "",
            s.get("status") or "", s["region"] if s.get("region") not in (None, "", NATIONAL) else ""]
    return " · ".join(b for b in bits if b)


def _quote(s: dict) -> str:
    return f"> {s['excerpt']}"


def _law_lines(ev: Evidence) -> list[str]:
    lines = []
    for i, s in enumerate(ev.laws, 1):
        lines += [f"{i}. {s['citation']}（{_meta_line(s)}）", "", _quote(s), ""]
    return lines


UNLISTED_NOTE = ("**说明**：检索结果首先指向{article}，本系统的违法行为事项库中没有与之对应的事项（多为其他部门主管的规定），"
                 "不列其他法律的事项作候选；请依该条规定及主管部门的裁量基准认定。")
UNLISTED_NOTE_MERCHANT = ("**说明**：这种情形主要看{article}的规定，罚多少由主管部门依该条和当地的裁量标准认定，"
                          "可以向当地主管部门咨询。")


def _undecided_lines(ev: Evidence, persona: Persona) -> list[str]:
    """When no direct answer is safe: the candidate provisions with why each came up, and one question."""
    item, why = agreement(ev)
    if item is not None or why == "not-penalty":
        return []
    if ev.unlisted:
        return [(UNLISTED_NOTE_MERCHANT if persona == "merchant" else UNLISTED_NOTE).format(article=ev.unlisted), ""]
    lines = []
    if ev.candidates:
        head = "**可能适用的情形（尚不能确定是哪一种）**" if persona == "officer" else "**可能对应的情况**"
        lines += [head, ""]
        for c in distinct_candidates(ev)[:3]:
            basis = "；".join(f"{'定性' if b['role'] == 'conduct' else '罚则'}：{b['law']}第{b['article']}条"
                             for b in item_basis(c) if b["role"] != "referred")
            lines.append(f"- {c['title']}" + (f"（{basis}）" if basis and persona == "officer" else ""))
        lines.append("")
    if why == "superior-law" and persona == "officer" and ev.items:
        item = ev.items[0]
        own = item.get("short_name") or short_law_name(item.get("law") or "")
        above = "、".join(f"《{law}》" for law in _superior_rival(item, set(), ev))
        lines += [f"注：除《{own}》外，{above}（法律）对此也规定了罚则；二者不一致的，法律的效力高于行政法规、规章，"
                  f"请确认适用的罚则后再定幅度。", ""]
    lines += [f"**还需确认**：{clarifying_question(ev, persona)}", ""]
    return lines


def compose_officer(ev: Evidence, direct: str) -> str:
    out: list[str] = []
    if direct:
        out += [f"**直接回答**：{direct}", ""]
    else:
        out += _undecided_lines(ev, "officer")
    if ev.laws:
        out += ["**法条依据**", ""] + _law_lines(ev)
    if ev.items:
        out += _item_lines("相关裁量事项", ev.items)
    if ev.others:
        out += ["**其他资料**", ""] + [f"- {s['citation']}：{s['excerpt']}" for s in ev.others] + [""]
    if ev.cases:
        out += ["**参考案例**", ""] + [f"- {s['title']}" for s in ev.cases] + [""]
    return "\n".join(out).strip()


def _item_lines(heading: str, items: list[dict]) -> list[str]:
    """Violation items with their statutory penalty, under a bold heading."""
    lines = [f"**{heading}**", ""]
    for s in items:
        summary, _ = penalty_summary(s, None)
        lines.append(f"- {s['title']}：{summary or s['excerpt']}")
    return lines + [""]


def _obligation_sentence(s: dict, terms: list[str]) -> str:
    sentences = [m.group(0).strip() for m in SENTENCE_RE.finditer(s["text"])
                 if OBLIGATION_RE.search(m.group(0)) and not m.group(0).rstrip().endswith("：")]
    if not sentences:
        return ""
    best = max(sentences, key=lambda x: sum(1 for t in terms if t in x))
    best = ARTICLE_LABEL_RE.sub("", best)
    return best if len(best) <= 120 else best[:119] + "…"


def compose_merchant(ev: Evidence, direct: str, retriever: Retriever, flt: SearchFilter) -> tuple[str, list[dict]]:
    """Guidance: obligations as a checklist, usual violations and ranges, what 首违不罚 covers, records to keep.
    Returns the text and extra sources it quoted."""
    extra: list[dict] = []
    out: list[str] = []
    if direct:
        out += [f"**简要回答**：{direct}", ""]
    else:
        out += _undecided_lines(ev, "merchant")
    duties = [(s, _obligation_sentence(s, ev.terms)) for s in ev.laws if "法律责任" not in s.get("chapter", "")]
    duties = [(s, d) for s, d in duties if d]
    if duties:
        out += ["**合规自查清单**", ""] + [f"- [ ] {d}（{s['citation']}）" for s, d in duties] + [""]
    if ev.items:
        out += _item_lines("常见违法行为与处罚幅度", ev.items)
    out += _first_offence_section(ev, retriever, flt, extra)
    out += _records_section(ev, retriever, flt, extra)
    if ev.laws:
        out += ["**依据条文**", ""] + _law_lines(ev)
    return "\n".join(out).strip(), extra


def _article_excerpt(retriever: Retriever, law: str, number: int, flt: SearchFilter, ev: Evidence,
                     extra: list[dict], pattern: str) -> tuple[str, str]:
    """(citation, the sentence of the article matching `pattern`) from the version in force, or ("", "")."""
    src = next((s for s in ev.laws + extra if s["short_name"] == law and s["article"] == number), None)
    if src is None:
        src = _article_source(retriever, law, number, 0, flt, ev.terms, {"guidance": True})
        if src is None:
            return "", ""
        extra.append(src)
    found = next((m for m in SENTENCE_RE.finditer(src["text"]) if re.search(pattern, m.group(0))), None)
    if found is None:
        return src["citation"], ""
    if list(found.span()) not in src["match"]:
        src["match"] = sorted(src["match"] + [list(found.span())])
    sentence = ARTICLE_LABEL_RE.sub("", found.group(0).strip())
    return src["citation"], sentence


def _is_food(ev: Evidence) -> bool:
    return "食品" in ev.question or any(s.get("short_name") == "食品安全法" for s in ev.laws + ev.items)


def _first_offence_section(ev: Evidence, retriever: Retriever, flt: SearchFilter, extra: list[dict]) -> list[str]:
    cite, waiver = _article_excerpt(retriever, "行政处罚法", 33, flt, ev, extra, "初次违法")
    if not cite:
        return []
    _, no_fault = _article_excerpt(retriever, "行政处罚法", 33, flt, ev, extra, "主观过错")
    lines = ["**首违不罚 / 不予处罚：能管什么，不能管什么**", "",
             f"- 依据：{cite}：「{waiver}」" + (f"「{no_fault}」" if no_fault else ""),
             "- 能覆盖：违法行为轻微并及时改正、没有造成危害后果的（应当不予处罚）；初次违法且危害后果轻微并及时改正的"
             "（“可以”不予处罚，由执法机关裁量，不是必然）；有证据足以证明没有主观过错的（法律、行政法规另有规定的除外）。",
             "- 不能覆盖：已造成危害后果或后果不轻微的、不是初次违法的、没有及时改正的；不予处罚也不免除改正义务，"
             "执法机关仍会责令改正并进行教育。各地“首违不罚”“轻微免罚”清单的事项和条件不同，以当地市场监管部门公布的清单为准。"]
    if _is_food(ev):
        cite136, text136 = _article_excerpt(retriever, "食品安全法", 136, flt, ev, extra, "进货查验")
        if cite136:
            lines.append(f"- 食品经营者另见{cite136}：「{text136}」")
    return lines + [""]


def _records_section(ev: Evidence, retriever: Retriever, flt: SearchFilter, extra: list[dict]) -> list[str]:
    lines = ["**建议留存的记录**", "",
             "- [ ] 进货查验记录：供货者的许可证、营业执照，产品合格证明或检验报告",
             "- [ ] 进货票据、发票、进货凭证，能如实说明进货来源",
             "- [ ] 整改记录：发现问题后停止销售、下架、召回或更正的时间和做法"]
    if _is_food(ev):
        cite, text = _article_excerpt(retriever, "食品安全法", 53, flt, ev, extra, "查验")
        if cite:
            lines.append(f"- 依据：{cite}：「{text}」")
    return lines + [""]


# ------------------------------------------------------------------ verification

def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Verbatim statute quotes in an answer: block quotes and 「…」."""
    spans = [m.span() for m in re.finditer(r"(?m)^> .*$", text)]
    spans += [m.span() for m in re.finditer(r"「[^」]*」", text)]
    return spans


def verify_answer(text: str, retriever: Retriever, as_of: str) -> tuple[str, list[str]]:
    """Check each citation outside verbatim quotes; flag (never hide) those that cannot be confirmed."""
    from assistant.verify import StoreResolver, verify_text

    resolver = StoreResolver(retriever.store, retriever.law_names)
    report = verify_text(text, on=as_of, resolver=resolver, names=retriever.law_names, exclude=quoted_spans(text))
    if report.ok:
        return text, []
    return report.annotate(text), [f"{c.raw}：{c.message}" for c in report.problems]


# ------------------------------------------------------------------ entry point

def answer_from_evidence(ev: Evidence, *, retriever: Retriever, persona: Persona, flt: SearchFilter,
                         region: Optional[str]) -> Answer:
    result = Answer(question=ev.question, persona=persona, as_of=flt.as_of, region=region)
    if not ev.found:
        result.notice = NOT_FOUND_MERCHANT if persona == "merchant" else NOT_FOUND
        result.text = result.notice
        result.sources = ev.cases
        return result
    result.direct, result.direct_basis = direct_decision(ev)
    if persona == "merchant":
        text, extra = compose_merchant(ev, result.direct, retriever, flt)
    else:
        text, extra = compose_officer(ev, result.direct), []
    result.text, result.flagged = verify_answer(text, retriever, flt.as_of)
    if result.flagged:
        result.notice = f"{len(result.flagged)}处引用未能核实，已在文中标出。"
    result.sources = ev.sources() + [s for s in extra if s["id"] not in {x["id"] for x in ev.sources()}]
    return result


def answer(question: str, *, retriever: Retriever, persona: Persona = "officer", as_of: str,
           region: Optional[str] = None) -> Answer:
    flt = search_filter(persona, as_of, region)
    ev = gather(question, retriever, flt)
    return answer_from_evidence(ev, retriever=retriever, persona=persona, flt=flt, region=region)
