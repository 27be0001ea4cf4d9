"""``<board>/@@feed``: the notices on display now as an Atom feed (RFC 4287).

Only what the public board shows (``notices.current`` with the reader's
rights: the public gets published notices in their display period) and
only the public version of each text (marked personal data left out: a
feed is copied by readers and outlives the display)."""

from datetime import UTC
from datetime import datetime
from datetime import time
from municipality.policy.base.dates import TIMEZONE
from municipality.policy.base.dates import today
from municipality.policy.publication import notices
from municipality.policy.publication.vocabularies import category_title
from Products.Five.browser import BrowserView
from xml.etree import ElementTree as ET
from zope.i18n import translate


ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day):
    return datetime.combine(day, time(0, 0), TIMEZONE).astimezone(UTC).isoformat()


class FeedView(BrowserView):
    def __call__(self):
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        url = self.context.absolute_url()
        ET.SubElement(feed, f"{{{ATOM}}}title").text = self.context.Title()
        ET.SubElement(feed, f"{{{ATOM}}}id").text = url
        ET.SubElement(feed, f"{{{ATOM}}}link", href=url)
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{url}/@@feed")
        rows = notices.current(self.context)
        updated = (
            max((notices.publication_day(n) for n in rows), default=None) or today()
        )
        ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
        for notice in rows:
            entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
            ET.SubElement(entry, f"{{{ATOM}}}title").text = notice.Title()
            ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:uuid:{notice.UID()}"
            ET.SubElement(entry, f"{{{ATOM}}}link", href=notice.absolute_url())
            ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(
                notices.publication_day(notice)
            )
            ET.SubElement(
                entry,
                f"{{{ATOM}}}category",
                term=notice.category,
                label=translate(category_title(notice.category), context=self.request),
            )
            summary = " ".join(
                part
                for part in (notice.Description(), notices.public_text(notice))
                if part
            )
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
        self.request.response.setHeader(
            "Content-Type", "application/atom+xml; charset=utf-8"
        )
        return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
