"""Plain text lists pasted from a PDF or Word: one class a line, the code
first (``00.01 Hallintoasioiden ohjaus``) or last (``HALLINTOASIAT 00``).

Bullets, tabs and dot leaders (``00.01 ..... Ohjaus``) are ignored; blank lines
too. Comment lines (``#``, ``//``, ``--``), page headers and footers and any
line without a code at its start or end are skipped and reported. A title
written all in capitals becomes sentence case (``HALLINTOASIAT`` ->
``Hallintoasiat``; a two- or three-letter word such as ``ICT`` stays, except
``ja``, ``och`` ... ) unless
``keep_case``; the preview notes how many were changed.
"""

from municipality.policy import _
from municipality.policy.classification.planformats.base import ClassRow
from municipality.policy.classification.planformats.base import Parsed
from municipality.policy.classification.planformats.base import normalize_code
from municipality.policy.classification.planformats.csvfile import decode
import re


_CODE = r"\d{2}(?:[. ]\d{2})*"
CODE_FIRST = re.compile(rf"^({_CODE})\.?\s+(.*\w.*)$")
CODE_LAST = re.compile(rf"^(.*?\w.*?)\s+({_CODE})\.?$")
BULLET = re.compile(r"^[-•*·–—▪◦‣○●■□➢>]+\s+")
LEADER = re.compile(r"\s*(?:\.{2,}|…+|_{3,}|·{2,})\s*")
COMMENT = ("#", "//", "--")
PAGE = re.compile(
    r"^(?:(?:sivu|sida|page|s\.)\s*\d+(?:\s*(?:/|\(|of|av)\s*\d+\)?)?"
    r"|\d+\s*(?:/|\(|of|av)\s*\d+\)?|\d+|-\s*\d+\s*-)$",
    re.IGNORECASE,
)
#: Short words that are words, not abbreviations (ICT, HR, EU stay upper case).
SHORT_WORDS = {
    *["ja", "tai", "ym", "yms", "eli", "tms", "jne", "jne", "sen", "sekä"],
    *[
        "och",
        "av",
        "för",
        "på",
        "om",
        "med",
        "vid",
        "en",
        "ett",
        "den",
        "det",
        "de",
        "som",
    ],
    *["maa", "tie", "työ", "yö", "uni", "sää", "suo", "osa", "ala"],
}


def _word(match):
    word = match.group(0)
    if 2 <= len(word) <= 3 and word.lower() not in SHORT_WORDS:
        return word  # ICT, HR, EU: an abbreviation
    return word.lower()


def sentence_case(title):
    """``HALLINTOASIAT JA ICT-PALVELUT`` -> ``Hallintoasiat ja ICT-palvelut``."""
    text = re.sub(r"[^\W\d_]+", _word, title)
    return text[:1].upper() + text[1:]


def _clean(line):
    line = line.replace("\t", " ").replace("\u00a0", " ").strip()
    line = BULLET.sub("", line)
    line = LEADER.sub(" ", line)
    return " ".join(line.split())


def read(data, keep_case=False, field="file"):
    text, encoding = decode(data, field=field)
    parsed = Parsed("text")
    if encoding:
        parsed.note(
            _(
                "msg_import_cp1252",
                default="The file was read as Windows-1252 text (it is not UTF-8).",
            )
        )
    changed = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith(COMMENT):
            parsed.skip(
                _("msg_import_comment", default="A comment line."),
                line=number,
                text=stripped,
                benign=True,
            )
            continue
        line = _clean(stripped)
        if PAGE.match(line):
            parsed.skip(
                _("msg_import_page_noise", default="A page number, header or footer."),
                line=number,
                text=stripped,
                benign=True,
            )
            continue
        match = CODE_FIRST.match(line)
        code, title = (match.group(1), match.group(2)) if match else (None, None)
        if match is None:
            match = CODE_LAST.match(line)
            if match:
                title, code = match.group(1), match.group(2)
        code = normalize_code(code) if code else None
        if code is None:
            parsed.skip(
                _(
                    "msg_import_no_code_on_line",
                    default="No task class code at the start or the end of the line.",
                ),
                line=number,
                text=stripped,
            )
            continue
        title = title.strip(" -–—:;,")
        if title.isupper() and not keep_case:
            tidy = sentence_case(title)
            if tidy != title:
                changed.append((title, tidy))
                title = tidy
        parsed.rows.append(ClassRow(code=code, title=title, line=number))
    if changed:
        parsed.note(
            _(
                "msg_import_sentence_case",
                default="${count} titles written in capitals were changed to "
                "sentence case (e.g. ${before} → ${after}); abbreviations may "
                'need fixing. Choose "keep titles as written" to keep them.',
                mapping={
                    "count": len(changed),
                    "before": changed[0][0],
                    "after": changed[0][1],
                },
            )
        )
    return parsed
