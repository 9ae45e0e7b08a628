"""ingest.files: user files (PDF, DOCX, TXT, MD) → records, and every kind of bad file → FileLoadError."""
from __future__ import annotations

import io
import random
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from ingest.files import (PASSAGE_MAX, FileLoadError, clean_pdf_text, decode_text, load_many, load_user_file,
                          split_passages)

pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

GUIDANCE = ("市场监管部门应当坚持处罚与教育相结合，对首次违法、危害后果轻微并及时改正的当事人，依法不予行政处罚。"
            "执法人员应当告知当事人依法享有的陈述、申辩权利，并认真听取当事人的意见。")


def make_pdf(path: Path, pages: list[list[str]], *, image_only: bool = False) -> Path:
    """One PDF page per list of lines, drawn top-down in the CID font STSong-Light."""
    c = canvas.Canvas(str(path))
    for lines in pages:
        if image_only:  # a "scan": one grey bitmap and no text operators
            from PIL import Image
            from reportlab.lib.utils import ImageReader
            c.drawImage(ImageReader(Image.new("L", (120, 160), 128)), 72, 200, width=450, height=600)
        c.setFont("STSong-Light", 12)
        y = 800
        for line in lines:
            c.drawString(40, y, line)
            y -= 18
        c.showPage()
    c.save()
    return path


def wrap(text: str, width: int = 30) -> list[str]:
    return textwrap.wrap(text, width)


def law_pdf_pages() -> list[list[str]]:
    header = "国家市场监督管理总局规章汇编"
    articles = [
        "第一条　为了规范市场监督管理行政处罚程序，保障市场监督管理部门依法实施行政处罚，保护自然人、法人和其他组织的合法权益，制定本办法。",
        "第二条　市场监督管理部门实施行政处罚，适用本办法。法律、行政法规另有规定的，从其规定。",
        "第三条　市场监督管理部门实施行政处罚，应当遵循公正、公开的原则，坚持处罚与教育相结合，做到事实清楚、证据确凿、适用依据正确、程序合法、处罚适当。",
        "第四条　当事人有权进行陈述和申辩。市场监督管理部门必须充分听取当事人的意见，对当事人提出的事实、理由和证据，应当进行复核。",
        "第五条　本办法自2024年1月1日起施行。",
    ]
    body = [ln for a in articles for ln in wrap(a)]
    first = ["市场监督管理测试办法", "（2024年1月1日国家市场监督管理总局令第1号公布）", "第一章　总则"]
    split_at = 6  # breaks 第三条 across the page boundary
    return [[header, *first, *body[:split_at], "- 1 -"],
            [header, *body[split_at:], "第 2 页 共 2 页"]]


# ---------------------------------------------------------------- PDF

def test_pdf_cid_font_text_is_extracted_as_guidance_passages(tmp_path):
    pdf = make_pdf(tmp_path / "指导意见.pdf", [["关于推行服务型执法的指导意见", *wrap(GUIDANCE)]])
    records = load_user_file(pdf, visibility="internal", region="四川省")
    assert records and all(r.doc_type == "guidance" for r in records)
    text = "".join(r.text for r in records)
    assert "依法不予行政处罚。" in text and "陈述、申辩权利" in text
    first = records[0]
    assert first.title == "关于推行服务型执法的指导意见"
    assert first.id.startswith("file:指导意见:") and first.id.endswith(":1")
    assert first.meta == {"page": 1}
    assert first.visibility == "internal" and first.region == "四川省"


def test_pdf_law_split_by_article_without_page_numbers_or_headers(tmp_path):
    pdf = make_pdf(tmp_path / "测试办法.pdf", law_pdf_pages())
    records = load_user_file(pdf)
    assert [r.article for r in records] == [1, 2, 3, 4, 5]
    assert all(r.doc_type == "law" for r in records)
    law = records[0]
    assert law.law == "市场监督管理测试办法" and law.version == "2024-01-01"
    assert law.chapter_path == ["第一章 总则"]
    joined = "\n".join(r.text for r in records)
    for noise in ("- 1 -", "第 2 页", "第2页", "规章汇编"):
        assert noise not in joined
    third = records[2].text
    assert "\n" not in third  # the layout's line breaks, the page break included, are re-joined
    assert "应当遵循公正、公开的原则，坚持处罚与教育相结合，做到事实清楚" in third
    assert records[0].meta["page"] == 1 and records[4].meta["page"] == 2


def test_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter
    plain = make_pdf(tmp_path / "plain.pdf", [wrap(GUIDANCE)])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    with pytest.raises(FileLoadError, match="加密"):
        load_user_file(locked)


def test_pdf_with_owner_password_only_still_loads(tmp_path):
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for page in PdfReader(make_pdf(tmp_path / "plain.pdf", [wrap(GUIDANCE)])).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as f:
        writer.write(f)
    assert "依法不予行政处罚" in "".join(r.text for r in load_user_file(restricted))


@pytest.mark.parametrize("image_only", [True, False], ids=["image-only", "blank"])
def test_scanned_pdf_without_text_layer(tmp_path, image_only):
    if image_only:
        pytest.importorskip("PIL")
    pdf = make_pdf(tmp_path / "scan.pdf", [[], []], image_only=image_only)
    with pytest.raises(FileLoadError, match="扫描件无文字层"):
        load_user_file(pdf)


def test_truncated_and_fake_pdfs(tmp_path):
    good = make_pdf(tmp_path / "good.pdf", [wrap(GUIDANCE)]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(FileLoadError, match="PDF"):
        load_user_file(cut)
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello, I am not a PDF", encoding="utf-8")
    with pytest.raises(FileLoadError, match="not a PDF"):
        load_user_file(fake)


# ---------------------------------------------------------------- cleaning

def test_clean_pdf_text_page_numbers_headers_widths_and_punctuation():
    page = "某某市场监管局文件\n{body}\n{number}"
    body1 = "省市场监管局在深化“证照分离”改革过程中ꎬ从健全监管格局、完\n善监管体系四向发力ꎬ新设市场主体 １８１ ８９ 万户ꎮ"
    body2 = "出台«食品安全工作规程»ꎬ累计抽检食品 ６０００ 批次ꎬ检\n查对象 １５４４５ 户ꎻ涉及ＡＢＣ公司ꎮ"
    body3 = "第 十 条　为 了 规 范 执 法 行 为 ，制定本办法。"
    text = "\f".join([page.format(body=body1, number="- 1 -"), page.format(body=body2, number="第 2 页 共 3 页"),
                      page.format(body=body3, number="3")])
    cleaned = clean_pdf_text(text)
    assert "某某市场监管局文件" not in cleaned
    assert cleaned.split("\n") == [
        "省市场监管局在深化“证照分离”改革过程中，从健全监管格局、完善监管体系四向发力，新设市场主体181.89万户。",
        "出台《食品安全工作规程》，累计抽检食品6000批次，检查对象15445户；涉及ABC公司。",
        "第十条 为了规范执法行为，制定本办法。",
    ]


def test_clean_pdf_text_keeps_article_separator_and_does_not_join_short_or_new_blocks():
    text = ("中华人民共和国测试法\n第一章  总    则\n"
            "第一条　为了规范市场监督管理行政处罚程序，保障市场监督管理部门依法\n"
            "实施行政处罚，制定本法。\n第二条　本法所称经营者包括：\n（一）生产者；\n（二）销售者。")
    assert clean_pdf_text(text).split("\n") == [
        "中华人民共和国测试法", "第一章 总则",
        "第一条 为了规范市场监督管理行政处罚程序，保障市场监督管理部门依法实施行政处罚，制定本法。",
        "第二条 本法所称经营者包括：", "（一）生产者；", "（二）销售者。"]


def test_split_passages_sizes_and_sentence_boundaries():
    paragraphs = [(GUIDANCE, 1)] * 8 + [("短段落。", 2)]
    passages = split_passages(paragraphs)
    assert len(passages) > 1
    assert all(len(t) <= PASSAGE_MAX + 100 for t, _ in passages)
    assert all(t.endswith("。") for t, _ in passages)
    assert passages[0][1] == 1


# ---------------------------------------------------------------- text encodings

@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "utf-8"])
def test_txt_encodings(tmp_path, encoding):
    path = tmp_path / f"说明_{encoding}.txt"
    path.write_bytes(("关于服务型执法的说明\n" + GUIDANCE + "\n").encode(encoding))
    records = load_user_file(path)
    assert records[0].title == "关于服务型执法的说明"
    assert "依法不予行政处罚" in records[0].text


def test_utf16_without_bom_is_detected():
    raw = ("Notice 市场监管 2024\n" + "ASCII heavy line for the zero-byte heuristic\n").encode("utf-16-le")
    assert decode_text(raw).startswith("Notice 市场监管")


def test_binary_junk_as_txt_is_undecodable(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(random.Random(7).randbytes(4000))
    with pytest.raises(FileLoadError, match="undecodable"):
        load_user_file(junk)


def test_ten_megabyte_single_line_is_split_fast(tmp_path):
    sentence = "市场监管部门依法查处违法行为，维护公平竞争的市场秩序。"
    big = tmp_path / "big.txt"
    big.write_bytes((sentence * (10 * 2**20 // len(sentence.encode()) + 1)).encode("utf-8"))
    assert big.stat().st_size >= 10 * 2**20
    start = time.perf_counter()
    records = load_user_file(big)
    assert time.perf_counter() - start < 30
    assert len(records) > 5000
    assert all(len(r.text) <= PASSAGE_MAX + 100 for r in records)
    assert records[0].text.endswith("。")


def test_unpunctuated_line_is_cut_at_hard_length(tmp_path):
    path = tmp_path / "nopunct.txt"
    path.write_text("监" * 500_000, encoding="utf-8")
    records = load_user_file(path)
    assert len(records) >= 500_000 // PASSAGE_MAX
    assert all(len(r.text) <= PASSAGE_MAX + 100 for r in records)


def test_pdf_extracted_txt_with_double_spacing_is_rejoined(tmp_path):
    lines = ["省市场监管局在深化“证照分离”改革过程中ꎬ从“健全监管", "格局、完善监管体系、创新监管方式、提升监管质效”四向发力ꎬ持",
             "续加强事中事后监管ꎬ切实解决“证照分离”改革在放开准入的同", "时事中事后监管“跟不上”“接不住”的问题ꎮ ２０２１ 年 ７ 月以来ꎬ全",
             "省新设市场主体 １８１ ８９ 万户ꎬ涉及改革事项的市场主体 １１０ ６２", "万户ꎮ"]
    path = tmp_path / "简报.txt"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    text = load_user_file(path)[0].text
    assert "从“健全监管格局、完善监管体系" in text and "2021年7月以来，全省新设市场主体181.89万户" in text
    assert "110.62万户。" in text


# ---------------------------------------------------------------- Markdown and DOCX

def test_markdown_law_with_malformed_headings(tmp_path):
    md = tmp_path / "中华人民共和国测试法(2021-04-29).md"
    md.write_text("#中华人民共和国测试法\n\n##第一章总则\n\n### 第一条 为了测试，制定本法。\n\n"
                  "**第二条** 本法适用于测试。\n\n第三条：测试应当依法进行。\n\n##第二章  附    则\n\n"
                  "第四条　本法自公布之日起施行。\n", encoding="utf-8")
    records = load_user_file(md)
    assert [r.article for r in records] == [1, 2, 3, 4]
    assert records[0].law == "中华人民共和国测试法" and records[0].version == "2021-04-29"
    assert records[0].chapter_path == ["第一章 总则"] and records[3].chapter_path == ["第二章 附则"]
    assert records[1].text == "第二条 本法适用于测试。"


def test_amendment_decision_is_kept_as_decision_items(tmp_path):
    md = tmp_path / "关于修改《测试法》的决定(2025-09-12).md"
    md.write_text("# 关于修改《中华人民共和国测试法》的决定\n\n会议决定作如下修改：\n\n一、将第一条修改为：“第一条 新的内容。”\n\n"
                  "二、删去第三条。\n", encoding="utf-8")
    records = load_user_file(md)
    assert [r.article_label for r in records] == ["", "一、", "二、"]
    assert all(r.meta.get("amendment") and r.version == "2025-09-12" for r in records)


def test_forced_doc_type(tmp_path):
    guidance = tmp_path / "说明.txt"
    guidance.write_text(GUIDANCE, encoding="utf-8")
    with pytest.raises(FileLoadError, match="no articles"):
        load_user_file(guidance, doc_type="law")
    law = tmp_path / "办法.txt"
    law.write_text("某办法\n第一条 甲。\n第二条 乙。\n第三条 丙。\n", encoding="utf-8")
    assert [r.article for r in load_user_file(law)] == [1, 2, 3]
    assert {r.doc_type for r in load_user_file(law, doc_type="guidance")} == {"guidance"}


def test_docx_paragraphs_and_table(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("食品经营检查要点")
    document.add_paragraph(GUIDANCE)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "检查项目", "标准"
    table.cell(1, 0).text, table.cell(1, 1).text = "冷藏温度", "0-8℃"
    path = tmp_path / "要点.docx"
    document.save(path)
    records = load_user_file(path)
    text = "\n".join(r.text for r in records)
    assert records[0].title == "食品经营检查要点"
    assert "陈述、申辩权利" in text and "检查项目 | 标准" in text and "冷藏温度 | 0-8℃" in text


def test_docx_law_is_split_by_article(tmp_path):
    import docx
    document = docx.Document()
    for line in ["某省食品小作坊管理条例", "第一条　为了加强管理，制定本条例。", "第二条　本条例适用于本省。",
                 "第三条　本条例自2024年1月1日起施行。"]:
        document.add_paragraph(line)
    path = tmp_path / "条例.docx"
    document.save(path)
    records = load_user_file(path, region="某省")
    assert [r.article for r in records] == [1, 2, 3]
    assert {r.law for r in records} == {"某省食品小作坊管理条例"} and records[0].region == "某省"


def test_corrupt_docx(tmp_path):
    not_zip = tmp_path / "bad.docx"
    not_zip.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(FileLoadError, match="DOCX"):
        load_user_file(not_zip)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "a zip, but no Word document inside")
    wrong_zip = tmp_path / "wrong.docx"
    wrong_zip.write_bytes(buffer.getvalue())
    with pytest.raises(FileLoadError, match="DOCX"):
        load_user_file(wrong_zip)


# ---------------------------------------------------------------- path problems and load_many

def test_path_problems(tmp_path):
    with pytest.raises(FileLoadError, match="no such file"):
        load_user_file(tmp_path / "missing.pdf")
    with pytest.raises(FileLoadError, match="directory"):
        load_user_file(tmp_path)
    empty = tmp_path / "empty.pdf"
    empty.touch()
    with pytest.raises(FileLoadError, match="0 bytes"):
        load_user_file(empty)
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileLoadError, match="unsupported"):
        load_user_file(old)
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\u3000\n", encoding="utf-8")
    with pytest.raises(FileLoadError, match="no readable text"):
        load_user_file(blank)


def test_load_many_collects_records_and_failures(tmp_path):
    folder = tmp_path / "uploads"
    (folder / "sub").mkdir(parents=True)
    make_pdf(folder / "law.pdf", law_pdf_pages())
    (folder / "sub" / "note.txt").write_bytes(GUIDANCE.encode("gbk"))
    (folder / "empty.pdf").touch()
    (folder / "bad.docx").write_bytes(b"garbage")
    (folder / "ignored.xyz").write_text("not a supported type")
    (folder / ".hidden.txt").write_text(GUIDANCE)
    records, failures = load_many([folder, tmp_path / "missing.txt"])
    assert {r.doc_type for r in records} == {"law", "guidance"}
    assert len([r for r in records if r.doc_type == "law"]) == 5
    assert sorted(f.path.name for f in failures) == ["bad.docx", "empty.pdf", "missing.txt"]
    assert all(f.reason for f in failures)
