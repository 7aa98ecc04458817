"""The audit trail is tamper-evident (issue 9, item 5)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import seal_events, verify_chain
from audit.models import ChainCheck, Event
from audit.workflow import record_event
from organisations.models import Region


@pytest.fixture
def trail(cast):
    """Ten events on a region, sealed."""
    for n in range(10):
        record_event(cast.county_a, by=cast.office, action="renamed", note=f"第{n}次修改")
    seal_events()
    return list(Event.objects.order_by("seq"))


def _raw(sql, params=()):
    """What a database user with write access could do, bypassing the application."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_sealed_events_verify_and_the_command_says_so(trail):
    assert [e.seq for e in trail] == list(range(1, 11))
    assert verify_chain().ok
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计链完好" in out.getvalue() and "10 条事件完好" in out.getvalue()


def test_sealing_twice_changes_nothing(trail):
    hashes = [e.chain_hash for e in trail]
    assert seal_events() == 0
    assert [e.chain_hash for e in Event.objects.order_by("seq")] == hashes


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the change itself (below)")
def test_an_altered_note_is_named_as_the_first_broken_row(trail):
    _raw("UPDATE audit_event SET note = %s WHERE id = %s", ["无", trail[4].pk])
    result = verify_chain()
    assert not result.ok and result.broken_seq == 5 and result.broken_event_id == trail[4].pk
    with pytest.raises(CommandError, match=f"第 5 条（事件 #{trail[4].pk}）"):
        call_command("verify_audit")
    assert ChainCheck.objects.first().ok is False


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the delete itself (below)")
def test_a_deleted_row_and_a_cut_tail_are_found(trail):
    _raw("DELETE FROM audit_event WHERE id = %s", [trail[2].pk])
    result = verify_chain()
    assert not result.ok and "缺失" in result.message and result.broken_event_id == trail[3].pk
    _raw("DELETE FROM audit_event WHERE seq >= 3")
    result = verify_chain()
    assert not result.ok and "末尾事件被删除" in result.message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_on_the_event_table(trail):
    for sql in ("UPDATE audit_event SET note = 'x' WHERE id = %s", "DELETE FROM audit_event WHERE id = %s"):
        with pytest.raises(DatabaseError, match="audit_event"), transaction.atomic():
            _raw(sql, [trail[0].pk])
    assert verify_chain().ok


def test_deleting_a_user_keeps_the_actor_name_and_the_chain(cast, trail):
    from accounts.models import User

    helper = User.objects.create_user("temp_helper", full_name="临时录入员", unit=cast.city_office)
    record_event(cast.county_a, by=helper, action="renamed")
    seal_events()
    helper.delete()
    event = Event.objects.get(action="renamed", actor_name="临时录入员")
    assert event.actor_name == "临时录入员"
    assert verify_chain().ok


def test_the_audit_administrator_sees_the_last_check_on_the_workbench(cast, client, trail):
    from conftest import make_user

    auditor = make_user("auditor", cast.province_office, "auditadmin", is_staff=True)
    client.force_login(auditor)
    assert "尚未核验" in client.get("/").content.decode()
    call_command("verify_audit", stdout=io.StringIO())
    page = client.get("/").content.decode()
    assert "完好" in page and "10 条事件完好" in page
    assert Region.objects.filter(pk=cast.county_a.pk).exists()
