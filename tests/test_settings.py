"""The one settings object: SHUOLI_* variables, keyword arguments over them, a bad value as one clear error."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.settings import Settings, SettingsError, get_settings


def test_environment_is_read_and_keywords_win(monkeypatch, tmp_path):
    monkeypatch.setenv("SHUOLI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SHUOLI_CORPUS", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    monkeypatch.setenv("SHUOLI_SOURCES", str(tmp_path / "sources.yaml"))
    monkeypatch.setenv("SHUOLI_EMBEDDING_BACKEND", "onnx")
    monkeypatch.setenv("SHUOLI_TORCH_THREADS", "2")
    monkeypatch.setenv("SHUOLI_CHROMA_URL", "http://127.0.0.1:8000")
    s = get_settings()
    assert s.home == tmp_path / "home" and s.index_dir == tmp_path / "home" / "index"
    assert s.corpus_dirs == [tmp_path / "a", tmp_path / "b"]
    assert s.sources_file == tmp_path / "sources.yaml"
    assert (s.embedding_backend, s.embedding_threads, s.chroma_url) == ("onnx", 2, "http://127.0.0.1:8000")
    s = Settings(home=tmp_path / "other", sources_file=tmp_path / "x.yaml", chroma_url="")
    assert (s.home, s.sources_file, s.chroma_url) == (tmp_path / "other", tmp_path / "x.yaml", "")


def test_llm_variables_are_read_when_asked_for(monkeypatch, tmp_path):
    s = Settings(home=tmp_path)
    monkeypatch.setenv("SHUOLI_LLM_PROVIDER", "ollama")
    monkeypatch.setenv("SHUOLI_LLM_TIMEOUT", "7.5")
    assert (s.llm.provider, s.llm.timeout) == ("ollama", 7.5)


def test_empty_variables_mean_the_default(monkeypatch):
    monkeypatch.setenv("SHUOLI_HOME", "")
    monkeypatch.setenv("SHUOLI_TORCH_THREADS", "")
    s = get_settings()
    assert s.home == Path(__file__).resolve().parent.parent / "data" and s.embedding_threads is None


@pytest.mark.parametrize("var, value, word", [("SHUOLI_EMBEDDING_BACKEND", "cuda", "embedding_backend"),
                                              ("SHUOLI_TORCH_THREADS", "many", "embedding_threads")])
def test_a_bad_value_is_one_clear_error(monkeypatch, var, value, word):
    from cli import main

    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError, match=word):
        get_settings()
    result = CliRunner().invoke(main, ["search", "食品"])
    assert result.exit_code == 2 and word in result.output and "Traceback" not in result.output
