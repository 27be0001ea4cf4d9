"""Text extraction per format, generated in the test; broken files give ''."""

from io import BytesIO
from municipality.policy.documents.pdf import make_pdf
from municipality.policy.documents.textextraction import extract_text
import logging


def make_docx(paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "taulukkosolu"
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_odt(paragraphs):
    from odf.opendocument import OpenDocumentText
    from odf.text import H
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Otsikko"))
    for text in paragraphs:
        document.text.addElement(P(text=text))
    buffer = BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_pdf():
    data = make_pdf("Rakennuslupa", ["Hakija pyytää poikkeamista kaavasta.", "Åbo"])
    text = extract_text(data, "lupa.pdf", "application/pdf")
    assert "Rakennuslupa" in text
    assert "poikkeamista" in text
    assert "Åbo" in text


def test_pdf_sniffed_without_name_or_type():
    data = make_pdf("Päätös", ["Myönnetään avustus."])
    assert "avustus" in extract_text(data)


def test_pdf_metadata_title_and_language():
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(make_pdf("Pöytäkirja 5/2026", ["§ 1"])))
    assert reader.metadata.title == "Pöytäkirja 5/2026"
    assert reader.trailer["/Root"]["/Lang"] == "fi"


def test_docx():
    data = make_docx(["Lausuntopyyntö koskien katusuunnitelmaa", "Toinen kappale"])
    text = extract_text(data, "pyynto.docx", "application/octet-stream")
    assert "katusuunnitelmaa" in text
    assert "Toinen kappale" in text
    assert "taulukkosolu" in text


def test_odt():
    data = make_odt(["Valtuustoaloite leikkipuistosta"])
    text = extract_text(data, "aloite.odt", None)
    assert "leikkipuistosta" in text
    assert "Otsikko" in text


def test_plain_text_utf8_and_cp1252():
    assert extract_text("Ääninen äänestys".encode(), "a.txt", "text/plain") == (
        "Ääninen äänestys"
    )
    assert extract_text("Pöytä".encode("cp1252"), "a.txt", None) == "Pöytä"


def test_broken_files_log_and_return_empty(caplog):
    caplog.set_level(logging.WARNING)
    assert extract_text(b"%PDF-1.4 garbage", "x.pdf", "application/pdf") == ""
    assert extract_text(b"PK\x03\x04broken", "x.docx", None) == ""
    assert extract_text(b"not a zip", "x.odt", None) == ""
    assert "Text extraction failed" in caplog.text


def test_unknown_and_empty():
    assert extract_text(b"\x89PNG\r\n\x1a\n", "kuva.png", "image/png") == ""
    assert extract_text(b"", "a.txt", "text/plain") == ""
