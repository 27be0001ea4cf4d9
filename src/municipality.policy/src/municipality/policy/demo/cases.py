"""Demo step: the registry ``kirjaamo`` (prefix ESIM) with about 50 cases.

Cases span several task classes of the imported Helsinki plan, every case
status and every publicity class; each has 1-3 documents with real generated
PDFs. The registration dates run from January 2025, so the diary has two
years. Idempotent: nothing is added when the registry already has cases.
All names and content are fictional.
"""

from datetime import date
from datetime import timedelta
from municipality.policy.demo import datafile
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


def read_templates(data=None):
    """The case templates (``data/cases.json`` unless ``data`` is given), each with
    its organisation's fields as ``org``.

    Each template gives three cases, one per variant (a dict of words filled into
    its ``{placeholders}``); its ``organisation`` names an entry of
    ``organisations`` (the case's sector, deciding body, preparer and presenter);
    each document has a record type, direction, title, paragraphs (the PDF's text)
    and correspondent (or null).
    """
    if data is None:
        data = datafile.read("cases.json")
    organisations = data["organisations"]
    return tuple(
        {**template, "org": organisations[template["organisation"]]}
        for template in data["templates"]
    )


TEMPLATES = read_templates()

#: Variant words that name a party of the case, in the order of ``Case.parties``.
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

    for number, document in enumerate(template["documents"], start=1):
        title = _fmt(document["title"], variant)
        pdf = make_pdf(title, [_fmt(text, variant) for text in document["paragraphs"]])
        create_document(
            case,
            title=title,
            file=(pdf, f"asiakirja-{number}.pdf"),
            record_type=document["record_type"],
            direction=document["direction"],
            correspondent=_fmt(document["correspondent"], variant),
            registration_date=day + timedelta(days=2 * (number - 1)),
        )


#: comments of the demo's transitions
COMMENTS = {
    "decide": "Päätös tehty esityksen mukaisesti.",
    "transfer": "Siirretty arkistoon ennen Kuntaportaalia.",
    "dispose": "Hävitetty hävittämisluettelon mukaisesti ennen Kuntaportaalia.",
}


def _advance(case, state):
    """Take ``case`` to ``state``; the archive procedures' transitions (a
    demo history: no package, no list) inside ``removal.procedure``."""
    from municipality.policy.cases import removal

    for transition in PATHS[state]:
        comment = COMMENTS.get(transition, "")
        try:
            if transition in removal.PROCEDURE_TRANSITIONS:
                with removal.procedure(case, transition):
                    api.content.transition(
                        obj=case, transition=transition, comment=comment
                    )
                continue
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
            task_class=template["task_class"],
            initiated=day,
            registered=day,
            parties=[variant[key] for key in PARTY_KEYS if key in variant],
            **template["org"],
            **restriction,
        )
        state = _state_for(index, len(pairs))
        if state != "havitetty":  # a disposed case keeps its metadata only
            _documents(case, template, variant, day)
        _advance(case, state)
    logger.info("Demo registry %s: %d cases", registry.getId(), len(pairs))
