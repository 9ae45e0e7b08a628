"""Shared fixtures: one small real index (real law files, real embedding model, real Chroma)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).parent


@pytest.fixture(scope="session")
def index_home(tmp_path_factory) -> Path:
    """SHUOLI_HOME with an index over tests/small_sources.yaml, built once per test session.
    The embedding model folder is shared with the developer's data folder to avoid re-materialising."""
    home = tmp_path_factory.mktemp("shuoli-home")
    from core.settings import REPO_ROOT
    models = Path(os.environ.get("SHUOLI_TEST_MODELS", REPO_ROOT / "data" / "models"))
    models.mkdir(parents=True, exist_ok=True)
    (home / "models").symlink_to(models, target_is_directory=True)
    return home


@pytest.fixture(scope="session")
def own_index(tmp_path_factory, index_home):
    """A builder of a lexical retriever over an index of its own (a sources file in tests/), sharing the session's
    materialised model; the retrievers are closed at the end of the session."""
    from core.settings import Settings
    from retriever.indexer import build_index
    from retriever.search import Retriever

    opened = []

    def build(sources: str):
        home = tmp_path_factory.mktemp(Path(sources).stem)
        (home / "models").symlink_to((index_home / "models").resolve(), target_is_directory=True)
        settings = Settings(home=home, sources_file=TESTS / sources, chroma_url="")
        assert build_index(settings).records > 0
        opened.append(Retriever(settings, dense=False))
        return opened[-1]

    yield build
    for r in opened:
        r.close()


@pytest.fixture(scope="session")
def small_settings(index_home):
    from core.settings import Settings
    return Settings(home=index_home, sources_file=TESTS / "small_sources.yaml", chroma_url="")


@pytest.fixture(scope="session")
def built_index(small_settings):
    from retriever.indexer import build_index
    report = build_index(small_settings)
    assert report.records > 0
    return report


@pytest.fixture(scope="session")
def retriever(small_settings, built_index):
    from retriever.search import Retriever
    r = Retriever(small_settings)
    yield r
    r.close()
