"""What every page uses: render with the layout, the role's navigation and the CSRF token; word a
problem (the API's problem codes) in the page's language; run a form's write like the API does.

    return render(request, "expiry.html", rows=rows)                  # in a handler
    outcome = await form_write(request, database, clock, action, ReadType)
    if isinstance(outcome, PageProblem):
        return render(request, "form.html", status_code=outcome.status, problem=outcome)
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from litestar import Request, Response
from litestar.datastructures import Cookie, ResponseHeader
from litestar.exceptions import ValidationException
from litestar.response import Template

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.errors import DomainError
from inventory.http.problems import EXCEPTION_HANDLERS
from inventory.http.writes import run_write
from inventory.i18n import LANGUAGES, catalogue, gettext, translator
from inventory.i18n.formatting import clock_time, day, kroner, moment, number, quantity, unit_word
from inventory.web.field_words import field_words
from inventory.web.navigation import navigation_for
from inventory.web.server_words import server_text
from inventory.web.session import language_of
from inventory.web.static import asset_url

# No inline script or style anywhere: a script injected through a batch number or item name cannot run.
PAGE_HEADERS = [
    ResponseHeader(
        name="Content-Security-Policy",
        value="default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'",
    ),
    ResponseHeader(name="Cache-Control", value="no-store"),
    ResponseHeader(name="Referrer-Policy", value="same-origin"),
    ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
]

T = TypeVar("T")
FORM_KEY = "_idempotency_key"  # a form's hidden Idempotency-Key: a form sent twice writes once


def here(request: Request[Any, Any, Any]) -> str:
    """This page's path and query: where the language switch and a login come back to."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def user_of(request: Request[Any, Any, Any]) -> Actor | None:
    user = request.scope.get("user")
    return user if isinstance(user, Actor) else None


def render(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status_code: int = 200,
    cookies: list[Cookie] | None = None,
    actor: Actor | None = None,
    **context: Any,
) -> Template:
    """A page in the one layout (base.html): words, navigation for the role, the current user."""
    language = language_of(request)
    actor = actor or user_of(request)
    t = translator(language)
    values: dict[str, Any] = {
        "t": t,
        "_": t,
        "word": lambda key, fallback: t(key) if key in catalogue(language) else fallback,
        "language": language,
        "other_language": next(other for other in LANGUAGES if other != language),
        "asset": asset_url,
        "actor": actor,
        "nav": navigation_for(request.app, actor),
        "here": here(request),
        "form_key": lambda: uuid.uuid4().hex,
        "FORM_KEY": FORM_KEY,
        **context,
    }
    return Template(template_name=template, context=values, status_code=status_code, cookies=cookies)


# --- problems, worded ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageProblem:
    """An API problem as a page shows it: a headline and an explanation in the page's language."""

    status: int
    code: str
    headline: str
    explained: str | None = None  # "problem.<code>.explained" with the problem's members, when it exists
    detail: str = ""  # the server's own words (English): given to an English page only, never a Danish one
    field: str | None = None
    field_words: str | None = None  # the field as the page names it ("Batch", "Linje 1: batch")
    members: Mapping[str, Any] = dataclasses.field(default_factory=dict)


SERVER_LANGUAGE = "en"  # the language of a problem's `detail`, written by the server for developers
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(value: Any, language: str) -> Any:
    """A member as a sentence shows it: a date (or an ISO day, as problem bodies carry dates) in words,
    also inside a list of choices (an ambiguous batch's candidates)."""
    if isinstance(value, list):
        return [_shown(v, language) for v in value]
    if isinstance(value, dict):
        return {k: _shown(v, language) for k, v in value.items()}
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return day(value, language) if isinstance(value, date) else value


def word_problem(body: Mapping[str, Any], language: str) -> PageProblem:
    """A problem body (type, status, detail, field, extra members) worded by its type: the headline is
    msgid "problem.<code>" (else "problem.default"), the explanation "problem.<code>.explained" if the
    catalogue has it; both take the problem's members as placeholder values ({available}, {batch}).
    The server's English `detail` is kept only for an English page: a Danish page never shows English."""
    code = str(body.get("type", "")).rsplit("/", 1)[-1] or "default"
    members = {k: _shown(v, language) for k, v in body.items() if k not in ("type", "title", "instance")}
    key = f"problem.{code}"
    headline = gettext(language, key, **members)
    if headline == key:
        headline = gettext(language, "problem.default", **members)
    explained = gettext(language, f"{key}.explained", **members)
    return PageProblem(
        status=int(body.get("status", 400)),
        code=code,
        headline=headline,
        explained=None if explained == f"{key}.explained" else explained,
        detail=str(body.get("detail", "")) if language == SERVER_LANGUAGE else "",
        field=str(body["field"]) if body.get("field") else None,
        field_words=field_words(str(body["field"]), language) if body.get("field") else None,
        members=members,
    )


def problem_response(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The API's answer to `exc`, from the one place errors become problems (http/problems.py)."""
    for kind in type(exc).__mro__:
        handler: Any = EXCEPTION_HANDLERS.get(kind)
        if handler is not None:
            response: Response[Any] = handler(request, exc)
            return response
    raise exc


def page_problem(request: Request[Any, Any, Any], exc: Exception) -> PageProblem:
    body = problem_response(request, exc).content
    return word_problem(body if isinstance(body, Mapping) else {}, language_of(request))


async def form_write(
    request: Request[Any, Any, Any],
    database: Database,
    clock: Clock,
    action: Callable[[UnitOfWork], Awaitable[T]],
    read_type: type[T],
) -> T | PageProblem:
    """A form's write, atomic and idempotent like the API's (http/writes.run_write): the result, or the
    refusal as a worded problem for the form to show. The form's hidden FORM_KEY is its Idempotency-Key."""
    form = await request.form()
    key = str(form.get(FORM_KEY, "")).strip() or None
    try:
        return await run_write(request, database, clock, action, read_type, key=key)
    except (DomainError, ValidationException) as exc:
        return page_problem(request, exc)


async def form_case(
    request: Request[Any, Any, Any],
    database: Database,
    clock: Clock,
    read_type: type[T],
    decode: Callable[[Any], Any],
    case: Callable[..., Awaitable[T]],
    *args: Any,
) -> T | PageProblem:
    """A form's write of one of the kit's use cases, like the API's (`run_case`): the form decoded into the
    API's shape (`decode(form)`, refusals worded like the API's) and `case(uow, actor, clock, *args, data)`
    run as `form_write` runs it."""
    form = await request.form()

    async def action(uow: UnitOfWork) -> T:
        return await case(uow, request.user, clock, *args, decode(form))

    return await form_write(request, database, clock, action, read_type)


# --- formatting in templates --------------------------------------------------------------------------


def install_filters(env: Environment) -> None:
    """`{{ batch.expiry_date|day }}`, `|day("short")`, `|moment`, `|clock`, `|number`, `|kroner` (øre)."""

    def language(context: Context) -> str:
        return str(context.get("language", "da"))

    env.filters["day"] = pass_context(lambda c, v, format="medium": day(v, language(c), format))
    env.filters["moment"] = pass_context(lambda c, v, format="short": moment(v, language(c), format))
    env.filters["clock"] = pass_context(lambda c, v: clock_time(v, language(c)))
    env.filters["number"] = pass_context(lambda c, v: number(v, language(c)))
    env.filters["kroner"] = pass_context(lambda c, v: kroner(v, language(c)))
    # `{{ line.quantity|quantity(item.unit_of_issue) }}`: "12 tabletter"; `{{ code|unit_word }}`: "tabletter".
    env.filters["quantity"] = pass_context(lambda c, v, code: quantity(v, code, language(c)))
    env.filters["server_text"] = pass_context(lambda c, v: server_text(v, language(c)))  # web/server_words
    env.filters["unit_word"] = pass_context(lambda c, v, count=None: unit_word(v, language(c), count))
