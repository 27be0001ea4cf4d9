"""Our catalogues first: ``<kp:preferTranslations directory="locales" />``.

zope.i18n asks the catalogues of a domain and language in the order they were
registered and takes the first translation found. plone.app.locales registers
with Products.CMFPlone, before this package, so a msgid it translates wrongly
(a Finnish msgstr with placeholders the template no longer has, such as the
accessibility page's ``${xhtml}``) would win over ours. This directive runs
after every ``registerTranslations`` of the configuration (a later action
order) and moves the catalogues from ``directory`` to the front of every
domain they belong to. Msgids we do not translate still come from Plone's.
"""

from zope.component import getUtilitiesFor
from zope.configuration.fields import Path
from zope.i18n.interfaces import ITranslationDomain
from zope.interface import Interface
import os


#: after the registerTranslations actions (order 0) of the whole configuration
ORDER = 1000


class IPreferTranslations(Interface):
    directory = Path(title="The locales directory whose catalogues come first")


def prefer(directory):
    """Put the catalogues read from ``directory`` first in their domains."""
    root = os.path.normpath(str(directory)) + os.sep
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        catalogs = getattr(domain, "_catalogs", None)
        if not catalogs:
            continue
        for language, names in catalogs.items():
            ours = [name for name in names if str(name).startswith(root)]
            if ours:
                catalogs[language] = ours + [n for n in names if n not in ours]


def prefer_translations(_context, directory):
    _context.action(
        discriminator=("municipality.preferTranslations", str(directory)),
        callable=prefer,
        args=(directory,),
        order=ORDER,
    )
