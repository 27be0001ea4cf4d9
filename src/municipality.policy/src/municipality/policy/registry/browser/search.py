"""Site search (``@@search``, and ``@@ajax-search`` behind the live search) on
our browser layer: finds a case by its diary number and shows the number.

Plone globs the last word of a query (``2026*``); a diary number splits into
several words (``esim 12 10 03 02 2026``), and a glob inside a phrase matches
nothing. So a term with a slash is searched as a phrase, and a running number
with its year (``12/2026``) as the one word the case indexes for it
(``registry.indexers.number_words``). The catalog shows only what the
visitor may view; the public looks a number up in the public diary.
"""

from municipality.policy.registry.indexers import NUMBER_YEAR_WORD
from plone import api
from Products.CMFPlone.browser.search import AjaxSearch
from Products.CMFPlone.browser.search import Search
import json
import re


NUMBER_YEAR = re.compile(r"^(\d{1,9})/(\d{4})$")


def query_text(text):
    """``text`` with its diary-number terms made searchable (see above)."""
    terms = []
    for term in text.split():
        match = NUMBER_YEAR.match(term)
        if match:
            word = NUMBER_YEAR_WORD.format(sequence=int(match[1]), year=match[2])
            terms.append(f'"{word}"')
        elif "/" in term and '"' not in term:
            terms.append(f'"{term}"')
        else:
            terms.append(term)
    return " ".join(terms)


class NumberQuery:
    def _filter_query(self, query):
        text = query.get("SearchableText")
        if text is None:
            text = self.request.form.get("SearchableText", "")
        if text and isinstance(text, str):
            query["SearchableText"] = query_text(text)
        return super()._filter_query(query)


class DiarySearch(NumberQuery, Search):
    """``@@search``; its template adds the diary number of a case."""


class DiaryAjaxSearch(NumberQuery, AjaxSearch):
    """``@@ajax-search``: a case's title starts with its diary number."""

    def __call__(self):
        data = json.loads(super().__call__())
        uids = [item["id"] for item in data["items"]]
        if uids:
            catalog = api.portal.get_tool("portal_catalog")
            numbers = {
                brain.UID: brain.diary_number
                for brain in catalog(UID=uids)
                if isinstance(getattr(brain, "diary_number", None), str)
                and brain.diary_number
            }
            for item in data["items"]:
                if item["id"] in numbers:
                    item["title"] = f"{numbers[item['id']]} {item['title']}"
        return json.dumps(data)
