"""The municipality's look ("Kunnan ulkoasu"): registry records
``municipality.theme.*`` and the colour rules.

Records (``IThemeSettings``, prefix ``municipality.theme``): ``municipality_name``
(empty: the site's title), ``primary_color`` and ``accent_color`` (``#rrggbb``,
contrast against white at least 4.5:1, WCAG 2.1 1.4.3), ``footer_text``, and
the logo as ``logo`` (base64 of the image), ``logo_content_type`` and
``logo_modified`` (a token that changes with the image: the served URL's
version and its ETag).
"""

from municipality.theme import _
from plone import api
from zope.interface import Interface
from zope.interface import Invalid
from zope.schema import ASCII
from zope.schema import ASCIILine
from zope.schema import Text
from zope.schema import TextLine
import base64
import re


PREFIX = "municipality.theme"
DEFAULT_PRIMARY = "#0b4f8a"  # 8.3:1 on white
DEFAULT_ACCENT = "#a3262c"  # 7.0:1 on white
MIN_CONTRAST = 4.5
#: image types accepted for the logo (SVG is served with a sandboxing CSP)
LOGO_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml")
LOGO_MAX_BYTES = 1024 * 1024
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class ColourInvalid(Invalid):
    """A colour the form refuses (its message names the reason)."""

    def __str__(self):
        return str(self.args[0])


def luminance(colour):
    """Relative luminance of ``#rrggbb`` (WCAG 2.1)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour, other="#ffffff"):
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    a, b = sorted((luminance(colour), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def valid_colour(value):
    """Field constraint: ``#rrggbb`` with contrast >= 4.5:1 against white."""
    if not value or not HEX.match(value.strip()):
        raise ColourInvalid(
            _(
                "error_colour_format",
                default="Give the colour as #rrggbb, for example #0b4f8a.",
            )
        )
    ratio = contrast(value.strip().lower())
    if ratio < MIN_CONTRAST:
        raise ColourInvalid(
            _(
                "error_colour_contrast",
                default="The colour's contrast against white is ${ratio}:1; "
                "at least 4.5:1 is needed so that white text on it and the colour "
                "as text on white can be read. Choose a darker colour.",
                mapping={"ratio": f"{ratio:.1f}".replace(".", ",")},
            )
        )
    return True


class IThemeSettings(Interface):
    """Registry records of the theme (prefix ``municipality.theme``). Plain
    zope.schema fields: the registry stores persistent copies (a module-level
    persistent field would be bound to one database connection)."""

    municipality_name = TextLine(
        title=_("label_municipality_name", default="Name of the municipality"),
        required=False,
        default="",
    )
    primary_color = TextLine(
        title=_("label_primary_colour", default="Primary colour"),
        required=False,
        default=DEFAULT_PRIMARY,
    )
    accent_color = TextLine(
        title=_("label_accent_colour", default="Accent colour"),
        required=False,
        default=DEFAULT_ACCENT,
    )
    footer_text = Text(
        title=_("label_footer_text", default="Contact information in the footer"),
        required=False,
        default="",
    )
    logo = ASCII(
        title=_("label_logo", default="Coat of arms or logo"),
        required=False,
    )
    logo_content_type = ASCIILine(title="Logo content type", required=False)
    logo_modified = ASCIILine(title="Logo version", required=False)


def get(name):
    """The value of record ``municipality.theme.<name>`` (None when missing:
    a site whose theme profile is not yet upgraded)."""
    return api.portal.get_registry_record(f"{PREFIX}.{name}", default=None)


def store(name, value):
    api.portal.set_registry_record(f"{PREFIX}.{name}", value)


def municipality_name():
    """The municipality's name: the setting, else the site's title."""
    return get("municipality_name") or api.portal.get().Title()


def colour(name, default):
    value = (get(name) or "").strip().lower()
    return value if HEX.match(value) else default


def colours():
    """``(primary, accent)`` as ``#rrggbb`` (defaults for a bad stored value)."""
    return colour("primary_color", DEFAULT_PRIMARY), colour(
        "accent_color", DEFAULT_ACCENT
    )


def logo():
    """``(bytes, content_type, version)`` of the logo, or None."""
    data = get("logo")
    if not data:
        return None
    return (
        base64.b64decode(data),
        get("logo_content_type") or "image/png",
        get("logo_modified") or "0",
    )
