"""Errors in the web app: a page answers with a page, a script's call (…/api/…) with a problem body."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect

from inventory.i18n import N_
from inventory.web.front import login_page
from inventory.web.page import page_problem, problem_response, render
from inventory.web.session import local_path


def for_script(request: Request[Any, Any, Any]) -> bool:
    """A page's script (its calls live under …/api/) or any client that did not ask for HTML."""
    return "/api/" in request.url.path


def on_web_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Every error of the web app: the API's problem for scripts, a worded page (or a redirect) for people."""
    if for_script(request):
        return problem_response(request, exc)
    status = exc.status_code if isinstance(exc, HTTPException) else None
    if status == 401:  # not logged in, or the session ran out: log in, then come back here
        target = request.url.path if request.method == "GET" else "/"
        return Redirect(f"/login?next={quote(local_path(target), safe='/')}", status_code=303)
    if status == 403:  # a form with a stale CSRF token: a fresh page carries a new one
        return Redirect("/", status_code=303)
    if status == 429:
        return login_page(request, N_("app.too_many"), 429)
    if "text/html" not in request.headers.get("accept", ""):  # a download link fetched by a program
        return problem_response(request, exc)
    problem = page_problem(request, exc)
    return render(request, "error.html", status_code=problem.status, problem=problem)
