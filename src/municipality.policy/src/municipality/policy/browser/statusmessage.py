"""Status messages with their kind translated in the icon's text too.

plone.app.layout's ``globalstatusmessage.pt`` passes the kind's label (a
message id) untranslated to the icon resolver, which writes it into the SVG's
``<title>``: a screen reader announced "statusmessage_mtype_error Virhe: ...".
Here the label is translated before the template sees it.
"""

from plone.app.layout.viewlets.globalstatusmessage import GlobalStatusMessage
from zope.i18n import translate


class StatusMessageViewlet(GlobalStatusMessage):
    def display_info_for_mtype(self, mtype):
        info = dict(super().display_info_for_mtype(mtype))
        info["msg"] = translate(info["msg"], context=self.request)
        return info
