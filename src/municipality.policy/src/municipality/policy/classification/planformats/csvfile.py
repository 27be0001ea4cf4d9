"""CSV: comma or semicolon separated (Excel's Finnish export), UTF-8 or Windows-1252."""

from municipality.policy import _
from municipality.policy.classification.planformats.base import ImportProblem
from municipality.policy.classification.planformats.base import Parsed
from municipality.policy.classification.planformats.columns import read_table
import csv
import io


#: Bytes >= 0x80 a Finnish or Swedish Windows-1252 file plausibly holds:
#: å ä ö é ü (both cases), § ½ « » ° µ, dashes, quotes, bullet, ellipsis, nbsp, €.
CP1252_PLAUSIBLE = set(
    b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc\xdc\xe0\xe1\xe8\xed\xf3\xfa\xf8\xd8"
    b"\xa7\xbd\xab\xbb\xb0\xb5\x96\x97\x91\x92\x93\x94\x95\x85\xa0\x80\xb4"
)


def decode(data, field="file"):
    """Text of ``data``: UTF-8 (with or without BOM), else Windows-1252 when
    every non-ASCII byte is a plausible Finnish/Swedish character."""
    if isinstance(data, str):
        return data.lstrip("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        utf8_error = error
    bad = next(
        (
            i
            for i, byte in enumerate(data)
            if byte >= 0x80 and byte not in CP1252_PLAUSIBLE
        ),
        None,
    )
    if bad is None:
        return data.decode("cp1252"), "cp1252"
    position = min(bad, utf8_error.start)
    raise ImportProblem(
        _(
            "msg_import_encoding_unknown",
            default="The file is neither UTF-8 nor Windows-1252 text.",
        ),
        line=data[:position].count(b"\n") + 1,
        field=field,
    )


def delimiter_of(text):
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        return ";" if first.count(";") > first.count(",") else ","


def read(data):
    """Rows of a ``code,title[,title_sv[,description]]`` table, with or without a header."""
    text, encoding = decode(data)
    parsed = Parsed("csv")
    if encoding:
        parsed.note(
            _(
                "msg_import_cp1252",
                default="The file was read as Windows-1252 text (it is not UTF-8).",
            )
        )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(text))

    def lines():
        for cells in reader:
            yield reader.line_num, cells

    return read_table(parsed, list(lines()))
