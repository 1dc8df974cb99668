"""RFC 9457 problem details: the one place where errors become HTTP answers."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from inventory.domain.errors import DomainError, NotFound, UnknownReference

log = logging.getLogger("inventory.api")
PROBLEM_JSON = "application/problem+json"
_AT_PATH = re.compile(r"`\$\.?([^`]*)`")
_PARAMETER = re.compile(r"parameter '([^']+)'")


def problem_document(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, object] | None = None,
) -> dict[str, object]:
    """The body of every error answer (RFC 9457), also for answers given before routing (http/edge.py)."""
    body: dict[str, object] = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if errors:
        body["errors"] = errors
        body["field"] = errors[0]["field"]
    if extra:
        body.update(extra)
    return body


def problem(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, object]]:
    body = problem_document(
        status=status,
        code=code,
        title=title,
        detail=detail,
        instance=request.url.path,
        errors=errors,
        extra=extra,
    )
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def on_domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, object]]:
    errors = [{"field": exc.field, "reason": exc.detail}] if exc.field else None
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if exc.status == 429 and "retry_after" in exc.extra:
        headers = {"Retry-After": str(exc.extra["retry_after"])}
    status, code, title = exc.status, exc.code, exc.title
    # An unknown id in the body or the query is invalid input (422); one in the URL is a missing resource.
    if isinstance(exc, UnknownReference) and exc.field in request.path_params:
        status, code, title = NotFound.status, NotFound.code, NotFound.title
    elif isinstance(exc, NotFound) and not request.path_params:  # no id in the URL: nothing can be missing
        status, code, title = UnknownReference.status, UnknownReference.code, UnknownReference.title
    return problem(
        request,
        status=status,
        code=code,
        title=title,
        detail=exc.detail,
        errors=errors,
        extra=exc.extra,
        headers=headers,
    )


def _field_of(message: dict[str, Any]) -> str:
    key = message.get("key")
    if key:
        return str(key)
    text = str(message.get("message", ""))
    found = _AT_PATH.search(text) or _PARAMETER.search(text)
    return found.group(1) if found and found.group(1) else "body"


def _public_name(request: Request[Any, Any, Any], field: str) -> str:
    """`since` -> `from`: a handler parameter with a query alias is named as the client writes it."""
    try:
        parameter = request.route_handler.parsed_fn_signature.parameters.get(field)
    except Exception:  # noqa: BLE001 - naming is best effort; the error itself must still be answered
        return field
    kwarg = getattr(parameter, "kwarg_definition", None)
    alias = getattr(kwarg, "query", None) or getattr(kwarg, "name", None)
    return str(alias) if alias else field


def on_validation_error(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, object]]:
    messages = exc.extra if isinstance(exc.extra, list) else []
    errors = [
        {"field": _public_name(request, _field_of(m)), "reason": str(m.get("message", exc.detail))}
        for m in messages
        if isinstance(m, dict)
    ]
    if not errors:
        errors = [{"field": _field_of({"message": exc.detail}), "reason": exc.detail}]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem(
        request, status=400, code="invalid-request", title="Invalid request", detail=detail, errors=errors
    )


def on_http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, object]]:
    status = exc.status_code
    code = {
        401: "not-authenticated",
        403: "forbidden",
        404: "not-found",
        405: "method-not-allowed",
        413: "body-too-large",
        429: "too-many-requests",
    }.get(status, f"http-{status}")
    headers = dict(exc.headers or {})
    if isinstance(exc, NotAuthorizedException):
        headers.setdefault("WWW-Authenticate", "Bearer")
    title = exc.__class__.__name__.removesuffix("Exception") or "Error"
    return problem(request, status=status, code=code, title=title, detail=exc.detail, headers=headers)


def on_integrity_error(request: Request[Any, Any, Any], exc: IntegrityError) -> Response[dict[str, object]]:
    # Rules are checked before writing; this is the database's backstop (e.g. a lost race).
    log.warning("integrity error on %s: %s", request.url.path, exc.orig)
    return problem(
        request,
        status=409,
        code="conflict",
        title="Conflict",
        detail="the change conflicts with the current state of the stock; nothing was written",
    )


def on_operational_error(
    request: Request[Any, Any, Any], exc: OperationalError
) -> Response[dict[str, object]]:
    log.error("database unavailable on %s: %s", request.url.path, exc.orig)
    return problem(
        request,
        status=503,
        code="database-unavailable",
        title="Database unavailable",
        detail="the database did not answer; nothing was written, try again",
    )


def _out_of_range(exc: BaseException) -> bool:
    """A number too large for the database column: an OverflowError from the driver, however wrapped."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, OverflowError):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return False


def on_database_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, object]]:
    """A value the database refused before anything was written: a number beyond its range is the client's."""
    if _out_of_range(exc):
        return problem(
            request,
            status=400,
            code="invalid-request",
            title="Invalid request",
            detail="a number in the request is out of range; nothing was written",
        )
    return on_unexpected_error(request, exc)


def on_unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, object]]:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal-error",
        title="Internal error",
        detail="something went wrong on our side; nothing was written",
    )


EXCEPTION_HANDLERS = {
    DomainError: on_domain_error,
    ValidationException: on_validation_error,
    HTTPException: on_http_error,
    IntegrityError: on_integrity_error,
    OperationalError: on_operational_error,
    DBAPIError: on_database_error,
    OverflowError: on_database_error,
    Exception: on_unexpected_error,
}

__all__ = ["EXCEPTION_HANDLERS", "PROBLEM_JSON", "problem", "problem_document"]
