"""The notice board's page: the notices on display now for everyone (newest
first, filterable by category); for those who run the board also the
scheduled notices, drafts and ended ones, each in its own section."""

from municipality.policy import _
from municipality.policy.base.dates import format_date
from municipality.policy.publication import notices
from municipality.policy.publication.vocabularies import NOTICE_CATEGORIES
from municipality.policy.publication.vocabularies import category_title
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


def row(notice):
    return {
        "url": notice.absolute_url(),
        "title": notice.Title(),
        "description": notice.Description(),
        "category": category_title(notice.category),
        "start": format_date(notice.display_start),
        "end": format_date(notices.end_of(notice)),
        "published_on": format_date(notices.publication_day(notice)),
    }


class BoardView(BrowserView):
    def category(self):
        value = (self.request.form.get("category") or "").strip()
        return value if value in {r[0] for r in NOTICE_CATEGORIES} else None

    def categories(self):
        return [(value, category_title(value)) for value, *_rest in NOTICE_CATEGORIES]

    def current(self):
        return [row(n) for n in notices.current(self.context, category=self.category())]

    def is_staff(self):
        """Those who run the board (they may add notices here)."""
        return bool(
            api.user.has_permission("municipality.policy: Add Notice", obj=self.context)
        )

    def sections(self):
        """Staff only: (heading msgid, default, rows) of the other states."""
        if not self.is_staff():
            return []
        out = []
        for state, msgid, default in (
            ("scheduled", "label_notices_scheduled", "Scheduled notices"),
            ("draft", "label_notices_drafts", "Drafts"),
            ("ended", "label_notices_ended", "Removed from display"),
        ):
            out.append(
                {
                    "id": state,
                    "heading": translate(
                        _(msgid, default=default), context=self.request
                    ),
                    "rows": [row(n) for n in notices.in_state(self.context, state)],
                }
            )
        return out

    def add_url(self):
        return f"{self.context.absolute_url()}/++add++Notice"
