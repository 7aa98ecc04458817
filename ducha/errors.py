"""The error that workflow functions raise when a request cannot be carried out.

Views show it next to the named field, the API returns it as JSON naming the field, commands print it.
"""


class WorkflowError(Exception):
    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDeniedError(WorkflowError):
    def __init__(self, message: str = "无权执行此操作"):
        super().__init__(message, code="forbidden")
