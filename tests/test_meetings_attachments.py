"""The preparer chooses the item's attachments from its case's documents."""

from builders import make_statement
from meeting_builders import make_item
from plone import api
from plone.protect.authenticator import createToken


def _post(item, form):
    request = item.REQUEST
    request.method = "POST"
    request.form.clear()
    request.form.update({"_authenticator": createToken(), **form})
    view = api.content.get_view("item-attachments", item, request)
    return view(), view


def test_preparer_attaches_documents_of_the_case(portal):
    item = make_item(portal, title="Avustushakemus")
    case = item.aq_parent
    statement = make_statement(case)
    draft = make_statement(case, register=False)
    uid = statement.UID()
    # a non-public attachment needs its ground: nothing is saved without it
    _html, view = _post(item, {"attach": [uid]})
    assert item.REQUEST.response.getStatus() == 400
    assert "Lausunto" in view.error
    assert item.attachments == []
    # a draft document (not registered) is not offered and not accepted
    _html, view = _post(item, {"attach": [draft.UID()]})
    assert item.REQUEST.response.getStatus() == 400
    assert item.attachments == []
    item.REQUEST.response.setStatus(200)
    _post(item, {"attach": [uid], f"ground.{uid}": "JulkL 24.1 § 25 k"})
    assert item.attachments == [
        {"uid": uid, "public": False, "ground": "JulkL 24.1 § 25 k"}
    ]
    _post(item, {"attach": [uid], f"public.{uid}": "1"})
    assert item.attachments == [{"uid": uid, "public": True, "ground": None}]
    # the form lists registered documents only
    item.REQUEST.method = "GET"
    view = api.content.get_view("item-attachments", item, item.REQUEST)
    assert [row["uid"] for row in view.rows()] == [uid]
