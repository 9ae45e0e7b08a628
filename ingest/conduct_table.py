"""Conduct rules read from the statute itself, kept as data (corpus/rules/conduct_rules.yaml).

A penalty clause that says "违反本法规定，特种设备使用单位有下列行为之一的…（一）使用特种设备未按照规定办理使用登记的"
names no conduct rule. Published decisions supply one where they cite the pair (`cocitation`), the statute's wording
where one duty article holds the clause's words clearly (`conduct_wording`); some clauses get neither (no decision
collected, several articles share the words). For those the project's reading of the law is a table: the clause and
the articles that impose the duty it punishes. `complete_from_table` gives them to the items derived from that clause
in that version; an item that names its rule, or got one from decisions, keeps it. Nothing here reads an evaluation
set.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from core.models import Provision, ViolationItem
from core.settings import REPO_ROOT
from core.tables import load_entries

TABLE = REPO_ROOT / "corpus" / "rules" / "conduct_rules.yaml"


class _Ref(BaseModel):
    article: int
    paragraph: int | None = None
    item: int | None = None


class ConductEntry(BaseModel):
    law: str
    versions: list[str] = Field(min_length=1)  # the versions read; the numbering is the same in each
    clause: _Ref
    rules: list[_Ref] = Field(min_length=1)
    note: str = ""


def load_table(path: Path = TABLE) -> list[ConductEntry]:
    """The table's entries; a malformed entry is a clear error naming it."""
    return load_entries(path, ConductEntry)


def complete_from_table(items: list[ViolationItem], table: list[ConductEntry]) -> list[ViolationItem]:
    """`items` with the table's rules given to each derived item of a listed clause and version that names none."""
    by_clause = {(e.law, v, e.clause.article, e.clause.paragraph, e.clause.item): e for e in table for v in e.versions}
    out = []
    for item in items:
        basis = item.penalty_basis[0] if item.penalty_basis else None
        entry = None
        if basis is not None and item.origin == "derived" and not item.violated:
            entry = (by_clause.get((basis.law, item.version, basis.article, basis.paragraph, basis.item))
                     or by_clause.get((basis.law, item.version, basis.article, None, basis.item)))
        if entry is None:
            out.append(item)
            continue
        rules = [Provision(law=entry.law, article=r.article, paragraph=r.paragraph, item=r.item, version=item.version)
                 for r in entry.rules]
        out.append(item.model_copy(update={"violated": rules, "violated_source": ""}))
    return out
