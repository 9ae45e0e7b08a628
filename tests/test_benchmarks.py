"""Loading office benchmark files (YAML/JSON): validation with line numbers, profiles, records."""
from __future__ import annotations

import json

import pytest

from ingest.benchmarks import BenchmarkError, item_to_record, load_benchmark_file, parse_provision_text
from core.settings import REPO_ROOT

PROFILES = REPO_ROOT / "corpus" / "profiles"
BENCHMARKS = REPO_ROOT / "corpus" / "benchmarks"


def test_national_profile_loads():
    f = load_benchmark_file(PROFILES / "national.yaml")
    assert f.profile.scheme == ["不予处罚", "免予处罚", "减轻", "从轻", "一般", "从重"]
    assert f.profile.range_fractions["从轻"] == (0.0, 0.3)
    assert f.profile.mitigated_floor == 0.0  # 指导意见第十条: 减轻 is anywhere below the statutory minimum
    assert f.profile.range_fractions["一般"] == (0.3, 0.7) and f.profile.range_fractions["从重"] == (0.7, 1.0)
    assert f.profile.lists and f.profile.lists[0].provisions[0].article == 136


def test_example_five_tier_profile_loads():
    f = load_benchmark_file(PROFILES / "example_5tier.yaml")
    assert len(f.profile.scheme) == 5 and f.profile.region == "示例省"


def test_authored_items_load_and_index():
    f = load_benchmark_file(BENCHMARKS / "authored.yaml")
    assert len(f.items) >= 10
    by_id = {i.item_id: i for i in f.items}
    assert len(by_id) == len(f.items)  # every id once
    fake = by_id["authored:product-adulterated"]  # 以次充好: 货值金额百分之五十以上三倍以下
    assert fake.penalty_basis[0].cite() == "《产品质量法》第五十条"
    assert (fake.penalty.fines[0].min, fake.penalty.fines[0].max, fake.penalty.fines[0].base) == (0.5, 3, "货值金额")
    bundle = by_id["authored:ecommerce-default-bundle"]
    assert bundle.violated[0].cite() == "《电子商务法》第十九条"
    assert bundle.penalty_basis[0].article == 77 and bundle.region == "全国"
    rec = item_to_record(bundle)
    assert rec.id == "item:authored:ecommerce-default-bundle" and rec.doc_type == "benchmark"
    assert "第七十七条" in rec.text and "5万元以上20万元以下" in rec.text
    assert rec.meta["item_id"] == bundle.item_id and rec.version == "2025-authored-1"


def test_provision_text_forms():
    p = parse_provision_text("《食品安全法》第一百二十四条第一款第（五）项")
    assert (p.law, p.article, p.paragraph, p.item) == ("食品安全法", 124, 1, 5)
    assert parse_provision_text("食品安全法第124条").article == 124


def test_bad_file_names_line_and_field(tmp_path):
    bad = tmp_path / "office.yaml"
    bad.write_text(
        "region: 某市\n"
        "items:\n"
        "  - item_id: a1\n"
        "    conduct: 经营过期食品\n"
        "    penalty_basis: [\"食品安全法第一百二十四条\"]\n"
        "  - item_id: a2\n"
        "    conduct: 不明码标价\n"
        "    penalty_basis: [\"价格法第四十二条\"]\n"
        "    tiers:\n"
        "      - tier: 特别轻\n"
        "profile:\n"
        "  profile_id: x\n"
        "  scheme: [从轻, 一般, 从重]\n"
        "  range_fractions: {从轻: [0.5, 0.2]}\n", encoding="utf-8")
    with pytest.raises(BenchmarkError) as err:
        load_benchmark_file(bad)
    problems = err.value.problems
    assert any(":10:" in p and "items.1.tiers.0.tier" in p for p in problems), problems
    assert any(":14:" in p and "range_fractions.从轻" in p for p in problems), problems
    assert str(bad) in str(err.value)


def test_missing_basis_and_duplicate_ids(tmp_path):
    bad = tmp_path / "dup.json"
    bad.write_text(json.dumps({"items": [
        {"item_id": "x", "conduct": "甲", "penalty_basis": ["广告法第五十七条"]},
        {"item_id": "x", "conduct": "乙"}]}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BenchmarkError) as err:
        load_benchmark_file(bad)
    text = "\n".join(err.value.problems)
    assert "duplicate item_id" in text and "penalty_basis" in text


def test_yaml_syntax_error_has_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("items:\n  - item_id: a\n    conduct: [unclosed\n", encoding="utf-8")
    with pytest.raises(BenchmarkError) as err:
        load_benchmark_file(bad)
    assert "syntax" in err.value.problems[0]


def test_a_law_enforced_mostly_by_others_gives_items_of_its_listed_articles_only():
    """固体废物污染环境防治法 is a source for its 过度包装 rule (第一百零五条, 市场监督管理部门); its other penalties are the
    environment authorities' and derive no items (sources.yaml items_only)."""
    from core.models import Provision, ViolationItem
    from core.settings import Settings
    from ingest import catalog
    from retriever.indexer import _item_allowed

    only = catalog.load_source_list(Settings().sources_file).items_only
    assert only == {"固体废物污染环境防治法": [105]}

    def item(article: int) -> ViolationItem:
        return ViolationItem(item_id=f"固体废物污染环境防治法@2020-04-29#{article}-1-0", conduct="x",
                             penalty_basis=[Provision(law="中华人民共和国固体废物污染环境防治法", article=article)])

    assert _item_allowed(item(105), only) and not _item_allowed(item(102), only)
    other = ViolationItem(item_id="食品安全法@2025-09-12#124-1-1", conduct="x",
                          penalty_basis=[Provision(law="食品安全法", article=124)])
    assert _item_allowed(other, only)
