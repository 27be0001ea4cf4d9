"""Meetings benchmarks: the public agenda and minutes pages and the minutes PDF.

A body with a 40-§ meeting (``pick``: 4 in quick mode), each § a public case
with a presentation, a proposal and a decision of about 1 500 characters, one
in five with marked personal data, taken through the whole loop (placed,
convened, held, decided, signed, checked). Then, anonymous over the WSGI
publisher:

- the meeting page (its public agenda) and ``@@minutes`` against a stock
  Plone page (Document) holding the same HTML, of the same size;
- ``@@minutes.pdf`` (PDF/A with WeasyPrint) against the same stock page: what
  a PDF costs over showing the same content as HTML.
"""

from harness import login_admin
from harness import pick
from harness import timed
from webtest import TestApp
import records
import transaction


REPEAT = 20
REPEAT_PDF = 5
BODY_ID = "bench-lautakunta"
PARAGRAPH = (
    "Lautakunta on käsitellyt asiaa useassa kokouksessa. Valmistelussa on "
    "kuultu asukkaita, koulujen henkilöstöä ja vanhempainyhdistyksiä, ja "
    "vaihtoehtojen kustannukset on laskettu vuosille 2027-2030. "
)


def _text(number, personal):
    name = '<span class="kp-personal">Matti Meikäläinen</span> ' if personal else ""
    body = PARAGRAPH * 5
    return f"<p>{name}Asia {number}. {body}</p><p>{PARAGRAPH * 3}</p>"


def _users(count):
    from plone import api

    ids = []
    for index in range(count):
        userid = f"bench-jasen-{index + 1}"
        if api.user.get(userid=userid) is None:
            api.user.create(
                email=f"{userid}@example.invalid",
                username=userid,
                password="Bench-123456",
                properties={"fullname": f"Jäsen {index + 1}"},
            )
        ids.append(userid)
    return ids


def meeting_site(app):
    """The benchmark site with a body and its checked 40-§ meeting."""
    from datetime import UTC
    from datetime import datetime
    from datetime import timedelta
    from municipality.policy.meetings import agenda
    from municipality.policy.meetings import attendance
    from municipality.policy.meetings import lookup
    from municipality.policy.meetings import minutes
    from municipality.policy.registry.api import register_case
    from plone import api

    site = records.records_site(app)
    login_admin(app)
    sector = next(
        brain.getObject()
        for brain in api.content.find(context=site, portal_type="SubArchiveCreator")
    )
    if BODY_ID in sector.objectIds():
        body = sector[BODY_ID]
        meeting = body.objectValues()[0]
        return site, meeting
    members = _users(7)
    body = api.content.create(
        container=sector,
        type="Body",
        id=BODY_ID,
        title="Benchmark-lautakunta",
        body_kind="lautakunta",
        sub_archive_creator=sector.getId(),
        members=[
            {
                "userid": userid,
                "name": f"Jäsen {index + 1}",
                "function": "chair" if index == 0 else "member",
                "deputies": [],
            }
            for index, userid in enumerate(members)
        ],
        secretary="admin",
        notice_days=4,
    )
    start = datetime.now(UTC) - timedelta(days=3)
    meeting = api.content.create(
        container=body,
        type="Meeting",
        title="Kokous",
        start=start,
        place="Kunnantalo",
        examiners=members[1:3],
    )
    registry = records._registry(site)
    task_class = records._task_class(site)
    for number in range(pick(40, 4)):
        case = register_case(
            registry,
            title=f"Benchmark-asia {number + 1}",
            task_class=task_class,
            sub_archive_creator=sector.getId(),
        )
        case.publicity_class = "public"
        item = agenda.draft_item(
            case,
            presentation=_text(number + 1, number % 5 == 0),
            proposal=f"<p>Esittelijä ehdottaa, että lautakunta hyväksyy asian {number + 1}.</p>",
        )
        api.content.transition(obj=item, transition="approve")
        agenda.place(meeting, item)
    agenda.convene(meeting, when=start - timedelta(days=7))
    api.content.transition(obj=meeting, transition="hold")
    attendance.set_participants(
        meeting,
        [
            {"userid": userid, "name": f"Jäsen {index + 1}", "capacity": "member"}
            for index, userid in enumerate(members)
        ]
        + [{"userid": "admin", "name": "Sihteeri", "capacity": "secretary"}],
    )
    for item in lookup.agenda_items(meeting):
        minutes.decide(item, "as_proposed", _text(item.number or 0, False))
    minutes.sign(meeting, members[0])
    minutes.sign(meeting, "admin")
    for examiner in members[1:3]:
        minutes.examine(meeting, examiner)
    transaction.commit()
    return site, meeting


def _stock_page(site, page_id, html):
    """A published stock Document holding ``html`` (as admin, on ``site``: a
    request through the publisher leaves neither)."""
    from plone import api
    from plone.app.textfield.value import RichTextValue
    from zope.component.hooks import setSite

    login_admin(site.aq_parent)
    setSite(site)
    stock = site.stock
    if page_id in stock:
        api.content.delete(stock[page_id])
    page = api.content.create(
        container=stock,
        type="Document",
        id=page_id,
        title="Pöytäkirja",
        text=RichTextValue(html, "text/html", "text/x-html-safe"),
    )
    api.content.transition(obj=page, transition="publish")
    transaction.commit()
    return "/".join(page.getPhysicalPath())


def _main(html):
    """The page's <main> content (what a stock page of the same size holds)."""
    start = html.find("<main")
    end = html.find("</main>")
    return html[start : end + 7] if start >= 0 and end > start else html


def _getter(browser, path, content_type="text/html"):
    def call():
        response = browser.get(path, headers={"Accept-Language": "fi"})
        assert response.status_int == 200, (path, response.status)
        assert response.content_type == content_type, response.content_type

    return call


def bench_public_agenda_and_minutes(app, report):
    """Anonymous agenda page and minutes page against stock pages of the same size."""
    from ZPublisher.WSGIPublisher import publish_module

    site, meeting = meeting_site(app)
    path = "/".join(meeting.getPhysicalPath())
    browser = TestApp(publish_module)
    for label, view, page_id in (
        ("public agenda page, 40 § (ms)", "", "stock-agenda"),
        ("public minutes page, 40 § (ms)", "/@@minutes", "stock-minutes"),
    ):
        html = browser.get(path + view, headers={"Accept-Language": "fi"}).text
        stock_path = _stock_page(site, page_id, _main(html))
        ours = timed(_getter(browser, path + view), repeat=REPEAT, warmup=2)
        stock = timed(_getter(browser, stock_path), repeat=REPEAT, warmup=2)
        report.add(pick(label, label.replace("40", "4")), ours, stock)


def bench_minutes_pdf(app, report):
    """Anonymous minutes PDF/A against the stock page of the same minutes."""
    from ZPublisher.WSGIPublisher import publish_module

    site, meeting = meeting_site(app)
    path = "/".join(meeting.getPhysicalPath())
    browser = TestApp(publish_module)
    html = browser.get(path + "/@@minutes", headers={"Accept-Language": "fi"}).text
    stock_path = _stock_page(site, "stock-minutes-pdf", _main(html))
    ours = timed(
        _getter(browser, path + "/@@minutes.pdf", "application/pdf"),
        repeat=REPEAT_PDF,
        warmup=1,
    )
    stock = timed(_getter(browser, stock_path), repeat=REPEAT, warmup=2)
    report.add(
        pick("minutes PDF/A, 40 § (ms)", "minutes PDF/A, 4 § (ms)"),
        ours,
        stock,
        baseline="stock page of the same minutes",
    )


BENCHMARKS = [bench_public_agenda_and_minutes, bench_minutes_pdf]
