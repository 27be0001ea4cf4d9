"""Personal data marked in decision texts, and the public version without it.

Preparers mark the personal data of private persons (names, addresses,
personal identity codes) in presentation, proposal and decision texts as
``<span class="kp-personal">...</span>`` (TinyMCE's "Henkilötieto" style).
Public channels (public HTML, PDF, search text, REST, open data) render
texts through ``meetings.publicversion``: agendas always as ``public_html`` /
``public_text``; checked minutes and published office-holder decisions with
the marked passages until the day after the appeal period (KuntaL 140 §),
then as ``public_html`` / ``public_text``.
"""

from lxml import html as lxml_html
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
import json


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


# ------------------------------------------------------------ the editor

#: TinyMCE format (``plone.formats``): the selection wrapped in the mark.
FORMAT_NAME = "personaldata"
FORMAT = {"inline": "span", "classes": MARK_CLASS}
#: Entry of ``plone.inline_styles`` (Name|format|icon): the style menu item.
INLINE_STYLE = f"Henkilötieto / Personuppgift|{FORMAT_NAME}|user"
#: CSS of the editing area (``content_style`` through ``plone.other_settings``):
#: marked passages visible while writing, not by colour alone.
EDITOR_CSS = (
    f"span.{MARK_CLASS}{{background:#fff1b8;border-bottom:2px dotted #6b5200;}}"
    f"span.{MARK_CLASS}::before{{content:'\\1F464 ';font-size:.8em;}}"
)


def install_personal_data_style(portal=None):
    """Add the "Henkilötieto" style to TinyMCE (idempotent; keeps what the
    site has): the format in ``plone.formats``, the menu entry in
    ``plone.inline_styles`` and the editor CSS in ``plone.other_settings``.
    The mark survives Plone's safe_html filter as it is (``span`` and
    ``class`` are allowed)."""
    registry = getUtility(IRegistry)
    formats = _json(registry.get("plone.formats"))
    formats[FORMAT_NAME] = FORMAT
    registry["plone.formats"] = json.dumps(formats, indent=2, ensure_ascii=False)
    styles = list(registry.get("plone.inline_styles") or [])
    styles = [s for s in styles if s.split("|")[1:2] != [FORMAT_NAME]]
    registry["plone.inline_styles"] = [*styles, INLINE_STYLE]
    other = _json(registry.get("plone.other_settings"))
    css = other.get("content_style") or ""
    if f"span.{MARK_CLASS}" not in css:
        other["content_style"] = (css + " " + EDITOR_CSS).strip()
    registry["plone.other_settings"] = json.dumps(other, indent=2, ensure_ascii=False)


def _json(text):
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
