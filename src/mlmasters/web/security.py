"""CSRF protection for HTML form posts: a double-submit token (cookie + hidden field).

JSON API calls are not form posts and need no token (browsers cannot send a cross-site
JSON body without a CORS preflight, which this app never allows).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from mlmasters.errors import MlmastersError

COOKIE = "mlm_csrf"


class CsrfError(MlmastersError):
    code = "csrf_failed"
    http_status = 403


def csrf_token(request: Request) -> str:
    """The request's token (from its cookie, or a new one remembered for the response)."""
    token = request.cookies.get(COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return token


def set_csrf_cookie(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(COOKIE, new, httponly=True, samesite="strict", path="/")


def check_csrf(request: Request, form_token: object) -> None:
    cookie = request.cookies.get(COOKIE, "")
    if not cookie or not isinstance(form_token, str) or not hmac.compare_digest(cookie, form_token):
        raise CsrfError(
            "the form's security token is missing or stale",
            hint="reload the page and submit the form again",
        )
