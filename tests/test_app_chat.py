"""The chat panel through AppTest over the small session index: a two-turn conversation read as one,
kept in SQLite and found again from a new session (as after a page refresh), feedback stored."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def env(small_settings, built_index, monkeypatch):
    monkeypatch.setenv("SHUOLI_HOME", str(small_settings.home))
    monkeypatch.setenv("SHUOLI_SOURCES", str(small_settings.sources_file))
    for var in ("PROVIDER", "MODEL", "BASE_URL", "API_KEY", "TIMEOUT"):
        monkeypatch.delenv(f"SHUOLI_LLM_{var}", raising=False)
    return small_settings


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_two_turns_persist_across_a_new_session(env):
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    at.chat_input[0].set_value("销售过期酸奶怎么罚？").run()
    at.chat_input[0].set_value("那如果是一年内第二次呢？").run()
    assert not at.exception
    body = texts(at)
    assert "按上一问“销售过期酸奶”理解" in body
    assert "裁量建议" in body and "从重" in body
    assert "广告法" not in body.split("那如果是一年内第二次呢？")[-1].split("来源")[0]
    assert "mixed->" not in body and "national-default" not in body.split("（")[0]
    cid = at.query_params["c"][0] if isinstance(at.query_params["c"], list) else at.query_params["c"]
    assert len(at.get("download_button")) == 2  # Markdown and DOCX export

    from assistant.history import HistoryStore
    store = HistoryStore(env.home / "conversations.sqlite")
    assert [m["role"] for m in store.messages(cid)] == ["user", "assistant", "user", "assistant"]

    fresh = AppTest.from_file(APP, default_timeout=180).run()  # a new session: the conversation is listed
    opener = fresh.sidebar.button(key=f"open-{cid}")
    assert "销售过期酸奶怎么罚" in opener.label
    opener.click().run()
    assert not fresh.exception
    assert "按上一问“销售过期酸奶”理解" in texts(fresh)
    fresh.chat_input[0].set_value("罚多少？").run()  # the slots came back with the conversation
    assert "按上一问" in texts(fresh).split("罚多少？")[-1]

    fresh.sidebar.button(key=f"del-{cid}").click().run()
    assert not fresh.exception and store.get(cid) is None


def test_non_chinese_input_gets_one_clear_note(env):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.chat_input[0].set_value("What is the fine for expired yogurt?").run()
    assert not at.exception
    body = texts(at)
    assert "只能理解中文提问" in body and "未找到依据" not in body
