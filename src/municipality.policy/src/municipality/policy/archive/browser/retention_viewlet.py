"""A line on the case's page for those handling it: the retention end and a
legal hold, with a link to ``@@legal-hold`` for those who may place one."""

from municipality.policy.archive import retention
from municipality.policy.archive.browser.hold import retention_text
from municipality.policy.cases import phaselog
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


#: pages of the case that show the same themselves
HIDDEN_ON = ("legal-hold",)


class RetentionViewlet(ViewletBase):
    index = ViewPageTemplateFile("retention_viewlet.pt")

    def update(self):
        super().update()
        self.may_hold = retention.may_hold(self.context)
        self.shown = getattr(self.view, "__name__", None) not in HIDDEN_ON and (
            self.may_hold or phaselog.sees_all(self.context)
        )

    def available(self):
        return self.shown

    def text(self):
        return retention_text(self.context, self.request)

    def on_hold(self):
        return retention.on_hold(self.context)

    def hold_url(self):
        return f"{self.context.absolute_url()}/@@legal-hold"
