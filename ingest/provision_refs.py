"""Article references inside a law text: 本法第X条第X款第（X）项, 《X》第X条, 价格法第X条, 前款, 第X款.

A small local parser for the penalty-clause extractor; it resolves 本法/本条例/… to the citing law and
前款/本条第X款 to the citing article. Names of other laws are recognised from a known-name list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from core.models import Provision
from core.lawnames import short_law_name
from core.numerals import cn_to_int

CN = "零〇一二两三四五六七八九十百千"
SELF_WORDS = ("本法", "本条例", "本办法", "本规定", "本细则", "本实施条例", "本实施细则")
KNOWN_LAWS = (
    "食品安全法实施条例", "食品安全法", "广告法", "产品质量法", "价格法", "消费者权益保护法实施条例", "消费者权益保护法",
    "反不正当竞争法", "商标法实施条例", "商标法", "电子商务法", "特种设备安全法", "特种设备安全监察条例",
    "计量法实施细则", "计量法", "标准化法", "农产品质量安全法", "行政处罚法", "行政许可法", "行政强制法",
    "药品管理法", "反垄断法", "网络安全法", "个人信息保护法", "公司法", "合伙企业法", "个人独资企业法", "专利法",
    "著作权法", "认证认可条例", "工业产品生产许可证管理条例", "市场主体登记管理条例", "价格违法行为行政处罚规定",
    "无证无照经营查处办法", "企业信息公示暂行条例", "化妆品监督管理条例", "医疗器械监督管理条例", "直销管理条例",
    "禁止传销条例", "明码标价和禁止价格欺诈规定", "网络交易监督管理办法", "侵害消费者权益行为处罚办法",
)


@dataclass(frozen=True)
class Ref:
    provision: Provision
    start: int
    end: int
    relative: str = ""  # "前款" / "本条" when the reference points into the citing article


def _ref_re(names: Iterable[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(
        rf"(?P<law>{'|'.join(SELF_WORDS)}|《[^》]{{2,40}}》|(?:中华人民共和国)?(?:{alt}))?"
        rf"(?:(?P<art>第[{CN}]+条)(?:之(?P<suf>[一二三四五六七八九十]+))?"
        rf"(?P<par>第[{CN}]+款)?(?P<item>第[（(]?[{CN}]+[）)]?项)?"
        rf"|(?P<rel>前款|前两款|本条第[{CN}]+款|第[{CN}]+款)(?P<relitem>第[（(]?[{CN}]+[）)]?项)?)")


_CACHE: dict[frozenset[str], re.Pattern[str]] = {}


def _num(label: Optional[str]) -> Optional[int]:
    if not label:
        return None
    return cn_to_int(re.sub(r"[第条款项（）()]", "", label))


def law_short_name(token: str, own: str) -> str:
    if not token or token in SELF_WORDS:
        return own
    return short_law_name(token.strip("《》"))


def find_refs(text: str, own_law: str, article: int, paragraph: Optional[int],
              extra_names: Iterable[str] = ()) -> list[Ref]:
    """All references in `text`, written by paragraph `paragraph` of article `article` of `own_law`."""
    key = frozenset(extra_names)
    pattern = _CACHE.get(key) or _CACHE.setdefault(key, _ref_re(KNOWN_LAWS + tuple(key)))
    refs: list[Ref] = []
    prev_law, prev_end = own_law, -10
    for m in pattern.finditer(text):
        if m.group("art"):
            if m.group("law"):
                law = law_short_name(m.group("law"), own_law)
            elif refs and m.start() - prev_end <= 3 and re.fullmatch(r"[、和或者及，]*", text[prev_end:m.start()]):
                law = prev_law  # 本法第九条、第十条: the list keeps its law
            else:
                law = own_law
            prov = Provision(law=law, article=_num(m.group("art")), article_suffix=_num(m.group("suf")) or 0,
                             paragraph=_num(m.group("par")), item=_num(m.group("item")))
            if refs and text[prev_end:m.start()] == "至" and not m.group("law") and not prov.paragraph:
                first = refs[-1].provision  # 第十条至第十四条: fill the range
                for n in range(first.article + 1, min(prov.article, first.article + 30)):
                    refs.append(Ref(Provision(law=law, article=n), refs[-1].start, refs[-1].end))
            refs.append(Ref(prov, m.start(), m.end()))
            prev_law, prev_end = law, m.end()
        elif m.group("rel"):
            rel = m.group("rel")
            listed = refs and not refs[-1].relative and re.fullmatch(r"[、和或者及]+", text[prev_end:m.start()] or "x")
            if listed and rel.startswith("第"):  # 本规定第四条第二款、第三款: 第三款 of the same article
                last = refs[-1].provision
                prov = Provision(law=last.law, article=last.article, article_suffix=last.article_suffix,
                                 paragraph=_num(rel), item=_num(m.group("relitem")))
                refs.append(Ref(prov, m.start(), m.end()))
                prev_end = m.end()
                continue
            if rel == "前款":
                par = (paragraph or 1) - 1
            elif rel == "前两款":
                par = (paragraph or 1) - 2
            else:
                par = _num(rel.removeprefix("本条"))
            if par and par > 0:
                prov = Provision(law=own_law, article=article, paragraph=par, item=_num(m.group("relitem")))
                refs.append(Ref(prov, m.start(), m.end(), relative=rel))
            prev_end = m.end()
    return refs


VIOLATION_CONTEXT_RE = re.compile(r"(依照|依据|参照)$")


def violated_refs(text: str, own_law: str, article: int, paragraph: Optional[int],
                  extra_names: Iterable[str] = ()) -> list[Provision]:
    """References naming the broken rule: 违反本法第X条 / 有本法第X条规定的情形 — not 依照…处罚."""
    out: list[Provision] = []
    for ref in find_refs(text, own_law, article, paragraph, extra_names):
        if VIOLATION_CONTEXT_RE.search(text[max(0, ref.start - 2):ref.start]):
            continue
        if ref.relative and "违反" not in text[max(0, ref.start - 3):ref.start]:
            continue  # 有前款规定情形 describes the conduct; only 违反前款规定 names the broken rule
        if ref.provision not in out:
            out.append(ref.provision)
    return out
