"""Content types of decision-making: Body, Meeting, AgendaItem, OfficeHolderDecision.

Where they live: a Body in its SubArchiveCreator (the sector's roles reach
its meetings by acquisition), a Meeting in its Body, an AgendaItem and an
OfficeHolderDecision in their Case (the case's roles reach them; the decision
is filed back in the same case). A meeting's agenda is the ordered list of
item UIDs in ``Meeting.agenda``.

The structured records of a meeting (members, participants, proposals, votes,
disqualifications, positions of the closed procedure, examiners' checks) are
JSON fields: REST reads and writes them as they are, and the meetings' own
forms edit them. Their shapes are the JSON Schemas below (``*_SCHEMA``).
"""

from municipality.policy import _
from municipality.policy import interfaces
from plone.app.textfield import RichText
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.schema import JSONField
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
import json


USERS = "plone.app.vocabularies.Users"
#: Who may read the extract recipients (personal data), like a case's parties.
RECIPIENTS_READ_PERMISSION = "cmf.ListFolderContents"


def _schema(item_properties, required=()):
    return json.dumps(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": item_properties,
                "required": list(required),
            },
        }
    )


_TEXT = {"type": "string"}
_TEXT_OR_NULL = {"type": ["string", "null"]}
_USERIDS = {"type": "array", "items": {"type": "string"}}

#: Body.members: one row per seat holder (council deputies in rank order).
MEMBERS_SCHEMA = _schema(
    {
        "userid": _TEXT,
        "name": _TEXT,
        "function": {"enum": ["chair", "vice_chair", "member"]},
        "deputies": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"userid": _TEXT, "name": _TEXT},
            },
        },
        "start": _TEXT_OR_NULL,
        "end": _TEXT_OR_NULL,
    },
    required=("name", "function"),
)
#: Meeting.participants: who attended, in what capacity, from which § to which.
PARTICIPANTS_SCHEMA = _schema(
    {
        "userid": _TEXT,
        "name": _TEXT,
        "capacity": {
            "enum": ["member", "deputy", "chair", "secretary", "presenter", "other"]
        },
        "deputy_for": _TEXT_OR_NULL,
        "remote": {"type": "boolean"},
        "arrived_before": {"type": ["integer", "null"]},
        "left_after": {"type": ["integer", "null"]},
    },
    required=("name", "capacity"),
)
#: Meeting.examinations: the examiners' checks of the minutes.
EXAMINATIONS_SCHEMA = _schema(
    {
        "userid": _TEXT,
        "checked": _TEXT,
        "how": {"enum": ["electronic", "at_meeting"]},
        "remark": _TEXT,
    },
    required=("userid", "checked"),
)
#: AgendaItem.attachments: documents of the case chosen for the item.
ATTACHMENTS_SCHEMA = _schema(
    {"uid": _TEXT, "public": {"type": "boolean"}, "ground": _TEXT_OR_NULL},
    required=("uid",),
)
#: AgendaItem.disqualified: members who left for this § (HL 27-30 §).
DISQUALIFIED_SCHEMA = _schema({"userid": _TEXT, "reason": _TEXT}, required=("userid",))
#: AgendaItem.proposals: counter-proposals made at the meeting.
PROPOSALS_SCHEMA = _schema(
    {"id": _TEXT, "by": _TEXT, "text": _TEXT, "supported_by": _USERIDS},
    required=("by", "text"),
)
#: AgendaItem.votes: each vote (open: ballots by member; election: counts).
VOTES_SCHEMA = _schema(
    {
        "kind": {"enum": ["open", "election"]},
        "question": _TEXT,
        "jaa": _TEXT,
        "ei": _TEXT,
        "ballots": {
            "type": "object",
            "additionalProperties": {"enum": ["jaa", "ei", "tyhja", "poissa"]},
        },
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "result": _TEXT,
        "by_lot": {"type": "boolean"},
    },
    required=("kind",),
)
#: AgendaItem.dissents: dissenting opinions (eriävä mielipide).
DISSENTS_SCHEMA = _schema({"userid": _TEXT, "text": _TEXT}, required=("userid",))
#: AgendaItem.positions: the closed electronic procedure's stated positions.
POSITIONS_SCHEMA = _schema(
    {
        "userid": _TEXT,
        "position": {"enum": ["accept", "reject", "to_meeting"]},
        "at": _TEXT,
        "text": _TEXT,
    },
    required=("userid", "position"),
)
#: Extracts sent: recipient, method, sent and deemed-received days, last day.
DELIVERIES_SCHEMA = _schema(
    {
        "recipient": _TEXT,
        "method": {"enum": ["letter", "email", "web", "in_person"]},
        "sent": _TEXT,
        "received": _TEXT,
        "appeal_ends": _TEXT_OR_NULL,
        "document": _TEXT_OR_NULL,
    },
    required=("recipient", "method", "sent"),
)


def _json_list(title, schema_text, description=None):
    return JSONField(
        title=title,
        description=description or "",
        schema=schema_text,
        required=False,
        default=[],
        missing_value=[],
    )


class IBody(model.Schema, interfaces.IBody):
    """A body (toimielin) for one term."""

    body_kind = schema.Choice(
        title=_("label_body_kind", default="Kind of body"),
        vocabulary="municipality.BodyKinds",
        required=True,
        default="lautakunta",
    )
    sub_archive_creator = schema.Choice(
        title=_("label_case_sub_archive_creator", default="Sub-archive creator"),
        vocabulary="municipality.SubArchiveCreators",
        required=False,
    )
    term_start = schema.Date(
        title=_("label_body_term_start", default="Term begins"), required=False
    )
    term_end = schema.Date(
        title=_("label_body_term_end", default="Term ends"), required=False
    )
    seats = schema.Int(
        title=_("label_body_seats", default="Seats"),
        description=_(
            "help_body_seats",
            default="Number of members (the base of the quorum); empty: the "
            "number of members listed.",
        ),
        required=False,
        min=1,
    )
    directives.omitted("members")
    members = _json_list(_("label_body_members", default="Members"), MEMBERS_SCHEMA)
    directives.widget("secretary", AjaxSelectFieldWidget, vocabulary=USERS)
    secretary = schema.Choice(
        title=_("label_body_secretary", default="Secretary"),
        vocabulary=USERS,
        required=False,
    )
    directives.widget("presenters", AjaxSelectFieldWidget, vocabulary=USERS)
    presenters = schema.List(
        title=_("label_body_presenters", default="Presenters"),
        value_type=schema.Choice(vocabulary=USERS),
        required=False,
        default=[],
    )
    notice_days = schema.Int(
        title=_("label_body_notice_days", default="Notice period (days)"),
        description=_(
            "help_body_notice_days",
            default="The meeting notice and agenda must be published at least "
            "this many days before the meeting (council: 4 by law; the "
            "administrative rules may say more).",
        ),
        required=True,
        default=4,
        min=0,
    )
    public_meetings = schema.Bool(
        title=_("label_body_public_meetings", default="Meetings are public"),
        required=False,
        default=False,
    )
    appeal_type = schema.Choice(
        title=_("label_body_appeal_type", default="Appeal type by default"),
        vocabulary="municipality.AppealTypes",
        required=True,
        default="rectification",
    )


@implementer(IBody)
class Body(Container):
    """A body; its meetings are its children."""


class IMeeting(model.Schema, interfaces.IMeeting):
    """A meeting of a body. ``number`` is given per body and year."""

    number = schema.Int(
        title=_("label_meeting_number", default="Meeting number"),
        required=False,
        readonly=True,
    )
    year = schema.Int(
        title=_("label_meeting_year", default="Year"), required=False, readonly=True
    )
    start = schema.Datetime(title=_("label_meeting_start", default="Begins"))
    end = schema.Datetime(title=_("label_meeting_end", default="Ends"), required=False)
    place = schema.TextLine(
        title=_("label_meeting_place", default="Place"), required=False
    )
    mode = schema.Choice(
        title=_("label_meeting_mode", default="Mode"),
        vocabulary="municipality.MeetingModes",
        required=True,
        default="physical",
    )
    procedure_deadline = schema.Datetime(
        title=_(
            "label_meeting_procedure_deadline",
            default="Deadline for stating positions",
        ),
        description=_(
            "help_meeting_procedure_deadline",
            default="Closed electronic decision procedure only.",
        ),
        required=False,
    )
    stream_url = schema.URI(
        title=_("label_meeting_stream_url", default="Public stream"),
        description=_("help_meeting_stream_url", default="Public meetings only."),
        required=False,
    )
    directives.widget("examiners", AjaxSelectFieldWidget, vocabulary=USERS)
    examiners = schema.List(
        title=_("label_meeting_examiners", default="Minutes examiners"),
        value_type=schema.Choice(vocabulary=USERS),
        required=False,
        default=[],
    )
    directives.omitted("agenda")
    agenda = schema.List(
        title=_("label_meeting_items", default="Agenda"),
        value_type=schema.ASCIILine(),
        required=False,
        default=[],
    )
    directives.omitted("notice_published")
    notice_published = schema.Datetime(
        title=_("label_meeting_notice_published", default="Notice published"),
        required=False,
    )
    directives.omitted("opened")
    opened = schema.Datetime(
        title=_("label_meeting_opened", default="Opened"), required=False
    )
    directives.omitted("closed")
    closed = schema.Datetime(
        title=_("label_meeting_closed", default="Closed"), required=False
    )
    directives.omitted("participants")
    participants = _json_list(
        _("label_meeting_participants", default="Attendance"), PARTICIPANTS_SCHEMA
    )
    directives.omitted("signatures")
    signatures = JSONField(
        title=_("label_meeting_signatures", default="Signatures"),
        schema=json.dumps(
            {"type": "object", "additionalProperties": {"type": "string"}}
        ),
        required=False,
        default={},
        missing_value={},
    )
    directives.omitted("examinations")
    examinations = _json_list(
        _("label_meeting_examinations", default="Minutes checked"),
        EXAMINATIONS_SCHEMA,
    )
    directives.omitted("minutes_published")
    minutes_published = schema.Datetime(
        title=_("label_meeting_minutes_published", default="Minutes published online"),
        description=_(
            "help_meeting_minutes_published",
            default="Set when the minutes are checked: the day the appeal "
            "periods and the online period are counted from (KuntaL 140 §).",
        ),
        required=False,
    )


@implementer(IMeeting)
class Meeting(Container):
    """A meeting; its agenda is ``agenda`` (UIDs of AgendaItems, in order)."""

    number = None
    year = None
    minutes_published = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # given when added (``agenda.number_meeting``), not typed (REST too)
        self.title = ""


class IAgendaItem(model.Schema, interfaces.IAgendaItem):
    """An agenda item in its case; the § of the minutes once decided."""

    public_title = schema.TextLine(
        title=_("label_case_public_title", default="Public title"),
        description=_(
            "help_case_public_title",
            default="Descriptive title shown in public listings; must not reveal "
            "secret content.",
        ),
        required=False,
    )
    directives.widget("preparers", AjaxSelectFieldWidget, vocabulary=USERS)
    preparers = schema.List(
        title=_("label_item_preparers", default="Preparers"),
        value_type=schema.Choice(vocabulary=USERS),
        required=False,
        default=[],
    )
    directives.widget("presenter", AjaxSelectFieldWidget, vocabulary=USERS)
    presenter = schema.Choice(
        title=_("label_case_presenter", default="Presenter"),
        vocabulary=USERS,
        required=False,
    )
    presentation = RichText(
        title=_("label_item_presentation", default="Presentation"),
        description=_(
            "help_personal_data_marking",
            default="Mark personal data of private persons (names, addresses, "
            "personal identity codes) with the Personal data style: it is left "
            "out of every public version.",
        ),
        required=False,
    )
    proposal = RichText(
        title=_("label_item_proposal", default="Decision proposal"), required=False
    )
    directives.omitted("attachments")
    attachments = _json_list(
        _("label_item_attachments", default="Attachments"), ATTACHMENTS_SCHEMA
    )
    appeal_type = schema.Choice(
        title=_("label_item_appeal_type", default="Appeal instructions"),
        description=_(
            "help_item_appeal_type",
            default="Empty: the body's appeal type by default.",
        ),
        vocabulary="municipality.AppealTypes",
        required=False,
    )
    directives.read_permission(extract_recipients=RECIPIENTS_READ_PERMISSION)
    extract_recipients = schema.List(
        title=_("label_item_extract_recipients", default="Extract recipients"),
        description=_(
            "help_item_extract_recipients",
            default="One recipient per line (personal data).",
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    # Written by the meeting's records (``meetings``), not by the draft form.
    directives.omitted("meeting")
    meeting = schema.ASCIILine(
        title=_("label_item_meeting", default="Meeting"), required=False
    )
    directives.omitted("late")
    late = schema.Bool(
        title=_("label_item_late", default="On the supplementary list"),
        required=False,
        default=False,
    )
    directives.omitted("number")
    number = schema.Int(title=_("label_item_number", default="§"), required=False)
    directives.omitted("decision")
    decision = RichText(
        title=_("label_item_decision", default="Decision"), required=False
    )
    directives.omitted("resolution")
    resolution = schema.Choice(
        title=_("label_item_resolution", default="Resolution"),
        vocabulary="municipality.Resolutions",
        required=False,
    )
    directives.omitted("proposals")
    proposals = _json_list(
        _("label_item_proposals", default="Proposals"), PROPOSALS_SCHEMA
    )
    directives.omitted("votes")
    votes = _json_list(_("label_item_votes", default="Votes"), VOTES_SCHEMA)
    directives.omitted("disqualified")
    disqualified = _json_list(
        _("label_item_disqualified", default="Disqualified"), DISQUALIFIED_SCHEMA
    )
    directives.omitted("absent")
    absent = schema.List(
        title=_("label_item_absent", default="Absent from this item"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    directives.omitted("dissents")
    dissents = _json_list(
        _("label_item_dissents", default="Dissenting opinions"), DISSENTS_SCHEMA
    )
    directives.omitted("positions")
    positions = _json_list(
        _("label_item_positions", default="Positions"), POSITIONS_SCHEMA
    )
    directives.omitted("scrubbed")
    scrubbed = schema.Datetime(
        title=_(
            "label_personal_data_scrubbed", default="Personal data removed from the web"
        ),
        required=False,
    )
    directives.omitted("deliveries")
    directives.read_permission(deliveries=RECIPIENTS_READ_PERMISSION)
    deliveries = _json_list(
        _("label_item_deliveries", default="Extracts sent"), DELIVERIES_SCHEMA
    )


@implementer(IAgendaItem)
class AgendaItem(Item):
    """An agenda item; ``number`` (§) is given when it is decided."""

    meeting = None
    number = None
    late = False
    resolution = None
    scrubbed = None


class IOfficeHolderDecision(model.Schema, interfaces.IOfficeHolderDecision):
    """An office holder's decision in a case, under delegated power."""

    public_title = schema.TextLine(
        title=_("label_case_public_title", default="Public title"),
        required=False,
    )
    directives.widget("decider", AjaxSelectFieldWidget, vocabulary=USERS)
    decider = schema.Choice(
        title=_("label_decision_decider", default="Decider"),
        vocabulary=USERS,
        required=True,
    )
    post = schema.TextLine(
        title=_("label_decision_post", default="Post"),
        description=_(
            "help_decision_post",
            default="The office, e.g. sivistysjohtaja; decisions are numbered "
            "per post and year.",
        ),
        required=True,
    )
    delegation = schema.TextLine(
        title=_("label_decision_delegation", default="Delegated power"),
        description=_(
            "help_decision_delegation",
            default="The provision of the administrative rules or the "
            "delegation decision, e.g. Hallintosääntö 42 §.",
        ),
        required=True,
    )
    text = RichText(
        title=_("label_decision_text", default="Decision"),
        description=_(
            "help_personal_data_marking",
            default="Mark personal data of private persons (names, addresses, "
            "personal identity codes) with the Personal data style: it is left "
            "out of every public version.",
        ),
        required=False,
    )
    appeal_type = schema.Choice(
        title=_("label_item_appeal_type", default="Appeal instructions"),
        vocabulary="municipality.AppealTypes",
        required=True,
        default="rectification",
    )
    publish_online = schema.Bool(
        title=_("label_decision_publish_online", default="Publish online"),
        description=_(
            "help_decision_publish_online",
            default="KuntaL 140 §: published only when the decider finds it necessary.",
        ),
        required=False,
        default=False,
    )
    directives.read_permission(extract_recipients=RECIPIENTS_READ_PERMISSION)
    extract_recipients = schema.List(
        title=_("label_item_extract_recipients", default="Extract recipients"),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    directives.omitted("number")
    number = schema.Int(
        title=_("label_decision_number", default="Decision number"), required=False
    )
    directives.omitted("decision_date")
    decision_date = schema.Date(
        title=_("label_decision_date", default="Decision date"), required=False
    )
    directives.omitted("called_in_by")
    called_in_by = schema.ASCIILine(
        title=_("label_decision_called_in_by", default="Called in by"),
        required=False,
    )
    directives.omitted("scrubbed")
    scrubbed = schema.Datetime(
        title=_(
            "label_personal_data_scrubbed", default="Personal data removed from the web"
        ),
        required=False,
    )
    directives.omitted("withdrawn")
    withdrawn = schema.Datetime(
        title=_("label_withdrawn_from_web", default="Removed from the web"),
        required=False,
    )
    directives.omitted("deliveries")
    directives.read_permission(deliveries=RECIPIENTS_READ_PERMISSION)
    deliveries = _json_list(
        _("label_item_deliveries", default="Extracts sent"), DELIVERIES_SCHEMA
    )


@implementer(IOfficeHolderDecision)
class OfficeHolderDecision(Item):
    """An office-holder decision; ``number`` per post and year when decided."""

    number = None
    decision_date = None
    called_in_by = None
    scrubbed = None
    withdrawn = None
