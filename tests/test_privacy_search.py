"""Personal data in a case never comes back from search: a natural person's name, ID number and mobile number
go in through the real case loader (`build_index(paths=...)`), and no hit, stored row or Chroma entry holds them."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings

NAME, NAME_2 = "张三丰", "王小明"
ID_NUMBER, ID_NUMBER_2 = "110101199003071234", "11010119900307123X"
MOBILE, MOBILE_2 = "13812345678", "139-1234-5678"
RAW = (NAME, NAME_2, ID_NUMBER, ID_NUMBER_2, MOBILE, MOBILE_2, "1391234")
ROWS = [
    # an office export row: the party is a natural person and there is no 案件名称 column
    {"决定书文号": "测市监罚〔2026〕101号", "当事人": NAME,
     "违法事实": f"当事人{NAME}（身份证号{ID_NUMBER}，手机{MOBILE}）在其经营的水果摊销售超过保质期的鲜牛奶。",
     "处罚依据": "《食品安全法》第一百二十四条", "处罚结果": "罚款5万元", "决定日期": "2026-03-01",
     "作出决定机关": "测试市市场监督管理局"},
    # a project-format row whose title names the person and whose phone number has separators
    {"case_id": "privacy-2", "title": f"{NAME_2}销售过期食品案", "tier": "一般",
     "facts": f"当事人{NAME_2}，身份证号 {ID_NUMBER_2}，联系电话 {MOBILE_2}，在菜市场销售超过保质期的酸奶。"},
]
QUERIES = (NAME, NAME_2, ID_NUMBER, ID_NUMBER_2, MOBILE, MOBILE_2, "销售超过保质期的鲜牛奶 水果摊",
           "菜市场 过期 酸奶", f"{NAME} 身份证 {ID_NUMBER} 手机 {MOBILE}")


@pytest.fixture(scope="module")
def privacy_index(tmp_path_factory):
    from retriever.indexer import build_index
    from retriever.search import Retriever

    home = tmp_path_factory.mktemp("privacy-home")
    models = Path(os.environ.get("SHUOLI_TEST_MODELS", REPO_ROOT / "data" / "models"))
    (home / "models").symlink_to(models, target_is_directory=True)
    export = home / "cases-export.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    settings = Settings(home=home, chroma_url="")
    report = build_index(settings, paths=[export])
    assert report.ok and report.records == 2, report
    retriever = Retriever(settings)
    yield settings, retriever
    retriever.close()


def leaked(blob: str) -> list[str]:
    return [raw for raw in RAW if raw in blob]


@pytest.mark.parametrize("mode", ["hybrid", "lexical", "dense"])
def test_masked_values_never_come_back_from_search(privacy_index, mode):
    from retriever.filters import SearchFilter

    _, retriever = privacy_index
    found_cases = set()
    for query in QUERIES:
        for hit in retriever.search(query, 10, SearchFilter(), mode=mode):
            d = hit.to_dict("2026-11-22")
            found_cases.add(d["id"])
            assert not leaked(json.dumps(d, ensure_ascii=False)), (query, d["id"], leaked(json.dumps(d, ensure_ascii=False)))
    assert found_cases == {"case:测市监罚〔2026〕101号", "case:privacy-2"}  # the cases are searchable, only masked


def test_masked_values_are_not_stored_anywhere(privacy_index):
    _, retriever = privacy_index
    for record in retriever.store.iter_records():
        assert not leaked(record.model_dump_json()), (record.id, leaked(record.model_dump_json()))
        assert "某" in record.text and "[身份证号已隐去]" in record.text
    got = retriever.dense.collection.get(include=["metadatas", "documents"])
    assert not leaked(json.dumps(got, ensure_ascii=False, default=str))
