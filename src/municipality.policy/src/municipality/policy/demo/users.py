"""Demo users and groups for every role of the responsibility chain.

All demo accounts share the documented password ``DEMO_PASSWORD``.
"""

from municipality.policy.demo.organisation import archive_creator
from municipality.policy.security import grants
from plone import api


DEMO_PASSWORD = "Demo-2026"

#: (user id, full name, role, where: None = archive creator, else sub-archive creator id)
USERS = (
    ("arkistojohtaja", "Aino Arkistojohtaja", "ChiefRecordsOfficer", None),
    ("kirjaaja", "Kalle Kirjaaja", "Registrar", None),
    ("arkistonhoitaja", "Anna Arkistonhoitaja", "Archivist", None),
    # decision-making (demo.meetings): elected officials who are members of a
    # body, the council's and the board's secretary and the board's presenter
    ("valtuutettu", "Ville Valtonen", "ElectedOfficial", "valtuusto"),
    ("hallitus-jasen", "Christina Holmström", "ElectedOfficial", "kunnanhallitus"),
    ("hallintosihteeri", "Hanna Lindfors", "MeetingSecretary", "valtuusto"),
    ("hallintosihteeri", "Hanna Lindfors", "MeetingSecretary", "kunnanhallitus"),
    ("kunnanjohtaja", "Matti Mäkelä", "Presenter", "kunnanhallitus"),
    (
        "sivistys-puheenjohtaja",
        "Päivi Saarinen",
        "ElectedOfficial",
        "sivistyslautakunta",
    ),
    ("sivistys-jasen", "Hannele Virtanen", "ElectedOfficial", "sivistyslautakunta"),
    ("tekninen-jasen", "Kimmo Savolainen", "ElectedOfficial", "tekninen-lautakunta"),
)

#: Two sectors with the whole chain below the chief records officer.
SECTORS = {
    "sivistyslautakunta": "sivistys",
    "tekninen-lautakunta": "tekninen",
}
SECTOR_ROLES = (
    ("vastuuhenkilo", "Vastuuhenkilö", "SectorRecordsManager"),
    ("asiakirjavastaava", "Asiakirjavastaava", "RecordsOfficer"),
    ("valmistelija", "Valmistelija", "Preparer"),
    ("esittelija", "Esittelijä", "Presenter"),
    ("sihteeri", "Sihteeri", "MeetingSecretary"),
    ("luottamushenkilo", "Luottamushenkilö", "ElectedOfficial"),
    ("henkilosto", "Henkilöstö", "Staff"),
)


def demo_accounts():
    """Yield ``(user id, full name, role, place id or None, group id or None)``."""
    for user_id, fullname, role, place in USERS:
        yield user_id, fullname, role, place, None
    for place, prefix in SECTORS.items():
        for suffix, title, role in SECTOR_ROLES:
            user_id = f"{prefix}-{suffix}"
            fullname = f"{title} ({prefix.capitalize()})"
            yield user_id, fullname, role, place, f"{prefix}-{suffix}-ryhma"


def ensure_user(user_id, fullname):
    user = api.user.get(userid=user_id)
    if user is None:
        user = api.user.create(
            email=f"{user_id}@esimerkkikunta.invalid",
            username=user_id,
            password=DEMO_PASSWORD,
            properties={"fullname": fullname},
        )
    return user


def ensure_group(group_id, title):
    group = api.group.get(groupname=group_id)
    if group is None:
        group = api.group.create(groupname=group_id, title=title)
    return group


DEMO_REASON = "Esimerkkikunnan demo"


def load(portal):
    """Create the accounts and grant their roles through the grant-with-cause
    API (idempotent): individuals as manual grants, sector groups as sector
    membership."""
    creator = archive_creator(portal)
    for user_id, fullname, role, place, group_id in demo_accounts():
        ensure_user(user_id, fullname)
        obj = creator if place is None else creator[place]
        if group_id is None:
            grants.grant(obj, user_id, role, cause="manual", reason=DEMO_REASON)
            continue
        ensure_group(group_id, f"{fullname}: {role}")
        api.group.add_user(groupname=group_id, username=user_id)
        grants.grant(obj, group_id, role, cause="sector_membership", reason=DEMO_REASON)
