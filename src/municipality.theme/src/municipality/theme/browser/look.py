"""The municipality's look on every page: the settings form ("Kunnan
ulkoasu"), the logo as an image, the colours as CSS custom properties, the
header's logo and name and the footer."""

from datetime import UTC
from datetime import datetime
from municipality.theme import _
from municipality.theme import settings
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.namedfile.field import NamedBlobImage
from plone.z3cform import layout
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
import base64
import hashlib


class ILookForm(Interface):
    """The fields of "Kunnan ulkoasu" (stored in ``settings.IThemeSettings``)."""

    municipality_name = schema.TextLine(
        title=_("label_municipality_name", default="Name of the municipality"),
        description=_(
            "help_municipality_name",
            default="Shown in the header beside the coat of arms and as its "
            "text alternative. Empty: the site's title.",
        ),
        required=False,
    )
    logo = NamedBlobImage(
        title=_("label_logo", default="Coat of arms or logo"),
        description=_(
            "help_logo",
            default="PNG, JPEG, GIF, WebP or SVG, at most 1 MB; shown about "
            "64 pixels high.",
        ),
        required=False,
    )
    remove_logo = schema.Bool(
        title=_("label_remove_logo", default="Remove the coat of arms"),
        required=False,
        default=False,
    )
    primary_color = schema.TextLine(
        title=_("label_primary_colour", default="Primary colour"),
        description=_(
            "help_primary_colour",
            default="#rrggbb. The navigation bar and links; its contrast "
            "against white must be at least 4.5:1.",
        ),
        required=True,
        constraint=settings.valid_colour,
    )
    accent_color = schema.TextLine(
        title=_("label_accent_colour", default="Accent colour"),
        description=_(
            "help_accent_colour",
            default="#rrggbb. Headings' underlines and buttons; its contrast "
            "against white must be at least 4.5:1.",
        ),
        required=True,
        constraint=settings.valid_colour,
    )
    footer_text = schema.Text(
        title=_("label_footer_text", default="Contact information in the footer"),
        description=_(
            "help_footer_text",
            default="Address, telephone and office hours; one item per line.",
        ),
        required=False,
    )

    @invariant
    def logo_kind(data):
        logo = getattr(data, "logo", None)
        if logo is None or not getattr(logo, "data", None):
            return
        if logo.contentType not in settings.LOGO_TYPES:
            raise Invalid(
                _(
                    "error_logo_type",
                    default="The coat of arms must be a PNG, JPEG, GIF, WebP "
                    "or SVG image.",
                )
            )
        if len(logo.data) > settings.LOGO_MAX_BYTES:
            raise Invalid(
                _("error_logo_size", default="The image is larger than 1 MB.")
            )


FORM_FIELDS = (
    "municipality_name",
    "primary_color",
    "accent_color",
    "footer_text",
)


class LookForm(form.Form):
    """Site setup → "Kunnan ulkoasu" (``@@kunnan-ulkoasu``)."""

    fields = field.Fields(ILookForm)
    ignoreContext = False
    label = _("label_look_controlpanel", default="Look of the municipality")
    description = _(
        "help_look_controlpanel",
        default="Name, coat of arms, colours and contact information of the "
        "public site.",
    )

    def getContent(self):
        primary, accent = settings.colours()
        return {
            "municipality_name": settings.get("municipality_name") or "",
            "logo": None,
            "remove_logo": False,
            "primary_color": primary,
            "accent_color": accent,
            "footer_text": settings.get("footer_text") or "",
        }

    @button.buttonAndHandler(_("label_look_save", default="Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        for name in FORM_FIELDS:
            value = data.get(name) or ""
            if name.endswith("_color"):
                value = value.strip().lower()
            settings.store(name, value)
        logo = data.get("logo")
        if data.get("remove_logo"):
            settings.store("logo", None)
            settings.store("logo_content_type", None)
            settings.store("logo_modified", None)
        elif logo is not None and getattr(logo, "data", None):
            raw = logo.data
            settings.store("logo", base64.b64encode(raw).decode("ascii"))
            settings.store("logo_content_type", logo.contentType)
            settings.store("logo_modified", hashlib.sha256(raw).hexdigest()[:16])
        api.portal.show_message(
            _("msg_look_saved", default="Changes saved."), self.request
        )
        self.request.response.redirect(self.request.getURL())


LookControlPanel = layout.wrap_form(LookForm, ControlPanelFormWrapper)


class LogoView(BrowserView):
    """``@@kunta-logo``: the coat of arms with caching headers (the URL carries
    its version ``?v=``, so a versioned request may be cached for a year)."""

    def __call__(self):
        response = self.request.response
        found = settings.logo()
        if found is None:
            response.setStatus(404)
            return b""
        data, content_type, version = found
        etag = f'"{version}"'
        response.setHeader("ETag", etag)
        if self.request.get("v") == version:
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable")
        else:
            response.setHeader("Cache-Control", "public, max-age=3600")
        response.setHeader("X-Content-Type-Options", "nosniff")
        if content_type == "image/svg+xml":
            response.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'",
            )
        if etag in (self.request.getHeader("If-None-Match") or ""):
            response.setStatus(304)
            return b""
        response.setHeader("Content-Type", content_type)
        response.setHeader("Content-Length", str(len(data)))
        return data


def logo_url():
    """The versioned URL of the logo, or None without one."""
    version = settings.get("logo_modified")
    if not settings.get("logo"):
        return None
    return f"{api.portal.get().absolute_url()}/@@kunta-logo?v={version or '0'}"


class ColoursViewlet(ViewletBase):
    """The colours as CSS custom properties in every page's head."""

    def render(self):
        primary, accent = settings.colours()
        return (
            '<style id="kp-colours">:root{'
            f"--kp-primary:{primary};--kp-accent:{accent};"
            f"--bs-link-color:{primary};--bs-link-hover-color:{primary};"
            "}</style>"
        )


class LogoViewlet(ViewletBase):
    """The header: coat of arms (its text alternative the name) and the name."""

    index = ViewPageTemplateFile("logo.pt")

    def update(self):
        super().update()
        self.name = settings.municipality_name()
        self.logo_src = logo_url()


class FooterViewlet(ViewletBase):
    """The footer: contact information, the accessibility statement, the
    KuntaL 109 § pages (``kunnan-tiedot``) when they exist."""

    index = ViewPageTemplateFile("footer.pt")

    def update(self):
        super().update()
        self.name = settings.municipality_name()
        text = settings.get("footer_text") or ""
        self.contact_lines = [line for line in text.splitlines() if line.strip()]
        portal = api.portal.get()
        self.portal_url = portal.absolute_url()
        self.year = datetime.now(UTC).year
        self.info_url = None
        if "kunnan-tiedot" in portal.objectIds():
            info = portal["kunnan-tiedot"]
            if api.user.has_permission("View", obj=info):
                self.info_url = info.absolute_url()
