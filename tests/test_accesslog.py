"""The access log (906/2019 §17): entries for each action over real HTTP,
outcomes, sector scoping, CSV export, and that nobody can alter it."""

from builders import make_registry
from municipality.policy.demo.users import DEMO_PASSWORD
from municipality.policy.security import accesslog
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from statuses import REST_FORBIDDEN
from statuses import WrongStatus
from statuses import is_login_challenge
from statuses import status_is
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent
import pytest
import pytz
import requests
import transaction


JSON = {"Accept": "application/json"}
SIV = "sivistyslautakunta"
TEK = "tekninen-lautakunta"


def auth(user):
    return (user, DEMO_PASSWORD)


@pytest.fixture
def world(demo_rest_portal):
    portal = demo_rest_portal
    with api.env.adopt_roles(["Manager"]):
        registry = make_registry(portal)
        made = {}
        for name, sector, publicity in (
            ("secret", SIV, "secret"),
            ("other", TEK, "secret"),
            ("public", SIV, "public"),
        ):
            case = api.content.create(
                container=registry,
                type="Case",
                title=f"Asia {name}",
                task_class="00.01.00",
                sub_archive_creator=sector,
            )
            case.publicity_class = publicity
            if publicity != "public":
                case.security_reasons = ["24.1.25"]
                case.restriction_reason = "Testi"
            notify(ObjectModifiedEvent(case))
            made[name] = case
    transaction.commit()
    yield portal, made


def entries(**query):
    transaction.begin()
    return accesslog.search(**query)


def get(url, user=None, **kwargs):
    kwargs.setdefault("allow_redirects", False)
    return requests.get(url, auth=auth(user) if user else None, timeout=60, **kwargs)


class TestEntries:
    def test_view_logged_with_who_what_source(self, world):
        _portal, cases = world
        before = len(entries())
        response = get(
            cases["secret"].absolute_url(),
            "sivistys-valmistelija",
            headers={"User-Agent": "kp-test"},
        )
        assert response.status_code == 200
        new = entries()[before:]
        assert len(new) == 1
        entry = new[0]
        assert entry["user"] == "sivistys-valmistelija"
        assert entry["action"] == "view" and entry["outcome"] == "allowed"
        assert entry["uid"] == cases["secret"].UID()
        assert entry["diary_number"] == cases["secret"].diary_number
        assert entry["sector"] == SIV and entry["channel"] == "web"
        assert entry["source_ip"] == "127.0.0.1" and entry["user_agent"] == "kp-test"
        assert entry["date"][:4].isdigit()

    def test_rest_disclosure(self, world):
        _portal, cases = world
        response = get(
            cases["secret"].absolute_url(), "sivistys-valmistelija", headers=JSON
        )
        assert response.status_code == 200
        entry = entries(user="sivistys-valmistelija")[-1]
        assert (entry["action"], entry["channel"]) == ("rest_disclosure", "rest")

    def test_edit_form(self, world):
        _portal, cases = world
        response = get(
            cases["secret"].absolute_url() + "/@@edit", "sivistys-valmistelija"
        )
        assert response.status_code == 200
        assert entries(user="sivistys-valmistelija")[-1]["action"] == "edit"

    def test_rest_patch_is_edit(self, world):
        _portal, cases = world
        response = requests.patch(
            cases["secret"].absolute_url(),
            json={"description": "x"},
            headers=JSON,
            auth=auth("sivistys-valmistelija"),
            timeout=60,
        )
        assert response.status_code == 204, response.text
        entry = entries(user="sivistys-valmistelija")[-1]
        assert (entry["action"], entry["outcome"], entry["method"]) == (
            "edit",
            "allowed",
            "PATCH",
        )

    @pytest.mark.xfail(strict=True, raises=WrongStatus, reason=REST_FORBIDDEN)
    def test_refused_staff_and_anonymous(self, world):
        _portal, cases = world
        rest = get(
            cases["secret"].absolute_url(), "tekninen-valmistelija", headers=JSON
        )
        is_login_challenge(get(cases["secret"].absolute_url()))
        refused = [
            e for e in entries(case=cases["secret"].UID()) if e["outcome"] == "refused"
        ]
        assert {e["user"] for e in refused} == {"tekninen-valmistelija", "Anonymous"}
        status_is(rest, 403)  # last: the xfail is about this code only

    def test_public_case_not_logged(self, world):
        _portal, cases = world
        before = len(entries())
        assert (
            get(cases["public"].absolute_url(), "sivistys-henkilosto").status_code
            == 200
        )
        assert len(entries()) == before


class TestReading:
    def test_chief_searches_and_exports_csv(self, world):
        portal, cases = world
        get(cases["secret"].absolute_url(), "sivistys-valmistelija")
        get(cases["other"].absolute_url(), "tekninen-valmistelija")
        creator = portal["esimerkkikunta"].absolute_url()
        page = get(
            creator + "/@@access-log?user=tekninen-valmistelija", "arkistojohtaja"
        )
        assert page.status_code == 200
        assert cases["other"].diary_number in page.text
        assert cases["secret"].diary_number not in page.text
        export = get(creator + "/@@access-log-export", "arkistojohtaja")
        assert export.status_code == 200
        assert export.headers["Content-Type"].startswith("text/csv")
        assert "sivistys-valmistelija" in export.text
        assert "tekninen-valmistelija" in export.text
        by_case = get(
            creator + "/@@access-log-export?case=" + cases["other"].diary_number,
            "arkistojohtaja",
        ).text
        assert (
            "tekninen-valmistelija" in by_case
            and "sivistys-valmistelija" not in by_case
        )

    def test_date_filter(self, world):
        portal, cases = world
        get(cases["secret"].absolute_url(), "sivistys-valmistelija")
        url = portal["esimerkkikunta"].absolute_url() + "/@@access-log-export"
        assert (
            "sivistys-valmistelija"
            not in get(url + "?end=2000-01-01", "arkistojohtaja").text
        )
        assert (
            "sivistys-valmistelija"
            in get(url + "?start=2000-01-01", "arkistojohtaja").text
        )
        assert get(url + "?start=eilen", "arkistojohtaja").status_code == 400

    def test_sector_manager_sees_own_sector_only(self, world):
        portal, cases = world
        get(cases["secret"].absolute_url(), "sivistys-valmistelija")
        get(cases["other"].absolute_url(), "tekninen-valmistelija")
        creator = portal["esimerkkikunta"]
        own = get(
            creator[SIV].absolute_url() + "/@@access-log-export",
            "sivistys-vastuuhenkilo",
        )
        assert own.status_code == 200
        assert "sivistys-valmistelija" in own.text
        assert "tekninen-valmistelija" not in own.text
        for url in (
            creator[TEK].absolute_url() + "/@@access-log-export",
            creator.absolute_url() + "/@@access-log-export",
            portal.absolute_url() + "/@@access-log",
        ):
            is_login_challenge(get(url, "sivistys-vastuuhenkilo"))
        is_login_challenge(
            get(creator.absolute_url() + "/@@access-log", "sivistys-valmistelija")
        )


class TestAppendOnly:
    def test_no_update_or_delete_api(self):
        public = [
            name
            for name in dir(accesslog)
            if not name.startswith("_") and callable(getattr(accesslog, name))
        ]
        assert not [
            n
            for n in public
            if any(
                w in n.lower()
                for w in ("delete", "remove", "update", "clear", "purge", "edit")
            )
        ]

    def test_cannot_alter_over_http(self, world):
        portal, cases = world
        get(cases["secret"].absolute_url(), "sivistys-valmistelija")
        logged = entries()
        assert logged
        owner = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        site = portal.absolute_url()
        attempts = [
            requests.delete(site + "/@@access-log", auth=owner, timeout=60),
            requests.post(
                site + "/@@access-log", data={"delete": "1"}, auth=owner, timeout=60
            ),
            requests.delete(
                site + "/@access-log", headers=JSON, auth=owner, timeout=60
            ),
            requests.patch(
                site + "/@access-log", json={}, headers=JSON, auth=owner, timeout=60
            ),
            requests.get(site + "/__annotations__", auth=owner, timeout=60),
            requests.get(
                site + "/__annotations__/" + accesslog.KEY, auth=owner, timeout=60
            ),
        ]
        # no REST endpoint for the log at all; names with "_" are not published
        for response in attempts[2:]:
            assert response.status_code == 404, response.url
        assert accesslog.KEY not in attempts[4].text
        # the page is only a search: DELETE or POST to it changes nothing
        assert entries() == logged

    def _concurrent(self, portal, shards):
        """Two connections append at once (to ``shards``); commit both, retrying
        a conflicting one as the publisher would. Returns the conflict count."""
        from municipality.policy.security.accesslog import _shard
        from ZODB.POSException import ConflictError

        accesslog._tree(portal)
        transaction.commit()
        db = portal._p_jar.db()
        path = portal.getPhysicalPath()
        conflicts = 0
        managers = [transaction.TransactionManager() for _ in shards]
        conns = [db.open(transaction_manager=tm) for tm in managers]

        def add(conn, i, shard):
            site = conn.root()["Application"].unrestrictedTraverse(path)
            _shard(site, shard)[accesslog.make_key()] = {"user": f"c{i}", "date": "x"}

        for i, (conn, shard) in enumerate(zip(conns, shards, strict=True)):
            add(conn, i, shard)
        for i, (conn, tm, shard) in enumerate(
            zip(conns, managers, shards, strict=True)
        ):
            try:
                tm.commit()
            except ConflictError:
                conflicts += 1
                tm.abort()
                add(conn, i, shard)  # the publisher's retry
                tm.commit()
        for conn in conns:
            conn.close()
        users = {e["user"] for e in entries()}
        assert {"c0", "c1"} <= users
        return conflicts

    def test_concurrent_appends_to_shards_merge(self, world):
        portal, _cases = world
        assert self._concurrent(portal, (3, 17)) == 0

    def test_same_shard_conflict_is_retried(self, world):
        portal, _cases = world
        # two appends after the last entry of one shard conflict (BTrees merge
        # them only into an empty shard, so it gets an entry first); the retry
        # keeps both
        accesslog._shard(portal, 5)[accesslog.make_key()] = {"user": "c", "date": "x"}
        transaction.commit()
        assert self._concurrent(portal, (5, 5)) == 1


# ------------------------------------------------ reading: pages, search, CSV
HELSINKI_SUMMER = "2026-06-01T09:00:00+00:00"  # 12.00 in Helsinki (UTC+3)


@pytest.fixture
def logged(demo_portal):
    """A secret case of each sector and a log of 120 crafted entries: users
    ``u0``..``u3`` in turn, every 7th refused, every 5th over REST, every 4th
    a download, on the sivistys case except every 3rd (tekninen), one a
    minute from 1.6.2026 12.00 Helsinki time (the newest last)."""
    from datetime import datetime

    portal = demo_portal
    request = portal.REQUEST
    request["LANGUAGE"] = "fi"
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "fi"
    with api.env.adopt_roles(["Manager"]):
        registry = make_registry(portal)
        cases = {}
        for sector in (SIV, TEK):
            case = api.content.create(
                container=registry,
                type="Case",
                title=f"Salainen {sector}",
                task_class="00.01.00",
                sub_archive_creator=sector,
            )
            case.publicity_class = "secret"
            case.security_reasons = ["24.1.25"]
            case.restriction_reason = "Testi"
            notify(ObjectModifiedEvent(case))
            cases[sector] = case
        templates = {
            sector: accesslog.append(case, "view", user="malli")
            for sector, case in cases.items()
        }
    base = int(datetime.fromisoformat(HELSINKI_SUMMER).timestamp()) * 10**9
    made = []
    for n in range(120):
        sector = TEK if n % 3 == 0 else SIV
        entry = dict(
            templates[sector],
            user=f"u{n % 4}",
            outcome="refused" if n % 7 == 0 else "allowed",
            channel="rest" if n % 5 == 0 else "web",
            action="download" if n % 4 == 0 else "view",
            date=datetime.fromtimestamp(base / 1e9 + 60 * n, pytz.utc).isoformat(),
        )
        accesslog._put(
            portal,
            n % accesslog.SHARDS,
            accesslog.make_key(base + n * 60 * 10**9),
            entry,
        )
        made.append(entry)
    return portal, cases, made


def view_of(portal, context, name="access-log", **form):
    from municipality.policy.interfaces import IMunicipalityPolicyLayer
    from zope.interface import alsoProvides

    request = portal.REQUEST
    alsoProvides(request, IMunicipalityPolicyLayer)  # as traversal would
    request.form.clear()
    request.form.update(form)
    request.response.setStatus(200)
    with api.env.adopt_user(username="arkistojohtaja"):
        view = api.content.get_view(name, context, request)
        return view, view()


def crafted(made, **wanted):
    """The crafted entries matching ``wanted``, newest first (by hand)."""
    return [
        e
        for e in reversed(made)
        if all(
            e[k] in v if isinstance(v, set) else e[k] == v for k, v in wanted.items()
        )
    ]


class TestQuery:
    def dates(self, results):
        return [e["date"] for e in results if e["user"] != "malli"]

    @pytest.mark.parametrize(
        "query, wanted",
        [
            ({"user": "u1"}, {"user": "u1"}),
            ({"outcome": "refused"}, {"outcome": "refused"}),
            (
                {"channel": "rest", "action": "download"},
                {"channel": "rest", "action": "download"},
            ),
            (
                {"user": "u0", "outcome": "refused"},
                {"user": "u0", "outcome": "refused"},
            ),
            ({"sectors": {TEK}}, {"sector": TEK}),
        ],
    )
    def test_filters_newest_first(self, logged, query, wanted):
        _portal, _cases, made = logged
        results = accesslog.query(**query)
        expected = [e["date"] for e in crafted(made, **wanted)]
        assert expected  # the filter selects something
        assert self.dates(results) == expected
        assert len([e for e in results if e["user"] != "malli"]) == len(expected)

    def test_record_by_diary_number_or_uid(self, logged):
        _portal, cases, made = logged
        case = cases[TEK]
        by_number = accesslog.query(case=case.diary_number, user="u2")
        by_uid = accesslog.query(case=case.UID(), user="u2")
        expected = [e["date"] for e in crafted(made, sector=TEK, user="u2")]
        assert self.dates(by_number) == self.dates(by_uid) == expected

    def test_date_range(self, logged):
        from datetime import datetime

        _portal, _cases, made = logged
        start = datetime.fromisoformat("2026-06-01T09:10:00+00:00")
        end = datetime.fromisoformat("2026-06-01T09:19:30+00:00")
        results = accesslog.query(start=start, end=end)
        assert len(results) == 10
        assert self.dates(results) == [e["date"] for e in reversed(made[10:20])]

    def test_count_and_unknown_value(self, logged):
        _portal, _cases, made = logged
        assert len(accesslog.query()) == accesslog.count() >= len(made) + 2
        assert len(accesslog.query(user="nobody")) == 0
        assert list(accesslog.query(user="nobody")) == []

    def test_old_log_without_index_is_scanned_then_indexed(self, logged):
        """A log written before upgrade 1006 has no index: queries scan it;
        ``build_index`` indexes it with the same answers."""
        from zope.annotation.interfaces import IAnnotations

        portal, _cases, made = logged
        annotations = IAnnotations(portal)
        del annotations[accesslog.INDEX_KEY], annotations[accesslog.COUNT_KEY]
        scanned = self.dates(accesslog.query(user="u3", channel="web"))
        assert scanned == [e["date"] for e in crafted(made, user="u3", channel="web")]
        total = accesslog.build_index(portal)
        assert total == len(accesslog.query()) >= len(made)
        assert self.dates(accesslog.query(user="u3", channel="web")) == scanned

    def test_a_page_loads_only_its_entries(self, logged, monkeypatch):
        portal, _cases, _made = logged
        loaded = []
        original = accesslog.Results._load
        monkeypatch.setattr(
            accesslog.Results,
            "_load",
            lambda self, step: loaded.append(step) or original(self, step),
        )
        _view, html = view_of(portal, portal["esimerkkikunta"])
        assert html.count('class="access-log-entry"') == 50
        assert len(loaded) == 50


class TestPage:
    def test_batched_with_total(self, logged):
        portal, _cases, made = logged
        creator = portal["esimerkkikunta"]
        total = len(accesslog.query())
        _view, html = view_of(portal, creator)
        assert html.count('class="access-log-entry"') == 50
        assert f"<strong>{total}</strong>" in html
        assert "b_start:int=50" in html or "b_start=50" in html
        _view, html = view_of(portal, creator, b_start="100")
        assert html.count('class="access-log-entry"') == total - 100

    def test_translated_and_in_helsinki_time(self, logged):
        portal, _cases, _made = logged
        _view, html = view_of(
            portal,
            portal["esimerkkikunta"],
            user="u0",
            outcome="refused",
            action="download",
        )
        # n = 0, 28, 56, 84, 112 match; the newest first: n = 112 is 13.52
        assert "1.6.2026 klo 13.52.00" in html
        assert "1.6.2026 klo 12.00.00" in html  # n = 0, 09.00 UTC
        assert "9.00.00" not in html  # not UTC
        assert "Ladattu" in html and "Estetty" in html
        rows = html.split('class="access-log-entry"')[1:]
        assert len(rows) == 5
        assert not any(">download<" in row or ">refused<" in row for row in rows)

    def test_search_fields_narrow_the_page(self, logged):
        portal, cases, made = logged
        creator = portal["esimerkkikunta"]
        _view, html = view_of(
            portal, creator, case=cases[TEK].diary_number, channel="rest"
        )
        expected = crafted(made, sector=TEK, channel="rest")
        assert html.count('class="access-log-entry"') == len(expected)

    def test_sector_page_shows_own_sector(self, logged):
        portal, _cases, made = logged
        sector = portal["esimerkkikunta"][TEK]
        _view, html = view_of(portal, sector)
        expected = crafted(made, sector=TEK)
        assert html.count('class="access-log-entry"') == len(expected) + 1  # + malli

    @pytest.mark.parametrize(
        "form, field",
        [
            ({"action": "nuke"}, "action"),
            ({"outcome": "maybe"}, "outcome"),
            ({"channel": "fax"}, "channel"),
            ({"start": "eilen"}, "start"),
            ({"start": "2026-06-02", "end": "2026-06-01"}, "end"),
        ],
    )
    def test_bad_filter_marks_its_field(self, logged, form, field):
        portal, _cases, _made = logged
        view, html = view_of(portal, portal["esimerkkikunta"], **form)
        assert list(view.errors) == [field]
        assert portal.REQUEST.response.getStatus() == 400
        marked = html.split(f'id="al-{field}"')[1].split(">")[0]
        assert 'aria-invalid="true"' in marked
        assert f'id="al-{field}-error"' in html


class TestCSV:
    def test_export_follows_the_csv_convention(self, logged):
        portal, cases, made = logged
        _view, body = view_of(
            portal,
            portal["esimerkkikunta"],
            name="access-log-export",
            user="u0",
            outcome="refused",
        )
        response = portal.REQUEST.response
        assert response.getHeader("Content-Type").startswith("text/csv")
        assert body.startswith("\ufeff")
        lines = body[1:].split("\r\n")
        header = lines[0].split(";")
        assert header[:4] == ["Aika", "Käyttäjä", "Toiminto", "Tulos"]
        rows = [line.split(";") for line in lines[1:] if line]
        expected = crafted(made, user="u0", outcome="refused")
        assert len(rows) == len(expected)
        assert rows[0][:4] == ["1.6.2026 13:52:00", "u0", "Ladattu", "Estetty"]
        assert rows[0][4] == cases[SIV].diary_number

    def test_export_bad_filter_is_400(self, logged):
        portal, _cases, _made = logged
        _view, body = view_of(
            portal, portal["esimerkkikunta"], name="access-log-export", start="eilen"
        )
        assert portal.REQUEST.response.getStatus() == 400
        assert body.startswith("start:")

    def test_csv_helper(self, demo_portal):
        from datetime import date
        from datetime import datetime
        from municipality.policy import _
        from municipality.policy.base import csvexport

        request = demo_portal.REQUEST
        request["LANGUAGE"] = "fi"
        request.environ["HTTP_ACCEPT_LANGUAGE"] = "fi"
        body = csvexport.text(
            [_("label_access_log_user", default="User"), "B"],
            [
                [datetime(2026, 1, 15, 10, 0, tzinfo=pytz.utc), "=SUM(A1)"],
                [date(2026, 2, 3), None],
            ],
            request,
        )
        assert body == (
            "\ufeffKäyttäjä;B\r\n15.1.2026 12:00:00;'=SUM(A1)\r\n3.2.2026;\r\n"
        )
