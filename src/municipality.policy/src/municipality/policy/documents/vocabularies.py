"""Sources of the document fields: the contract's named vocabularies.

``municipality.RecordTypes`` and ``municipality.Directions`` belong to the
classification subpackage. Until they are registered, a fallback with the same
values is used so that documents work on their own.

The fallback record types are the recommended values of JHS 191
(``Skeema_TOS_atomaariset.xsd``, City of Helsinki, helerm, MIT licence).
"""

from municipality.policy import _
from zope.component import queryUtility
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


RECORD_TYPES = (
    "Aloite",
    "Asetus",
    "Ehdotus",
    "Esitys",
    "Esityslista",
    "Hakemus",
    "Ilmoitus",
    "Julkaisu",
    "Kannanotto",
    "Kantelu",
    "Kartta",
    "Kertomus",
    "Kirje",
    "Kutsu",
    "Kuulutus",
    "Kuva",
    "Laki",
    "Lasku",
    "Lausunto",
    "Lausuntopyyntö",
    "Liite",
    "Luettelo",
    "Lupa",
    "Mietintö",
    "Muistio",
    "Määräys",
    "Nimittämiskirja",
    "Ohje",
    "Ohjelma",
    "Oikaisuvaatimus",
    "Ote",
    "Piirustus",
    "Pyyntö",
    "Päätös",
    "Pöytäkirja",
    "Raportti",
    "Seloste",
    "Selvitys",
    "Sopimus",
    "Strategia",
    "Suositus",
    "Suunnitelma",
    "Talousarvio",
    "Tarjous",
    "Tarjouspyyntö",
    "Teos",
    "Tiedote",
    "Tilasto",
    "Tilaus",
    "Tilinpäätös",
    "Todistus",
    "Tosite",
    "Valitus",
    "Valtakirja",
    "Vastine",
    "Yhteenveto",
)

DIRECTIONS = (
    ("incoming", _("label_direction_incoming", default="Incoming")),
    ("outgoing", _("label_direction_outgoing", default="Outgoing")),
    ("internal", _("label_direction_internal", default="Internal")),
)


def _term(value, title):
    token = value.encode("ascii", "backslashreplace").decode("ascii")
    return SimpleTerm(value, token, title)


def _named(name, fallback, context):
    factory = queryUtility(IVocabularyFactory, name)
    if factory is not None:
        return factory(context)
    return SimpleVocabulary([_term(value, title) for value, title in fallback])


@provider(IContextSourceBinder)
def record_types(context):
    """``municipality.RecordTypes`` (JHS 191 record types)."""
    return _named("municipality.RecordTypes", [(v, v) for v in RECORD_TYPES], context)


@provider(IContextSourceBinder)
def directions(context):
    """``municipality.Directions``: incoming, outgoing, internal."""
    return _named("municipality.Directions", DIRECTIONS, context)


def term_title(source, value, context):
    """The title of ``value`` in ``source``, or the value itself."""
    if not value:
        return ""
    try:
        return source(context).getTerm(value).title or value
    except LookupError:
        return value
