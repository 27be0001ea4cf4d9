"""Personal data marked in decision texts, and the public version without it.

Preparers mark the personal data of private persons (names, addresses,
personal identity codes) in presentation, proposal and decision texts as
``<span class="kp-personal">...</span>`` (TinyMCE's "Henkilötieto" style).
Every public channel (public HTML, PDF, search text, REST, open data) shows
``public_html`` / ``public_text`` of a text, never the text itself; the
scrub after the appeal period (issue 12) uses the same functions.
"""

from lxml import html as lxml_html


#: The CSS class that marks personal data in rich text.
MARK_CLASS = "kp-personal"
#: What replaces a marked passage in a public version.
REPLACEMENT = "[…]"


def _value(text):
    """The HTML string of a RichTextValue, a string, or ""."""
    if text is None:
        return ""
    raw = getattr(text, "raw", text)
    return raw or ""


def _marked(element):
    return MARK_CLASS in (element.get("class") or "").split()


def public_html(text):
    """``text`` (HTML or a RichTextValue) with every marked passage replaced
    by ``REPLACEMENT``; "" for none."""
    source = _value(text)
    if not source.strip() or MARK_CLASS not in source:
        return source
    fragment = lxml_html.fragment_fromstring(source, create_parent="div")
    for element in list(fragment.iter()):
        if element is fragment or not _marked(element):
            continue
        tail = element.tail
        replacement = lxml_html.Element("span")
        replacement.set("class", "kp-removed")
        replacement.text = REPLACEMENT
        replacement.tail = tail
        element.getparent().replace(element, replacement)
    inner = (fragment.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in fragment
    )
    return inner


def public_text(text):
    """The plain text of ``public_html(text)`` (search, feeds, open data)."""
    source = public_html(text)
    if not source.strip():
        return ""
    root = lxml_html.fragment_fromstring(source, create_parent="div")
    return " ".join(" ".join(root.itertext()).split())


def has_personal_data(text):
    """True when ``text`` has a marked passage."""
    return MARK_CLASS in _value(text)
