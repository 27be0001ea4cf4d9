"""The JHS 191 code lists as data: value, msgid, English, Finnish, Swedish.

The English text is the msgid's ``default``; the Finnish and Swedish texts are in
the ``municipality`` catalogues. ``vocabularies.py`` builds the named
vocabularies from these tables; importer and exporter map them to JHS 191 codes.
Source of the lists: JHS 191 ``Skeema_TOS_atomaariset.xsd`` (see data/README.md).
"""

#: value, msgid, en, fi, sv; ``jhs`` maps the value to JulkisuusluokkaKoodi.
PUBLICITY_CLASSES = (
    ("public", "label_publicity_public", "Public", "Julkinen", "Offentlig"),
    (
        "partly_secret",
        "label_publicity_partly_secret",
        "Partly secret",
        "Osittain salassapidettävä",
        "Delvis sekretessbelagd",
    ),
    (
        "secret",
        "label_publicity_secret",
        "Secret",
        "Salassa pidettävä",
        "Sekretessbelagd",
    ),
    (
        "not_yet_public",
        "label_publicity_not_yet_public",
        "Not yet public",
        "Ei vielä julkinen",
        "Ännu inte offentlig",
    ),
)
PUBLICITY_JHS = {"public": 1, "partly_secret": 2, "secret": 3, "not_yet_public": 4}

PERSONAL_DATA_CLASSES = (
    (
        "none",
        "label_personal_data_none",
        "No personal data",
        "Ei sisällä henkilötietoja",
        "Innehåller inte personuppgifter",
    ),
    (
        "personal",
        "label_personal_data_personal",
        "Contains personal data",
        "Sisältää henkilötietoja",
        "Innehåller personuppgifter",
    ),
    (
        "sensitive",
        "label_personal_data_sensitive",
        "Contains special-category personal data",
        "Sisältää arkaluonteisia henkilötietoja",
        "Innehåller särskilda kategorier av personuppgifter",
    ),
    (
        "criminal",
        "label_personal_data_criminal",
        "Contains data on criminal convictions and offences",
        "Sisältää rikostuomioihin ja rikkomuksiin liittyviä henkilötietoja",
        "Innehåller personuppgifter om fällande domar och brott",
    ),
)
#: JHS 191 HenkilotietoluonneKoodi has three values; criminal data is special.
PERSONAL_DATA_JHS = {"none": 1, "personal": 2, "sensitive": 3, "criminal": 3}

PROTECTION_LEVELS = (
    (
        "I",
        "label_protection_level_I",
        "Protection level I",
        "Suojaustaso I",
        "Skyddsnivå I",
    ),
    (
        "II",
        "label_protection_level_II",
        "Protection level II",
        "Suojaustaso II",
        "Skyddsnivå II",
    ),
    (
        "III",
        "label_protection_level_III",
        "Protection level III",
        "Suojaustaso III",
        "Skyddsnivå III",
    ),
    (
        "IV",
        "label_protection_level_IV",
        "Protection level IV",
        "Suojaustaso IV",
        "Skyddsnivå IV",
    ),
)
PROTECTION_JHS = {"I": 1, "II": 2, "III": 3, "IV": 4}

#: Years; -1 is permanent retention.
RETENTION_PERIODS = (0, 3, 6, 10, 20, 50, 120, -1)
SECRECY_PERIODS = (25, 50, 100)

#: value, msgid, en, fi, sv; fi is also the JHS 191 SailytysajanLaskentaperusteTeksti.
RETENTION_START_RULES = (
    (
        "case_closed",
        "label_retention_start_case_closed",
        "Final resolution of the case",
        "Asian lopullinen ratkaisu",
        "Ärendets slutliga avgörande",
    ),
    (
        "decision",
        "label_retention_start_decision",
        "Date of the decision",
        "Päätöksen päivämäärä",
        "Beslutets datum",
    ),
    (
        "document_created",
        "label_retention_start_document_created",
        "Date of the document",
        "Asiakirjan päivämäärä",
        "Handlingens datum",
    ),
    (
        "birth_date",
        "label_retention_start_birth_date",
        "Date of birth of the person",
        "Henkilön syntymäaika",
        "Personens födelsedatum",
    ),
    (
        "death_date",
        "label_retention_start_death_date",
        "Date of death of the person",
        "Henkilön kuolinpäivä",
        "Personens dödsdag",
    ),
)

#: value (JHS 191 ToimenpideluokkaTeksti, ASCII), msgid, en, fi, sv.
ACTION_CLASSES = (
    ("ohjaus", "label_phase_action_ohjaus", "Guidance", "Ohjaus", "Styrning"),
    (
        "vireilletulo",
        "label_phase_action_vireilletulo",
        "Initiation",
        "Vireilletulo",
        "Anhängiggörande",
    ),
    (
        "valmistelu",
        "label_phase_action_valmistelu",
        "Preparation",
        "Valmistelu",
        "Beredning",
    ),
    (
        "paatoksenteko",
        "label_phase_action_paatoksenteko",
        "Decision-making",
        "Päätöksenteko",
        "Beslutsfattande",
    ),
    (
        "toimeenpano",
        "label_phase_action_toimeenpano",
        "Execution",
        "Toimeenpano",
        "Verkställighet",
    ),
    (
        "tiedoksianto",
        "label_phase_action_tiedoksianto",
        "Notification",
        "Tiedoksianto",
        "Delgivning",
    ),
    (
        "muutoksenhaku",
        "label_phase_action_muutoksenhaku",
        "Appeal",
        "Muutoksenhaku",
        "Ändringssökande",
    ),
    ("seuranta", "label_phase_action_seuranta", "Follow-up", "Seuranta", "Uppföljning"),
    (
        "rekisterointi",
        "label_phase_action_rekisterointi",
        "Document registration",
        "Asiakirjan kirjaus",
        "Registrering av handling",
    ),
    (
        "tila",
        "label_phase_action_tila",
        "Status change",
        "Tilan muutos",
        "Statusändring",
    ),
)
#: Action classes the system writes (not offered for a hand-written phase).
SYSTEM_ACTION_CLASSES = ("rekisterointi", "tila")
#: JHS 191 spelling of the action classes (the values are ASCII).
ACTION_JHS = {"paatoksenteko": "päätöksenteko"}

DIRECTIONS = (
    ("incoming", "label_direction_incoming", "Incoming", "Saapuva", "Inkommande"),
    ("outgoing", "label_direction_outgoing", "Outgoing", "Lähtevä", "Utgående"),
    ("internal", "label_direction_internal", "Internal", "Sisäinen", "Intern"),
)

#: JHS 191 record types (AsiakirjaluokkaTeksti): value (Finnish), en, sv.
RECORD_TYPES = (
    ("Aloite", "Initiative", "Initiativ"),
    ("Asetus", "Decree", "Förordning"),
    ("Ehdotus", "Proposal", "Förslag"),
    ("Esitys", "Submission", "Framställning"),
    ("Esityslista", "Agenda", "Föredragningslista"),
    ("Hakemus", "Application", "Ansökan"),
    ("Ilmoitus", "Notification", "Anmälan"),
    ("Julkaisu", "Publication", "Publikation"),
    ("Kannanotto", "Statement of position", "Ställningstagande"),
    ("Kantelu", "Complaint", "Klagomål"),
    ("Kartta", "Map", "Karta"),
    ("Kertomus", "Account", "Berättelse"),
    ("Kirje", "Letter", "Brev"),
    ("Kutsu", "Invitation", "Kallelse"),
    ("Kuulutus", "Public notice", "Kungörelse"),
    ("Kuva", "Image", "Bild"),
    ("Laki", "Act", "Lag"),
    ("Lasku", "Invoice", "Faktura"),
    ("Lausunto", "Statement", "Utlåtande"),
    ("Lausuntopyyntö", "Request for a statement", "Begäran om utlåtande"),
    ("Liite", "Attachment", "Bilaga"),
    ("Luettelo", "List", "Förteckning"),
    ("Lupa", "Permit", "Tillstånd"),
    ("Mietintö", "Committee report", "Betänkande"),
    ("Muistio", "Memorandum", "Promemoria"),
    ("Määräys", "Regulation", "Föreskrift"),
    ("Nimittämiskirja", "Letter of appointment", "Förordnande"),
    ("Ohje", "Instruction", "Anvisning"),
    ("Ohjelma", "Programme", "Program"),
    ("Oikaisuvaatimus", "Claim for rectification", "Begäran om omprövning"),
    ("Ote", "Extract", "Utdrag"),
    ("Piirustus", "Drawing", "Ritning"),
    ("Pyyntö", "Request", "Begäran"),
    ("Päätös", "Decision", "Beslut"),
    ("Pöytäkirja", "Minutes", "Protokoll"),
    ("Raportti", "Report", "Rapport"),
    ("Seloste", "Description", "Redogörelse"),
    ("Selvitys", "Study", "Utredning"),
    ("Sopimus", "Agreement", "Avtal"),
    ("Strategia", "Strategy", "Strategi"),
    ("Suositus", "Recommendation", "Rekommendation"),
    ("Suunnitelma", "Plan", "Plan"),
    ("Talousarvio", "Budget", "Budget"),
    ("Tarjous", "Tender", "Anbud"),
    ("Tarjouspyyntö", "Call for tenders", "Anbudsförfrågan"),
    ("Teos", "Work", "Verk"),
    ("Tiedote", "Press release", "Pressmeddelande"),
    ("Tilasto", "Statistics", "Statistik"),
    ("Tilaus", "Purchase order", "Beställning"),
    ("Tilinpäätös", "Financial statements", "Bokslut"),
    ("Todistus", "Certificate", "Intyg"),
    ("Tosite", "Voucher", "Verifikat"),
    ("Valitus", "Appeal", "Besvär"),
    ("Valtakirja", "Power of attorney", "Fullmakt"),
    ("Vastine", "Reply", "Bemötande"),
    ("Yhteenveto", "Summary", "Sammandrag"),
)

#: Grounds of secrecy of the Act on the Openness of Government Activities,
#: section 24, subsection 1, points 1-32 (token ``24.1.<point>``).
SECURITY_REASON_POINTS = tuple(range(1, 33))


def security_reason_title(token):
    """``24.1.25`` -> ``JulkL (621/1999) 24.1 § 25 k``."""
    section, subsection, point = token.split(".")
    return f"JulkL (621/1999) {section}.{subsection} § {point} k"


def ascii_token(value):
    """A 7-bit token for a Finnish value (``Päätös`` -> ``Paatos``)."""
    table = str.maketrans({"ä": "a", "ö": "o", "å": "a", "Ä": "A", "Ö": "O", "Å": "A"})
    return value.translate(table)


def record_type_msgid(value):
    return "label_record_type_" + ascii_token(value).lower()
