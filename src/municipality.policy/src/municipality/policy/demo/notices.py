"""The demo's official notice board: ``esimerkkikunta/ilmoitustaulu``
(published) with notices of several kinds, dated relative to today: a
current kuulutus of a demo case (its PDF/A copy filed in the case), a
pöytäkirjan nähtävilläolo, one scheduled to appear in 5 days, one whose last
day is tomorrow, and one that has ended (off the web, its log entries kept).
Published as the demo registrar ``kirjaaja``; the ended one ended by the
clock job's agent. Idempotent: a notice that exists is left as it is."""

from datetime import timedelta
from municipality.policy.base.dates import today
from municipality.policy.demo.organisation import archive_creator
from municipality.policy.publication import log
from municipality.policy.publication import notices
from plone import api
from plone.app.textfield.value import RichTextValue


BOARD_ID = "ilmoitustaulu"
REGISTRAR = "kirjaaja"


def _html(*paragraphs):
    return RichTextValue(
        "".join(f"<p>{p}</p>" for p in paragraphs), "text/html", "text/html"
    )


def _demo_case(creator):
    """A public case of the demo diary (the first by running number)."""
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="Case",
        publicity_class="public",
        path="/".join(creator.getPhysicalPath()),
        sort_on="diary_sequence",
    )
    for brain in brains:
        if brain.diary_number and brain.title_is_public:
            return brain
    return None


def _notices(day, case_brain):
    case_number = case_brain.diary_number if case_brain is not None else None
    case_title = case_brain.Title if case_brain is not None else "Asia"
    return (
        {
            "id": "kuulutus-asian-kasittely",
            "title": f"Kuulutus: {case_title}",
            "category": "kuulutus",
            "case_number": case_number,
            "start": day - timedelta(days=2),
            "text": _html(
                f"Esimerkkikunta kuuluttaa asiasta {case_title}.",
                'Hakija: <span class="kp-personal">Matti Meikäläinen</span>, '
                '<span class="kp-personal">Kuusitie 3</span>.',
                "Muistutukset asiasta voi jättää kirjaamoon nähtävilläoloaikana.",
            ),
            "available_at": "Kunnanvirasto, kirjaamo, Kuntatie 1, nähtävilläoloajan.",
            "then": "publish",
        },
        {
            "id": "kunnanhallituksen-poytakirja",
            "title": "Kunnanhallituksen pöytäkirja nähtävillä",
            "category": "poytakirjan_nahtavillaolo",
            "start": day - timedelta(days=1),
            "text": _html(
                "Kunnanhallituksen kokouksen tarkastettu pöytäkirja on yleisesti "
                "nähtävillä kunnan verkkosivuilla.",
                "Muutoksenhakuohjeet ovat pöytäkirjan liitteenä.",
            ),
            "available_at": "Kunnan verkkosivut ja kunnanvirasto.",
            "then": "publish",
        },
        {
            "id": "kaavoituskatsaus",
            "title": "Kaavoituskatsaus 2027",
            "category": "kaavoitus",
            "start": day + timedelta(days=5),
            "text": _html(
                "Kunnan vuoden 2027 kaavoituskatsaus on nähtävillä. "
                "Palautetta voi antaa kirjaamoon."
            ),
            "available_at": "Tekninen toimisto, Kuntatie 1.",
            "then": "publish",
        },
        {
            "id": "vesikatko-ilmoitus",
            "title": "Ilmoitus vesikatkosta Kirkonkylällä",
            "category": "ilmoitus",
            "start": day - timedelta(days=13),
            "end": day + timedelta(days=1),
            "text": _html("Vesihuoltolaitos ilmoittaa huoltotöistä Kirkonkylällä."),
            "then": "publish",
        },
        {
            "id": "talousarvio-kuulutus",
            "title": "Kuulutus talousarvion nähtävilläolosta",
            "category": "kuulutus",
            "start": day - timedelta(days=30),
            "end": day - timedelta(days=16),
            "text": _html("Valtuuston hyväksymä talousarvio oli nähtävillä."),
            "available_at": "Kunnanvirasto.",
            "then": "end",
        },
    )


def _board(creator):
    board = creator.get(BOARD_ID) or api.content.create(
        container=creator,
        type="NoticeBoard",
        id=BOARD_ID,
        title="Ilmoitustaulu",
        description="Esimerkkikunnan virallinen ilmoitustaulu (KuntaL 108 §).",
    )
    if api.content.get_state(board) != "published":
        api.content.transition(obj=board, transition="publish")
    return board


def load(portal):
    creator = archive_creator(portal)
    board = _board(creator)
    day = today()
    for spec in _notices(day, _demo_case(creator)):
        if spec["id"] in board.objectIds():
            continue
        notice = api.content.create(
            container=board,
            type="Notice",
            id=spec["id"],
            title=spec["title"],
            category=spec["category"],
            case_number=spec.get("case_number"),
            display_start=spec["start"],
            display_end=spec.get("end"),
            text=spec["text"],
            available_at=spec.get("available_at"),
        )
        notices.sync_case(notice)
        registrar = api.user.get(userid=REGISTRAR)
        if registrar is not None:
            with api.env.adopt_user(user=registrar):
                notices.publish(notice)
        else:
            notices.publish(notice)
        if spec["then"] == "end":
            notices.end(notice, agent=log.SYSTEM)
