"""Abuse limits of the e-services: a per-IP rate limit (in memory, per
process: ``LIMIT`` submissions per ``WINDOW`` seconds), the body size limit
and the honeypot field.

The limiter is a module-level dict of timestamps guarded by a lock; behind
a proxy the client address is what Zope's ``getClientAddr`` trusts
(``trusted-proxy`` in zope.conf).

Caveat: the count is PER PROCESS. With N Zope processes (or threads in N
containers) behind a load balancer one address may make up to N x ``LIMIT``
submissions a window, and a restart forgets the counts. Where that matters,
limit at the front proxy too (e.g. nginx ``limit_req`` on ``@submissions``
and ``@@asiointi``) or make the balancer sticky by client address.

Body size: a request without attachments may be at most ``MAX_BODY``; one
with attachments (a JSON body with base64 files, or a multipart form) at most
``MAX_BODY_ATTACHMENTS``: the attachments' total in base64 (4/3) plus the
form and some room per file.
"""

from municipality.policy.eservices import settings
import threading
import time


#: submissions one address may make per window
LIMIT = 10
#: the window in seconds
WINDOW = 600
#: the largest request body accepted without attachments (bytes)
MAX_BODY = 64 * 1024
#: the largest request body with attachments: base64 is 4 bytes per 3, and
#: some room for each file's JSON or multipart headers
MAX_BODY_ATTACHMENTS = (
    MAX_BODY
    + (settings.ATTACHMENT_MAX_TOTAL + 2) // 3 * 4
    + settings.ATTACHMENT_MAX_COUNT * 4096
)
#: the honeypot: a field people never see nor fill (hidden from screen
#: readers); a bot that fills it is told "201" and nothing is written
HONEYPOT = "website"

HITS = {}
_LOCK = threading.Lock()


def hit(address, now=None):
    """Count a submission from ``address``; 0 if allowed, else the seconds
    to wait (``Retry-After``)."""
    now = time.monotonic() if now is None else now
    with _LOCK:
        recent = [stamp for stamp in HITS.get(address, ()) if stamp > now - WINDOW]
        if len(recent) >= LIMIT:
            HITS[address] = recent
            return max(1, int(recent[0] + WINDOW - now) + 1)
        recent.append(now)
        HITS[address] = recent
        # forget addresses that went quiet, so the dict stays small
        if len(HITS) > 10000:
            for key in [k for k, v in HITS.items() if not v or v[-1] <= now - WINDOW]:
                del HITS[key]
        return 0


def reset():
    with _LOCK:
        HITS.clear()
