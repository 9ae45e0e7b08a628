"""The sidebar: persona, date and region, the corpus status, the model line and (officers) uploads."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

import streamlit as st

from core.records import NATIONAL, normalise_region
from core.settings import Settings
from ui.resources import load_chat_model, load_retriever

PERSONAS = {"执法人员": "officer", "经营者": "merchant"}
UPLOAD_TYPES = ["pdf", "docx", "txt", "md"]
# Streamlit's uploader writes its own English ("Drag and drop files here", "Limit 200MB per file",
# "Browse files"); it is hidden and the Chinese caption above the box says the same.
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {display:none}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {content:"拖放文件到此处"; font-size:0.9rem}
[data-testid="stFileUploaderDropzone"] button {visibility:hidden; position:relative}
[data-testid="stFileUploaderDropzone"] button::after {visibility:visible; content:"选择文件"; position:absolute;
  inset:0; display:flex; align-items:center; justify-content:center; font-size:0.9rem;
  border:1px solid rgba(49,51,63,0.2); border-radius:0.5rem}
</style>"""
SAFE_NAME_RE = re.compile(r"[^\w\u4e00-\u9fff.\-]+")


def corpus_status(retriever) -> dict:
    stats = retriever.store.stats()
    return {"laws": len({short for _, short in retriever.store.law_names()}),
            "articles": stats.get("law", {}).get("records", 0),
            "cases": stats.get("case", {}).get("records", 0),
            "benchmarks": stats.get("benchmark", {}).get("records", 0),
            "others": sum(v["records"] for k, v in stats.items() if k not in ("law", "case", "benchmark")),
            "indexed_at": retriever.store.info("indexed_at") or "未知"}


def region_options(retriever) -> list[str]:
    regions = {normalise_region(row[5]) for row in retriever.store.filter_columns() if row[5]}
    return [NATIONAL] + sorted(regions - {NATIONAL})


# ------------------------------------------------------------------ uploads

@dataclass
class FileResult:
    name: str
    ok: bool
    message: str


def ingest_uploads(settings: Settings, files: list[tuple[str, bytes]], progress=None) -> list[FileResult]:
    """Save the uploaded files under $SHUOLI_HOME/uploads and index them as internal documents."""
    from retriever.indexer import build_index

    folder = settings.home / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[tuple[str, Path]] = []
    for name, data in files:
        path = folder / (SAFE_NAME_RE.sub("_", Path(name).name) or "upload")
        path.write_bytes(data)
        saved.append((name, path))
    if progress:
        progress(0.1, "正在读取文件……")

    def factory(total: int, label: str):
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress and total:
                progress(0.1 + 0.8 * min(1.0, done[0] / total), f"正在建立向量索引（{done[0]}/{total}）……")
        return tick

    try:
        report = build_index(settings, paths=[p for _, p in saved], visibility="internal", progress=factory)
    except Exception as exc:
        return [FileResult(name, False, f"索引失败：{type(exc).__name__}: {exc}") for name, _ in saved]
    failures = {str(Path(f.source)): f.reason for f in report.failures}
    results = []
    for name, path in saved:
        reason = failures.get(str(path))
        results.append(FileResult(name, False, reason) if reason else
                       FileResult(name, True, "已加入索引（内部资料，仅执法人员可见）"))
    if progress:
        progress(1.0, "完成")
    return results


# ------------------------------------------------------------------ sidebar

def sidebar(settings: Settings, retriever) -> tuple[str, str, Optional[str]]:
    st.sidebar.title("说理 · 市场监管助手")
    mode = st.sidebar.radio("身份", list(PERSONAS), key="mode", horizontal=True)
    if st.sidebar.button("新对话", key="new_chat", use_container_width=True):
        st.session_state["conversation"] = {}  # stored conversations stay listed under 对话记录
        if "c" in st.query_params:
            del st.query_params["c"]
    as_of = st.sidebar.date_input("法规有效日期", value=date.today(), key="as_of").isoformat()
    regions = region_options(retriever) if retriever else [NATIONAL]
    region = st.sidebar.selectbox("地区", regions, key="region")
    if retriever:
        s = corpus_status(retriever)
        st.sidebar.markdown("**资料库**")
        st.sidebar.caption(f"法律法规 {s['laws']} 部 · 条文 {s['articles']} 条  \n案例 {s['cases']} 件 · 裁量事项 "
                           f"{s['benchmarks']} 项 · 其他资料 {s['others']} 段  \n索引时间 {s['indexed_at']}")
    _, config = load_chat_model(str(settings.home))
    st.sidebar.markdown("**大模型**")
    st.sidebar.caption(config.describe())
    if PERSONAS[mode] == "officer" and retriever:
        upload_box(settings)
    return PERSONAS[mode], as_of, (None if region == NATIONAL else region)


def upload_box(settings: Settings) -> None:
    st.sidebar.markdown("**上传内部资料**")
    nonce = st.session_state.setdefault("upload_nonce", 0)
    st.sidebar.markdown(UPLOADER_CSS, unsafe_allow_html=True)
    st.sidebar.caption("拖放文件到下方，或点击“选择文件”；支持 PDF、DOCX、TXT、MD，单个文件不超过 200MB。")
    files = st.sidebar.file_uploader("选择要上传的内部资料文件", type=UPLOAD_TYPES, accept_multiple_files=True,
                                     key=f"uploader-{nonce}")
    if files and st.sidebar.button("加入索引", key="ingest"):
        bar = st.sidebar.progress(0.0, "准备中……")
        results = ingest_uploads(settings, [(f.name, f.getvalue()) for f in files],
                                 progress=lambda v, text: bar.progress(v, text))
        st.session_state["upload_results"] = [r.__dict__ for r in results]
        st.session_state["upload_nonce"] = nonce + 1
        if any(r.ok for r in results):
            load_retriever.clear()  # the next run loads the index with the new documents
    for r in st.session_state.get("upload_results", []):
        (st.sidebar.success if r["ok"] else st.sidebar.error)(f"{r['name']}：{r['message']}")
