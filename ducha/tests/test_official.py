"""The official format (GB/T 9704-2012) of every document: opened back and checked for its layout facts."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from ducha.official import OfficialDocument
from ducha.official.docx import render as to_docx
from ducha.official.pdf import render as to_pdf
from rectification.tests.conftest import freeze, make_task, report  # noqa: F401  (the loop-B fixtures)

pytestmark = pytest.mark.django_db


def sample(title="整改工作督办函") -> OfficialDocument:
    doc = OfficialDocument(
        issuer="邢台市环境保护督察整改工作领导小组办公室", number="邢整改督办〔2026〕3号", title=title,
        date=dt.date(2026, 11, 30), addressees=["信都区人民政府"], cc=["邢台市纪委监委", "邢台市委组织部"],
        attachments=["整改任务清单"],
    )  # fmt: skip
    doc.p("根据整改台账调度情况，你单位牵头的整改任务进度滞后。" * 3).h("一、有关要求").p(
        "请于10个工作日内书面报告。"
    )
    return doc.table(("单位", "红色预警"), [("信都区", 2)])


def docx_facts(content: bytes) -> dict:
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    footer_xml = section.footer._element.xml + section.even_page_footer._element.xml
    texts = [p.text for p in document.paragraphs]
    return {
        "a4": (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297),
        "margins": tuple(
            round(m / Mm(1))
            for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        ),
        "page_numbers": footer_xml.count("PAGE") == 2 and "fldChar" in footer_xml,
        "odd_even": document.settings.odd_and_even_pages_header_footer,
        "texts": texts,
        "body_font": [
            r.element.rPr.rFonts.get(qn("w:eastAsia"))
            for p in document.paragraphs
            for r in p.runs
            if "进度滞后" in r.text
        ],
    }


def test_a_word_document_is_a4_with_standard_margins_page_numbers_and_its_parts():
    facts = docx_facts(to_docx(sample()))
    assert facts["a4"] and facts["margins"] == (37, 35, 28, 26)
    assert facts["page_numbers"] and facts["odd_even"]
    texts = facts["texts"]
    assert texts[0] == "邢台市环境保护督察整改工作领导小组办公室" and texts[1] == "邢整改督办〔2026〕3号"
    assert "信都区人民政府：" in texts and "附件：整改任务清单" in texts
    assert "抄送：邢台市纪委监委，邢台市委组织部。" in texts and "2026年11月30日" in texts
    assert any(t.endswith("2026年11月30日印发") for t in texts)
    assert facts["body_font"] == ["仿宋_GB2312"]


def test_text_with_control_characters_survives():
    doc = OfficialDocument(issuer="某县\x07政府", title="通报\x00", date=dt.date(2026, 1, 1))
    texts = docx_facts(to_docx(doc.p("某县\x07政府\x00通报")))["texts"]
    assert "某县政府通报" in [t.strip() for t in texts]


def test_a_pdf_is_a4_with_its_text_and_page_numbers():
    import pypdfium2

    pdf = pypdfium2.PdfDocument(to_pdf(sample()))
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for part in (
        "邢整改督办〔2026〕3号",
        "信都区人民政府：",
        "抄送：邢台市纪委监委，邢台市委组织部。",
        "— 1 —",
    ):
        assert part in text.replace("\r\n", "").replace("\n", ""), part


def test_the_pdf_draws_chinese_glyphs_not_boxes():
    """Two titles of the same length in different characters render differently only if the glyphs are
    real: a missing font would draw the same empty box for every character."""
    import pypdfium2

    def title_area(title: str):
        page = pypdfium2.PdfDocument(to_pdf(sample(title)))[0]
        image = page.render(scale=1).to_pil().convert("L")
        return image.crop((60, 150, 540, 260))

    first, second = title_area("整改工作督办函"), title_area("环保督察通报书")
    assert first.tobytes() != second.tobytes()
    inked = sum(1 for value in first.tobytes() if value < 128)
    assert inked > 500  # the title is drawn, in black and red ink


def test_every_producer_answers_word_and_pdf(client, cast, report, make_task):  # noqa: F811
    from rectification import workflow

    task = make_task()
    action = workflow.raise_warning(task, by=cast.office, level="red", reason="序时进度严重滞后")
    client.force_login(cast.office)
    for url in (f"/rectification/actions/{action.pk}/", f"/rectification/reports/{report.pk}/monthly.docx"):
        word = client.get(url)
        facts = docx_facts(word.content)
        assert facts["a4"] and facts["page_numbers"], url
        pdf = client.get(url + "?format=pdf")
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF"), url
    letter = docx_facts(client.get(f"/rectification/actions/{action.pk}/").content)["texts"]
    assert "信都区人民政府：" in letter and any(t.startswith("抄送：邢台市纪委") for t in letter)
    from django.utils import timezone

    monthly = docx_facts(client.get(f"/rectification/reports/{report.pk}/monthly.docx").content)["texts"]
    assert f"{timezone.localdate():%Y}年{timezone.localdate().month}月{timezone.localdate().day}日" in monthly


def test_excel_exports_freeze_and_filter_the_header_fit_widths_and_keep_dates_as_dates():
    from openpyxl import Workbook, load_workbook

    from ducha.spreadsheets import write_table

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    rows = [
        (1, "城区污水处理厂未按期完成提标改造，出水不能稳定达标", dt.date(2026, 12, 31)),
        (2, "=HYPERLINK(1)", None),
    ]
    assert write_table(sheet, ("序号", "问题", "完成时限"), iter(rows), title="整改台账") == 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert read.freeze_panes == "A3" and read.auto_filter.ref == "A2:C4"
    assert read.column_dimensions["B"].width > read.column_dimensions["A"].width >= 6
    due = read["C3"]
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert read["B4"].value == "=HYPERLINK(1)" and read["B4"].data_type == "s"
