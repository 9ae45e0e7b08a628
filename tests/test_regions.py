"""Local regulations carry their province; a region search returns that province's texts with the national
ones and never another province's. Texts without 第X条 are kept as documents. Real corpus files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.records import NATIONAL, normalise_region
from core.settings import REPO_ROOT, Settings
from ingest import catalog
from ingest.markdown_laws import parse_document_text
from retriever.filters import OPEN_END, SearchFilter

SHARED = REPO_ROOT.parent / "shared" / "corpus"
FOUND = SHARED / "extra-found"
DLC = "DLC/{p}地方法规/地方性法规/{p}/{name}.md"
SHANGHAI_CARD = DLC.format(p="上海", name="上海市单用途预付消费卡管理规定(2018-07-27)")
BEIJING_CARD = DLC.format(p="北京", name="北京市单用途预付卡管理条例")  # no date in the file name
needs_corpus = pytest.mark.skipif(not (FOUND / SHANGHAI_CARD).is_file(), reason="shared corpus not present")


def test_region_names_normalise():
    assert normalise_region("上海市") == normalise_region("上海") == "上海"
    assert normalise_region("广东省") == "广东"
    assert normalise_region("广西壮族自治区") == "广西"
    assert normalise_region("") == normalise_region(None) == normalise_region("全国") == NATIONAL


def test_filter_keeps_the_region_and_national_records_only():
    flt = SearchFilter(as_of="2026-01-01", regions=("上海市",))
    assert flt.regions == ("上海",)
    assert flt.allows("law", 0, OPEN_END, "上海", "public")
    assert flt.allows("law", 0, OPEN_END, NATIONAL, "public")
    assert not flt.allows("law", 0, OPEN_END, "北京", "public")
    assert flt.allows("case", 0, OPEN_END, "北京", "public")  # cases are comparable across regions
    where = flt.chroma_where()["$and"]
    assert {"$or": [{"region": {"$in": ["上海", NATIONAL]}}, {"doc_type": {"$eq": "case"}}]} in where
    # No region asked: national texts only, never some province's local rules.
    national = SearchFilter(as_of="2026-01-01")
    assert national.allows("law", 0, OPEN_END, NATIONAL, "public")
    assert not national.allows("law", 0, OPEN_END, "北京", "public")
    assert not national.allows("benchmark", 0, OPEN_END, "北京", "public")


@pytest.fixture(scope="module")
def local_corpus(tmp_path_factory) -> Path:
    """A corpus folder holding two real local regulations (Shanghai, Beijing) in the extra-found layout."""
    root = tmp_path_factory.mktemp("corpus")
    for rel in (SHANGHAI_CARD, BEIJING_CARD):
        target = root / "extra-found" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FOUND / rel, target)
    return root


@needs_corpus
def test_catalogue_reads_local_regulations_with_their_region(local_corpus):
    docs = {d.short_name: d for d in catalog.discover_markdown(local_corpus)}
    sh, bj = docs["上海市单用途预付消费卡管理规定"], docs["北京市单用途预付卡管理条例"]
    assert (sh.region, sh.level, sh.version, sh.origin) == ("上海", "地方性法规", "2018-07-27", "extra")
    assert (bj.region, bj.version) == ("北京", "2021-11-26")  # dated by its header line
    assert {r.version for r in bj.load().records} == {"2021-11-26"} and bj.load().records[0].id.startswith("北京市单用途预付卡管理条例@2021-11-26#")
    records = sh.load().records
    assert records and {r.region for r in records} == {"上海"} and records[0].article == 1


@needs_corpus
def test_sources_folders_select_every_text_below(local_corpus):
    docs = catalog.discover_markdown(local_corpus)
    wanted = catalog.SourceList(laws=[], amendments=[], effective_overrides={}, folders=["extra-found/DLC"])
    assert len(catalog.select(docs, wanted)) == 2
    nothing = catalog.SourceList(laws=[], amendments=[], effective_overrides={}, folders=["extra-found/DLC2"])
    assert catalog.select(docs, nothing) == []


@needs_corpus
def test_region_search_never_returns_another_province(local_corpus, tmp_path):
    from retriever.indexer import build_index
    from retriever.search import Retriever

    sources = tmp_path / "sources.yaml"
    sources.write_text("laws: [价格法]\nfolders: [extra-found/DLC]\n", encoding="utf-8")
    settings = Settings(home=tmp_path / "home", corpus_dirs=[local_corpus], sources_file=sources, chroma_url="")
    report = build_index(settings, dense=False)
    assert report.ok, report.failures
    r = Retriever(settings, dense=False)
    try:
        query = "商家办理预付卡后关门跑路，消费者怎么退卡"
        for region, other in (("上海", "北京"), ("北京市", "上海")):
            hits = r.search(query, k=20, flt=SearchFilter(regions=(region,)), mode="lexical")
            regions = {h.record.region for h in hits if h.record.doc_type != "case"}
            assert normalise_region(region) in regions and other not in regions
            assert regions <= {normalise_region(region), NATIONAL}
        cited = "《北京市单用途预付卡管理条例》第五条"
        assert any(h.via.get("citation") and h.record.region == "北京"
                   for h in r.search(cited, k=5, flt=SearchFilter(regions=("北京",))))
        assert all(h.record.region != "北京" for h in r.search(cited, k=20, flt=SearchFilter(regions=("上海",))))
        for flt in (SearchFilter(regions=(NATIONAL,)), SearchFilter()):
            national_only = r.search(query, k=20, flt=flt, mode="lexical")
            assert national_only and {h.record.region for h in national_only if h.record.doc_type != "case"} <= {NATIONAL}
        # A local law named in the question is found without a region (exact citation).
        assert r.search(cited, k=3)[0].record.region == "北京"
    finally:
        r.close()


@needs_corpus
def test_food_safety_law_versions_chain_on_the_real_corpus():
    settings = Settings()
    sources = catalog.load_source_list(settings.sources_file)
    chosen = catalog.resolve_versions(catalog.select(catalog.discover(settings), sources),
                                      sources.effective_overrides)
    food = {d.version: d for d in chosen if d.short_name == "食品安全法"}
    assert food["2021-04-29"].expires == "2025-12-01"
    assert food["2025-09-12"].effective == "2025-12-01" and food["2025-09-12"].expires == ""
    assert food["2025-09-12"].origin == "extra"  # the consolidated text from extra-found, not the database
    drug = {d.version: d for d in chosen if d.short_name == "药品管理法实施条例"}
    assert drug["2024-12-06"].expires == drug["2026-01-16"].effective == "2026-05-15"
    local = [d for d in chosen if d.level == "地方性法规"]
    # the 65 of extra-found's ten provinces and the four of Chongqing named in sources.yaml
    assert len(local) == 69 and all(d.region != NATIONAL for d in local)
    assert sum(d.region == "重庆" for d in local) == 4


def test_document_without_articles_is_split_by_headings_and_paragraphs():
    text = ("# 关于某事项的通知\n\n2020年1月1日发布\n\n<!-- INFO END -->\n\n各地市场监管局：\n\n"
            "## 一、总体要求\n\n" + "坚持依法行政。" * 60 + "\n\n" + "严格规范执法。" * 60 + "\n\n"
            "## 二、工作措施\n\n加强监督检查。\n")
    doc = parse_document_text(text, version="2020-01-01", source="x.md")
    assert doc.title == "关于某事项的通知" and doc.history == ["2020年1月1日发布"]
    assert all(r.doc_type == "guidance" and r.title == doc.title for r in doc.records)
    paths = [r.chapter_path for r in doc.records]
    assert paths[0] == [] and ["一、总体要求"] in paths and paths[-1] == ["二、工作措施"]
    assert sum(p == ["一、总体要求"] for p in paths) == 2  # two long paragraphs → two passages
    assert len({r.id for r in doc.records}) == len(doc.records)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared corpus not present")
def test_real_text_without_articles_loads_as_a_document():
    path = next(SHARED.glob("lawrefbook/行政法规/国务院关于在我国统一实行法定计量单位的命令(*).md"), None)
    if path is None:
        pytest.skip("file not in this corpus")
    doc = catalog.SourceDoc(short_name="国务院关于在我国统一实行法定计量单位的命令", version="1984-02-27",
                            origin="markdown", path=path)
    records = doc.load().records
    assert records and all(r.doc_type == "guidance" for r in records)
    assert "法定计量单位" in "".join(r.text for r in records)


def test_a_named_provinces_own_texts_weigh_more_than_before():
    """A question that names 北京 (or one of a province's cities) lifts that province's local texts by REGION_BOOST: its own
    rule answers beside the national one. Other provinces' texts, the national texts, items and cases are left as they are."""
    from retriever.places import regions_named
    from retriever.search import REGION_BOOST, Retriever

    assert REGION_BOOST > 1.0
    assert regions_named("我在北京海淀，办了张私教卡想退") == ("北京",)
    assert regions_named("我在成都菜市场买排骨") == ("四川",)
    ranked = {"北京市单用途预付卡管理条例@2021-11-26#15": 0.1, "消费者权益保护法实施条例@2024-03-15#22": 0.2,
              "上海市单用途预付消费卡管理规定@2018-07-27#10": 0.1, "item:北京市单用途预付卡管理条例@2021-11-26#40-1-0": 0.1}
    Retriever._boost_regions(("北京",), ranked)
    assert ranked["北京市单用途预付卡管理条例@2021-11-26#15"] == pytest.approx(0.1 * REGION_BOOST)
    assert ranked["消费者权益保护法实施条例@2024-03-15#22"] == 0.2
    assert ranked["上海市单用途预付消费卡管理规定@2018-07-27#10"] == 0.1
    assert ranked["item:北京市单用途预付卡管理条例@2021-11-26#40-1-0"] == 0.1
