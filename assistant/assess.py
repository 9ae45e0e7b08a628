"""The officer's case workflow: facts → violation items → circumstances → tier and fine range →
comparable cases and the 类案同罚 check. Retrieval finds the data; the rules decide."""
from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from assistant.actors import names_role, roles_not_shown
from assistant.circumstance_semantic import semantic_circumstances
from assistant.companions import add_companions, add_subject_rules
from assistant.circumstances import (COMPUTED_VALUE, criminal_questions, find_circumstances, make_circumstance,
                                      threshold_by_provisions)
from assistant.discretion import amounts_from, apply_overrides, decide_tier, fine_is_conditional, fine_range, sold_amount
from assistant.fines import fine_questions, with_computation_floor
from assistant.lawversions import LawVersion, applicable_version
from core.models import (Assessment, Circumstance, ItemOutcome, Profile, Provision, Statement, StatutoryPenalty,
                         ViolationItem, ViolationMatch)
from assistant.similar import check_consistency, find_similar_cases
from core.amounts import yuan
from core.lawnames import GENERAL_PENALTY_LAWS, laws_of, short_law_name
from core.records import NATIONAL
from core.settings import REPO_ROOT
from core.text import cjk_bigrams
from retriever.filters import SearchFilter
from retriever.numbering import counterpart_article, item_words, numbered_in, version_on
from retriever.sectors import foreign, sectors_shown, without_analogies
from retriever.tokenize import expand_query
from retriever.worked import closeness

PROFILES = REPO_ROOT / "corpus" / "profiles"
MAX_VIOLATIONS = 3


@lru_cache(maxsize=16)
def load_profile(region: str | None = None, folder: Path = PROFILES) -> Profile:
    """The region's profile when an office has loaded one, else the national default."""
    from ingest.benchmarks import load_benchmark_file

    national = None
    for path in sorted(folder.glob("*.y*ml")):
        profile = load_benchmark_file(path).profile
        if profile is None:
            continue
        if region and profile.region == region:
            return profile
        if profile.profile_id.startswith("national") or (national is None and profile.region == NATIONAL):
            national = national or profile
    if national is None:
        raise FileNotFoundError(f"no national profile in {folder}")
    return national


# Reranking of the retrieved items (match_violations). Retrieval ranks items by the whole text of the
# facts, where circumstances (初次违法, 配合调查 …) and amounts weigh as much as the conduct; the rerank
# adds how much of an item's conduct wording the facts actually share. Weights were set on
# eval/gold/scenarios.jsonl (provision recall) and kept round; see tests/test_assess.py.
CANDIDATES = 30  # items retrieved before reranking
W_COVERAGE = 1.0  # share of the item's conduct (IDF-weighted bigrams) found in the facts, 0..1
W_OVERLAP = 0.02  # absolute IDF mass shared, so a longer, fully matched conduct beats a two-word one
W_CURATED = 0.15  # an office's or authored item: carries 违反条款 and checked provisions (0 / 0.08 / 0.15 / 0.3 / 0.45 tried on the tuning sets: first item's clause 158 / 160 / 161 / 160 / 158 of 222)
W_NO_PENALTY = 0.1  # an item with neither fine nor warning (a pointer to another law) is rarely the answer
# The second route: the facts searched among the statutes (the route questions take, with its query adapter and
# statute graph). An item whose 处罚依据 or 违反条款 is among the first LAW_DEPTH articles found gains up to
# W_LAW (the first article most); the items of the first LAW_ITEMS_FROM articles join the candidates. W_LAW was
# chosen on the public odd half and the own scenarios (0.15 … 0.5 tried; above 0.25 the own set loses provisions).
LAW_DEPTH = 10
LAW_ITEMS_FROM = 10
W_LAW = 0.25
# An item of a product sector's own law (corpus/sectors.yaml) when the facts show nothing of that sector.
W_OTHER_SECTOR = 0.5
# An item of the general product law (产品质量法) when the facts show goods of a sector with a law of its own (食品, 药品,
# 化妆品, 医疗器械): the special law comes first (特别法优先). 0 / 0.3 on the tuning sets (1,789): tiers 1,715 / 1,716
# (KA015: a rapeseed oil's contaminant is a food case, 食品安全法第一百三十六条), first items' provisions −1 (a
# fertiliser sold 散装 reads as food). Tried (2026-12-07, thirty-seventh session): a penalty of 0.5 on an item none of
# whose conduct words the facts share (coverage and shared mass 0, found by the embedding and the routes alone) on the
# tuning sets (2,089): tiers 2,000 → 2,001, provisions 4,136 → 4,127; not kept.
W_GENERAL_LAW = 0.3
_SPECIAL_SECTORS = frozenset({"食品", "药品", "化妆品", "医疗器械"})
# An item about a duty-bearer's own duty (corpus/actors.yaml: 集中交易市场开办者, 柜台出租者, 平台经营者 …) when the facts show
# nothing of that role. 0 / 0.5 / 1.0 on the tuning sets (provision recall): odd 0.849 / 0.849 / 0.866, HF 0.905 / 0.968 /
# 0.968, HH 0.800 / 0.831 / 0.831, HP 0.708 / 0.778 / 0.806, HU 0.873 / 0.873 / 0.915; no tier lost.
W_OTHER_ACTOR = 1.0
# The third route: the published cases closest to the facts. An item whose 处罚依据 or 违反条款 a decision among the
# first CASE_DEPTH cited gains up to W_CASE (the closest case most). Chosen on the tuning scenario sets (public odd,
# HA, HB, HD: penalty clause of the first item right in 77 → 86 of 135; 0.25 … 1.0 and depth 3/5 tried), with
# LAW_ITEMS_FROM 5 → 10; the held-out sets (public even, HC, HE) went 65 → 71 of 106.
CASE_DEPTH = 3
W_CASE = 0.5
# The fourth route: the worked cases (corpus/worked_cases, retriever/worked.py) closest to the conduct. An item whose
# 处罚依据 or 违反条款 one of the first WORKED_CASE_DEPTH cited gains up to W_WORKED_CASE, in proportion to closeness
# (nothing at cosine ≤ WORKED_CASE_FLOOR, full from WORKED_CASE_FULL) and rank; the items of their penalty clauses
# join the candidates. Compared in the plain model's space (unrelated text at 0.87–0.90). Chosen on the tuning sets
# (first item's penalty clause right, odd + HA + HB + HD): with 320 cases 84 → 90 / 94 / 94 / 95 of 135 at W 0.5 /
# 0.75 / 1.0 / 1.5 (floors 0.88 / 0.92 tried); with 480, 94 / 98 / 95 at W 1.0 / 1.5 / 2.0. Held-out (even, HC, HE):
# 72 without the route, 82 of 106 at 1.5.
WORKED_CASE_DEPTH = 5
W_WORKED_CASE = 1.5
WORKED_CASE_FLOOR = 0.90
WORKED_CASE_FULL = 0.94


@lru_cache(maxsize=4)
def _conduct_idf(retriever) -> tuple[dict[str, float], float]:
    """IDF of conduct bigrams over every indexed item, so 食品/经营 weigh less than 保质期/标价签."""
    ids = [i for i in getattr(retriever.lexical, "ids", []) if i.startswith("item:")]
    df: dict[str, int] = {}
    n = 0
    for record in retriever.store.get(ids):
        n += 1
        for b in cjk_bigrams((record.meta or {}).get("conduct", "")):
            df[b] = df.get(b, 0) + 1
    default = math.log(n + 1)
    return {b: math.log((n + 1) / (c + 1)) for b, c in df.items()}, default


def conduct_overlap(facts: str, conduct: str, idf: dict[str, float], default: float) -> tuple[float, float]:
    """(coverage, mass): the IDF-weighted share of the conduct's bigrams found in the facts (the facts
    expanded with the lexicon's legal synonyms, 过期 → 超过保质期), and the shared IDF mass."""
    wanted = cjk_bigrams(conduct)
    if not wanted:
        return 0.0, 0.0
    have = cjk_bigrams(expand_query(facts))
    shared = sum(idf.get(b, default) for b in wanted & have)
    total = sum(idf.get(b, default) for b in wanted)
    return (shared / total if total else 0.0), shared


# An item whose conduct is the breach of a duty the facts say was met (进货时未查验… where the party checked its
# purchase) is no reading of those facts: it stays a candidate, after the others.
_UNMET_DUTY = {"purchase_checked": re.compile(r"未(?:按(?:照)?规定)?(?:查验|索证|索票|建立[^，；。]{0,12}进货查验|履行[^，；。]{0,6}进货查验)")}
_DUTY_DENIED = {"purchase_checked": "purchase_check_failed"}


# A paragraph that carves a lighter case out of a general one by a condition (食品安全法第一百二十五条第二款: 标签、说明书
# 存在瑕疵但不影响食品安全且不会对消费者造成误导): where the facts state the condition, that item is the law's answer,
# not its general sibling (第一款第（二）项, 标签不符合规定). Not where the facts deny it (不属于…不影响食品安全…的瑕疵).
_CARVE_OUT = re.compile(r"但(?P<condition>[^，。；、]{8,40})$")
_CONDITION_DENIED = re.compile(r"(?:不属于|并非|不是|不能认定为?|不构成)[^，。；]{0,16}(?:瑕疵|不影响|不会)")
CONDITION_COVERAGE = 0.35  # the share of the condition's words (IDF-weighted) the facts must hold (0.8 / 0.35 / 0.15 on the tuning sets: 161 / 162 / 163 of 222; 0.15 is little more than 食品安全 and 消费者)
W_CONDITION = 0.5


# A carve-out of a flaw (标签、说明书存在瑕疵但…) is also stated by the minor violation read from the facts (配料表中“白砂糖”错写为“白沙糖”,
# 标签误印): the flaw is what the condition names.
_FLAW = "瑕疵"


def _condition_stated(facts: str, conduct: str, idf: dict[str, float], default: float, minor: bool = False) -> bool:
    m = _CARVE_OUT.search(conduct)
    if not m or _CONDITION_DENIED.search(facts):
        return False
    if minor and _FLAW in conduct[:m.start()]:
        return True
    return conduct_overlap(facts, m.group("condition"), idf, default)[0] >= CONDITION_COVERAGE


def _duties_met_last(violations: list[ViolationMatch], circumstances: list[Circumstance]) -> list[ViolationMatch]:
    keys = {c.key for c in circumstances}
    met = [k for k, rx in _UNMET_DUTY.items() if k in keys and _DUTY_DENIED[k] not in keys]
    if not met:
        return violations
    breach = lambda v: any(_UNMET_DUTY[k].search(v.conduct) for k in met)
    return [v for v in violations if not breach(v)] + [v for v in violations if breach(v)]


# (违反本法第七条规定实施混淆行为; 销售本法第七条规定的违法商品; 有本条例第十条所列情形之一)
_BY_REFERENCE = re.compile(r"本(?:法|条例|办法|规定)第[一二三四五六七八九十百零]+条")
# The articles a conduct by reference names are read, each on its own, up to this many (消费者权益保护法实施条例第五十条
# names twelve: 第十条至第十四条、第十六条、第十七条、第十九条至第二十一条).
MAX_REFERRED = 12


def _violated_texts(retriever, item: ViolationItem, on: str) -> list[str]:
    """The texts of the articles an item's conduct refers to by number, in the version in force on `on`."""
    if not _BY_REFERENCE.search(item.conduct):
        return []
    out = []
    for p in item.violated[:MAX_REFERRED]:
        if text := _article_text(retriever, p.law, p.article, p.article_suffix, on):
            out.append(text)
            out += [m.group(0) for m in _ENUMERATED.finditer(text)]
    return out


def _elements(retriever, violation, on: str) -> str:
    """What defines the violation: its conduct and, where the conduct names its rule by number (违反本法第十条规定侵犯
    商业秘密), that rule's text (第三人明知或者应知…仍获取、披露、使用) — an aggravation the definition holds is not weighed again."""
    return "\n".join([violation.conduct] + _violated_texts(retriever, violation, on))


# An article that lists its conducts (经营者不得实施下列混淆行为：（一）擅自使用…包装、装潢…；（二）…) is read one
# conduct at a time as well: the facts of one conduct share little of the whole list (on the tuning sets: one provision
# more, no tier moved).
_ENUMERATED = re.compile(r"（[一二三四五六七八九十]{1,3}）.*?(?=（[一二三四五六七八九十]{1,3}）|\n|$)")


@lru_cache(maxsize=4096)
def _article_text(retriever, law: str, article: int, suffix: int, on: str) -> str:
    try:
        records = retriever.article(law, article, suffix=suffix, on=on)
    except Exception:
        return ""
    return "\n".join(r.text for r in records)[:600]


_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
MIN_CONDUCT_CHARS = 6  # a conduct sentence shorter than this (after removing circumstances) is not searched
W_LATER_SENTENCE = 0.8  # a later sentence's share of an item's conduct, against the first sentence's


# Circumstances that say nothing about the conduct although they are no ground for 从轻 (指导意见): cut them too.
_NOT_CONDUCT = {"first_offence", "harm_none", "harm_minor", "reach_small", "corrected", "purchase_checked", "source_explained",
                "amount_small", "mitigated_harm", "cooperated", "civil_matter", "no_fault_claimed"}


# A stated length of the act quotes its verb (过期2天, 卖了一个月, 已投入使用约2个月), so does a count of what was sold
# (卖出去186件), and a minor violation is told in the conduct's own words (标签瑕疵, 不影响食品安全也不会让人误解 — the
# condition of a lighter paragraph): the conduct, kept.
_CONDUCT_TOO = {"duration", "minor_violation", "large_count"}


def without_circumstances(facts: str, found: list[Circumstance] | None = None) -> str:
    """The facts with every circumstance read from them (初次违法, 进货查验记录, 不知情, amounts, dates …)
    cut out: what is left describes the conduct. Aggravating and neutral words stay: they are often part
    of the conduct itself (故意拖延, 拒不改正, 明知; 农药残留 marks 涉及生命健康 and is also the conduct)."""
    spans = [c.span for c in (find_circumstances(facts) if found is None else found)
             if c.span and c.key not in _CONDUCT_TOO and COMPUTED_VALUE not in c.label  # 两盒医用外科口罩，一盒十块: the goods
             and (c.effect in ("mitigating", "exempting") or c.key in _NOT_CONDUCT or not isinstance(c.value, bool))]
    return "".join(ch for i, ch in enumerate(facts) if not any(a <= i < b for a, b in spans))


# A document's title on a line of its own (询问笔录（摘，2026年3月18日，某某公司负责人）, 2026年2月26日询问笔录) names the
# record, not the conduct: the sentence after it is the first that may state what was done.
_TITLE = re.compile(r"^[^，,。：:]{0,16}(?:笔录|记录|报告|意见|摘要|回复|审批表|工单|申辩书?|备忘录|处置单|登记表)$")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def conduct_sentences(conduct_text: str) -> list[str]:
    """Every sentence of `conduct_text` (the facts less their circumstances, without_circumstances) that still says
    something, in order; a document title heading the text is none."""
    out = [m.group(0).strip("，,、 ") for m in _SENTENCE.finditer(conduct_text)
           if len(re.findall(r"[\u4e00-\u9fff]", m.group(0))) >= MIN_CONDUCT_CHARS]
    if len(out) > 1 and _TITLE.match(_BRACKETED.sub("", out[0]).strip()):
        return out[1:]
    return out


def conduct_sentence(facts: str) -> str:
    """The sentence that states the conduct: the first one that still says something once the
    circumstances read from it are cut out. Officers' narratives open with the conduct (当事人在售…),
    and the circumstances otherwise pull retrieval toward items about them (进货查验, 营业执照 …)."""
    return next(iter(conduct_sentences(without_circumstances(facts))), "")


def match_violations(facts: str, retriever, *, on: str, region: str | None,
                     visibility: tuple[str, ...]) -> list[ViolationMatch]:
    """The violation items for the facts, best first: retrieval (hybrid, filtered to the items in force
    on `on`) with the whole facts and with the conduct sentence alone, reranked by how much of each
    item's conduct the facts share (see the W_ constants)."""
    flt = SearchFilter(as_of=on, doc_types=("benchmark",), regions=(region,) if region else (),
                       visibility=visibility)
    relevance: dict[str, float] = {}
    records = {}
    queries = [facts]
    # the circumstances are read once: the conduct is what the facts say without them
    found = find_circumstances(facts)
    # (a plea likening the case to another sector's — 听说卖食品的手续齐全就可以免罚 — tells nothing of the conduct)
    conduct_text = without_analogies(without_circumstances(facts, found))
    sentences = conduct_sentences(conduct_text)
    sentence, later_sentences = (sentences[0], sentences[1:]) if sentences else ("", [])
    if sentence and sentence != facts.strip("。 "):
        queries.append(sentence)
    for query in queries:
        hits = retriever.search(query, k=CANDIDATES, flt=flt)
        top = max((h.score for h in hits), default=0.0) or 1.0
        for hit in hits:
            records[hit.record.id] = hit.record
            relevance[hit.record.id] = max(relevance.get(hit.record.id, 0.0), hit.score / top)
    plain = without_analogies(facts)  # (the facts less a plea likening the case to another sector's)
    law_rank = _law_route(plain, retriever, on=on, visibility=visibility)
    # the cases are searched with the conduct alone: 进货发票、如实说明来源、不知情 would find the innocent-seller
    # cases of any law (a trademark case for a garment that failed its test)
    case_rank = _case_route(conduct_text or facts, retriever, visibility=visibility) if W_CASE else {}
    worked = _worked_case_route(conduct_text or facts, retriever) if W_WORKED_CASE else {}
    index = _items_by_article(retriever)
    extra = [rid for key, rank in law_rank.items() if rank < LAW_ITEMS_FROM for rid in index.get(key, ())
             if rid not in records]
    extra += [rid for key in worked for rid in index.get(key[:2], ()) if rid not in records]
    for record in retriever.store.get(list(dict.fromkeys(extra))):
        if (record.in_force_on(on) and record.visibility in visibility
                and (record.region == NATIONAL or (region and record.region == region))):
            records[record.id] = record
            relevance[record.id] = 0.0
    if not records:
        return []
    idf, default = _conduct_idf(retriever)
    minor = any(c.key == "minor_violation" for c in found)
    shown = sectors_shown(plain)
    roles_absent = roles_not_shown(facts)
    named = _named_in_facts(facts, retriever, on=on, visibility=visibility)
    after_order = _order_outcome_told(found)
    scored: list[tuple[float, ViolationMatch]] = []
    carved: set[str] = set()
    for rid, record in records.items():
        try:
            item = ViolationItem.model_validate(record.meta)
        except Exception:
            continue
        coverage, mass = 0.0, 0.0
        # A derived item often names its conduct by reference (违反本法第七条规定实施混淆行为): the text of the
        # violated article then says what the conduct is, in the words officers use.
        for text in [item.conduct] + _violated_texts(retriever, item, on):
            cov, shared = conduct_overlap(conduct_text, text, idf, default)
            if sentence:  # the conduct sentence decides the share; the rest of the facts only adds mass
                cov = conduct_overlap(sentence, text, idf, default)[0]
                if W_LATER_SENTENCE:  # a later sentence may state the conduct (案情摘要：群众举报…。经查，…未取得许可)
                    cov = max([cov] + [W_LATER_SENTENCE * conduct_overlap(later, text, idf, default)[0]
                                       for later in later_sentences])
            coverage, mass = max(coverage, cov), max(mass, shared)
        firm = [] if item.violated_source == "wording" else item.violated  # a rule matched by wording is no evidence
        cited = [(retriever.provision_key(p.model_dump()), p.paragraph) for p in item.penalty_basis + firm]
        cited += _cited_as_numbered_on(retriever, record.meta, item, on, firm=bool(firm))
        keys = {key for key, _ in cited} - {None}
        law = max((1.0 - law_rank[k] / LAW_DEPTH for k in keys if k in law_rank), default=0.0)
        cases = max((1.0 - case_rank[k] / CASE_DEPTH for k in keys if k in case_rank), default=0.0)
        from_worked = max((_worked_credit(worked, k, para, _sibling_fit(retriever, k, item.conduct, idf, default))
                           for k, para in cited if k is not None), default=0.0)
        other_sector = bool(item.penalty_basis) and foreign(short_law_name(item.penalty_basis[0].law), shown)
        # (a worked or published case of another sector than the one the facts show — an innocent cosmetics seller for
        # an innocent food seller — vouches for the circumstances it shares, not for its item; where the facts show no
        # sector at all, it still vouches)
        elsewhere = other_sector and bool(shown)
        features = {"relevance": relevance[rid], "coverage": coverage, "mass": mass, "law": law,
                    "cases": 0.0 if elsewhere else cases, "worked": 0.0 if elsewhere else from_worked,
                    "curated": float(item.origin != "derived" and mass > 0),
                    "condition": float(_condition_stated(facts, item.conduct, idf, default, minor)),
                    "no_penalty": float(not item.penalty.fines and not item.penalty.warning
                                        and not any("罚款" in o for o in item.penalty.other)),
                    "other_sector": float(other_sector),
                    "other_actor": float(names_role(item.conduct, roles_absent)),
                    "general_law": float(bool(item.penalty_basis) and bool(shown & _SPECIAL_SECTORS)
                                         and short_law_name(item.penalty_basis[0].law) == "产品质量法"),
                    "cited": float(_names_item(named, retriever, item)),
                    "after_order": float(after_order and fine_is_conditional(item.penalty, warning_too=True))}
        score = _item_score(features)
        if features["condition"]:
            carved.add(item.item_id)
        scored.append((score, _as_match(item, round(score, 5))))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [v for _, v in _carve_outs_first(scored, carved)[:MAX_VIOLATIONS]]


def _cited_as_numbered_on(retriever, meta: dict, item: ViolationItem, on: str, *, firm: bool) -> list:
    """An authored or office item written in an earlier numbering (反不正当竞争法 2019 第六条 / 第十八条) is found by the law,
    case and worked-case routes under the numbers in force on `on` (2025 第七条 / 第二十三条): its provisions as that version
    numbers them (Retriever.item_in_version, memoised), as (key, paragraph) pairs; none for a derived item or where nothing
    moves."""
    if item.origin == "derived" or not item.penalty_basis:
        return []
    version = version_on(retriever.store, short_law_name(item.penalty_basis[0].law), on)
    if not version:
        return []
    moved = retriever.item_in_version(meta, version)
    if moved is meta:
        return []
    provisions = list(moved.get("penalty_basis") or []) + (list(moved.get("violated") or []) if firm else [])
    return [(retriever.provision_key(p), p.get("paragraph")) for p in provisions]


def _carve_outs_first(scored: list[tuple[float, ViolationMatch]], carved: set[str]) -> list[tuple[float, ViolationMatch]]:
    """The special before the general (特别规定优先): an item whose carve-out condition the facts state (`carved`) goes
    just above the best-ranked item punished under the same article, which states the general case."""
    def articles(v: ViolationMatch) -> set[tuple[str, int]]:
        return {(short_law_name(p.law), p.article) for p in v.penalty_basis}
    out = list(scored)
    for pair in [pair for pair in scored if pair[1].item_id in carved]:
        i = out.index(pair)
        general = next((j for j, (_, v) in enumerate(out[:i]) if articles(v) & articles(pair[1])), None)
        if general is not None:
            out.insert(general, out.pop(i))
    return out


# An article the facts cite themselves (承办人意见：涉嫌违反《认证认可条例》第二十七条): the items that punish it or name it
# as their rule. Procedural and discretion provisions (行政处罚法, the guidance) name no conduct. 0 / 0.25 / 0.5 / 1 / 2 / 3
# on the tuning facts (1,159; first item's penalty article right): 741 / 745 / 747 / 750 / 752 / 752 (none of the
# held-out scenarios cites an article).
W_CITED = 2.0
# Facts that tell an order to correct by a time and what came of it (下达限期改正通知书…复查时已改正; 逾期仍未改正) tell the
# procedure of a clause that fines only 逾期未改正 / 拒不改正 (特种设备安全法第八十三条, not 第八十四条): such an item gains
# this much. 0 / 0.5 / 1.0 on the tuning sets (tier within acceptable): odd 0.96 / 0.98 / 0.98, re-told 0.915 / 0.927 /
# 0.931, worked cases 0.865 / 0.873 / 0.873; no item lost on HA–HN.
W_AFTER_ORDER = 1.0
RERANK_WEIGHTS = {"relevance": 1.0, "coverage": W_COVERAGE, "mass": W_OVERLAP, "law": W_LAW, "cases": W_CASE,
                  "worked": W_WORKED_CASE, "curated": W_CURATED, "condition": W_CONDITION, "no_penalty": -W_NO_PENALTY,
                  "other_sector": -W_OTHER_SECTOR, "general_law": -W_GENERAL_LAW, "other_actor": -W_OTHER_ACTOR, "cited": W_CITED,
                  "after_order": W_AFTER_ORDER}


def _named_in_facts(facts: str, retriever, *, on: str, visibility: tuple[str, ...]) -> set[tuple[str, int, int | None]]:
    """(law, article, 款 or None) of each article the facts cite (《…》第N条[第M款]), in force on `on`; none of
    行政处罚法 or the guidance."""
    flt = SearchFilter(as_of=on, doc_types=("law",), visibility=visibility)
    try:
        cited, _ = retriever.cited_with_rest(facts, flt)
    except Exception:
        return set()
    return {(r.short_name, r.article, getattr(c, "paragraph", None)) for r, c in cited
            if r.article is not None and r.short_name not in GENERAL_PENALTY_LAWS}


# a law named as the basis of a fine without its article (承办人拟依商标法罚款一次，再依产品质量法第四十九条另罚一次)
_BASIS_NAMED = re.compile(r"(?:依|依据|按|按照|根据|适用)《?(?P<law>[^，。；《》\s]{2,24}?)》?(?:第[^，。；]{1,12}条)?"
                          r"(?:的规定)?(?:再|另|又)?(?:罚款|处罚|处以|罚)")


def _laws_named_as_basis(facts: str, retriever) -> set[str]:
    """The short names of the laws the facts name as the basis of a fine (依商标法罚款), article or not."""
    out = set()
    for m in _BASIS_NAMED.finditer(facts):
        full = retriever.law_names.resolve(m.group("law"))
        if full:
            short = retriever.law_names.short_of(full)
            if short not in GENERAL_PENALTY_LAWS:
                out.add(short)
    return out


def _heavier_of_laws_named(violations: list[ViolationMatch], facts: str, retriever, amounts: dict[str, float], *,
                           on: str, visibility: tuple[str, ...]) -> tuple[list[ViolationMatch], str]:
    """行政处罚法第二十九条: 同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚. Where the facts
    name the articles of two or more laws for the act (拟同时依据食品安全法第一百二十四条和产品质量法第五十二条分别罚款) and
    a candidate item of each is punished by the article named (or, for a law named as the basis of a fine without its
    article — 拟依商标法罚款一次 — by any article of it), the one whose fine can be the highest on the amounts read comes
    first, and the reason says why. Unchanged, with no reason, where fewer than two laws are named or a
    maximum cannot be computed (the amount it rests on is asked for)."""
    from assistant.fines import penalty_bounds

    named = {(law, article) for law, article, _ in _named_in_facts(facts, retriever, on=on, visibility=visibility)}
    by_name = _laws_named_as_basis(facts, retriever) - {law for law, _ in named}
    first: dict[str, ViolationMatch] = {}
    for v in violations:
        key = (retriever.law_names.short_of(v.penalty_basis[0].law), v.penalty_basis[0].article) if v.penalty_basis else None
        if key is None or not (key in named or key[0] in by_name) or not v.penalty.fines:
            continue
        first.setdefault(key[0], v)
    # a law named whose article punishes no candidate: that article's own item, in force on `on`, is weighed too
    for law, article in sorted(named):
        if law in first:
            continue
        records = [r for r in retriever.store.get(list(_items_by_article(retriever).get((law, article), ())))
                   if r.in_force_on(on) and r.visibility in visibility]
        for record in records:
            try:
                item = ViolationItem.model_validate(record.meta)
            except Exception:
                continue
            if item.penalty.fines:
                first[law] = _as_match(item, 0.0)
                break
    if len(first) < 2:
        return violations, ""
    highest: list[tuple[float, ViolationMatch]] = []
    # the value of the goods dealt stands for either base where one is told (违法经营额（货值）三万六千元): the two laws'
    # maxima are compared on the same goods
    dealt = {**{k: amounts[o] for k, o in (("违法经营额", "货值金额"), ("货值金额", "违法经营额")) if o in amounts}, **amounts}
    for v in first.values():
        bounds = penalty_bounds(v.penalty, dealt)
        if bounds is None:
            return violations, ""
        highest.append((bounds[1], v))
    highest.sort(key=lambda x: -x[0])
    chosen = highest[0][1]
    told = "；".join(f"{v.penalty_basis[0].cite()}最高罚款{top:,.0f}元" for top, v in highest)
    reason = (f"同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚（《行政处罚法》第二十九条）：{told}，"
              f"适用{chosen.penalty_basis[0].cite()}。")
    return [chosen] + [v for v in violations if v.item_id != chosen.item_id], reason


def _sold_as_goods_value(circumstances: list[Circumstance], amounts: dict[str, float]) -> str:
    """The reason where the 货值金额 is the goods sold at what they sold for (discretion.amounts_from), the facts giving
    no goods value: said, with what would change it."""
    sold = sold_amount(circumstances)
    if sold is None or amounts.get("货值金额") != sold or any(
            c.key in ("goods_value", "business_volume", "case_value") for c in circumstances):
        return ""
    return (f"货值金额按已售商品的实际售价计算为{yuan(sold, 'figures')}（事实未载明货值金额；尚有未售商品的，"
            f"应按标价一并计入货值金额，并据此重新确定罚款幅度）。")


_ORDER_TO_CORRECT = re.compile(r"改正|整改|改好|限期|期限|指令书|通知书|日内|天内|日前|号前")
_ORDER_TO_STOP = re.compile(r"停止|停用|停业|下架|封存|暂停")


def _order_outcome_told(found: list[Circumstance]) -> bool:
    """Whether the facts tell an order to correct and then what came of it (corrected after it, or not corrected)."""
    # an order to put the fault right by a time (限期改正, 监察指令书), not to stop at once (责令停止使用, 下架)
    ordered = [c.span[0] for c in found if c.key == "ordered_correction" and c.span
               and (_ORDER_TO_CORRECT.search(c.quote) or not _ORDER_TO_STOP.search(c.quote))]
    if not ordered:
        return False
    return any(c.key in ("corrected", "not_corrected", "refused") and c.span and c.span[0] > min(ordered) for c in found)


def _names_item(named: set[tuple[str, int, int | None]], retriever, item: ViolationItem) -> bool:
    """Whether the facts cite one of the item's penalty clauses or of the rules it names (the 款 too, when both say it)."""
    if not named:
        return False
    for p in item.penalty_basis + item.violated:
        key = retriever.provision_key(p.model_dump())
        if key and any(key == (law, art) and (para is None or p.paragraph is None or p.paragraph == para)
                       for law, art, para in named):
            return True
    return False


def _item_score(features: dict[str, float]) -> float:
    """An item's rerank score: its features (match_violations) weighed by the W_ constants."""
    return sum(RERANK_WEIGHTS[name] * value for name, value in features.items())


def _law_route(facts: str, retriever, *, on: str, visibility: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """(law, article) → rank among the statutes found for the facts (see W_LAW)."""
    flt = SearchFilter(as_of=on, doc_types=("law",), visibility=visibility)
    out: dict[tuple[str, int], int] = {}
    for hit in retriever.search(facts, k=LAW_DEPTH, flt=flt):
        if hit.record.article is not None:
            out.setdefault((hit.record.short_name, hit.record.article), len(out))
    return out


def _case_route(facts: str, retriever, *, visibility: tuple[str, ...]) -> dict[tuple[str, int], int]:
    """(law, article) → rank of the closest published case that cited it (see W_CASE). Tried: the article's items
    competing for a case by its text (as for the worked cases, _sibling_fit) — on the tuning sets the first item's
    penalty clause went 148 → 147 of 222 at paragraph level: the published cases' texts are summaries too short to tell
    the items apart."""
    flt = SearchFilter(doc_types=("case",), visibility=visibility)
    out: dict[tuple[str, int], int] = {}
    for rank, hit in enumerate(retriever.search(facts, k=CASE_DEPTH, flt=flt)):
        cited = (hit.record.meta or {}).get("provisions") or {}
        for p in (cited.get("violated") or []) + (cited.get("penalty_basis") or []):
            key = retriever.provision_key(p)
            if key is not None and key[0] != "行政处罚法":
                out.setdefault(key, rank)
    return out


def _worked_case_route(facts: str, retriever) -> dict[tuple[str, int | None], list[tuple[float, str]]]:
    """(law, article, paragraph) → [(credit 0..1, the case's facts)] from the closest worked cases that cited it
    (see W_WORKED_CASE); paragraph None where a case names the whole article. A case that names the paragraph
    (食品安全法第一百二十五条第二款) credits the items of that paragraph only (_worked_credit)."""
    bank = retriever.worked_cases
    if bank is None or not facts.strip():
        return {}
    out: dict[tuple, list[tuple[float, str]]] = {}
    vector = retriever.dense.embedder.embed_query(facts)
    for rank, (case, sim) in enumerate(bank.nearest(vector, WORKED_CASE_DEPTH)):
        credit = closeness(sim, WORKED_CASE_FLOOR, WORKED_CASE_FULL) * (1.0 - rank / WORKED_CASE_DEPTH)
        if credit <= 0:
            continue
        for law, article in case.gold:
            key = retriever.provision_key({"law": law, "article": article})
            if key is None or key[0] == "行政处罚法":
                continue
            for para in case.paragraphs_of(law, article) or (None,):
                out.setdefault((*key, para), []).append((credit, case.query))
    return out


def _worked_credit(worked: dict[tuple, list[tuple[float, str]]], key: tuple[str, int], paragraph: int | None,
                  fit=None) -> float:
    """The credit the worked cases give an item punishing by `key` in `paragraph`: a case naming the whole article
    credits every paragraph; one naming a paragraph credits that paragraph (and an item without one). `fit(text,
    para)` (0..1) says how well the item, among the items the case could mean, matches the case's facts."""
    best = 0.0
    for (law, art, para), cases in worked.items():
        if (law, art) != key or (para is not None and paragraph is not None and para != paragraph):
            continue
        for credit, text in cases:
            best = max(best, credit * (fit(text, para) if fit else 1.0))
    return best


def _sibling_fit(retriever, key: tuple[str, int], conduct: str, idf: dict[str, float], default: float):
    """fit(text, para) for _worked_credit: the share of the item's conduct found in a worked case's facts, against
    the best share among the items punished by the same article (the same paragraph where the case names one). A
    worked case cited 药品管理法第一百一十七条 for expired medicines: it speaks for 生产、销售劣药 (第一款), not for the
    中药饮片 of 第二款; for 第八十三条 (未办理使用登记), not for 第八十四条第（三）项 (报废) because both mention 使用登记 —
    the article's items compete for the case as they compete for the facts."""
    def fit(text: str, para: int | None) -> float:
        if len(_article_items(retriever, key)) < 2:
            return 1.0
        top = _top_share(retriever, key, text, para)
        if top <= 0:
            return 1.0
        # an authored item's examples (（如铜包铝电线冒充纯铜线…）) illustrate its conduct: they add no words it must share
        share = max(conduct_overlap(text, c, idf, default)[0] for c in {conduct, _EXAMPLES.sub("", conduct)})
        return min(1.0, share / top)
    return fit


_EXAMPLES = re.compile(r"（如[^（）]*）")


@lru_cache(maxsize=4096)
def _top_share(retriever, key: tuple[str, int], text: str, para: int | None) -> float:
    """The best share of an item's conduct found in `text` among the items of the article `key` (of `para`)."""
    idf, default = _conduct_idf(retriever)
    return max((conduct_overlap(text, c, idf, default)[0] for p, c in _article_items(retriever, key)
                if para is None or p in (None, para)), default=0.0)


@lru_cache(maxsize=2048)
def _article_items(retriever, key: tuple[str, int]) -> tuple[tuple[int | None, str], ...]:
    """(paragraph, conduct) of every item punished by the article `key`, each wording once."""
    out: dict[tuple[int | None, str], None] = {}
    for record in retriever.store.get(list(_items_by_article(retriever).get(key, ()))):
        meta = record.meta or {}
        paras = [p.get("paragraph") for p in meta.get("penalty_basis") or [] if retriever.provision_key(p) == key]
        out[(paras[0] if paras else None, meta.get("conduct", ""))] = None
    return tuple(out)


@lru_cache(maxsize=4)
def _items_by_article(retriever) -> dict[tuple[str, int], tuple[str, ...]]:
    """(law, article) of a 处罚依据 → the ids of the items it punishes by."""
    out: dict[tuple[str, int], list[str]] = {}
    for record in retriever.store.iter_records("benchmark"):
        for p in (record.meta or {}).get("penalty_basis") or []:
            key = retriever.provision_key(p)
            if key is not None:
                out.setdefault(key, []).append(record.id)
    return {k: tuple(v) for k, v in out.items()}


def _versions_of_penalty(retriever, violation: ViolationMatch) -> list[LawVersion]:
    """Every version of the penalty clause, for 从旧兼从轻 (行政处罚法第三十七条): the penalty of the same 款/项 in
    each version (the item derived from it, else that paragraph's text), the whole article only where the basis
    names no paragraph. (An article's other paragraphs may punish other conduct: 食品安全法第一百二十五条第二款's
    拒不改正 fine is not the 货值 fine of its first paragraph.)"""
    from ingest.benchmarks import item_record_id
    from ingest.penalty_clauses import derived_item_id, split_paragraphs
    from ingest.penalty_parse import parse_penalty

    if not violation.penalty_basis:
        return []
    basis = violation.penalty_basis[0]
    short = retriever.law_names.short_of(basis.law)
    own = _item_version(violation) or _numbered_in(retriever, violation, short)
    out = []
    for version, effective, _, _ in retriever.store.versions(short):
        penalty = None
        number, suffix = counterpart_article(retriever.store, short, basis.article, basis.article_suffix, own, version)
        if number is None:  # the version has no article like it: the act is not punished there as it was
            continue
        if basis.paragraph:
            derived = retriever.store.get([item_record_id(derived_item_id(
                short, version, number, suffix, basis.paragraph, basis.item or 0))])
            if derived and (derived[0].meta or {}).get("penalty"):
                penalty = StatutoryPenalty.model_validate(derived[0].meta["penalty"])
        records = [] if penalty else retriever.store.article(short, number, suffix=suffix, version=version)
        text = "\n".join(r.text for r in records)
        if text and basis.paragraph:
            paragraphs = split_paragraphs(text)
            text = paragraphs[basis.paragraph - 1].text if basis.paragraph <= len(paragraphs) else ""
        if text:
            penalty = parse_penalty(text)
        out.append(LawVersion(version=version, effective=effective, penalty=penalty, article=number,
                              article_suffix=suffix))
    return out


def _numbered_in(retriever, violation: ViolationMatch, short: str) -> str:
    """The version an authored or office item's penalty clause is numbered in (retriever.numbering.numbered_in)."""
    basis = violation.penalty_basis[0]
    return numbered_in(retriever.store, short, basis.article, basis.article_suffix,
                       item_words(violation.conduct, violation.penalty.model_dump()))


def _authored_in_version(retriever, violation: ViolationMatch, version: str) -> ViolationMatch | None:
    """An authored or office item as `version` numbers it (Retriever.item_in_version); None for a derived item and
    where nothing moves or a provision cannot be placed."""
    meta = violation.model_dump()
    moved = retriever.item_in_version(meta, version)
    if moved is meta:
        return None
    violated = [Provision.model_validate(p) for p in moved["violated"]]
    basis = [Provision.model_validate(p) for p in moved["penalty_basis"]]
    if violated == violation.violated and basis == violation.penalty_basis:
        return None
    return violation.model_copy(update={"violated": violated, "penalty_basis": basis})


def _authored_renumbered(retriever, violations: list[ViolationMatch], version: str) -> list[ViolationMatch] | None:
    """The candidates with the authored or office items as `version` numbers them, when the first one moves; None
    otherwise (the other authored items of the same law move with it)."""
    moved = [_authored_in_version(retriever, v, version) for v in violations] if version else []
    if not moved or moved[0] is None:
        return None
    return [m or v for m, v in zip(moved, violations)]


def _counterpart_note(version: str, primary: ViolationMatch) -> str:
    """The reason that names the item's clauses as `version` numbers them."""
    return (f"{version}版相应的处罚条款为{primary.penalty_basis[0].cite()}"
            + (f"，违反条款为{'、'.join(p.cite() for p in primary.violated)}" if primary.violated else "") + "。")


def _item_in_version(retriever, violation: ViolationMatch, version: LawVersion) -> ViolationMatch | None:
    """The item derived from the counterpart of `violation`'s penalty clause in `version`, when that is another
    version than the item's own; None for an authored item or where that version has no such item."""
    from ingest.benchmarks import item_record_id
    from ingest.penalty_clauses import derived_item_id

    own = _item_version(violation)
    if not own or own == version.version or version.article is None or not violation.penalty_basis:
        return None
    basis = violation.penalty_basis[0]
    short = retriever.law_names.short_of(basis.law)
    found = retriever.store.get([item_record_id(derived_item_id(short, version.version, version.article,
                                                                version.article_suffix, basis.paragraph or 1,
                                                                basis.item or 0))])
    if not found:
        return None
    try:
        item = ViolationItem.model_validate(found[0].meta)
    except Exception:
        return None
    return _as_match(item, violation.score)


def _as_match(item: ViolationItem, score: float) -> ViolationMatch:
    """A violation item as a candidate for the facts, with its score."""
    return ViolationMatch(item_id=item.item_id, conduct=item.conduct, violated=item.violated,
                          violated_source=item.violated_source, penalty_basis=item.penalty_basis, penalty=item.penalty,
                          score=score, region=item.region, origin=item.origin)


def _item_version(violation: ViolationMatch) -> str:
    """The law version an item was derived from (食品安全法@2021-04-29#124-1-5 → 2021-04-29); "" for an authored one."""
    from ingest.penalty_clauses import derived_item_version
    return derived_item_version(violation.item_id)


# The first violation item is no clear choice when a candidate punished by another clause (article and paragraph)
# scores within ITEM_MARGIN of it: on the tuning sets (1,114 facts with a gold penalty clause, odd + HA…HJ + re-told +
# worked cases), the first item's penalty article was right for 0.52 of the facts below the margin (332 of 643) and
# 0.87 above it (409 of 471); at 0.5, 0.49 (253 of 520) against 0.82.
ITEM_MARGIN = 0.75
ITEM_QUESTION = ("违法行为事项待确认：事实也可能构成“{conduct}”（处罚依据：{basis}）{outcome}。"
                 "请核实违法行为的具体表现，确认适用的违法行为事项。")
ITEM_OUTCOME = "，按该项认定，建议裁量阶次为“{tier}”"
ITEM_SAME_TIER = "，按该项认定，裁量阶次同为“{tier}”"


def _penalty_key(v: ViolationMatch) -> set[tuple[str, int, int | None]]:
    return {(short_law_name(p.law), p.article, p.paragraph) for p in v.penalty_basis}


def close_candidates(violations: list[ViolationMatch]) -> list[ViolationMatch]:
    """The candidates after the first that are punished by another clause and score within ITEM_MARGIN of it."""
    if len(violations) < 2:
        return []
    first = violations[0]
    return [v for v in violations[1:] if _penalty_key(v) != _penalty_key(first) and first.score - v.score < ITEM_MARGIN]


def item_question(violations: list[ViolationMatch], alternatives: list[ItemOutcome], tier: str) -> str:
    """The question that asks the officer to confirm the violation item, with what the closest other candidate
    would change."""
    by_id = {v.item_id: v for v in violations}
    alt = alternatives[0]
    v = by_id[alt.item_id]
    outcome = (ITEM_OUTCOME if alt.tier != tier else ITEM_SAME_TIER).format(tier=alt.tier)
    return ITEM_QUESTION.format(conduct=v.conduct, basis="、".join(p.cite() for p in v.penalty_basis) or "未载明",
                                outcome=outcome)


def _decide(circumstances: list[Circumstance], provisions: list[Provision], penalty: StatutoryPenalty | None,
            conduct: str, *, facts: str, amounts, profile: Profile, act_date: str | None, as_of: str,
            discovery_date: str | None):
    """The tier the rules give on one item: the crime threshold its provisions set added to the circumstances read,
    the clause's floor for a small base (按…计算) applied before any range is computed (the 减轻 test and the fine see
    one range), then decide_tier. → (circumstances, penalty, decision, floor reasons, floor questions)."""
    suspicion = threshold_by_provisions(provisions, circumstances, facts)
    if suspicion is not None:
        circumstances = sorted(circumstances + [suspicion], key=lambda c: (c.span or (0, 0))[0])
    penalty, floor_reasons, floor_questions = with_computation_floor(penalty, facts, amounts)
    decision = decide_tier(circumstances, penalty=penalty, profile=profile, act_date=act_date, decision_date=as_of,
                           discovery_date=discovery_date, provisions=provisions, conduct=conduct, amounts=amounts)
    return circumstances, penalty, decision, floor_reasons, floor_questions


def answer_statements(statements: list[str], assessment_keys: set[str]) -> list[Statement]:
    """Each point of the party's 陈述申辩: adopted where the engine already relied on the circumstance
    it asserts, otherwise left for the officer to verify against the evidence (never decided here)."""
    out = []
    for point in (s.strip() for s in statements):
        if not point:
            continue
        claimed = {c.key for c in find_circumstances(point) if c.effect in ("mitigating", "exempting")}
        accepted = claimed & assessment_keys
        if accepted:
            out.append(Statement(point=point, adopted=True, reason="所述情节已经查证属实，并已在裁量中予以考虑。"))
        elif claimed:
            out.append(Statement(point=point, adopted=None,
                                 reason="所述情节尚无证据证实，需结合调查取得的证据核实后决定是否采纳。"))
        else:
            out.append(Statement(point=point, adopted=None, reason="该意见不涉及裁量情节，需由办案机构结合证据复核。"))
    return out


# The cause a prior penalty is told with (2025年5月曾因未明码标价被警告): what it was for, in the party's or the
# officers' words; a cause that only points back (因同样的事, 因此类问题, 因为3号机超期没检) says nothing of its kind.
# (the penalty told a clause later: 因产品标签未标注许可证编号，经责令改正逾期未改，被我局罚款500元)
_PRIOR_CAUSE = re.compile(r"(?:因|由于)(?P<cause>[^，,。；;]{2,30}?)(?:而)?(?:[，,][^，,。；;]{0,16}[，,])?(?:被|受|接受|领|吃|挨)")
# (…因为3号机超期没检被罚过: a unit of the same equipment, named by its number, points back to the present one's kind)
_POINTS_BACK = re.compile(r"同样|同一|同类|相同|类似|一样|这|此|那|上述|该|本案|同种"
                          r"|(?<![0-9])[0-9一二三四五六七八九十]{1,2}号(?:机|枪|秤|台|柜|梯|炉|罐|车|摊|店)?|另一(?:台|个|把|部)")
PRIOR_KIND_DEPTH = 3


def _item_laws(meta: dict) -> set[str]:
    from retriever.search import item_provisions

    return {short_law_name(p["law"]) for p in item_provisions(meta)}


# 食品安全法第一百二十七条: the penalties for 食品生产加工小作坊、食品摊贩等 are the province's (第三十六条第三款 leaves their rules to
# it). A national food item found for such a party (连锁门店 aside) keeps its tier, but its range is the statute's, not the
# one that applies: the officer is told, and the range is marked.
_SMALL_FOOD_TRADE = re.compile(r"(?<!不属于)(?<!不是)(?<!并非)(?<!非)(?:食品(?:生产加工)?小作坊|小作坊|食品摊贩|摊贩|小摊点|小餐饮)")
_FOOD_FINE_ARTICLES = range(122, 127)  # 第一百二十二至一百二十六条: the fines 第一百二十七条 hands to the provinces


def _delegated_to_province(facts: str, primary: ViolationMatch | None) -> str:
    if primary is None or not primary.penalty_basis:
        return ""
    basis = primary.penalty_basis[0]
    if short_law_name(basis.law) != "食品安全法" or basis.article not in _FOOD_FINE_ARTICLES:
        return ""
    m = _SMALL_FOOD_TRADE.search(facts)
    if m is None:
        return ""
    return (f"当事人系{m.group(0)}：依《食品安全法》第一百二十七条，对食品生产加工小作坊、食品摊贩等的违法行为的处罚，依照省、自治区、"
            f"直辖市制定的具体管理办法执行；上列罚款幅度是{basis.cite()}的幅度，请按当事人所在省份的规定核定（设置地区后可重新评估）。")


def prior_of_another_kind(circumstances: list[Circumstance], primary: ViolationMatch, retriever, *, on: str,
                          visibility: tuple[str, ...], candidates: list[ViolationMatch] = ()) -> list[Circumstance]:
    """A prior penalty within a year counts against the party only for the same kind of violation (指导意见第十六条
    第（三）项). Where the facts tell what it was for, that cause is searched among the violation items: when its
    closest items agree on a law and none of them rests on a law of the present item (未明码标价 → 价格法,
    明码标价和禁止价格欺诈规定; the present case under 计量法), the prior penalty was of another kind — a prior record
    (not_first_offence, in place of the plain one read from the same words), not a repetition. Under the same law, the
    cause's closest matched items (match_violations) agreeing on a penalty clause none of them shares with the present
    item make it another kind too (后厨人员无健康证明, 第一百二十六条, against a licence lapsed, 第一百二十二条).
    A law the present facts' own candidate items also reach (`candidates`: 擅自提高储值会员扣费标准 → the price rules,
    which the present 预收款 case's candidates include) tells no other kind: the two readings of the conduct are close,
    and the repetition stands for the officer to weigh."""
    present = laws_of(primary.violated + primary.penalty_basis)
    reached = laws_of(p for v in candidates for p in v.violated + v.penalty_basis)
    present_articles = {(short_law_name(p.law), p.article) for p in primary.penalty_basis}
    if not present:
        return circumstances
    flt = SearchFilter(as_of=on, doc_types=("benchmark",), visibility=visibility)
    out: list[Circumstance] = []
    replaced: set = set()
    for c in circumstances:
        m = _PRIOR_CAUSE.search(c.quote or "") if c.key == "repeat_within_year" and c.source == "text" else None
        cause = m.group("cause") if m else ""
        if len(re.findall(r"[\u4e00-\u9fff]", cause)) < 3 or _POINTS_BACK.search(cause):
            out.append(c)
            continue
        hits = retriever.search(cause, k=PRIOR_KIND_DEPTH, flt=flt)
        found = [_item_laws(h.record.meta) for h in hits]
        laws = set().union(*found)
        # the cause names a kind only when its closest items agree on a law (3号机超期没检 scatters over three laws)
        agreed = any(a & b for i, a in enumerate(found) for b in found[i + 1:])
        # under the same law, another penalty clause is another kind of violation (后厨人员无健康证明, 第一百二十六条,
        # against a licence lapsed, 第一百二十二条) when the cause's closest items agree on that clause
        other_clause, clauses = False, set()
        if laws & present and agreed and present_articles:
            matched = match_violations(cause, retriever, on=on, region=None, visibility=visibility)[:PRIOR_KIND_DEPTH]
            punished = [{(short_law_name(p.law), p.article) for p in v.penalty_basis} for v in matched]
            if punished:
                clauses = punished[0]
                other_clause = (not set().union(*punished) & present_articles
                                and any(clauses & b for b in punished[1:]))
        if not agreed or (laws & present and not other_clause) or (not laws & present and laws & reached):
            out.append(c)
            continue
        kind = ("、".join(f"《{law}》" for law in sorted(laws)) + "调整的违法行为" if not laws & present else
                "、".join(sorted({Provision(law=law, article=article).cite() for law, article in clauses})) + "处罚的违法行为")
        other = make_circumstance("not_first_offence", span=c.span, quote=c.quote)
        other.label += (f"（前次处罚系因“{cause}”，属{kind}，"
                        f"与本案不是同一种违法行为，不作一年内再犯认定；请核实）")
        out.append(other)
        replaced.add(c.span)
    # the plain prior record read from the same words gives way to the one that says why it is no repetition
    return [o for o in out if not (o.key == "not_first_offence" and o.span in replaced and "不是同一种" not in o.label)]


def assess(facts: str, *, retriever, act_date: str | None = None, as_of: str | None = None,
           discovery_date: str | None = None, region: str | None = None, statements: list[str] | None = None,
           overrides: dict[str, bool] | None = None, profile: Profile | None = None,
           visibility: tuple[str, ...] = ("public", "internal"), case_id: str = "", item: str | None = None) -> Assessment:
    """`item`: the item_id of the candidate violation item the officer established (one of the candidates an earlier
    assessment of the same facts listed); the tier and range are then decided on it."""
    as_of = as_of or date.today().isoformat()
    found = find_circumstances(facts)
    semantic, semantic_questions = semantic_circumstances(facts, found)  # second signal; empty without the model
    found = sorted(found + semantic, key=lambda c: (c.span or (0, 0))[0])
    circumstances = apply_overrides(found, overrides)
    # the act's date as the facts give it; an act that ended (continuing, or known only by its end) by its end: the
    # law in force when it ended governs (行政处罚法第三十七条 with 第三十六条第二款)
    stated_act = next((str(c.value) for key in ("act_end_date", "act_date") for c in circumstances if c.key == key), None)
    act_date = act_date or stated_act
    profile = profile or load_profile(region)
    violations = _duties_met_last(match_violations(facts, retriever, on=act_date or as_of, region=region,
                                                   visibility=visibility), circumstances)
    # a narrower instrument's restatement of the item's rule, punished by the same statute, is cited beside it
    violations = add_companions(violations, facts, retriever, on=act_date or as_of)
    violations = add_subject_rules(violations, facts, retriever, on=act_date or as_of)  # 美容美发机构 … 履行经营者义务
    if item:
        if not any(v.item_id == item for v in violations):
            raise ValueError(f"违法行为事项 {item} 不在本案事实的候选事项中："
                             + ("、".join(v.item_id for v in violations) or "（无候选）"))
        violations = [v for v in violations if v.item_id == item] + [v for v in violations if v.item_id != item]
    amounts = amounts_from(circumstances)
    version_note = []
    version_basis: list[Provision] = []
    if not item:
        violations, heavier = _heavier_of_laws_named(violations, facts, retriever, amounts, on=act_date or as_of,
                                                     visibility=visibility)
        if heavier:
            version_note.append(heavier)
            version_basis.append(Provision(law="行政处罚法", article=29))
    primary = violations[0] if violations else None
    penalty = primary.penalty if primary else None
    provisions = (primary.violated + primary.penalty_basis) if primary else []
    laws_as_of: dict[str, str] = {}
    if primary and act_date:
        versions = _versions_of_penalty(retriever, primary)
        if len(versions) > 1:
            try:
                choice = applicable_version(act_date, versions, decision_date=as_of, amounts=amounts)
            except ValueError:  # an act date before every version in the corpus: asked, the current text kept
                choice = None
                version_note.append(f"违法行为发生日期{act_date}早于法规库中该条款的各版本：请核实违法行为发生日期及当时有效的条文。")
            chosen = next((v for v in versions if choice and v.version == choice.version), None)
            if chosen and chosen.penalty is not None:
                penalty = chosen.penalty
            if choice:
                version_note.append(choice.reason)
                version_basis.append(Provision(law="行政处罚法", article=37))
                if choice.rule == "行政处罚法37.新" and primary.penalty_basis:
                    laws_as_of[short_law_name(primary.penalty_basis[0].law)] = as_of
            # the item as the applicable version words and numbers it (反不正当竞争法 2025: 第九条 / 第二十五条 for the
            # 2019 text's 第八条 / 第二十条), where that version's item was derived
            moved = _item_in_version(retriever, primary, chosen) if chosen else None
            if moved is None and chosen is not None and not _item_version(primary):
                # an authored or office item is numbered in one version (商标法 2019 第六十条第二款): in another, its
                # counterparts (2026 第七十四条第二款), as are the other authored items of the same law
                renumbered_items = _authored_renumbered(retriever, violations, chosen.version)
                if renumbered_items is not None:
                    # (the items derived from the clause in the numbering the item was written in punish the same
                    # conduct in the version that does not apply: no alternative to it)
                    from ingest.penalty_clauses import derived_item_article
                    short = retriever.law_names.short_of(primary.penalty_basis[0].law)
                    written = f"{short}@{_numbered_in(retriever, primary, short)}#{primary.penalty_basis[0].article}"
                    violations = [v for v in renumbered_items if derived_item_article(v.item_id) != written]
                    primary = violations[0]
                    provisions = primary.violated + primary.penalty_basis
                    version_note.append(_counterpart_note(chosen.version, primary))
            if moved is not None:
                # (the other version's items of the same article punish the same conduct: no alternative to it)
                from ingest.penalty_clauses import derived_item_article
                old_article = derived_item_article(primary.item_id)  # 反不正当竞争法@2019-04-23#20
                violations = [moved] + [v for v in violations if v.item_id != moved.item_id
                                        and derived_item_article(v.item_id) != old_article]
                primary = violations[0]
                provisions = primary.violated + primary.penalty_basis
                if primary.penalty_basis:
                    version_note.append(_counterpart_note(chosen.version, primary))
    elif primary and primary.penalty_basis and not _item_version(primary):
        # no act date: the version in force on the decision date numbers the authored items (商标法 from 2027-01-01)
        short = retriever.law_names.short_of(primary.penalty_basis[0].law)
        target = version_on(retriever.store, short, as_of)
        renumbered_items = _authored_renumbered(retriever, violations, target)
        if renumbered_items is not None:
            # the fine too is the version's (反不正当竞争法 2025 第二十五条: 一百万元以下, not the 2019 text's 二十万元 floor)
            current = next((v for v in _versions_of_penalty(retriever, primary) if v.version == target), None)
            if current is not None and current.penalty is not None and current.penalty.fines:
                penalty = current.penalty
            violations = renumbered_items
            primary = violations[0]
            provisions = primary.violated + primary.penalty_basis
    if primary:
        circumstances = prior_of_another_kind(circumstances, primary, retriever, on=act_date or as_of,
                                              visibility=visibility, candidates=violations[:PRIOR_KIND_DEPTH])
    as_read = circumstances  # before what the first item's provisions add (a crime threshold)
    rules = dict(facts=facts, amounts=amounts, profile=profile, act_date=act_date, as_of=as_of,
                 discovery_date=discovery_date)
    circumstances, penalty, decision, floor_reasons, floor_questions = _decide(
        as_read, provisions, penalty, _elements(retriever, primary, act_date or as_of) if primary else "", **rules)
    fines = fine_range(penalty, decision.tier, profile, amounts) if penalty else None
    sold_note = _sold_as_goods_value(circumstances, amounts) if fines and "货值金额" in (fines.basis or "") else ""
    if fines and decision.fine_condition:
        fines = fines.model_copy(update={"condition": decision.fine_condition})
    delegated = _delegated_to_province(facts, primary) if fines else ""
    if delegated:
        fines = fines.model_copy(update={"condition": "；".join(x for x in (fines.condition, delegated) if x)})
    # what the rules established (违法行为轻微 inferred, 已过追责期限 …) is shown beside what the facts state
    read = {c.key for c in circumstances}
    circumstances = sorted(circumstances + [c for c in decision.derived if c.key not in read],
                           key=lambda c: (c.span or (0, 0))[0])
    questions = list(decision.questions) + [q for q in semantic_questions if q not in decision.questions]
    # each close candidate decided as the first is, on its current text (从旧兼从轻 is weighed once it is established)
    alternatives = [] if item else [
        ItemOutcome(item_id=v.item_id, tier=d.tier, rule=d.rule) for v in close_candidates(violations)
        for d in [_decide(as_read, v.violated + v.penalty_basis, v.penalty, _elements(retriever, v, act_date or as_of), **rules)[2]]]
    if alternatives:
        questions.insert(0, item_question(violations, alternatives, decision.tier))
    if decision.tier != "移送":
        questions += [q for q in criminal_questions(facts, circumstances) if q not in questions]
    if not violations:
        questions.insert(0, "未能匹配到违法行为事项：请补充违法行为的具体表现（经营何种商品/服务、违反何种义务）。")
    for q in fine_questions(penalty, amounts) + floor_questions:
        if q not in questions:
            questions.append(q)
    # Only comparable cases (same conduct; none below the floor) are listed and compared (类案同罚).
    cases = find_similar_cases(facts, retriever, k=5, violations=violations, visibility=visibility, region=region,
                               circumstances=circumstances, tier=decision.tier)
    consistency = check_consistency(decision.tier, cases, circumstances=circumstances,
                                    fine=(fines.min + fines.max) / 2 if fines and fines.min is not None
                                    and fines.max is not None else None)
    # No-penalty tiers confiscate only what their own rule says (e.g. 食品安全法第136条), via follow_up.
    confiscation = list(penalty.confiscate) if penalty and decision.tier not in ("不予处罚", "免予处罚", "移送") else []
    keys = {c.key for c in circumstances}
    return Assessment(id=case_id, facts=facts, act_date=act_date or "", as_of=as_of, region=region or NATIONAL,
                      violations=violations, circumstances=circumstances, tier=decision.tier,
                      tier_rule=decision.rule, tier_basis=decision.basis + [p for p in version_basis if p not in decision.basis],
                      reasons=(decision.reasons + version_note + (floor_reasons if fines else []) + ([sold_note] if sold_note else [])
                               + ([delegated] if delegated else [])
                               + decision.follow_up),
                      mandatory=decision.mandatory,
                      fine_range=fines, confiscation=confiscation, questions=questions, similar_cases=cases,
                      confirmed=[item] if item else [], item_uncertain=bool(alternatives), alternatives=alternatives,
                      consistency=consistency, statements=answer_statements(statements or [], keys),
                      laws_as_of=laws_as_of)

