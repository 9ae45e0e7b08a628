"""Resources the panels share, loaded once per process (Streamlit's resource cache)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.settings import Settings


@st.cache_resource(show_spinner="正在加载索引……")
def load_retriever(home: str, sources: str):
    from retriever.search import Retriever
    return Retriever(Settings(home=Path(home), sources_file=Path(sources)))


def current_retriever(settings: Settings):
    """The shared Retriever, or None with the reason when there is no index yet."""
    from retriever.store import StoreError
    try:
        return load_retriever(str(settings.home), str(settings.sources_file)), ""
    except (StoreError, FileNotFoundError, OSError) as exc:
        return None, str(exc)


@st.cache_resource(show_spinner=False)
def load_chat_model(home: str):
    from assistant.llm import get_chat_model, load_config
    config = load_config(Settings(home=Path(home)))
    try:
        return get_chat_model(config), config
    except Exception:  # a bad config must not stop the app: it answers without the model
        return None, config
