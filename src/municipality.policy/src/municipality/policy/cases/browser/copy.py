"""Classic UI copy and paste that show a refused copy of a record as an error.

The copy step (``object_copy``, folder contents' ``fc-copy``) refuses a case,
a registered document or a folder holding either before the clipboard is
filled; paste (``object_paste``, ``fc-paste``) rolls a refused copy
(``cases.copying``, e.g. from a clipboard filled earlier) back to a savepoint
and shows the message instead of failing.
"""

from municipality.policy.cases import copying
from plone.app.content.browser import actions
from plone.app.content.browser.contents import copy
from plone.app.content.browser.contents import paste
from plone.base import PloneMessageFactory as PMF
from zExceptions import Forbidden
from ZODB.POSException import ConflictError
import transaction


def _refused(error):
    return isinstance(error, Forbidden) and copying.ICopyRefused.providedBy(error)


class ObjectCopyView(actions.ObjectCopyView):
    def do_action(self):
        message = copying.copy_refusal(self.context)
        if message is not None:
            return self.do_redirect(self.view_url, message, "error")
        return super().do_action()


class ObjectPasteView(actions.ObjectPasteView):
    """``object_paste``: plone.app.content's, with a refused copy rolled back
    and shown as an error (the stock view re-raises it as an error page)."""

    def do_action(self):
        if not self.context.cb_dataValid():
            return super().do_action()
        savepoint = transaction.savepoint(optimistic=True)
        try:
            self.context.manage_pasteObjects(self.request["__cp"])
        except ConflictError:
            raise
        except Forbidden as error:
            if not _refused(error):
                raise
            savepoint.rollback()
            return self.do_redirect(self.canonical_object_url, error.message, "error")
        except Exception:  # noqa: BLE001 - the stock view reports the rest
            savepoint.rollback()
            return super().do_action()
        return self.do_redirect(self.canonical_object_url, PMF("Item(s) pasted."))


class CopyActionView(copy.CopyActionView):
    """``fc-copy``: a record is reported and left out of the clipboard."""

    def action(self, obj):
        message = copying.copy_refusal(obj)
        if message is not None:
            self.errors.append(message)
            return
        super().action(obj)


class PasteActionView(paste.PasteActionView):
    """``fc-paste``: a refused copy is reported, nothing is pasted."""

    def __call__(self):
        savepoint = transaction.savepoint(optimistic=True)
        try:
            return super().__call__()
        except Forbidden as error:
            if not _refused(error):
                raise
            savepoint.rollback()
            self.errors.append(error.message)
            return self.message()
