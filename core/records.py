"""The one record type that flows from ingestion to the indexes.

A law article, a benchmark (discretion) item, a case or a guidance text is one `Record`.
Dates are ISO strings (YYYY-MM-DD) so records serialise plainly into Chroma and JSON.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, Field

from core.dates import iso_day

DocType = Literal["law", "benchmark", "case", "guidance"]
Visibility = Literal["public", "internal"]
NATIONAL = "全国"
# Province-level suffixes dropped so that 上海市 / 上海 / 广西壮族自治区 / 广西 name one region.
_REGION_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
             "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")


@lru_cache(maxsize=4096)
def normalise_region(region: str | None) -> str:
    """The province-level region a region name belongs to, as filters compare it: 上海市 → 上海,
    广东省 → 广东, 四川省内江市隆昌市 → 四川; "" or 全国 is national. An unknown name loses its 省/市 suffix."""
    name = (region or "").strip()
    if not name or name in (NATIONAL, "国家", "中央"):
        return NATIONAL
    province = next((p for p in PROVINCES if name.startswith(p)), "")
    if province:
        return province
    for suffix in _REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name

# Status words as users read them; `status_on` derives them for a given date.
IN_FORCE = "现行有效"
AMENDED = "已修改"
REPEALED = "已废止"
NOT_YET = "尚未生效"


class Record(BaseModel):
    id: str
    doc_type: DocType = "law"
    text: str
    law: str = ""  # full title, e.g. 中华人民共和国食品安全法
    short_name: str = ""  # 食品安全法; the key that groups versions of one law
    level: str = ""  # 法律 / 行政法规 / 部门规章 / 司法解释 / 地方性法规 / 规范性文件 …
    issuer: str = ""
    version: str = ""  # adoption or amendment date of this text
    effective: str = ""  # date this version takes effect
    expires: str = ""  # date a later version (or repeal) takes over; "" = open
    repealed: bool = False
    article: Optional[int] = None
    article_label: str = ""  # 第一百三十六条 / 第十条之一
    article_suffix: int = 0  # 1 for 之一 …
    chapter_path: list[str] = Field(default_factory=list)  # [编, 章, 节] as present
    part: int = 0  # >0 when a very long article is split by 款
    title: str = ""  # cases, benchmark items, guidance
    region: str = NATIONAL
    visibility: Visibility = "public"
    source: str = ""  # file path or package:table the record came from
    meta: dict = Field(default_factory=dict)  # doc_type specific fields (kept small, JSON-serialisable)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text, self.law, self.version, self.effective, self.expires,
                            self.article_label, self.title, self.visibility, self.region)

    def in_force_on(self, on: date | str) -> bool:
        return in_force(self.effective, self.expires, self.repealed, on)

    def status_on(self, on: date | str) -> str:
        return status_on(self.effective, self.expires, self.repealed, on)

    def citation(self) -> str:
        """《中华人民共和国食品安全法》（2021-04-29）第一百三十六条"""
        if self.doc_type != "law":
            return self.title or self.id
        ver = f"（{self.version}）" if self.version else ""
        return f"《{self.law}》{ver}{self.article_label}"


def content_hash(*parts: object) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update(str(p).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def in_force(effective: str, expires: str, repealed: bool, on: date | str) -> bool:
    d = iso_day(on)
    if effective and effective > d:
        return False
    if expires and expires <= d:
        return False
    return not (repealed and not expires)  # repealed on an unknown date: never cite as in force


def status_on(effective: str, expires: str, repealed: bool, on: date | str) -> str:
    d = iso_day(on)
    if effective and effective > d:
        return NOT_YET
    if expires and expires <= d:
        return REPEALED if repealed else AMENDED
    return REPEALED if repealed else IN_FORCE


def law_record_id(short_name: str, version: str, article: int, suffix: int = 0, part: int = 0) -> str:
    """Stable id: 食品安全法@2021-04-29#136 (之一 → #10-1, split parts → /2)."""
    rid = f"{short_name}@{version}#{article}"
    if suffix:
        rid += f"-{suffix}"
    if part:
        rid += f"/{part}"
    return rid
