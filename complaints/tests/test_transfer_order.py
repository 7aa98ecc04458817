"""The printed transfer order (交办单) starts each lead unit's sheet on a new page: printed by chromium to
PDF and read back page by page."""

import os

import pytest

from complaints import workflow
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_each_units_sheet_starts_on_a_new_page(page, cast, inspection, register):
    import pypdfium2

    first = register("信都区某化工厂夜间偷排废水，河水发黑发臭")
    second = register("任泽区某砖厂粉尘污染严重，周边庄稼落满灰", region=cast.county_b)
    for complaint in (first, second):
        workflow.accept_complaint(complaint, by=cast.inspector)
    batch = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(batch, [first, second], by=cast.inspector)
    workflow.issue_batch(batch, by=cast.inspector)
    sign_in(page, "office")
    page.goto(f"/complaints/inspections/{inspection.code}/batches/{batch.number}/order/")
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4"))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    units = [[u for u in ("信都区人民政府", "任泽区人民政府") if f"承办单位：{u}" in t] for t in texts]
    assert sorted(units) == [["任泽区人民政府"], ["信都区人民政府"]]  # two pages, one unit each
