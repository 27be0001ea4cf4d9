"""REST: ``GET <case>/@phases``, the handling-phase log (read-only)."""

from municipality.policy.cases import phaselog
from municipality.policy.cases.vocabularies import action_class_title
from plone.restapi.services import Service
from zope.i18n import translate


class PhasesGet(Service):
    def reply(self):
        def tr(value):
            return translate(value, context=self.request) if value else value

        items = [
            {
                "id": entry["id"],
                "action_class": {
                    "token": entry["action_class"],
                    "title": tr(action_class_title(entry["action_class"])),
                },
                "date": entry["date"].isoformat(),
                "agent": entry["agent"],
                "description": tr(entry["description"]),
                "state": entry["state"],
            }
            for entry in phaselog.entries(self.context)
        ]
        return {
            "@id": f"{self.context.absolute_url()}/@phases",
            "items": items,
            "items_total": len(items),
        }
