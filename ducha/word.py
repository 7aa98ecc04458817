"""Official-looking Word documents with python-docx, shared by every loop: the issuing office in red, the
document number, the title, the body in 仿宋, the office and the date at the foot."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ducha.spreadsheets import safe_value

RED = RGBColor(0xC0, 0x00, 0x00)


def font(run, *, size=16, bold=False, color=None, face="仿宋"):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = face
    run._element.rPr.rFonts.set(qn("w:eastAsia"), face)
    if color is not None:
        run.font.color.rgb = color


def paragraph(document, text="", *, size=16, bold=False, center=False, color=None, face="仿宋", indent=True):
    line = document.add_paragraph()
    if center:
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        line.paragraph_format.first_line_indent = Pt(size * 2)
    # Text typed before the input gate existed may hold characters XML cannot carry.
    font(line.add_run(safe_value(str(text))), size=size, bold=bold, color=color, face=face)
    return line


def head(document, office: str, title: str, number: str) -> None:
    paragraph(document, office, size=22, bold=True, center=True, color=RED, face="宋体")
    paragraph(document, number, size=16, center=True)
    paragraph(document, title, size=22, bold=True, center=True, face="宋体")


def foot(document, office: str, day) -> None:
    for text in (office, f"{day.year}年{day.month}月{day.day}日"):
        line = paragraph(document, text, indent=False)
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def docx_response(name: str, content: bytes):
    """An HTTP download of a Word document under its Chinese file name."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document():
    """A blank A4 document with GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm)."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    return document
