"""Publishing the way provinces do (issue 18): money to the 分, industry categories, key cases with their own rule,
the batch's announcement for the inspection and each city, and the public table as a PDF."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from complaints import announcement, summary, workflow
from complaints.models import Complaint, IndustryCategory
from inspections.models import DeadlineRule

pytestmark = pytest.mark.django_db


def answer(walk, complaint, cast, *, fines, state="closed", verdict="true"):
    walk(complaint, "received")
    complaint.refresh_from_db()
    workflow.submit_feedback(complaint, by=cast.handler_a, findings="经核查属实", verdict=verdict, measures="责令整改，立案处罚",
                             handling_state=state, counters={"ordered_firms": 1, "penalised_firms": 1, "fines_yuan": fines})  # fmt: skip
    workflow.sign_feedback(complaint, by=cast.signer_a)
    return workflow.accept_feedback(complaint, by=cast.office)


def test_a_fine_to_the_fen_is_stored_summed_and_published_exactly(cast, client, inspection, register, walk):
    first = answer(walk, register("信都区某砖厂粉尘污染严重"), cast, fines="251542.70")
    second = answer(walk, register("信都区某化工厂夜间偷排"), cast, fines=Decimal("0.01"))
    assert first.fines_yuan == Decimal("251542.70") and second.fines_yuan == Decimal("0.01")
    figures = summary.summary(Complaint.objects.filter(inspection=inspection))
    from complaints.queries import statistics

    assert statistics(inspection)["fines_yuan"] == Decimal("251542.71")
    out = io.StringIO()
    call_command("stats", inspection=inspection.code, format="json", stdout=out)
    assert json.loads(out.getvalue())["fines_yuan"] == 251542.71
    workflow.publish_batch(first.batch, by=cast.office)
    batch = Complaint.objects.get(pk=second.pk).batch
    workflow.publish_batch(batch, by=cast.office)
    text = announcement.text(batch)
    assert "罚款金额251542.71元" in text and "责令整改2家" in text
    client.force_login(cast.province)
    page = client.get(f"/complaints/inspections/{inspection.code}/statistics/").content.decode()
    assert "251,542.71 元" in page and "25.15 万元" in page
    public = client.get(f"/portal/{inspection.code}/disclosure/{batch.number}/").content.decode()
    assert "罚款金额251542.71元" in public
    assert figures["transferred"] == 2


def test_money_is_refused_beyond_the_fen_or_as_a_float(cast, inspection, register, walk):
    complaint = walk(register(), "received")
    for bad, why in (("12.345", "精确到分"), (0.1, "数字"), ("十万", "数字"), ("-1", "0 至")):
        with pytest.raises(Exception, match=why):
            workflow.submit_feedback(complaint, by=cast.handler_a, findings="x", verdict="true", measures="y",
                                     handling_state="closed", counters={"fines_yuan": bad})  # fmt: skip
    assert not complaint.feedbacks.exists()


def test_money_through_the_api_keeps_its_cents(cast, inspection, register, walk):
    from django.test import Client

    complaint = walk(register(), "received")
    client = Client()
    client.force_login(cast.handler_a)
    answer_ = client.post(f"/api/complaints/{complaint.pk}/feedback", {
        "findings": "经核查", "verdict": "true", "measures": "罚款", "handling_state": "closed",
        "counters": {"fines_yuan": "251542.71", "ordered_firms": 1},
    }, content_type="application/json")  # fmt: skip
    assert answer_.status_code in (200, 201), answer_.content
    complaint.refresh_from_db()
    assert complaint.feedbacks.get().fines_yuan == Decimal("251542.71")
    bad = client.post(f"/api/complaints/{complaint.pk}/feedback", {
        "findings": "x", "verdict": "true", "measures": "y", "handling_state": "closed", "counters": {"ordered_firms": 1.5},
    }, content_type="application/json")  # fmt: skip
    assert bad.status_code in (400, 409, 422)


def test_industry_categories_are_counted_per_batch(cast, client, inspection, register, walk):
    assert list(IndustryCategory.objects.values_list("name", flat=True)[:3]) == ["工业", "矿山", "畜禽养殖"]
    farm, town = IndustryCategory.objects.get(name="畜禽养殖"), IndustryCategory.objects.get(name="城市管理")
    one, two = register("信都区某养殖场粪污直排"), register("信都区某小区垃圾堆放")
    workflow.classify_complaint(one, by=cast.inspector, industry=farm)
    client.force_login(cast.inspector)
    assert (
        client.patch(
            f"/api/complaints/{two.pk}", {"industry": "城市管理类"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert client.patch(
        f"/api/complaints/{two.pk}", {"industry": "航天"}, content_type="application/json"
    ).status_code in (400, 409, 422)
    two.refresh_from_db()
    assert two.industry == town
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(
        batch, [workflow.accept_complaint(c, by=cast.inspector) for c in (one, two)], by=cast.inspector
    )
    workflow.issue_batch(batch, by=cast.inspector)
    assert "按行业类别分：畜禽养殖类1个，城市管理类1个" in announcement.text(batch)


def test_a_key_case_answers_by_its_own_rule_where_the_inspection_sets_one(cast, inspection, register, walk):
    from inspections import workflow as inspections

    rule = DeadlineRule.objects.get(inspection=inspection, key="feedback_key")
    assert not rule.is_active  # off until the team sets it
    plain, key = register("信都区某厂废气"), register("信都区某厂废水直排入河，影响饮用水源")
    workflow.classify_complaint(key, by=cast.inspector, is_key_case=True)
    inspections.update_deadline_rule(rule, by=cast.province, amount=1, unit="day", is_active=True)
    walk(plain, "transferred")
    walk(key, "transferred")
    plain.refresh_from_db()
    key.refresh_from_db()
    from django.utils import timezone

    # 1 自然日 after the issue: the end of the next day, Beijing time; the others keep the team's 5 days.
    assert timezone.localtime(key.team_due_at).date() == timezone.localtime(
        key.transferred_at
    ).date() + dt.timedelta(days=1)
    assert key.team_due_at < plain.team_due_at
    text = announcement.text(key.batch)
    assert "其中重点关注1件" in text


def test_the_announcement_speaks_for_the_province_and_for_each_city(cast, make_inspection, walk):
    from organisations.models import Unit, UnitKind

    Unit.objects.create(name="丛台区人民政府", kind=UnitKind.GOVERNMENT, region=cast.congtai)
    inspection = make_inspection("HB-2018-PROV", targets=[cast.hebei], xingtai_rule=False)
    made = []
    for text, region in (
        ("信都区某厂偷排", cast.county_a),
        ("任泽区某厂冒黑烟", cast.county_b),
        ("丛台区某工地扬尘", cast.congtai),
    ):
        complaint, _ = workflow.register_complaint(
            by=cast.inspector, inspection=inspection, channel="D", text=text, region=region
        )
        made.append(workflow.accept_complaint(complaint, by=cast.inspector))
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, made, by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    province = announcement.text(batch)
    assert (
        "向我省转办第1批群众信访举报件共3件（来电3件）" in province
        and "从信访件分布来看，邢台市2件、邯郸市1件" in province
    )
    cities = announcement.cities(batch)
    assert [c.name for c in cities] == ["邯郸市", "邢台市"]
    xingtai = announcement.text(batch, region=cast.xingtai)
    assert "向我市转办第1批群众信访举报件共2件" in xingtai and "信都区1件、任泽区1件" in xingtai
    from django.test import Client

    client = Client()
    client.force_login(cast.province)
    page = client.get(f"/complaints/inspections/{inspection.code}/batches/1/announcement/").content.decode()
    assert "向我省转办第1批" in page and "向我市转办第1批" in page


def test_the_announcement_goes_into_a_briefing_with_one_click(cast, client, inspection, register, walk):
    from briefings import workflow as briefings

    series = briefings.create_series(by=cast.office, name="环境保护督察工作简报")
    issue = briefings.create_issue(by=cast.office, series=series)
    complaint = walk(register(), "transferred")
    client.force_login(cast.office)
    client.post(
        f"/complaints/inspections/{inspection.code}/batches/{complaint.batch.number}/announcement/",
        {"issue": issue.pk},
    )
    article = issue.articles.get()
    assert article.generator == "batch_announcement" and "转办第1批群众信访举报件共1件" in article.body


def test_the_public_table_is_a_pdf_with_its_batch_and_date(cast, client, inspection, register, walk):
    complaint = answer(walk, register("信都区某砖厂粉尘污染严重"), cast, fines="100")
    workflow.publish_batch(complaint.batch, by=cast.office)
    pdf = client.get(f"/portal/{inspection.code}/disclosure/1/?format=pdf")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    assert "%E7%AC%AC1%E6%89%B9" in pdf["Content-Disposition"]  # （第1批） in the file name
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf.content)
    width, height = document[0].get_size()
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert width > height  # A4 landscape
    assert "公开情况一览表（第1批）" in text and complaint.number in text and "年" in text
    excel = client.get(f"/portal/{inspection.code}/disclosure/1/?format=xlsx")
    assert excel.status_code == 200 and b"".join(excel.streaming_content).startswith(b"PK")
    assert client.get(f"/portal/{inspection.code}/disclosure/?format=pdf").status_code == 403
