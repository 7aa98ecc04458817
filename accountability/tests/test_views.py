"""Pages and API of accountability: the discipline group's work, and scope at every entry point."""

import datetime as dt

from accountability import workflow
from accountability.models import AuditStatus, Record


def _record(cast, **extra):
    values = {
        "by": cast.office, "unit": cast.gov_a, "person_name": "王建军", "post": "某镇分管副镇长",
        "reason": "属地监管不力", "form": "admonition", "decided_by": "中共信都区纪律检查委员会",
        "decided_on": dt.date.today(),
    }  # fmt: skip
    values.update(extra)
    return workflow.register_record(**values)


def test_the_discipline_group_finds_work_waiting_on_its_workbench_and_queue(
    client, cast, discipline, held_to_account
):
    client.force_login(discipline)
    workbench = client.get("/").content.decode()
    assert "件举报问责无记录支撑" in workbench and 'id="accountability-queues"' in workbench
    queue = client.get("/accountability/queue/").content.decode()
    assert held_to_account.number in queue and f"?complaint={held_to_account.pk}" in queue


def test_a_record_is_registered_from_the_queue_and_then_verified(client, cast, discipline, held_to_account):
    client.force_login(cast.handler_a)
    form = client.get(f"/accountability/new/?complaint={held_to_account.pk}").content.decode()
    assert held_to_account.number in form and "经查属实" in form
    response = client.post(
        "/accountability/new/",
        {
            "complaint": held_to_account.pk, "unit": cast.gov_a.pk, "person_name": "王建军", "post": "某镇分管副镇长",
            "cadre_level": "township", "reason": "监管不力", "form": "admonition", "decided_by": "中共信都区纪律检查委员会",
            "decided_on": dt.date.today().isoformat(), "document_number": "信纪发〔2026〕3号",
        },
    )  # fmt: skip
    record = Record.objects.get()
    assert response.status_code == 302 and list(record.complaints.all()) == [held_to_account]
    client.force_login(discipline)
    client.post(f"/accountability/{record.pk}/do/verify/", {"note": "与决定书一致"})
    record.refresh_from_db()
    assert record.audit_status == AuditStatus.VERIFIED
    page = client.get(f"/accountability/{record.pk}/").content.decode()
    assert "已核实" in page and "核实" in page


def test_a_bad_form_keeps_what_was_typed_and_names_the_field(client, cast):
    client.force_login(cast.office)
    page = client.post(
        "/accountability/new/",
        {"unit": cast.gov_a.pk, "person_name": "王建军", "reason": "", "post": "副镇长"},
    ).content.decode()
    assert "请填写问责事由" in page and 'value="副镇长"' in page
    assert not Record.objects.exists()


def test_county_b_sees_nothing_of_county_a_anywhere(client, cast, held_to_account):
    record = _record(cast, complaints=[held_to_account])
    client.force_login(cast.handler_b)
    assert client.get(f"/accountability/{record.pk}/").status_code == 404
    assert "王建军" not in client.get("/accountability/").content.decode()
    assert client.get(f"/api/accountability/{record.pk}").status_code == 404
    assert client.get("/api/accountability").json()["count"] == 0
    assert client.get(f"/accountability/new/?complaint={held_to_account.pk}").status_code == 404
    assert client.post(f"/accountability/{record.pk}/do/verify/").status_code == 404
    assert client.get("/accountability/queue/").status_code == 403


def test_the_api_registers_decides_and_audits(client, cast, discipline, held_to_account):
    client.force_login(cast.handler_a)
    created = client.post(
        "/api/accountability",
        {
            "unit_id": cast.gov_a.pk,
            "person_name": "李志强",
            "reason": "监管不力",
            "complaint_ids": [held_to_account.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["complaint_numbers"] == [held_to_account.number]
    pk = created.json()["id"]
    assert (
        client.post(f"/api/accountability/{pk}/verification", {}, content_type="application/json").status_code
        == 403
    )
    client.force_login(cast.office)
    decided = client.post(
        f"/api/accountability/{pk}/decision",
        {"form": "warning", "decided_by": "区纪委", "decided_on": dt.date.today().isoformat()},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["form_name"] == "警告"
    client.force_login(discipline)
    rejected = client.post(
        f"/api/accountability/{pk}/insufficient", {"reason": "偏轻"}, content_type="application/json"
    )
    assert rejected.json()["audit_status"] == "insufficient"
    assert client.get("/api/accountability/queue").json()["complaints"] == 1  # two promised, one recorded
    forms = [f["name"] for f in client.get("/api/accountability/forms").json()]
    assert forms[:3] == ["诫勉谈话", "通报批评", "责令检查"]


def test_the_list_shows_figures_by_form(client, cast):
    _record(cast)
    _record(cast, person_name="李志强", form="warning")
    client.force_login(cast.office)
    page = client.get("/accountability/").content.decode()
    assert "共 2 人" in page and 'id="chart-forms"' in page and "诫勉谈话" in page


def test_the_complaint_page_shows_its_records_against_its_count(client, cast, discipline, held_to_account):
    from accountability import oversight

    oversight.urge_accountability(
        by=discipline, unit=cast.gov_a, complaint=held_to_account, reason="请问责到位",
        due_on=dt.date.today() + dt.timedelta(days=5),
    )  # fmt: skip
    _record(cast, complaints=[held_to_account])
    client.force_login(cast.office)
    page = client.get(f"/complaints/{held_to_account.pk}/").content.decode()
    assert "反馈问责 2 人，已登记 1 人" in page and "问责人数无记录支撑" in page and "王建军" in page
    assert "督促于" in page
