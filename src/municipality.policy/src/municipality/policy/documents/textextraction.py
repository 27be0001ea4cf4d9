"""Plain text of a document file: PDF, DOCX, ODT and plain text.

``extract_text(data, filename=None, content_type=None)`` never raises on a
broken or unknown file: it logs and returns ``''``.
"""

from io import BytesIO
import logging


logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".odt": ODT,
    ".txt": "text/plain",
    ".csv": "text/plain",
    ".md": "text/plain",
}
MAX_CHARS = 2_000_000  # a sanity cap on what goes into the full-text index


def _pdf(data):
    """PDF text with PDFium (pypdfium2): about five times faster than pypdf."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        document.close()


def _docx(data):
    import docx

    document = docx.Document(BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _odt(data):
    from odf import teletype
    from odf import text as odftext
    from odf.opendocument import load

    document = load(BytesIO(data))
    elements = document.getElementsByType(odftext.H) + document.getElementsByType(
        odftext.P
    )
    return "\n".join(teletype.extractText(element) for element in elements)


def _plain(data):
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


EXTRACTORS = {PDF: _pdf, DOCX: _docx, ODT: _odt}


def kind(filename=None, content_type=None, data=b""):
    """The MIME type used to pick an extractor (sniffing the magic first)."""
    if data[:5] == b"%PDF-":
        return PDF
    if (
        data[:2] == b"PK"
        and b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:100]
    ):
        return ODT
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type in EXTRACTORS or content_type.startswith("text/"):
        return content_type
    name = (filename or "").lower()
    for extension, mimetype in EXTENSIONS.items():
        if name.endswith(extension):
            return mimetype
    return content_type or None


def extract_text(data, filename=None, content_type=None):
    """The text of ``data`` or ``''`` (unknown format, broken file)."""
    if not data:
        return ""
    mimetype = kind(filename, content_type, data)
    try:
        if mimetype in EXTRACTORS:
            text = EXTRACTORS[mimetype](data)
        elif mimetype and mimetype.startswith("text/"):
            text = _plain(data)
        else:
            return ""
    except Exception:  # noqa: BLE001  (any parser error of a broken upload)
        logger.warning(
            "Text extraction failed for %r (%s)", filename, mimetype, exc_info=True
        )
        return ""
    return " ".join(text.split())[:MAX_CHARS]


def extract_file_text(namedfile):
    """The text of a ``plone.namedfile`` file (or ``''``)."""
    if namedfile is None:
        return ""
    return extract_text(
        namedfile.data,
        getattr(namedfile, "filename", None),
        getattr(namedfile, "contentType", None),
    )
