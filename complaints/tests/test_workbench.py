"""The workbench's 现在要做: an item appears for the user whose turn it is and goes when the work is done."""

import pytest

from complaints import workflow

pytestmark = pytest.mark.django_db


def todo(client, user) -> str:
    client.force_login(user)
    page = client.get("/").content.decode()
    start = page.find('id="todo"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def test_an_item_moves_from_workbench_to_workbench(cast, client, register, walk):
    complaint = register("信都区某化工厂夜间偷排废水，河水发黑发臭")
    assert complaint.number in todo(client, cast.inspector)  # to screen
    walk(complaint, "forwarded")
    section = todo(client, cast.handler_a)
    assert complaint.number in section and "待签收" in section
    assert "剩余" in section or "超期" in section
    workflow.confirm_by_phone(complaint, by=cast.office, answered_by="王科长")
    workflow.sign_receipt(complaint, by=cast.signer_a)
    assert "办理中" in todo(client, cast.handler_a)
    walk.feedback(complaint)
    assert complaint.number not in todo(client, cast.handler_a)
    assert complaint.number in todo(client, cast.signer_a)
    workflow.sign_feedback(complaint, by=cast.signer_a)
    assert complaint.number not in todo(client, cast.signer_a)
    assert complaint.number in todo(client, cast.office)
    workflow.accept_feedback(complaint, by=cast.office)
    assert complaint.number not in todo(client, cast.office)
