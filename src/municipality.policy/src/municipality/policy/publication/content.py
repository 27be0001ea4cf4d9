"""Content types of the official notice board: NoticeBoard and Notice.

Where they live: a NoticeBoard (ilmoitustaulu, demo id ``ilmoitustaulu``) in
its ArchiveCreator, on the records container workflow (``internal``,
``published``); Notices in the board, on ``municipality_notice_workflow``
(draft, scheduled, published, ended). Attachments are file fields of the
notice (``attachment_1`` ... ``attachment_3``): they are downloaded through
the notice (``@@download/attachment_1``) and so leave the web with it.

A notice names its case by diary number (``case_number``, checked against
the archive creator's diary); ``case`` holds that case's UID, set by
``notices.sync_case`` when the notice is saved.
"""

from Acquisition import aq_inner
from datetime import timedelta
from municipality.policy import _
from municipality.policy import interfaces
from municipality.policy.base.dates import today
from municipality.policy.errors import FieldInvalid
from municipality.policy.publication import settings
from municipality.policy.registry.entry import find_case
from plone import api
from plone.app.textfield import RichText
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import invariant


def archive_creator_of(obj):
    """The ArchiveCreator above ``obj`` (or the portal)."""
    for item in getattr(aq_inner(obj), "aq_chain", ()):
        if interfaces.IArchiveCreator.providedBy(item):
            return item
    return api.portal.get()


def default_end(start):
    """The default last day of display: ``start`` + the notice days setting."""
    if start is None:
        return None
    return start + timedelta(days=settings.get("notice_days"))


class INoticeBoard(model.Schema, interfaces.INoticeBoard):
    """The official notice board (ilmoitustaulu) of an archive creator."""


@implementer(INoticeBoard)
class NoticeBoard(Container):
    """A notice board: holds Notices."""


def _start_default():
    return today()


class INotice(model.Schema, interfaces.INotice):
    """A public notice (kuulutus, ilmoitus) on the official notice board."""

    category = schema.Choice(
        title=_("label_notice_category", default="Category"),
        vocabulary="municipality.NoticeCategories",
        required=True,
        default="kuulutus",
    )
    text = RichText(
        title=_("label_notice_text", default="Notice text"),
        description=_(
            "help_personal_data_marking",
            default="Mark personal data of private persons (names, addresses, "
            "personal identity codes) with the Personal data style: it is left "
            "out of every public version.",
        ),
        required=False,
    )
    attachment_1 = NamedBlobFile(
        title=_("label_notice_attachment_1", default="Attachment 1"), required=False
    )
    attachment_2 = NamedBlobFile(
        title=_("label_notice_attachment_2", default="Attachment 2"), required=False
    )
    attachment_3 = NamedBlobFile(
        title=_("label_notice_attachment_3", default="Attachment 3"), required=False
    )
    case_number = schema.TextLine(
        title=_("label_notice_case_number", default="Diary number of the case"),
        description=_(
            "help_notice_case_number",
            default="The case the notice belongs to, e.g. ESIM/12/10.03.02/2026. "
            "When the notice is published its copy is filed in the case.",
        ),
        required=False,
    )
    directives.omitted("case")
    case = schema.ASCIILine(
        title=_("label_notice_case", default="Case"), required=False, readonly=True
    )
    display_start = schema.Date(
        title=_("label_notice_display_start", default="On display from"),
        description=_(
            "help_notice_display_start",
            default="A later day schedules the notice: it appears on the board "
            "on that day.",
        ),
        required=True,
        defaultFactory=_start_default,
    )
    display_end = schema.Date(
        title=_("label_notice_display_end", default="On display until"),
        description=_(
            "help_notice_display_end",
            default="The last day on display. Empty: the display start plus the "
            "notice days of the publication settings (normally 14).",
        ),
        required=False,
    )
    available_at = schema.Text(
        title=_("label_notice_available_at", default="Where the document is available"),
        description=_(
            "help_notice_available_at",
            default="Where and until when the document itself is available, "
            "e.g. Kunnanvirasto, kirjaamo, Kuntatie 1, until 15.12.2026.",
        ),
        required=False,
    )
    directives.omitted("published_on")
    published_on = schema.Date(
        title=_("label_notice_published_on", default="Published on the web"),
        required=False,
        readonly=True,
    )

    @invariant
    def period_in_order(data):
        start = getattr(data, "display_start", None)
        end = getattr(data, "display_end", None)
        if start is not None and end is not None and end < start:
            error = FieldInvalid(
                _(
                    "error_notice_end_before_start",
                    default="The display cannot end before it starts.",
                )
            )
            error.field = "display_end"
            raise error

    @invariant
    def case_is_known(data):
        number = (getattr(data, "case_number", None) or "").strip()
        if not number:
            return
        context = getattr(data, "__context__", None) or api.portal.get()
        if find_case(archive_creator_of(context), number) is None:
            error = FieldInvalid(
                _(
                    "error_notice_case_unknown",
                    default="No case has this diary number.",
                )
            )
            error.field = "case_number"
            raise error


@implementer(INotice)
class Notice(Item):
    """A notice; ``published_on`` is set when it goes on the web."""

    case = None
    published_on = None
    display_end = None
    case_number = None
