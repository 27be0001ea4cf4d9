"""View "Vastuut": the responsibility chain as it stands, and why a user
has access to a case (with the causes of the grants)."""

from Acquisition import aq_base
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import IRegistry
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import grants
from municipality.policy.security.browser.delegate import role_title
from municipality.policy.security.localroles import archive_creator_of
from municipality.policy.security.model import ROLE_IDS
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


def principal_title(principal_id):
    user = api.user.get(userid=principal_id)
    if user is not None:
        return user.getProperty("fullname") or principal_id
    group = api.group.get(groupname=principal_id)
    if group is not None:
        return group.getProperty("title") or principal_id
    return principal_id


def case_label(case):
    return (
        " ".join(
            filter(
                None,
                [
                    getattr(aq_base(case), "diary_number", None),
                    getattr(aq_base(case), "public_title", None),
                ],
            )
        )
        or case.getId()
    )


class ResponsibilitiesView(BrowserView):
    """On an archive creator: the whole chain; on a sub-archive creator: its part."""

    def places(self):
        context = self.context
        catalog = api.portal.get_tool("portal_catalog")
        creator = archive_creator_of(context)
        if IArchiveCreator.providedBy(context):
            places = [context] + [
                obj
                for obj in context.objectValues()
                if ISubArchiveCreator.providedBy(obj) or IRegistry.providedBy(obj)
            ]
            query = {"portal_type": "Case"}
        else:
            places = [creator, context] if creator is not None else [context]
            query = {"portal_type": "Case", "sub_archive_creator": context.getId()}
        for brain in catalog.unrestrictedSearchResults(**query):
            case = brain._unrestrictedGetObject()
            if case.get_local_roles():
                places.append(case)
        return places

    def _label(self, place):
        if ICase.providedBy(place):
            return case_label(place)
        return place.Title()

    def chain(self):
        rows = []
        for place in self.places():
            records = grants.grants(place)
            for principal, roles in place.get_local_roles():
                for role in roles:
                    if role not in ROLE_IDS:
                        continue
                    causes = [
                        r
                        for r in records
                        if (r["principal"], r["role"]) == (principal, role)
                    ]
                    rows.append(
                        {
                            "place": self._label(place),
                            "url": place.absolute_url(),
                            "principal": principal,
                            "principal_title": principal_title(principal),
                            "role": role_title(role, self.request),
                            "causes": self._causes(causes),
                        }
                    )
        return rows

    def _causes(self, records):
        if not records:
            return [translate(grants.UNRECORDED, context=self.request)]
        return [
            " ".join(
                filter(
                    None,
                    [
                        translate(grants.CAUSES[r["cause"]], context=self.request),
                        f"({r['reason']})" if r["reason"] else "",
                        f"– {r['granted_by']}" if r["granted_by"] else "",
                        api.portal.get_localized_time(r["granted"]),
                    ],
                )
            )
            for r in records
        ]

    def find_case(self, value):
        if not value:
            return None
        catalog = api.portal.get_tool("portal_catalog")
        for query in ({"UID": value}, {"diary_number": value}):
            brains = catalog.unrestrictedSearchResults(portal_type="Case", **query)
            if brains:
                return brains[0]._unrestrictedGetObject()
        return None

    def explanation(self):
        """``None`` without a question; else a dict for the template."""
        form = self.request.form
        user_id = (form.get("user") or "").strip()
        case_ref = (form.get("case") or "").strip()
        if not user_id and not case_ref:
            return None
        user = api.user.get(userid=user_id) if user_id else None
        case = self.find_case(case_ref)
        result = {
            "user_error": user is None,
            "case_error": case is None,
            "rows": [],
            "access": False,
            "case": case_label(case) if case else case_ref,
            "user": user_id,
        }
        if user is None or case is None:
            return result
        result["access"] = api.user.has_permission("View", user=user, obj=case)
        for row in grants.explain(user_id, case):
            place = row["place"]
            result["rows"].append(
                {
                    "place": self._label(place)
                    if place is not None
                    else translate(grants.GLOBAL, context=self.request),
                    "role": role_title(row["role"], self.request),
                    "via": principal_title(row["via"]),
                    "causes": self._causes([row["grant"]] if row["grant"] else []),
                }
            )
        return result
