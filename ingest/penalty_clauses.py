"""Derive discretion items (ViolationItem) from the 法律责任 clauses of law records.

One item per enumerated conduct (项) of a penalty 款, or one per 款 without 项. The conduct is the 项
text (or the 款 text before the penalty), the penalty basis is the 条/款/项 itself, violated provisions
come from explicit references (违反本法第X条规定 …), and the statutory penalty is parsed into numbers.
Clauses that punish "依照前款/本法第X条的规定" take the referenced clause's penalty.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from core.lawnames import PENALTY_CHAPTER
from core.models import Provision, StatutoryPenalty, ViolationItem
from core.numerals import cn_to_int
from ingest.penalty_parse import parse_penalty
from ingest.provision_refs import find_refs, violated_refs
from core.records import Record

ARTICLE_HEAD_RE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?(?:（续\d+）)?[ \u3000]*")
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*")
_AGENCY = r"由[^，；。]{0,40}?(?:部门|机关|机构|政府|局)"
_VERBS = (r"(?:可以|应当|并|依法|一律)?(?:并?处|给予|予以|没收|吊销|责令|依照|依据|按照|参照|除依照|暂扣|撤销)|"
          r"对(?:单位|其|该|当事人|经营者|生产者|销售者)[^，；。]{0,12}?处")
PENALTY_START_RE = re.compile(rf"，(?=(?:{_AGENCY})|(?:{_VERBS}))")
REFERENCE_PENALTY_RE = re.compile(r"(?:依照|依据|按照|参照)([^；。]{0,80}?)(?:的)?(?:有关|相关)?(?:规定)?[^；。，]{0,6}?(?:处罚|处理)")
EXEMPTION_RE = re.compile(r"免予(?:行政)?处罚|不予(?:行政)?处罚|从轻|减轻")
# "其他法律、法规有规定的，依照其规定；法律、法规未作规定的，" only defers to other laws: drop it.
DEFERRAL_RE = re.compile(r"，?(?:除[^，；]{0,20}外，)?(?:其他)?(?:有关)?法律、[^；。]{0,40}?有规定的，依照[^；。]{0,20}?(?:规定)?"
                         r"(?:执行|处罚|处理)?；[^；。，]{0,40}?(?:没有|未作|未)规定的")
NAMED_LAW_RE = re.compile(r"《[^》]+》")
LEAD_NOISE_RE = re.compile(r"^(?:违反本(?:法|条例|办法|规定|细则)规定，)|，?尚不构成犯罪|，?除[^，；]{0,40}外")
MAX_REFERENCE_DEPTH = 3


@dataclass
class Paragraph:
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Article:
    record: Record
    number: int
    suffix: int
    paragraphs: list[Paragraph]

    @property
    def law(self) -> str:
        return self.record.short_name


@dataclass
class Clause:
    """A penalty 款: its conduct lead, its own parsed penalty, and a reference it borrows from."""
    article: Article
    paragraph: int
    conduct: str
    penalty_text: str
    penalty: StatutoryPenalty
    borrowed_from: Optional[Provision] = None
    note: str = ""


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for i, raw in enumerate(l.strip() for l in text.split("\n")):
        if not raw:
            continue
        is_header = i == 0 or re.match(r"^第[^，。；]{1,12}条(?:之[^，。；]{1,3})?（续\d+）$", raw)
        line = ARTICLE_HEAD_RE.sub("", raw, count=1) if is_header else raw
        line = re.sub(r"(?<=[条款项])[ \u3000]+(?=[第、，的规])", "", line)  # "第七条 第一、二款" in extra/ texts
        if not line:
            continue
        if ITEM_RE.match(line) and paragraphs:
            paragraphs[-1].items.append(line)
        else:
            paragraphs.append(Paragraph(line))
    return paragraphs


def _articles(records: Iterable[Record]) -> dict[tuple[str, str], list[Article]]:
    """Law records grouped by (short_name, version), split parts of long articles joined again."""
    parts: dict[tuple[str, str, int, int], list[Record]] = defaultdict(list)
    for r in records:
        if r.doc_type != "law" or r.article is None or r.meta.get("amendment"):
            continue
        parts[(r.short_name, r.version, r.article, r.article_suffix)].append(r)
    laws: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for (short, version, number, suffix), recs in parts.items():
        recs.sort(key=lambda r: r.part)
        text = "\n".join(r.text for r in recs)
        laws[(short, version)].append(Article(recs[0], number, suffix, split_paragraphs(text)))
    for arts in laws.values():
        arts.sort(key=lambda a: (a.number, a.suffix))
    return laws


def split_conduct(text: str) -> Optional[tuple[str, str]]:
    """'…的，由…部门责令改正，处…罚款' → (conduct, penalty text); None when no penalty part is found."""
    starts = [m.start() for m in PENALTY_START_RE.finditer(text)]
    if not starts:
        return None
    first_sentence_end = min((i for i in (text.find("；"), text.find("。")) if i >= 0), default=len(text))
    starts = [s for s in starts if s < first_sentence_end] or starts
    agency = re.compile(_AGENCY)
    def opens_penalty(s: int) -> bool:
        if agency.match(text, s + 1):
            return True
        clause_before = text[:s].rsplit("，", 1)[-1]
        return text[s - 1] == "的" and not re.search(r"情节|拒不|逾期|严重", clause_before)

    preferred = [s for s in starts if opens_penalty(s)]
    start = (preferred or starts)[0]
    return text[:start].rsplit("。", 1)[-1], text[start + 1:]


def clean_conduct(text: str) -> str:
    text = ITEM_RE.sub("", text.strip())
    text = LEAD_NOISE_RE.sub("", text)
    text = LEAD_NOISE_RE.sub("", text)
    text = text.strip("；。，：;:. ")
    text = text.removesuffix("的") if len(text) > 4 else text
    return text.rstrip("，")


def _has_sanction(p: StatutoryPenalty) -> bool:
    return bool(p.fines or p.warning or p.confiscate or p.revoke or p.suspend
                or any("罚款" in o for o in p.other))


def _penalty_clauses(articles: list[Article], names: set[str]) -> list[Clause]:
    in_chapter = any(PENALTY_CHAPTER.search("".join(a.record.chapter_path)) for a in articles)
    clauses: list[Clause] = []
    for art in articles:
        if in_chapter and not PENALTY_CHAPTER.search("".join(art.record.chapter_path)):
            continue
        for pno, para in enumerate(art.paragraphs, start=1):
            split = split_conduct(DEFERRAL_RE.sub("", para.text))
            if split is None or EXEMPTION_RE.search(split[1][:20]) or "免予处罚" in para.text:
                continue
            conduct, penalty_text = split
            if re.search(r"(?:部门|机关)[^，]*(?:处罚|处理)时", conduct):
                continue  # "…部门依照本条例第X条处罚时，可以…": an add-on to another clause, not a conduct
            penalty = parse_penalty(penalty_text)
            borrowed, named_laws = _borrowed_reference(penalty_text, art, pno, names)
            if not _has_sanction(penalty) and borrowed is None and not named_laws:
                continue
            clause = Clause(art, pno, conduct, penalty_text, penalty, borrowed)
            if named_laws and borrowed is None:
                clause.note = f"处罚依照{''.join(named_laws)}有关规定（未指明条款）"
            clauses.append(clause)
    return clauses


def _borrowed_reference(penalty_text: str, art: Article, pno: int,
                        names: set[str]) -> tuple[Optional[Provision], list[str]]:
    """The clause whose penalty applies (依照本法第X条…处罚), or the laws named without an article."""
    m = REFERENCE_PENALTY_RE.search(penalty_text)
    if not m:
        return None, []
    refs = find_refs(m.group(0), art.law, art.number, pno, names)
    if refs:
        return refs[0].provision, []
    return None, NAMED_LAW_RE.findall(m.group(0))


def _merge(own: StatutoryPenalty, borrowed: StatutoryPenalty) -> StatutoryPenalty:
    merged = borrowed.model_copy(deep=True)
    merged.text = own.text
    merged.warning |= own.warning
    merged.order_correction |= own.order_correction
    merged.suspend |= own.suspend
    merged.revoke |= own.revoke
    merged.fines = own.fines or merged.fines
    merged.confiscate = list(dict.fromkeys(own.confiscate + merged.confiscate))
    merged.other = list(dict.fromkeys(own.other + merged.other))
    return merged


class _Resolver:
    """Looks up the penalty of a referenced clause, in this law or another law of the input."""

    def __init__(self, clauses: list[Clause], versions: dict[str, list[str]]):
        self.by_key = {(c.article.law, c.article.record.version, c.article.number, c.article.suffix, c.paragraph): c
                       for c in clauses}
        self.versions = versions

    def _version(self, law: str, citing_version: str, own_law: str) -> Optional[str]:
        if law == own_law:
            return citing_version
        candidates = sorted(self.versions.get(law, []))
        if not candidates:
            return None
        earlier = [v for v in candidates if v <= citing_version]
        return earlier[-1] if earlier else candidates[0]

    def penalty(self, clause: Clause, depth: int = 0) -> tuple[StatutoryPenalty, list[str]]:
        ref = clause.borrowed_from
        if ref is None or depth > MAX_REFERENCE_DEPTH:
            return clause.penalty, []
        _, target = self._target(clause)
        if target is None or target is clause:
            if _has_sanction(clause.penalty):
                return clause.penalty, [f"处罚依照{ref.cite()}（未能解析被引条款）"]
            return clause.penalty, [f"unresolved:{ref.cite()}"]
        if _own_sanction(clause.penalty):  # own penalty, plus a reference for another party
            return clause.penalty, [f"部分处罚依照{ref.cite()}"]
        base, notes = self.penalty(target, depth + 1)
        return _merge(clause.penalty, base), [f"处罚依照{ref.cite()}"] + notes


    def borrowed_basis(self, clause: Clause) -> list[Provision]:
        """The other law's clause an item is punished by when its whole penalty is that clause's (食用农产品市场销售质量
        安全监督管理办法第三十九条: 依照食品安全法第一百二十六条第一款的规定给予处罚): cited beside the item's own clause,
        as decisions cite both."""
        ref = clause.borrowed_from
        if ref is None or ref.law == clause.article.law or _own_sanction(clause.penalty):
            return []
        version, target = self._target(clause)
        return [ref.model_copy(update={"version": version})] if target is not None else []

    def _target(self, clause: Clause) -> tuple[Optional[str], Optional[Clause]]:
        """The version of the referenced law in force beside the citing one, and the clause referred to in it."""
        ref = clause.borrowed_from
        version = self._version(ref.law, clause.article.record.version, clause.article.law)
        key = (ref.law, version, ref.article, ref.article_suffix, ref.paragraph or 1)
        return version, (self.by_key.get(key) if version else None)


def _own_sanction(penalty: StatutoryPenalty) -> bool:
    """A clause with a sanction of its own beside its reference (依照…处罚 for another party)."""
    return bool(penalty.fines or penalty.warning or penalty.confiscate)


def _provision(art: Article, paragraph: int, item: Optional[int]) -> Provision:
    single = len(art.paragraphs) == 1
    return Provision(law=art.law, article=art.number, article_suffix=art.suffix,
                     paragraph=None if single else paragraph, item=item, version=art.record.version)


def derived_item_id(law: str, version: str, article: int, suffix: int, paragraph: int, item: int) -> str:
    """The id of the item derived from a penalty 款 (item 0) or from one 项 of its list."""
    number = f"{article}_{suffix}" if suffix else str(article)
    return f"{law}@{version}#{number}-{paragraph}-{item}"


_DERIVED_ID = re.compile(r"(?P<article>[^@#]+@(?P<version>[^#]+)#[^-]+)-\d+-\d+")


def derived_item_version(item_id: str) -> str:
    """The law version a derived item's id names (食品安全法@2021-04-29#124-1-5 → 2021-04-29); "" for another id."""
    m = _DERIVED_ID.fullmatch(item_id)
    return m.group("version") if m else ""


def derived_item_article(item_id: str) -> str:
    """The part of a derived item's id that names its law, version and article (…#124-1-5 → 食品安全法@2021-04-29#124):
    the items of one article share it; "" for another id."""
    m = _DERIVED_ID.fullmatch(item_id)
    return m.group("article") if m else ""


def item_id(art: Article, paragraph: int, item: int) -> str:
    return derived_item_id(art.law, art.record.version, art.number, art.suffix, paragraph, item)


def _relative_conduct(conduct: str, clause: Clause) -> str:
    """'违反前款规定' alone says nothing: use the referenced 款's text as the conduct."""
    m = re.fullmatch(r"(?:[^，]{0,20})?违反(前款|本条第[一二三四五六七八九十]+款|第[一二三四五六七八九十]+款)规定", conduct)
    if not m:
        return conduct
    refs = find_refs(m.group(1), clause.article.law, clause.article.number, clause.paragraph)
    if refs and refs[0].provision.paragraph and refs[0].provision.paragraph <= len(clause.article.paragraphs):
        target = clause.article.paragraphs[refs[0].provision.paragraph - 1].text
        return f"{target.rstrip('。；')}（{conduct}）"
    return conduct


# A conduct named only by reference (经营者违反本条例第二十二条规定, 违反本法第七条规定实施混淆行为) says little in the
# words people use; the text of the rules it names in the same law says what the conduct is (ViolationItem.rule_text).
_REFERENCE = re.compile(r"违反本(?:法|条例|办法|规定|细则)(?:第[一二三四五六七八九十百零]+条(?:之[一二三四五六七八九十]+)?"
                        r"(?:第[一二三四五六七八九十]+款)?(?:第?（?[一二三四五六七八九十]+）?项)?[、，和或者及至]*)+(?:的)?(?:规定)?")
RULE_TEXT_ARTICLES = 2  # a clause naming more rules (第十条至第十四条、第十六条…) is a catch-all: their words would match anything
REFERENCE_ONLY_CHARS = 24  # what is left of a conduct once its references are cut: a short name (经营者…实施混淆行为或者帮助他人实施混淆行为)
RULE_TEXT_MAX = 300


def _rule_text(conduct: str, violated: list[Provision], law: str, same_law: dict[tuple[int, int], Article]) -> str:
    """The referred rules' words for a conduct named only by reference, else ""."""
    if not _REFERENCE.search(conduct):
        return ""
    if len(re.findall(r"[\u4e00-\u9fff]", _REFERENCE.sub("", conduct))) > REFERENCE_ONLY_CHARS:
        return ""
    if len({(v.article, v.article_suffix) for v in violated if v.law == law}) > RULE_TEXT_ARTICLES:
        return ""
    texts = []
    for v in violated:
        target = same_law.get((v.article, v.article_suffix or 0)) if v.law == law else None
        if target is None:
            continue
        paragraphs = target.paragraphs
        if v.paragraph and v.paragraph <= len(paragraphs):
            paragraphs = [paragraphs[v.paragraph - 1]]
        for para in paragraphs:
            items = para.items
            if v.item and v.item <= len(items) and len(paragraphs) == 1:
                items = [items[v.item - 1]]
            texts.append(para.text + "".join(items))
    return "；".join(dict.fromkeys(t.rstrip("。；") for t in texts))[:RULE_TEXT_MAX]


def _items_of(clause: Clause, penalty: StatutoryPenalty, notes: list[str], names: set[str],
              borrowed: list[Provision] = (), same_law: dict[tuple[int, int], Article] | None = None) -> list[ViolationItem]:
    art, pno = clause.article, clause.paragraph
    para = art.paragraphs[pno - 1]
    rec = art.record
    lead_violated = violated_refs(clause.conduct, art.law, art.number, pno, names)
    common = dict(penalty=penalty, region=rec.region, issuer=rec.issuer, version=rec.version,
                  effective=rec.effective, origin="derived", source=rec.source or rec.id)
    note = "；".join(n for n in [clause.note] + notes if n and not n.startswith("unresolved:"))
    unresolved = [n.removeprefix("unresolved:") for n in notes if n.startswith("unresolved:")]
    if unresolved:
        note = "；".join(filter(None, [note, f"处罚依照{unresolved[0]}，被引条款不在输入中"]))
    has_list = bool(para.items) and re.search(r"下列|以下", clause.conduct)
    if not has_list:
        conduct = _relative_conduct(clean_conduct(clause.conduct), clause)
        violated = [v.model_copy(update={"version": rec.version}) if v.law == art.law else v for v in lead_violated]
        return [ViolationItem(item_id=item_id(art, pno, 0), conduct=conduct, violated=violated,
                              penalty_basis=[_provision(art, pno, None), *borrowed], note=note,
                              rule_text=_rule_text(conduct, violated, art.law, same_law or {}), **common)]
    out = []
    for ino, raw in enumerate(para.items, start=1):
        m = ITEM_RE.match(raw)
        number = cn_to_int(m.group(1)) if m else ino
        violated = list(lead_violated)
        for v in violated_refs(raw, art.law, art.number, pno, names):
            if v not in violated:
                violated.append(v)
        violated = [v.model_copy(update={"version": rec.version}) if v.law == art.law else v for v in violated]
        conduct = clean_conduct(raw)
        out.append(ViolationItem(item_id=item_id(art, pno, number), conduct=conduct, violated=violated,
                                 penalty_basis=[_provision(art, pno, number), *borrowed], note=note,
                                 rule_text=_rule_text(conduct, violated, art.law, same_law or {}), **common))
    return out


def derive_items(articles: Iterable[Record]) -> list[ViolationItem]:
    """Discretion items derived from the penalty clauses of the given law records (any laws, versions)."""
    laws = _articles(articles)
    names = {short for short, _ in laws}
    versions: dict[str, list[str]] = defaultdict(list)
    for short, version in laws:
        versions[short].append(version)
    clauses = []
    for key in sorted(laws):
        try:
            clauses.extend(_penalty_clauses(laws[key], names))
        except ValueError:  # one law's unusual wording (e.g. 万 in a number) never loses every other law's items
            continue
    resolver = _Resolver(clauses, versions)
    by_number = {key: {(a.number, a.suffix): a for a in arts} for key, arts in laws.items()}
    items: list[ViolationItem] = []
    for clause in clauses:
        try:
            penalty, notes = resolver.penalty(clause)
            same_law = by_number.get((clause.article.law, clause.article.record.version), {})
            items.extend(_items_of(clause, penalty, notes, names, resolver.borrowed_basis(clause), same_law))
        except ValueError:
            continue
    return items
