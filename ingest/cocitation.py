"""Conduct rules the statute leaves unnamed, taken from the published decisions that cite them.

Two of three penalty clauses derived from the statutes name no conduct rule: 食品安全法第一百二十二条 says
"违反本法规定，未取得食品生产经营许可…", not "违反本法第三十五条". Officers cite the pair all the same, and the
published decisions in `corpus/cases/` record it: 违反《食品安全法》第三十五条第一款，依据第一百二十二条第一款.
`complete_conduct_rules` adds, to a derived item that names no conduct rule, the rules that decisions cite
beside its penalty clause:

* only dated decisions, for the law version in force on their date and for any other version whose clause
  and rule read the same (a 修正 that kept the numbering; a renumbered revision gets no edge from older cases);
* where a decision cites the penalty down to its 项, only that item; where the clause has one item, that item;
  otherwise the item whose conduct shares most words with the cited rule's text, when it clearly does
  (`MIN_SHARE`, `MARGIN`);
* the 行政处罚法 (cited for the tier, not the conduct) never counts;
* at most `MAX_RULES` rules per item, the most often cited first; the item's note says where they come from.

Nothing here reads an evaluation set; the edges are as good as the decisions collected.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Iterable, Optional

from core.lawnames import short_law_name
from core.models import CaseRecord, Provision, ViolationItem
from core.records import Record, in_force
from core.text import cjk_bigrams

NOT_CONDUCT_LAWS = {"行政处罚法"}
MAX_RULES = 2
MIN_SHARE = 0.2  # share of the item's conduct words (IDF-weighted bigrams) found in the cited rule's text
MARGIN = 0.05  # … and ahead of the next item of the same clause by at least this
NOTE = "违反条款据{n}件已公开案例的引用补充"

def complete_conduct_rules(items: list[ViolationItem], cases: Iterable[CaseRecord],
                           laws: Iterable[Record]) -> list[ViolationItem]:
    """`items` with conduct rules added from the decisions in `cases` (see the module docstring); the
    items that name their rules, or that no decision supports, come back unchanged."""
    index = _Index(items, laws)
    added: dict[int, Counter] = defaultdict(Counter)
    for case in cases:
        day = _day(case.date)
        if not day:
            continue  # undated: the version it cites cannot be told
        rules = [(short_law_name(v.law), v.article) for v in case.provisions.violated
                 if short_law_name(v.law) not in NOT_CONDUCT_LAWS]
        penalties = [(short_law_name(p.law), p.article, p.item) for p in case.provisions.penalty_basis
                     if short_law_name(p.law) not in NOT_CONDUCT_LAWS]
        for rule in rules:
            fits = [(index.fit(penalty, rule, day), penalty) for penalty in penalties if penalty[:2] != rule]
            fits = [(fit, penalty) for fit, penalty in fits if fit > 0.0]
            if len(fits) > 1:  # several violations in one decision: the rule goes with the clause it fits best
                fits = [max(fits)]
            for _, (law, article, item_no) in fits:
                for version in index.versions(law, article, rule, day):
                    target = index.choose(law, version, article, item_no, rule, day)
                    if target is not None:
                        added[target][(rule[0], rule[1], version if rule[0] == law else "")] += 1
    out = list(items)
    for i, counts in added.items():
        item = items[i]
        if item.violated:
            continue
        top = counts.most_common(MAX_RULES)
        rules = [Provision(law=law, article=article, version=version) for (law, article, version), _ in top]
        out[i] = item.model_copy(update={"violated": rules, "violated_source": "decisions", "note": "；".join(
            filter(None, [item.note, NOTE.format(n=sum(c for _, c in top))]))})
    return out


class _Index:
    """The law texts by version and the derived items by penalty clause, for matching decisions to items."""

    def __init__(self, items: list[ViolationItem], laws: Iterable[Record]):
        self.items = items
        self.spans: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # law → [(version, effective, expires)]
        parts: dict[tuple[str, str, int], list[str]] = defaultdict(list)
        seen = set()
        for r in laws:
            if r.doc_type != "law" or r.article is None or r.meta.get("amendment"):
                continue
            if (r.short_name, r.version) not in seen:
                seen.add((r.short_name, r.version))
                self.spans[r.short_name].append((r.version, r.effective or "", r.expires or ""))
            if not r.article_suffix:
                parts[(r.short_name, r.version, r.article)].append(r.text)
        self.texts = {k: "\n".join(v) for k, v in parts.items()}
        self.idf = _idf(self.texts.values())
        self.clauses: dict[tuple[str, str, int], list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            if item.origin == "derived" and item.penalty_basis:
                b = item.penalty_basis[0]
                self.clauses[(b.law, item.version, b.article)].append(i)

    def version_on(self, law: str, day: str) -> Optional[str]:
        return next((v for v, eff, exp in self.spans.get(law, []) if day and in_force(eff, exp, False, day)), None)

    def text(self, law: str, version: Optional[str], article: int) -> str:
        return self.texts.get((law, version or "", article), "")

    def versions(self, law: str, article: int, rule: tuple[str, int], day: str) -> list[str]:
        """The versions of the penalty clause the decision speaks for: the one in force on its date, and every
        other whose clause and (same-law) rule read as in that one (a 修正 that kept the numbering)."""
        own = self.version_on(law, day)
        out = []
        if own is None:  # dated before (or after) every version in the corpus: the numbering then is not known
            return out
        for version, _, _ in self.spans.get(law, []):
            if (law, version, article) not in self.clauses:
                continue
            if version == own:
                out.append(version)
                continue
            same_clause = _similar(self.text(law, own, article), self.text(law, version, article))
            same_rule = rule[0] != law or _similar(self.text(law, own, rule[1]), self.text(law, version, rule[1]))
            if same_clause and same_rule:
                out.append(version)
        return out

    def rule_text(self, rule: tuple[str, int], penalty_law: str, version: str, day: str) -> str:
        law, article = rule
        return self.text(law, version if law == penalty_law else self.version_on(law, day), article)

    def fit(self, penalty: tuple[str, int, Optional[int]], rule: tuple[str, int], day: str) -> float:
        """How well a cited rule fits a cited penalty clause: the best share of an item's conduct words found
        in the rule (0 when the clause has no item or the rule no text)."""
        law, article, _ = penalty
        best = 0.0
        for version in self.versions(law, article, rule, day):
            have = cjk_bigrams(self.rule_text(rule, law, version, day))
            for i in self.clauses[(law, version, article)]:
                best = max(best, _share(cjk_bigrams(self.items[i].conduct), have, self.idf))
        return best

    def choose(self, law: str, version: str, article: int, item_no: Optional[int], rule: tuple[str, int],
               day: str) -> Optional[int]:
        """The item of a penalty clause a cited rule belongs to (see the module docstring)."""
        members = self.clauses[(law, version, article)]
        live = [i for i in members if not self.items[i].violated]
        if item_no is not None:
            return next((i for i in live if self.items[i].penalty_basis[0].item == item_no), None)
        if len(members) == 1:
            return live[0] if live else None
        have = cjk_bigrams(self.rule_text(rule, law, version, day))
        scored = sorted(((_share(cjk_bigrams(self.items[i].conduct), have, self.idf), i) for i in members),
                        reverse=True)
        best, chosen = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        return chosen if best >= MIN_SHARE and best - second >= MARGIN and chosen in live else None


def _day(value: str) -> str:
    """A decision's date as YYYY-MM-DD ('2023-10' → '2023-10-01', '2024' → '2024-01-01'); '' when none."""
    value = (value or "").strip()[:10]
    if re.fullmatch(r"\d{4}", value):
        return value + "-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value + "-01"
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""


def _similar(a: str, b: str, threshold: float = 0.6) -> bool:
    x, y = cjk_bigrams(a), cjk_bigrams(b)
    return bool(x and y) and len(x & y) / len(x | y) >= threshold


def _idf(docs: Iterable[str]) -> dict[str, float]:
    df: Counter = Counter()
    n = 0
    for text in docs:
        n += 1
        df.update(cjk_bigrams(text))
    return {b: math.log((n + 1) / (c + 1)) for b, c in df.items()}


def _share(wanted: set[str], have: set[str], idf: dict[str, float]) -> float:
    total = sum(idf.get(b, 0.0) for b in wanted)
    return sum(idf.get(b, 0.0) for b in wanted & have) / total if total else 0.0
