"""A meeting's id is ``<year>-<number>`` (``2026-3``), whatever the channel.

The number is taken here when the add form or REST asks for a name before
the meeting is added (the Added subscriber then finds it numbered); with
``plone.api`` the meeting is added first, numbered by the subscriber, and
renamed through this chooser.
"""

from Acquisition import aq_base
from municipality.policy.interfaces import IMeeting
from municipality.policy.meetings import agenda
from plone.app.content.namechooser import NormalizingNameChooser


class BodyNameChooser(NormalizingNameChooser):
    """In a body: a meeting's id is ``<year>-<number>``."""

    def chooseName(self, name, obj):
        if IMeeting.providedBy(obj) and getattr(aq_base(obj), "start", None):
            agenda.number_meeting(obj, body=self.context)
            wanted = agenda.meeting_id(obj)
            if wanted:
                current = getattr(aq_base(obj), "id", None)
                if wanted == current or self.checkName(wanted, obj):
                    return wanted
                return super().chooseName(wanted, obj)
        return super().chooseName(name, obj)
