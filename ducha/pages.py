"""What every app's pages share when they write: one way to run a workflow step from a form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from ducha.errors import PermissionDeniedError, WorkflowError


def attempt(request, step, *, done: str):
    """Run a write; a refusal of rights is a 403, a refused input a message on the page. Returns the result,
    or None when the input was refused."""
    try:
        result = step()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except WorkflowError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, done)
    return result
