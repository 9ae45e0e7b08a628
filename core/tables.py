"""Rule tables kept as data (corpus/rules/*.yaml): a list of entries under `entries:`, each validated into a model."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def load_entries(path: Path, model: type[M]) -> list[M]:
    """The entries of the table at `path` as `model`s; none where the file is absent; a malformed entry is a clear
    error naming the file and the entry."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for i, entry in enumerate(data.get("entries") or []):
        try:
            out.append(model.model_validate(entry))
        except Exception as exc:
            raise ValueError(f"{path}: entry {i + 1} ({entry!r}): {exc}") from exc
    return out
