"""REST: ``GET <site>/@diary``, the case register, batched."""

from municipality.policy.registry import listing
from plone.restapi.batching import HypermediaBatch
from plone.restapi.services import Service
from zope.i18n import translate


def bad_request(request, field, message):
    request.response.setStatus(400)
    return {
        "error": {
            "type": "BadRequest",
            "field": field,
            "message": translate(message, context=request),
        }
    }


class DiaryGet(Service):
    """Items: diary number, title (public title where needed), class, status, dates."""

    def reply(self):
        try:
            query, sort_on, sort_order = listing.parse(self.request.form)
        except listing.InvalidFilter as error:
            return bad_request(self.request, error.field, error.message)
        brains = listing.search(self.context, query, sort_on, sort_order)
        batch = HypermediaBatch(self.request, brains)
        presenter = listing.Presenter(self.context, self.request)
        keys = (
            "diary_number",
            "title",
            "task_class",
            "task_class_title",
            "review_state",
            "status",
            "initiated",
            "created",
            "publicity_class",
        )
        items = []
        for row in presenter.rows(batch):
            item = {key: row[key] for key in keys}
            item["@id"] = row["url"]
            items.append(item)
        result = {
            "@id": batch.canonical_url,
            "items": items,
            "items_total": batch.items_total,
        }
        if batch.links:
            result["batching"] = batch.links
        return result
