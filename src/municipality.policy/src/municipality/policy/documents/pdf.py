"""Accessible PDFs with reportlab (demo data, benchmarks, generated records).

As far as reportlab allows: document title and author metadata, language
``fi``, real text (not images), headings and paragraphs in reading order,
and the title shown in the viewer's window.
"""

from io import BytesIO
from xml.sax.saxutils import escape


def make_pdf(title, paragraphs, lang="fi", author="Kuntaportaali"):
    """A PDF (bytes) with ``title`` as heading and metadata and ``paragraphs``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph
    from reportlab.platypus import SimpleDocTemplate

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=author,
        subject=title,
        lang=lang,
        displayDocTitle=True,
        creator="Kuntaportaali",
    )
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(title), styles["Title"])]
    story.extend(Paragraph(escape(text), styles["BodyText"]) for text in paragraphs)
    document.build(story)
    return buffer.getvalue()
