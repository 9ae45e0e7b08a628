"""说理 shuoli — Streamlit app: law Q&A for officers (执法人员) and pre-compliance guidance for merchants
(经营者), plus the officer's case discretion panel (案件裁量).

Run: `make run` (or `streamlit run app.py`). The data folder comes from SHUOLI_HOME (and the source list
from SHUOLI_SOURCES), which is also how the tests point the app at their small index.

The page is composed of the panels in ui/: sidebar.py (persona, filters, corpus status, uploads), chat.py
(questions and answers), case_panel.py (case discretion and the draft).
"""
from __future__ import annotations

import streamlit as st

from core.settings import get_settings
from ui.case_panel import case_panel
from ui.chat import chat
from ui.resources import current_retriever
from ui.sidebar import sidebar


def missing_index(reason: str) -> None:
    st.error("尚未建立索引，无法检索。")
    st.markdown("请先在项目目录下建立索引（首次约需数分钟），然后刷新本页：")
    st.code("shuoli ingest        # 或：make index", language="bash")
    st.caption(reason)


def main() -> None:
    st.set_page_config(page_title="说理 shuoli", page_icon="⚖️", layout="wide")
    st.markdown("<style>.shuoli-article mark{background:#ffe58f;padding:0 2px}</style>", unsafe_allow_html=True)
    settings = get_settings()
    retriever, reason = current_retriever(settings)
    persona, as_of, region = sidebar(settings, retriever)
    if retriever is None:
        missing_index(reason)
        return
    if persona == "merchant":
        st.header("经营者合规指引")
        st.caption("依据公开的法律法规作答，仅供参考，不构成执法决定。")
        chat(retriever, settings, persona, as_of, region)
        return
    view = st.radio("功能", ["法律问答", "案件裁量"], key="view", horizontal=True, label_visibility="collapsed")
    if view == "案件裁量":
        case_panel(retriever, as_of, region)
    else:
        st.header("法律问答")
        chat(retriever, settings, persona, as_of, region)


main()
