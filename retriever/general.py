"""The general rules a question about weighing or handling a case rests on (corpus/general_rules.yaml): the
question's situation (初次违法并及时改正, 移送公安, 新旧法 …) → the provisions of the general law and the discretion
guidance. One job: read the file, say which provisions a question's words call for."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.settings import REPO_ROOT

GENERAL_RULES = REPO_ROOT / "corpus" / "general_rules.yaml"


@dataclass(frozen=True)
class GeneralRule:
    when: tuple[re.Pattern[str], ...]
    bring: tuple[tuple[str, int], ...]


@lru_cache(maxsize=4)
def load_rules(path: Path = GENERAL_RULES) -> tuple[GeneralRule, ...]:
    """The rules of `path`; a malformed entry is a clear error naming it."""
    if not path.exists():
        return ()
    rules = []
    for n, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], 1):
        try:
            when = tuple(re.compile(str(p)) for p in entry["when"])
            bring = tuple((str(law), int(article)) for law, article in entry["bring"])
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise ValueError(f"{path.name}: entry {n} is malformed ({exc}); it needs when: [patterns] and "
                             f"bring: [[law, article], …]") from exc
        if not when or not bring:
            raise ValueError(f"{path.name}: entry {n} needs at least one pattern and one provision")
        rules.append(GeneralRule(when, bring))
    return tuple(rules)


def general_provisions(question: str, rules: tuple[GeneralRule, ...] | None = None) -> list[tuple[str, int]]:
    """The (law, article) the question's situation calls for, in the file's order, each once."""
    out: list[tuple[str, int]] = []
    for rule in load_rules() if rules is None else rules:
        if all(p.search(question) for p in rule.when):
            out += [b for b in rule.bring if b not in out]
    return out
