"""The job page: a progress bar while a large import runs, then its result (errors by row and column)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from imports.queries import job_for
from imports.registry import importer
from imports.workflow import progress_of


def _context(request, job):
    spec = importer(job.kind)
    progress = progress_of(job)
    total = progress.get("total") or 0
    percent = min(100, int(progress["done"] * 100 / total)) if total else 0
    errors = Paginator(job.errors, 100).get_page(request.GET.get("page"))
    return {
        "job": job,
        "label": spec.label,
        "back": spec.back(job.subject_id),
        "progress": progress,
        "percent": 100 if job.finished else percent,
        "errors": errors,
    }


@login_required
def job_detail(request, pk):
    job = job_for(request.user, pk)
    template = "imports/_status.html" if request.htmx else "imports/job.html"
    return render(request, template, _context(request, job))
