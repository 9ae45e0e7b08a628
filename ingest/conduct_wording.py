"""Conduct rules the statute leaves unnamed and no decision cites, matched by the statute's own wording.

A derived item whose penalty clause says "违反本法规定，有下列行为之一…（一）使用特种设备未按照规定办理使用登记"
names no conduct rule, and `cocitation` adds one only where published decisions cite the pair. The rule the item
punishes is, as a rule, the article of the same law (same version) that imposes the duty in the same words: the
item's conduct is that duty's breach. `complete_by_wording` adds to an item still without a conduct rule the
article of its own law whose text holds most of the item's conduct words (IDF-weighted bigrams, as in
`cocitation`), when it clearly does:

* candidates are the law's own articles outside its 总则 (scope and principles, not duties), 法律责任 / 罚则 and
  附则 chapters (in a law without chapters, the articles that impose no penalty), never a penalty clause from
  which items were derived;
* the best must hold at least `MIN_SHARE` of the conduct words and lead the next article by `MARGIN`;
* the item is marked `violated_source="wording"`: assessments and drafts show the rule as one to check, and
  the search neither follows it (statute graph, items → articles) nor indexes it in the item's text.

Nothing here reads an evaluation set.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from core.lawnames import PENALTY_CHAPTER
from core.models import Provision, ViolationItem
from core.records import Record
from core.text import cjk_bigrams
from ingest.cocitation import _idf, _share

MIN_SHARE = 0.4
MARGIN = 0.08
OUTSIDE_RE = re.compile(r"总则|附则")
PENALTY_WORDS_RE = re.compile(r"罚款|吊销|没收违法所得|责令停产停业|给予[^，；。]{0,6}处分|追究刑事责任")


def complete_by_wording(items: list[ViolationItem], laws: Iterable[Record]) -> list[ViolationItem]:
    """`items` with a conduct rule added, by wording, to each derived item that has none (module docstring)."""
    texts: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    chapters: dict[tuple[str, str, int], str] = {}
    for r in laws:
        if r.doc_type != "law" or r.article is None or r.article_suffix or r.meta.get("amendment"):
            continue
        key = (r.short_name, r.version, r.article)
        texts[key].append(r.text)
        chapters[key] = "".join(r.chapter_path)
    joined = {k: "\n".join(v) for k, v in texts.items()}
    idf = _idf(joined.values())
    clauses = {(b.law, i.version, b.article) for i in items if i.origin == "derived" for b in i.penalty_basis[:1]}
    with_chapters = {k[:2] for k, c in chapters.items() if PENALTY_CHAPTER.search(c)}
    candidates: dict[tuple[str, str], list[tuple[int, set[str]]]] = defaultdict(list)
    for key, text in joined.items():
        if key in clauses or OUTSIDE_RE.search(chapters[key]):
            continue
        if key[:2] in with_chapters:
            if PENALTY_CHAPTER.search(chapters[key]):
                continue
        elif PENALTY_WORDS_RE.search(text):
            continue
        candidates[key[:2]].append((key[2], cjk_bigrams(text)))
    out = []
    for item in items:
        if item.violated or item.origin != "derived" or not item.penalty_basis:
            out.append(item)
            continue
        basis = item.penalty_basis[0]
        wanted = cjk_bigrams(item.conduct)
        scored = sorted(((_share(wanted, have, idf), article) for article, have in candidates.get((basis.law, item.version), [])),
                        reverse=True)
        if not scored:
            out.append(item)
            continue
        best, article = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        if best < MIN_SHARE or best - second < MARGIN:
            out.append(item)
            continue
        rule = Provision(law=basis.law, article=article, version=item.version)
        out.append(item.model_copy(update={"violated": [rule], "violated_source": "wording"}))
    return out
