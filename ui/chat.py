"""The question-and-answer panel (officers and merchants) and the rendering of an answer with its source cards."""
from __future__ import annotations

import html
from typing import Optional

import streamlit as st

from core.records import NATIONAL
from core.settings import Settings
from ui.resources import load_chat_model


def highlighted(text: str, spans: list[list[int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def source_card(s: dict, key: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{s['citation']}**")
        meta = [x for x in (s.get("version") and f"版本 {s['version']}", s.get("effective") and f"施行 {s['effective']}",
                            s.get("status"), s.get("region") if s.get("region") not in ("", NATIONAL) else "",
                            "内部资料" if s.get("visibility") == "internal" else "") if x]
        kind = {"law": "法条", "benchmark": "裁量事项", "case": "案例"}.get(s["doc_type"], "资料")
        st.caption(" · ".join([kind] + meta))
        with st.expander("查看全文（高亮为匹配内容）"):
            st.markdown(f"<div class='shuoli-article'>{highlighted(s['text'], s.get('match', []))}</div>",
                        unsafe_allow_html=True)


def render_answer(a: dict, key: str) -> None:
    if a.get("notice"):
        st.warning(a["notice"])
    st.markdown(a["text"])
    if a.get("sources"):
        st.markdown(f"**来源（{len(a['sources'])}）**")
        columns = st.columns(2)
        for i, s in enumerate(a["sources"]):
            with columns[i % 2]:
                source_card(s, f"{key}-{i}")
    if a.get("llm_used"):
        st.caption("由大模型依据检索到的条文撰写，引用已核验。")


def chat(retriever, settings: Settings, persona: str, as_of: str, region: Optional[str]) -> None:
    from assistant.answer import answer
    from assistant.llm import stream_answer

    history = st.session_state.setdefault("history", {"officer": [], "merchant": []})[persona]
    if not history:
        st.info("请输入问题，例如：“经营过期食品货值不足一万元怎么罚？”" if persona == "officer"
                else "请描述您的经营情况或问题，例如：“我开小超市卖食品要注意什么？”")
    for i, turn in enumerate(history):
        with st.chat_message(turn["role"]):
            if turn["role"] == "user":
                st.markdown(turn["text"])
            else:
                render_answer(turn["answer"], f"{persona}-{i}")
    placeholder = "请输入法律问题" if persona == "officer" else "请输入您想了解的合规问题"
    question = st.chat_input(placeholder, key=f"chat-{persona}")
    if not question:
        return
    history.append({"role": "user", "text": question})
    with st.chat_message("user"):
        st.markdown(question)
    model, config = load_chat_model(str(settings.home))
    with st.chat_message("assistant"):
        if model is None:
            with st.spinner("检索中……"):
                result = answer(question, retriever=retriever, persona=persona, as_of=as_of, region=region)
        else:
            live = st.empty()
            stream = stream_answer(question, retriever=retriever, persona=persona, as_of=as_of, region=region,
                                   model=model, timeout=config.timeout)
            with live.container():
                st.write_stream(stream)
            live.empty()
            result = stream.answer
        data = result.model_dump()
        render_answer(data, f"{persona}-{len(history)}")
    history.append({"role": "assistant", "answer": data})
