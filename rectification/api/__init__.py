"""Rectification ledger API: every step of loop B, scoped like the pages (`Task.objects.visible_to`)."""

# Each stage module adds its operations to the routers when imported, in this order.
from rectification.api import actions, followup, reports, tasks  # noqa: F401
from rectification.api.base import public_router, router

__all__ = [
    "public_router",
    "router",
]
