"""Case loaders: seed YAML, office CSV/JSONL exports, PDF decisions, masking and the index record."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ingest.case_fields import normalise_date
from ingest.cases import CaseLoadError, case_to_record, load_case_file, load_case_pdf, mask_personal_data

REPO = Path(__file__).resolve().parent.parent
SEED_FILE = REPO / "corpus" / "cases" / "seed_cases.yaml"
# sha256 of the real name that the C05 seed text prints; the name itself must never be written into the repo.
C05_NAME_SHA256 = "499eb31090cb286538eff1883e2997ba84ed1dc660a0f993a9909d2d8684527b"


def _contains_hashed_name(text: str, digest: str, lengths: tuple[int, ...] = (2, 3, 4)) -> bool:
    return any(hashlib.sha256(text[i:i + n].encode()).hexdigest() == digest
               for n in lengths for i in range(len(text) - n + 1))


# --- seed cases ------------------------------------------------------------------------------------------

def test_seed_yaml_loads_13_valid_cases():
    cases = load_case_file(SEED_FILE)
    assert cases.errors == []
    assert [c.source_id for c in cases] == [f"C{i:02d}" for i in range(1, 14)]
    assert [c.case_id for c in cases] == [f"seed-C{i:02d}" for i in range(1, 14)]
    tiers = {c.source_id: c.tier for c in cases}
    assert tiers["C01"] == "免予处罚" and tiers["C05"] == "从重" and tiers["C06"] == "调解" and tiers["C07"] == "混合"
    c05 = next(c for c in cases if c.source_id == "C05")
    assert c05.penalty.fine == 86000 and c05.penalty.confiscated_income == 670
    assert [(p.law, p.article, p.item) for p in c05.provisions.violated] == [("食品安全法", 34, 10)]
    for case in cases:  # every case says which provisions came from the seed and which were inferred
        assert any(t.startswith("【条款来源】") for t in case.provisions.discretion_basis), case.case_id


def test_seed_yaml_has_no_real_names():
    raw = SEED_FILE.read_text(encoding="utf-8")
    assert not _contains_hashed_name(raw, C05_NAME_SHA256)
    assert "龚大爷" not in raw
    for case in load_case_file(SEED_FILE):  # masking the loaded cases changes nothing: they are clean already
        assert mask_personal_data(case.facts) == case.facts


def test_case_to_record_is_indexable():
    case = load_case_file(SEED_FILE)[4]
    record = case_to_record(case)
    assert record.id == "case:seed-C05" and record.doc_type == "case"
    assert record.effective == "2024-07-04" and record.region == "辽宁省沈阳市大东区"
    assert "《食品安全法》第一百二十四条第一款第（五）项" in record.text and "从重" in record.text
    assert record.meta["penalty"]["fine"] == 86000
    json.dumps(record.model_dump(), ensure_ascii=False)  # serialisable for the index


# --- masking ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("当事人张三于2024年5月购进", "当事人张某于2024年5月购进"),
    ("法定代表人：欧阳明华，电话13812345678", "法定代表人：欧阳某某，电话138****5678"),
    ("身份证号11010519491231002X。", "身份证号[身份证号已隐去]。"),
    ("经查，李大伟（以下简称当事人）在早市销售", "经查，李某某（以下简称当事人）在早市销售"),
    ("执法人员刘强、王芳到场检查", "执法人员刘某、王某到场检查"),
    ("当事人王某某经营一家超市", "当事人王某某经营一家超市"),
    ("当事人陈述称不知情，经营者应当如实记录", "当事人陈述称不知情，经营者应当如实记录"),
    ("消费者于先生投诉，订单号201812345678901234", "消费者于先生投诉，订单号201812345678901234"),
])
def test_mask_personal_data(text, expected):
    assert mask_personal_data(text) == expected


# --- office exports ---------------------------------------------------------------------------------------

CSV_EXPORT = """决定书文号,案件名称,当事人,违法事实,处罚依据,处罚内容,罚款金额,没收违法所得,决定日期,执法机关
某市监罚〔2024〕11号,销售过期食品案,赵小明,当事人赵小明销售超过保质期的面包12袋，货值金额360元。,违反了《食品安全法》第三十四条第（十）项的规定，依据《食品安全法》第一百二十四条第一款第（五）项,从轻处罚：没收违法所得；罚款5万元,5万元,120元,2024年3月5日,某市某区市场监督管理局
某市监罚〔2024〕12号,未明码标价案,某超市,当事人商品未标价，联系电话13900001111。,依据《价格法》第四十二条,罚款,一千元,,2024/4/1,某市市场监督管理局
某市监罚〔2024〕13号,坏行,某店,当事人销售不合格插座。,,罚款,很多钱,,2024-05-01,某市市场监督管理局
某市监罚〔2024〕14号,无事实,某店,,,,,,2024-05-02,某市市场监督管理局
"""


def test_csv_export_with_chinese_columns_reports_bad_rows(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV_EXPORT, encoding="utf-8-sig")
    cases = load_case_file(path)
    assert [c.case_id for c in cases] == ["某市监罚〔2024〕11号", "某市监罚〔2024〕12号"]
    assert [e.line for e in cases.errors] == [4, 5]
    assert "amount" in cases.errors[0].reason and "facts" in cases.errors[1].reason
    first, second = cases
    assert first.penalty.fine == 50000 and first.penalty.confiscated_income == 120
    assert first.date == "2024-03-05" and first.region == "某市某区" and first.tier == "从轻"
    assert [(p.law, p.article, p.paragraph, p.item) for p in first.provisions.penalty_basis] == [("食品安全法", 124, 1, 5)]
    assert [(p.law, p.article, p.item) for p in first.provisions.violated] == [("食品安全法", 34, 10)]
    assert "赵小明" not in first.facts and "赵某某" in first.facts
    assert "13900001111" not in second.facts and second.penalty.fine == 1000
    assert second.visibility == "internal"


def test_column_mapping_override_from_yaml(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("编号,名称,情况,金额,日期\nA-1,虚假宣传案,当事人宣称产品获奖但无依据。,8.6万元,2024年7月\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("case_id: 编号\ntitle: 名称\nfacts: 情况\nfine: 金额\ndate: 日期\n", encoding="utf-8")
    cases = load_case_file(path, mapping)
    assert cases.errors == [] and cases[0].case_id == "A-1"
    assert cases[0].penalty.fine == 86000 and cases[0].date == "2024-07"
    with pytest.raises(CaseLoadError, match="unknown field"):
        load_case_file(path, {"nonsense": "编号"})


def test_jsonl_with_bad_rows(tmp_path):
    good_case = {"case_id": "x-1", "title": "测试案", "facts": "当事人李四销售假冒商品。", "tier": "一般"}
    office_row = {"案件名称": "标签瑕疵案", "违法事实": "预包装食品标签缺少生产者地址。", "处罚内容": "不予行政处罚",
                  "决定日期": "2024-06-01"}
    lines = [json.dumps(good_case, ensure_ascii=False), "{not json", json.dumps({"case_id": "x-2", "facts": "缺少必填字段"}),
             "", json.dumps(office_row, ensure_ascii=False), json.dumps(good_case, ensure_ascii=False)]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = load_case_file(path)
    assert [c.case_id for c in cases] == ["x-1", "cases:5"]
    assert cases[0].facts == "当事人李某销售假冒商品。"
    assert cases[1].tier == "不予处罚"
    assert [(e.line, e.reason.split(":")[0]) for e in cases.errors] == [(2, "invalid JSON"), (3, "title"), (6, "duplicate case_id 'x-1'")]


def test_unreadable_file_raises(tmp_path):
    with pytest.raises(CaseLoadError, match="no such file"):
        load_case_file(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- case_id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CaseLoadError, match="not valid YAML"):
        load_case_file(bad)


# --- PDF decisions ---------------------------------------------------------------------------------------

def cjk_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (a Type0 font; CIDs map to Unicode through ToUnicode)."""
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    blocks = []
    for start in range(0, len(chars), 100):
        block = chars[start:start + 100]
        blocks.append(f"{len(block)} beginbfchar\n" + "\n".join(
            f"<{cid[ch]:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch in block) + "\nendbfchar")
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(blocks) +
            "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode()
    ops = ["BT", "/F1 10 Tf", "12 TL", "40 800 Td"]
    ops += ["<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*" for line in lines]
    content = "\n".join(ops + ["ET"]).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DECISION_LINES = [
    "北京市朝阳区市场监督管理局", "行政处罚决定书", "京朝市监罚〔2024〕123号", "当事人：北京某某食品有限公司",
    "法定代表人：张大伟，电话13912345678", "一、违法事实", "经查，当事人于2024年3月销售超过保质期的饼干，",
    "货值金额2000元，违法所得300元。", "上述事实，有以下证据证明：1．现场检查笔录；2．进货单据；", "3．当事人陈述。",
    "本局认为，当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。",
    "依据《中华人民共和国食品安全法》第一百二十四条第一款第（五）项的规定，本局决定如下：",
    "1．没收违法所得人民币300元；2．没收超过保质期的饼干20盒；3．罚款人民币5.5万元。",
    "当事人应当自收到本决定书之日起十五日内缴纳罚款。", "北京市朝阳区市场监督管理局", "2024年6月18日",
]


def test_pdf_decision_loads_into_case_record(tmp_path):
    path = tmp_path / "decision.pdf"
    path.write_bytes(cjk_pdf(DECISION_LINES))
    case = load_case_pdf(path)
    assert case.case_id == "pdf:京朝市监罚〔2024〕123号"
    assert case.region == "北京市朝阳区" and case.date == "2024-06-18"
    assert case.facts.startswith("当事人：北京某某食品有限公司。经查") and "货值金额2000元" in case.facts
    assert case.evidence == ["现场检查笔录", "进货单据", "当事人陈述"]
    assert [(p.law, p.article, p.item) for p in case.provisions.violated] == [("食品安全法", 34, 10)]
    assert [(p.article, p.paragraph, p.item) for p in case.provisions.penalty_basis] == [(124, 1, 5)]
    assert case.penalty.fine == 55000 and case.penalty.confiscated_income == 300
    assert case.penalty.confiscated_goods == "超过保质期的饼干20盒"
    assert "张大伟" not in case.model_dump_json() and "13912345678" not in case.model_dump_json()
    assert load_case_file(path)[0].case_id == case.case_id  # load_case_file dispatches .pdf too


def test_encrypted_pdf_raises(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(cjk_pdf(DECISION_LINES))
    writer = PdfWriter()
    writer.append(PdfReader(str(plain)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    encrypted = tmp_path / "encrypted.pdf"
    with encrypted.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(CaseLoadError, match="encrypted"):
        load_case_pdf(encrypted)


def test_corrupt_and_textless_pdfs_raise(tmp_path):
    from pypdf import PdfWriter

    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(CaseLoadError, match="corrupt"):
        load_case_pdf(corrupt)
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with blank.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(CaseLoadError, match="no text layer"):
        load_case_pdf(blank)
    no_facts = tmp_path / "nofacts.pdf"
    no_facts.write_bytes(cjk_pdf(["这是一份与行政处罚无关的普通通知文件，内容仅供测试使用。"]))
    with pytest.raises(CaseLoadError, match="违法事实"):
        load_case_pdf(no_facts)


# --- eval gold files --------------------------------------------------------------------------------------

def _jsonl(name: str) -> list[dict]:
    path = REPO / "eval" / "gold" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_paraphrases_cover_every_seed_case():
    rows = _jsonl("case_paraphrases.jsonl")
    counts = {f"C{i:02d}": 0 for i in range(1, 14)}
    for row in rows:
        assert set(row) == {"id", "facts", "expected_source_id"}
        counts[row["expected_source_id"]] += 1
    assert min(counts.values()) >= 2
    assert len({r["id"] for r in rows}) == len(rows)


def test_gold_scenarios_cover_all_tiers():
    from core.models import TIERS

    rows = _jsonl("scenarios.jsonl")
    assert len(rows) >= 36 and len({r["id"] for r in rows}) == len(rows)
    assert {r["expected_tier"] for r in rows} == set(TIERS)
    for row in rows:
        penalty_matter = row["expected_tier"] != "不适用"  # not a penalty matter: no provisions, no act date
        assert row["rationale"] and (not penalty_matter or (row["expected_violated"] and row["expected_penalty_basis"]))
        fine = row["expected_fine_range"]
        assert fine is None or 0 <= fine["min"] <= fine["max"]
        assert not penalty_matter or normalise_date(row["act_date"]) == row["act_date"]
