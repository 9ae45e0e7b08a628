"""Rules that restate a statute's rule for a narrower subject and are punished under the statute (配套规定).

《食用农产品市场销售质量安全监督管理办法》第十五条 forbids selling 食用农产品 "of the kinds 食品安全法第三十四条 names",
and its 第四十二条 punishes that "依照食品安全法有关规定"; a decision on pesticide-laden cowpeas therefore cites both
(违反食品安全法第三十四条第（二）项和办法第十五条，依据食品安全法第一百二十四条和办法第四十二条). The item the
facts matched is the statute's; `add_companions` adds such a rule and its penalty article beside it when

* the rule's text cites one of the item's conduct rules (《食品安全法》第三十四条 in 办法第十五条: the statute graph of
  ingest/provision_refs.py, read from the texts in force on the act date);
* an article of the same instrument punishes a breach of that rule by the statute ("违反本办法第十五条规定 … 依照食品
  安全法 … 处罚"): the instrument adds no penalty of its own, so the tier and the range stay the statute's;
* the facts show the instrument's narrower subject: a term of its title (食用农产品) that the statute's name lacks,
  in the facts or in their everyday words (corpus/everyday_terms.yaml: 蔬菜, 农贸市场 → 食用农产品). An instrument
  whose title names no such term gets no companion.

The companions are appended after the item's own provisions (the fine range and tier read the first penalty
clause, the statute's); nothing here reads an evaluation set.

A law's own article that extends its duties to a subject it does not otherwise name (化妆品监督管理条例第四十二条: 美容美发机构、
宾馆等…履行化妆品经营者义务) is cited beside an item of that law when the facts name the subject (`add_subject_rules`,
corpus/rules/subject_rules.yaml).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from pydantic import BaseModel, Field

from core.lawnames import laws_of, short_law_name
from core.models import Provision, ViolationMatch
from core.settings import REPO_ROOT
from core.tables import load_entries
from ingest.provision_refs import find_refs
from retriever.tokenize import everyday

SUBJECT_RULES = REPO_ROOT / "corpus" / "rules" / "subject_rules.yaml"

NOT_CITED = {"行政处罚法"}
MIN_TERM = 3  # a subject term of the title: 食用农产品, 网络交易 — not 食品 or 市场


_BORROWED = re.compile(r"依照(?:《)?(?:中华人民共和国)?([\u4e00-\u9fff]{2,20}?(?:法|条例))(?:》)?")


@lru_cache(maxsize=4)
def _links(retriever) -> dict[tuple[str, int], list[tuple[str, int, int]]]:
    """(statute, article) → (instrument, rule, penalty article) for each rule of another instrument whose text cites
    the statute's article and whose breach an article of the instrument punishes by that statute ("违反本办法第X条
    规定…依照<statute>…处罚"). Built once per retriever from the law texts of every version."""
    cites: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    punished: dict[tuple[str, int, str], set[int]] = defaultdict(set)  # (instrument, rule, statute) → penalty articles
    for record in retriever.store.iter_records("law"):
        if not record.article or not record.text:
            continue
        own, article = record.short_name, int(record.article)
        cites_other = re.search(r"法第|条例第", record.text) is not None
        statutes = ({short_law_name(m.group(1)) for m in _BORROWED.finditer(record.text)} - {own, *NOT_CITED}
                    if "违反本" in record.text and "处罚" in record.text else set())
        if not (cites_other or statutes):
            continue
        for ref in find_refs(record.text, own, article, None):
            law, number = short_law_name(ref.provision.law), ref.provision.article
            if not number:
                continue
            if cites_other and law not in (own, *NOT_CITED):
                cites[(law, number)].add((own, article))
            elif law == own and number != article:
                for statute in statutes:
                    punished[(own, number, statute)].add(article)
    out: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    for (statute, article), rules in cites.items():
        kept = sorted((law, rule, pen) for law, rule in rules for pen in punished.get((law, rule, statute), ()))
        if kept:
            out[(statute, article)] = kept
    return out


@lru_cache(maxsize=1)
def _terms() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(every statutory term of the everyday vocabulary, term → the everyday words that show it)."""
    _, mapping = everyday()
    shown: dict[str, list[str]] = defaultdict(list)
    for word, terms in mapping.items():
        for term in terms:
            if len(word) > 1:
                shown[term].append(word)
    return frozenset(t for ts in mapping.values() for t in ts), {k: tuple(v) for k, v in shown.items()}


def subject_terms(instrument: str, statute: str) -> set[str]:
    """The terms of the instrument's title that narrow it against the statute (食用农产品 for the 食用农产品 办法
    against 食品安全法)."""
    terms, _ = _terms()
    return {t for t in terms if len(t) >= MIN_TERM and t in instrument and t not in statute}


def subject_shown(facts: str, terms: set[str]) -> bool:
    _, words = _terms()
    return any(t in facts or any(w in facts for w in words.get(t, ())) for t in terms)


def add_companions(violations: list[ViolationMatch], facts: str, retriever, *, on: str) -> list[ViolationMatch]:
    """`violations` with, for each, the narrower instruments' rules that restate one of its conduct rules and are
    punished by its statute, when the facts show that narrower subject (see the module docstring)."""
    if not violations:
        return violations
    links = _links(retriever)
    out = []
    for v in violations:
        violated, basis = list(v.violated), list(v.penalty_basis)
        have = {(short_law_name(p.law), p.article) for p in violated + basis}
        for p in v.violated:
            statute = short_law_name(p.law)
            for instrument, rule, penalty in links.get((statute, p.article), []):
                if (instrument, rule) in have or not subject_shown(facts, subject_terms(instrument, statute)):
                    continue
                rule_records = retriever.store.article(instrument, rule, on=on)[:1]
                penalty_records = retriever.store.article(instrument, penalty, on=on)[:1]
                if not rule_records or not penalty_records:
                    continue  # not in force on the act date
                violated.append(Provision(law=instrument, article=rule, version=rule_records[0].version))
                if (instrument, penalty) not in have:
                    basis.append(Provision(law=instrument, article=penalty, version=penalty_records[0].version))
                have |= {(instrument, rule), (instrument, penalty)}
        out.append(v if len(violated) == len(v.violated) else v.model_copy(update={"violated": violated,
                                                                                  "penalty_basis": basis}))
    return out


class SubjectRule(BaseModel):
    law: str
    article: int
    paragraph: int | None = None
    subjects: list[str] = Field(min_length=1)
    note: str = ""


@lru_cache(maxsize=2)
def load_subject_rules(path=SUBJECT_RULES) -> tuple[SubjectRule, ...]:
    """The table's entries; a malformed entry is a clear error naming it."""
    return tuple(load_entries(path, SubjectRule))


def add_subject_rules(violations: list[ViolationMatch], facts: str, retriever, *, on: str,
                      rules: tuple[SubjectRule, ...] | None = None) -> list[ViolationMatch]:
    """`violations` with, for each, its law's articles that extend the duties to a subject the facts name (see the
    module docstring), appended to the rules broken when in force on `on`."""
    rules = load_subject_rules() if rules is None else rules
    out = []
    for v in violations:
        laws = laws_of(v.violated + v.penalty_basis)
        have = {(short_law_name(p.law), p.article) for p in v.violated}
        added = []
        for rule in rules:
            if rule.law not in laws or (rule.law, rule.article) in have or not any(w in facts for w in rule.subjects):
                continue
            records = retriever.store.article(rule.law, rule.article, on=on)[:1]
            if records:
                added.append(Provision(law=rule.law, article=rule.article, paragraph=rule.paragraph,
                                       version=records[0].version))
        out.append(v.model_copy(update={"violated": list(v.violated) + added}) if added else v)
    return out
