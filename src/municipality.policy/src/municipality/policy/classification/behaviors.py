"""Behaviors ``municipality.restriction`` and ``municipality.retention``.

Defaults come from above (``inheritance``): in an add form from the container
(a case for its documents, a class for its sub-classes); a case's values are
written from its task class when it is added. Changing a restriction value away
from the inherited one needs a ``restriction_reason``; changing a case's
retention period away from its task class's needs the permission
``CHANGE_RETENTION`` (records officer or above) and a ``retention_change_reason``.
Their errors are ``FieldInvalid``: shown on the field, named by REST 400s.
"""

from municipality.policy import _
from municipality.policy.classification import inheritance
from municipality.policy.classification import lookup
from municipality.policy.errors import FieldInvalid
from municipality.policy.interfaces import ICase
from municipality.policy.interfaces import ITaskClass
from plone import api
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextAwareDefaultFactory


def inherited_default(name):
    """A context-aware default factory: the value ``name`` inherits in ``context``."""

    @provider(IContextAwareDefaultFactory)
    def factory(context):
        value = inheritance.defaults_for(context).get(name)
        return list(value) if isinstance(value, (list, tuple)) else value

    factory.__name__ = f"default_{name}"
    return factory


def _value(data, name):
    try:
        return getattr(data, name)
    except Exception:  # noqa: BLE001  (z3c.form Data without the field)
        return None


#: Zope permission needed to set a case's retention period away from its class's.
CHANGE_RETENTION = "municipality.policy: Change retention period"


def set_now(data, context):
    """A predicate ``changed(name)``: the field is set now, i.e. submitted and,
    in an edit form, different from the stored value (REST has already written
    what it validates, so there every submitted value counts)."""
    adding = inheritance.adding()
    submitted = getattr(data, "_Data_data___", None)
    in_form = inheritance.published_form() is not None

    def changed(name):
        value = _value(data, name)
        if value in (None, []):
            return False
        if isinstance(submitted, dict) and name not in submitted:
            return False
        if adding or not in_form:
            return True
        return inheritance._normal(value) != inheritance._normal(
            inheritance.stored(context, name)
        )

    return changed


class RestrictionReasonRequired(FieldInvalid):
    field = "restriction_reason"
    __doc__ = _(
        "msg_restriction_reason_required",
        default="Restriction reason is required when the publicity, security "
        "reasons, secrecy period, personal data or protection level differ from "
        "the values inherited from the task class or the case.",
    )


class RetentionReasonRequired(FieldInvalid):
    field = "retention_change_reason"
    __doc__ = _(
        "msg_retention_change_reason_required",
        default="A reason is required when the retention period differs from "
        "the task class's.",
    )


class RetentionChangeNotAllowed(FieldInvalid):
    field = "retention_period"
    __doc__ = _(
        "msg_retention_change_not_allowed",
        default="Only a records officer, sector records manager or chief records "
        "officer may set a retention period that differs from the task class's.",
    )


def _about_task_class(context):
    """True when a form or REST call is about a task class (in an add form the
    added type, known only by its type id; else the context)."""
    if inheritance.adding():
        return (
            getattr(inheritance.published_form(), "portal_type", None) == lookup.CLASS
        )
    return ITaskClass.providedBy(context)


class LooserThanCase(FieldInvalid):
    field = "publicity_class"
    __doc__ = _(
        "msg_restriction_looser_than_case",
        default="A document of a secret case must itself be secret.",
    )


class PublicWithSecrecyGrounds(FieldInvalid):
    field = "security_reasons"
    __doc__ = _(
        "msg_public_with_security_reasons",
        default="A public record has no grounds for secrecy: remove them, or "
        "choose another publicity class.",
    )


@provider(IFormFieldProvider)
class IRestriction(model.Schema):
    """Publicity and secrecy (JHS 191 Kayttorajoitustiedot, SÄHKE2 Restriction)."""

    model.fieldset(
        "restriction",
        label=_("label_fieldset_restriction", default="Restrictions on use"),
        fields=[
            "publicity_class",
            "security_reasons",
            "secrecy_period",
            "personal_data",
            "protection_level",
            "restriction_reason",
        ],
    )

    publicity_class = schema.Choice(
        title=_("label_publicity_class", default="Publicity class"),
        vocabulary="municipality.PublicityClasses",
        required=False,
        defaultFactory=inherited_default("publicity_class"),
    )
    security_reasons = schema.List(
        title=_("label_security_reasons", default="Grounds for secrecy"),
        description=_(
            "help_security_reasons",
            default="The legal grounds, e.g. JulkL (621/1999) 24.1 § 25 k.",
        ),
        value_type=schema.Choice(vocabulary="municipality.SecurityReasons"),
        required=False,
        defaultFactory=inherited_default("security_reasons"),
    )
    secrecy_period = schema.Choice(
        title=_("label_secrecy_period", default="Secrecy period"),
        vocabulary="municipality.SecrecyPeriods",
        required=False,
        defaultFactory=inherited_default("secrecy_period"),
    )
    personal_data = schema.Choice(
        title=_("label_personal_data", default="Personal data"),
        vocabulary="municipality.PersonalDataClasses",
        required=False,
        defaultFactory=inherited_default("personal_data"),
    )
    protection_level = schema.Choice(
        title=_("label_protection_level", default="Protection level"),
        vocabulary="municipality.ProtectionLevels",
        required=False,
        defaultFactory=inherited_default("protection_level"),
    )
    restriction_reason = schema.Text(
        title=_("label_restriction_reason", default="Reason for the change"),
        description=_(
            "help_restriction_reason",
            default="Required when a value differs from the one inherited from "
            "the task class or the case.",
        ),
        required=False,
    )

    @invariant
    def reason_for_change(data):
        context = getattr(data, "__context__", None)
        if context is None:
            return
        source = inheritance.form_source(context)
        expected = inheritance.defaults_for(source)
        changed = set_now(data, context)
        if (
            ICase.providedBy(source)
            and expected.get("publicity_class") == "secret"
            and changed("publicity_class")
            and _value(data, "publicity_class") != "secret"
        ):
            raise LooserThanCase(LooserThanCase.__doc__)
        if (_value(data, "restriction_reason") or "").strip():
            return
        for name in inheritance.RESTRICTION_FIELDS:
            inherited = expected.get(name)
            if inherited is None or not changed(name):
                continue
            value = _value(data, name)
            if inheritance._normal(value) != inheritance._normal(inherited):
                raise RestrictionReasonRequired(RestrictionReasonRequired.__doc__)

    @invariant
    def public_without_grounds(data):
        """Grounds for secrecy make a record non-public (``security.chain``)."""
        if _value(data, "publicity_class") == "public" and _value(
            data, "security_reasons"
        ):
            raise PublicWithSecrecyGrounds(PublicWithSecrecyGrounds.__doc__)


@provider(IFormFieldProvider)
class IRetention(model.Schema):
    """Retention (JHS 191 Sailytysaikatiedot, SÄHKE2 RetentionPeriod)."""

    model.fieldset(
        "retention",
        label=_("label_fieldset_retention", default="Retention"),
        fields=[
            "retention_period",
            "retention_reason",
            "retention_start_rule",
            "retention_change_reason",
        ],
    )

    retention_period = schema.Choice(
        title=_("label_retention_period", default="Retention period"),
        vocabulary="municipality.RetentionPeriods",
        required=False,
        defaultFactory=inherited_default("retention_period"),
    )
    retention_reason = schema.TextLine(
        title=_("label_retention_reason", default="Basis of the retention period"),
        description=_(
            "help_retention_reason",
            default="The law or decision the retention period is based on.",
        ),
        required=False,
        defaultFactory=inherited_default("retention_reason"),
    )
    retention_start_rule = schema.Choice(
        title=_("label_retention_start_rule", default="Retention counted from"),
        vocabulary="municipality.RetentionStartRules",
        required=False,
        defaultFactory=inherited_default("retention_start_rule"),
    )
    retention_change_reason = schema.Text(
        title=_(
            "label_retention_change_reason",
            default="Reason for changing the retention period",
        ),
        description=_(
            "help_retention_change_reason",
            default="Required when the retention period differs from the task "
            "class's. Only a records officer may make such a change.",
        ),
        required=False,
    )

    @invariant
    def retention_change(data):
        """A case's retention period away from its class's: permission, reason."""
        context = getattr(data, "__context__", None)
        if context is None or _about_task_class(context):
            return
        source = inheritance.form_source(context)
        if not ITaskClass.providedBy(source):
            return
        expected = inheritance.defaults_for(source).get("retention_period")
        value = _value(data, "retention_period")
        if expected is None or not set_now(data, context)("retention_period"):
            return
        if value == expected:
            return
        if not api.user.has_permission(CHANGE_RETENTION, obj=context):
            raise RetentionChangeNotAllowed(RetentionChangeNotAllowed.__doc__)
        if not (_value(data, "retention_change_reason") or "").strip():
            raise RetentionReasonRequired(RetentionReasonRequired.__doc__)
