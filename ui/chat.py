"""The conversation panel (officers and merchants): each turn read against the turns before
(assistant.conversation), cases told in the chat assessed like the case panel, conversations kept in
SQLite under SHUOLI_HOME (assistant.history) and listed in the sidebar, export (Markdown, DOCX), copy,
👍/👎 with a note, streaming when an LLM is configured."""
from __future__ import annotations

import html
from typing import Optional

import streamlit as st

from core.records import NATIONAL
from core.settings import Settings
from ui.resources import load_chat_model

LONG_PREVIEW_CHARS = 200
SOURCE_KEYS_DROPPED = ("meta", "via")


@st.cache_resource(show_spinner=False)
def history_store(home: str):
    from pathlib import Path

    from assistant.history import HistoryStore
    return HistoryStore(settings=Settings(home=Path(home)))


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
        from assistant.conversation import version_words
        version = version_words(s.get("version") or "")
        meta = [x for x in (version and f"版本 {version}", s.get("effective") and f"施行 {s['effective']}",
                            s.get("status"), s.get("region") if s.get("region") not in ("", NATIONAL) else "",
                            "内部资料" if s.get("visibility") == "internal" else "") if x]
        kind = {"law": "法条", "benchmark": "裁量事项", "case": "案例"}.get(s["doc_type"], "资料")
        st.caption(" · ".join([kind] + meta))
        with st.expander("查看全文（高亮为匹配内容）"):
            st.markdown(f"<div class='shuoli-article'>{highlighted(s.get('text', ''), s.get('match', []))}</div>",
                        unsafe_allow_html=True)


def render_answer(a: dict, key: str) -> None:
    notice = a.get("notice") or ""
    if notice and notice not in a.get("text", ""):  # "未找到依据" is said once
        st.warning(notice)
    st.markdown(a["text"])
    if a.get("sources"):
        with st.expander(f"来源（{len(a['sources'])}）", expanded=True):
            columns = st.columns(2)
            for i, s in enumerate(a["sources"]):
                with columns[i % 2]:
                    source_card(s, f"{key}-{i}")
    if a.get("llm_used"):
        st.caption("由大模型依据检索到的条文撰写，引用已核验。")


def render_user(text: str) -> None:
    if len(text) <= LONG_PREVIEW_CHARS * 3:
        st.markdown(text)
        return
    st.markdown(text[:LONG_PREVIEW_CHARS] + "……")
    with st.expander(f"展开全文（共{len(text)}字）"):
        st.text(text)


def feedback_row(store, cid: str, mid: int) -> None:
    cols = st.columns([1, 1, 4])
    with cols[0]:
        with st.popover("复制", help="复制回答文本"):
            msg = next((m for m in store.messages(cid) if m["id"] == mid), None)
            st.code(msg["text"] if msg else "", language=None, wrap_lines=True)
    with cols[1]:
        rating = st.feedback("thumbs", key=f"fb-{mid}")
    if rating is not None:
        with cols[2]:
            note = st.text_input("反馈说明（可不填）", key=f"fbnote-{mid}", placeholder="哪里不对、缺了什么……")
            if st.button("提交反馈", key=f"fbsend-{mid}"):
                store.add_feedback(cid, mid, 1 if rating == 1 else -1, note)
                st.success("已记录，感谢反馈。")


def conversation_sidebar(store, persona: str) -> Optional[str]:
    """Stored conversations in the sidebar: open, delete. Returns the current conversation id."""
    current = st.session_state.get("conversation", {}).get(persona)
    if current is None and st.query_params.get("c"):
        conv = store.get(st.query_params["c"])
        if conv and conv["persona"] == persona:
            current = conv["id"]
    st.sidebar.markdown("**对话记录**")
    rows = [c for c in store.list() if c["persona"] == persona]
    if not rows:
        st.sidebar.caption("暂无保存的对话")
    for c in rows[:20]:
        left, right = st.sidebar.columns([5, 1])
        label = ("▶ " if c["id"] == current else "") + c["title"]
        if left.button(label, key=f"open-{c['id']}", use_container_width=True):
            current = c["id"]
        if right.button("🗑", key=f"del-{c['id']}", help="删除此对话"):
            store.delete(c["id"])
            if current == c["id"]:
                current = None
            st.session_state.setdefault("conversation", {})[persona] = current
            _set_query(current)
            st.rerun()
    st.session_state.setdefault("conversation", {})[persona] = current
    _set_query(current)
    return current


def _set_query(cid: Optional[str]) -> None:
    if cid:
        st.query_params["c"] = cid
    elif "c" in st.query_params:
        del st.query_params["c"]


def _payload(result) -> dict:
    data = result.to_dict()
    data["sources"] = [{k: v for k, v in s.items() if k not in SOURCE_KEYS_DROPPED} for s in result.sources]
    return data


def chat(retriever, settings: Settings, persona: str, as_of: str, region: Optional[str]) -> None:
    from assistant.conversation import Conversation, Slots
    from assistant.llm import TurnStream, make_condenser

    store = history_store(str(settings.home))
    cid = conversation_sidebar(store, persona)
    messages = store.messages(cid) if cid else []
    if not messages:
        st.info("请输入问题，例如：“销售过期酸奶怎么罚？”，可以接着追问“那如果是一年内第二次呢？”；"
                "也可以直接描述案情，如“卖过期酸奶，货值三百元，第一次被查，怎么处理？”" if persona == "officer"
                else "请描述您的经营情况或问题，例如：“我开小超市卖食品要注意什么？”，可以接着追问。")
    for m in messages:
        with st.chat_message(m["role"]):
            if m["role"] == "user":
                render_user(m["text"])
            else:
                render_answer({**m["payload"], "text": m["text"]}, f"{cid}-{m['id']}")
                feedback_row(store, cid, m["id"])
    if messages:
        conv = store.get(cid)
        a, b = st.columns(2)
        a.download_button("导出 Markdown", data=store.to_markdown(cid).encode("utf-8"),
                          file_name=f"{conv['title']}.md", mime="text/markdown", key=f"md-{cid}")
        b.download_button("导出 DOCX", data=store.to_docx(cid), file_name=f"{conv['title']}.docx", key=f"docx-{cid}",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    placeholder = "请输入法律问题或案情" if persona == "officer" else "请输入您想了解的合规问题"
    question = st.chat_input(placeholder, key=f"chat-{persona}")
    if not question or not question.strip():
        return
    if cid is None:
        cid = store.create(persona=persona)
        st.session_state["conversation"][persona] = cid
        _set_query(cid)
    stored = store.get(cid)
    model, config = load_chat_model(str(settings.home))
    conv = Conversation(retriever, persona=persona, as_of=as_of, region=region,
                        slots=Slots.from_dict(stored["slots"] if stored else {}),
                        condenser=make_condenser(model, config.timeout) if model is not None else None)
    pairs = [m for m in messages]
    conv.history = [(u["text"], v["text"]) for u, v in zip(pairs[::2], pairs[1::2])]
    with st.chat_message("user"):
        render_user(question)
    with st.chat_message("assistant"):
        if model is None:
            with st.spinner("检索中……"):
                result = conv.ask(question)
        else:
            live = st.empty()
            stream = TurnStream(conv, question, model=model, timeout=config.timeout)
            with live.container():
                st.write_stream(stream)
            live.empty()
            result = stream.result
    store.add_message(cid, "user", question)
    store.add_message(cid, "assistant", result.text, _payload(result))
    store.set_slots(cid, conv.slots.to_dict())
    st.rerun()
