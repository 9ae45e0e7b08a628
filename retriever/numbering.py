"""Article numbers across the versions of one law. A revision may renumber it (反不正当竞争法 2025; 商标法 2026, in force
2027-01-01: the 2019 text's 第五十七条 and 第六十条 are its 第七十二条 and 第七十四条, and its own 第五十七条 and 第六十条 are
other rules), so a provision written against one version is found in another by its text, not its number: an item
authored against the 2019 text, a worked question's gold, an act judged under the version in force when it was done."""
from __future__ import annotations

import re
from typing import Callable

from core.numerals import cn_to_int_or_zero
from core.text import cjk_bigrams
from ingest.penalty_clauses import split_paragraphs


# A revision may renumber a law (反不正当竞争法 2025: the 2019 text's 第二十条 on 虚假宣传 is 第二十五条): the counterpart of
# an article in another version is the same number where the text stays alike, else the article of that version
# whose text is most alike, when it is alike enough. Likeness: the share of character bigrams in common (Jaccard),
# the articles' own numbers and the numbers they cite left out (第八条 → 第九条 is the renumbering itself).
SAME_ARTICLE = 0.5
REWRITTEN_ARTICLE = 0.25
_NUMBERING = re.compile(r"第[一二三四五六七八九十百零〇\d]+条(?:之[一二三四五六七八九十]+)?")


def _likeness(a: str, b: str) -> float:
    x, y = cjk_bigrams(_NUMBERING.sub("", a)), cjk_bigrams(_NUMBERING.sub("", b))
    return len(x & y) / len(x | y) if x and y else 0.0


def counterpart_article(store, short: str, article: int, suffix: int, from_version: str,
                        to_version: str) -> tuple[int | None, int]:
    """(article, suffix) in `to_version` that corresponds to `article` of `from_version` (see SAME_ARTICLE); the same
    number where the source version is unknown or the texts cannot be read; (None, 0) where no article is alike."""
    if not from_version or from_version == to_version:
        return article, suffix
    source = "\n".join(r.text for r in store.article(short, article, suffix=suffix, version=from_version))
    same = "\n".join(r.text for r in store.article(short, article, suffix=suffix, version=to_version))
    if not source or (same and _likeness(source, same) >= SAME_ARTICLE):
        return article, suffix
    texts: dict[tuple[int, int], list[str]] = {}
    for record in store.law_records(short, to_version):
        if record.article:
            texts.setdefault((int(record.article), int(record.article_suffix or 0)), []).append(record.text)
    scored = sorted(((_likeness(source, "\n".join(parts)), key) for key, parts in texts.items()), reverse=True)
    for likeness, key in scored:
        if likeness < SAME_ARTICLE:
            break
        # a match both ways: the other article is no better told by its own number in the source version (a rewritten
        # 第十一条 is not the untouched 第三条 whose wording it shares)
        own = "\n".join(r.text for r in store.article(short, key[0], suffix=key[1], version=from_version))
        if key == (article, suffix) or not own or _likeness(own, "\n".join(texts[key])) < likeness:
            return key
    # rewritten rather than moved: the same number, where its text still shares a good part of the old one
    if same and _likeness(source, same) >= REWRITTEN_ARTICLE:
        return article, suffix
    # a penalty clause rewritten and moved (反不正当竞争法 2019 第十九条 → 2025 第二十四条, its amounts and a paragraph
    # changed): the one clause of `to_version` that punishes the counterpart of the rule the source punishes
    return _by_reference(store, short, source, from_version, to_version) or (None, 0)


# the rule of the same law a penalty clause punishes (违反本法第七条规定贿赂他人的)
_PUNISHES = re.compile(r"违反本(?:法|条例|办法|规定)第([一二三四五六七八九十百零〇]+|\d+)条")


def _punished(text: str) -> set[int]:
    out = set()
    for m in _PUNISHES.finditer(text):
        number = cn_to_int_or_zero(m.group(1))  # (0: 第一百二一条 in a badly typed text)
        if number:
            out.add(number)
    return out


def _by_reference(store, short: str, source: str, from_version: str, to_version: str) -> tuple[int, int] | None:
    """The article of `to_version` that punishes the counterparts of the rules `source` punishes (违反本法第七条 →
    违反本法第八条), where exactly one does and it punishes nothing else; None otherwise."""
    rules = _punished(source)
    if not rules:
        return None
    moved = set()
    for rule in rules:
        number, _ = counterpart_article(store, short, rule, 0, from_version, to_version)
        if number is None:
            return None
        moved.add(number)
    found = []
    for record in store.law_records(short, to_version):
        if record.article and _punished(record.text) == moved:
            found.append((int(record.article), int(record.article_suffix or 0)))
    found = list(dict.fromkeys(found))
    return found[0] if len(found) == 1 else None


def same_reference(old: str, new: str, store, short: str, from_version: str, to_version: str) -> bool:
    """Whether `new` (of `to_version`) punishes the counterparts of exactly the rules `old` punishes."""
    rules = _punished(old)
    if not rules:
        return False
    moved = {counterpart_article(store, short, rule, 0, from_version, to_version)[0] for rule in rules}
    return None not in moved and _punished(new) == moved


def item_words(conduct: str, penalty: dict) -> str:
    """The words of a violation item that name its clause (its conduct, the penalty's other sanctions and what it
    confiscates), read against each version's article by numbered_in."""
    return " ".join([conduct, *(penalty.get("other") or []), *(penalty.get("confiscate") or [])])


def numbered_in(store, short: str, article: int, suffix: int, words: str) -> str:
    """The version whose article `article` reads most like `words` (an item's conduct and penalty): the version an
    authored or office item's numbers belong to. An item written against 商标法 2019 cites 第六十条第二款; in the 2026
    revision 第六十条 is another rule. "" where the law has one version only or none stands out."""
    wanted = cjk_bigrams(words)
    scores = []
    for version, *_ in store.versions(short):
        text = "\n".join(r.text for r in store.article(short, article, suffix=suffix, version=version))
        scores.append((len(wanted & cjk_bigrams(text)) / len(wanted) if wanted and text else 0.0, version))
    if len(scores) < 2:
        return ""
    scores.sort(reverse=True)
    return scores[0][1] if scores[0][0] > scores[1][0] else ""


def version_on(store, short: str, on: str) -> str:
    """The version of `short` in force on `on` (ISO date); "" where none is."""
    for version, effective, expires, repealed in reversed(store.versions(short)):
        if (not effective or effective <= on) and (not expires or on < expires) and not repealed:
            return version
    return ""


def _unit(store, short: str, article: int, suffix: int, paragraph: int | None, item: int | None, version: str) -> str:
    """The text of an article, or of its 款 or 项, in `version`; "" where it has no such unit."""
    text = "\n".join(r.text for r in store.article(short, article, suffix=suffix, version=version))
    if not text or not paragraph:
        return text
    paragraphs = split_paragraphs(text)
    if paragraph > len(paragraphs):
        return ""
    chosen = paragraphs[paragraph - 1]
    if not item:
        return chosen.text
    return chosen.items[item - 1] if item <= len(chosen.items) else ""


def renumbered(store, short: str, provisions: list[dict], from_version: str, to_version: str,
               short_of: Callable[[str], str]) -> list[dict] | None:
    """`provisions` (dicts with law, article, article_suffix, paragraph, item) of law `short` as `to_version` numbers
    them, read in `from_version`: each moved to its counterpart article, its 款 and 项 kept where they read alike
    (SAME_ARTICLE), with `version` set; another law's provisions unchanged. None where one has no counterpart or its
    款/项 does not read alike there: then the caller keeps the numbers it has."""
    out = []
    for p in provisions:
        if short_of(str(p.get("law", ""))) != short or not p.get("article"):
            out.append(p)
            continue
        article, suffix = int(p["article"]), int(p.get("article_suffix") or 0)
        number, new_suffix = counterpart_article(store, short, article, suffix, from_version, to_version)
        if number is None:
            return None
        old = _unit(store, short, article, suffix, p.get("paragraph"), p.get("item"), from_version)
        new = _unit(store, short, number, new_suffix, p.get("paragraph"), p.get("item"), to_version)
        if not old or not new or (_likeness(old, new) < SAME_ARTICLE
                                  and not same_reference(old, new, store, short, from_version, to_version)):
            return None
        out.append({**p, "article": number, "article_suffix": new_suffix, "version": to_version})
    return out
