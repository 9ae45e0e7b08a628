"""The Streamlit app through streamlit.testing.v1.AppTest, pointed at the small session index."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FACTS = "当事人于2024年3月销售超过保质期的牛奶，货值金额3000元，系初次违法，已及时下架改正，未造成危害后果。"


@pytest.fixture
def app(small_settings, built_index, monkeypatch) -> AppTest:
    monkeypatch.setenv("SHUOLI_HOME", str(small_settings.home))
    monkeypatch.setenv("SHUOLI_SOURCES", str(small_settings.sources_file))
    for var in ("PROVIDER", "MODEL", "BASE_URL", "API_KEY", "TIMEOUT"):
        monkeypatch.delenv(f"SHUOLI_LLM_{var}", raising=False)
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_question_gets_an_answer_with_a_source_card(app):
    app.chat_input[0].set_value("经营过期食品货值不足一万元怎么罚").run()
    assert not app.exception
    body = texts(app)
    assert "五万元以上十万元以下" in body
    assert "**《中华人民共和国食品安全法》第一百二十四条**" in body  # the card heading
    assert "<mark>" in body  # the matching span is highlighted in the card's full text
    assert "现行有效" in body  # version/status line of the card


def test_merchant_mode_has_no_case_panel_and_no_upload(app):
    assert [r.label for r in app.radio if r.label == "功能"] and len(app.sidebar.file_uploader) == 1
    app.sidebar.radio(key="mode").set_value("经营者").run()
    assert not app.exception
    assert not [r for r in app.radio if r.label == "功能"]
    assert len(app.sidebar.file_uploader) == 0
    assert "经营者合规指引" in [h.value for h in app.header]
    app.chat_input[0].set_value("我开小超市卖食品要注意什么").run()
    assert "- [ ]" in texts(app) and "不能覆盖" in texts(app)


def test_case_panel_assesses_corrects_and_offers_docx(app):
    app.radio(key="view").set_value("案件裁量").run()
    app.text_area(key="case_facts").input(FACTS).run()
    app.button(key="case_run").click().run()
    assert not app.exception
    body = texts(app)
    tier_before = next(m.value for m in app.markdown if m.value.startswith("**阶次："))
    # expired milk, first offence, put right, no harm: 第三十三条第一款后段 met, but food and not small → weighed as 可以从轻
    assert ("从轻" in tier_before or "减轻" in tier_before) and "第三十三条第一款后段" in body
    assert "情节（可更正）" in body and "原文：「" in " ".join(c.label for c in app.checkbox)
    assert len(app.get("download_button")) == 1
    # the officer finds it was not a first offence and not corrected: the tier must change
    app.checkbox(key="circ-first_offence").uncheck()
    app.checkbox(key="circ-corrected").uncheck()
    app.button(key="case_rerun").click().run()
    assert not app.exception
    tier_after = next(m.value for m in app.markdown if m.value.startswith("**阶次："))
    assert tier_after != tier_before and "一般" in tier_after
    assert len(app.get("download_button")) == 1


def test_case_panel_decides_on_the_item_the_officer_establishes(app):
    """Close candidates: a warning, the tier each would give; choosing the other item recomputes the tier on it."""
    app.radio(key="view").set_value("案件裁量").run()
    # (no order to correct in the facts: with one, the clause that fines only 拒不改正 ranks first — tests/test_assess.py)
    app.text_area(key="case_facts").input("当事人销售的食品标签上的配料表未标注所用食品添加剂，不影响食品安全。"
                                          "当事人当日即更换了标签。").run()
    app.button(key="case_run").click().run()
    assert not app.exception
    assert any("违法行为事项待确认" in w.value for w in app.warning)
    assert "如认定为此项：阶次“不予处罚”" in texts(app)
    tier_before = next(m.value for m in app.markdown if m.value.startswith("**阶次："))
    assert "不予处罚" not in tier_before
    a = app.session_state["assessment"]
    other = next(o.item_id for o in a.alternatives if o.tier == "不予处罚")
    app.multiselect(key="case_confirmed").set_value([other]).run()
    assert not app.exception
    tier_after = next(m.value for m in app.markdown if m.value.startswith("**阶次："))
    assert "不予处罚" in tier_after
    assert app.session_state["assessment"].violations[0].item_id == other


def test_bad_pdf_upload_shows_a_clear_error(app):
    app.sidebar.file_uploader[0].set_value(("坏文件.pdf", b"this is not a pdf at all", "application/pdf")).run()
    app.sidebar.button(key="ingest").click().run()
    assert not app.exception
    errors = [e.value for e in app.sidebar.error]
    assert errors and errors[0].startswith("坏文件.pdf：")
    assert len(errors[0]) > len("坏文件.pdf：") + 4


def test_missing_index_explains_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SHUOLI_HOME", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("shuoli ingest" in c.value for c in at.code)
