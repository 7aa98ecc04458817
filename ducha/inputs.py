"""Parsing what people type into page forms: one place, one wording for every app's pages."""

import datetime as dt

from ducha.errors import WorkflowError


def parse_date(text, field: str, *, required: bool = True) -> dt.date | None:
    """A date typed as 2026-11-30; blank is an error when `required`, else None."""
    text = (text or "").strip()
    if not text and not required:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise WorkflowError("请填写日期（如 2026-11-30）", field=field) from None


def required_text(value, *, field: str, label: str, limit: int | None = None) -> str:
    """Text a form must have: stripped, not empty, at most `limit` characters; else a WorkflowError naming it."""
    value = (value or "").strip()
    if not value:
        raise WorkflowError(f"请填写{label}", field=field)
    if limit and len(value) > limit:
        raise WorkflowError(f"{label}不能超过 {limit} 个字", field=field)
    return value
