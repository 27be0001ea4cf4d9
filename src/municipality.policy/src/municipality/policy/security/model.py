"""The role model of the records-management responsibility chain.

This module is the one declarative place for roles. Workflows, rolemap.xml and
the permission tests read it; nothing else may name these roles' rank.

Chain: municipal board -> chief records officer -> archive creator and
sub-archive creators -> sector records managers -> records officers ->
registrars, preparers, presenters, meeting secretaries, elected officials,
archivists and other staff.
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
    Role("ChiefRecordsOfficer", "Arkistotoimen johtava viranhaltija",
         "Ledande tjänsteinnehavare för arkivväsendet", "Chief records officer", 90),
    Role("SectorRecordsManager", "Asiakirjahallinnon vastuuhenkilö",
         "Ansvarsperson för dokumentförvaltning", "Sector records manager", 70),
    Role("RecordsOfficer", "Asiakirjavastaava", "Dokumentansvarig",
         "Records officer", 50),
    Role("Registrar", "Kirjaaja", "Registrator", "Registrar", 30),
    Role("Presenter", "Esittelijä", "Föredragande", "Presenter", 30),
    Role("Preparer", "Valmistelija", "Beredare", "Preparer", 20),
    Role("MeetingSecretary", "Pöytäkirjanpitäjä", "Protokollförare",
         "Meeting secretary", 20),
    Role("Archivist", "Arkistonhoitaja", "Arkivarie", "Archivist", 20),
    Role("ElectedOfficial", "Luottamushenkilö", "Förtroendevald",
         "Elected official", 10),
    Role("Staff", "Henkilöstö", "Personal", "Staff", 10),
)

ROLE_IDS = tuple(role.id for role in ROLES)
ROLES_BY_ID = {role.id: role for role in ROLES}
