"""The demo's older closed cases: what a records manager's year-end work starts from."""

from datetime import date
from municipality.policy.archive import retention
from plone import api


def _cases(portal):
    registry = portal["esimerkkikunta"]["kirjaamo"]
    return {
        brain.Title: brain.getObject()
        for brain in api.content.find(
            context=registry, portal_type="Case", diary_year=[2013, 2014, 2015, 2016]
        )
    }


def test_old_cases_keep_their_years_and_closing_days(demo_portal):
    cases = _cases(demo_portal)
    assert len(cases) == 7
    summer = cases["Kunnanviraston aukioloajat kesällä 2013"]
    assert summer.diary_number.endswith("/2013")
    assert api.content.get_state(summer) == "paattynyt"
    assert retention.closed_day(summer) == date(2013, 6, 14)


def test_retention_ends_by_hand(demo_portal):
    cases = _cases(demo_portal)
    ends = {title: retention.retention_end(case) for title, case in cases.items()}
    # 10 years from 1 January after the closing year
    assert ends["Kunnanviraston aukioloajat kesällä 2013"] == date(2024, 1, 1)
    assert ends["Hallintosäännön tarkistaminen 2013"] == date(2025, 1, 1)
    assert ends["Tilintarkastuspalveluiden kilpailutus 2014"] == date(2025, 1, 1)
    assert ends["Hankintojen kilpailutus, koulukuljetukset 2016"] == date(2027, 1, 1)
    # permanent: never
    assert ends["Kunnanvaltuuston kokousten pöytäkirjat 2015"] is None
    assert ends["Kirkonkylän osayleiskaava"] is None


def test_expired_leaves_out_the_hold_and_the_future(demo_portal):
    creator = demo_portal["esimerkkikunta"]
    titles = {
        brain.Title
        for brain in retention.expired(creator, on=date(2026, 12, 1))
        if brain.diary_year in (2013, 2014, 2015, 2016)
    }
    assert titles == {
        "Kunnanviraston aukioloajat kesällä 2013",
        "Hallintosäännön tarkistaminen 2013",
        "Tilintarkastuspalveluiden kilpailutus 2014",
    }
    held = _cases(demo_portal)["Vahingonkorvausvaatimus, katuvalaistuksen vaurio"]
    assert retention.on_hold(held)
    assert retention.retention_end(held) == date(2025, 1, 1)
