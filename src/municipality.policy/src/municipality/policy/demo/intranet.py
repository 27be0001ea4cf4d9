"""The demo's staff intranet: three news items (one waiting for review),
guidance pages, the records-management manual "Asiakirjahallinnon
käsikirja" with its sections (one in draft), the editor
``intranet-toimittaja`` and the reviewer ``intranet-julkaisija`` (password
``users.DEMO_PASSWORD``), and every demo staff account in ``henkilosto``
(``intranet.staff.sync``). Idempotent."""

from DateTime import DateTime
from municipality.policy.demo.users import ensure_user
from municipality.policy.intranet import setup as intranet_setup
from municipality.policy.intranet import staff
from plone import api
from plone.app.textfield.value import RichTextValue


#: (user id, full name, group)
ACCOUNTS = (
    ("intranet-toimittaja", "Irja Toimittaja", staff.EDITOR_GROUP),
    ("intranet-julkaisija", "Jukka Julkaisija", staff.REVIEWER_GROUP),
)


def _html(*paragraphs):
    return RichTextValue(
        "".join(f"<p>{p}</p>" for p in paragraphs), "text/html", "text/x-html-safe"
    )


#: (id, title, description, paragraphs, state, effective day)
NEWS = (
    (
        "uusi-asianhallinta-kayttoon",
        "Sähköinen asianhallinta käyttöön koko kunnassa",
        "Kaikki asiat kirjataan 1.12.2026 alkaen kirjaamon diaariin.",
        (
            "Kunnan kaikki toimialat siirtyvät sähköiseen asianhallintaan. "
            "Uudet asiat kirjataan kirjaamossa, ja asiakirjat tallennetaan asian "
            "yhteyteen.",
            "Koulutukset järjestetään toimialoittain joulukuussa; katso "
            "asiakirjahallinnon käsikirja.",
        ),
        "published",
        "2026/11/30 09:00:00 Europe/Helsinki",
    ),
    (
        "joulukuun-kokousaikataulu",
        "Lautakuntien kokousaikataulu keväälle 2027",
        "Esityslistojen jättöpäivät on päivitetty.",
        (
            "Esityslistalle tulevat asiat on hyväksyttävä esiteltäviksi viimeistään "
            "kaksi viikkoa ennen kokousta.",
        ),
        "published",
        "2026/11/16 12:00:00 Europe/Helsinki",
    ),
    (
        "tietosuojakoulutus",
        "Tietosuojakoulutus pakollinen kaikille",
        "Verkkokoulutus suoritetaan helmikuun loppuun mennessä.",
        ("Koulutuksen suorittaminen kirjataan henkilöstöhallintoon.",),
        "pending",
        None,
    ),
)

MANUAL_ID = "asiakirjahallinnon-kasikirja"
#: the manual's sections: (id, title, paragraphs, state)
MANUAL_SECTIONS = (
    (
        "kirjaaminen",
        "1. Asian vireilletulo ja kirjaaminen",
        (
            "Saapunut asiakirja kirjataan kirjaamossa viipymättä. Asia saa "
            "diaarinumeron ja tehtäväluokan tiedonohjaussuunnitelman mukaan.",
        ),
        "published",
    ),
    (
        "julkisuus",
        "2. Julkisuus ja salassapito",
        (
            "Asiakirja on julkinen, jollei sitä ole lailla säädetty salassa "
            "pidettäväksi. Salassapitoperuste merkitään asiakirjaan (JulkL 24 §).",
        ),
        "published",
    ),
    (
        "sailytys",
        "3. Säilytysajat ja arkistointi",
        (
            "Säilytysajat luetaan tiedonohjaussuunnitelmasta. Pysyvästi "
            "säilytettävät asiakirjat siirretään arkistoon.",
        ),
        "draft",
    ),
)
#: guidance pages: (id, title, description, paragraphs)
PAGES = (
    (
        "etatyo-ohje",
        "Etätyöohje",
        "Etätyön pelisäännöt ja tietoturva.",
        (
            "Salassa pidettäviä asiakirjoja käsitellään vain kunnan laitteilla ja "
            "VPN-yhteyden kautta.",
        ),
    ),
    (
        "kokousten-valmistelu",
        "Kokousasioiden valmistelu",
        "Valmistelijan muistilista esityslistan asioille.",
        (
            "Valmistelija kirjoittaa asian esittelytekstin ja päätösehdotuksen; "
            "esittelijä hyväksyy asian esiteltäväksi.",
        ),
    ),
)


def _ensure(container, type_, id, title, description="", paragraphs=()):
    obj = container.get(id)
    if obj is None:
        obj = api.content.create(
            container=container,
            type=type_,
            id=id,
            title=title,
            description=description,
            text=_html(*paragraphs),
        )
    return obj


def _to_state(obj, state, effective=None):
    """Take ``obj`` from draft to ``state`` (once: a later run leaves it)."""
    current = api.content.get_state(obj)
    if current != "draft" or state == "draft":
        return
    if effective:
        obj.setEffectiveDate(DateTime(effective))
    api.content.transition(obj=obj, transition="submit")
    if state == "published":
        api.content.transition(obj=obj, transition="publish")
    obj.reindexObject()


def load(portal):
    intranet_setup.install(portal)
    root = staff.intranet_root(portal)
    for user_id, fullname, group in ACCOUNTS:
        ensure_user(user_id, fullname)
        api.group.add_user(groupname=group, username=user_id)
        api.group.add_user(groupname=staff.STAFF_GROUP, username=user_id)
    with api.env.adopt_roles(["Manager"]):
        manual = _ensure(
            root,
            "IntranetPage",
            MANUAL_ID,
            "Asiakirjahallinnon käsikirja",
            "Kunnan asiakirjahallinnon ohjeet: kirjaaminen, julkisuus, säilytys.",
            (
                "Käsikirja kokoaa kunnan asiakirjahallinnon käytännöt. Vastuut on "
                "kuvattu vastuuketjussa; kysy oman yksikkösi asiakirjavastaavalta.",
            ),
        )
        _to_state(manual, "published")
        for id_, title, paragraphs, state in MANUAL_SECTIONS:
            _to_state(
                _ensure(manual, "IntranetPage", id_, title, "", paragraphs), state
            )
        for id_, title, description, paragraphs in PAGES:
            _to_state(
                _ensure(root, "IntranetPage", id_, title, description, paragraphs),
                "published",
            )
        for id_, title, description, paragraphs, state, effective in NEWS:
            news = _ensure(root, "IntranetNews", id_, title, description, paragraphs)
            _to_state(news, state, effective)
    staff.sync(portal)
