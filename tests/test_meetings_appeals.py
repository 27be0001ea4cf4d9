"""Deemed receipt and the last day of appeal across Finnish holidays, and the
appeal instructions' texts.

Every expected day is counted by hand from a calendar (2026: Easter Sunday
5 April, Midsummer Eve Friday 19 June, Independence Day Sunday 6 December,
Christmas Eve Thursday 24 December; 2027: New Year's Day Friday,
Independence Day Monday 6 December). A letter is received on the 7th day
after sending, an e-mail on the 3rd, a web publication on the 7th; the day
of receipt is not counted; a last day on a weekend or holiday moves to the
next working day.
"""

from datetime import date
from municipality.policy.meetings import appeals
from municipality.policy.meetings import appealtexts
from zope.publisher.browser import TestRequest as Request
import pytest


D = date


@pytest.mark.parametrize(
    "sent, method, received",
    [
        (D(2026, 12, 4), "letter", D(2026, 12, 11)),  # Fri -> Fri
        (D(2026, 12, 15), "email", D(2026, 12, 18)),  # Tue -> Fri
        (D(2026, 5, 29), "web", D(2026, 6, 5)),  # minutes online Fri -> Fri
        (D(2026, 9, 2), "email", D(2026, 9, 5)),  # received on a Saturday: fine
        (D(2026, 3, 10), "in_person", D(2026, 3, 10)),
    ],
)
def test_deemed_received(sent, method, received):
    assert appeals.deemed_received(sent, method) == received


@pytest.mark.parametrize(
    "received, appeal_type, last_day, why",
    [
        # Christmas: 11.12. + 14 = Fri 25.12. Christmas Day, 26.12. Boxing Day
        # (Sat), Sun 27.12. -> Mon 28.12.
        (D(2026, 12, 11), "rectification", D(2026, 12, 28), "Christmas Day"),
        # Christmas Eve: 10.12. + 14 = Thu 24.12. -> 25., 26., 27. -> Mon 28.12.
        (D(2026, 12, 10), "rectification", D(2026, 12, 28), "Christmas Eve"),
        # New Year: 18.12. + 14 = Fri 1.1.2027 -> Sat, Sun -> Mon 4.1.2027
        (D(2026, 12, 18), "rectification", D(2027, 1, 4), "New Year's Day"),
        # 30 days over the turn of the year: 11.12. + 30 = Sun 10.1.2027 -> Mon 11.1.
        (D(2026, 12, 11), "municipal_appeal", D(2027, 1, 11), "Sunday"),
        # Christmas by 30 days: Wed 25.11. + 30 = Fri 25.12. -> Mon 28.12.
        (D(2026, 11, 25), "municipal_appeal", D(2026, 12, 28), "Christmas Day"),
        # Midsummer: 5.6. + 14 = Fri 19.6. Midsummer Eve, Sat 20.6. Midsummer
        # Day, Sun 21.6. -> Mon 22.6.
        (D(2026, 6, 5), "rectification", D(2026, 6, 22), "Midsummer Eve"),
        # Independence Day on a Monday: 22.11.2027 + 14 = Mon 6.12. -> Tue 7.12.
        (D(2027, 11, 22), "rectification", D(2027, 12, 7), "Independence Day"),
        # Easter: Fri 20.3. + 14 = Good Friday 3.4., Sat, Easter Sunday, Easter
        # Monday 6.4. -> Tue 7.4.
        (D(2026, 3, 20), "rectification", D(2026, 4, 7), "Easter"),
        # 20.3. + 30 = Sun 19.4. -> Mon 20.4.
        (D(2026, 3, 20), "municipal_appeal", D(2026, 4, 20), "Sunday"),
        # Weekend: Sat 5.9. + 14 = Sat 19.9. -> Mon 21.9.
        (D(2026, 9, 5), "rectification", D(2026, 9, 21), "Saturday"),
        # A plain working day stays: Mon 14.9. + 14 = Mon 28.9.
        (D(2026, 9, 14), "rectification", D(2026, 9, 28), "working day"),
        (D(2026, 9, 14), "none", None, "no appeal"),
        (D(2026, 9, 14), "special_appeal", None, "the special act decides"),
    ],
)
def test_last_day_of_appeal(received, appeal_type, last_day, why):
    assert appeals.last_day_of_appeal(received, appeal_type) == last_day, why


def test_letter_sent_before_christmas_end_to_end():
    # Letter Fri 4.12.2026 -> received Fri 11.12. -> rectification until Mon
    # 28.12. (Christmas), municipal appeal until Mon 11.1.2027.
    received = appeals.deemed_received(D(2026, 12, 4), "letter")
    assert received == D(2026, 12, 11)
    assert appeals.last_day_of_appeal(received, "rectification") == D(2026, 12, 28)
    assert appeals.last_day_of_appeal(received, "municipal_appeal") == D(2027, 1, 11)


def test_email_sent_before_easter_end_to_end():
    # E-mail Tue 17.3.2026 -> received Fri 20.3. -> + 14 = Good Friday 3.4.
    # -> Tue 7.4. (after Easter Monday)
    received = appeals.deemed_received(D(2026, 3, 17), "email")
    assert received == D(2026, 3, 20)
    assert appeals.last_day_of_appeal(received, "rectification") == D(2026, 4, 7)


def _request(language):
    return Request(environ={"HTTP_ACCEPT_LANGUAGE": language})


def test_appeal_instructions_in_finnish_swedish_and_english(portal):
    fi = appealtexts.instructions(
        "rectification", _request("fi"), body="Sivistyslautakunta"
    )
    assert fi[0] == "Oikaisuvaatimusohje"
    assert "Oikaisuvaatimus tehdään: Sivistyslautakunta." in fi
    assert any("14 päivän kuluessa" in p for p in fi)
    assert any("klo 23.59" in p for p in fi)

    sv = appealtexts.instructions("municipal_appeal", _request("sv"))
    assert sv[0] == "Besvärsanvisning: kommunalbesvär"
    assert any("inom 30 dagar" in p for p in sv)
    assert any("rättegångsavgift" in p for p in sv)

    en = appealtexts.instructions("none", _request("en"))
    assert en == [
        "Prohibition of appeal",
        "No rectification claim or appeal may be made against this decision, "
        "as it concerns only the preparation or execution of a matter (Local "
        "Government Act, section 136).",
    ]
    special = appealtexts.instructions("special_appeal", _request("fi"))
    assert special[0] == "Muutoksenhaku erityislain nojalla"
    assert appealtexts.instructions("no-such-type", _request("fi")) == []


def test_every_appeal_type_has_instructions():
    for value in ("rectification", "municipal_appeal", "special_appeal", "none"):
        assert appealtexts.SECTIONS[value]
        for heading, paragraphs in appealtexts.SECTIONS[value]:
            assert heading in appealtexts.TEXTS
            assert all(msgid in appealtexts.TEXTS for msgid in paragraphs)
