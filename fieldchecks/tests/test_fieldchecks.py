"""Field checks: recording on site, photos with their capture time, the transfer through the complaint loop,
the numbered 督办函, and scope."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Complaint
from conftest import make_user
from ducha.errors import PermissionDeniedError, WorkflowError
from ducha.tests.test_official import docx_facts
from fieldchecks import workflow
from fieldchecks.models import ProblemType

pytestmark = pytest.mark.django_db


def jpeg(taken: str | None = "2018:11:23 21:40:12", name="现场.jpg") -> SimpleUploadedFile:
    from PIL import Image

    image = Image.new("RGB", (32, 24), (120, 90, 60))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def check(cast, inspection):
    return workflow.create_check(
        by=cast.inspector, inspection=inspection, kind="night", region=cast.xingtai, day=dt.date.today(),
        starts_at=dt.time(21), ends_at=dt.time(23, 59), teams="第一检查组｜副组长牛某｜张某、李某\n第二检查组｜副总协调人张某｜王某",
        context="重污染天气Ⅱ级应急响应期间", letter_to=cast.city_gov,
    )  # fmt: skip


def test_a_check_is_recorded_with_sites_problems_and_photos(cast, check):
    site = workflow.add_site(
        check, by=cast.inspector, name="某小区三期建筑工地", region=cast.county_a, kind="建筑工地"
    )
    with pytest.raises(WorkflowError, match="应在邢台市境内"):
        workflow.add_site(check, by=cast.inspector, name="外地工地", region=cast.congtai)
    kind = ProblemType.objects.get(name="土方露天堆放")
    problem = workflow.add_problem(
        site,
        by=cast.inspector,
        kind=kind,
        description="土方未苫盖",
        photos=[jpeg(), jpeg(None, "无时间.jpg")],
    )
    taken = [p.taken_at for p in problem.photos.order_by("pk")]
    assert (
        taken[0] == dt.datetime(2018, 11, 23, 21, 40, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        and taken[1] is None
    )
    with pytest.raises(WorkflowError, match="内容与扩展名不符"):
        workflow.add_problem(
            site,
            by=cast.inspector,
            kind=kind,
            description="x",
            photos=[SimpleUploadedFile("假照片.jpg", b"%PDF-1.4")],
        )
    with pytest.raises(WorkflowError, match="不是照片"):
        workflow.add_problem(
            site,
            by=cast.inspector,
            kind=kind,
            description="x",
            photos=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")],
        )
    with pytest.raises(PermissionDeniedError):
        workflow.add_problem(site, by=cast.handler_a, kind=kind, description="x")


def test_closing_transfers_every_problem_and_numbers_the_letter(client, cast, check, inspection):
    import pypdfium2

    site = workflow.add_site(check, by=cast.inspector, name="客运中心换乘场工地", region=cast.county_a)
    for name in ("土方露天堆放", "渣土车未苫盖上路"):
        workflow.add_problem(
            site,
            by=cast.inspector,
            kind=ProblemType.objects.get(name=name),
            description=f"{name}，现场拍照取证",
        )
    closed = workflow.close_check(check, by=cast.inspector)
    closed.batch.refresh_from_db()
    assert (
        closed.letter_number == f"{inspection.code} 督办〔{check.day.year}〕1号"
        and closed.batch.status == "issued"
    )
    complaints = Complaint.objects.filter(batch=closed.batch)
    assert complaints.count() == 2 and set(complaints.values_list("channel", flat=True)) == {"C"}
    assert all(c.number.startswith("C") and c.local_due_at for c in complaints)
    with pytest.raises(WorkflowError, match="已交办"):
        workflow.add_site(check, by=cast.inspector, name="x", region=cast.county_a)
    client.force_login(cast.inspector)
    from docx import Document

    content = client.get(f"/field-checks/{check.pk}/?format=docx").content
    assert docx_facts(content)["a4"] and docx_facts(content)["page_numbers"]
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "邢台市人民政府：" in texts and any("共发现问题2个" in t for t in texts)
    pdf = pypdfium2.PdfDocument(client.get(f"/field-checks/{check.pk}/?format=pdf").content)
    assert closed.letter_number in pdf[0].get_textpage().get_text_range()


def test_a_check_cannot_be_closed_empty_or_outside_the_inspection(cast, check, inspection):
    with pytest.raises(WorkflowError, match="没有发现问题"):
        workflow.close_check(check, by=cast.inspector)
    from conftest import make_region

    henan = make_region("410000", "河南省", "province", cast.country)
    zhengzhou = make_region("410100", "郑州市", "city", henan)
    with pytest.raises(WorkflowError, match="不在本次督察范围内"):
        workflow.create_check(
            by=cast.inspector, inspection=inspection, kind="morning", region=zhengzhou, day=dt.date.today(),
            starts_at=dt.time(6), ends_at=dt.time(8), teams="晨查组｜某",
        )  # fmt: skip


def test_scope_holds_for_checks_and_photos(client, cast, check):
    site = workflow.add_site(check, by=cast.inspector, name="工地", region=cast.county_a)
    problem = workflow.add_problem(
        site, by=cast.inspector, kind=ProblemType.objects.first(), description="x", photos=[jpeg()]
    )
    handan = make_user("handan_handler", cast.handan_gov, "handler")
    client.force_login(handan)
    assert client.get(f"/field-checks/{check.pk}/").status_code == 404
    assert client.get(f"/field-checks/photos/{problem.photos.get().pk}/").status_code == 404
    client.force_login(cast.office)
    assert client.get(f"/field-checks/photos/{problem.photos.get().pk}/").status_code == 200


def test_findings_count_in_briefings(cast, check, inspection):
    from briefings import generators

    site = workflow.add_site(check, by=cast.inspector, name="工地", region=cast.county_a)
    for name in ("土方露天堆放", "土方露天堆放", "露天焚烧垃圾"):
        workflow.add_problem(
            site, by=cast.inspector, kind=ProblemType.objects.get(name=name), description=name
        )
    workflow.close_check(check, by=cast.inspector)
    title, body = generators.generate("field_findings", cast.office, inspection)
    assert title == "督察组开展夜查"
    assert (
        "发现问题3个（土方露天堆放2个、露天焚烧垃圾1个）" in body and "已全部交办3个，下达督办函1份" in body
    )
