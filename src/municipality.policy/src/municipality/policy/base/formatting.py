"""Labels shown to people: file sizes and what may be shown of a hidden record."""


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
