"""Demo step: Swedish-language cases in the registry ``kirjaamo``.

Esimerkkikunta is bilingual: a few cases are handled in Swedish (their
``Language()`` is ``sv``), so Swedish search (inflected forms through the
Snowball Swedish stemmer, ``search.text``) has something to find. The texts
are also the Swedish half of the relevance test set
(``tests/relevance_fi_sv.tsv``). Idempotent: nothing is added when the
registry already has a Swedish case. All names and content are fictional.
"""

from datetime import date
from datetime import timedelta
from municipality.policy.demo import cases as demo_cases
from municipality.policy.demo import datafile
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.registry.api import register_case
import logging


logger = logging.getLogger(__name__)

LANGUAGE = "sv"
FIRST_DAY = date(2025, 2, 3)
STEP_DAYS = 29

#: key (used by the relevance test), task class, organisation, title, documents
#: (record type, direction, title, paragraphs)
CASES = [
    {
        "key": "sv-bygglov",
        "task_class": "10.04.03",
        "organisation": "tekninen",
        "title": "Bygglov, egnahemshus, Strandvägen 5",
        "documents": [
            (
                "Hakemus",
                "incoming",
                "Ansökan om bygglov, Strandvägen 5",
                [
                    "Vi ansöker om bygglov för ett egnahemshus på Strandvägen 5.",
                    "Huvudplanerare är arkitekt Johan Lindqvist. Situationsplan och "
                    "fasadritningar bifogas.",
                ],
            ),
            (
                "Lupa",
                "outgoing",
                "Beslut om bygglov, Strandvägen 5",
                [
                    "Tekniska nämnden beviljar bygglovet. Bygget följer detaljplanen.",
                    "Lovet är i kraft i fem år. Anvisning om rättelseyrkande bifogas.",
                ],
            ),
        ],
    },
    {
        "key": "sv-detaljplan",
        "task_class": "10.03.03",
        "organisation": "tekninen",
        "title": "Ändring av detaljplanen, Hamnområdet",
        "documents": [
            (
                "Lausunto",
                "internal",
                "Planläggningsöversikt, Hamnområdet",
                [
                    "Detaljplaneändringen gäller kvarteren vid hamnen. Nya bostäder "
                    "planeras på den tidigare industritomten.",
                    "Planförslaget är framlagt i 30 dagar. Invånarna kan lämna "
                    "anmärkningar mot förslaget.",
                ],
            ),
        ],
    },
    {
        "key": "sv-daghem",
        "task_class": "12.01.00",
        "organisation": "sivistys",
        "title": "Daghemsplats, Solrosens daghem",
        "documents": [
            (
                "Hakemus",
                "incoming",
                "Ansökan om plats i småbarnspedagogik",
                [
                    "Vi ansöker om en daghemsplats för vårt barn från augusti.",
                    "Barnet behöver heldagsvård. Syskonet går redan i samma daghem.",
                ],
            ),
            (
                "Päätös",
                "outgoing",
                "Beslut om plats i daghemmet",
                [
                    "Barnet har fått en plats i Solrosens daghem.",
                    "Avgiften för småbarnspedagogiken bestäms enligt familjens inkomster.",
                ],
            ),
        ],
    },
    {
        "key": "sv-skolskjuts",
        "task_class": "12.01.00",
        "organisation": "sivistys",
        "title": "Skolskjuts, Byskolan",
        "documents": [
            (
                "Hakemus",
                "incoming",
                "Ansökan om skolskjuts",
                [
                    "Skolvägen är över fem kilometer lång och farlig för en elev i "
                    "årskurs två.",
                    "Vi ber att kommunen ordnar skjuts till Byskolan.",
                ],
            ),
        ],
    },
    {
        "key": "sv-understod",
        "task_class": "02.05.01.00",
        "organisation": "hallinto",
        "title": "Understödsansökan, Ungdomsföreningen Framåt rf 2026",
        "documents": [
            (
                "Hakemus",
                "incoming",
                "Ansökan om verksamhetsunderstöd 2026",
                [
                    "Föreningen ansöker om understöd för ungdomsverksamhet och läger.",
                    "Verksamhetsplanen och budgeten för år 2026 bifogas.",
                ],
            ),
        ],
    },
    {
        "key": "sv-upphandling",
        "task_class": "02.08.02",
        "organisation": "hallinto",
        "title": "Upphandling: städtjänster för skolorna",
        "documents": [
            (
                "Muistio",
                "internal",
                "Anbudsförfrågan, städtjänster",
                [
                    "Kommunen begär anbud på städning av skolornas lokaler.",
                    "Anbuden jämförs enligt pris och kvalitet.",
                ],
            ),
        ],
    },
    {
        "key": "sv-motion",
        "task_class": "00.00.03",
        "organisation": "valtuusto",
        "title": "Fullmäktigemotion: gång- och cykelväg till hälsocentralen",
        "documents": [
            (
                "Aloite",
                "incoming",
                "Motion om en gång- och cykelväg",
                [
                    "Vi föreslår att kommunen bygger en gång- och cykelväg längs "
                    "Kyrkvägen till hälsocentralen.",
                    "Vägen är smal och trafiken har ökat.",
                ],
            ),
        ],
    },
    {
        "key": "sv-miljotillstand",
        "task_class": "11.01.00",
        "organisation": "tekninen",
        "title": "Anmälan enligt miljöskyddslagen: utomhuskonsert i hamnen",
        "documents": [
            (
                "Ilmoitus",
                "incoming",
                "Anmälan om tillfälligt buller",
                [
                    "Sommarfestivalen ordnar en utomhuskonsert i hamnen i juli.",
                    "Musiken slutar klockan 23. Grannarna informeras om bullret.",
                ],
            ),
        ],
    },
]


def load(portal):
    creator = portal.get("esimerkkikunta")
    if creator is None or demo_cases.REGISTRY["id"] not in creator.objectIds():
        return
    registry = creator[demo_cases.REGISTRY["id"]]
    if any(
        obj.portal_type == "Case" and obj.Language() == LANGUAGE
        for obj in registry.objectValues()
    ):
        return
    organisations = datafile.read("cases.json")["organisations"]
    for index, data in enumerate(CASES):
        day = FIRST_DAY + timedelta(days=STEP_DAYS * index)
        case = register_case(
            registry,
            title=data["title"],
            task_class=data["task_class"],
            initiated=day,
            registered=day,
            **organisations[data["organisation"]],
        )
        case.language = LANGUAGE
        for number, (record_type, direction, title, paragraphs) in enumerate(
            data["documents"], start=1
        ):
            doc = create_document(
                case,
                title=title,
                file=(make_pdf(title, paragraphs), f"handling-{number}.pdf"),
                record_type=record_type,
                direction=direction,
                registration_date=day + timedelta(days=number - 1),
            )
            doc.language = LANGUAGE
            doc.reindexObject()
        case.reindexObject()
    logger.info("Demo registry %s: %d Swedish cases", registry.getId(), len(CASES))
