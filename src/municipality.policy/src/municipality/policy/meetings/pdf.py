"""PDF/A of the decision documents (agenda, minutes, extracts) with WeasyPrint.

The variant is **PDF/A-2a**: archival (ISO 19005-2, accepted by the National
Archives for long-term preservation; unlike PDF/A-3 it carries no arbitrary
embedded files) and level "a", *accessible*: WeasyPrint writes the structure
tree (tagged PDF: headings, paragraphs, lists, tables), ``/MarkInfo``, the
document language ``/Lang`` from ``<html lang>`` and shows the title from
``<title>`` (``/DisplayDocTitle``). Fonts are embedded (DejaVu, from
``print.css``), colours go through the sRGB output intent.

Nothing is fetched over the network while rendering: the URL fetcher allows
only ``data:`` URLs (inline images); ``http``, ``https``, ``file`` and every
other scheme are refused (the resource is left out, the PDF still renders).
"""

from pathlib import Path
from weasyprint import CSS
from weasyprint import HTML
from weasyprint.urls import URLFetcher
import logging


# WeasyPrint and fontTools report every step at INFO: keep the event log for
# what an operator needs (warnings and errors).
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


#: WeasyPrint's variant: archival and tagged (see the module docstring).
PDF_VARIANT = "pdf/a-2a"
#: The only URL scheme a document may load resources from.
ALLOWED_PROTOCOLS = ("data",)
#: The shared print stylesheet (A4, DejaVu fonts, page numbers).
PRINT_CSS_PATH = Path(__file__).parent / "browser" / "print.css"


def print_css():
    """The text of the shared print stylesheet (to inline in an HTML document)."""
    return PRINT_CSS_PATH.read_text(encoding="utf-8")


def url_fetcher():
    """A fetcher that loads ``data:`` URLs only (no network, no files)."""
    return URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, timeout=1)


def to_pdfa(html, base_url=None, stylesheets=None):
    """The PDF/A-2a bytes of the HTML document ``html`` (str or bytes).

    The document's ``<html lang>`` is the PDF's language and ``<title>`` its
    title (both required for an accessible PDF: give them). ``stylesheets``:
    extra CSS texts after the shared print stylesheet.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher())
    sheets = [CSS(string=text) for text in (print_css(), *(stylesheets or ()))]
    return document.write_pdf(
        stylesheets=sheets, pdf_variant=PDF_VARIANT, pdf_tags=True
    )
