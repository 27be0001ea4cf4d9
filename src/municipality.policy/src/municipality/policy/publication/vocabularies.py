"""Named vocabularies of the public web: the notice categories.

Rows: value, msgid, English (the msgid's default), Finnish, Swedish; the
Finnish and Swedish texts are in the ``municipality`` catalogues.
"""

from municipality.policy import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


NOTICE_CATEGORIES = (
    (
        "kuulutus",
        "label_notice_category_kuulutus",
        "Public notice",
        "Kuulutus",
        "Kungörelse",
    ),
    (
        "ilmoitus",
        "label_notice_category_ilmoitus",
        "Announcement",
        "Ilmoitus",
        "Meddelande",
    ),
    (
        "paatosten_nahtavillaolo",
        "label_notice_category_paatosten_nahtavillaolo",
        "Decisions on display",
        "Päätösten nähtävilläolo",
        "Framläggande av beslut",
    ),
    (
        "poytakirjan_nahtavillaolo",
        "label_notice_category_poytakirjan_nahtavillaolo",
        "Minutes on display",
        "Pöytäkirjan nähtävilläolo",
        "Framläggande av protokoll",
    ),
    (
        "kaavoitus",
        "label_notice_category_kaavoitus",
        "Land use planning",
        "Kaavoitus",
        "Planläggning",
    ),
    ("muu", "label_notice_category_muu", "Other", "Muu", "Övrigt"),
)
#: category -> the JHS 191 record type of the copy filed in the case
RECORD_TYPE = {"ilmoitus": "Ilmoitus"}
DEFAULT_RECORD_TYPE = "Kuulutus"


@provider(IVocabularyFactory)
def notice_categories(context=None):
    return SimpleVocabulary(
        [
            SimpleTerm(value, value, _(msgid, default=en))
            for value, msgid, en, *_r in NOTICE_CATEGORIES
        ]
    )


def category_title(value):
    """The message of category ``value`` (the value itself when unknown)."""
    for row in NOTICE_CATEGORIES:
        if row[0] == value:
            return _(row[1], default=row[2])
    return value
