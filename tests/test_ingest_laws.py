"""Real law files → article records, versions and validity."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import catalog
from ingest.markdown_laws import LawParseError, parse_law_file, parse_law_text
from core.records import AMENDED, IN_FORCE, NOT_YET, Record
from core.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LAWREF = CORPUS / "lawrefbook"
needs_corpus = pytest.mark.skipif(not LAWREF.is_dir(), reason="../shared/corpus not present")


@needs_corpus
def test_food_safety_law_splits_into_articles_with_chapters():
    law = parse_law_file(LAWREF / "行政法" / "食品安全法(2021-04-29).md")
    assert law.title == "中华人民共和国食品安全法"
    assert law.short_name == "食品安全法" and law.version == "2021-04-29"
    numbers = [r.article for r in law.records]
    assert numbers == sorted(numbers) and numbers[0] == 1 and 154 in numbers
    a124 = next(r for r in law.records if r.article == 124)
    assert a124.article_label == "第一百二十四条"
    assert a124.chapter_path == ["第九章 法律责任"]
    assert "货值金额不足一万元的，并处五万元以上十万元以下罚款" in a124.text
    assert "（二）用超过保质期的食品原料" in a124.text  # 项 stay inside the article
    a34 = next(r for r in law.records if r.article == 34)
    assert a34.chapter_path == ["第四章 食品生产经营", "第一节 一般规定"]


@needs_corpus
def test_cross_references_mid_line_do_not_split():
    law = parse_law_file(LAWREF / "行政法" / "行政处罚法(2021-01-22).md")
    assert [r.article for r in law.records] == list(range(1, 87))
    a33 = next(r for r in law.records if r.article == 33)
    assert a33.text.count("\n") == 2  # three 款
    assert "当事人有证据足以证明没有主观过错的，不予行政处罚" in a33.text


def test_article_numbers_with_zero_and_zhi_yi():
    text = ("# 中华人民共和国测试法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一百零一条 甲。\n\n"
            "第一百零一条之一 乙，依照本法第一百零一条第二款处理。\n\n第一百零二条　丙。\n")
    law = parse_law_text(text, version="2020-01-01")
    assert [(r.article, r.article_suffix) for r in law.records] == [(101, 0), (101, 1), (102, 0)]
    assert law.records[1].id == "测试法@2020-01-01#101-1"
    assert law.records[1].article_label == "第一百零一条之一"


def test_headings_without_hashes_and_padded_spaces():
    text = ("# 某某规定\n<!-- INFO END -->\n第一章  总    则\n第一条　目的。\n第二章　罚  则\n第二条　罚款。\n")
    law = parse_law_text(text, version="2022-01-01")
    assert [r.chapter_path for r in law.records] == [["第一章 总则"], ["第二章 罚则"]]


def test_long_article_splits_by_paragraph_with_header_repeated():
    paras = "\n\n".join(f"第{i}款内容" + "很长" * 400 for i in range(1, 4))
    law = parse_law_text(f"# 长法\n<!-- INFO END -->\n第一条 {paras}\n", version="2020-01-01")
    assert len(law.records) > 1
    assert all(r.article == 1 for r in law.records)
    assert law.records[1].text.startswith("第一条（续1）")
    assert len({r.id for r in law.records}) == len(law.records)


def test_amendment_decision_is_not_confused_with_the_law():
    text = ("# 全国人民代表大会常务委员会关于修改《中华人民共和国食品安全法》的决定\n<!-- INFO END -->\n"
            "一、第四十一条增加一款。\n第一百三十二条 这一行引用被修改法律的条文。\n二、第八十一条修改。\n")
    law = parse_law_text(text, version="2025-09-12")
    assert law.is_amendment
    assert all(r.article is None for r in law.records)
    assert all(r.meta.get("amendment") for r in law.records)


def test_empty_or_articleless_text_is_a_clear_error(tmp_path):
    empty = tmp_path / "空(2020-01-01).md"
    empty.write_bytes(b"")
    with pytest.raises(LawParseError, match="empty"):
        parse_law_file(empty)
    with pytest.raises(LawParseError, match="no articles"):
        parse_law_text("# 标题\n\n只有一段话。\n", version="")


def test_validity_and_status_on_dates():
    old = Record(id="a", text="", effective="2019-11-01", expires="2027-01-01")
    new = Record(id="b", text="", effective="2027-01-01")
    assert old.in_force_on("2026-11-22") and not new.in_force_on("2026-11-22")
    assert new.status_on("2026-11-22") == NOT_YET
    assert old.status_on("2027-06-01") == AMENDED and new.status_on("2027-06-01") == IN_FORCE
    repealed = Record(id="c", text="", effective="2000-01-01", repealed=True)
    assert not repealed.in_force_on("2026-01-01")


@needs_corpus
def test_catalogue_versions_chain_and_dates():
    settings = Settings(corpus_dirs=[CORPUS])
    sources = catalog.load_source_list(settings.project_corpus / "sources.yaml")
    docs = catalog.resolve_versions(catalog.select(catalog.discover(settings), sources), sources.effective_overrides)
    by_key = {d.key: d for d in docs}
    # 商标法: the 2019 text is in force until the 2026 revision takes effect on 2027-01-01.
    assert by_key["商标法@2019-04-23"].expires == "2027-01-01"
    assert by_key["商标法@2026-06-26"].effective == "2027-01-01"
    # 食品安全法: the 2025 amendment is dated by its decision (in force 2025-12-01).
    assert by_key["食品安全法@2025-09-12"].effective == "2025-12-01"
    assert by_key["食品安全法@2021-04-29"].expires == "2025-12-01"
    # 广告法 lies in two folders: one version, one document.
    assert sum(1 for d in docs if d.short_name == "广告法") == 1
    assert by_key["反不正当竞争法@2025-06-27"].effective == "2025-10-15"
    assert set(sources.laws) <= {d.short_name for d in docs}


@needs_corpus
def test_the_referral_rule_is_a_source_without_violation_items():
    # 行政执法机关移送涉嫌犯罪案件的规定: cited when a case is sent to the police (第三条), but its 罚 clauses punish
    # officials (第十一条 …处分), so no violation item of a trader may come from it
    from ingest.markdown_laws import parse_law_file
    from ingest.penalty_clauses import derive_items
    from tests.law_texts import law_file

    settings = Settings(corpus_dirs=[CORPUS])
    sources = catalog.load_source_list(settings.project_corpus / "sources.yaml")
    name = "行政执法机关移送涉嫌犯罪案件的规定"
    assert name in sources.laws and name in sources.no_items
    records = parse_law_file(law_file("lawrefbook", "行政法规", f"{name}(2020-08-07).md")).records
    assert derive_items(records)  # the clauses would yield items: the list is what keeps them out
