"""A batch shows where it stands, and publishing a batch with open items is a deliberate choice."""

import pytest

from complaints import queries, workflow
from ducha.errors import WorkflowError

pytestmark = pytest.mark.django_db


def test_a_batch_with_open_items_is_published_only_on_purpose(cast, client, register, walk, inspection):
    done = walk(register("信都区某化工厂夜间偷排废水"), "received")
    still_open = register("信都区某砖厂粉尘污染严重")
    workflow.accept_complaint(still_open, by=cast.inspector)
    batch = done.batch
    walk.feedback(done)
    workflow.sign_feedback(done, by=cast.signer_a)
    workflow.accept_feedback(done, by=cast.office)
    second = workflow.create_batch(inspection, by=cast.inspector)
    workflow.add_to_batch(second, [still_open], by=cast.inspector)
    workflow.issue_batch(second, by=cast.inspector)
    # The first batch is answered in full; the second has one open item.
    progress = queries.batch_progress(cast.office, inspection)
    assert progress[batch.pk]["answered"] == 1 and progress[batch.pk]["open"] == 0
    assert progress[second.pk]["to_forward"] == 1 and progress[second.pk]["open"] == 1
    workflow.publish_batch(batch, by=cast.office)
    # Nothing is answered in the second batch yet: there is nothing to publish at all.
    with pytest.raises(WorkflowError, match="没有新的可公开事项"):
        workflow.publish_batch(second, by=cast.office)

    client.force_login(cast.office)
    page = client.get(f"/complaints/inspections/{inspection.code}/batches/").content.decode()
    assert "已公开 1 次" in page and "待转办 1 件" in page and "已反馈办结 1/1" in page
    # The page's publish form must be confirmed.
    response = client.post(
        f"/complaints/inspections/{inspection.code}/batches/publish/", {"number": batch.number}, follow=True
    )
    assert "请在确认框中核对将公开的内容后再公开" in response.content.decode()


def test_open_items_need_the_partial_choice(cast, register, walk, inspection):
    first = walk(register("信都区某化工厂夜间偷排废水"), "received")
    batch = first.batch
    walk.feedback(first)
    workflow.sign_feedback(first, by=cast.signer_a)
    workflow.accept_feedback(first, by=cast.office)
    # A second item joins the same batch before it was issued in real life; here, move it in directly.
    other = register("信都区某砖厂粉尘污染严重")
    other.batch, other.status = batch, "received"
    other.save(update_fields=["batch", "status"])
    with pytest.raises(WorkflowError, match="还有 1 件尚未办结"):
        workflow.publish_batch(batch, by=cast.office)
    publication = workflow.publish_batch(batch, by=cast.office, partial=True)
    assert publication.items.count() == 1
