"""An `OfficialDocument` as Word, laid out by GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; the issuer in red over a red rule; the title in 小标宋 二号; 主送 flush left; the body in 仿宋 三号
(16 pt) on a fixed 28 pt line (22 lines a page); 一、 in 黑体 and （一） in 楷体; 附件说明; 落款 and 成文日期 to the
right; the 版记 (抄送, 印发机关 and 印发日期) between rules; page numbers "— 1 —" in 宋体 四号, odd pages right,
even pages left. Fonts are named as offices have them (仿宋_GB2312 …); Word substitutes its own when missing,
and the ASCII font stays Times New Roman."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ducha.official.model import Heading, OfficialDocument, PageBreak, Paragraph, Table, chinese_date
from ducha.spreadsheets import safe_value

RED = RGBColor(0xC0, 0x00, 0x00)
BODY = "仿宋_GB2312"
TITLE = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"
SIZE_3 = 16  # 三号
SIZE_2 = 22  # 二号
SIZE_4 = 14  # 四号
LINE = Pt(28)


def _font(run, face: str, size: float, *, bold=False, color=None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)
    if color is not None:
        run.font.color.rgb = color


def _para(
    document, text="", *, face=BODY, size=SIZE_3, bold=False, color=None, align=None, indent=True, exact=True
):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    if align is not None:
        paragraph.alignment = align
    elif indent:
        fmt.first_line_indent = Pt(size * 2)
    if text:
        _font(paragraph.add_run(safe_value(str(text))), face, size, bold=bold, color=color)
    return paragraph


def _rule(paragraph, *, side: str = "bottom", color: str = "C00000", size: int = 12) -> None:
    """A horizontal rule under (or over) a paragraph: the red separator, the 版记 lines."""
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


def _page_number(paragraph) -> None:
    """— PAGE — as a field, so Word numbers every page itself."""
    _font(paragraph.add_run("— "), SONG, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = paragraph.add_run()
        _font(run, SONG, SIZE_4)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
    _font(paragraph.add_run(" —"), SONG, SIZE_4)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        _page_number(paragraph)


def _table(document, block: Table) -> None:
    if block.caption:
        _para(document, block.caption, face=HEI, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(safe_value(str(text))), HEI, 12)
    for row in block.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(safe_value("" if value is None else str(value))), BODY, 12)


def render(doc: OfficialDocument) -> bytes:
    document = Document()
    _page(document)
    _para(document, doc.issuer, face=TITLE, size=26, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    number = _para(document, doc.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    if doc.is_briefing:
        number = _para(document, f"{doc.briefing_office}\u3000\u3000{chinese_date(doc.date)}", indent=False)
    _rule(number)
    _para(document, "", indent=False)
    if doc.title:
        _para(document, doc.title, face=TITLE, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
        _para(document, "", indent=False)
    if doc.contents:
        _para(document, "目　录", face=HEI, align=WD_ALIGN_PARAGRAPH.CENTER)
        for line in doc.contents:
            _para(document, f"◎ {line}", indent=False)
        _para(document, "", indent=False)
    if doc.addressees and not doc.is_briefing:
        _para(document, "，".join(doc.addressees) + "：", indent=False)
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            _para(document, block.text, indent=block.indent)
        elif isinstance(block, Heading):
            _para(document, block.text, face=HEI if block.level == 1 else KAI)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if doc.attachments:
        _para(document, "", indent=False)
        for index, name in enumerate(doc.attachments, start=1):
            prefix = "附件：" if index == 1 else "　　　"
            label = f"{index}. {name}" if len(doc.attachments) > 1 else name
            _para(document, prefix + label)
    _para(document, "", indent=False)
    for text in () if doc.is_briefing else (doc.signature, chinese_date(doc.date)):
        line = _para(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        line.paragraph_format.right_indent = Pt(SIZE_3 * 4)
    if doc.note:
        _para(document, f"（{doc.note}）")
    _para(document, "", indent=False)
    if doc.is_briefing and doc.addressees:
        main = _para(document, "主送：" + "，".join(doc.addressees), size=SIZE_4, indent=False)
        main.paragraph_format.left_indent = Pt(SIZE_4)
        _rule(main, side="top", color="000000", size=8)
    if doc.cc:
        cc = _para(document, "抄送：" + "，".join(doc.cc) + "。", size=SIZE_4, indent=False)
        cc.paragraph_format.left_indent = Pt(SIZE_4)
        _rule(cc, side="top", color="000000", size=8)
    printed = _para(
        document,
        f"{doc.printed_by}\u3000\u3000{chinese_date(doc.printed_day)}印发",
        size=SIZE_4,
        indent=False,
    )
    printed.paragraph_format.left_indent = Pt(SIZE_4)
    _rule(printed, side="top", color="000000", size=4 if doc.cc else 8)
    _rule(printed, side="bottom", color="000000", size=8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
