"""A briefing issue as an official document (ducha.official): the series in red, 年第N期（总第M期）, the office
and the date over the red rule, the 目录, each article with its source line, 主送 and 抄送 in the 版记."""

from briefings.models import Issue
from ducha.official import OfficialDocument, Paragraph


def document(issue: Issue) -> OfficialDocument:
    articles = list(issue.articles.order_by("position", "pk"))
    doc = OfficialDocument(
        issuer=issue.series.name, number=issue.label, title="", date=issue.date, briefing_office=issue.series.office.name,
        addressees=[line.strip() for line in issue.main_to.splitlines() if line.strip()],
        cc=[line.strip() for line in issue.copy_to.splitlines() if line.strip()],
        contents=[a.title for a in articles], file_name=f"{issue.series.name}{issue.label}",
    )  # fmt: skip
    for article in articles:
        doc.h(article.title)
        for paragraph in article.body.splitlines():
            if paragraph.strip():
                doc.p(paragraph.strip())
        if article.source:
            doc.blocks.append(Paragraph(article.source, indent=False))
    return doc
