"""Complaints API: every step of loop A. Same scope and confidentiality as the pages — reporter
identity appears masked, and in clear only through the logged `reporter` endpoint for the team."""

# Each stage module adds its operations to the routers when imported, in this order.
from complaints.api import batches, feedback, followup, intake, receipt, screening  # noqa: F401
from complaints.api.base import batch_router, public_router, router
from complaints.api.public import public_status

__all__ = [
    "batch_router",
    "public_router",
    "public_status",
    "router",
]
