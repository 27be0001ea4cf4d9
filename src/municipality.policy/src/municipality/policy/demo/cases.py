"""Demo step: the registry ``kirjaamo`` (prefix ESIM) with about 50 cases.

Cases span several task classes of the imported Helsinki plan, every case
status and every publicity class; each has 1-3 documents with real generated
PDFs. The registration dates run from January 2025, so the diary has two
years. Idempotent: nothing is added when the registry already has cases.
All names and content are fictional.
"""

from datetime import date
from datetime import timedelta
from plone import api
from plone.dexterity.utils import createContentInContainer
import logging


logger = logging.getLogger(__name__)

REGISTRY = {"id": "kirjaamo", "title": "Kirjaamo", "prefix": "ESIM"}
FIRST_DAY = date(2025, 1, 13)
STEP_DAYS = 13

#: target state -> transitions from ``vireilla``
PATHS = {
    "vireilla": (),
    "valmistelussa": ("prepare",),
    "ratkaistavana": ("prepare", "submit"),
    "paatetty": ("prepare", "submit", "decide"),
    "toimeenpantava": ("prepare", "submit", "decide", "execute"),
    "paattynyt": ("prepare", "submit", "decide", "close"),
    "avattu_uudelleen": ("prepare", "submit", "decide", "close", "reopen"),
    "siirretty": ("prepare", "submit", "decide", "close", "transfer"),
    "havitetty": ("prepare", "submit", "decide", "close", "dispose"),
}
#: older cases are further along; every state occurs
OLD_STATES = (
    "paattynyt",
    "siirretty",
    "havitetty",
    "avattu_uudelleen",
    "toimeenpantava",
    "paattynyt",
)
NEW_STATES = (
    "vireilla",
    "valmistelussa",
    "ratkaistavana",
    "paatetty",
    "toimeenpantava",
    "vireilla",
    "valmistelussa",
)

TEKNINEN = {
    "sub_archive_creator": "tekninen-lautakunta",
    "deciding_body": "tekninen-lautakunta",
    "preparer": "tekninen-valmistelija",
    "presenter": "tekninen-esittelija",
}
SIVISTYS = {
    "sub_archive_creator": "sivistyslautakunta",
    "deciding_body": "sivistyslautakunta",
    "preparer": "sivistys-valmistelija",
    "presenter": "sivistys-esittelija",
}
HALLINTO = {
    "sub_archive_creator": "kunnanhallitus",
    "deciding_body": "kunnanhallitus",
    "preparer": "kirjaaja",
    "presenter": "arkistojohtaja",
}

SECRET_SOCIAL = {
    "publicity_class": "secret",
    "security_reasons": ["24.1.25"],
    "secrecy_period": 100,
    "personal_data": "sensitive",
    "protection_level": "IV",
}

# Each template gives three cases, one per variant ``v`` (a dict of words).
# Documents: (record type, direction, title, paragraphs, correspondent).
TEMPLATES = (
    {
        "code": "10.04.03",
        "org": TEKNINEN,
        "restriction": {},
        "title": "Rakennuslupa, {building}, {address}",
        "public_title": "Rakennuslupa, {address}",
        "variants": (
            {
                "building": "omakotitalo",
                "address": "Koivukuja 3",
                "person": "Aino Lehtonen",
            },
            {
                "building": "autotalli ja varasto",
                "address": "Rantatie 12",
                "person": "Mikko Salminen",
            },
            {
                "building": "rivitalo",
                "address": "Myllytie 7",
                "person": "Asunto Oy Myllyranta",
            },
        ),
        "documents": (
            (
                "Hakemus",
                "incoming",
                "Rakennuslupahakemus, {address}",
                (
                    "Haemme rakennuslupaa: {building}, osoitteessa {address}.",
                    "Pääsuunnittelija on arkkitehti Leena Virtanen. Liitteenä asemapiirros, "
                    "pohja-, leikkaus- ja julkisivupiirustukset.",
                ),
                "{person}",
            ),
            (
                "Lausunto",
                "internal",
                "Rakennusvalvonnan lausunto, {address}",
                (
                    "Hanke on asemakaavan mukainen. Kerrosala ei ylitä rakennusoikeutta.",
                    "Rakennusvalvonta puoltaa luvan myöntämistä ehdoin.",
                ),
                None,
            ),
            (
                "Lupa",
                "outgoing",
                "Rakennuslupapäätös, {address}",
                (
                    "Tekninen lautakunta myöntää rakennusluvan: {building}, {address}.",
                    "Lupa on voimassa viisi vuotta. Oikaisuvaatimusohje liitteenä.",
                ),
                "{person}",
            ),
        ),
    },
    {
        "code": "10.04.06",
        "org": TEKNINEN,
        "restriction": {},
        "title": "Maisematyölupa, {what}, {address}",
        "public_title": "",
        "variants": (
            {
                "what": "puiden kaataminen",
                "address": "Kirkkopuisto",
                "person": "Seurakuntayhtymä",
            },
            {
                "what": "maanläjitys",
                "address": "Hiekkamäentie 40",
                "person": "Maa-Aines Oy",
            },
            {
                "what": "kaivaminen",
                "address": "Peltola, tila 5:12",
                "person": "Jussi Peltola",
            },
        ),
        "documents": (
            (
                "Hakemus",
                "incoming",
                "Maisematyölupahakemus: {what}",
                (
                    "Haemme maisematyölupaa ({what}) kohteeseen {address}.",
                    "Työ tehdään lintujen pesimäkauden ulkopuolella.",
                ),
                "{person}",
            ),
            (
                "Lupa",
                "outgoing",
                "Maisematyölupa: {what}",
                ("Lupa myönnetään. Työmaa on merkittävä ja alue siistittävä.",),
                "{person}",
            ),
        ),
    },
    {
        "code": "10.03.03",
        "org": TEKNINEN,
        "restriction": {
            "publicity_class": "not_yet_public",
            "restriction_reason": "Kaavaluonnos on keskeneräinen "
            "valmisteluasiakirja (JulkL 6 §).",
        },
        "title": "Asemakaavan muutos, {area}",
        "public_title": "Asemakaavan muutos, {area}",
        "variants": (
            {"area": "keskustan kortteli 12"},
            {"area": "Satama-alue"},
            {"area": "Koulumäen pientaloalue"},
        ),
        "documents": (
            (
                "Suunnitelma",
                "internal",
                "Osallistumis- ja arviointisuunnitelma, {area}",
                (
                    "Kaavamuutoksen tavoitteena on täydennysrakentaminen alueella {area}.",
                    "Osallisia ovat alueen maanomistajat, asukkaat ja viranomaiset.",
                ),
                None,
            ),
            (
                "Ehdotus",
                "internal",
                "Kaavaluonnos, {area}",
                (
                    "Luonnoksessa esitetään uusia asuinkortteleita ja pysäköintiratkaisu.",
                ),
                None,
            ),
        ),
    },
    {
        "code": "02.05.01.00",
        "org": HALLINTO,
        "restriction": {},
        "title": "Avustushakemus, {org} {year}",
        "public_title": "",
        "variants": (
            {"org": "Esimerkkikunnan Urheiluseura ry", "year": "2026"},
            {"org": "Kyläyhdistys Myllyranta ry", "year": "2026"},
            {"org": "Eläkeläiset ry, Esimerkkikunnan osasto", "year": "2025"},
        ),
        "documents": (
            (
                "Hakemus",
                "incoming",
                "Toiminta-avustushakemus {year}",
                (
                    "{org} hakee toiminta-avustusta vuodelle {year}.",
                    "Liitteinä toimintasuunnitelma, talousarvio ja edellisen vuoden "
                    "tilinpäätös.",
                ),
                "{org}",
            ),
            (
                "Päätös",
                "outgoing",
                "Avustuspäätös {year}",
                ("Kunnanhallitus myöntää avustusta 2 500 euroa.",),
                "{org}",
            ),
        ),
    },
    {
        "code": "00.01.01",
        "org": HALLINTO,
        "restriction": {},
        "title": "{what}",
        "public_title": "",
        "variants": (
            {"what": "Talousarvio 2026 ja taloussuunnitelma 2026-2028"},
            {"what": "Kuntastrategian väliarvio"},
            {"what": "Talousarvion toteutumisraportti 1-6/2026"},
        ),
        "documents": (
            (
                "Esitys",
                "internal",
                "{what}: esitys",
                (
                    "Kunnanjohtaja esittää: {what}.",
                    "Toimintakate ja investoinnit on mitoitettu strategian mukaisesti.",
                ),
                None,
            ),
            (
                "Pöytäkirja",
                "internal",
                "Kunnanhallituksen pöytäkirjanote: {what}",
                ("Kunnanhallitus hyväksyi esityksen ja lähettää sen valtuustolle.",),
                None,
            ),
        ),
    },
    {
        "code": "00.00.03",
        "org": {
            **HALLINTO,
            "deciding_body": "valtuusto",
            "sub_archive_creator": "valtuusto",
        },
        "restriction": {},
        "title": "Valtuustoaloite: {what}",
        "public_title": "",
        "variants": (
            {"what": "kevyen liikenteen väylä Rantatielle", "person": "Liisa Koskinen"},
            {"what": "koulujen kasvisruokapäivät", "person": "Pekka Järvinen"},
            {
                "what": "aurinkopaneelit kunnan kiinteistöihin",
                "person": "Sari Nieminen",
            },
        ),
        "documents": (
            (
                "Aloite",
                "incoming",
                "Aloite: {what}",
                ("Me allekirjoittaneet valtuutetut esitämme: {what}.",),
                "{person}",
            ),
            (
                "Vastine",
                "outgoing",
                "Vastaus valtuustoaloitteeseen: {what}",
                (
                    "Kunnanhallitus on selvittänyt aloitteen ja esittää sen huomioimista "
                    "ensi vuoden talousarviossa.",
                ),
                "{person}",
            ),
        ),
    },
    {
        "code": "02.08.02",
        "org": HALLINTO,
        "restriction": {
            "publicity_class": "partly_secret",
            "security_reasons": ["24.1.20"],
            "secrecy_period": 25,
            "restriction_reason": "Tarjouksissa on liikesalaisuuksia "
            "(JulkL 24.1 § 20 k).",
        },
        "title": "Hankinta: {what}",
        "public_title": "Hankinta: {what}",
        "variants": (
            {"what": "siivouspalvelut 2026-2028", "firm": "Puhdas Koti Oy"},
            {"what": "kouluruokailun elintarvikkeet", "firm": "Tukkuri Oy"},
            {"what": "tietohallinnon tukipalvelut", "firm": "Datatuki Oy"},
        ),
        "documents": (
            (
                "Tarjouspyyntö",
                "outgoing",
                "Tarjouspyyntö: {what}",
                (
                    "Esimerkkikunta pyytää tarjouksia: {what}.",
                    "Valintaperusteena on kokonaistaloudellinen edullisuus.",
                ),
                None,
            ),
            (
                "Tarjous",
                "incoming",
                "Tarjous: {what}, {firm}",
                (
                    "{firm} tarjoaa palvelua yksikköhinnoin liitteen mukaisesti.",
                    "Hinnoitteluperusteet ja referenssiasiakkaat ovat liikesalaisuuksia.",
                ),
                "{firm}",
            ),
            (
                "Päätös",
                "outgoing",
                "Hankintapäätös: {what}",
                ("Kunnanhallitus valitsee toimittajaksi {firm}.",),
                "{firm}",
            ),
        ),
    },
    {
        "code": "05.02.01",
        "org": HALLINTO,
        "restriction": dict(SECRET_SOCIAL),
        "title": "Oikaisuvaatimus lastensuojelun päätöksestä, {child}",
        "public_title": "Lastensuojeluasian oikaisuvaatimus",
        "variants": (
            {"child": "Eetu Mäkinen (s. 2014)", "parent": "Johanna Mäkinen"},
            {"child": "Venla Heikkinen (s. 2017)", "parent": "Timo Heikkinen"},
            {"child": "Onni Laine (s. 2011)", "parent": "Katja Laine"},
        ),
        "documents": (
            (
                "Oikaisuvaatimus",
                "incoming",
                "Oikaisuvaatimus, {child}",
                (
                    "Vaadin oikaisua päätökseen, jolla lapsen {child} tukitoimena "
                    "myönnetty perhetyö lopetettiin.",
                    "Perheen tilanne ei ole muuttunut: lapsella on edelleen koulunkäyntiin ja "
                    "uneen liittyviä vaikeuksia, joista koulukuraattori on huolissaan.",
                ),
                "{parent}",
            ),
            (
                "Selvitys",
                "internal",
                "Sosiaalityöntekijän selvitys, {child}",
                (
                    "Kotikäynnillä havaittiin, että vanhempi jaksaa arjessa huonosti.",
                    "Suositellaan perhetyön jatkamista kuusi kuukautta.",
                ),
                None,
            ),
            (
                "Päätös",
                "outgoing",
                "Päätös oikaisuvaatimukseen, {child}",
                ("Oikaisuvaatimus hyväksytään. Perhetyötä jatketaan.",),
                "{parent}",
            ),
        ),
    },
    {
        "code": "05.06.02",
        "org": HALLINTO,
        "restriction": dict(SECRET_SOCIAL),
        "title": "Toimeentulotuki, ehkäisevä tuki, {person}",
        "public_title": "Ehkäisevää toimeentulotukea koskeva asia",
        "variants": (
            {"person": "Marko Virtanen", "why": "vuokrarästit häädön uhatessa"},
            {"person": "Sanna Ahonen", "why": "lapsen harrastusmaksut"},
            {"person": "Jari Kettunen", "why": "velkajärjestelyn alkuvaiheen menot"},
        ),
        "documents": (
            (
                "Hakemus",
                "incoming",
                "Hakemus ehkäisevästä toimeentulotuesta, {person}",
                (
                    "Haen ehkäisevää toimeentulotukea: {why}.",
                    "Kuukausitulot 1 120 euroa, menot liitteen mukaan.",
                ),
                "{person}",
            ),
            (
                "Päätös",
                "outgoing",
                "Päätös ehkäisevästä toimeentulotuesta, {person}",
                ("Tukea myönnetään hakemuksen mukaisesti: {why}.",),
                "{person}",
            ),
        ),
    },
    {
        "code": "05.08.02",
        "org": HALLINTO,
        "restriction": dict(SECRET_SOCIAL),
        "title": "Omaishoidon tuki, {person}",
        "public_title": "Omaishoidon tukea koskeva asia",
        "variants": (
            {
                "person": "Helmi Korhonen (hoitaja Veikko Korhonen)",
                "need": "muistisairaus, ympärivuorokautinen valvonta",
            },
            {
                "person": "Aleksi Räsänen (hoitaja Minna Räsänen)",
                "need": "vaikea kehitysvamma, apu kaikissa toimissa",
            },
            {
                "person": "Tyyne Huttunen (hoitaja Raimo Huttunen)",
                "need": "aivoinfarktin jälkitila, apu liikkumisessa",
            },
        ),
        "documents": (
            (
                "Hakemus",
                "incoming",
                "Omaishoidon tuen hakemus, {person}",
                ("Haemme omaishoidon tukea. Hoidettavan tilanne: {need}.",),
                "{person}",
            ),
            (
                "Päätös",
                "outgoing",
                "Omaishoidon tukea koskeva päätös, {person}",
                (
                    "Omaishoidon tuki myönnetään hoitoisuusryhmän II mukaisesti.",
                    "Omaishoitajalla on oikeus kolmeen vapaapäivään kuukaudessa.",
                ),
                "{person}",
            ),
        ),
    },
    {
        "code": "12.01.03",
        "org": SIVISTYS,
        "restriction": {
            "publicity_class": "secret",
            "security_reasons": ["24.1.30"],
            "secrecy_period": 50,
            "personal_data": "sensitive",
            "restriction_reason": "Oppilashuollon asiakirja (JulkL 24.1 § "
            "30 k, OHL 20 §).",
        },
        "title": "Oppilashuolto, {pupil}, {school}",
        "public_title": "Oppilashuoltoa koskeva asia",
        "variants": (
            {"pupil": "Aada Salonen, 4B", "school": "Keskuskoulu"},
            {"pupil": "Niilo Ojala, 8C", "school": "Yhtenäiskoulu"},
            {"pupil": "Iida Hiltunen, 2A", "school": "Kirkonkylän koulu"},
        ),
        "documents": (
            (
                "Muistio",
                "internal",
                "Monialaisen asiantuntijaryhmän muistio, {pupil}",
                (
                    "Oppilaalla on runsaasti poissaoloja ja koulukiusaamiseen viittaavia "
                    "havaintoja.",
                    "Sovittiin kuraattorin tapaamisista ja tehostetusta tuesta.",
                ),
                None,
            ),
        ),
    },
    {
        "code": "12.01.00",
        "org": SIVISTYS,
        "restriction": {},
        "title": "Oppilaaksiotto, {what}",
        "public_title": "",
        "variants": (
            {"what": "painotettu musiikkiopetus, 3. luokka"},
            {"what": "toissijainen koulupaikka, Yhtenäiskoulu"},
            {"what": "esiopetuspaikat lukuvuodelle 2026-2027"},
        ),
        "documents": (
            (
                "Päätös",
                "outgoing",
                "Päätös: {what}",
                ("Sivistysjohtaja päättää oppilaaksi ottamisesta: {what}.",),
                None,
            ),
        ),
    },
    {
        "code": "09.06.00",
        "org": HALLINTO,
        "restriction": {
            "publicity_class": "partly_secret",
            "security_reasons": ["24.1.7"],
            "secrecy_period": 25,
            "protection_level": "IV",
            "restriction_reason": "Turvallisuusjärjestelyt (JulkL 24.1 § 7 k).",
        },
        "title": "Valmiussuunnitelma, {what}",
        "public_title": "Valmiussuunnitelma, {what}",
        "variants": (
            {"what": "vedenjakelun häiriötilanteet"},
            {"what": "kunnan tietoliikenneyhteydet"},
            {"what": "väestön evakuointi"},
        ),
        "documents": (
            (
                "Suunnitelma",
                "internal",
                "Valmiussuunnitelma: {what}",
                (
                    "Suunnitelma kuvaa johtamisen ja viestinnän häiriötilanteessa.",
                    "Varajärjestelmien sijainnit ja avainkoodit ovat salassa pidettäviä.",
                ),
                None,
            ),
        ),
    },
    {
        "code": "07.01.02",
        "org": HALLINTO,
        "restriction": {
            "personal_data": "personal",
            "restriction_reason": "Pyytäjän nimi ja yhteystiedot.",
        },
        "title": "Asiakirjapyyntö: {what}",
        "public_title": "Asiakirjapyyntö",
        "variants": (
            {
                "what": "rakennuslupa-asiakirjat, Koivukuja 3",
                "person": "Toimittaja Anna Rantanen",
            },
            {"what": "kunnanhallituksen pöytäkirjat 2025", "person": "Esko Peltonen"},
            {"what": "tie-esteen sopimukset", "person": "Tiekunta Mäntylä"},
        ),
        "documents": (
            (
                "Pyyntö",
                "incoming",
                "Tietopyyntö: {what}",
                ("Pyydän saada nähtäväksi ja kopioina: {what}.",),
                "{person}",
            ),
            (
                "Kirje",
                "outgoing",
                "Vastaus tietopyyntöön: {what}",
                ("Pyydetyt julkiset asiakirjat toimitetaan liitteinä.",),
                "{person}",
            ),
        ),
    },
    {
        "code": "10.01.01",
        "org": HALLINTO,
        "restriction": {
            "publicity_class": "not_yet_public",
            "restriction_reason": "Kauppaneuvottelut kesken (JulkL 6 § 1 mom. 6 k).",
        },
        "title": "Tontin myynti, {plot}",
        "public_title": "Tontin myynti, {plot}",
        "variants": (
            {"plot": "Teollisuustie 4", "buyer": "Metalli ja Koneistus Oy"},
            {"plot": "Kortteli 305, tontti 2", "buyer": "Rakennus Järvelä Oy"},
            {"plot": "Rantakaava-alue, tontti 11", "buyer": "Pasi ja Riikka Niemi"},
        ),
        "documents": (
            (
                "Tarjous",
                "incoming",
                "Ostotarjous, {plot}",
                ("{buyer} tarjoaa tontista {plot} 84 000 euroa.",),
                "{buyer}",
            ),
            (
                "Sopimus",
                "internal",
                "Kauppakirjaluonnos, {plot}",
                (
                    "Kauppa tehdään ehdolla, että rakentaminen alkaa kahden vuoden kuluessa.",
                ),
                None,
            ),
        ),
    },
    {
        "code": "11.01.00",
        "org": TEKNINEN,
        "restriction": {},
        "title": "Ympäristönsuojelulain ilmoitus: {what}",
        "public_title": "",
        "variants": (
            {"what": "ulkoilmakonsertti Satamakentällä", "firm": "Kesäsoitto ry"},
            {"what": "murskaamo, Hiekkamäentie 40", "firm": "Maa-Aines Oy"},
            {"what": "koeluontoinen biokaasulaitos", "firm": "Bioenergia Oy"},
        ),
        "documents": (
            (
                "Ilmoitus",
                "incoming",
                "Ilmoitus: {what}",
                (
                    "{firm} ilmoittaa toiminnasta: {what}.",
                    "Melutaso ja toiminta-ajat on kuvattu liitteessä.",
                ),
                "{firm}",
            ),
            (
                "Päätös",
                "outgoing",
                "Päätös ilmoituksen johdosta: {what}",
                ("Toiminta saa alkaa annetuin ehdoin. Meluraja 55 dB klo 7-22.",),
                "{firm}",
            ),
        ),
    },
    {
        "code": "01.01.03.05",
        "org": HALLINTO,
        "restriction": {
            "publicity_class": "secret",
            "security_reasons": ["24.1.25"],
            "secrecy_period": 50,
            "personal_data": "sensitive",
            "restriction_reason": "Työntekijän terveydentilaa koskevat tiedot "
            "(JulkL 24.1 § 25 k).",
        },
        "title": "Työtapaturma, {person}, {where}",
        "public_title": "Työtapaturmaa koskeva asia",
        "variants": (
            {
                "person": "laitoshuoltaja Tuula Rautio",
                "where": "Keskuskoulu",
                "injury": "ranteen murtuma liukastumisesta",
            },
            {
                "person": "kiinteistönhoitaja Ville Karppinen",
                "where": "Varikko",
                "injury": "selän venähdys nostossa",
            },
            {
                "person": "lähihoitaja Pirjo Lindroos",
                "where": "Palvelukoti Kotiranta",
                "injury": "neulanpistotapaturma",
            },
        ),
        "documents": (
            (
                "Ilmoitus",
                "internal",
                "Työtapaturmailmoitus, {person}",
                (
                    "Tapaturma: {injury}. Työterveyslääkäri määräsi sairauslomaa kolme viikkoa.",
                ),
                None,
            ),
        ),
    },
)


PARTY_KEYS = ("person", "parent", "child", "buyer", "org", "firm")


def _fmt(text, variant):
    return text.format(**variant) if text else text


def _sequence():
    """(template, variant) pairs interleaved, so each period has varied cases."""
    for index in range(3):
        for template in TEMPLATES:
            yield template, template["variants"][index]


def ensure_registry(creator):
    if REGISTRY["id"] in creator.objectIds():
        return creator[REGISTRY["id"]]
    return createContentInContainer(
        creator,
        "Registry",
        checkConstraints=False,
        id=REGISTRY["id"],
        title=REGISTRY["title"],
        prefix=REGISTRY["prefix"],
    )


def _state_for(index, total):
    if index < total // 3:
        return OLD_STATES[index % len(OLD_STATES)]
    return NEW_STATES[index % len(NEW_STATES)]


def _documents(case, template, variant, day):
    from municipality.policy.documents.api import create_document
    from municipality.policy.documents.pdf import make_pdf

    for number, (record_type, direction, title, paragraphs, who) in enumerate(
        template["documents"], start=1
    ):
        title = _fmt(title, variant)
        pdf = make_pdf(title, [_fmt(text, variant) for text in paragraphs])
        create_document(
            case,
            title=title,
            file=(pdf, f"asiakirja-{number}.pdf"),
            record_type=record_type,
            direction=direction,
            correspondent=_fmt(who, variant),
            registration_date=day + timedelta(days=2 * (number - 1)),
        )


def _advance(case, state):
    for transition in PATHS[state]:
        comment = "Päätös tehty esityksen mukaisesti." if transition == "decide" else ""
        try:
            api.content.transition(obj=case, transition=transition, comment=comment)
        except Exception as exc:  # noqa: BLE001  (log and keep the case as it is)
            logger.warning(
                "Demo case %s: %s failed: %s", case.diary_number, transition, exc
            )
            return


def load(portal):
    from municipality.policy.registry.api import register_case

    creator = portal.get("esimerkkikunta")
    if creator is None:
        return
    if creator.get("tos") is None:
        from municipality.policy.demo import classification

        classification.load(portal)
    registry = ensure_registry(creator)
    if any(obj.portal_type == "Case" for obj in registry.objectValues()):
        return
    pairs = list(_sequence())
    for index, (template, variant) in enumerate(pairs):
        day = FIRST_DAY + timedelta(days=STEP_DAYS * index)
        restriction = {
            key: (list(value) if isinstance(value, list) else value)
            for key, value in template["restriction"].items()
        }
        case = register_case(
            registry,
            title=_fmt(template["title"], variant),
            public_title=_fmt(template["public_title"], variant) or None,
            task_class=template["code"],
            initiated=day,
            registered=day,
            parties=[variant[key] for key in PARTY_KEYS if key in variant],
            **template["org"],
            **restriction,
        )
        _documents(case, template, variant, day)
        _advance(case, _state_for(index, len(pairs)))
    logger.info("Demo registry %s: %d cases", registry.getId(), len(pairs))
