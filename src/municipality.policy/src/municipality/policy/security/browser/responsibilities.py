"""View "Vastuut": why a person has access to a record (first: the question
officers come with), then the responsibility chain as it stands, grouped by
place (the archive creator, each sector, the registry) and by role, with the
members of each group; cases with roles of their own follow, folded."""

from Acquisition import aq_base
from municipality.policy import _
from municipality.policy.base.content import case_of
from municipality.policy.interfaces import IArchiveCreator
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ICaseDocument
from municipality.policy.interfaces import IRegistry
from municipality.policy.interfaces import ISubArchiveCreator
from municipality.policy.security import chain as chain_api
from municipality.policy.security import grants
from municipality.policy.security.browser.delegate import principal_title
from municipality.policy.security.browser.delegate import role_title
from municipality.policy.security.localroles import archive_creator_of
from municipality.policy.security.model import ROLE_IDS
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.i18nmessageid import Message


#: What a record's restriction means for who may read it (``chain.exposure``).
EXPOSURE_TEXTS = {
    "restricted": _(
        "msg_why_restricted",
        default="The record is not public (its publicity class, grounds for "
        "secrecy or special-category personal data): only those holding a role "
        "on it, on its sector or above may read it.",
    ),
    "internal": _(
        "msg_why_internal",
        default="The record contains personal data: staff may read it, the "
        "public may not.",
    ),
    "public": _(
        "msg_why_public_undecided",
        default="The record is public: staff may read it now, everyone once "
        "the case is decided.",
    ),
}
PUBLISHED_CASE = _(
    "msg_why_public_case",
    default="The case is public and decided: everyone may read it.",
)
PUBLISHED_DOCUMENT = _(
    "msg_why_public_document",
    default="The document is public and registered, and its case is decided: "
    "everyone may read it.",
)
OTHER_ROLES = _(
    "msg_why_other_roles",
    default="The access comes from roles outside the responsibility chain: ${roles}.",
)
IGNORED_ROLES = ("Authenticated", "Member", "Anonymous")


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


def anonymous_may_view(obj):
    """True when the public (Anonymous) holds View on ``obj``."""
    return "Anonymous" in {
        role["name"]
        for role in obj.rolesOfPermission("View")
        if role.get("selected") == "SELECTED"
    }


class ResponsibilitiesView(BrowserView):
    """On an archive creator: the whole chain; on a sub-archive creator: its part."""

    def tr(self, message):
        return translate(message, context=self.request)

    # ---------------------------------------------------------- the chain
    def places(self):
        """The archive creator, its sectors (or this sector) and the registry."""
        context = self.context
        creator = archive_creator_of(context)
        if IArchiveCreator.providedBy(context):
            return [context] + [
                obj
                for obj in context.objectValues()
                if ISubArchiveCreator.providedBy(obj) or IRegistry.providedBy(obj)
            ]
        return [creator, context] if creator is not None else [context]

    def cases(self):
        """The cases of this place that hold roles of their own."""
        catalog = api.portal.get_tool("portal_catalog")
        query = {"object_provides": ICase.__identifier__, "sort_on": "diary_number"}
        if ISubArchiveCreator.providedBy(self.context):
            query["sub_archive_creator"] = self.context.getId()
        found = []
        for brain in catalog.unrestrictedSearchResults(**query):
            case = brain._unrestrictedGetObject()
            if any(
                role in ROLE_IDS
                for _p, roles in case.get_local_roles()
                for role in roles
            ):
                found.append(case)
        return found

    def _label(self, place):
        if ICase.providedBy(place):
            return case_label(place)
        return place.Title()

    def _holder(self, principal, records):
        group = api.group.get(groupname=principal)
        members = []
        if group is not None:
            members = sorted(
                (
                    {"id": user.getId(), "title": principal_title(user.getId())}
                    for user in api.user.get_users(group=group)
                ),
                key=lambda member: member["title"].lower(),
            )
        return {
            "id": principal,
            "title": principal_title(principal, self.request),
            "is_group": group is not None,
            "members": members,
            "causes": self._causes(records),
        }

    def roles_of(self, place):
        """``[{"role", "role_id", "holders"}]`` on ``place``, in the chain's
        order (highest first)."""
        records = grants.grants(place)
        by_role = {}
        for principal, roles in place.get_local_roles():
            for role in roles:
                if role in ROLE_IDS:
                    by_role.setdefault(role, []).append(principal)
        rows = []
        for role in ROLE_IDS:
            if role not in by_role:
                continue
            holders = [
                self._holder(
                    principal,
                    [
                        r
                        for r in records
                        if (r["principal"], r["role"]) == (principal, role)
                    ],
                )
                for principal in sorted(by_role[role])
            ]
            rows.append(
                {
                    "role": role_title(role, self.request),
                    "role_id": role,
                    "holders": holders,
                }
            )
        return rows

    def sections(self):
        """The places with their roles."""
        return [
            {
                "title": self._label(place),
                "url": place.absolute_url(),
                "roles": self.roles_of(place),
            }
            for place in self.places()
        ]

    def case_rows(self):
        return [
            {"title": self._label(case), "url": case.absolute_url(), "roles": roles}
            for case in self.cases()
            for roles in [self.roles_of(case)]
            if roles
        ]

    def _causes(self, records):
        if not records:
            return [self.tr(grants.UNRECORDED)]
        return [
            " ".join(
                filter(
                    None,
                    [
                        self.tr(grants.CAUSES[r["cause"]]),
                        f"({r['reason']})" if r["reason"] else "",
                        f"– {r['granted_by']}" if r["granted_by"] else "",
                        api.portal.get_localized_time(r["granted"]),
                    ],
                )
            )
            for r in records
        ]

    # ------------------------------------------------ why has this person access
    def find_record(self, value):
        """A case by UID or diary number, or a document by UID."""
        if not value:
            return None
        catalog = api.portal.get_tool("portal_catalog")
        records = [ICase.__identifier__, ICaseDocument.__identifier__]
        for query in (
            {"UID": value, "object_provides": records},
            {"diary_number": value, "object_provides": ICase.__identifier__},
        ):
            brains = catalog.unrestrictedSearchResults(**query)
            if brains:
                return brains[0]._unrestrictedGetObject()
        return None

    find_case = find_record

    def _publicity_text(self, record, user, has_access, rows):
        """Why, when the roles do not say it: publicity, or other roles."""
        if has_access and anonymous_may_view(record):
            return self.tr(
                PUBLISHED_CASE if ICase.providedBy(record) else PUBLISHED_DOCUMENT
            )
        if has_access and not rows:
            others = sorted(
                set(api.user.get_roles(user=user, obj=record)) - set(IGNORED_ROLES)
            )
            if others:
                return self.tr(
                    Message(
                        OTHER_ROLES,
                        mapping={
                            "roles": ", ".join(
                                role_title(r, self.request) for r in others
                            )
                        },
                    )
                )
        return None

    def explanation(self):
        """``None`` without a question; else a dict for the template."""
        form = self.request.form
        user_id = (form.get("user") or "").strip()
        record_ref = (form.get("case") or "").strip()
        if not user_id and not record_ref:
            return None
        user = api.user.get(userid=user_id) if user_id else None
        record = self.find_record(record_ref)
        result = {
            "user_error": user is None,
            "case_error": record is None,
            "rows": [],
            "access": False,
            "case": self._record_label(record) if record is not None else record_ref,
            "user": principal_title(user_id) if user is not None else user_id,
            "publicity": None,
            "restriction": None,
        }
        if user is None or record is None:
            self.request.response.setStatus(400)
            return result
        result["access"] = api.user.has_permission("View", user=user, obj=record)
        for row in grants.explain(user_id, record):
            place = row["place"]
            result["rows"].append(
                {
                    "place": self._label(place)
                    if place is not None
                    else self.tr(grants.GLOBAL),
                    "role": role_title(row["role"], self.request),
                    "via": principal_title(row["via"]),
                    "causes": self._causes([row["grant"]] if row["grant"] else []),
                }
            )
        result["publicity"] = self._publicity_text(
            record, user, result["access"], result["rows"]
        )
        if not result["publicity"]:
            result["restriction"] = self.tr(EXPOSURE_TEXTS[chain_api.exposure(record)])
        return result

    def _record_label(self, record):
        if ICase.providedBy(record):
            return case_label(record)
        case = case_of(record)
        return f"{case_label(case)} / {record.getId()}"
