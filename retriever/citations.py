"""Legal citations in text: 《中华人民共和国行政处罚法》第三十三条第二款, 食品安全法第136条,
依据本法第十条, 第十六条、第十九条, 同法第N条 … and loose query forms (食安法136条, 广告法 9).

Spans index the text as given, so a UI can highlight or replace `text[span[0]:span[1]] == raw`.
A chain such as 第二十条第一款、第二款 gives two citations whose spans do not overlap: the second
covers only 第二款 (its article comes from the chain).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from pydantic import BaseModel

from core.numerals import cn_to_int, normalize_digits, provision_label
from retriever.law_names import TITLE_ENDINGS, LawNames, is_regional_title

# Spaces inside a citation; a line break always ends one (a heading line is not a law name).
_SP = r"[ \t\u3000\xa0]*"
_NUM = r"[0-9]+|[零〇一二两三四五六七八九十百千]+"
_REF = re.compile(
    rf"第{_SP}(?:[（(]{_SP}(?P<bnum>{_NUM}){_SP}[)）]{_SP}(?P<bkind>项)"
    rf"|(?P<num>{_NUM}){_SP}(?:(?P<kind>条)(?:{_SP}之{_SP}(?P<suf>[一二三四五六七八九十]+))?|(?P<kind2>款|项)))"
)
_CONNECTOR = re.compile(rf"{_SP}(?:、|和|及|以及|或者|或|与|至|到|、以及){_SP}")
_DIRECT = re.compile(_SP)
_BRACKET_BEFORE = re.compile(rf"《(?P<title>[^《》\n]{{1,120}})》{_SP}(?:[（(][^（）()\n]{{1,24}}[)）])?{_SP}$")
_SELF_BEFORE = re.compile(rf"本(?:法|条例|办法|规定|细则|规则|决定|解释|准则|规范){_SP}$")
_SAME_BEFORE = re.compile(rf"(?:同|该)(?:法|条例|办法|规定|细则|规则){_SP}$|(?:上述|前述)法律{_SP}$")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
# Verbs that end the words before a law name (cut points when guessing an unknown title's extent).
_LEAD_VERBS = ("依据", "根据", "违反", "依照", "按照", "适用", "参照", "对照", "符合", "属于", "构成",
               "执行", "引用", "援引", "触犯", "规定", "了")
# What may stand right before a known name; anything else means the name is the tail of a longer
# word or title (食品经营许可法 is not 许可法), which is then treated as an unknown title.
_NAME_BOUNDARY = _LEAD_VERBS + ("关于", "对于", "现行", "新", "原", "修订后", "修正后", "修改后",
                                "的", "是", "即", "对", "按", "依", "据", "经", "和", "及", "与", "或",
                                "并", "在", "为", "以", "由", "见", "用")
_GENERIC_STARTS = ("有关", "相关", "上述", "前述", "下列", "以下", "其他", "其它", "本", "该", "同", "前",
                   "原", "此")
_CJK = re.compile(r"[\u4e00-\u9fff〈〉]")


class Citation(BaseModel):
    law_text: str = ""  # the law as written: 食品安全法 / 中华人民共和国行政处罚法 / 本法 / 同法 / ""
    law: str = ""  # resolved full title; a regional title as written; "" when unknown
    short_name: str = ""
    article: int
    article_suffix: int = 0  # 之一 → 1
    paragraph: Optional[int] = None  # 款
    item: Optional[int] = None  # 项
    span: tuple[int, int]
    raw: str

    def label(self) -> str:
        """第一百二十四条第一款第（五）项 (article labels the way laws write them)."""
        return provision_label(self.article, self.article_suffix, self.paragraph, self.item)

    def canonical(self) -> str:
        """《中华人民共和国食品安全法》第一百二十四条第一款第（五）项 (law part empty when unknown)."""
        return (f"《{self.law}》" if self.law else "") + self.label()


@dataclass(frozen=True)
class _Ref:
    kind: str
    number: int
    suffix: int
    start: int
    end: int


def _refs(norm: str, masked: list[tuple[int, int]]) -> list[_Ref]:
    out: list[_Ref] = []
    for m in _REF.finditer(norm):
        if any(a <= m.start() < b for a, b in masked):
            continue
        kind = m["kind"] or m["kind2"] or m["bkind"]
        try:
            number = cn_to_int(m["num"] or m["bnum"])
            suffix = cn_to_int(m["suf"]) if m["suf"] else 0
        except ValueError:
            continue
        if number <= 0:
            continue
        out.append(_Ref(kind=kind, number=number, suffix=suffix, start=m.start(), end=m.end()))
    return out


def _chains(norm: str, refs: list[_Ref]) -> list[list[tuple[_Ref, bool]]]:
    """Group refs joined by nothing (第十条第一款) or a list word (、和及至); flag = joined directly."""
    chains: list[list[tuple[_Ref, bool]]] = []
    for ref in refs:
        if chains:
            gap = norm[chains[-1][-1][0].end:ref.start]
            if _DIRECT.fullmatch(gap):
                chains[-1].append((ref, True))
                continue
            if _CONNECTOR.fullmatch(gap):
                chains[-1].append((ref, False))
                continue
        chains.append([(ref, False)])
    return chains


@dataclass(frozen=True)
class _Law:
    start: int
    law: str = ""
    law_text: str = ""


def _unknown_title(norm: str, end: int, floor: int = 0) -> tuple[int, str] | None:
    """A law-like name with no known title right before `end` (四川省…条例, an invented 某某法)."""
    start = end
    while start > floor and end - start < 40 and _CJK.match(norm[start - 1]):
        start -= 1
    run = norm[start:end]
    if not run.endswith(TITLE_ENDINGS):
        return None
    cut = max((run.rfind(w, 0, len(run) - 1) + len(w) for w in _LEAD_VERBS if w in run[:-1]), default=0)
    name = run[cut:]
    if len(name) < 4 or name.startswith(_GENERIC_STARTS):
        return None
    return start + cut, name


def _known_name(norm: str, end: int, names: LawNames, floor: int) -> tuple[int, str] | None:
    hit = names.name_ending_at(norm[floor:end], end - floor)
    if not hit:
        return None
    start, title = hit[0] + floor, hit[1]
    before = norm[max(floor, start - 20):start]
    run = re.search(r"[\u4e00-\u9fff]*$", before).group()
    if run and not run.endswith(_NAME_BOUNDARY):
        return None
    return start, title


def _law_before(norm: str, pos: int, floor: int, names: LawNames, default_law: str,
                previous: Optional[Citation]) -> Optional[_Law]:
    """The law named right before `pos`, not reaching back past `floor` (the previous chain)."""
    end = pos
    while end > floor and norm[end - 1] in " \t\u3000\xa0":
        end -= 1
    before = norm[max(floor, end - 160):end]
    offset = end - len(before)
    m = _BRACKET_BEFORE.search(before)
    if m:
        title = m["title"]
        law = names.resolve(title) or (re.sub(r"\s+", "", title) if is_regional_title(title) else "")
        return _Law(law_text=title, law=law, start=offset + m.start())
    m = _SELF_BEFORE.search(before)
    if m:
        return _Law(law_text=m.group().strip(), law=default_law, start=offset + m.start()) if default_law else None
    m = _SAME_BEFORE.search(before)
    if m:
        law = previous.law if previous else default_law
        if not previous and not default_law:
            return None
        return _Law(law_text=m.group().strip(), law=law, start=offset + m.start())
    hit = _known_name(norm, end, names, floor)
    if hit:
        return _Law(law_text=norm[hit[0]:end], law=hit[1], start=hit[0])
    unknown = _unknown_title(norm, end, floor)
    if unknown:
        start, name = unknown
        return _Law(law_text=name, law=name if is_regional_title(name) else "", start=start)
    return None


def _carry_over(norm: str, pos: int, previous: Optional[Citation], names: LawNames) -> bool:
    """A bare 第X条 in the same sentence as a cited law, with no other law named in between."""
    if previous is None or not previous.law:
        return False
    gap = norm[previous.span[1]:pos]
    return (len(gap) <= 40 and not _SENTENCE_END.search(gap) and "《" not in gap
            and not names.contains_name(gap) and _unknown_title(gap, len(gap)) is None)


def _masked_titles(norm: str) -> list[tuple[int, int]]:
    return [(m.start() + 1, m.end() - 1) for m in re.finditer(r"《[^《》\n]{1,120}》", norm)]


def find_citations(text: str, default_law: str = "", names: Optional[LawNames] = None) -> list[Citation]:
    """All citations in running text, in order. A bare 第X条 is cited only when a law is in reach:
    named right before it, 本法 (→ default_law), 同法/该法 (→ the previous citation's law), an
    earlier citation in the same sentence, or `default_law`."""
    names = names or LawNames.default()
    norm = normalize_digits(text)
    out: list[Citation] = []
    floor = 0
    for chain in _chains(norm, _refs(norm, _masked_titles(norm))):
        chain_floor, floor = floor, chain[-1][0].end
        while chain and chain[0][0].kind != "条":
            chain = chain[1:]  # 前款第三项 / 本条第二款: no article to anchor
        if not chain:
            continue
        head = chain[0][0]
        previous = out[-1] if out else None
        law = _law_before(norm, head.start, chain_floor, names, default_law, previous)
        if law is None:
            if _carry_over(norm, head.start, previous, names):
                law = _Law(law=previous.law, start=head.start)
            elif default_law:
                law = _Law(law=default_law, start=head.start)
            else:
                continue
        out.extend(_chain_citations(text, chain, law))
    return out


def _chain_citations(text: str, chain: list[tuple[_Ref, bool]], law: _Law) -> list[Citation]:
    short = LawNames.short(law.law) if law.law else ""
    cites: list[dict] = []
    for ref, direct in chain:
        cur = cites[-1] if cites else None
        if ref.kind == "条":
            cites.append(dict(article=ref.number, article_suffix=ref.suffix, paragraph=None, item=None,
                              start=ref.start, end=ref.end))
        elif cur is None:
            continue
        elif ref.kind == "款":
            if direct and cur["paragraph"] is None and cur["item"] is None:
                cur.update(paragraph=ref.number, end=ref.end)
            else:
                cites.append({**cur, "paragraph": ref.number, "item": None, "start": ref.start, "end": ref.end})
        else:
            if direct and cur["item"] is None:
                cur.update(item=ref.number, end=ref.end)
            else:
                cites.append({**cur, "item": ref.number, "start": ref.start, "end": ref.end})
    if cites:
        cites[0]["start"] = law.start
    return [Citation(law_text=law.law_text if i == 0 else "",
                     law=law.law, short_name=short, article=c["article"], article_suffix=c["article_suffix"],
                     paragraph=c["paragraph"], item=c["item"], span=(c["start"], c["end"]),
                     raw=text[c["start"]:c["end"]])
            for i, c in enumerate(cites)]


# ---------------------------------------------------------------- queries

_QUERY_REF = re.compile(
    rf"\s*(?P<di>第)?\s*(?P<art>{_NUM})\s*(?P<tiao>条)?(?:\s*之\s*(?P<suf>[一二三四五六七八九十]+))?"
    rf"(?:\s*第?\s*(?P<para>{_NUM})\s*款)?"
    rf"(?:\s*第?\s*[（(]?\s*(?P<item>{_NUM})\s*[)）]?\s*项)?"
)
_NOT_ARTICLE_NEXT = set("年月日号元%倍次个件人岁万千百")


def parse_query_citation(query: str, names: Optional[LawNames] = None) -> Optional[Citation]:
    """A citation typed in a search box: 食安法136条, 广告法 9, 行政处罚法33条2款, 商标法第六十条第二款,
    《中华人民共和国行政处罚法》第33条第2款. Only a known law counts (or a regional title in 《》)."""
    names = names or LawNames.default()
    for cite in find_citations(query, names=names):
        if cite.law and cite.law_text:
            return cite
    norm = normalize_digits(query)
    for m in re.finditer(rf"(?:{_NUM})", norm):
        law = _query_law(norm, m.start(), names)
        if law is None:
            continue
        ref = _QUERY_REF.match(norm, law[1])
        if not ref or ref.start("art") != m.start():
            continue
        nxt = norm[ref.end():].lstrip()[:1]
        if not ref["tiao"] and not ref["para"] and not ref["item"] and nxt and (nxt in _NOT_ARTICLE_NEXT or
                                                                             nxt.isalnum()):
            continue
        if ref["tiao"] is None and not ref["art"].isdigit() and not ref["di"]:
            continue  # 广告法十 without 第/条 is not a reference
        try:
            article = cn_to_int(ref["art"])
            suffix = cn_to_int(ref["suf"]) if ref["suf"] else 0
            paragraph = cn_to_int(ref["para"]) if ref["para"] else None
            item = cn_to_int(ref["item"]) if ref["item"] else None
        except ValueError:
            continue
        if article <= 0:
            continue
        start, _, full, written = law
        end = ref.end()
        while end > start and norm[end - 1].isspace():
            end -= 1
        return Citation(law_text=written, law=full, short_name=LawNames.short(full), article=article,
                        article_suffix=suffix, paragraph=paragraph, item=item, span=(start, end),
                        raw=query[start:end])
    return None


def _query_law(norm: str, num_start: int, names: LawNames) -> tuple[int, int, str, str] | None:
    """(law start, law end, full title, as written) for a law named just before a number."""
    end = num_start
    while end > 0 and norm[end - 1].isspace():
        end -= 1
    if end > 0 and norm[end - 1] == "第":
        end -= 1
        while end > 0 and norm[end - 1].isspace():
            end -= 1
    law_end = end
    m = _BRACKET_BEFORE.search(norm[:end])
    if m:
        title = m["title"]
        full = names.resolve(title) or (title if is_regional_title(title) else "")
        return (m.start(), law_end, full, title) if full else None
    hit = names.name_ending_at(norm, end)
    if hit:
        return hit[0], law_end, hit[1], norm[hit[0]:end]
    return None


_QUERY_LIST = re.compile(rf"\s*第?\s*(?P<a>{_NUM})\s*条?\s*(?:和|、|及|与|跟|,|，)\s*第?\s*(?P<b>{_NUM})\s*条")


def query_citations(query: str, names: Optional[LawNames] = None) -> list[Citation]:
    """Every citation a search box query makes: running-text citations (反法第12条和第22条), a typed one
    (食安法136条, 广告法 9) and a short list after a name (食安法124和125条)."""
    names = names or LawNames.default()
    cites = [c for c in find_citations(query, names=names) if c.law]
    if not cites and (one := parse_query_citation(query, names)):
        cites = [one]
    if cites:
        return cites
    norm = normalize_digits(query)
    for start in range(len(norm)):
        m = _QUERY_LIST.match(norm, start)
        if not m or (start and norm[start - 1].isdigit()):
            continue
        law = _query_law(norm, m.start("a"), names)
        if law is None:
            continue
        try:
            numbers = [cn_to_int(m["a"]), cn_to_int(m["b"])]
        except ValueError:
            continue
        return [Citation(law_text=law[3], law=law[2], short_name=LawNames.short(law[2]), article=n,
                         span=(law[0], m.end()), raw=query[law[0]:m.end()]) for n in numbers if 0 < n < 1000]
    return []
