"""Product sectors with laws of their own (corpus/sectors.yaml) and whether a text shows one: a violation item or an
article of a sector's law is no reading of facts or a question that show nothing of that sector."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


from core.settings import REPO_ROOT
from core.tables import read_yaml

SECTORS = REPO_ROOT / "corpus" / "sectors.yaml"


def load_sectors(path: Path = SECTORS) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(law short name → its sector, sector → the words that show it: its own words and the everyday words that
    corpus/everyday_terms.yaml maps to one of its terms). A malformed entry is a clear error naming it."""
    return _load(path)[:2]


@lru_cache(maxsize=2)
def _load(path: Path = SECTORS) -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """load_sectors' two maps, and sector → the phrases of other things its words occur inside (`except`: 车行 in
    电动车行 is no car dealer's)."""
    from retriever.tokenize import everyday

    data = read_yaml(path) or {}
    law_sector: dict[str, str] = {}
    words: dict[str, tuple[str, ...]] = {}
    excepts: dict[str, tuple[str, ...]] = {}
    _, mapping = everyday()
    for name, entry in (data.get("sectors") or {}).items():
        if not isinstance(entry, dict) or not entry.get("laws") or not entry.get("words"):
            raise ValueError(f"{path}: sector {name!r} needs 'laws' and 'words'")
        for law in entry["laws"]:
            law_sector[str(law)] = name
        terms = set(entry.get("terms") or [])
        mapped = [w for w, ts in mapping.items() if len(w) > 1 and terms & set(ts)]
        words[name] = tuple(dict.fromkeys([str(w) for w in entry["words"]] + mapped))
        excepts[name] = tuple(str(w) for w in entry.get("except") or [])
    return law_sector, words, excepts


def _shows(text: str, word: str, except_: tuple[str, ...]) -> bool:
    """Whether `word` occurs in `text` apart from every phrase of `except_` (touching none of them)."""
    if not except_:
        return word in text
    covered = [(m.start(), m.end()) for e in except_ for m in re.finditer(re.escape(e), text)]
    return any(not any(a < m.end() and m.start() < b for a, b in covered) for m in re.finditer(re.escape(word), text))


def sectors_shown(facts: str) -> set[str]:
    """The product sectors whose words the facts use (a case's facts: without_analogies first — a toy seller's plea
    that food sellers are not fined shows no food)."""
    _, words, excepts = _load()
    return {name for name, ws in words.items() if any(_shows(facts, w, excepts[name]) for w in ws)}


# A clause that likens the case to another kind of goods or law, or argues an exemption (卖食品的能说清来源就可以免罚,
# 唐某问能不能跟卖食品一样免罚, 食品安全法第一百三十六条不能类推适用): an analogy word, hearsay of what sellers of some kind
# may do (听说卖食品的…), or a plea of 免罚 — the words of the goods are told elsewhere in the facts
# (a clause of a few words only, spaces ending it too: notes without punctuation are one long clause)
_ANALOGY = re.compile(r"(?<![^，,。；;：:\s])[^，,。；;：:\s]{0,30}(?:(?<!对)比照|参照|类比|照搬|类推|听(?:说|讲)(?:卖|做|经营)[^，,。；;\s]{1,8}的"
                      r"|免罚|免予(?:行政)?处罚|不予(?:行政)?处罚)[^，,。；;\s]{0,30}(?![^，,。；;\s])")


def foreign(law: str, shown: set[str]) -> bool:
    """Whether `law` (a short name) is a sector's own law and the text (its `sectors_shown`) shows nothing of it."""
    sector = load_sectors()[0].get(law)
    return sector is not None and sector not in shown


def analogy_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` likens the case to another sector's or pleads an exemption with a sector's words (_ANALOGY;
    建议不予行政处罚 alone names no sector and is none)."""
    return [m.span() for m in _ANALOGY.finditer(text) if sectors_shown(m.group(0))]


def without_analogies(text: str) -> str:
    """`text` less its analogy_spans."""
    kept, at = [], 0
    for start, end in analogy_spans(text):
        kept.append(text[at:start])
        at = end
    return "".join(kept) + text[at:]
