"""``GET <site>/@records-search``: the records search over REST (``search.records``).

Parameters as the page's: ``q``, ``type`` (case, document), the facets
(``task_class``, ``review_state``, ``publicity_class``, ``sub_archive_creator``,
``preparer``, ``diary_year``, ``record_type``, ``direction``; repeat one for
several values), ``sort_on`` (number, date, title, status), ``sort_order``,
``b_start``, ``b_size``. Answers ``items``, ``items_total``, ``facets`` with
counts and ``batching`` links; a bad parameter is a 400 naming it; anonymous
401, a user without a staff or records role 403.
"""

from municipality.policy import _
from municipality.policy.errors import field_bad_request
from municipality.policy.errors import json_error
from municipality.policy.search import records
from plone import api
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zExceptions import Forbidden
from zExceptions import Unauthorized


ITEM_KEYS = (
    "diary_number",
    "title",
    "type",
    "record_type",
    "record_type_title",
    "review_state",
    "status",
    "task_class",
    "publicity_class",
    "initiated",
    "registration_date",
)


class RecordsSearchGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("records search")
        if not records.may_search(self.context):
            raise json_error(
                Forbidden,
                _(
                    "msg_records_search_forbidden",
                    default="The records search is for registry and records staff.",
                ),
            )
        try:
            query = records.parse(self.request.form, self.context)
            search = records.Search(self.context, self.request, query)
        except records.InvalidParameter as error:
            raise field_bad_request(error.field, error.message) from None
        batch = HypermediaBatch(self.request, search.matching)
        items = []
        for row in search.rows(list(batch)):
            item = {"@id": row["url"], **{key: row.get(key) for key in ITEM_KEYS}}
            item["@type"] = "Case" if row["type"] == "case" else "CaseDocument"
            items.append(item)
        result = {
            "@id": batch.canonical_url,
            "items": items,
            "items_total": batch.items_total,
            "facets": search.facets(),
        }
        if batch.links:
            result["batching"] = batch.links
        return result
