"""Duty-bearers whose own duties a violation item may be about (corpus/actors.yaml: 集中交易市场开办者, 柜台出租者, 展销会举办者,
平台经营者, 检验检测机构 …) and whether facts show one: an item about such a duty is no reading of facts that show nothing of
the role (assistant/assess.py ranks it lower, feature other_actor)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


from core.settings import REPO_ROOT
from core.tables import read_yaml

ACTORS = REPO_ROOT / "corpus" / "actors.yaml"


@lru_cache(maxsize=2)
def load_actors(path: Path = ACTORS) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(the role names a conduct may use, the words that show facts concern that role) per duty-bearer; a malformed
    entry is a clear error naming it."""
    data = read_yaml(path) or {}
    out = []
    for name, entry in (data.get("actors") or {}).items():
        if not isinstance(entry, dict) or not entry.get("roles") or not entry.get("words"):
            raise ValueError(f"{path}: actor {name!r} needs 'roles' and 'words'")
        out.append((tuple(map(str, entry["roles"])), tuple(map(str, entry["words"]))))
    return tuple(out)


def roles_not_shown(facts: str) -> tuple[tuple[str, ...], ...]:
    """The role names of every duty-bearer the facts show nothing of (read once per case, as sectors_shown)."""
    return tuple(roles for roles, words in load_actors() if not any(w in facts for w in words))


def names_role(conduct: str, roles_absent: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the conduct names one of the roles in `roles_absent` (a duty-bearer's own duty)."""
    return any(r in conduct for roles in roles_absent for r in roles)
