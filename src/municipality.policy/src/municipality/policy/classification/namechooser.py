"""A task class's id is its dotted code, exactly (``00.02.08``).

Plone's name chooser passes the name through the URL normalizer, which
turns ``00.01.00`` into ``00-01.00`` (it keeps only a final "extension"
dot). Lookups by code rely on id == code, so in a plan and in a task class
a TaskClass with a code gets its code as id, unchanged.
"""

from Acquisition import aq_base
from municipality.policy.interfaces import ITaskClass
from plone.app.content.namechooser import NormalizingNameChooser


class ClassNameChooser(NormalizingNameChooser):
    """Containers of task classes: a class's code is its id."""

    def chooseName(self, name, obj):
        code = getattr(aq_base(obj), "code", None)
        if not name and ITaskClass.providedBy(obj) and code:
            name = code
            if self.checkName(name, obj):
                return name
        return super().chooseName(name, obj)
