"""行政处罚法第三十七条 从旧兼从轻: which version of a penalty clause applies.

The version in force when the act was committed applies, unless at decision time the law has been
amended or repealed and the new rule is lighter or no longer treats the act as unlawful.

"Lighter" compares the fine ranges for the case's amounts: the lower maximum is lighter; equal
maxima → the lower minimum (the order courts use for 处刑较轻 under 刑法第十二条); equal fines → fewer
heavy sanctions (吊销, 责令停产停业). If the ranges cannot be computed (amounts missing) the old
version is kept and the reason says so."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from core.dates import parse_date
from assistant.fines import penalty_bounds
from core.models import Provision, StatutoryPenalty

RULE_37 = Provision(law="行政处罚法", article=37)


class LawVersion(BaseModel):
    version: str  # e.g. 2018-12-29
    effective: str  # YYYY-MM-DD
    penalty: StatutoryPenalty | None  # None: the version no longer treats the act as unlawful
    article: int | None = None  # the penalty article's number in this version, where a revision renumbered it
    article_suffix: int = 0


class VersionChoice(BaseModel):
    version: str
    rule: str  # "行政处罚法37.旧" / "行政处罚法37.新"
    reason: str
    basis: list[Provision] = [RULE_37]


def _in_force(versions: list[LawVersion], on: date) -> LawVersion | None:
    current = None
    for v in sorted(versions, key=lambda v: parse_date(v.effective) or date.min):
        eff = parse_date(v.effective)
        if eff and eff <= on:
            current = v
    return current


def _heavy_sanctions(p: StatutoryPenalty) -> int:
    return int(p.revoke) + int(p.suspend)


def compare_severity(new: StatutoryPenalty | None, old: StatutoryPenalty,
                     amounts: dict[str, float]) -> int | None:
    """-1 if `new` is lighter than `old`, 1 if heavier, 0 if the same, None if it cannot be told."""
    if new is None:
        return -1
    nb, ob = penalty_bounds(new, amounts), penalty_bounds(old, amounts)
    if (nb is None) != (ob is None):
        return None
    if nb and ob:
        for n, o in ((nb[1], ob[1]), (nb[0], ob[0])):
            if n != o:
                return -1 if n < o else 1
    hn, ho = _heavy_sanctions(new), _heavy_sanctions(old)
    return 0 if hn == ho else (-1 if hn < ho else 1)


def applicable_version(act_date: str, versions: list[LawVersion], decision_date: str | None = None,
                       amounts: dict[str, float] | None = None) -> VersionChoice:
    """Pick the version to apply. Raises ValueError if no version was in force at the act date."""
    act = parse_date(act_date, end=True)
    if act is None:
        raise ValueError(f"unreadable act date: {act_date!r}")
    old = _in_force(versions, act)
    if old is None:
        raise ValueError(f"no version in force on {act_date}")
    decided = parse_date(decision_date) if decision_date else None
    new = _in_force(versions, decided) if decided else None
    if new is None or new.version == old.version:
        return VersionChoice(version=old.version, rule="行政处罚法37.旧",
                             reason=f"适用违法行为发生时有效的{old.version}版规定。")
    assert old.penalty is not None, "a version in force at the act date must penalise it"
    verdict = compare_severity(new.penalty, old.penalty, amounts or {})
    if verdict == -1:
        why = "不再认为是违法" if new.penalty is None else "处罚较轻"
        return VersionChoice(version=new.version, rule="行政处罚法37.新",
                             reason=f"作出处罚决定时规定已修改，新的{new.version}版规定{why}，依第三十七条但书适用新规定。")
    if verdict is None:
        return VersionChoice(version=old.version, rule="行政处罚法37.旧",
                             reason=f"新旧规定的轻重无法比较（缺少计算罚款幅度的金额），暂适用违法行为发生时的"
                                    f"{old.version}版规定，请补充金额后复核。")
    return VersionChoice(version=old.version, rule="行政处罚法37.旧",
                         reason=f"新的{new.version}版规定并不较轻，适用违法行为发生时的{old.version}版规定。")
