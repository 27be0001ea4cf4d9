"""Status messages whose kind is read once, in the reader's language.

plone.app.layout's viewlet passes the kind's label (a message id) untranslated
to the icon resolver, which writes it into the SVG's ``<title>``: a screen
reader announced "statusmessage_mtype_error Virhe: ...". Here the icon is
decorative (``aria-hidden``, no title) and the visible label, translated,
says the kind (``statusmessage.pt``, otherwise Plone's template).
"""

from plone.app.layout.viewlets.globalstatusmessage import GlobalStatusMessage
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


class StatusMessageViewlet(GlobalStatusMessage):
    index = ViewPageTemplateFile("statusmessage.pt")

    def display_info_for_mtype(self, mtype):
        info = dict(super().display_info_for_mtype(mtype))
        info["msg"] = translate(info["msg"], context=self.request)
        return info
