"""The description of the case register and the information resources
(tiedonhallintalaki 906/2019 28 §), generated from the classification plan
and the registries: ``<archive creator>/@@tiedonhallintakuvaus`` and, for the
public site's link, ``<site>/@@tiedonhallintakuvaus`` (every archive
creator). Public (``zope2.Public``): it shows only what the plan and the
registries hold (names, task classes, record types, publicity defaults,
retention), never anything of a case. Read unrestricted: the law makes this
public even when the plan itself is an internal object."""

from municipality.policy.classification import lookup
from municipality.policy.classification import vocabularies
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import IRegistry
from municipality.policy.interfaces import ITaskClass
from municipality.policy.registry import entry
from plone import api
from Products.Five.browser import BrowserView
from zope.component import queryMultiAdapter
from zope.i18n import translate


def _title(vocabulary, value, request):
    if value is None or value == "":
        return ""
    try:
        return translate(vocabulary.getTerm(value).title, context=request)
    except LookupError:
        return str(value)


class DescriptionView(BrowserView):
    """One archive creator's description."""

    def creators(self):
        return [self.context]

    def site_url(self):
        return api.portal.get().absolute_url()

    def information_request_url(self):
        """The e-service form for information requests, when the site has it."""
        portal = api.portal.get()
        if queryMultiAdapter((portal, self.request), name="asiointi") is None:
            return None
        return f"{portal.absolute_url()}/@@asiointi/information_request"

    def describe(self, creator):
        return {
            "title": creator.Title(),
            "id": creator.getId(),
            "registries": self.registries(creator),
            "groups": self.groups(creator),
        }

    def registries(self, creator):
        rows = []
        for registry in creator.objectValues():
            if not IRegistry.providedBy(registry):
                continue
            public = entry.is_public(registry)
            rows.append(
                {
                    "title": registry.Title(),
                    "prefix": getattr(registry, "prefix", "") or "",
                    "diary_url": f"{registry.absolute_url()}/@@diary"
                    if public or api.user.has_permission("View", obj=registry)
                    else None,
                }
            )
        return rows

    def groups(self, creator):
        plan = lookup.plan_for(creator)
        if plan is None:
            return []
        request = self.request
        publicity = vocabularies.publicity_classes()
        periods = vocabularies.retention_periods()
        reasons = vocabularies.security_reasons()
        record_types = vocabularies.record_types()
        tables = {
            "request": request,
            "publicity": publicity,
            "periods": periods,
            "reasons": reasons,
            "record_types": record_types,
        }
        groups = []
        for top in plan.objectValues():
            if not ITaskClass.providedBy(top):
                continue
            rows = []
            self._walk(top, 1, rows, tables)
            groups.append(
                {
                    "code": top.code or top.getId(),
                    "title": lookup.class_title(top, request),
                    "rows": rows,
                    "anchor": f"tk-{creator.getId()}-{top.getId()}",
                }
            )
        groups.sort(key=lambda group: group["code"])
        return groups

    def _walk(self, container, depth, rows, tables):
        children = [c for c in container.objectValues() if ITaskClass.providedBy(c)]
        for task_class in sorted(children, key=lambda c: c.code or c.getId()):
            rows.append(self._row(task_class, depth, tables))
            self._walk(task_class, depth + 1, rows, tables)

    def _row(self, task_class, depth, v):
        request = v["request"]
        types = []
        for row in getattr(task_class, "record_types", None) or []:
            name = _title(v["record_types"], row.get("record_type"), request)
            if row.get("publicity_class"):
                name = f"{name} ({_title(v['publicity'], row['publicity_class'], request)})"
            types.append(name)
        period = getattr(task_class, "retention_period", None)
        grounds = [
            _title(v["reasons"], token, request)
            for token in getattr(task_class, "security_reasons", None) or ()
        ]
        return {
            "code": task_class.code or task_class.getId(),
            "title": lookup.class_title(task_class, request),
            "depth": depth,
            "record_types": types,
            "publicity": _title(
                v["publicity"], getattr(task_class, "publicity_class", None), request
            ),
            "grounds": "; ".join(grounds),
            "retention": _title(v["periods"], period, request)
            if period is not None
            else "",
        }


class SiteDescriptionView(DescriptionView):
    """Every archive creator's description (the public site's link)."""

    def creators(self):
        catalog = api.portal.get_tool("portal_catalog")
        found = [
            brain._unrestrictedGetObject()
            for brain in catalog.unrestrictedSearchResults(
                portal_type="ArchiveCreator", sort_on="sortable_title"
            )
        ]
        return [creator for creator in found if IArchiveCreator.providedBy(creator)]
