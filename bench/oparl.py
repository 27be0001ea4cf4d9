"""OParl benchmark: the OParl meeting list page against stock ``@search``.

The meetings benchmarks' body (its checked 40-§ meeting, ``meetings.meeting_site``)
gets more convened meetings (no §s) until it has ``SIZE`` public meetings
(``pick``: 5 in quick mode). Then, anonymous over the WSGI publisher with
``Accept: application/json``:

- ours: ``@oparl/organization/<body UID>/meeting?limit=SIZE``, one page of
  ``SIZE`` OParl Meetings (each with its embedded §s, files and location);
- stock: ``@search?portal_type=Document&path=<folder>&b_size=SIZE&fullobjects=1``,
  one page of ``SIZE`` full stock Documents (published, a paragraph each).
"""

from harness import login_admin
from harness import pick
from harness import timed
from webtest import TestApp
import meetings
import transaction


REPEAT = 20
SIZE = 50
FOLDER = "stock-oparl"
JSON = {"Accept": "application/json", "Accept-Language": "fi"}


def _meetings(body, size):
    """Convened meetings of ``body`` until it has ``size`` meetings."""
    from datetime import UTC
    from datetime import datetime
    from datetime import timedelta
    from plone import api

    have = len(body.objectIds())
    for index in range(have, size):
        start = datetime.now(UTC) + timedelta(days=10 + index)
        meeting = api.content.create(
            container=body,
            type="Meeting",
            title="Kokous",
            start=start,
            place="Kunnantalo",
        )
        meeting.notice_published = start - timedelta(days=10)
        api.content.transition(obj=meeting, transition="convene")


def _documents(site, size):
    """A folder of ``size`` published stock Documents; its path."""
    from plone import api
    from plone.app.textfield.value import RichTextValue

    if FOLDER not in site.objectIds():
        api.content.create(
            container=site, type="Folder", id=FOLDER, title="OParl stock"
        )
        api.content.transition(obj=site[FOLDER], transition="publish")
    folder = site[FOLDER]
    for index in range(len(folder.objectIds()), size):
        page = api.content.create(
            container=folder,
            type="Document",
            id=f"doc-{index}",
            title=f"Kokous {index}",
            text=RichTextValue(
                f"<p>{meetings.PARAGRAPH}</p>", "text/html", "text/x-html-safe"
            ),
        )
        api.content.transition(obj=page, transition="publish")
    return "/".join(folder.getPhysicalPath())


def bench_oparl_meeting_list(app, report):
    """One OParl meeting list page against one stock @search page of the same size."""
    from municipality.policy.meetings import lookup
    from plone import api
    from ZPublisher.WSGIPublisher import publish_module

    size = pick(SIZE, 5)
    site, meeting = meetings.meeting_site(app)
    login_admin(app)
    body = lookup.body_of(meeting)
    for obj in (body, body.aq_parent, body.aq_parent.aq_parent):  # public, as on a site
        if api.content.get_state(obj, default=None) not in (None, "published"):
            api.content.transition(obj=obj, transition="publish")
    _meetings(body, size)
    folder = _documents(site, size)
    transaction.commit()
    site_path = "/".join(site.getPhysicalPath())
    ours_path = f"{site_path}/@oparl/organization/{body.UID()}/meeting?limit={size}"
    stock_path = (
        f"{site_path}/@search?portal_type=Document&path={folder}"
        f"&b_size={size}&fullobjects=1"
    )
    browser = TestApp(publish_module)

    def get(path, count):
        def call():
            response = browser.get(path, headers=JSON)
            assert response.status_int == 200, (path, response.status)
            data = response.json
            rows = data["data"] if "data" in data else data["items"]
            assert len(rows) == count, (path, len(rows))

        return call

    ours = timed(get(ours_path, size), repeat=REPEAT, warmup=2)
    stock = timed(get(stock_path, size), repeat=REPEAT, warmup=2)
    label = f"OParl meeting list, {size} meetings (ms)"
    report.add(label, ours, stock, baseline=f"stock @search, {size} full Documents")


BENCHMARKS = [bench_oparl_meeting_list]
