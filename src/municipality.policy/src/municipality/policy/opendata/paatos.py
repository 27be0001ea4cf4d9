"""The 6Aika decision API, read-only and anonymous: ``GET <site>/@paatos/v1/...``.

``/@paatos/v1/`` lists the endpoints and the choices made where the swagger
(``schemas/6aika-paatos.swagger.yaml``, 6Aika api-paatos, MIT) leaves room or
contradicts itself (``DESCRIPTION``); ``/@paatos/v1/swagger.json`` is the
swagger itself. ``/@paatos/v1/<kind>/`` lists, ``/@paatos/v1/<kind>/<id>/`` is
one object (404 JSON when it is not published). What is published:
``paatos_data``. Every answer carries ``Access-Control-Allow-Origin: *``; a bad
query parameter is a 400 naming it (``errors.field_bad_request``). The
``plone:service`` answers ``Accept: application/json``; the browser page
``@paatos`` (``PaatosView``) gives the same JSON to a client without it.
"""

from datetime import UTC
from datetime import datetime
from municipality.policy import _
from municipality.policy.errors import field_bad_request
from municipality.policy.opendata import paatos_data
from municipality.policy.opendata.plainjson import PlainJSONView
from plone import api
from plone.restapi.services import Service
from urllib.parse import urlencode
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse
import functools
import pathlib
import yaml


SWAGGER = pathlib.Path(__file__).parent / "schemas" / "6aika-paatos.swagger.yaml"
DEFAULT_LIMIT = 20
MAX_LIMIT = 200
#: list filters: name -> kinds that accept it (besides limit/offset/page/page_size)
FILTERS = {
    "organization": ("case", "action", "event", "person", "membership", "post"),
    "case": ("action",),
    "event": ("action",),
}

DESCRIPTION = (
    "Open decision data of this portal in the shape of the 6Aika Open Decisions "
    "API 0.0.5 (swagger.json, MIT). Read-only, anonymous, public and published "
    "only: checked minutes' sections (a non-public section is its public title "
    "and ground of secrecy only) and office-holder decisions published online; "
    "a withdrawn meeting and personal data after its removal day are not here. "
    "Choices where the swagger leaves room or contradicts itself: "
    "(1) Ids are integers derived from the object's UID (or, for posts, "
    "persons and memberships, from the UIDs and names they are made of): they "
    "survive export and import. Person, Post and Membership carry them as "
    "strings, as their definitions say; paths take the integer. "
    "(2) Every list answers with both envelopes the swagger uses: "
    "{count, next, previous, results} and {meta: {total_count, limit, offset, "
    "next, previous}, objects}; paging with limit (default 20, at most 200) and "
    "offset everywhere, page and page_size accepted too. "
    "(3) Filters: organization=<id> (case, action, event, person, membership, "
    "post; a body or an archive creator), case=<id> and event=<id> (action), "
    "modified_since=<ISO 8601 date-time with offset> (every list). A bad value "
    "is a 400 naming the parameter. "
    "(4) Organizations: one per archive creator (classification "
    "archive_creator) and one per body (classification: the body kind, parent: "
    "its archive creator). Posts: office-holder posts of published decisions. "
    "Persons and memberships: members and deputies of the bodies (names and "
    "functions only; role chair, vice_chair, member or deputy_member). "
    "(5) Action contents are typed proposal (presentation and proposal), "
    "proceedings (counter-proposals and dissents) and decision, from the public "
    "version; votes are Vote_event objects (identifier, result, counts) in "
    "action.votes; an office-holder decision is an action with post and date "
    "and no event. Attachments carry public and, when not public, "
    "confidentiality_reason without name or URL. Also outside the swagger: "
    "action.public, action.confidentiality_reason, event.location, "
    "membership.person_url. "
    "(6) Dates (format date) are Helsinki days; date-times are ISO 8601 with "
    "their offset. Null values are left out. A withdrawn meeting or decision "
    "(end of the online period) leaves every list and answers 404: the swagger "
    "has no deletion marker. "
    "(7) JSON with or without Accept: application/json; CORS for any origin."
)


@functools.cache
def swagger():
    """The 6Aika swagger document (read once)."""
    with SWAGGER.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _bad(name, message):
    return field_bad_request(name, message)


def _integer(form, name, default=None, maximum=None):
    raw = form.get(name)
    if raw is None or raw == "":
        return default
    if not isinstance(raw, str) or not raw.isdigit():
        raise _bad(
            name,
            _("msg_paatos_bad_integer", default="Give a whole number of 0 or more."),
        )
    value = int(raw)
    if maximum is not None and value > maximum:
        raise _bad(
            name,
            _(
                "msg_paatos_too_large",
                default="Give a number of at most ${maximum}.",
                mapping={"maximum": maximum},
            ),
        )
    return value


def _since(form):
    raw = form.get("modified_since")
    if raw is None or raw == "":
        return None
    try:
        value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise _bad(
            "modified_since",
            _(
                "msg_paatos_bad_datetime",
                default="Give a date and time in ISO 8601 with an offset, "
                "e.g. 2026-12-01T00:00:00+02:00.",
            ),
        )
    return value.astimezone(UTC)


def _modified(ref):
    value = ref.modified
    if value is None:
        return None
    if hasattr(value, "asdatetime"):
        value = value.asdatetime()
    return value


@implementer(IPublishTraverse)
class PaatosGet(Service):
    """``@paatos``: the names after it are collected by ``publishTraverse``."""

    names = ()

    def publishTraverse(self, request, name):
        self.names = [*self.names, name]
        return self

    @property
    def base(self):
        return f"{api.portal.get().absolute_url()}/@paatos/v1"

    def not_found(self):
        self.request.response.setStatus(404)
        return {"type": "NotFound", "message": "Not found"}

    def reply(self):
        self.request.response.setHeader("Access-Control-Allow-Origin", "*")
        names = [name for name in self.names if name]
        if not names or names[0] != "v1":
            return self.not_found() if names else self.root()
        names = names[1:]
        if not names:
            return self.root()
        if names == ["swagger.json"]:
            return swagger()
        kind = names[0]
        if kind not in paatos_data.KINDS or len(names) > 2:
            return self.not_found()
        if len(names) == 2:
            return self.detail(kind, names[1])
        return self.listing(kind)

    def graph(self):
        portal = api.portal.get()
        return paatos_data.Graph(self.base, portal.getId())

    def root(self):
        return {
            "description": DESCRIPTION,
            "swagger": f"{self.base}/swagger.json",
            "endpoints": {kind: f"{self.base}/{kind}/" for kind in paatos_data.KINDS},
            "filters": {name: list(kinds) for name, kinds in FILTERS.items()},
        }

    def detail(self, kind, key):
        if not key.isdigit():
            return self.not_found()
        graph = self.graph()
        ref = graph.refs[kind].get(int(key))
        if ref is None:
            return self.not_found()
        return graph.serialize(ref)

    def listing(self, kind):
        form = self.request.form
        # validate every parameter before any work
        limit = _integer(form, "limit", None, MAX_LIMIT)
        page_size = _integer(form, "page_size", None, MAX_LIMIT)
        offset = _integer(form, "offset", None)
        page = _integer(form, "page", None)
        if page == 0:
            raise _bad("page", _("msg_paatos_bad_page", default="Pages start at 1."))
        limit = limit or page_size or DEFAULT_LIMIT
        if offset is None:
            offset = (page - 1) * limit if page else 0
        filters = {}
        for name, kinds in FILTERS.items():
            value = _integer(form, name, None)
            if value is None:
                continue
            if kind not in kinds:
                raise _bad(
                    name,
                    _(
                        "msg_paatos_filter_not_here",
                        default="This list cannot be filtered by ${name}.",
                        mapping={"name": name},
                    ),
                )
            filters[name] = value
        since = _since(form)
        graph = self.graph()
        refs = list(graph.refs[kind].values())
        for name, value in filters.items():
            refs = [ref for ref in refs if value in ref.links.get(name, ())]
        if since is not None:
            refs = [
                ref
                for ref in refs
                if _modified(ref) is not None and _modified(ref) >= since
            ]
        refs.sort(key=lambda ref: ref.id)
        total = len(refs)
        window = refs[offset : offset + limit]
        query = {
            key: value
            for key, value in form.items()
            if key not in ("limit", "offset", "page", "page_size")
        }

        def link(start):
            return f"{self.base}/{kind}/?" + urlencode(
                {**query, "limit": limit, "offset": start}
            )

        following = link(offset + limit) if offset + limit < total else None
        previous = link(max(offset - limit, 0)) if offset > 0 else None
        objects = [graph.serialize(ref) for ref in window]
        meta = {"total_count": total, "limit": limit, "offset": offset}
        if following:
            meta["next"] = following
        if previous:
            meta["previous"] = previous
        answer = {"count": total, "meta": meta, "results": objects, "objects": objects}
        if following:
            answer["next"] = following
        if previous:
            answer["previous"] = previous
        return answer


class PaatosView(PlainJSONView):
    """``@paatos`` without ``Accept: application/json`` (a browser, curl)."""

    service_factory = PaatosGet
