"""Classic UI delete actions that show a refused record removal as an error.

``@@delete_confirmation`` offers no Delete button for a final record and says
why; both it and the folder contents' delete roll back a refused removal
(``cases.removal``) to a savepoint and show the message instead of failing.
"""

from municipality.policy.cases import removal
from plone.app.content.browser import actions
from plone.app.content.browser.contents import delete
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from zExceptions import Forbidden
import transaction


def _refused(error):
    return isinstance(error, Forbidden) and removal.IRemovalRefused.providedBy(error)


class DeleteConfirmationForm(actions.DeleteConfirmationForm):
    handlers = actions.DeleteConfirmationForm.handlers.copy()

    def update(self):
        self.refused = removal.refusal(self.context)
        if self.refused is not None:
            self.buttons = self.buttons.omit("Delete")
            IStatusMessage(self.request).add(self.refused, "error")
        super().update()

    @button.handler(actions.DeleteConfirmationForm.buttons["Delete"])
    def handle_delete(self, action):
        savepoint = transaction.savepoint(optimistic=True)
        try:
            actions.DeleteConfirmationForm.handle_delete.func(self, action)
        except Forbidden as error:
            if not _refused(error):
                raise
            savepoint.rollback()
            IStatusMessage(self.request).add(error.message, "error")
            self.request.response.redirect(self.context.absolute_url())


class DeleteActionView(delete.DeleteActionView):
    """``fc-delete``: a refused item is reported, the others are deleted."""

    def action(self, obj):
        savepoint = transaction.savepoint(optimistic=True)
        try:
            super().action(obj)
        except Forbidden as error:
            if not _refused(error):
                raise
            savepoint.rollback()
            self.errors.append(error.message)
