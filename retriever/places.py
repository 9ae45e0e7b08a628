"""The province-level regions a question names (河北, 保定, 杭州市): their local texts answer it besides the national
ones. Data: corpus/places.yaml (cities by province) and core/records.py PROVINCES."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


from core.records import PROVINCES
from core.settings import REPO_ROOT
from core.tables import read_yaml

PLACES = REPO_ROOT / "corpus" / "places.yaml"


@lru_cache(maxsize=2)
def _pattern(path: Path = PLACES) -> tuple[re.Pattern[str], dict[str, str]]:
    data = read_yaml(path) if path.exists() else {}
    data = data or {}
    needs_shi = set(data.get("needs_shi") or [])
    owner: dict[str, str] = {p: p for p in PROVINCES}
    for province, cities in (data.get("cities") or {}).items():
        if province not in PROVINCES:
            raise ValueError(f"{path}: unknown province {province!r}")
        for city in cities or []:
            owner[str(city)] = province
    names = sorted(owner, key=len, reverse=True)
    alternatives = [re.escape(n) + ("(?=市)" if n in needs_shi else "") for n in names]
    return re.compile("|".join(alternatives)), owner


def regions_named(text: str) -> tuple[str, ...]:
    """The province-level regions whose names or cities `text` mentions, in order of mention."""
    pattern, owner = _pattern()
    return tuple(dict.fromkeys(owner[m.group(0)] for m in pattern.finditer(text or "")))
