"""Demo step: the information every municipality keeps online (KuntaL
410/2015 109 §) as a published folder "Kunnan tiedot" (``kunnan-tiedot``) at
the site root with one page per item of the law's list, and the public front
page (``@@kunta-etusivu`` of municipality.theme) as the site root's view.

Stock Folder and Document types on the site's default workflow
(simple_publication_workflow), published. Idempotent.
"""

from plone import api
from plone.app.textfield.value import RichTextValue
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
import base64
import hashlib
import logging


logger = logging.getLogger(__name__)

FOLDER_ID = "kunnan-tiedot"
FOLDER_TITLE = "Kunnan tiedot"
FOLDER_DESCRIPTION = (
    "Kuntalain (410/2015) 109 §:n mukaiset tiedot: strategia, hallintosääntö, "
    "talousarvio, tilinpäätös, arviointi- ja tarkastuskertomukset, "
    "yhteistoimintasopimukset, konserniohje, sidonnaisuusilmoitukset ja maksut."
)
FRONT_PAGE = "kunta-etusivu"

#: the demo's coat of arms: a blue shield with a silver wave (SVG)
COAT_OF_ARMS = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 120" '
    'width="100" height="120"><path d="M4 4h92v58c0 30-22 46-46 54C26 108 4 92 4 '
    '62z" fill="#0b4f8a" stroke="#1a1a1a" stroke-width="4"/><path d="M10 62c10-10 '
    '20-10 30 0s20 10 30 0 14-8 20-4v10c-6-4-10-2-20 4s-20 10-30 0-20-10-30 0z" '
    'fill="#f2f2f2"/><circle cx="50" cy="32" r="12" fill="#f2f2f2"/></svg>'
)
#: the theme's settings for the demo (records of municipality.theme, set only
#: when the theme is installed and the value is still empty)
THEME_SETTINGS = {
    "municipality_name": "Esimerkkikunta",
    "footer_text": "Esimerkkikunta, Kunnantie 1, 99999 Esimerkkilä\n"
    "Vaihde 012 345 6789, kirjaamo@esimerkkikunta.example\n"
    "Kirjaamo avoinna ma–pe 9–15",
    "logo": base64.b64encode(COAT_OF_ARMS.encode()).decode("ascii"),
    "logo_content_type": "image/svg+xml",
    "logo_modified": hashlib.sha256(COAT_OF_ARMS.encode()).hexdigest()[:16],
}

#: (id, title, description, body HTML): one page per item of KuntaL 109 §
PAGES = (
    (
        "kuntastrategia",
        "Kuntastrategia",
        "Valtuuston hyväksymä kuntastrategia vuosille 2026–2029.",
        "<p>Esimerkkikunnan valtuusto hyväksyi kuntastrategian 16.3.2026 "
        "(16 §). Strategian tavoitteena on elinvoimainen, turvallinen ja "
        "yhteisöllinen kunta, jossa palvelut ovat lähellä asukkaita.</p>"
        "<h2>Painopisteet</h2><ul><li>Hyvinvoivat asukkaat ja toimivat "
        "peruspalvelut</li><li>Vetovoimainen elinkeinoympäristö</li>"
        "<li>Kestävä talous ja ympäristö</li></ul>"
        "<p>Strategian toteutumista seurataan tilinpäätöksen yhteydessä.</p>",
    ),
    (
        "hallintosaanto",
        "Hallintosääntö",
        "Kunnan toimielinten, viranhaltijoiden ja päätöksenteon määräykset.",
        "<p>Hallintosääntö määrää kunnan toimielimistä, toimivallan "
        "siirrosta, kokousmenettelystä, taloudenhoidosta ja "
        "asiakirjahallinnosta. Voimassa oleva hallintosääntö on tullut "
        "voimaan 1.6.2025 (valtuusto 12.5.2025, 21 §).</p>"
        "<p>Hallintosäännön muutokset valmistelee kunnanhallitus ja "
        "hyväksyy valtuusto.</p>",
    ),
    (
        "talousarvio-ja-taloussuunnitelma",
        "Talousarvio ja taloussuunnitelma",
        "Talousarvio vuodelle 2026 ja taloussuunnitelma vuosille 2026–2028.",
        "<p>Valtuusto hyväksyi talousarvion ja taloussuunnitelman "
        "8.12.2025 (45 §). Toimintakulut ovat 98,4 milj. euroa ja "
        "investoinnit 7,2 milj. euroa. Tuloveroprosentti on 8,40.</p>"
        "<p>Talousarvion muutokset käsittelee valtuusto.</p>",
    ),
    (
        "tilinpaatos",
        "Tilinpäätös",
        "Tilinpäätös ja toimintakertomus vuodelta 2025.",
        "<p>Kunnanhallitus allekirjoitti vuoden 2025 tilinpäätöksen "
        "24.3.2026. Tilikauden tulos oli 1,1 milj. euroa ylijäämäinen. "
        "Valtuusto hyväksyi tilinpäätöksen ja myönsi vastuuvapauden "
        "15.6.2026 (31 §).</p>",
    ),
    (
        "arviointi-ja-tarkastuskertomukset",
        "Arviointikertomus ja tilintarkastuskertomus",
        "Tarkastuslautakunnan arviointikertomus ja tilintarkastajan kertomus.",
        "<p>Tarkastuslautakunta arvioi, ovatko valtuuston asettamat "
        "tavoitteet toteutuneet. Arviointikertomus vuodelta 2025 "
        "käsiteltiin valtuustossa 15.6.2026.</p>"
        "<p>Tilintarkastuskertomuksessa tilintarkastaja puoltaa "
        "tilinpäätöksen hyväksymistä ja vastuuvapauden myöntämistä.</p>",
    ),
    (
        "yhteistoimintasopimukset",
        "Yhteistoimintasopimukset",
        "Sopimukset kuntien yhteistoiminnasta.",
        "<p>Esimerkkikunta hoitaa yhdessä naapurikuntien kanssa "
        "ympäristöterveydenhuollon (vastuukunta Naapurila), "
        "rakennusvalvonnan ja maaseutuhallinnon.</p>"
        "<p>Kunta on jäsenenä kuntayhtymissä ja osakkaana yhtiöissä, "
        "jotka on lueteltu konserniohjeen liitteessä.</p>",
    ),
    (
        "konserniohje",
        "Konserniohje",
        "Kuntakonsernin ja tytäryhteisöjen omistajaohjaus.",
        "<p>Konserniohje ohjaa kunnan tytäryhteisöjen toimintaa ja "
        "omistajaohjausta. Valtuusto hyväksyi ohjeen 12.5.2025 (22 §).</p>"
        "<p>Konserniin kuuluvat Esimerkkikunnan Vuokratalot Oy ja "
        "Esimerkkikunnan Vesi Oy.</p>",
    ),
    (
        "sidonnaisuusilmoitukset",
        "Sidonnaisuusilmoitukset",
        "Luottamushenkilöiden ja viranhaltijoiden ilmoitukset sidonnaisuuksista.",
        "<p>Kuntalain 84 §:n mukaan sidonnaisuutensa ilmoittavat "
        "kunnanhallituksen ja lautakuntien puheenjohtajat ja jäsenet, "
        "kunnanjohtaja sekä esittelijät.</p>"
        "<p>Tarkastuslautakunta valvoo ilmoitusvelvollisuuden "
        "noudattamista ja saattaa ilmoitukset valtuuston tietoon.</p>",
    ),
    (
        "maksujen-perusteet",
        "Maksujen perusteet",
        "Perusteet, joilla kunta määrää palveluistaan perittävät maksut.",
        "<p>Kunnan maksut perustuvat lakiin, valtuuston hyväksymiin "
        "taksoihin ja toimielinten päätöksiin. Maksut tarkistetaan "
        "vuosittain talousarvion yhteydessä.</p>"
        "<p>Maksun voi pyytää alentamaan tai jättämään perimättä, jos "
        "maksun periminen vaarantaa maksajan toimeentulon.</p>",
    ),
    (
        "palvelumaksut",
        "Palvelumaksut",
        "Palvelujen hinnat vuonna 2026.",
        '<table class="kp-table"><caption>Palvelumaksuja vuonna 2026</caption>'
        '<thead><tr><th scope="col">Palvelu</th>'
        '<th scope="col">Maksu</th></tr></thead><tbody>'
        "<tr><td>Varhaiskasvatus, kokoaikainen (enintään)</td><td>311 €/kk</td></tr>"
        "<tr><td>Kansalaisopiston lukukausimaksu</td><td>45 €</td></tr>"
        "<tr><td>Kuntosalin kausikortti</td><td>60 €</td></tr>"
        "<tr><td>Rakennuslupa, omakotitalo</td><td>850 €</td></tr>"
        "</tbody></table>",
    ),
)


def _publish(obj):
    if api.content.get_state(obj=obj, default=None) == "published":
        return
    try:
        api.content.transition(obj=obj, to_state="published")
    except api.exc.InvalidParameterError:
        logger.warning("Could not publish %s", obj.absolute_url(1))


def load(portal):
    """Create and publish the KuntaL 109 § pages; set the front page."""
    folder = portal.get(FOLDER_ID)
    if folder is None:
        folder = api.content.create(
            container=portal,
            type="Folder",
            id=FOLDER_ID,
            title=FOLDER_TITLE,
            description=FOLDER_DESCRIPTION,
        )
    _publish(folder)
    for page_id, title, description, html in PAGES:
        page = folder.get(page_id)
        if page is None:
            page = api.content.create(
                container=folder,
                type="Document",
                id=page_id,
                title=title,
                description=description,
                text=RichTextValue(html, "text/html", "text/x-html-safe"),
            )
        _publish(page)
    if portal.getLayout() != FRONT_PAGE:
        portal.setLayout(FRONT_PAGE)
    registry = getUtility(IRegistry)
    for name, value in THEME_SETTINGS.items():
        key = f"municipality.theme.{name}"
        if key in registry.records and not registry[key]:
            registry[key] = value
