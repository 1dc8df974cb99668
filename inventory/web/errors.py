"""Errors on the scan page: pages answer with a page, the script's calls with a problem body."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect

from inventory.api.problems import on_http_error
from inventory.web.pages import login_page
from inventory.web.session import WEB_PATH


def on_web_http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if request.url.path.startswith(f"{WEB_PATH}/api/"):
        return on_http_error(request, exc)
    if exc.status_code == 401:  # not logged in, or the session ran out
        return Redirect(f"{WEB_PATH}/login", status_code=303)
    if exc.status_code == 403:  # a form with a stale CSRF token: a fresh page carries a new one
        return Redirect(WEB_PATH, status_code=303)
    if exc.status_code == 429:
        return login_page(request, "too_many", 429)
    return on_http_error(request, exc)
