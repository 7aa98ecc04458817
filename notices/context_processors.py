def unread(request):
    """The unread count in the top bar (one indexed count per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = user.notifications.unread().count()
    if unread:
        from notices.workflow import settle_empty_queues

        unread -= settle_empty_queues(user)
    return {"unread_notices": unread}
