"""Parse the penalty part of a 法律责任 clause into a `StatutoryPenalty`.

Input is the text after the conduct, e.g. "由…部门没收违法所得…；货值金额不足一万元的，并处五万元以上
十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证".
Clauses separated by "；"/"。" are read left to right; a comma clause ending in "的" sets the condition
for what follows until the next "；". Amount thresholds become `Threshold`s; aggravating conditions
(情节严重 …) move the penalties they introduce into `other`, because `FineRule.condition` can hold an
amount threshold only.
"""
from __future__ import annotations

import re
from typing import Optional

from core.amounts import STATUTE_BASE_WORDS
from core.models import FineRule, StatutoryPenalty, Threshold
from core.numerals import cn_to_int

CN_NUM = "零〇一二两三四五六七八九十百千万亿"
NUM = rf"(?:[0-9][0-9.,]*万?|[{CN_NUM}]+)"
AMOUNT = rf"{NUM}元"

# Words for the amount a multiple is taken of, mapped onto core.models.FineBase (core.amounts).
BASE_WORDS = STATUTE_BASE_WORDS
BASE_RE = "|".join(sorted(BASE_WORDS, key=len, reverse=True))
# A multiple: 十倍 / 等值 / 百分之二十 / 三分之一 / 5%
MULT = rf"(?:等值|[{CN_NUM}0-9.]+倍|[{CN_NUM}]+分之[{CN_NUM}]+|[0-9.]+%)"

MULTIPLE_FINE_RE = re.compile(
    rf"(?P<base>{BASE_RE})(?P<mid>(?:(?!{BASE_RE})[^，；。罚]){{0,30}}?)"
    rf"(?:(?P<lo>{MULT})以上)?(?:(?P<hi>{MULT})以下)?(?P<exact>{MULT})?(?:、但最高不超过(?P<cap>{AMOUNT}))?的?罚款")
FIXED_FINE_RE = re.compile(
    rf"(?:(?P<lo>{AMOUNT})以上)?[、，]?(?:(?P<hi>{AMOUNT})以下)?(?P<exact>{AMOUNT})?的?罚款")
# A multiple whose base is not one of FineBase (认证费用, 虚报注册资本金额 …): kept in `other`.
OTHER_MULTIPLE_RE = re.compile(rf"处以?([^，；。]{{2,40}}?)(?:{MULT})(?:以上)?(?:{MULT})?(?:以下)?的?罚款")

THRESHOLD_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?P<base>{BASE_RE})[^，；]{{0,10}}?(?:不足|不满|低于|少于|未达到|在)(?P<amt>{AMOUNT})(?:以下)?"), "<"),
    (re.compile(rf"(?P<base>{BASE_RE})[^，；]{{0,10}}?(?:超过|高于)(?P<amt>{AMOUNT})"), ">"),
    (re.compile(rf"(?P<base>{BASE_RE})[^，；]{{0,10}}?(?P<amt>{AMOUNT})以上"), ">="),
    (re.compile(rf"(?P<base>{BASE_RE})[^，；]{{0,10}}?(?P<amt>{AMOUNT})以下"), "<="),
]
NO_BASE_RE = re.compile(rf"^(?:没有|无)(?P<base>{BASE_RE})的?$")
AGGRAVATING_RE = re.compile(r"情节(?:特别)?严重|情节较重|情节恶劣|严重情节|严重后果|严重危害|造成[^，]*(?:事故|死亡|伤害)|"
                            r"[两二三]次以上|多次|屡次|再次|重大|毁灭[^，]*证据")
PERSONAL_RE = re.compile(r"直接负责的主管人员|其他直接责任人员|主要负责人|法定代表人|负有责任的|从业人员|对个人|对农户")
REVOKE_RE = re.compile(r"吊销[^，；。、]*?(?:许可证|营业执照|执照|证书|资格|批准文件|登记证|认证证书|证)")
CONFISCATE_RE = re.compile(r"没收([^，；。：]+?)(?=、(?:并?处|吊销|责令|罚款|给予)|[，；。：]|$)")
OTHER_ACTION_RE = re.compile(
    r"(责令(?!改正|限期改正|停产停业|停业)[^，；。]{2,30}|撤销[^，；。]{2,25}|暂扣[^，；。]{2,20}|予以取缔|依法取缔|"
    r"通报批评|予以公告|向社会公告|记入信用记录|列入[^，；。]{2,20}名单|[^，；。]{0,10}不予受理[^，；。]{0,20}|"
    r"消除影响|取消[^，；。]{2,20}|[^，；。]{0,6}年内不得[^，；。]{2,30}|限制开展生产经营活动|责令关闭)")


CAP_RE = re.compile(rf"但最高不(?:超过|得超过)({AMOUNT})")


def parse_amount(text: str) -> float:
    """'五万元' → 50000, '1.5万元' → 15000, '二千元' → 2000."""
    s = text.removesuffix("元").replace(",", "")
    if re.fullmatch(r"[0-9.]+万?", s):
        return float(s.removesuffix("万")) * (10_000 if s.endswith("万") else 1)
    return float(cn_to_int(s))


def parse_multiple(text: str) -> float:
    """'十倍' → 10, '等值' → 1, '百分之五十' → 0.5, '三分之一' → 1/3, '5%' → 0.05."""
    if text == "等值":
        return 1.0
    if text.endswith("%"):
        return float(text[:-1]) / 100
    if "分之" in text:
        den, num = text.split("分之")
        denominator = {"百": 100, "千": 1000, "万": 10_000}.get(den) or cn_to_int(den)
        return cn_to_int(num) / denominator
    s = text.removesuffix("倍")
    return float(s) if re.fullmatch(r"[0-9.]+", s) else float(cn_to_int(s))


def parse_threshold(clause: str) -> Optional[Threshold]:
    """'货值金额不足一万元的' → Threshold(货值金额, '<', 10000); '没有违法所得的' → (违法所得, '<=', 0)."""
    c = clause.removesuffix("的")
    m = NO_BASE_RE.match(c)
    if m:
        return Threshold(base=BASE_WORDS[m.group("base")], op="<=", value=0)
    for pattern, op in THRESHOLD_PATTERNS:
        m = pattern.search(c)
        if m:
            return Threshold(base=BASE_WORDS[m.group("base")], op=op, value=parse_amount(m.group("amt")))
    return None


def _fines_in(clause: str, condition: Optional[Threshold]) -> list[FineRule]:
    clause = re.sub(rf"({MULT}|{AMOUNT})至({MULT}|{AMOUNT})", r"\1以上\2以下", clause)  # 10%至50%
    fines: list[FineRule] = []
    taken: list[tuple[int, int]] = []
    for m in MULTIPLE_FINE_RE.finditer(clause):
        if not (m.group("lo") or m.group("hi") or m.group("exact")) or "元" in m.group("mid"):
            continue
        if m.group("exact"):
            lo = hi = parse_multiple(m.group("exact"))
        else:
            lo = parse_multiple(m.group("lo")) if m.group("lo") else None
            hi = parse_multiple(m.group("hi")) if m.group("hi") else None
        text = m.group(0)
        fines.append(FineRule(kind="multiple", min=lo, max=hi, base=BASE_WORDS[m.group("base")],
                              condition=condition, text=text))
        taken.append(m.span())
    for m in FIXED_FINE_RE.finditer(clause):
        if not (m.group("lo") or m.group("hi") or m.group("exact")):
            continue
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.group("exact"):
            lo = hi = parse_amount(m.group("exact"))
        else:
            lo = parse_amount(m.group("lo")) if m.group("lo") else None
            hi = parse_amount(m.group("hi")) if m.group("hi") else None
        fines.append(FineRule(kind="fixed", min=lo, max=hi, condition=condition, text=m.group(0)))
    return fines


def _split_clauses(text: str) -> list[list[str]]:
    """Sentences (；。) of comma clauses. Commas inside 《》 or （） are rare here and ignored."""
    text = re.sub(r"（[^（）]*）", "", text)
    sentences = [s for s in re.split(r"[；。：]", text) if s.strip()]
    # "情节较重的处…" holds a condition and a penalty in one comma clause: cut after the 的.
    return [[c.strip() for c in re.split(r"，|(?<=[^目]的)(?=(?:并|可以)?处[^罚])", s) if c.strip()] for s in sentences]


def parse_penalty(text: str) -> StatutoryPenalty:
    p = StatutoryPenalty(text=text.strip())
    for sentence in _split_clauses(text):
        threshold: Optional[Threshold] = None
        condition_label = condition_text = ""
        aggravated = personal = False
        for clause in sentence:
            is_condition = clause.endswith("的") and not re.search(r"罚款$|的罚款$", clause)
            if is_condition:
                condition_text = clause
                t = parse_threshold(clause)
                if t:
                    threshold = t
                elif AGGRAVATING_RE.search(clause):
                    aggravated, condition_label = True, clause
                else:
                    condition_label = clause
                if PERSONAL_RE.search(clause):
                    personal = True
                # A condition clause can itself carry a penalty after it (…的，处…): nothing else to do.
                continue
            if re.match(r"(?:并|可以)?对(?:单位|企业|经营者|该单位)", clause):
                personal = False
            personal = personal or bool(PERSONAL_RE.search(clause))
            _collect(p, clause, threshold, condition_label, condition_text, aggravated, personal)
    p.fines = _dedupe_fines(p.fines)
    p.confiscate = list(dict.fromkeys(p.confiscate))
    p.other = list(dict.fromkeys(p.other))
    return p


def _collect(p: StatutoryPenalty, clause: str, threshold: Optional[Threshold], condition_label: str,
             condition_text: str, aggravated: bool, personal: bool) -> None:
    prefix = f"{condition_text}：" if condition_text else ""
    fines = _fines_in(clause, threshold)
    if fines:
        if aggravated or personal:
            p.other.extend(f"{prefix}{'（个人）' if personal else ''}{f.text}" for f in fines)
        else:
            for f in fines:
                if condition_label:
                    f.text = f"{condition_label}，{f.text}"
                p.fines.append(f)
                cap = CAP_RE.search(clause)
                if cap and f.kind == "multiple":
                    p.other.append(f"罚款最高不超过{cap.group(1)}")
    elif "罚款" in clause and not personal:
        m = OTHER_MULTIPLE_RE.search(clause)
        p.other.append(f"{prefix}{m.group(0) if m else '罚款（数额未定）'}")
    if personal:
        return  # sanctions on individuals are not the unit's statutory penalty
    if re.search(r"警告", clause) and not aggravated:
        p.warning = True
    if re.search(r"责令(?:限期)?改正", clause):
        p.order_correction = True
    if re.search(r"停产停业|停业整顿|停止营业|停业", clause):
        p.suspend = True
        if aggravated:
            p.other.append(f"{prefix}责令停产停业")
    for m in REVOKE_RE.finditer(clause):
        p.revoke = True
        p.other.append(f"{prefix}{m.group(0)}")
    for m in CONFISCATE_RE.finditer(clause):
        for obj in _confiscated_objects(m.group(1)):
            p.confiscate.append(obj if not aggravated else f"{prefix}{obj}")
    for m in OTHER_ACTION_RE.finditer(clause):
        p.other.append(f"{prefix}{m.group(0)}")


def _dedupe_fines(fines: list[FineRule]) -> list[FineRule]:
    """The same range stated twice (for 广告主 and for 广告发布者) is one statutory range."""
    seen, out = set(), []
    for f in fines:
        key = (f.kind, f.min, f.max, f.base, f.condition.model_dump_json() if f.condition else "")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _confiscated_objects(phrase: str) -> list[str]:
    phrase = re.sub(r"^、?(?:销毁|收缴)", "", phrase)
    phrase = re.sub(r"等?物品$", "等物品", phrase)
    parts = re.split(r"(?:和|以及|及)(?=违法|用于|非法|侵权|伪造|专门|主要|其)|、(?=用于|主要用于|专门用于)", phrase)
    out = []
    for part in parts:
        part = part.strip()
        if part.startswith("违法所得") and len(part) > 4:
            out.append("违法所得")
            part = part[4:].lstrip("、和及")
        if part:
            out.append(part)
    return out
