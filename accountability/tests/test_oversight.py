"""The discipline group's oversight: urge letters, supervision requests, transfers, draws of key cases,
the public 责任追究情况 column and the import of a 问责情况表; every allowed and forbidden step, and scope."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accountability import oversight, workflow
from accountability.models import ClueTransfer, PublicationRule, Record, Urge, UrgeStatus
from conftest import make_user
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.tests.test_official import docx_facts
from notices.models import Notification

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def handan_discipline(cast):
    from organisations.models import Unit, UnitKind

    unit = Unit.objects.create(name="邯郸市纪委监委", kind=UnitKind.DISCIPLINE, region=cast.handan)
    return make_user("handan_discipline", unit, "discipline")


def _urge(cast, discipline, complaint, **extra):
    values = {
        "by": discipline, "unit": cast.gov_a, "complaint": complaint, "due_on": today() + dt.timedelta(days=10),
        "reason": "反馈称问责 2 人，未见问责决定",
    }  # fmt: skip
    values.update(extra)
    return oversight.urge_accountability(**values)


def _decided(cast, complaint, **extra):
    values = {
        "by": cast.handler_a, "unit": cast.gov_a, "person_name": "王建军", "post": "某镇分管副镇长",
        "cadre_level": "township", "reason": "属地监管不力", "form": "admonition",
        "decided_by": "中共信都区纪律检查委员会", "decided_on": today(), "complaints": [complaint],
    }  # fmt: skip
    values.update(extra)
    return workflow.register_record(**values)


def test_an_urge_is_numbered_tells_the_unit_and_is_answered_by_the_record(
    cast, discipline, held_to_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _urge(cast, discipline, held_to_account)
    assert first.number == f"邢台市督问〔{today().year}〕1号" and first.status == UrgeStatus.OPEN
    assert Notification.objects.filter(user=cast.handler_a, title__contains=first.number).exists()
    with pytest.raises(WorkflowError, match="已有督促中"):
        _urge(cast, discipline, held_to_account)
    _decided(cast, held_to_account)
    first.refresh_from_db()
    assert first.status == UrgeStatus.OPEN  # two people counted, one on record
    _decided(cast, held_to_account, person_name="李卫东")
    first.refresh_from_db()
    assert first.status == UrgeStatus.ANSWERED and first.answered_at is not None
    second = _urge(cast, discipline, held_to_account, reason="仍差 1 人")
    assert second.number.endswith(f"〔{today().year}〕2号")


@pytest.mark.parametrize(
    ("who", "due", "message"),
    [
        ("handler_a", 10, "不能督促问责"),
        ("office", 10, "不能督促问责"),
        ("discipline", 0, "应晚于今天"),
        ("discipline", 400, "不能超过一年"),
    ],
)
def test_only_the_discipline_group_urges_and_with_a_sensible_deadline(
    cast, discipline, held_to_account, who, due, message
):
    by = discipline if who == "discipline" else getattr(cast, who)
    error = PermissionDeniedError if who != "discipline" else WorkflowError
    with pytest.raises(error, match=message):
        _urge(cast, discipline, held_to_account, by=by, due_on=today() + dt.timedelta(days=due))
    assert not Urge.objects.exists()


def test_a_discipline_group_cannot_urge_or_see_beyond_its_city(
    client, cast, discipline, handan_discipline, held_to_account
):
    with pytest.raises(PermissionDeniedError):
        _urge(cast, discipline, held_to_account, by=handan_discipline)
    urge = _urge(cast, discipline, held_to_account)
    client.force_login(handan_discipline)
    assert client.get(f"/accountability/urges/{urge.pk}/").status_code == 404
    assert client.get(f"/api/accountability/urges/{urge.pk}").status_code == 404
    assert client.get("/api/accountability/urges").json()["count"] == 0
    assert client.get(f"/accountability/urges/?complaint={held_to_account.pk}").status_code == 404


def test_the_urge_letter_is_a_word_document_and_overdue_urges_are_red(
    client, cast, discipline, held_to_account
):
    import time_machine
    from docx import Document

    urge = _urge(cast, discipline, held_to_account, due_on=today() + dt.timedelta(days=3))
    client.force_login(discipline)
    response = client.get(f"/accountability/urges/{urge.pk}/?format=docx")
    facts = docx_facts(response.content)
    assert facts["a4"] and facts["margins"] == (37, 35, 28, 26) and facts["page_numbers"]
    assert any(t.startswith("抄送：") for t in facts["texts"])
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert (
        urge.number in text
        and "督促问责函" in text
        and held_to_account.number in text
        and "信都区人民政府：" in text
    )
    with time_machine.travel(dt.datetime.combine(today() + dt.timedelta(days=5), dt.time(10)), tick=False):
        client.force_login(discipline)  # a session idle for five days has ended
        page = client.get("/accountability/urges/?tab=overdue").content.decode()
        assert urge.number in page and "已逾期" in page
        assert client.get("/api/accountability/queue").json()["urges_overdue"] == 1


def test_urging_through_the_queue_page_and_the_api(client, cast, discipline, held_to_account):
    client.force_login(discipline)
    queue = client.get("/accountability/queue/").content.decode()
    assert f"?complaint={held_to_account.pk}#urge-form" in queue
    form = client.get(f"/accountability/urges/?complaint={held_to_account.pk}").content.decode()
    assert 'id="urge-form"' in form
    response = client.post(
        "/accountability/urges/new/",
        {
            "complaint": held_to_account.pk,
            "unit": cast.gov_a.pk,
            "due_on": (today() + dt.timedelta(days=7)).isoformat(),
            "reason": "请问责到位",
        },
    )
    urge = Urge.objects.get()
    assert response.status_code == 302 and response.url == f"/accountability/urges/{urge.pk}/"
    assert "已督促" in client.get("/accountability/queue/").content.decode()
    duplicate = client.post(
        "/api/accountability/urges",
        {
            "unit_id": cast.gov_a.pk,
            "complaint_id": held_to_account.pk,
            "reason": "再次",
            "due_on": str(today() + dt.timedelta(days=7)),
        },
        content_type="application/json",
    )
    assert duplicate.status_code == 409 and Urge.objects.count() == 1


def test_supervision_requests_go_from_a_group_to_the_discipline_group_and_back(
    client, cast, discipline, handan_discipline, held_to_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = oversight.request_supervision(
            by=cast.inspector,
            subject_unit=cast.gov_a,
            kind="late",
            description="签收后 5 日未反馈",
            complaints=[held_to_account],
        )
    assert Notification.objects.filter(user=discipline, title__contains="监察申请").exists()
    assert not Notification.objects.filter(user=handan_discipline).exists()
    with pytest.raises(PermissionDeniedError):
        oversight.request_supervision(
            by=cast.handler_a, subject_unit=cast.gov_a, kind="late", description="x"
        )
    with pytest.raises(PermissionDeniedError):
        oversight.reply_supervision(request, by=cast.inspector, reply="已督办")
    client.force_login(discipline)
    assert "件监察申请待答复" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accountability/requests/{request.pk}/", {"reply": "已约谈区分管负责人，限 2 日内反馈"}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (
        request.replied_by == discipline
        and Notification.objects.filter(user=cast.inspector, title__contains="已答复").exists()
    )
    with pytest.raises(WorkflowError, match="已答复"):
        oversight.reply_supervision(request, by=discipline, reply="again")
    client.force_login(handan_discipline)
    assert client.get(f"/accountability/requests/{request.pk}/").status_code == 404


def test_a_clue_is_transferred_only_once_the_inspection_reaches_handover(
    client, cast, discipline, inspection, held_to_account
):
    from inspections.models import Inspection

    values = {
        "by": cast.province, "inspection": inspection, "receiver_kind": "discipline", "receiver": "河北省纪委监委",
        "title": "邢台市信都区河道污染问题监管失职", "description": "督察发现有关部门长期监管缺位",
        "complaints": [held_to_account],
    }  # fmt: skip
    with pytest.raises(WorkflowError, match="移交移送"):
        oversight.transfer_clue(**values)
    Inspection.objects.filter(pk=inspection.pk).update(stage="handover")
    with pytest.raises(PermissionDeniedError):
        oversight.transfer_clue(**{**values, "by": cast.handler_a})
    transfer = oversight.transfer_clue(**values)
    assert transfer.number == f"{inspection.code} 移交〔{today().year}〕1号"
    client.force_login(cast.province)
    from docx import Document

    letter = Document(io.BytesIO(client.get(f"/accountability/transfers/{transfer.pk}/?format=docx").content))
    assert "问题线索移交函" in "\n".join(p.text for p in letter.paragraphs)
    listing = client.get(f"/accountability/transfers/?inspection={inspection.pk}&format=docx")
    table = Document(io.BytesIO(listing.content)).tables[0]
    assert [c.text for c in table.rows[1].cells][1:4] == [transfer.number, transfer.title, "河北省纪委监委"]
    client.post(
        f"/accountability/transfers/{transfer.pk}/",
        {"outcome": "已立案审查", "outcome_on": today().isoformat()},
    )
    transfer.refresh_from_db()
    assert transfer.status == "answered"
    assert ClueTransfer.objects.visible_to(cast.handler_a).count() == 0


def test_key_cases_records_are_drawn_reproducibly_and_only_from_key_cases(
    cast, discipline, held_to_account, register, walk
):
    with pytest.raises(WorkflowError, match="没有尚未抽查"):
        oversight.sample_key_records(by=discipline, size=3)
    type(held_to_account).objects.filter(pk=held_to_account.pk).update(is_key_case=True)
    records = [_decided(cast, held_to_account, person_name=f"责任人{i}") for i in range(4)]
    _decided(cast, walk(register(), "received"), person_name="非重点件")  # not a key case: never drawn
    with pytest.raises(PermissionDeniedError):
        oversight.sample_key_records(by=cast.office, size=2)
    chosen = oversight.sample_key_records(by=discipline, size=2, seed=7)
    assert len(chosen) == 2 and set(chosen) <= {r.pk for r in records}
    again = oversight.sample_key_records(by=discipline, size=5, seed=7)
    assert set(again).isdisjoint(chosen) and len(again) == 2  # the rest, never drawn twice


def test_the_public_column_is_built_from_decided_records_and_hides_names(cast, discipline, held_to_account):
    from complaints import workflow as complaints
    from complaints.models import PublishedItem

    _decided(cast, held_to_account)
    workflow.register_record(
        by=cast.handler_a,
        unit=cast.gov_a,
        person_name="李四",
        post="区环保分局局长",
        reason="x",
        complaints=[held_to_account],
    )  # fmt: skip  (proposed: not yet public)
    complaints.publish_batch(held_to_account.batch, by=cast.office)
    item = PublishedItem.objects.get(complaint=held_to_account, is_current=True)
    assert item.accountability == "问责1人：对信都区人民政府某镇分管副镇长诫勉谈话。"
    assert "王建军" not in item.accountability and "李四" not in item.accountability
    PublicationRule.objects.filter(cadre_level="county").update(pattern="给予{unit}{post}{name}{form}")
    _decided(
        cast, held_to_account, person_name="赵六", post="区环保分局局长", cadre_level="county", form="warning"
    )
    complaints.publish_batch(held_to_account.batch, by=cast.office)
    item = PublishedItem.objects.get(complaint=held_to_account, is_current=True)
    assert (
        "给予信都区人民政府区环保分局局长赵六警告" in item.accountability and "问责2人" in item.accountability
    )


def test_a_publication_rule_must_name_the_form_and_known_placeholders(cast):
    from django.core.exceptions import ValidationError

    rule = PublicationRule.objects.get(cadre_level="township")
    for pattern in ("对{unit}{post}", "对{单位}{form}"):
        rule.pattern = pattern
        with pytest.raises(ValidationError):
            rule.clean()


def _sheet(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "被问责人",
            "职务",
            "所在单位",
            "干部层级",
            "问责方式",
            "问责事由",
            "决定机关",
            "决定日期",
            "文号",
            "受理编号",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("问责情况表.xlsx", buffer.getvalue())


def test_a_accountability_table_imports_all_or_nothing_with_errors_by_row(client, cast, held_to_account):
    client.force_login(cast.office)
    bad = _sheet([
        ["王建军", "某镇分管副镇长", "信都区人民政府", "副科级", "党内警告", "监管不力", "信都区纪委", dt.datetime(2026, 3, 2), "信纪〔2026〕1号", held_to_account.number],
        ["李四", "副局长", "某县政府", "正处", "诫勉", "x", "", "", "", ""],
        ["", "", "任泽区人民政府", "高级工程师", "诫勉谈话", "x", "任泽区纪委", "2026年13月1日", "", "X9"],
    ])  # fmt: skip
    page = client.post("/accountability/import/", {"file": bad}).content.decode()
    assert not Record.objects.exists()
    for text in (
        "第 3 行，“所在单位”列",
        "第 3 行，“问责方式”列",
        "第 4 行，“被问责人”列",
        "第 4 行，“决定日期”列",
        "第 4 行，“受理编号”列",
        "第 4 行，“干部层级”列",
    ):
        assert text in page, text
    good = _sheet([
        ["王建军", "某镇分管副镇长", "信都区政府", "副科级", "党内警告", "监管不力", "信都区纪委", dt.datetime(2018, 12, 2), "信纪〔2018〕1号", held_to_account.number],
        ["李四", "副局长", "任泽区人民政府", "", "", "待研究", "", "", "", ""],
    ])  # fmt: skip
    response = client.post("/accountability/import/", {"file": good})
    assert response.status_code == 302
    first, second = Record.objects.order_by("pk")
    assert (first.form, first.cadre_level, first.status, first.source_kind) == (
        "warning",
        "township",
        "decided",
        "import",
    )
    assert list(first.complaints.all()) == [held_to_account] and second.status == "proposed"
    assert first.unit == cast.gov_a  # 信都区政府, as the table wrote it


def test_an_import_cannot_reach_another_city(client, cast):
    from organisations.models import Unit

    client.force_login(cast.handler_a)
    page = client.post(
        "/accountability/import/",
        {"file": _sheet([["王五", "", "邯郸市人民政府", "", "", "x", "", "", "", ""]])},
    ).content.decode()
    assert "第 2 行，“所在单位”列" in page and not Record.objects.exists()
    assert Unit.objects.filter(name="邯郸市人民政府").exists()


def test_the_spot_check_page_lists_the_configured_forms(client, cast, report, make_task):
    from rectification.models import SpotCheck, SpotCheckItem

    spot = SpotCheck.objects.create(
        report=report,
        title="抽查",
        seed=1,
        size=1,
        pool_size=1,
        drawn_by=cast.office,
        region_prefix=report.region_prefix,
    )
    SpotCheckItem.objects.create(spot_check=spot, task=make_task())
    client.force_login(cast.office)
    page = client.get(f"/rectification/spot-checks/{spot.pk}/").content.decode()
    assert "诫勉谈话" in page


def test_the_import_through_the_api_answers_with_errors_by_row(client, cast, held_to_account):
    client.force_login(cast.office)
    bad = client.post(
        "/api/accountability/import",
        {"file": _sheet([["王建军", "", "某县政府", "", "", "x", "", "", "", ""]])},
    )
    assert bad.status_code == 400 and bad.json()["errors"][0] == {
        "row": 2,
        "column": "所在单位",
        "message": bad.json()["errors"][0]["message"],
    }
    good = client.post(
        "/api/accountability/import",
        {
            "file": _sheet(
                [["王建军", "", "信都区人民政府", "县处级", "记过", "x", "区纪委", "2018-12-01", "", ""]]
            )
        },
    )
    assert good.status_code == 201 and good.json()["created"] == 1
    assert Record.objects.get().cadre_level == "county"
