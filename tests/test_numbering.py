"""An authored item and a worked question written against 商标法 2019 read in the numbering of the version in force on
the date asked about: from 2027-01-01 (the 2026 revision) 第五十七条 / 第六十条 are 第七十二条 / 第七十四条, and the 2026
text's own 第五十七条 and 第六十条 are other rules. Real law files, the small real index."""
from __future__ import annotations

from assistant.answer import answer
from retriever.numbering import version_on


def test_the_version_in_force_on_a_date(retriever):
    assert version_on(retriever.store, "商标法", "2026-12-31") == "2019-04-23"
    assert version_on(retriever.store, "商标法", "2027-01-01") == "2026-06-26"


def test_an_authored_item_in_the_numbering_of_the_version_in_force(retriever):
    meta = retriever.store.get(["item:authored:trademark-infringing-goods"])[0].meta
    assert retriever.item_on(meta, "2026-12-01") is meta  # the 2019 text is in force: its own numbers
    later = retriever.item_on(meta, "2027-02-01")
    assert [(p["article"], p.get("item")) for p in later["violated"]] == [(72, 3)]
    assert [(p["article"], p.get("paragraph")) for p in later["penalty_basis"]] == [(74, 2)]
    assert meta["penalty_basis"][0]["article"] == 60  # the stored item is left as written


def test_a_worked_questions_article_is_found_in_a_later_revision_by_its_text(retriever):
    assert retriever._worked_article("商标法", 60, "2026-12-01")[0].article == 60
    assert retriever._worked_article("商标法", 60, "2027-02-01")[0].article == 74


def test_an_answer_after_the_revision_cites_the_revised_numbers(retriever):
    a = answer("销售假冒注册商标的商品怎么罚？", retriever=retriever, persona="officer", as_of="2027-02-01", region=None)
    assert "第七十四条第二款" in a.text and "未核实" not in a.text
    assert not any(s["short_name"] == "商标法" and s["article"] in (57, 60) for s in a.sources)
