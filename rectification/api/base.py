"""The rectification API's routers and the lookups every operation shares (through the user's scope)."""

from ninja import Router

from rectification import queries

# --- routers and lookups ------------------------------------------------------------------------

router = Router(tags=["整改台账 rectification"])
public_router = Router(tags=["公众 public"], auth=None)


def _task(request, pk):
    return queries.task_for(request.user, pk)


def _report(request, pk):
    return queries.report_for(request.user, pk)
