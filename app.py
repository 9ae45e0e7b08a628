"""说理 shuoli — Streamlit app: law Q&A for officers (执法人员) and pre-compliance guidance for merchants
(经营者), plus the officer's case discretion panel (案件裁量).

Run: `make run` (or `streamlit run app.py`). The data folder comes from SHUOLI_HOME (and the source list
from SHUOLI_SOURCES), which is also how the tests point the app at their small index.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

import streamlit as st

from core.settings import Settings, get_settings

PERSONAS = {"执法人员": "officer", "经营者": "merchant"}
NATIONAL = "全国"
UPLOAD_TYPES = ["pdf", "docx", "txt", "md"]
# Circumstances an officer most often corrects; detected ones are shown as well.
CORRECTABLE = ("first_offence", "harm_none", "harm_minor", "corrected", "purchase_checked", "source_explained",
               "no_fault", "cooperated", "harm_serious", "repeat_within_year", "refused", "criminal_suspicion")
SAFE_NAME_RE = re.compile(r"[^\w\u4e00-\u9fff.\-]+")


# ------------------------------------------------------------------ resources (once per process)

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


def corpus_status(retriever) -> dict:
    stats = retriever.store.stats()
    return {"laws": len({short for _, short in retriever.store.law_names()}),
            "articles": stats.get("law", {}).get("records", 0),
            "cases": stats.get("case", {}).get("records", 0),
            "benchmarks": stats.get("benchmark", {}).get("records", 0),
            "others": sum(v["records"] for k, v in stats.items() if k not in ("law", "case", "benchmark")),
            "indexed_at": retriever.store.info("indexed_at") or "未知"}


def region_options(retriever) -> list[str]:
    regions = {row[5] for row in retriever.store.filter_columns() if row[5]}
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


# ------------------------------------------------------------------ rendering answers

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


# ------------------------------------------------------------------ sidebar

def sidebar(settings: Settings, retriever) -> tuple[str, str, Optional[str]]:
    st.sidebar.title("说理 · 市场监管助手")
    mode = st.sidebar.radio("身份", list(PERSONAS), key="mode", horizontal=True)
    if st.sidebar.button("新对话", key="new_chat", use_container_width=True):
        st.session_state["history"] = {"officer": [], "merchant": []}
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
    files = st.sidebar.file_uploader("PDF / DOCX / TXT / MD", type=UPLOAD_TYPES, accept_multiple_files=True,
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


# ------------------------------------------------------------------ chat

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


# ------------------------------------------------------------------ case panel (officers only)

def case_panel(retriever, as_of: str, region: Optional[str]) -> None:
    try:
        from assistant.assess import assess
    except ImportError as exc:
        st.info(f"案件裁量功能尚未就绪（{exc}）。")
        return
    st.subheader("案件裁量")
    facts = st.text_area("案件事实", key="case_facts", height=160,
                         placeholder="例：当事人于2024年3月销售超过保质期的牛奶，货值金额3000元，系初次违法，已及时下架改正……")
    st.text_area("陈述申辩（每行一点，可不填）", key="case_statements", height=80)
    st.text_input("违法行为发生日期（YYYY-MM-DD，可不填）", key="case_act_date")
    if st.button("分析", key="case_run", type="primary") and facts.strip():
        st.session_state["case_overrides"] = {}
        _run_assess(assess, retriever, as_of, region)
    a = st.session_state.get("assessment")
    if a is not None:
        show_assessment(a, assess, retriever, as_of, region)


def _run_assess(assess, retriever, as_of: str, region: Optional[str]) -> None:
    points = [p for p in st.session_state.get("case_statements", "").splitlines() if p.strip()]
    act = st.session_state.get("case_act_date", "").strip() or None
    try:
        with st.spinner("分析中……"):
            st.session_state["assessment"] = assess(
                st.session_state["case_facts"], retriever=retriever, act_date=act, as_of=as_of, region=region,
                statements=points, overrides=st.session_state.get("case_overrides") or None)
        st.session_state.pop("case_draft", None)
    except Exception as exc:
        st.session_state.pop("assessment", None)
        st.error(f"分析失败：{type(exc).__name__}: {exc}")


def _provisions(ps) -> str:
    return "、".join(p.cite() for p in ps) or "—"


def show_assessment(a, assess, retriever, as_of: str, region: Optional[str]) -> None:
    from assistant.circumstances import KINDS

    st.markdown("#### 违法行为")
    if not a.violations:
        st.warning("未匹配到违法行为，请补充事实。")
    for v in a.violations[:3]:
        st.markdown(f"- **{v.conduct}**  \n  违反：{_provisions(v.violated)}；处罚依据：{_provisions(v.penalty_basis)}")
    if a.violations:
        labels = {v.item_id: v.conduct[:40] for v in a.violations[:3]}
        a.confirmed = st.multiselect("认定的违法行为（写入文书）", options=list(labels),
                                     default=[v.item_id for v in a.established()],
                                     format_func=labels.get, key="case_confirmed")
    st.markdown("#### 情节（可更正）")
    detected = {c.key: c for c in a.circumstances}
    keys = [k for k in detected if k in KINDS and KINDS[k].topic not in ("amount", "date")]
    keys += [k for k in CORRECTABLE if k not in keys]
    overrides = dict(st.session_state.get("case_overrides", {}))
    for key in keys:
        c = detected.get(key)
        label = KINDS[key].label
        if c is not None and c.quote:
            label += f" — 原文：「{c.quote}」"
        elif c is not None and c.source == "officer":
            label += "（执法人员认定）"
        checked = st.checkbox(label, value=c is not None and c.value is not False, key=f"circ-{key}")
        if checked != (c is not None and c.value is not False):
            overrides[key] = checked
    amounts = [c for c in a.circumstances if c.key in KINDS and KINDS[c.key].topic in ("amount", "date")]
    if amounts:
        st.caption("；".join(f"{c.label}：{c.value}" + (f"（「{c.quote}」）" if c.quote else "") for c in amounts))
    if st.button("按更正重新分析", key="case_rerun"):
        st.session_state["case_overrides"] = {**st.session_state.get("case_overrides", {}), **overrides}
        _run_assess(assess, retriever, as_of, region)
        st.rerun()
    a = st.session_state.get("assessment", a)
    st.markdown("#### 裁量结论")
    st.markdown(f"**阶次：{a.tier}**" + ("（应当）" if a.mandatory else "") + f"  \n规则：{a.tier_rule or '—'}"
                f"  \n依据：{_provisions(a.tier_basis)}")
    for r in a.reasons:
        st.markdown(f"- {r}")
    if a.fine_range and (a.fine_range.min is not None or a.fine_range.max is not None):
        lo = "—" if a.fine_range.min is None else f"{a.fine_range.min:,.0f}"
        hi = "—" if a.fine_range.max is None else f"{a.fine_range.max:,.0f}"
        st.markdown(f"**罚款幅度**：{lo} ～ {hi} {a.fine_range.unit}  \n{a.fine_range.basis}")
    if a.confiscation:
        st.markdown("**没收**：" + "、".join(a.confiscation))
    if a.questions:
        st.markdown("#### 待查明")
        for q in a.questions:
            st.markdown(f"- {q}")
    st.markdown("#### 类案")
    if a.consistency:
        verdict = {"inside": st.success, "above": st.warning, "below": st.warning}.get(a.consistency.verdict, st.info)
        verdict(f"类案同罚：{a.consistency.message or a.consistency.verdict}")
    for c in a.similar_cases[:5]:
        st.markdown(f"- {c.title}（{c.region} {c.date}，{c.tier}）{('：' + c.why) if c.why else ''}")
    if a.statements:
        st.markdown("#### 陈述申辩")
        for s in a.statements:
            verdict = {True: "采纳", False: "不予采纳", None: "待核实"}[s.adopted]
            st.markdown(f"- {s.point} → **{verdict}**：{s.reason}")
    draft_section(a, retriever)


def draft_section(a, retriever) -> None:
    try:
        from assistant.docx_export import draft_to_bytes
        from assistant.draft import draft_reasoning
        from assistant.verify import StoreResolver
    except ImportError as exc:
        st.info(f"说理文书功能尚未就绪（{exc}）。")
        return
    st.markdown("#### 说理式文书（草稿）")
    try:
        draft = draft_reasoning(a, resolver=StoreResolver(retriever.store, retriever.law_names))
    except Exception as exc:
        st.error(f"生成文书失败：{type(exc).__name__}: {exc}")
        return
    for w in draft.warnings:
        st.warning(w)
    with st.expander("查看草稿", expanded=True):
        st.markdown(draft.to_markdown(include_report=True))
    st.download_button("下载 DOCX", data=draft_to_bytes(draft), file_name="说理文书草稿.docx", key="docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# ------------------------------------------------------------------ page

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
