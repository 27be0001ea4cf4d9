"""Labels shown to people: file sizes, user names and what may be shown of a
hidden record."""

from plone import api


def format_size(size):
    """``512 B``, ``1.5 kB``, ``2.0 MB``, ... (binary steps)."""
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024.0
    return ""


def public_label(item):
    """What may be shown of a record (object or catalog brain) the visitor may
    not see: its public title, else its diary number, else its id."""
    identifier = getattr(item, "getId", None)
    if callable(identifier):
        identifier = identifier()
    return (
        getattr(item, "public_title", None)
        or getattr(item, "diary_number", None)
        or identifier
    )


def user_title(user_id):
    """The user's full name, or the id when the user does not exist."""
    if not user_id:
        return ""
    user = api.user.get(userid=user_id)
    return (user and user.getProperty("fullname")) or user_id
