"""The archive creator's disposal settings (behavior ``municipality.disposal_settings``).

``separate_approver``: a disposal list is approved by someone other than the
person who checked it (four eyes). Off by default: a small municipality may
have one chief records officer who both checks and approves.
``separate_approver_required(dlist)`` reads it from the list's archive creator.
"""

from municipality.policy import _
from municipality.policy.security.localroles import archive_creator_of
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import provider


@provider(IFormFieldProvider)
class IDisposalSettings(model.Schema):
    """Settings of the archive creator's disposal lists."""

    model.fieldset(
        "disposal",
        label=_("label_fieldset_disposal", default="Disposal"),
        fields=["separate_approver"],
    )
    separate_approver = schema.Bool(
        title=_(
            "label_disposal_separate_approver",
            default="Disposal lists are approved by someone other than their checker",
        ),
        description=_(
            "help_disposal_separate_approver",
            default="Four eyes: the chief records officer cannot approve a list "
            "they checked themselves.",
        ),
        required=False,
        default=False,
    )


def separate_approver_required(obj):
    """Does ``obj``'s archive creator require a separate approver?"""
    creator = archive_creator_of(obj)
    settings = IDisposalSettings(creator, None) if creator is not None else None
    return bool(getattr(settings, "separate_approver", False))
