"""Every document ducha writes, in the official 公文 format (GB/T 9704-2012), as Word and as PDF.

A producer builds an `OfficialDocument` (issuer, number, title, 主送, body blocks, 附件, 落款 and date,
抄送 and 印发) and hands it to `respond(document, request)`, which answers with the Word file or, with
`?format=pdf`, the PDF. One layer for every app: the layout rules live in `docx.py` and `pdf.py` only.
"""

from ducha.official.model import Heading, OfficialDocument, PageBreak, Paragraph, Table, chinese_date

__all__ = ["Heading", "OfficialDocument", "PageBreak", "Paragraph", "Table", "chinese_date", "respond"]


def respond(document: OfficialDocument, request=None, *, pdf: bool | None = None):
    """The Word file, or the PDF when asked (`?format=pdf`), under the document's Chinese file name."""
    from urllib.parse import quote

    from django.http import HttpResponse

    if pdf is None:
        pdf = request is not None and request.GET.get("format") == "pdf"
    if pdf:
        from ducha.official.pdf import render

        content, kind, suffix = render(document), "application/pdf", ".pdf"
    else:
        from ducha.official.docx import render

        content = render(document)
        kind, suffix = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(document.filename + suffix)}"
    return response
