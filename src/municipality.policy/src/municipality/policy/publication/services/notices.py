"""``GET <board>/@notices[?category=]``: the notices on display now, newest
first, as the public board lists them (``notices.current`` with the
reader's rights: drafts, scheduled and ended notices never appear), with
the public version of the text (marked personal data left out)."""

from municipality.policy.errors import field_bad_request
from municipality.policy.publication import notices
from municipality.policy.publication.vocabularies import NOTICE_CATEGORIES
from municipality.policy.publication.vocabularies import category_title
from plone.restapi.services import Service
from zope.i18n import translate


def _iso(day):
    return day.isoformat() if day else None


class NoticesGet(Service):
    def reply(self):
        category = (self.request.form.get("category") or "").strip() or None
        if category and category not in {row[0] for row in NOTICE_CATEGORIES}:
            raise field_bad_request("category", "Unknown category.")
        items = []
        for notice in notices.current(self.context, category=category):
            items.append(
                {
                    "@id": notice.absolute_url(),
                    "UID": notice.UID(),
                    "title": notice.Title(),
                    "description": notice.Description(),
                    "category": {
                        "token": notice.category,
                        "title": translate(
                            category_title(notice.category), context=self.request
                        ),
                    },
                    "display_start": _iso(notice.display_start),
                    "display_end": _iso(notices.end_of(notice)),
                    "published_on": _iso(notices.publication_day(notice)),
                    "deemed_received": _iso(notices.deemed_received(notice)),
                    "case_number": notice.case_number,
                    "available_at": notice.available_at,
                    "text": notices.public_text(notice),
                }
            )
        return {
            "@id": f"{self.context.absolute_url()}/@notices",
            "items": items,
            "items_total": len(items),
        }
