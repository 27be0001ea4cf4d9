"""Ids of records: random, never taken from a title (a secret title must not
leak into a URL). A TaskClass's id is its code (``classification.namechooser``)."""

import secrets


def new_case_id():
    """``asia-<10 hex digits>``."""
    return "asia-" + secrets.token_hex(5)


def new_document_id():
    """``asiakirja-<10 hex digits>``."""
    return "asiakirja-" + secrets.token_hex(5)


def new_item_id():
    """``asiakohta-<10 hex digits>`` (an agenda item)."""
    return "asiakohta-" + secrets.token_hex(5)


def new_decision_id():
    """``paatos-<10 hex digits>`` (an office-holder decision)."""
    return "paatos-" + secrets.token_hex(5)
