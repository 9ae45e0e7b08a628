"""A Draft as a Word document in the layout of an official decision: title in 宋体, section headings
in 黑体, body in 仿宋 (set through w:eastAsia, which Word uses for Chinese text), justified, first
line indented two characters, page numbers in the footer. Unverified citations stay flagged."""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from assistant.draft import Draft

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"
BODY_SIZE, HEADING_SIZE, TITLE_SIZE = 16, 16, 22  # 三号 / 三号 / 二号, in points


def _set_font(style_or_run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = name
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the named one


def _first_line_two_chars(paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(BODY_SIZE * 2)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), "200")  # 2 characters, whatever the font size


def _page_number_footer(doc: Document) -> None:
    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _set_font(run, BODY_FONT, 14)


def _styles(doc: Document) -> None:
    _set_font(doc.styles["Normal"], BODY_FONT, BODY_SIZE)
    _set_font(doc.styles["Title"], TITLE_FONT, TITLE_SIZE, bold=True)
    _set_font(doc.styles["Heading 1"], HEADING_FONT, HEADING_SIZE, bold=False)
    title_pf = doc.styles["Title"].paragraph_format
    title_pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_pf.space_after = Pt(BODY_SIZE)
    # The default Title style draws a border line under the text; an official document has none.
    pbdr = doc.styles["Title"].element.get_or_add_pPr().find(qn("w:pBdr"))
    if pbdr is not None:
        pbdr.getparent().remove(pbdr)


def build_document(draft: Draft) -> Document:
    doc = Document()
    _styles(doc)
    _page_number_footer(doc)
    doc.add_heading(draft.title, level=0)
    for section in draft.annotated_sections():
        doc.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            para = doc.add_paragraph(text)
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _first_line_two_chars(para)
    return doc


def draft_to_docx(draft: Draft, path: Path | str) -> Path:
    path = Path(path)
    build_document(draft).save(str(path))
    return path


def draft_to_bytes(draft: Draft) -> bytes:
    buf = io.BytesIO()
    build_document(draft).save(buf)
    return buf.getvalue()
