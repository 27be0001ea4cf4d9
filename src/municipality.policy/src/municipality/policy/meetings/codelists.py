"""The code lists of decision-making as data: value, msgid, English, Finnish, Swedish.

The English text is the msgid's default; Finnish and Swedish are in the
``municipality`` catalogues. ``vocabularies.py`` builds the named vocabularies.
"""

BODY_KINDS = (
    ("valtuusto", "label_body_kind_valtuusto", "Council", "Valtuusto", "Fullmäktige"),
    ("hallitus", "label_body_kind_hallitus", "Board", "Hallitus", "Styrelse"),
    ("lautakunta", "label_body_kind_lautakunta", "Committee", "Lautakunta", "Nämnd"),
    ("jaosto", "label_body_kind_jaosto", "Division", "Jaosto", "Sektion"),
    (
        "johtokunta",
        "label_body_kind_johtokunta",
        "Board of directors",
        "Johtokunta",
        "Direktion",
    ),
)

MEMBER_FUNCTIONS = (
    ("chair", "label_function_chair", "Chair", "Puheenjohtaja", "Ordförande"),
    (
        "vice_chair",
        "label_function_vice_chair",
        "Vice chair",
        "Varapuheenjohtaja",
        "Vice ordförande",
    ),
    ("member", "label_function_member", "Member", "Jäsen", "Ledamot"),
)

MEETING_MODES = (
    ("physical", "label_mode_physical", "Physical meeting", "Kokous", "Sammanträde"),
    (
        "electronic",
        "label_mode_electronic",
        "Electronic meeting",
        "Sähköinen kokous",
        "Elektroniskt sammanträde",
    ),
    (
        "hybrid",
        "label_mode_hybrid",
        "Hybrid meeting",
        "Hybridikokous",
        "Hybridsammanträde",
    ),
    (
        "closed_procedure",
        "label_mode_closed_procedure",
        "Closed electronic decision procedure",
        "Sähköinen päätöksentekomenettely",
        "Elektroniskt beslutsförfarande",
    ),
)

#: Capacity of a participant in the minutes' attendance list.
CAPACITIES = (
    ("member", "label_capacity_member", "Member", "Jäsen", "Ledamot"),
    ("deputy", "label_capacity_deputy", "Deputy", "Varajäsen", "Ersättare"),
    ("chair", "label_capacity_chair", "Chair", "Puheenjohtaja", "Ordförande"),
    (
        "secretary",
        "label_capacity_secretary",
        "Secretary",
        "Pöytäkirjanpitäjä",
        "Protokollförare",
    ),
    (
        "presenter",
        "label_capacity_presenter",
        "Presenter",
        "Esittelijä",
        "Föredragande",
    ),
    ("other", "label_capacity_other", "Other attendee", "Muu osallistuja", "Övrig"),
)

RESOLUTIONS = (
    (
        "as_proposed",
        "label_resolution_as_proposed",
        "Accepted as proposed",
        "Hyväksyttiin ehdotuksen mukaisesti",
        "Godkändes enligt förslaget",
    ),
    (
        "after_vote",
        "label_resolution_after_vote",
        "Decided after a vote",
        "Päätettiin äänestyksen jälkeen",
        "Beslöts efter omröstning",
    ),
    (
        "amended",
        "label_resolution_amended",
        "Accepted as amended",
        "Hyväksyttiin muutettuna",
        "Godkändes med ändringar",
    ),
    (
        "revised_by_presenter",
        "label_resolution_revised_by_presenter",
        "Accepted as revised by the presenter",
        "Hyväksyttiin esittelijän muutetun ehdotuksen mukaisesti",
        "Godkändes enligt föredragandens ändrade förslag",
    ),
    ("rejected", "label_resolution_rejected", "Rejected", "Hylättiin", "Förkastades"),
    (
        "tabled",
        "label_resolution_tabled",
        "Tabled",
        "Jätettiin pöydälle",
        "Bordlades",
    ),
    (
        "returned",
        "label_resolution_returned",
        "Returned for preparation",
        "Palautettiin valmisteluun",
        "Återremitterades",
    ),
    (
        "removed",
        "label_resolution_removed",
        "Removed from the agenda",
        "Poistettiin esityslistalta",
        "Ströks från föredragningslistan",
    ),
    (
        "noted",
        "label_resolution_noted",
        "Noted for information",
        "Merkittiin tiedoksi",
        "Antecknades för kännedom",
    ),
    ("election", "label_resolution_election", "Election", "Vaali", "Val"),
)

APPEAL_TYPES = (
    (
        "rectification",
        "label_appeal_rectification",
        "Rectification claim (14 days)",
        "Oikaisuvaatimus (14 päivää)",
        "Begäran om omprövning (14 dagar)",
    ),
    (
        "municipal_appeal",
        "label_appeal_municipal_appeal",
        "Municipal appeal (30 days)",
        "Kunnallisvalitus (30 päivää)",
        "Kommunalbesvär (30 dagar)",
    ),
    (
        "special_appeal",
        "label_appeal_special_appeal",
        "Appeal under a special law",
        "Erityislain mukainen valitus",
        "Besvär enligt speciallag",
    ),
    (
        "none",
        "label_appeal_none",
        "No appeal (preparation or execution)",
        "Ei muutoksenhakuoikeutta (valmistelu tai täytäntöönpano)",
        "Ingen rätt att söka ändring (beredning eller verkställighet)",
    ),
)
#: Appeal period in days (from the day the decision is deemed known).
APPEAL_DAYS = {"rectification": 14, "municipal_appeal": 30}

VOTE_CHOICES = (
    ("jaa", "label_vote_jaa", "Yes", "Jaa", "Ja"),
    ("ei", "label_vote_ei", "No", "Ei", "Nej"),
    ("tyhja", "label_vote_tyhja", "Blank", "Tyhjää", "Blankt"),
    ("poissa", "label_vote_poissa", "Absent", "Poissa", "Frånvarande"),
)

#: How an extract or a decision was sent to a party: days until deemed received.
DELIVERY_METHODS = (
    ("letter", "label_delivery_letter", "Letter", "Kirje", "Brev"),
    (
        "email",
        "label_delivery_email",
        "E-mail (with consent)",
        "Sähköposti (suostumuksella)",
        "E-post (med samtycke)",
    ),
    (
        "web",
        "label_delivery_web",
        "Publication on the web",
        "Julkaisu verkossa",
        "Publicering på webben",
    ),
    (
        "in_person",
        "label_delivery_in_person",
        "Handed over in person",
        "Luovutettu henkilökohtaisesti",
        "Överlämnat personligen",
    ),
)
DEEMED_RECEIVED_DAYS = {"letter": 7, "email": 3, "web": 7, "in_person": 0}
