"""REST: ``GET <case>/@phases``, the handling-phase log (read-only).

The reader gets what the case view shows them (``phaselog``): the public the
public entries (no agent, no note), those handling the case every entry with
the agent's user id and name. Texts are in the request's language, dates
are ISO 8601 in UTC (``date``) and in Helsinki (``date_local``).
"""

from municipality.policy.cases import phaselog
from plone.restapi.services import Service


class PhasesGet(Service):
    def reply(self):
        case = self.context
        full = phaselog.sees_all(case)
        items = []
        for entry in phaselog.visible_entries(case, full=full):
            shown = phaselog.render(case, entry, self.request, full)
            item = {
                "id": entry["id"],
                "kind": entry["kind"],
                "action_class": {
                    "token": entry["action_class"],
                    "title": shown["label"],
                },
                "date": entry["date"].isoformat(),
                "date_local": shown["iso"],
                "day_only": bool(entry.get("day")),
                "text": shown["text"],
                "description": entry.get("description") or "",
                "state": entry.get("state"),
            }
            if full:
                item["agent"] = {"id": entry.get("agent"), "title": shown["agent"]}
                item["note"] = shown["note"]
                item["data"] = _json(entry.get("data") or {})
            items.append(item)
        return {
            "@id": f"{case.absolute_url()}/@phases",
            "items": items,
            "items_total": len(items),
        }


def _json(data):
    return {
        key: value
        if isinstance(value, (str, int, float, bool, type(None), list))
        else str(value)
        for key, value in data.items()
    }
