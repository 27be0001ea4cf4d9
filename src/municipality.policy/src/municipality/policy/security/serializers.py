"""REST summaries of a case never reveal what the requester may not see.

plone.restapi puts a summary of an item's parent into the item's JSON
(``parent``); for a public document of a restricted (e.g. partly secret)
case that summary would carry the case's title and description. For a
requester without ``View`` on the case only non-revealing fields remain,
with the public title as ``title``.
"""

from Acquisition import aq_base
from municipality.policy.base.formatting import public_label
from municipality.policy.interfaces import ICase
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.summary import DefaultJSONSummarySerializer
from Products.CMFCore.utils import _checkPermission
from zope.component import adapter
from zope.interface import Interface
from zope.interface import implementer


SAFE_FIELDS = ("@id", "@type", "type_title", "UID", "review_state", "diary_number")


@implementer(ISerializeToJsonSummary)
@adapter(ICase, Interface)
class CaseSummary(DefaultJSONSummarySerializer):
    def __call__(self):
        summary = super().__call__()
        if _checkPermission("View", self.context):
            return summary
        safe = {key: value for key, value in summary.items() if key in SAFE_FIELDS}
        safe["title"] = public_label(aq_base(self.context))
        safe["description"] = ""
        return safe
