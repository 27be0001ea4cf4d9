"""The role model and the one declarative permission table.

This module is the single source of the responsibility chain's security:
``workflows.xml``, ``workflows/*/definition.xml`` and ``rolemap.xml`` are
generated from it (``python -m municipality.policy.security.generate``), a
test checks that the profile files equal the generated text, and the
permission tests read the expected roles from here.

Chain: municipal board -> chief records officer -> archive creator and
sub-archive creators -> sector records managers -> records officers ->
registrars, preparers, presenters, meeting secretaries, elected officials,
archivists and other staff. Anonymous visitors are the public.

The table: for each workflow family (case, document, records container) and
each state, role -> permission codes. Codes: ``V`` View and Access contents
information, ``L`` List folder contents, ``H`` access previous versions,
``M`` modify, ``A`` add content, ``D`` delete objects. A family has variants
by publicity (see ``security.chain``): the ``restricted`` base table and
overlays that add readers for public records. ``Manager`` and
``Site Administrator`` hold every managed permission in every state.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A role of the chain. ``rank`` orders delegation: a holder may grant
    only roles of a strictly lower rank."""

    id: str
    title_fi: str
    title_sv: str
    title_en: str
    rank: int


ROLES = (
    Role(
        "ChiefRecordsOfficer",
        "Arkistotoimen johtava viranhaltija",
        "Ledande tjänsteinnehavare för arkivväsendet",
        "Chief records officer",
        90,
    ),
    Role(
        "SectorRecordsManager",
        "Asiakirjahallinnon vastuuhenkilö",
        "Ansvarsperson för dokumentförvaltning",
        "Sector records manager",
        70,
    ),
    Role(
        "RecordsOfficer", "Asiakirjavastaava", "Dokumentansvarig", "Records officer", 50
    ),
    Role("Registrar", "Kirjaaja", "Registrator", "Registrar", 30),
    Role("Presenter", "Esittelijä", "Föredragande", "Presenter", 30),
    Role("Preparer", "Valmistelija", "Beredare", "Preparer", 20),
    Role(
        "MeetingSecretary",
        "Pöytäkirjanpitäjä",
        "Protokollförare",
        "Meeting secretary",
        20,
    ),
    Role("Archivist", "Arkistonhoitaja", "Arkivarie", "Archivist", 20),
    Role(
        "ElectedOfficial", "Luottamushenkilö", "Förtroendevald", "Elected official", 10
    ),
    Role("Staff", "Henkilöstö", "Personal", "Staff", 10),
)

ROLE_IDS = tuple(role.id for role in ROLES)
ROLES_BY_ID = {role.id: role for role in ROLES}

#: Roles no one grants: the meetings' local-role provider derives them from a
#: body's membership (``meetings.localroles``): a member of a body, while a
#: member, on the body, its meetings and the agenda items placed on them.
PROVIDED_ROLES = (
    Role("BodyMember", "Toimielimen jäsen", "Ledamot i organet", "Body member", 0),
)
PROVIDED_ROLE_IDS = tuple(role.id for role in PROVIDED_ROLES)

#: Roles of the staff intranet (see the INTRANET section below): granted
#: through the intranet's groups on the intranet root, never through the
#: chain's grants or delegation (they are not ``ROLE_IDS``).
INTRANET_ROLES = (
    Role(
        "IntranetEditor",
        "Intranetin toimittaja",
        "Intranätets redaktör",
        "Intranet editor",
        10,
    ),
    Role(
        "IntranetReviewer",
        "Intranetin julkaisija",
        "Intranätets publicerare",
        "Intranet reviewer",
        10,
    ),
)
INTRANET_ROLE_IDS = tuple(role.id for role in INTRANET_ROLES)

#: Roles that hold every managed permission everywhere.
ADMIN_ROLES = ("Manager", "Site Administrator")
ANONYMOUS = "Anonymous"
#: Every role the table names (the exhaustive test walks these).
TABLE_ROLES = (
    ADMIN_ROLES + ROLE_IDS + PROVIDED_ROLE_IDS + INTRANET_ROLE_IDS + (ANONYMOUS,)
)

#: Permission codes of the table -> Zope permissions.
CODES = {
    "V": ("View", "Access contents information"),
    "L": ("List folder contents",),
    "H": ("CMFEditions: Access previous versions",),
    "M": ("Modify portal content",),
    "A": ("Add portal content",),
    "D": ("Delete objects",),
}

CRO = "ChiefRecordsOfficer"
SRM = "SectorRecordsManager"
RO = "RecordsOfficer"
REG = "Registrar"
PRES = "Presenter"
PREP = "Preparer"
SEC = "MeetingSecretary"
ARCH = "Archivist"
ELECT = "ElectedOfficial"
STAFF = "Staff"
MEMBER = "BodyMember"
IEDIT = "IntranetEditor"
IREV = "IntranetReviewer"


def _same(states, row):
    return {state: dict(row) for state in states}


# ---------------------------------------------------------------- case
CASE_STATES = (
    ("vireilla", "Vireillä"),
    ("valmistelussa", "Valmistelussa"),
    ("ratkaistavana", "Ratkaistavana"),
    ("paatetty", "Päätetty"),
    ("toimeenpantava", "Toimeenpantava"),
    ("paattynyt", "Päättynyt"),
    ("avattu_uudelleen", "Avattu uudelleen"),
    ("siirretty", "Siirretty"),
    ("havitetty", "Hävitetty"),
)
#: States in which a public case is published to everyone.
CASE_PUBLISHED_STATES = ("paatetty", "toimeenpantava", "paattynyt", "siirretty")

#: The restricted base table. ``ElectedOfficial`` is deliberately absent: a role
#: on a sector or the archive creator gives an elected official no restricted
#: case or document (pupil welfare, child protection, ...); they read internal
#: and public records through the overlays, like staff. Their own body's agenda
#: material is to come with the meetings.
CASE_TABLE = {
    **_same(
        ("vireilla", "valmistelussa", "avattu_uudelleen"),
        {
            CRO: "VLHMAD",
            SRM: "VLHM",
            RO: "VLHMAD",
            REG: "VLHMA",
            PRES: "VLHMA",
            PREP: "VLHMA",
            SEC: "VLH",
            ARCH: "VLH",
        },
    ),
    "ratkaistavana": {
        CRO: "VLHMA",
        SRM: "VLH",
        RO: "VLHMA",
        REG: "VLHA",
        PRES: "VLHMA",
        PREP: "VLH",
        SEC: "VLHMA",
        ARCH: "VLH",
    },
    **_same(
        ("paatetty", "toimeenpantava"),
        {
            CRO: "VLHMA",
            SRM: "VLH",
            RO: "VLHMA",
            REG: "VLHA",
            PRES: "VLH",
            PREP: "VLH",
            SEC: "VLH",
            ARCH: "VLH",
        },
    ),
    **_same(
        ("paattynyt", "siirretty"),
        {
            CRO: "VLHM",
            SRM: "VLH",
            RO: "VLH",
            REG: "VLH",
            PRES: "VLH",
            PREP: "VLH",
            SEC: "VLH",
            ARCH: "VLH",
        },
    ),
    "havitetty": {CRO: "VLH", SRM: "VL", RO: "VL", REG: "VL", ARCH: "VL"},
}
#: Added for a case all staff may read (public, or public with ordinary
#: personal data: kept off the web).
CASE_INTERNAL_OVERLAY = _same(
    [s for s, _t in CASE_STATES if s != "havitetty"], {STAFF: "VL", ELECT: "VL"}
)
#: Added for a public case on top of the internal overlay: the public once decided.
CASE_PUBLIC_OVERLAY = _same(CASE_PUBLISHED_STATES, {ANONYMOUS: "V"})

CASE_TRANSITIONS = (
    # id, title, from states, to state, guard roles
    (
        "prepare",
        "Valmisteluun",
        ("vireilla", "avattu_uudelleen"),
        "valmistelussa",
        (CRO, RO, REG, PRES, PREP),
    ),
    (
        "submit",
        "Ratkaistavaksi",
        ("valmistelussa",),
        "ratkaistavana",
        (CRO, RO, PRES, PREP),
    ),
    ("decide", "Päätä", ("ratkaistavana",), "paatetty", (CRO, RO, PRES, SEC)),
    ("execute", "Toimeenpanoon", ("paatetty",), "toimeenpantava", (CRO, RO, PRES)),
    (
        "close",
        "Päätä käsittely",
        ("paatetty", "toimeenpantava"),
        "paattynyt",
        (CRO, RO, REG),
    ),
    ("reopen", "Avaa uudelleen", ("paattynyt",), "avattu_uudelleen", (CRO, SRM, RO)),
    ("transfer", "Siirrä arkistoon", ("paattynyt",), "siirretty", (CRO, ARCH)),
    ("dispose", "Hävitä", ("paattynyt",), "havitetty", (CRO, ARCH)),
)

# ------------------------------------------------------------ document
DOCUMENT_STATES = (("draft", "Luonnos"), ("registered", "Kirjattu"))
DOCUMENT_TABLE = {
    "draft": {
        CRO: "VHMD",
        SRM: "VH",
        RO: "VHMD",
        REG: "VHM",
        PRES: "VHM",
        PREP: "VHMD",
        SEC: "VH",
        ARCH: "VH",
    },
    "registered": {
        CRO: "VHM",
        SRM: "VH",
        RO: "VHM",
        REG: "VH",
        PRES: "VH",
        PREP: "VH",
        SEC: "VH",
        ARCH: "VH",
    },
}
DOCUMENT_INTERNAL_OVERLAY = _same(("draft", "registered"), {STAFF: "V", ELECT: "V"})
DOCUMENT_PUBLIC_OVERLAY = {
    "draft": {STAFF: "V", ELECT: "V"},
    "registered": {STAFF: "V", ELECT: "V", ANONYMOUS: "V"},
}
DOCUMENT_TRANSITIONS = (
    ("register", "Kirjaa", ("draft",), "registered", (CRO, RO, REG, PRES, PREP)),
)

# --------------------------------------------------- records container
CONTAINER_STATES = (("internal", "Sisäinen"), ("published", "Julkaistu"))
_CONTAINER_ROW = {
    CRO: "VLMA",
    SRM: "VLMA",
    RO: "VLA",
    REG: "VLA",
    PRES: "VLA",
    PREP: "VLA",
    SEC: "VL",
    ARCH: "VL",
    ELECT: "VL",
    STAFF: "VL",
    MEMBER: "VL",
}
CONTAINER_TABLE = {
    "internal": dict(_CONTAINER_ROW),
    "published": {**_CONTAINER_ROW, ANONYMOUS: "V"},
}
CONTAINER_TRANSITIONS = (
    ("publish", "Julkaise", ("internal",), "published", (CRO, SRM)),
    ("retract", "Palauta sisäiseksi", ("published",), "internal", (CRO, SRM)),
)


# ------------------------------------------------------------ meeting
#: A meeting of a body. ``convened``: the notice and the public agenda are
#: out; ``held``: the secretary records attendance, votes and decisions;
#: ``checking``: minutes signed by chair and secretary, examiners checking;
#: ``checked``: the minutes are checked, the decisions exist;
#: ``withdrawn``: the online period ended (the clock job, KuntaL 140 §): off
#: the public web, staff keep reading.
MEETING_STATES = (
    ("planned", "Suunniteltu"),
    ("convened", "Kutsuttu koolle"),
    ("held", "Pidetty"),
    ("checking", "Tarkastettavana"),
    ("checked", "Tarkastettu"),
    ("withdrawn", "Poistettu verkosta"),
)
_MEETING_READERS = {SRM: "VL", RO: "VL", REG: "VL", PREP: "VL", ARCH: "VL"}
MEETING_TABLE = {
    "planned": {
        CRO: "VLMAD",
        SEC: "VLMAD",
        PRES: "VLM",
        MEMBER: "VL",
        STAFF: "VL",
        **_MEETING_READERS,
    },
    **_same(
        ("convened", "held"),
        {
            CRO: "VLMA",
            SEC: "VLMA",
            PRES: "VLM",
            MEMBER: "VL",
            STAFF: "VL",
            ELECT: "VL",
            ANONYMOUS: "V",
            **_MEETING_READERS,
        },
    ),
    **_same(
        ("checking", "checked"),
        {
            CRO: "VLMA",
            SEC: "VLM",
            PRES: "VL",
            MEMBER: "VL",
            STAFF: "VL",
            ELECT: "VL",
            ANONYMOUS: "V",
            **_MEETING_READERS,
        },
    ),
    "withdrawn": {
        CRO: "VL",
        SEC: "VL",
        PRES: "VL",
        MEMBER: "VL",
        STAFF: "VL",
        ELECT: "VL",
        **_MEETING_READERS,
    },
}
MEETING_TRANSITIONS = (
    ("convene", "Kutsu koolle", ("planned",), "convened", (CRO, SEC)),
    ("hold", "Aloita kokous", ("convened",), "held", (CRO, SEC)),
    ("sign", "Allekirjoita pöytäkirja", ("held",), "checking", (CRO, SEC)),
    ("amend", "Palauta korjattavaksi", ("checking",), "held", (CRO, SEC)),
    ("check", "Pöytäkirja tarkastettu", ("checking",), "checked", (CRO, SEC)),
    ("withdraw", "Poista verkosta", ("checked",), "withdrawn", (CRO,)),
)

# -------------------------------------------------------- agenda item
#: An agenda item lives in its case. ``draft``: the preparer writes it;
#: ``approved``: the presenter stands behind the proposal; ``scheduled``: on
#: a meeting's agenda; ``published``: the agenda is out (members read it);
#: ``decided``: handled at the meeting, its § number given; ``checked``: the
#: minutes are checked, the decision exists. Never public by permission: the
#: public reads the public version through the meeting (``meetings``).
ITEM_STATES = (
    ("draft", "Luonnos"),
    ("approved", "Hyväksytty esiteltäväksi"),
    ("scheduled", "Esityslistalla"),
    ("published", "Julkaistu esityslistalla"),
    ("decided", "Käsitelty"),
    ("checked", "Tarkastettu"),
)
_ITEM_READERS = {SRM: "VLH", RO: "VLH", REG: "VLH", ARCH: "VLH"}
ITEM_TABLE = {
    "draft": {CRO: "VLHMD", PREP: "VLHMD", PRES: "VLHMD", SEC: "VLH", **_ITEM_READERS},
    "approved": {CRO: "VLHM", PREP: "VLH", PRES: "VLHM", SEC: "VLHM", **_ITEM_READERS},
    "scheduled": {
        CRO: "VLHM",
        PREP: "VLH",
        PRES: "VLHM",
        SEC: "VLHM",
        **_ITEM_READERS,
    },
    **_same(
        ("published", "decided"),
        {
            CRO: "VLHM",
            PREP: "VLH",
            PRES: "VLHM",
            SEC: "VLHM",
            MEMBER: "V",
            **_ITEM_READERS,
        },
    ),
    "checked": {
        CRO: "VLHM",
        PREP: "VLH",
        PRES: "VLH",
        SEC: "VLH",
        MEMBER: "V",
        **_ITEM_READERS,
    },
}
#: Added for an item whose case all staff may read: staff and elected
#: officials once the agenda is out. Readers without ``L``: the extract
#: recipients and deliveries (personal data) are read with List folder
#: contents, which only the roles handling the matter hold.
ITEM_INTERNAL_OVERLAY = _same(
    ("published", "decided", "checked"), {STAFF: "V", ELECT: "V"}
)
ITEM_TRANSITIONS = (
    ("approve", "Hyväksy esiteltäväksi", ("draft",), "approved", (CRO, PRES)),
    ("redraft", "Palauta valmisteluun", ("approved",), "draft", (CRO, PRES)),
    ("schedule", "Esityslistalle", ("approved",), "scheduled", (CRO, SEC)),
    ("unschedule", "Pois esityslistalta", ("scheduled",), "approved", (CRO, SEC)),
    ("publish", "Julkaise esityslistalla", ("scheduled",), "published", (CRO, SEC)),
    ("decide", "Käsitelty", ("published",), "decided", (CRO, SEC)),
    # the closed electronic procedure: a matter demanded to (or left for) a meeting
    ("to_meeting", "Siirretään kokoukseen", ("published",), "approved", (CRO, SEC)),
    ("reopen", "Palauta käsittelyyn", ("decided",), "published", (CRO, SEC)),
    ("check", "Tarkastettu", ("decided",), "checked", (CRO, SEC)),
)

# --------------------------------------------- office-holder decision
#: ``draft``; ``decided``: signed by the decider, numbered; ``called_in``: the
#: board or a committee took it up for itself (otto-oikeus). Publication
#: online is the decider's choice (a field), read through the public version.
DECISION_STATES = (
    ("draft", "Luonnos"),
    ("decided", "Päätetty"),
    ("called_in", "Otettu toimielimen käsiteltäväksi"),
)
DECISION_TABLE = {
    "draft": {
        CRO: "VLHMD",
        PREP: "VLHMD",
        PRES: "VLHMD",
        RO: "VLHM",
        **{SRM: "VLH", REG: "VLH", ARCH: "VLH", SEC: "VLH"},
    },
    **_same(
        ("decided", "called_in"),
        {
            CRO: "VLHM",
            PREP: "VLH",
            PRES: "VLH",
            RO: "VLHM",
            **{SRM: "VLH", REG: "VLH", ARCH: "VLH", SEC: "VLH"},
        },
    ),
}
DECISION_INTERNAL_OVERLAY = _same(("decided", "called_in"), {STAFF: "V", ELECT: "V"})
DECISION_TRANSITIONS = (
    ("decide", "Tee päätös", ("draft",), "decided", (CRO, PRES)),
    ("call_in", "Ota käsiteltäväksi", ("decided",), "called_in", (CRO, SEC)),
)

# ----------------------------------------------------------- INTRANET
#: The staff intranet (``intranet``): news and guidance pages. Staff only in
#: every state: ``Staff`` reaches the intranet through the group
#: ``henkilosto`` granted it on the intranet root (``intranet.setup``), never
#: through ``Authenticated`` (residents sign in too). Editors write and
#: submit; a reviewer publishes, rejects and retracts. Anonymous: nothing.
INTRANET_STATES = (
    ("draft", "Luonnos"),
    ("pending", "Tarkastettavana"),
    ("published", "Julkaistu"),
)
INTRANET_TABLE = {
    "draft": {IEDIT: "VLHMAD", IREV: "VLHMAD"},
    "pending": {IEDIT: "VLHA", IREV: "VLHMAD"},
    "published": {STAFF: "VL", IEDIT: "VLHA", IREV: "VLHMAD"},
}
INTRANET_TRANSITIONS = (
    ("submit", "Lähetä tarkastettavaksi", ("draft",), "pending", (IEDIT, IREV)),
    ("publish", "Julkaise", ("draft", "pending"), "published", (IREV,)),
    ("reject", "Palauta luonnokseksi", ("pending",), "draft", (IREV,)),
    ("retract", "Peru julkaisu", ("published",), "draft", (IREV,)),
)
#: The intranet root: one state, staff read, editors add, reviewers manage.
INTRANET_ROOT_STATES = (("internal", "Henkilöstölle"),)
INTRANET_ROOT_TABLE = {
    "internal": {STAFF: "VL", IEDIT: "VLA", IREV: "VLMA"},
}


# ------------------------------------------------------------- NOTICE
#: A notice of the official notice board (KuntaL 108 §, HL 62 §), in a
#: NoticeBoard. ``draft``: written; ``scheduled``: to appear on its display
#: start (the clock job fires ``display``); ``published``: on the public board;
#: ``ended``: off the web after its display (staff only; the archived copy
#: stays in its case). The registry runs the board: registrars, records
#: officers, sector records managers and the chief records officer write,
#: publish, take back and end. The one user action "Julkaise" is
#: ``publication.notices.publish``: ``publish`` for a start today or earlier,
#: else ``schedule`` (admins only in the guard: the API fires it as Manager
#: after checking that the user may ``publish``); ``display`` is the clock's.
NOTICE_STATES = (
    ("draft", "Luonnos"),
    ("scheduled", "Ajastettu"),
    ("published", "Nähtävillä"),
    ("ended", "Poistunut nähtäviltä"),
)
_NOTICE_WRITERS = (CRO, SRM, RO, REG)
_NOTICE_READERS = {PRES: "VL", PREP: "VL", SEC: "VL", ARCH: "VL", STAFF: "VL"}
NOTICE_TABLE = {
    "draft": {**dict.fromkeys(_NOTICE_WRITERS, "VLMD"), **_NOTICE_READERS},
    "scheduled": {**dict.fromkeys(_NOTICE_WRITERS, "VLM"), **_NOTICE_READERS},
    "published": {
        **dict.fromkeys(_NOTICE_WRITERS, "VL"),
        **_NOTICE_READERS,
        ANONYMOUS: "V",
    },
    "ended": {**dict.fromkeys(_NOTICE_WRITERS, "VL"), **_NOTICE_READERS},
}
NOTICE_TRANSITIONS = (
    ("publish", "Julkaise", ("draft",), "published", _NOTICE_WRITERS),
    ("schedule", "Ajasta", ("draft",), "scheduled", ()),
    ("display", "Tuo nähtäville", ("scheduled",), "published", ()),
    (
        "unpublish",
        "Ota pois nähtäviltä",
        ("scheduled", "published"),
        "draft",
        _NOTICE_WRITERS,
    ),
    ("end", "Päätä nähtävilläolo", ("published",), "ended", _NOTICE_WRITERS),
)


# ----------------------------------------------------------- DISPOSAL
#: A disposal list (hävittämisluettelo, ``archive.disposal``) in its archive
#: creator: ``draft`` drawn from the expired cases, rows removed with a reason
#: by the records officer; ``checked`` by the sector records manager of its
#: scope (or the chief records officer); ``approved`` by the chief records
#: officer only (the rows are fixed); ``executed``: the files are gone, the
#: list and its report are kept permanently (never deleted once approved:
#: ``archive.disposal`` refuses it). Records roles only: never the public,
#: never plain staff or elected officials. ``return``: back to a draft.
DISPOSAL_STATES = (
    ("draft", "Luonnos"),
    ("checked", "Tarkastettu"),
    ("approved", "Hyväksytty"),
    ("executed", "Toteutettu"),
)
_DISPOSAL_READERS = {CRO: "VL", SRM: "VL", RO: "VL", ARCH: "VL"}
DISPOSAL_TABLE = {
    "draft": {CRO: "VLMD", SRM: "VLMD", RO: "VLMD", ARCH: "VL"},
    **_same(("checked", "approved", "executed"), _DISPOSAL_READERS),
}
DISPOSAL_TRANSITIONS = (
    ("check", "Tarkasta", ("draft",), "checked", (CRO, SRM)),
    ("approve", "Hyväksy", ("checked",), "approved", (CRO,)),
    ("execute", "Toteuta hävittäminen", ("approved",), "executed", (CRO, SRM)),
    (
        "return",
        "Palauta luonnokseksi",
        ("checked", "approved"),
        "draft",
        (CRO, SRM),
    ),
)


@dataclass(frozen=True)
class Workflow:
    """One generated DCWorkflow: a family's variant."""

    id: str
    title: str
    family: str
    variant: str
    types: tuple
    codes: str
    states: tuple
    initial: str
    table: dict
    transitions: tuple


def _merge(*tables):
    merged = {}
    for table in tables:
        for state, row in table.items():
            target = merged.setdefault(state, {})
            for role, codes in row.items():
                target[role] = "".join(sorted(set(target.get(role, "")) | set(codes)))
    return merged


CASE_TYPES = ("Case",)
DOCUMENT_TYPES = ("CaseDocument",)
CONTAINER_TYPES = (
    "ArchiveCreator",
    "SubArchiveCreator",
    "ClassificationPlan",
    "TaskClass",
    "Registry",
    "Body",
    "NoticeBoard",
)
MEETING_TYPES = ("Meeting",)
ITEM_TYPES = ("AgendaItem",)
DECISION_TYPES = ("OfficeHolderDecision",)
NOTICE_TYPES = ("Notice",)
DISPOSAL_TYPES = ("DisposalList",)
INTRANET_TYPES = ("IntranetPage", "IntranetNews")
INTRANET_ROOT_TYPES = ("Intranet",)

WORKFLOWS = (
    Workflow(
        "municipality_case_workflow",
        "Asian käsittely (rajattu)",
        "case",
        "restricted",
        CASE_TYPES,
        "VLHMAD",
        CASE_STATES,
        "vireilla",
        _merge(CASE_TABLE),
        CASE_TRANSITIONS,
    ),
    Workflow(
        "municipality_case_workflow_public",
        "Asian käsittely (julkinen)",
        "case",
        "public",
        (),
        "VLHMAD",
        CASE_STATES,
        "vireilla",
        _merge(CASE_TABLE, CASE_INTERNAL_OVERLAY, CASE_PUBLIC_OVERLAY),
        CASE_TRANSITIONS,
    ),
    Workflow(
        "municipality_case_workflow_internal",
        "Asian käsittely (sisäinen)",
        "case",
        "internal",
        (),
        "VLHMAD",
        CASE_STATES,
        "vireilla",
        _merge(CASE_TABLE, CASE_INTERNAL_OVERLAY),
        CASE_TRANSITIONS,
    ),
    Workflow(
        "municipality_document_workflow",
        "Asiakirja (rajattu)",
        "document",
        "restricted",
        DOCUMENT_TYPES,
        "VHMD",
        DOCUMENT_STATES,
        "draft",
        _merge(DOCUMENT_TABLE),
        DOCUMENT_TRANSITIONS,
    ),
    Workflow(
        "municipality_document_workflow_internal",
        "Asiakirja (sisäinen)",
        "document",
        "internal",
        (),
        "VHMD",
        DOCUMENT_STATES,
        "draft",
        _merge(DOCUMENT_TABLE, DOCUMENT_INTERNAL_OVERLAY),
        DOCUMENT_TRANSITIONS,
    ),
    Workflow(
        "municipality_document_workflow_public",
        "Asiakirja (julkinen)",
        "document",
        "public",
        (),
        "VHMD",
        DOCUMENT_STATES,
        "draft",
        _merge(DOCUMENT_TABLE, DOCUMENT_PUBLIC_OVERLAY),
        DOCUMENT_TRANSITIONS,
    ),
    Workflow(
        "municipality_records_container_workflow",
        "Asiakirjahallinnon kansio",
        "container",
        "single",
        CONTAINER_TYPES,
        "VLMAD",
        CONTAINER_STATES,
        "internal",
        _merge(CONTAINER_TABLE),
        CONTAINER_TRANSITIONS,
    ),
    Workflow(
        "municipality_meeting_workflow",
        "Kokous",
        "meeting",
        "single",
        MEETING_TYPES,
        "VLMAD",
        MEETING_STATES,
        "planned",
        _merge(MEETING_TABLE),
        MEETING_TRANSITIONS,
    ),
    Workflow(
        "municipality_item_workflow",
        "Asiakohta (rajattu)",
        "item",
        "restricted",
        ITEM_TYPES,
        "VLHMD",
        ITEM_STATES,
        "draft",
        _merge(ITEM_TABLE),
        ITEM_TRANSITIONS,
    ),
    Workflow(
        "municipality_item_workflow_internal",
        "Asiakohta (sisäinen)",
        "item",
        "internal",
        (),
        "VLHMD",
        ITEM_STATES,
        "draft",
        _merge(ITEM_TABLE, ITEM_INTERNAL_OVERLAY),
        ITEM_TRANSITIONS,
    ),
    Workflow(
        "municipality_decision_workflow",
        "Viranhaltijapäätös (rajattu)",
        "decision",
        "restricted",
        DECISION_TYPES,
        "VLHMD",
        DECISION_STATES,
        "draft",
        _merge(DECISION_TABLE),
        DECISION_TRANSITIONS,
    ),
    Workflow(
        "municipality_decision_workflow_internal",
        "Viranhaltijapäätös (sisäinen)",
        "decision",
        "internal",
        (),
        "VLHMD",
        DECISION_STATES,
        "draft",
        _merge(DECISION_TABLE, DECISION_INTERNAL_OVERLAY),
        DECISION_TRANSITIONS,
    ),
    Workflow(
        "municipality_intranet_workflow",
        "Intranet",
        "intranet",
        "single",
        INTRANET_TYPES,
        "VLHMAD",
        INTRANET_STATES,
        "draft",
        _merge(INTRANET_TABLE),
        INTRANET_TRANSITIONS,
    ),
    Workflow(
        "municipality_intranet_root_workflow",
        "Intranetin juuri",
        "intranet_root",
        "single",
        INTRANET_ROOT_TYPES,
        "VLMA",
        INTRANET_ROOT_STATES,
        "internal",
        _merge(INTRANET_ROOT_TABLE),
        (),
    ),
    Workflow(
        "municipality_notice_workflow",
        "Kuulutus",
        "notice",
        "single",
        NOTICE_TYPES,
        "VLMD",
        NOTICE_STATES,
        "draft",
        _merge(NOTICE_TABLE),
        NOTICE_TRANSITIONS,
    ),
    Workflow(
        "municipality_disposal_workflow",
        "Hävittämisluettelo",
        "disposal",
        "single",
        DISPOSAL_TYPES,
        "VLMD",
        DISPOSAL_STATES,
        "draft",
        _merge(DISPOSAL_TABLE),
        DISPOSAL_TRANSITIONS,
    ),
)
WORKFLOWS_BY_ID = {wf.id: wf for wf in WORKFLOWS}
#: family -> variant -> workflow id
VARIANTS = {}
for _wf in WORKFLOWS:
    VARIANTS.setdefault(_wf.family, {})[_wf.variant] = _wf.id


def permissions_of(workflow):
    """The Zope permissions a workflow manages, in a stable order."""
    return tuple(perm for code in workflow.codes for perm in CODES[code])


def roles_for(workflow_id, state, permission):
    """The roles holding ``permission`` in ``state`` of ``workflow_id`` (sorted)."""
    workflow = WORKFLOWS_BY_ID[workflow_id]
    row = workflow.table.get(state, {})
    roles = set(ADMIN_ROLES)
    for role, codes in row.items():
        if any(permission in CODES[code] for code in codes if code in workflow.codes):
            roles.add(role)
    return tuple(sorted(roles))


#: Case transitions fired only by an archive procedure (cases.removal.procedure:
#: a disposal list's execution, a SÄHKE2 transfer): their guard adds this
#: expression, so neither the state menu nor @workflow offers them by hand.
PROCEDURE_TRANSITIONS = ("dispose", "transfer")
PROCEDURE_GUARD = (
    "python:modules['municipality.policy.cases.removal']"
    ".procedure_open(here, '{transition}')"
)


def transition_expression(workflow_id, transition_id):
    """The guard expression of a transition, or None (roles only)."""
    family = WORKFLOWS_BY_ID[workflow_id].family
    if family == "case" and transition_id in PROCEDURE_TRANSITIONS:
        return PROCEDURE_GUARD.format(transition=transition_id)
    return None


def transition_roles(workflow_id, transition_id):
    """The roles that may fire ``transition_id`` (sorted, admins included)."""
    for tid, _title, _sources, _target, roles in WORKFLOWS_BY_ID[
        workflow_id
    ].transitions:
        if tid == transition_id:
            return tuple(sorted(set(roles) | set(ADMIN_ROLES)))
    raise KeyError(transition_id)


#: Site-wide permissions of this package (permissions.zcml) -> roles (rolemap.xml).
SITE_PERMISSIONS = (
    (
        "municipality.policy.ViewAccessLog",
        "municipality.policy: View access log",
        ADMIN_ROLES + (CRO, SRM),
    ),
    (
        "municipality.policy.DelegateRoles",
        "municipality.policy: Delegate roles",
        ADMIN_ROLES + (CRO, SRM, RO),
    ),
    (
        "municipality.policy.ViewResponsibilities",
        "municipality.policy: View responsibilities",
        ADMIN_ROLES + (CRO, SRM, RO),
    ),
    # A case's retention period away from its task class's (plus a reason).
    (
        "municipality.policy.ChangeRetention",
        "municipality.policy: Change retention period",
        ADMIN_ROLES + (CRO, SRM, RO),
    ),
    # A registered case's task class (plus a reason; its diary number stays).
    (
        "municipality.policy.ChangeTaskClass",
        "municipality.policy: Change task class",
        ADMIN_ROLES + (CRO, SRM, RO),
    ),
    # Meetings of a body (the add permission of the Meeting type).
    (
        "municipality.policy.AddMeeting",
        "municipality.policy: Add Meeting",
        ADMIN_ROLES + (CRO, SEC),
    ),
    # Notices of the notice board (the add permission of the Notice type).
    (
        "municipality.policy.AddNotice",
        "municipality.policy: Add Notice",
        ADMIN_ROLES + (CRO, SRM, RO, REG),
    ),
    # The publication log (@@publication-log): the registry and records managers.
    (
        "municipality.policy.ViewPublicationLog",
        "municipality.policy: View publication log",
        ADMIN_ROLES + (CRO, SRM, RO, REG),
    ),
    # Disposal lists (the add permission of the DisposalList type): drawn by
    # records officers and above (archive.disposal).
    (
        "municipality.policy.AddDisposalList",
        "municipality.policy: Add DisposalList",
        ADMIN_ROLES + (CRO, SRM, RO),
    ),
    # Transfer packages of closed permanent cases (archive.sahke2_transfer,
    # @@archival-transfer): the chief records officer.
    (
        "municipality.policy.TransferToArchive",
        "municipality.policy: Transfer to archive",
        ADMIN_ROLES + (CRO,),
    ),
)
