"""Optional LLM answers through LangChain chat models (OpenAI-compatible endpoints or Ollama).

Configuration comes from the environment (SHUOLI_LLM_PROVIDER=openai|ollama, SHUOLI_LLM_BASE_URL,
SHUOLI_LLM_MODEL, SHUOLI_LLM_API_KEY, SHUOLI_LLM_TIMEOUT) or from $SHUOLI_HOME/llm.yaml; the
environment wins. Without a provider there is no model and the app answers from rules and retrieval.

The retrieved articles are the model's only context. Its text then goes through the citation verifier:
a citation that cannot be confirmed is flagged inline and listed in the notice. The rule-given direct
answer (and any penalty tier) never comes from the model. A timeout or endpoint error falls back to
the answer without an LLM, with a visible notice.
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, replace
from typing import Iterator, Optional

import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answer import (Answer, Evidence, Persona, answer_from_evidence, direct_answer, gather, search_filter,
                              verify_answer)
from core.settings import REPO_ROOT, Settings, get_settings
from retriever.search import Hit, Retriever

PROMPTS = REPO_ROOT / "prompts"
PERSONA_PROMPTS = {"officer": "officer_qa.md", "merchant": "merchant_guidance.md"}
PROVIDERS = ("openai", "ollama")
DEFAULT_TIMEOUT = 60.0
CONTEXT_CHARS = 1200  # per article; long articles are cut to keep the prompt small


@dataclass(frozen=True)
class LLMConfig:
    provider: str = ""
    model: str = ""
    base_url: str = ""
    api_key: str = ""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def enabled(self) -> bool:
        return self.provider in PROVIDERS and bool(self.model)

    def describe(self) -> str:
        if not self.provider:
            return "未配置大模型：规则 + 检索作答"
        if not self.enabled:
            return f"大模型配置无效（provider={self.provider!r}, model={self.model!r}）：规则 + 检索作答"
        where = f" @ {self.base_url}" if self.base_url else ""
        return f"{self.provider} · {self.model}{where}（超时 {self.timeout:g} 秒）"


def load_config(settings: Settings | None = None) -> LLMConfig:
    settings = settings or get_settings()
    values: dict = {}
    path = settings.home / "llm.yaml"
    if path.exists():
        values = {k: v for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()
                  if k in LLMConfig.__dataclass_fields__ and v is not None}
    config = LLMConfig(**values)
    env = {k: v for k, v in settings.llm.model_dump().items() if v}  # SHUOLI_LLM_*: the environment wins
    if "timeout" in values:
        config = replace(config, timeout=float(values["timeout"]))
    return replace(config, **env)


def get_chat_model(config: LLMConfig | None = None) -> Optional[BaseChatModel]:
    config = config or load_config()
    if not config.enabled:
        return None
    if config.provider == "openai":
        from langchain_openai import ChatOpenAI
        return ChatOpenAI(model=config.model, base_url=config.base_url or None, api_key=config.api_key or "EMPTY",
                          timeout=config.timeout, max_retries=0, temperature=0)
    from langchain_ollama import ChatOllama
    return ChatOllama(model=config.model, base_url=config.base_url or None, temperature=0,
                      client_kwargs={"timeout": config.timeout})


def load_prompt(name: str) -> str:
    return (PROMPTS / name).read_text(encoding="utf-8").strip()


def context_block(ev: Evidence) -> str:
    """The retrieved articles, numbered, as the model sees them."""
    blocks = []
    for i, s in enumerate(ev.sources(), 1):
        head = s["citation"] if s["doc_type"] == "law" else f"{s['citation']}（{s['doc_type']}）"
        meta = " · ".join(x for x in (s.get("version"), s.get("effective") and f"{s['effective']}施行",
                                      s.get("status")) if x)
        text = s["text"] if len(s["text"]) <= CONTEXT_CHARS else s["text"][:CONTEXT_CHARS] + "……"
        blocks.append(f"[{i}] {head}{f'（{meta}）' if meta else ''}\n{text}")
    return "\n\n".join(blocks) or "（没有检索到相关条文）"


def build_messages(ev: Evidence, persona: Persona, direct: str) -> list[BaseMessage]:
    system = load_prompt("system.md") + "\n\n" + load_prompt(PERSONA_PROMPTS[persona])
    human = f"检索到的条文：\n\n{context_block(ev)}\n\n"
    if direct:
        human += f"规则给出的直接答案（照此陈述，不得改动）：{direct}\n\n"
    human += f"问题：{ev.question}"
    return [SystemMessage(system), HumanMessage(human)]


class LLMUnavailable(RuntimeError):
    pass


def _chunk_text(chunk) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")


def stream_chunks(model: BaseChatModel, messages: list[BaseMessage], timeout: float) -> Iterator[str]:
    """Text chunks from the model; raises LLMUnavailable if it fails or exceeds `timeout` seconds in all.
    The model runs in a worker thread so that a hung endpoint cannot block the caller past the deadline."""
    q: queue.Queue = queue.Queue()
    done = object()

    def work() -> None:
        try:
            for chunk in model.stream(messages):
                q.put(_chunk_text(chunk))
        except Exception as exc:  # reported to the caller through the queue
            q.put(exc)
        q.put(done)

    threading.Thread(target=work, daemon=True, name="shuoli-llm").start()
    deadline = time.monotonic() + timeout
    while True:
        try:
            item = q.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise LLMUnavailable(f"超时（{timeout:g} 秒）") from None
        if item is done:
            return
        if isinstance(item, Exception):
            raise LLMUnavailable(f"{type(item).__name__}: {item}") from item
        if item:
            yield item


class AnswerStream:
    """Iterate for text chunks (for st.write_stream); `.answer` holds the verified Answer afterwards."""

    def __init__(self, ev: Evidence, *, retriever: Retriever, persona: Persona, model: BaseChatModel,
                 as_of: str, region: Optional[str], timeout: float = DEFAULT_TIMEOUT):
        self.ev, self.retriever, self.persona, self.model = ev, retriever, persona, model
        self.flt = search_filter(persona, as_of, region)
        self.region, self.timeout = region, timeout
        self.answer: Optional[Answer] = None

    def _fallback(self, reason: str) -> Answer:
        result = answer_from_evidence(self.ev, retriever=self.retriever, persona=self.persona, flt=self.flt,
                                      region=self.region)
        notice = f"大模型不可用（{reason}），以下为不使用大模型的检索答案。"
        result.notice = notice + (f" {result.notice}" if result.notice else "")
        return result

    def __iter__(self) -> Iterator[str]:
        if not self.ev.found:  # nothing to ground an answer on: never let the model guess
            self.answer = answer_from_evidence(self.ev, retriever=self.retriever, persona=self.persona,
                                               flt=self.flt, region=self.region)
            yield self.answer.text
            return
        direct = direct_answer(self.ev)
        parts: list[str] = []
        try:
            for chunk in stream_chunks(self.model, build_messages(self.ev, self.persona, direct), self.timeout):
                parts.append(chunk)
                yield chunk
            if not "".join(parts).strip():
                raise LLMUnavailable("模型返回空内容")
        except LLMUnavailable as exc:
            self.answer = self._fallback(str(exc))
            yield "\n\n" + self.answer.notice
            return
        self.answer = self._finish("".join(parts), direct)

    def _finish(self, text: str, direct: str) -> Answer:
        checked, flagged = verify_answer(text.strip(), self.retriever, self.flt.as_of)
        result = Answer(question=self.ev.question, persona=self.persona, as_of=self.flt.as_of, region=self.region,
                        direct=direct, llm_used=True, sources=self.ev.sources(), flagged=flagged)
        notices = []
        if flagged:
            notices.append(f"模型给出的{len(flagged)}处引用未能核实，已在文中以【未核实：…】标出：" + "；".join(flagged))
        if direct and direct not in checked:
            checked = f"**直接回答（规则）**：{direct}\n\n{checked}"
        result.text, result.notice = checked, " ".join(notices)
        return result

    def run(self) -> Answer:
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer


def stream_answer(question: str, *, retriever: Retriever, persona: Persona, as_of: str, region: Optional[str],
                  model: BaseChatModel, timeout: float = DEFAULT_TIMEOUT) -> AnswerStream:
    ev = gather(question, retriever, search_filter(persona, as_of, region))
    return AnswerStream(ev, retriever=retriever, persona=persona, model=model, as_of=as_of, region=region,
                        timeout=timeout)


def llm_answer(question: str, hits: list[Hit], persona: Persona, model: BaseChatModel, *, retriever: Retriever,
               as_of: str, region: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> Answer:
    """An answer written by `model` from `hits` only, verified; the no-LLM answer if the model fails."""
    ev = gather(question, retriever, search_filter(persona, as_of, region), hits=hits)
    return AnswerStream(ev, retriever=retriever, persona=persona, model=model, as_of=as_of, region=region,
                        timeout=timeout).run()


# ------------------------------------------------------------------ conversations: condensing and streaming

CONDENSE_TURNS = 3  # earlier turns the model sees when condensing a follow-up
CONDENSE_MAX_CHARS = 200


def condense_messages(history: list[tuple[str, str]], question: str) -> list[BaseMessage]:
    """The LangChain prompt that turns a follow-up into a standalone question (answers cut short:
    the model needs the subject, not the articles)."""
    lines = []
    for user, reply in history[-CONDENSE_TURNS:]:
        lines += [f"问：{user}", f"答（节选）：{reply[:160]}"]
    human = "对话：\n" + "\n".join(lines) + f"\n\n追问：{question}\n\n改写后的问题："
    return [SystemMessage(load_prompt("condense.md")), HumanMessage(human)]


def condense(model: BaseChatModel, history: list[tuple[str, str]], question: str,
             timeout: float = DEFAULT_TIMEOUT) -> Optional[str]:
    """A standalone question for `question`, or None when the model fails (the rules then read it alone).
    A reply carrying a citation the conversation never mentioned is refused: condensing may not add law."""
    import re

    try:
        text = "".join(stream_chunks(model, condense_messages(history, question), timeout)).strip()
    except LLMUnavailable:
        return None
    text = text.splitlines()[0].strip().strip("“”\"") if text else ""
    if not text or len(text) > CONDENSE_MAX_CHARS:
        return None
    said = question + "".join(u + r for u, r in history)
    for m in re.finditer(r"第[一二三四五六七八九十百零〇\d]+条", text):
        if m.group(0) not in said:
            return None
    return text


def make_condenser(model: BaseChatModel, timeout: float = DEFAULT_TIMEOUT):
    """A condenser for assistant.conversation.Conversation."""
    return lambda history, question: condense(model, history, question, timeout)


class TurnStream:
    """One conversation turn with an LLM: iterate for text chunks (st.write_stream). The reading and the
    case assessment come from the rules first; then the model writes the law part from the retrieved
    articles. A reply with a citation the verifier cannot confirm is replaced by the answer without the
    model. `.result` holds the final TurnAnswer afterwards (show its text in place of the chunks); the
    conversation has advanced."""

    def __init__(self, conversation, text: str, *, model: BaseChatModel, timeout: float = DEFAULT_TIMEOUT):
        self.conversation, self.text, self.model, self.timeout = conversation, text, model, timeout
        self.result = None

    def __iter__(self) -> Iterator[str]:
        from assistant.conversation import assessment_text

        conv = self.conversation
        reading = conv.read(self.text)
        if reading.language_note:
            self.result = conv.answer_reading(reading)
            conv.commit(reading, self.result)
            yield self.result.text
            return
        if reading.note:
            yield f"*{reading.note}*\n\n"
        assessment = conv.assess_reading(reading)
        if assessment is not None:
            yield assessment_text(assessment) + "\n\n"
        stream = stream_answer(reading.query, retriever=conv.retriever, persona=conv.persona, as_of=conv.as_of,
                               region=conv.region, model=self.model, timeout=self.timeout)
        yield from stream
        base = stream.answer
        if base is not None and base.llm_used and base.flagged:
            replaced = stream._fallback("回答中有未能核实的引用：" + "；".join(base.flagged))
            replaced.notice = (f"模型回答中有{len(base.flagged)}处引用未能核实（" + "；".join(base.flagged)
                               + "），已改用不使用大模型的检索答案。")
            base = replaced
            yield "\n\n" + base.notice
        self.result = conv.answer_reading(reading, base=base, assessment=assessment)
        conv.commit(reading, self.result)

    def run(self):
        for _ in self:
            pass
        return self.result
