"""REST: ``GET <site>/@diary``, the case register, batched, and
``GET <site>/@diary-entry?number=``, the public entry of one case."""

from municipality.policy import _
from municipality.policy.registry import entry
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
            item["diary_entry"] = listing.entry_url(
                self.context.absolute_url(), row["diary_number"], "@diary-entry"
            )
            items.append(item)
        result = {
            "@id": batch.canonical_url,
            "items": items,
            "items_total": batch.items_total,
        }
        if batch.links:
            result["batching"] = batch.links
        return result


class DiaryEntryGet(Service):
    """What the public may see of one case (``registry.entry``); 404 if unknown."""

    def reply(self):
        number = self.request.form.get("number")
        if not isinstance(number, str) or not number.strip():
            return bad_request(
                self.request,
                "number",
                _("msg_diary_entry_number_required", default="Give a diary number."),
            )
        brain = entry.find_case(self.context, number.strip())
        if brain is None:
            self.request.response.setStatus(404)
            message = _(
                "msg_diary_entry_not_found", default="No case with this diary number."
            )
            return {
                "error": {
                    "type": "NotFound",
                    "message": translate(message, context=self.request),
                }
            }
        found = entry.Entry(brain, self.request)
        public, renditions = found.documents()
        return {
            "@id": listing.entry_url(
                self.context.absolute_url(), brain.diary_number, "@diary-entry"
            ),
            "html_url": found.url(),
            **found.fields(),
            "public_documents": public,
            "renditions": renditions,
        }
