"""Exact HTTP status codes, and strict xfails that are about the code only.

The right code: anonymous on a protected REST resource 401; an authenticated
user without the permission 403 (REST); a missing resource 404; a method the
resource does not support 405. A Classic UI page challenges instead: anonymous
and authenticated users alike get 302 to ``require_login`` (which sends the one
to the login form, the other to "insufficient privileges").

Where the product answers another code, ``status_is`` raises ``WrongStatus``
and the test carries ``pytest.mark.xfail(strict=True, raises=WrongStatus,
reason=...)``: any other failure of the test still fails it.
"""


class WrongStatus(AssertionError):
    """The status code differs from the right one (the only failure a
    status-code xfail expects)."""


def status_is(response, code):
    if response.status_code != code:
        raise WrongStatus(f"{response.status_code} instead of {code}: {response.url}")


def is_login_challenge(response):
    """A Classic UI page refused: 302 to the login challenge."""
    assert response.status_code == 302, (response.status_code, response.url)
    assert "/require_login" in response.headers["Location"]


REST_FORBIDDEN = (
    "an authenticated user without the permission should get 403 Forbidden; "
    "plone.rest answers every Unauthorized with 401, as for anonymous"
)
METHOD_NOT_ALLOWED = (
    "a method the endpoint does not support should get 405 Method Not Allowed; "
    "plone.rest answers 404 when no service is registered for the method"
)
