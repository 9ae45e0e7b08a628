"""Rule tables kept as data (corpus/rules/*.yaml): a list of entries under `entries:`, each validated into a model;
and the reading of every hand-edited YAML file of the corpus, where a key given twice is an error."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping: in a hand-edited word list or rule table the second
    would silently replace the first. Merge keys (<<: *anchor) may still be overridden by the mapping's own keys."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(f"duplicate key {key!r} (line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path):
    """The content of the YAML file at `path` (None when empty); a key given twice in one mapping is a ValueError
    naming the file, the key and its line."""
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def load_entries(path: Path, model: type[M]) -> list[M]:
    """The entries of the table at `path` as `model`s; none where the file is absent; a malformed entry is a clear
    error naming the file and the entry."""
    if not path.exists():
        return []
    data = read_yaml(path) or {}
    out = []
    for i, entry in enumerate(data.get("entries") or []):
        try:
            out.append(model.model_validate(entry))
        except Exception as exc:
            raise ValueError(f"{path}: entry {i + 1} ({entry!r}): {exc}") from exc
    return out
