"""Search filters and the per-record validity window both indexes filter on."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.dates import date_int as date_int  # re-exported: search.py reads it from here
from core.records import NATIONAL, Record, normalise_region

OPEN_END = 99991231


def validity(record: Record) -> tuple[int, int]:
    """[from, to) as yyyymmdd ints. Only laws and benchmark items are versioned; cases are always visible."""
    return validity_of(record.doc_type, record.effective, record.expires, record.repealed)


def validity_of(doc_type: str, effective: str, expires: str, repealed: bool) -> tuple[int, int]:
    if doc_type not in ("law", "benchmark"):
        return 0, OPEN_END
    start = date_int(effective, 0)
    if expires:
        return start, date_int(expires, OPEN_END)
    return (start, 0) if repealed else (start, OPEN_END)


@dataclass(frozen=True)
class SearchFilter:
    as_of: str = field(default_factory=lambda: date.today().isoformat())
    doc_types: tuple[str, ...] = ()  # empty: all
    # Regions whose local texts (地方性法规 and what derives from them) are searched besides the national ones;
    # empty: national texts only. Cases are comparable across regions and never filtered by region.
    regions: tuple[str, ...] = ()
    visibility: tuple[str, ...] = ("public", "internal")

    def __post_init__(self) -> None:
        # 上海市 and 上海 are one region; asking for 全国 alone means national records only.
        object.__setattr__(self, "regions", tuple(dict.fromkeys(normalise_region(r) for r in self.regions if r)))

    @classmethod
    def public(cls, **kw) -> "SearchFilter":
        return cls(visibility=("public",), **kw)

    def allows(self, doc_type: str, valid_from: int, valid_to: int, region: str, visibility: str) -> bool:
        day = date_int(self.as_of, OPEN_END)
        return (valid_from <= day < valid_to
                and (not self.doc_types or doc_type in self.doc_types)
                and self.region_allows(doc_type, region)
                and visibility in self.visibility)

    def region_allows(self, doc_type: str, region: str) -> bool:
        if doc_type == "case" or not region or region == NATIONAL:
            return True
        return normalise_region(region) in self.regions

    def chroma_where(self) -> dict:
        day = date_int(self.as_of, OPEN_END)
        clauses: list[dict] = [{"valid_from": {"$lte": day}}, {"valid_to": {"$gt": day}},
                               {"visibility": {"$in": list(self.visibility)}}]
        if self.doc_types:
            clauses.append({"doc_type": {"$in": list(self.doc_types)}})
        clauses.append({"$or": [{"region": {"$in": list(self.regions) + [NATIONAL]}}, {"doc_type": {"$eq": "case"}}]})
        return {"$and": clauses}
