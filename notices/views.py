from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notices.workflow import mark_read


@login_required
def inbox(request):
    rows = request.user.notifications.all()
    return render(
        request, "notices/inbox.html", {"page": Paginator(rows, 30).get_page(request.GET.get("page"))}
    )


@login_required
@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("inbox")
