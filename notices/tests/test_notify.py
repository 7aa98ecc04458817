"""The inbox's own behaviour: one message per key, delivery by e-mail and SMS after the commit, reading."""

import pytest
from django.core import mail

from conftest import make_user
from notices.models import Notification
from notices.workflow import mark_read, notify, notify_units

pytestmark = pytest.mark.django_db


def test_a_keyed_message_reaches_each_user_once(cast):
    assert notify([cast.handler_a, cast.signer_a], title="第1批已交办", key="batch-1") == 2
    assert notify([cast.handler_a, cast.signer_a, cast.handler_b], title="第1批已交办", key="batch-1") == 1
    assert Notification.objects.filter(key="batch-1").count() == 3


def test_units_and_roles_choose_the_recipients_and_inactive_accounts_get_nothing(cast):
    retired = make_user("retired_handler", cast.gov_a, "handler", is_active=False)
    sent = notify_units([cast.gov_a.pk], ["handler"], title="请电话确认")
    assert sent == 1
    assert cast.handler_a.notifications.count() == 1
    assert not cast.signer_a.notifications.exists() and not retired.notifications.exists()


def test_copies_go_by_email_and_sms_after_the_commit(cast, django_capture_on_commit_callbacks, caplog):
    caplog.set_level("INFO", logger="ducha.sms")
    cast.handler_a.email, cast.handler_a.phone = "handler@example.cn", "13800000000"
    cast.handler_a.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            [cast.handler_a],
            title="3 件举报件已逾期",
            body="请尽快反馈",
            link="/complaints/?queue=overdue",
            sms=True,
        )
    # Nothing leaves before the transaction commits.
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.subject for m in mail.outbox] == ["3 件举报件已逾期"]
    assert "/complaints/?queue=overdue" in mail.outbox[0].body
    # The SMS copy, with the phone number masked in the log.
    assert "SMS to 138****0000: 【督察系统】3 件举报件已逾期" in caplog.text


def test_reading_marks_only_ones_own_messages(cast, client):
    notify([cast.handler_a, cast.handler_b], title="新交办")
    client.force_login(cast.handler_a)
    assert "新交办" in client.get("/notices/").content.decode()
    client.post("/notices/read/")
    assert not cast.handler_a.notifications.unread().exists()
    assert cast.handler_b.notifications.unread().count() == 1
    assert mark_read(cast.handler_b, ids=[]) == 0


def test_copies_are_batched_per_recipient_and_a_failure_keeps_only_its_own(cast, monkeypatch, caplog):
    from notices import tasks

    for user, email in ((cast.handler_a, "a@example.cn"), (cast.handler_b, "b@example.cn")):
        user.email, user.phone = email, "13900000000"
        user.save()
    Notification.objects.bulk_create(
        [
            Notification(
                user=cast.handler_a, title="2 件举报件已逾期", link="/complaints/?queue=overdue", sms=True
            ),
            Notification(user=cast.handler_a, title="第3批已交办", link="/complaints/"),
            Notification(user=cast.handler_b, title="1 件举报件即将到期"),
        ]
    )
    real = tasks.send_mail

    def flaky(subject, body, sender, to, **kwargs):
        if to == ["b@example.cn"]:
            raise OSError("mail server refused")
        return real(subject, body, sender, to, **kwargs)

    monkeypatch.setattr(tasks, "send_mail", flaky)
    counts = tasks.deliver()
    # One digest e-mail and one SMS for handler A; handler B's message waits for the next run.
    assert counts == {"recipients": 1, "emails": 1, "sms": 1, "messages": 2, "failed": 1}
    assert [m.subject for m in mail.outbox] == ["【督察系统】2 条新消息"]
    assert "2 件举报件已逾期" in mail.outbox[0].body and "第3批已交办" in mail.outbox[0].body
    assert Notification.objects.filter(delivered_at__isnull=True).get().user == cast.handler_b
    monkeypatch.setattr(tasks, "send_mail", real)
    assert tasks.deliver()["emails"] == 1
    assert not Notification.objects.filter(delivered_at__isnull=True).exists()
    assert tasks.deliver()["messages"] == 0
