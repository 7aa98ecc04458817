"""The daily announcement of a batch (通报), for the inspection and for each city, copied into a briefing article
with one click; and the disclosure table as a PDF in the official layout."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from complaints import announcement, queries
from complaints.models import BatchStatus
from ducha.pages import attempt


@login_required
def batch_announcement(request, code, number):
    user = request.user
    batch = queries.batch_for(user, code, number)
    if batch.status != BatchStatus.ISSUED or not user.has_role("office", "team"):
        raise Http404
    texts = [(batch.inspection.name, announcement.text(batch))]
    texts += [(city.name, announcement.text(batch, region=city)) for city in announcement.cities(batch)]
    from briefings.models import Issue

    drafts = (
        Issue.objects.visible_to(user).filter(status="draft").select_related("series").order_by("-date")[:20]
    )
    if request.method == "POST":
        from briefings import workflow as briefings

        issue = get_object_or_404(
            drafts.model.objects.visible_to(user), pk=request.POST.get("issue") or 0, status="draft"
        )
        chosen = dict(texts).get(request.POST.get("which", ""), texts[0][1])
        title = f"{batch.inspection.team_name}转办第{batch.number}批群众信访举报件"
        attempt(request, lambda: briefings.add_article(issue, by=user, title=title[:120], body=chosen, generator="batch_announcement"),
                done="已加入简报")  # fmt: skip
        return redirect("briefing", issue.pk)
    return render(
        request,
        "complaints/announcement.html",
        {"batch": batch, "inspection": batch.inspection, "texts": texts, "drafts": drafts},
    )


def disclosure_pdf(inspection, batch) -> HttpResponse:
    """公开情况一览表（第N批）.pdf: A4 landscape, the title with the batch and its date, the header row on every
    page, page numbers; only what was published. One batch at a time (a batch is hundreds of rows, not a table)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from complaints.excel import DISCLOSURE_COLUMNS, disclosure_title

    if batch is None:
        raise PermissionDenied("请选择一个批次下载 PDF")
    rows = queries.disclosure_rows(inspection, batch.number)
    published = (
        rows.order_by("-publication__published_at")
        .values_list("publication__published_at", flat=True)
        .first()
    )
    day = timezone.localtime(published or batch.issued_at).date()
    html = render_to_string("complaints/disclosure_pdf.html", {
        "title": disclosure_title(inspection, batch.number), "columns": DISCLOSURE_COLUMNS, "rows": rows.iterator(),
        "date": f"{day.year}年{day.month}月{day.day}日", "inspection": inspection, "batch": batch,
    })  # fmt: skip
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    from urllib.parse import quote

    name = quote(f"{disclosure_title(inspection, batch.number)}.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
