"""Errors in the web app: a page answers with a page, a script's call (…/api/…) with a problem body."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect
from litestar.types import Receive, Scope, Send

from inventory.i18n import N_
from inventory.web.front import login_page
from inventory.web.page import PAGE_HEADERS, page_problem, problem_response, render
from inventory.web.session import actor_outside_the_pages, local_path

Handler = Callable[[Request[Any, Any, Any], Any], Response[Any]]
_JSON = ("application/json", "application/problem+json")


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
    if not for_people(request):  # a download link fetched by a program
        return problem_response(request, exc)
    problem = page_problem(request, exc)
    return render(request, "error.html", status_code=problem.status, problem=problem)


# --- errors no page handled: an address no route answers, a method it does not take ------------------------


def for_people(request: Request[Any, Any, Any]) -> bool:
    """A person's browser, not a program: outside /api and /schema, asking for HTML (a browser always
    does; a program asking for JSON, or for nothing in particular, gets the problem)."""
    path = request.url.path
    if path == "/api" or path.startswith(("/api/", "/schema")):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not accept.startswith(_JSON)


class _ErrorPage(Response[bytes]):
    """The worded error page (error.html in the layout); the session is read when the page is sent, since
    no page's middleware ran: the navigation is the user's when logged in."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(b"")
        self.exc = exc

    def to_asgi_response(self, app: Any, request: Request[Any, Any, Any], **_: Any) -> Any:
        exc = self.exc

        async def send_page(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                actor = await actor_outside_the_pages(request)
            except Exception:  # noqa: BLE001 - the database may be why we are here: the page without a menu
                actor = None
            problem = page_problem(request, exc)
            headers = {h.name: str(h.value) for h in PAGE_HEADERS}
            if isinstance(exc, HTTPException) and exc.headers:
                headers.update(exc.headers)  # a 405's Allow
            page = render(request, "error.html", status_code=problem.status, actor=actor, problem=problem)
            page.headers.update(headers)
            await page.to_asgi_response(None, request)(scope, receive, send)

        return send_page


def people_pages(handlers: Mapping[Any, Handler]) -> dict[Any, Handler]:
    """The app's error handlers (http/problems.py), answering a person with a worded page instead of JSON:
    an unknown address (404), a method the address does not take (405), an error outside the pages (500)."""

    def wrap(handler: Handler) -> Handler:
        def answer(request: Request[Any, Any, Any], exc: Any) -> Response[Any]:
            if for_people(request):
                return _ErrorPage(exc)
            return handler(request, exc)

        return answer

    return {kind: wrap(handler) for kind, handler in handlers.items()}
