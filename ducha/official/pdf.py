"""An `OfficialDocument` as PDF through WeasyPrint, with the same GB/T 9704 layout as the Word file (see
docx.py). Fonts: the office's own if installed, else Debian's Noto CJK (fonts-noto-cjk, installed by
`make browser`), so a fresh machine draws Chinese rather than boxes."""

from django.template.loader import render_to_string

from ducha.official.model import Heading, OfficialDocument, PageBreak, Paragraph, Table, chinese_date


def render(doc: OfficialDocument) -> bytes:
    from weasyprint import HTML

    blocks = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append({"kind": "p", "text": block.text, "indent": block.indent})
        elif isinstance(block, Heading):
            blocks.append({"kind": f"h{block.level}", "text": block.text})
        elif isinstance(block, Table):
            blocks.append(
                {"kind": "table", "headers": block.headers, "rows": block.rows, "caption": block.caption}
            )
        elif isinstance(block, PageBreak):
            blocks.append({"kind": "break"})
    html = render_to_string(
        "official/document.html",
        {
            "d": doc,
            "blocks": blocks,
            "date": chinese_date(doc.date),
            "printed": chinese_date(doc.printed_day),
        },
    )
    return HTML(string=html).write_pdf()
