"""The content history (toolbar "History", ``@@historyview``) in Helsinki time.

plone.app.layout's ``@@contenthistory`` formats its times with
``toLocalizedTime``, which writes a ``DateTime`` in the server process's zone
(UTC on our servers). Its times are given here as Helsinki wall-clock values
(``base.dates.wallclock``), so the reader sees Europe/Helsinki local time.
"""

from municipality.policy.base.dates import wallclock
from plone.app.layout.viewlets.content import ContentHistoryView as Base


class ContentHistoryView(Base):
    def fullHistory(self):
        history = super().fullHistory()
        for item in history or ():
            if item.get("time") is not None:
                item["time"] = wallclock(item["time"])
        return history
