"""Demo step: older closed cases for the archive's year-end work.

A records manager of the demo finds cases whose retention has ended (to draw
a disposal list from), permanent cases ready for an archival transfer, one
case on legal hold and one that expires next year. The cases are registered
with their old dates (diary numbers of 2013-2016) and closed then: the demo
writes their fictional history with those dates (only the demo does this;
the product's logs are append-only). Idempotent: nothing is added when the
registry already has cases of 2013. All names and content are fictional.
"""

from DateTime import DateTime
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from municipality.policy.archive import retention
from municipality.policy.cases import phaselog
from municipality.policy.demo.cases import PATHS
from municipality.policy.demo.cases import REGISTRY
from municipality.policy.documents.api import create_document
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.registry.api import register_case
from plone import api
import logging


logger = logging.getLogger(__name__)

#: title, task class, registered, closed, record type, document title, hold
OLD_CASES = (
    (
        "Kunnanviraston aukioloajat kesällä 2013",
        "00.01.01",
        date(2013, 4, 8),
        date(2013, 6, 14),
        "Päätös",
        "Päätös kunnanviraston kesäaukioloajoista",
        None,
    ),
    (
        "Hallintosäännön tarkistaminen 2013",
        "00.00.03",
        date(2013, 9, 2),
        date(2014, 2, 27),
        "Esitys",
        "Esitys hallintosäännön muutoksiksi",
        None,
    ),
    (
        "Tilintarkastuspalveluiden kilpailutus 2014",
        "02.08.02",
        date(2014, 1, 20),
        date(2014, 5, 30),
        "Tarjous",
        "Tarjousten vertailu, tilintarkastuspalvelut",
        None,
    ),
    (
        "Vahingonkorvausvaatimus, katuvalaistuksen vaurio",
        "00.01.01",
        date(2014, 3, 3),
        date(2014, 11, 21),
        "Päätös",
        "Päätös vahingonkorvausvaatimukseen",
        "Korvausasiasta on vireillä kanne käräjäoikeudessa; asiakirjat säilytetään "
        "oikeudenkäynnin ajan.",
    ),
    (
        "Kunnanvaltuuston kokousten pöytäkirjat 2015",
        "10.03.03",
        date(2015, 1, 12),
        date(2015, 12, 18),
        "Pöytäkirja",
        "Valtuuston pöytäkirjat 2015",
        None,
    ),
    (
        "Kirkonkylän osayleiskaava",
        "10.03.03",
        date(2014, 6, 2),
        date(2015, 10, 5),
        "Päätös",
        "Valtuuston päätös osayleiskaavan hyväksymisestä",
        None,
    ),
    (
        "Hankintojen kilpailutus, koulukuljetukset 2016",
        "02.08.02",
        date(2016, 2, 15),
        date(2016, 6, 10),
        "Tarjous",
        "Tarjousten vertailu, koulukuljetukset",
        None,
    ),
)
AGENT = "arkistojohtaja"


def _when(day):
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def _backdate(case, registered, closed):
    """Give the case's log and workflow history the fictional old dates: the
    registration and documents on ``registered``, each transition a step
    closer to ``closed``, the closing on ``closed``."""
    annotations = phaselog.IAnnotations(case)
    log = annotations.get(phaselog.KEY) or []
    states = [i for i, entry in enumerate(log) if entry.get("kind") == phaselog.STATE]
    for index, entry in enumerate(log):
        if index in states:
            step = states.index(index) + 1
            day = registered + (closed - registered) * step // len(states)
            if step == len(states):
                day = closed
        else:
            day = registered
        log[index] = {**entry, "date": _when(day), "day": False}
    history = getattr(case, "workflow_history", None) or {}
    for workflow_id, records in list(history.items()):
        count = max(len(records) - 1, 1)
        changed = []
        for index, record in enumerate(records):
            day = registered + (closed - registered) * index // count
            changed.append({**record, "time": DateTime(_when(day).isoformat())})
        history[workflow_id] = tuple(changed)


def load(portal):
    creator = portal.get("esimerkkikunta")
    registry = creator.get(REGISTRY["id"]) if creator is not None else None
    if registry is None:
        return
    if api.content.find(context=registry, portal_type="Case", diary_year=2013):
        return
    for title, task_class, registered, closed, record_type, doc, hold in OLD_CASES:
        case = register_case(
            registry,
            title=title,
            task_class=task_class,
            initiated=registered,
            registered=registered,
            sub_archive_creator="kunnanhallitus",
        )
        create_document(
            case,
            title=doc,
            file=(make_pdf(doc, [title, doc]), "asiakirja-1.pdf"),
            record_type=record_type,
            direction="internal",
            registration_date=registered,
        )
        for transition in PATHS["paattynyt"]:
            api.content.transition(obj=case, transition=transition)
        _backdate(case, registered, closed)
        if hold:
            retention.hold(case, hold, agent=AGENT)
        case.reindexObject()
    logger.info("Demo archive: %d older closed cases", len(OLD_CASES))
