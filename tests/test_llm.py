"""The optional LLM path with LangChain fake chat models over the real small index."""
from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatResult

from assistant.llm import (LLMConfig, build_messages, get_chat_model, llm_answer, load_config, stream_answer)
from assistant.answer import gather, search_filter

AS_OF = "2026-11-22"
QUESTION = "经营过期食品货值不足一万元怎么罚"
GOOD = ("依据《中华人民共和国食品安全法》第一百二十四条，经营超过保质期的食品，货值金额不足一万元的，"
        "并处五万元以上十万元以下罚款，并没收违法所得和违法经营的食品。")
INVENTED = "依据《中华人民共和国食品安全法》第九百条，应处一百万元罚款。"


def fake(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


class BrokenModel(BaseChatModel):
    """An endpoint that refuses the connection."""

    @property
    def _llm_type(self) -> str:
        return "broken"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        raise ConnectionError("endpoint unreachable")


@pytest.fixture(scope="module")
def hits(retriever):
    return retriever.search(QUESTION, 12, search_filter("officer", AS_OF, None))


def test_model_that_cites_correctly_passes(retriever, hits):
    a = llm_answer(QUESTION, hits, "officer", fake(GOOD), retriever=retriever, as_of=AS_OF)
    assert a.llm_used and a.flagged == []
    assert "《中华人民共和国食品安全法》第一百二十四条" in a.text and "未核实" not in a.text
    assert "五万元以上十万元以下" in a.direct  # the direct answer comes from the rules, not the model
    assert any(s["article_label"] == "第一百二十四条" for s in a.sources)


def test_invented_citation_is_flagged_never_silent(retriever, hits):
    a = llm_answer(QUESTION, hits, "officer", fake(INVENTED), retriever=retriever, as_of=AS_OF)
    assert a.llm_used
    assert a.flagged and "第九百条" in a.flagged[0]
    assert "【未核实" in a.text and "未能核实" in a.notice


def test_endpoint_error_falls_back_with_notice(retriever, hits):
    a = llm_answer(QUESTION, hits, "officer", BrokenModel(), retriever=retriever, as_of=AS_OF)
    assert not a.llm_used
    assert "大模型不可用" in a.notice and "ConnectionError" in a.notice
    assert "五万元以上十万元以下" in a.text  # the no-LLM answer


def test_timeout_falls_back_with_notice(retriever, hits):
    slow = FakeListChatModel(responses=[GOOD], sleep=1.0)
    a = llm_answer(QUESTION, hits, "officer", slow, retriever=retriever, as_of=AS_OF, timeout=0.3)
    assert not a.llm_used and "超时" in a.notice


def test_streaming_yields_chunks_then_a_verified_answer(retriever):
    text = GOOD + "\n\n注意：货值金额一万元以上的适用倍数罚款。"  # the fake model streams word by word
    stream = stream_answer(QUESTION, retriever=retriever, persona="officer", as_of=AS_OF, region=None,
                           model=fake(text))
    chunks = list(stream)
    assert len(chunks) > 1 and "".join(chunks) == text
    assert stream.answer is not None and stream.answer.llm_used


def test_no_evidence_means_no_model_call(retriever):
    stream = stream_answer("今天天气怎么样", retriever=retriever, persona="officer", as_of=AS_OF, region=None,
                           model=BrokenModel())
    list(stream)
    assert stream.answer.notice.startswith("未找到依据") and not stream.answer.llm_used


def test_prompt_holds_only_retrieved_articles_and_persona_rules(retriever):
    ev = gather("我开小超市卖食品要注意什么", retriever, search_filter("merchant", AS_OF, None))
    system, human = build_messages(ev, "merchant", "")
    assert "唯一的依据" in system.content and "经营者" in system.content
    assert "首违不罚" in system.content  # merchant guidance prompt loaded from prompts/merchant_guidance.md
    assert all(s["citation"] in human.content for s in ev.sources())


def test_config_from_env_and_file(tmp_path, monkeypatch):
    from core.settings import Settings

    for var in ("PROVIDER", "MODEL", "BASE_URL", "API_KEY", "TIMEOUT"):
        monkeypatch.delenv(f"SHUOLI_LLM_{var}", raising=False)
    settings = Settings(home=tmp_path)
    assert not load_config(settings).enabled and get_chat_model(load_config(settings)) is None
    (tmp_path / "llm.yaml").write_text("provider: ollama\nmodel: qwen2.5:7b\ntimeout: 20\n", encoding="utf-8")
    assert load_config(settings) == LLMConfig(provider="ollama", model="qwen2.5:7b", timeout=20.0)
    monkeypatch.setenv("SHUOLI_LLM_PROVIDER", "openai")
    monkeypatch.setenv("SHUOLI_LLM_MODEL", "gpt-test")
    monkeypatch.setenv("SHUOLI_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SHUOLI_LLM_TIMEOUT", "5")
    config = load_config(settings)
    assert (config.provider, config.model, config.timeout) == ("openai", "gpt-test", 5.0)
    model = get_chat_model(config)
    assert model is not None and type(model).__name__ == "ChatOpenAI"
