"""Assessment through its entry points: pages, API, command, import, Word report, portal, and scope."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from assessments import compute, workflow
from assessments.models import Objection, Score
from ducha.errors import WorkflowError
from ducha.tests.test_official import docx_facts

pytestmark = pytest.mark.django_db


def _sheet(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(["考核期", "被考核单位", "指标编号", "得分", "评分说明"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("第三方考核得分.xlsx", buffer.getvalue())


def test_the_third_partys_table_imports_all_or_nothing(client, cast, scheme, assessor):
    client.force_login(assessor)
    bad = _sheet([
        ["2026Q4", "信都区人民政府", "B1", 36, "现场评估"],
        ["2026Q5", "任泽区人民政府", "B1", 30, ""],
        ["2026Q4", "某县政府", "C1", 41, ""],
        ["2026Q4", "信都区人民政府", "B1", 35, "重复"],
    ])  # fmt: skip
    page = client.post(f"/assessments/{scheme.pk}/import/", {"file": bad}).content.decode()
    for text in (
        "第 3 行，“考核期”列",
        "第 4 行，“被考核单位”列",
        "第 4 行，“指标编号”列",
        "第 5 行，“被考核单位”列：与第 2 行重复",
    ):
        assert text in page, text
    assert not Score.objects.exists()
    good = _sheet(
        [["2026Q4", "信都区人民政府", "B1", "36.5", "现场评估"], ["2026q4", "任泽区人民政府", "B1", 30, ""]]
    )
    assert client.post(f"/assessments/{scheme.pk}/import/", {"file": good}).status_code == 302
    assert sorted(Score.objects.values_list("points", flat=True)) == [30, 36.5]


def test_a_county_sees_its_own_detail_and_only_the_published_ranking(client, cast, scheme, action):
    action("letter", dt.date(2026, 11, 2), unit=cast.gov_b)
    compute.recompute(scheme, "2026Q4")
    own = scheme.subjects.get(unit=cast.gov_a)
    neighbour = scheme.subjects.get(unit=cast.gov_b)
    client.force_login(cast.handler_a)
    page = client.get(f"/assessments/{scheme.pk}/?period=2026Q4").content.decode()
    assert "信都区人民政府" in page and "任泽区人民政府" not in page  # not yet published
    assert client.get(f"/assessments/{scheme.pk}/units/{own.pk}/?period=2026Q4").status_code == 200
    assert client.get(f"/assessments/{scheme.pk}/units/{neighbour.pk}/?period=2026Q4").status_code == 404
    assert (
        client.get(
            f"/api/assessments/schemes/{scheme.pk}/units/{neighbour.pk}/deductions?period=2026Q4"
        ).status_code
        == 404
    )
    assert client.post(f"/assessments/{scheme.pk}/do/compute/", {"period": "2026Q4"}).status_code == 403
    workflow.publish(scheme, by=cast.office, period="2026Q4")
    units = client.get(f"/api/assessments/schemes/{scheme.pk}/results?period=2026Q4").json()["units"]
    rows = {u["unit"]: u for u in units}
    assert rows["任泽区人民政府"]["deductions"] is None and rows["任泽区人民政府"]["score"] == 49.0
    assert rows["信都区人民政府"]["deductions"] == {}
    from conftest import make_user

    handan = make_user("handan_handler", cast.handan_gov, "handler")
    client.force_login(handan)
    assert client.get(f"/assessments/{scheme.pk}/").status_code == 404


def test_objections_are_raised_within_the_window_and_decided_with_a_reason(client, cast, scheme):
    compute.recompute(scheme, "2026Q4")
    result = scheme.results.get(period="2026Q4", subject__unit=cast.gov_a)
    with pytest.raises(WorkflowError, match="尚未公布"):
        workflow.raise_objection(result, by=cast.handler_a, reason="第三方评分漏计")
    with time_machine.travel(dt.datetime(2027, 1, 10, 10), tick=False):
        workflow.publish(scheme, by=cast.office, period="2026Q4")
        client.force_login(cast.handler_a)
        page = client.get(
            f"/assessments/{scheme.pk}/units/{result.subject_id}/?period=2026Q4"
        ).content.decode()
        assert "对本期结果提出异议" in page
        client.post(
            f"/assessments/{scheme.pk}/do/object/",
            {"period": "2026Q4", "result": result.pk, "reason": "第三方评分漏计黑臭水体整治成效"},
        )
        objection = Objection.objects.get()
        with pytest.raises(WorkflowError, match="处理意见"):
            workflow.decide_objection(objection, by=cast.office, upheld=False, decision="")
        workflow.decide_objection(
            objection, by=cast.office, upheld=True, decision="经复核，补记黑臭水体整治得分"
        )
    with (
        time_machine.travel(dt.datetime(2027, 1, 30, 10), tick=False),
        pytest.raises(WorkflowError, match="异议期已于"),
    ):
        workflow.raise_objection(result, by=cast.handler_a, reason="again")
    assert Objection.objects.get().status == "upheld"


def test_the_command_prints_every_units_score_rank_grade_and_deductions(cast, scheme, action, capsys):
    action("red", dt.date(2026, 12, 1))
    call_command("assessment", scheme=scheme.pk, period="2026q4", format="json")
    out = json.loads(capsys.readouterr().out)
    assert out["period"] == "2026Q4" and [u["unit"] for u in out["units"]] == [
        "任泽区人民政府",
        "信都区人民政府",
    ]
    assert out["units"][1]["deductions"] == {"red_warning": 2.0} and out["units"][1]["rank"] == 2
    call_command("assessment", scheme=scheme.pk, period="2026Q4")
    assert "信都区人民政府" in capsys.readouterr().out


def test_the_report_and_the_portal_show_the_ranking(client, cast, scheme):
    from docx import Document

    compute.recompute(scheme, "2026")
    client.force_login(cast.office)
    content = client.get(f"/assessments/{scheme.pk}/report.docx?period=2026").content
    assert docx_facts(content)["a4"] and docx_facts(content)["page_numbers"]
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "中共邢台市委，邢台市人民政府：" in text and "抄送：邢台市纪委，邢台市委组织部。" in text
    assert len(document.tables[0].rows) == 3
    client.logout()
    assert "邢台市" not in client.get("/portal/assessments/").content.decode()
    publication = workflow.publish(scheme, by=cast.office, period="2026")
    page = client.get(f"/portal/assessments/{publication.pk}/").content.decode()
    assert "信都区人民政府" in page and "任泽区人民政府" in page


def test_bad_input_is_refused_with_a_reason(client, cast, scheme):
    client.force_login(cast.office)
    assert client.get(f"/api/assessments/schemes/{scheme.pk}/results?period=2026Q9").status_code == 400
    with pytest.raises(WorkflowError, match="应写作"):
        compute.recompute(scheme, "二〇二六")
    response = client.post(
        "/assessments/",
        {"region": "130500", "code": scheme.code, "name": "x", "year": "2026", "subject_kind": "county"},
    )
    assert response.status_code == 200 and "已存在" in response.content.decode()


def test_the_workbench_tells_each_role_what_waits(client, cast, scheme, assessor):
    with time_machine.travel(
        dt.datetime(2026, 11, 30, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        client.force_login(assessor)
        page = client.get("/").content.decode()
        assert "项第三方评分待录入" in page and '<b class="error">6</b>' in page  # 2 counties × Q1–Q3
        compute.recompute(scheme, "2026Q3")
        workflow.publish(scheme, by=cast.office, period="2026Q3")
        result = scheme.results.get(period="2026Q3", subject__unit=cast.gov_a)
        workflow.raise_objection(result, by=cast.handler_a, reason="漏计")
        client.force_login(cast.office)
        assert "件考核异议待处理" in client.get("/").content.decode()
        client.force_login(cast.handler_a)
        assert "份考核结果已公布（异议期内）" in client.get("/").content.decode()


def test_the_office_imports_the_third_partys_table_but_cannot_type_its_scores(client, cast, scheme):
    from ducha.errors import PermissionDeniedError

    subject = scheme.subjects.get(unit=cast.gov_a)
    with pytest.raises(PermissionDeniedError):
        workflow.enter_score(
            by=cast.office,
            indicator=scheme.indicators.get(code="B1"),
            subject=subject,
            period="2026Q4",
            points=30,
        )
    client.force_login(cast.office)
    response = client.post(
        f"/assessments/{scheme.pk}/import/",
        {"file": _sheet([["2026Q4", "信都区人民政府", "B1", 33, "华南环科所第四季度评估"]])},
    )
    assert response.status_code == 302 and Score.objects.get().points == 33
    client.force_login(cast.handler_a)
    assert client.get(f"/assessments/{scheme.pk}/import/").status_code == 403
