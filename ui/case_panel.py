"""The officer's case discretion panel (案件裁量): facts → violations, circumstances (correctable), tier, fine
range, similar cases, statements, and the reasoning draft (DOCX)."""
from __future__ import annotations

from datetime import date
from typing import Optional

import streamlit as st

from core.models import WORDING_CHECK

# Circumstances an officer most often corrects; detected ones are shown as well.
CORRECTABLE = ("first_offence", "harm_none", "harm_minor", "corrected", "purchase_checked", "source_explained",
               "no_fault", "cooperated", "harm_serious", "repeat_within_year", "refused", "criminal_suspicion")


def case_panel(retriever, as_of: str, region: Optional[str]) -> None:
    from assistant.assess import assess

    st.subheader("案件裁量")
    facts = st.text_area("案件事实", key="case_facts", height=160,
                         placeholder="例：当事人于2024年3月销售超过保质期的牛奶，货值金额3000元，系初次违法，已及时下架改正……")
    st.text_area("陈述申辩（每行一点，可不填）", key="case_statements", height=80)
    st.date_input("违法行为发生日期（可不填：不填则从案件事实中读取，如“2026年10月”）", value=None, key="case_act_date",
                  format="YYYY-MM-DD", min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
    if st.button("分析", key="case_run", type="primary") and facts.strip():
        st.session_state["case_overrides"] = {}
        st.session_state.pop("case_item", None)
        st.session_state.pop("case_confirmed", None)  # the items of earlier facts
        _run_assess(assess, retriever, as_of, region)
    a = st.session_state.get("assessment")
    if a is not None:
        show_assessment(a, assess, retriever, as_of, region)


def _run_assess(assess, retriever, as_of: str, region: Optional[str]) -> None:
    points = [p for p in st.session_state.get("case_statements", "").splitlines() if p.strip()]
    picked = st.session_state.get("case_act_date")
    act = picked.isoformat() if isinstance(picked, date) else None
    kwargs = dict(retriever=retriever, act_date=act, as_of=as_of, region=region, statements=points,
                  overrides=st.session_state.get("case_overrides") or None)
    try:
        with st.spinner("分析中……"):
            try:
                st.session_state["assessment"] = assess(st.session_state["case_facts"], item=st.session_state.get(
                    "case_item"), **kwargs)
            except ValueError:  # the item established is no candidate of the facts as edited: decided afresh
                st.session_state.pop("case_item", None)
                st.session_state["assessment"] = assess(st.session_state["case_facts"], **kwargs)
        st.session_state.pop("case_draft", None)
    except Exception as exc:
        st.session_state.pop("assessment", None)
        st.error(f"分析失败：{type(exc).__name__}: {exc}")


LABEL_CHARS = 60


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """A label cut at a clause boundary (、，；) rather than mid-word."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(p, 0, limit) for p in "、，；,;（(")
    return (text[:cut] if cut > limit // 2 else text[:limit]) + "……"


def _provisions(ps) -> str:
    return "、".join(p.cite() for p in ps) or "—"


def _circumstance_changed(key: str, assess, retriever, as_of: str, region: Optional[str]) -> None:
    """A ticked or cleared circumstance: the tier and range are recomputed at once."""
    overrides = dict(st.session_state.get("case_overrides", {}))
    overrides[key] = bool(st.session_state.get(f"circ-{key}"))
    st.session_state["case_overrides"] = overrides
    _run_assess(assess, retriever, as_of, region)


def _item_changed(assess, retriever, as_of: str, region: Optional[str]) -> None:
    """The officer established other items: the tier and range are decided on the first of them."""
    picked = st.session_state.get("case_confirmed") or []
    st.session_state["case_item"] = picked[0] if picked else None
    _run_assess(assess, retriever, as_of, region)


def show_assessment(a, assess, retriever, as_of: str, region: Optional[str]) -> None:
    from assistant.circumstances import KINDS

    st.markdown("#### 违法行为")
    if not a.violations:
        st.warning("未匹配到违法行为，请补充事实。")
    if a.item_uncertain:
        st.warning("违法行为事项待确认：下列候选事项得分接近，请核实违法行为的具体表现后选定；阶次和罚款幅度按选定的第一项计算。")
    outcomes = {o.item_id: o for o in a.alternatives}
    for v in a.violations[:3]:
        check = f"（{WORDING_CHECK}）" if v.rule_to_check else ""
        outcome = f"  \n  如认定为此项：阶次“{outcomes[v.item_id].tier}”" if v.item_id in outcomes else ""
        st.markdown(f"- **{v.conduct}**  \n  违反：{_provisions(v.violated)}{check}；处罚依据：{_provisions(v.penalty_basis)}"
                    f"{outcome}")
    if a.violations:
        labels = {v.item_id: short_label(v.conduct) for v in a.violations[:3]}
        a.confirmed = st.multiselect("认定的违法行为（写入文书；阶次按所选第一项计算）", options=list(labels),
                                     default=[v.item_id for v in a.established()],
                                     format_func=labels.get, key="case_confirmed",
                                     on_change=_item_changed, args=(assess, retriever, as_of, region))
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
        st.checkbox(label, value=c is not None and c.value is not False, key=f"circ-{key}",
                    on_change=_circumstance_changed, args=(key, assess, retriever, as_of, region))
    amounts = [c for c in a.circumstances if c.key in KINDS and KINDS[c.key].topic in ("amount", "date")]
    if amounts:
        st.caption("；".join(f"{c.label}：{c.value}" + (f"（「{c.quote}」）" if c.quote else "") for c in amounts))
    if st.button("重新分析", key="case_rerun", help="情节勾选变化时会自动重新分析；修改了案件事实后请点此"):
        _run_assess(assess, retriever, as_of, region)
        st.rerun()
    a = st.session_state.get("assessment", a)
    st.markdown("#### 裁量结论")
    from assistant.conversation import rule_words

    st.markdown(f"**阶次：{a.tier}**" + ("（应当）" if a.mandatory else "")
                + f"  \n决定规则：{rule_words(a.tier_rule, a.tier_basis) or '—'}")
    if a.act_date:
        source = "所填日期" if st.session_state.get("case_act_date") else "从案件事实读取"
        st.caption(f"违法行为日期：{a.act_date}（{source}）")
    for r in a.reasons:
        st.markdown(f"- {r}")
    if a.fine_range and (a.fine_range.min is not None or a.fine_range.max is not None):
        lo = "—" if a.fine_range.min is None else f"{a.fine_range.min:,.0f}"
        hi = "—" if a.fine_range.max is None else f"{a.fine_range.max:,.0f}"
        from assistant.conversation import plain
        condition = f"**{a.fine_range.condition}**  \n" if a.fine_range.condition else ""
        st.markdown(f"**罚款幅度**：{lo} ～ {hi} {a.fine_range.unit}  \n{condition}{plain(a.fine_range.basis)}")
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
    if not a.similar_cases:
        st.caption("未找到可比案件。")
    for c in a.similar_cases[:5]:
        link = f" [来源]({c.source})" if c.source.startswith("http") else ""
        st.markdown(f"- {c.title}（{c.region} {c.date}，{c.tier}）{('：' + c.why) if c.why else ''}{link}")
    if a.statements:
        st.markdown("#### 陈述申辩")
        for s in a.statements:
            verdict = {True: "采纳", False: "不予采纳", None: "待核实"}[s.adopted]
            st.markdown(f"- {s.point} → **{verdict}**：{s.reason}")
    draft_section(a, retriever)


def draft_section(a, retriever) -> None:
    from assistant.docx_export import draft_to_bytes
    from assistant.draft import draft_reasoning
    from assistant.verify import StoreResolver

    st.markdown("#### 说理式文书（草稿）")
    include = st.checkbox("将类案及类案同罚核查写入文书", value=False, key="include_consistency",
                          disabled=not a.similar_cases)
    try:
        draft = draft_reasoning(a, resolver=StoreResolver(retriever.store, retriever.law_names),
                                include_consistency=include)
    except Exception as exc:
        st.error(f"生成文书失败：{type(exc).__name__}: {exc}")
        return
    for w in draft.warnings:
        st.warning(w)
    with st.expander("查看草稿", expanded=True):
        st.markdown(draft.to_markdown(include_report=True))
    st.download_button("下载 DOCX", data=draft_to_bytes(draft), file_name="说理文书草稿.docx", key="docx",
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
